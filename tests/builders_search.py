"""Fixtures and helpers for the search tests: both backends, and catching up the index.

Import ``app_config`` into a test module to run each of its tests on every search backend
available: Whoosh always, PostgreSQL's when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import pytest

from forum.search import writer
from tests.conftest import DB_BACKEND

SEARCH_BACKENDS = ["whoosh"] + (["postgres"] if DB_BACKEND == "postgres" else [])


@pytest.fixture(params=SEARCH_BACKENDS)
def app_config(request) -> dict:
    return {"PALABRE_SEARCH": request.param}


def catch_up() -> int:
    """Apply every waiting index task, as the writer does after a request."""
    return writer.apply_pending()
