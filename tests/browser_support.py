"""A real server on loopback and Debian's Chromium driven by Playwright.

The fixtures are declared once, in the root conftest, for every folder of browser tests:
one Playwright driver per test process (a second one in the same process refuses to
start: "Sync API inside the asyncio loop").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    app: Flask
    url: str


@pytest.fixture
def live_server(tmp_path, database_url) -> Iterator[LiveServer]:
    # A web process as deployed: a report's PDF is printed by its thread after publication.
    app = make_app(
        database_url,
        tmp_path / "instance",
        TESTING=False,
        PALABRE_BASE_URL="http://127.0.0.1",
        PALABRE_REPORT_PDF_IN_BACKGROUND=True,
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # E-mails link to this server, as a deployment's to its public address.
    app.config["PALABRE_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def reload_until_shown(page, locator, seconds: float = 120) -> None:
    """Reload ``page`` until ``locator`` is on it, for what the server does after the
    request (a report's PDF is printed by its thread); fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not locator.count():
        assert time.monotonic() < deadline, f"{locator} was not shown within {seconds} s"
        page.wait_for_timeout(500)
        page.reload()
