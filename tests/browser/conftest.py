"""The browser fixtures live in tests/browser_support.py, shared through the root conftest."""
