"""One pagination helper for every list of contributions: keyset, never OFFSET.

A page is found from the position of the last (or first) item of the page before, so page
1,000 costs what page 1 costs. Three orders exist and no other (PRODUCT.md section 1):
oldest first, newest first, and a shuffled order, stable for one visitor while paging
because its seed travels in the page links.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Select, and_, cast, or_
from sqlalchemy.sql.elements import ColumnElement

from forum.ids import MAX_ID
from forum.models import Contribution

ORDERS = ("oldest", "newest", "shuffled")
DEFAULT_ORDER = "oldest"

# A multiplicative hash of the id and the seed, modulo a prime below 2**31, then squared
# twice: integer arithmetic that SQLite and PostgreSQL compute alike (for ids below 2**31
# every product stays below 2**63), so the shuffle is the same on both. Without the
# squaring, a seed only shifted every key by the same amount: all seeds gave rotations of
# one single order.
_SHUFFLE_MULTIPLIER = 2654435761
_SHUFFLE_MODULUS = 2147483647
_SEPARATOR = "~"


@dataclass(frozen=True)
class Ordering:
    name: str = DEFAULT_ORDER
    seed: int = 0

    @classmethod
    def from_args(cls, order: str | None, seed: str | None) -> Ordering:
        """Read ``?order=…&seed=…`` leniently: anything unknown falls back to a default."""
        name = order if order in ORDERS else DEFAULT_ORDER
        if name != "shuffled":
            return cls(name)
        try:
            value = int(seed or "")
        except ValueError:
            value = -1
        if not 0 <= value < _SHUFFLE_MODULUS:
            value = secrets.randbelow(_SHUFFLE_MODULUS)
        return cls(name, value)

    @property
    def descending(self) -> bool:
        return self.name == "newest"

    def _shuffle(self, ident: Any) -> Any:
        """The shuffle key of an id: a Python int, or a SQL expression of a column."""
        mixed = (ident * _SHUFFLE_MULTIPLIER + self.seed) % _SHUFFLE_MODULUS
        for _round in range(2):
            mixed = (mixed * mixed + self.seed) % _SHUFFLE_MODULUS
        return mixed

    def sort_key(self) -> ColumnElement[Any]:
        if self.name == "shuffled":
            # 64-bit arithmetic: PostgreSQL would compute (and overflow) in 32 bits.
            return self._shuffle(cast(Contribution.id, BigInteger))
        return Contribution.created_at

    def key_of(self, item: Contribution) -> Any:
        if self.name == "shuffled":
            return self._shuffle(item.id)
        return item.created_at

    def url_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"order": self.name}
        if self.name == "shuffled":
            args["seed"] = self.seed
        return args


@dataclass(frozen=True)
class Page:
    items: list[Contribution]
    next_cursor: str | None
    prev_cursor: str | None


def encode_cursor(ordering: Ordering, item: Contribution) -> str:
    key = ordering.key_of(item)
    value = key.isoformat() if isinstance(key, datetime) else str(key)
    return f"{value}{_SEPARATOR}{item.id}"


def decode_cursor(ordering: Ordering, cursor: str | None) -> tuple[Any, int] | None:
    """The (key, id) in a cursor, or None for a missing or malformed one."""
    if not cursor or _SEPARATOR not in cursor:
        return None
    value, _, ident = cursor.rpartition(_SEPARATOR)
    try:
        key: Any = int(value) if ordering.name == "shuffled" else datetime.fromisoformat(value)
        position = key, int(ident)
    except ValueError:
        return None
    # Numbers our links never carry, and the database would refuse to compare.
    if not 0 <= position[1] <= MAX_ID or (
        isinstance(key, int) and not 0 <= key < _SHUFFLE_MODULUS
    ):
        return None
    return position


def _beyond(key: ColumnElement[Any], position: tuple[Any, int], forward: bool):
    value, ident = position
    # The first, redundant bound is what lets the database seek in the (…, key, id) index
    # instead of reading every row before the cursor: without it, page 1,000 costs a
    # thousand pages.
    if forward:
        return and_(key >= value, or_(key > value, Contribution.id > ident))
    return and_(key <= value, or_(key < value, Contribution.id < ident))


def paginate(
    query: Select[tuple[Contribution]],
    ordering: Ordering,
    *,
    session,
    after: str | None = None,
    before: str | None = None,
    per_page: int = 20,
) -> Page:
    """One page of ``query`` (a select of Contribution) in ``ordering``.

    ``after`` continues past the cursor of a previous page's last item; ``before`` goes
    back from the cursor of a page's first item.
    """
    key = ordering.sort_key()
    going_back = before is not None and after is None
    position = decode_cursor(ordering, before if going_back else after)
    # In "newest first" the list walks the keys downwards.
    upwards = not ordering.descending
    if going_back:
        upwards = not upwards
    if position is not None:
        query = query.where(_beyond(key, position, forward=upwards))
    if upwards:
        query = query.order_by(key.asc(), Contribution.id.asc())
    else:
        query = query.order_by(key.desc(), Contribution.id.desc())
    rows = list(session.scalars(query.limit(per_page + 1)).unique())
    more = len(rows) > per_page
    rows = rows[:per_page]
    if going_back:
        rows.reverse()
        next_cursor = encode_cursor(ordering, rows[-1]) if rows else None
        prev_cursor = encode_cursor(ordering, rows[0]) if rows and more else None
    else:
        next_cursor = encode_cursor(ordering, rows[-1]) if rows and more else None
        prev_cursor = encode_cursor(ordering, rows[0]) if rows and position else None
    return Page(rows, next_cursor, prev_cursor)
