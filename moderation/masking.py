"""Publishing, masking and restoring contributions.

A masked contribution is never deleted: its place in the thread keeps a public notice
with the reason and the charter article, its author is told why and may contest once.
Each action writes a journal row, queues a search-index update and commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.errors import InvalidInput, PalabreError
from forum.extensions import db
from forum.models import Contribution, Debate, Status, User, utcnow
from forum.notifications import notify, notify_reply
from forum.search import enqueue
from forum.visible_text import name_of
from moderation.charter import check_article
from moderation.journal import record
from moderation.models import Flag, JournalAction
from moderation.rules import contribution_in, public_reason, require_moderator
from questions.circuit import send_to_owner


def _close_flags(item: Contribution) -> None:
    for flag in db.session.scalars(
        db.select(Flag).where(Flag.contribution_id == item.id, Flag.handled_at.is_(None))
    ):
        flag.handled_at = utcnow()


def _publish(item: Contribution, actor: User, reason: str) -> None:
    if item.status != Status.PENDING:
        raise InvalidInput(_("Only a contribution awaiting moderation can be published."))
    item.status = Status.PUBLISHED
    item.published_at = utcnow()
    record(actor, JournalAction.PUBLISH, item.debate_id, contribution=item, reason=reason)
    enqueue(item.id)
    # What waited for moderation now reaches its readers: the owner for a question, the
    # author of what a reply answers.
    send_to_owner(item)
    if item.parent_id is not None:
        notify_reply(item)
    if item.author_id is not None:
        notify(
            item.author_id,
            "published",
            _l("Your contribution “%(title)s” is published.", title=name_of(item)),
            contribution_id=item.id,
        )


def _mask(item: Contribution, actor: User, reason: str, article: str) -> None:
    if item.status == Status.MASKED:
        raise InvalidInput(_("This contribution is already masked."))
    reason = public_reason(reason)
    article = check_article(item.debate, article, required=True)
    item.status = Status.MASKED
    item.mask_reason = reason
    item.mask_article = article
    item.masked_at = utcnow()
    _close_flags(item)
    record(
        actor, JournalAction.MASK, item.debate_id, contribution=item, reason=reason, article=article
    )
    enqueue(item.id)
    if item.author_id is not None:
        cited = f" ({article})" if article else ""
        notify(
            item.author_id,
            "masked",
            _l(
                "Your contribution “%(title)s” was masked by moderation. "
                "Reason: %(reason)s%(cited)s. "
                "You can contest this decision once, from the contribution's page.",
                title=name_of(item),
                reason=reason,
                cited=cited,
            ),
            contribution_id=item.id,
        )


def _restore(item: Contribution, actor: User, reason: str) -> None:
    if item.status != Status.MASKED:
        raise InvalidInput(_("Only a masked contribution can be restored."))
    reason = public_reason(reason)
    item.status = Status.PUBLISHED
    item.mask_reason = ""
    item.mask_article = ""
    item.masked_at = None
    item.published_at = item.published_at or utcnow()
    record(actor, JournalAction.RESTORE, item.debate_id, contribution=item, reason=reason)
    enqueue(item.id)
    if item.author_id is not None:
        notify(
            item.author_id,
            "restored",
            _l(
                "Your contribution “%(title)s” is visible again. Reason: %(reason)s",
                title=name_of(item),
                reason=reason,
            ),
            contribution_id=item.id,
        )


def publish(item: Contribution, actor: User, reason: str = "") -> Contribution:
    """Publish a contribution held for moderation (a priori debates)."""
    require_moderator(actor, item.debate)
    _publish(item, actor, (reason or "").strip())
    db.session.commit()
    return item


def mask(item: Contribution, actor: User, reason: str, article: str = "") -> Contribution:
    """Mask a contribution: a public notice with the reason and charter article replaces it."""
    require_moderator(actor, item.debate)
    _mask(item, actor, reason, article)
    db.session.commit()
    return item


def restore(item: Contribution, actor: User, reason: str) -> Contribution:
    """Make a masked contribution visible again."""
    require_moderator(actor, item.debate)
    _restore(item, actor, reason)
    db.session.commit()
    return item


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _bulk(
    debate: Debate, actor: User, ids: Iterable[int], apply: Callable[[Contribution], None]
) -> BulkResult:
    require_moderator(actor, debate)
    result = BulkResult()
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise InvalidInput(_("Select at least one contribution."), field="selected")
    for contribution_id in ids:
        try:
            item = contribution_in(debate, contribution_id)
            apply(item)  # checks everything before it changes anything
        except PalabreError as error:
            if error.field in {"reason", "article"}:  # the same for every item: say it once
                db.session.rollback()
                raise
            result.skipped.append((contribution_id, error.message))
        else:
            result.done.append(contribution_id)
    db.session.commit()
    return result


def publish_many(debate: Debate, actor: User, ids: Iterable[int]) -> BulkResult:
    """Publish several pending contributions at once (those not pending are skipped)."""
    return _bulk(debate, actor, ids, lambda item: _publish(item, actor, ""))


def mask_many(
    debate: Debate, actor: User, ids: Iterable[int], reason: str, article: str
) -> BulkResult:
    """Mask several contributions for the same reason."""
    reason = public_reason(reason)
    check_article(debate, article, required=True)
    return _bulk(debate, actor, ids, lambda item: _mask(item, actor, reason, article))


def restore_many(debate: Debate, actor: User, ids: Iterable[int], reason: str) -> BulkResult:
    reason = public_reason(reason)
    return _bulk(debate, actor, ids, lambda item: _restore(item, actor, reason))
