"""Fixtures and helpers for the search tests: both backends, and catching up the index.

Import ``app_config`` into a test module to run each of its tests on every search backend
available: Whoosh always, PostgreSQL's when the suite runs on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from demo import corpus
from forum.search import writer
from forum.search.documents import SearchDocument
from tests.conftest import DB_BACKEND

SEARCH_BACKENDS = ["whoosh"] + (["postgres"] if DB_BACKEND == "postgres" else [])


@pytest.fixture(params=SEARCH_BACKENDS)
def app_config(request) -> dict:
    return {"PALABRE_SEARCH": request.param}


def catch_up() -> int:
    """Apply every waiting index task, as the writer does after a request."""
    return writer.apply_pending()


def corpus_documents(
    size: int, seed: int, vary: Callable[[int, corpus.SyntheticContribution], dict]
) -> list[SearchDocument]:
    """Synthetic French contributions (``demo.corpus``) as search documents numbered from
    1, published in debate 1 under their theme; ``vary(number, item)`` gives the facts
    that differ (debate, thread, status, tags, text…)."""
    now = datetime(2026, 11, 1, 12, 0)
    out = []
    for number, item in enumerate(corpus.contributions(size, seed=seed), start=1):
        facts = {
            "id": number,
            "debate_id": 1,
            "root_id": number,
            "status": "published",
            "kind": str(item.kind.value),
            "channel": str(item.channel.value),
            "created_at": now - timedelta(minutes=item.minutes_ago),
            "title": item.title or "",
            "plain_body": item.body,
            "theme_ids": [1 + item.theme],
        }
        facts.update(vary(number, item))
        out.append(SearchDocument(**facts))
    return out
