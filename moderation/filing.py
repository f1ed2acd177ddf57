"""Filing contributions: re-filing under other themes, changing the kind, duplicates,
locking a thread. Moderators never change a participant's words here."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.errors import InvalidInput, NotFound
from forum.extensions import db
from forum.models import Contribution, Kind, Theme, User
from forum.notifications import notify
from forum.search import enqueue
from forum.visible_text import name_of
from moderation.journal import record
from moderation.models import JournalAction
from moderation.rules import contribution_in, public_reason, require_moderator
from questions.circuit import send_to_owner

# The kinds a moderator may switch between (a stakeholder paper is entered as such).
SWITCHABLE_KINDS = (Kind.OPINION, Kind.QUESTION, Kind.PROPOSAL)


def refile(item: Contribution, actor: User, theme_ids: Sequence[int], reason: str) -> Contribution:
    """File a contribution under other themes of its debate."""
    require_moderator(actor, item.debate)
    reason = public_reason(reason)
    wanted = set(theme_ids)
    if not wanted:
        raise InvalidInput(_("Choose at least one theme."), field="themes")
    themes = list(
        db.session.scalars(
            db.select(Theme).where(Theme.debate_id == item.debate_id, Theme.id.in_(wanted))
        )
    )
    if len(themes) != len(wanted):
        raise InvalidInput(_("Choose themes of this debate only."), field="themes")
    before = [t.slug for t in item.themes]
    if set(before) == {t.slug for t in themes}:
        raise InvalidInput(_("These are already its themes."), field="themes")
    item.themes = sorted(themes, key=lambda t: t.position)
    details = f"{', '.join(before)} → {', '.join(t.slug for t in item.themes)}"
    _journal_and_index(item, actor, JournalAction.REFILE, reason, details)
    db.session.commit()
    return item


def _journal_and_index(
    item: Contribution, actor: User, action: JournalAction, reason: str, details: str
) -> None:
    """A filing decision changes what search finds: journal it and queue the index update."""
    record(actor, action, item.debate_id, contribution=item, reason=reason, details=details)
    enqueue(item.id)


def change_kind(item: Contribution, actor: User, kind: Kind, reason: str) -> Contribution:
    """Say that an opinion is in fact a question to the project owner, or the reverse."""
    require_moderator(actor, item.debate)
    reason = public_reason(reason)
    if kind not in SWITCHABLE_KINDS or item.kind not in SWITCHABLE_KINDS:
        raise InvalidInput(_("This kind cannot be changed here."), field="kind")
    if kind == item.kind:
        raise InvalidInput(_("The contribution already has this kind."), field="kind")
    details = f"{item.kind.value} → {kind.value}"
    item.kind = kind
    _journal_and_index(item, actor, JournalAction.CHANGE_KIND, reason, details)
    send_to_owner(item)  # an opinion re-filed as a question goes to the project owner
    if item.author_id is not None:
        notify(
            item.author_id,
            "kind_changed",
            _l(
                "A moderator changed the kind of your contribution “%(title)s”. Reason: %(reason)s",
                title=name_of(item),
                reason=reason,
            ),
            contribution_id=item.id,
        )
    db.session.commit()
    return item


def mark_duplicate(
    item: Contribution, actor: User, original_id: int | None, reason: str
) -> Contribution:
    """Mark a contribution as a duplicate of another (both then link to each other);
    with no ``original_id``, say it is not a duplicate after all."""
    require_moderator(actor, item.debate)
    reason = public_reason(reason)
    if original_id is None:
        if item.duplicate_of_id is None:
            raise InvalidInput(_("Give the number of the original contribution."), field="original")
        details = f"#{item.duplicate_of_id} → —"
        item.duplicate_of_id = None
    else:
        try:
            original = contribution_in(item.debate, original_id)
        except NotFound as error:
            raise InvalidInput(
                _("No contribution of this debate has this number."), field="original"
            ) from error
        if original.id == item.id:
            raise InvalidInput(_("A contribution cannot duplicate itself."), field="original")
        if original.duplicate_of_id == item.id:
            raise InvalidInput(
                _("That contribution is marked as a duplicate of this one."), field="original"
            )
        if item.duplicate_of_id == original.id:
            raise InvalidInput(_("It is already marked as a duplicate of it."), field="original")
        details = f"#{item.id} → #{original.id}"
        item.duplicate_of_id = original.id
    _journal_and_index(item, actor, JournalAction.DUPLICATE, reason, details)
    db.session.commit()
    return item


def duplicates_of(item: Contribution) -> list[Contribution]:
    """The contributions marked as duplicates of this one."""
    return list(
        db.session.scalars(
            db.select(Contribution)
            .where(Contribution.duplicate_of_id == item.id)
            .order_by(Contribution.id)
        )
    )


def thread_root(item: Contribution) -> Contribution:
    if item.root_id is None or item.root_id == item.id:
        return item
    return db.session.get(Contribution, item.root_id) or item


def set_locked(item: Contribution, actor: User, locked: bool, reason: str) -> Contribution:
    """Lock (or unlock) the thread that ``item`` belongs to: no more replies in it."""
    require_moderator(actor, item.debate)
    reason = public_reason(reason)
    root = thread_root(item)
    if root.locked == locked:
        raise InvalidInput(
            _("This thread is already locked.") if locked else _("This thread is not locked.")
        )
    root.locked = locked
    record(
        actor,
        JournalAction.LOCK if locked else JournalAction.UNLOCK,
        root.debate_id,
        contribution=root,
        reason=reason,
    )
    db.session.commit()
    return root
