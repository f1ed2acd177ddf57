"""What both search backends offer, and the filters and visibility they apply."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Protocol

from markupsafe import Markup

from forum.search.documents import SearchDocument
from forum.search.query import ParsedQuery


class Order(enum.StrEnum):
    """Relevance is a property of the text (BM25 / ts_rank), never of popularity."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


@dataclass(frozen=True)
class Visibility:
    """What a viewer may find: published contributions of public debates, plus pending
    and masked ones in the debates where they are staff (or everywhere, for an admin)."""

    everything: bool = False
    staff_debate_ids: frozenset[int] = frozenset()
    hidden_debate_ids: frozenset[int] = frozenset()  # drafts the viewer may not see

    @property
    def key(self) -> tuple:
        return (
            self.everything,
            tuple(sorted(self.staff_debate_ids)),
            tuple(sorted(self.hidden_debate_ids)),
        )


@dataclass(frozen=True)
class Filters:
    debate_id: int | None = None
    theme_id: int | None = None
    kind: str | None = None
    channel: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None  # staff only (checked by the service)
    tag_id: int | None = None  # staff only
    exclude_root_id: int | None = None  # "similar": not the contribution's own thread

    @property
    def created_range(self) -> tuple[datetime | None, datetime | None]:
        start = datetime.combine(self.date_from, time.min) if self.date_from else None
        end = datetime.combine(self.date_to, time.max) if self.date_to else None
        return start, end


def epoch_seconds(moment: datetime) -> int:
    """Naive UTC datetime (as stored) to seconds since 1970."""
    return int(moment.replace(tzinfo=UTC).timestamp())


@dataclass
class HitPage:
    ids: list[int] = field(default_factory=list)
    has_next: bool = False


Excerpt = tuple[Markup, Markup]  # title, body
Progress = Callable[[int], None]


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last one shorter), for rebuilds."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Backend(Protocol):
    name: str
    # A rebuild of at least this many contributions (its ``total``) uses every core.
    parallel_from: int

    def exists(self) -> bool: ...

    def writer_lock(self) -> AbstractContextManager[bool]: ...

    def apply(self, upserts: list[SearchDocument], deletes: list[int]) -> None: ...

    def rebuild(
        self, documents: Iterable[SearchDocument], total: int, progress: Progress
    ) -> None: ...

    def fingerprints(self) -> Iterator[tuple[int, str]]: ...

    def search(
        self,
        parsed: ParsedQuery,
        filters: Filters,
        visibility: Visibility,
        order: Order,
        offset: int,
        limit: int,
    ) -> HitPage: ...

    def match_any(
        self, terms: list[str], filters: Filters, visibility: Visibility, limit: int
    ) -> list[int]: ...

    def doc_frequencies(self, terms: Iterable[str]) -> dict[str, int]: ...

    def doc_count(self) -> int: ...

    def suggest_term(self, word: str, term: str) -> str | None: ...

    def excerpts(
        self, parsed: ParsedQuery, texts: dict[int, tuple[str, str]]
    ) -> dict[int, Excerpt]: ...
