"""The moderation queue: what needs a moderator in one debate.

Three needs: contributions awaiting publication (a priori debates), contributions reported
by participants, and new contributions nobody has classified yet (no tag). Staff may see
the size of each (a workload figure, never shown to the public).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, exists, func
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Channel, Contribution, Debate, Kind, Status, contribution_themes
from moderation.models import ContributionTag, Flag

QUEUE_PAGE_SIZE = 50
QUEUE_COUNT_CAP = 1000
NEEDS = ("all_needs", "pending", "flagged", "unclassified", "everything")


@dataclass(frozen=True)
class QueueFilter:
    need: str = "all_needs"
    theme_id: int | None = None
    kind: Kind | None = None
    channel: Channel | None = None
    status: Status | None = None
    tag_id: int | None = None


def _open_flag():
    return exists().where(Flag.contribution_id == Contribution.id, Flag.handled_at.is_(None))


def _unclassified():
    return and_(
        Contribution.status == Status.PUBLISHED,
        ~exists().where(ContributionTag.contribution_id == Contribution.id),
    )


def _need_clause(need: str):
    if need == "pending":
        return Contribution.status == Status.PENDING
    if need == "flagged":
        return _open_flag()
    if need == "unclassified":
        return _unclassified()
    if need == "everything":
        return None
    return (Contribution.status == Status.PENDING) | _open_flag() | _unclassified()


def queue_sizes(debate: Debate, cap: int = QUEUE_COUNT_CAP) -> dict[str, int]:
    """How many contributions wait for each need (staff workload figures), counted up to
    ``cap + 1``: past ``cap`` the page says "more than". Counting every unclassified
    contribution of a national debate would read them all at each visit of the queue."""
    sizes = {}
    for need in ("pending", "flagged", "unclassified"):
        waiting = (
            db.select(Contribution.id)
            .where(Contribution.debate_id == debate.id, _need_clause(need))
            .limit(cap + 1)
            .subquery()
        )
        sizes[need] = db.session.scalar(db.select(func.count()).select_from(waiting))
    return sizes


@dataclass
class QueuePage:
    items: list[Contribution]
    flags: dict[int, list[Flag]]
    next_after: int | None


def queue(debate: Debate, filters: QueueFilter, *, after: int | None = None) -> QueuePage:
    """A page of the queue, oldest first (first come, first read)."""
    query = (
        db.select(Contribution)
        .where(Contribution.debate_id == debate.id)
        .options(selectinload(Contribution.author), selectinload(Contribution.themes))
        .order_by(Contribution.id)
        .limit(QUEUE_PAGE_SIZE + 1)
    )
    clause = _need_clause(filters.need if filters.need in NEEDS else "all_needs")
    if clause is not None:
        query = query.where(clause)
    if filters.theme_id is not None:
        query = query.where(
            exists().where(
                contribution_themes.c.contribution_id == Contribution.id,
                contribution_themes.c.theme_id == filters.theme_id,
            )
        )
    if filters.kind is not None:
        query = query.where(Contribution.kind == filters.kind)
    if filters.channel is not None:
        query = query.where(Contribution.channel == filters.channel)
    if filters.status is not None:
        query = query.where(Contribution.status == filters.status)
    if filters.tag_id is not None:
        query = query.where(
            exists().where(
                ContributionTag.contribution_id == Contribution.id,
                ContributionTag.tag_id == filters.tag_id,
            )
        )
    if after is not None:
        query = query.where(Contribution.id > after)
    items = list(db.session.scalars(query))
    more = len(items) > QUEUE_PAGE_SIZE
    items = items[:QUEUE_PAGE_SIZE]
    flags: dict[int, list[Flag]] = defaultdict(list)
    if items:
        for entry in db.session.scalars(
            db.select(Flag)
            .where(Flag.contribution_id.in_([i.id for i in items]), Flag.handled_at.is_(None))
            .order_by(Flag.id)
        ):
            flags[entry.contribution_id].append(entry)
    return QueuePage(items, flags, items[-1].id if more else None)

