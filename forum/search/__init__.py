"""Full-text search of contributions and the theme index.

The database is the source of truth; the index is a cache that can always be rebuilt.
Every write that changes what is searchable calls ``enqueue`` inside its own transaction,
so the task commits (or rolls back) with the change; the single index writer
(``forum.search.writer``) applies the tasks afterwards.

The backend is chosen by ``PALABRE_SEARCH``: ``whoosh`` (the default, an index under
``PALABRE_INDEX_PATH``) or ``postgres`` (tsvector and GIN in the database itself). Only
this package imports Whoosh.
"""

from __future__ import annotations

from flask import Flask, has_app_context

from forum.extensions import db
from forum.models import IndexAction, IndexTask
from forum.search.documents import ENRICHERS, Enricher

# Callables giving the tags staff may filter on: ``fn(debate_ids) -> [(tag id, name)]``.
TAG_VOCABULARIES: list = []

BACKENDS = ("whoosh", "postgres")
# Tables the PostgreSQL backend keeps beside the models (created by migration 0003 on
# PostgreSQL only; a schema comparison with the models leaves them out).
POSTGRES_ONLY_TABLES = ("search_documents", "search_words")


def enqueue(contribution_id: int, action: IndexAction = IndexAction.UPSERT) -> None:
    """Record that the index must catch up with this contribution (no commit here)."""
    db.session.add(IndexTask(contribution_id=contribution_id, action=action))
    if has_app_context():
        from forum.search.writer import mark_dirty

        mark_dirty()


def register_enricher(enricher: Enricher) -> None:
    """Let another package add facts it owns to indexed documents.

    ``enricher(contribution_ids)`` returns ``{id: {"tags": [tag ids]}}`` for the ids it
    knows; the tags become the staff's tag filter. Register it once, at import time of
    the registering package (registering the same function twice is harmless).
    """
    if enricher not in ENRICHERS:
        ENRICHERS.append(enricher)


def register_tag_vocabulary(vocabulary) -> None:
    """Let the package that owns tags offer them in the staff's tag filter of the search
    page: ``vocabulary(debate_ids) -> [(tag id, tag name)]`` for those debates."""
    if vocabulary not in TAG_VOCABULARIES:
        TAG_VOCABULARIES.append(vocabulary)


def init_app(app: Flask) -> None:
    """Choose the backend from the configuration; refuse a configuration that cannot work."""
    choice = str(app.config.get("PALABRE_SEARCH") or "whoosh").strip().lower()
    if choice not in BACKENDS:
        raise RuntimeError(f"PALABRE_SEARCH must be 'whoosh' or 'postgres', not {choice!r}")
    if choice == "postgres":
        url = str(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
        if not url.startswith("postgresql"):
            raise RuntimeError(
                "PALABRE_SEARCH=postgres needs a PostgreSQL database "
                "(set PALABRE_DATABASE_URL=postgresql+psycopg://…), or use PALABRE_SEARCH=whoosh"
            )
        from forum.search.postgres_backend import PostgresBackend

        backend = PostgresBackend()
    else:
        from forum.search.whoosh_backend import WhooshBackend

        backend = WhooshBackend(app.config["PALABRE_INDEX_PATH"])
    app.extensions["palabre_search"] = backend

    from forum.search.writer import after_request

    app.after_request(after_request)


def register_commands(app: Flask) -> None:
    from forum.search.cli import reindex_command, search_worker_command

    app.cli.add_command(reindex_command)
    app.cli.add_command(search_worker_command)
