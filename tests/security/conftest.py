"""The browser fixtures of tests/browser, for the security tests that read pages in Chromium."""

from tests.browser.conftest import browser, live_server, page  # noqa: F401
