"""What the index holds for one contribution, read from the database in bulk.

A ``SearchDocument`` is built from the database only — the source of truth — and carries a
fingerprint of everything searchable about the contribution, so that ``check_and_repair``
can tell a stale index entry from a current one without comparing texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from forum.extensions import db
from forum.models import Contribution, contribution_themes
from forum.sanitize import html_to_text

BATCH = 2000

# Callables that add facts owned by other packages (tags, from moderation) to documents:
# ``fn(contribution_ids) -> {id: {"tags": [tag ids]}}``. See ``register_enricher``.
Enricher = Callable[[Sequence[int]], dict[int, dict[str, list[int]]]]
ENRICHERS: list[Enricher] = []


@dataclass
class SearchDocument:
    id: int
    debate_id: int
    root_id: int
    status: str
    kind: str
    channel: str
    created_at: datetime
    title: str
    body_html: str = ""
    theme_ids: list[int] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    # The body as plain text: given, or computed from ``body_html`` on first use — in the
    # process that analyses the document (a rebuild's helper processes, not the reader).
    plain_body: str | None = None

    @property
    def body(self) -> str:
        if self.plain_body is None:
            self.plain_body = html_to_text(self.body_html)
        return self.plain_body

    @property
    def text(self) -> str:
        """What is analysed: the title, then the body."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def fingerprint(self) -> str:
        facts = (
            self.debate_id,
            self.root_id,
            self.status,
            self.kind,
            self.channel,
            self.created_at.isoformat(timespec="seconds"),
            sorted(self.theme_ids),
            sorted(self.tag_ids),
            self.title,
            self.body,
        )
        return hashlib.blake2b(repr(facts).encode(), digest_size=10).hexdigest()


def _columns():
    return select(
        Contribution.id,
        Contribution.debate_id,
        Contribution.root_id,
        Contribution.status,
        Contribution.kind,
        Contribution.channel,
        Contribution.created_at,
        Contribution.title,
        Contribution.body_html,
    )


def _complete(rows: Sequence) -> list[SearchDocument]:
    ids = [row.id for row in rows]
    themes: dict[int, list[int]] = {}
    if ids:
        pairs = db.session.execute(
            select(contribution_themes.c.contribution_id, contribution_themes.c.theme_id).where(
                contribution_themes.c.contribution_id.in_(ids)
            )
        )
        for contribution_id, theme_id in pairs:
            themes.setdefault(contribution_id, []).append(theme_id)
    extra: dict[int, dict[str, list[int]]] = {}
    for enricher in ENRICHERS:
        for contribution_id, facts in (enricher(ids) or {}).items():
            extra.setdefault(contribution_id, {}).update(facts)
    return [
        SearchDocument(
            id=row.id,
            debate_id=row.debate_id,
            root_id=row.root_id or row.id,
            status=str(row.status.value),
            kind=str(row.kind.value),
            channel=str(row.channel.value),
            created_at=row.created_at,
            title=row.title or "",
            body_html=row.body_html or "",
            theme_ids=sorted(themes.get(row.id, [])),
            tag_ids=sorted(extra.get(row.id, {}).get("tags", [])),
        )
        for row in rows
    ]


def documents_for(ids: Iterable[int]) -> dict[int, SearchDocument]:
    """The documents of these contributions as they are now (absent: no such row)."""
    wanted = sorted(set(ids))
    found: dict[int, SearchDocument] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        rows = db.session.execute(_columns().where(Contribution.id.in_(chunk))).all()
        for document in _complete(rows):
            found[document.id] = document
    return found


def all_documents(batch: int = BATCH) -> Iterator[SearchDocument]:
    """Every contribution's document, in id order, read in batches by keyset."""
    last = 0
    while True:
        rows = db.session.execute(
            _columns().where(Contribution.id > last).order_by(Contribution.id).limit(batch)
        ).all()
        if not rows:
            return
        yield from _complete(rows)
        last = rows[-1].id


def count_contributions() -> int:
    return db.session.scalar(select(db.func.count()).select_from(Contribution)) or 0
