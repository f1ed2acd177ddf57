"""Object-level checks shared by the moderation services."""

from __future__ import annotations

from flask_babel import gettext as _

from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, Phase, Role, User
from forum.permissions import has_role

MAX_REASON_CHARS = 1000


def require_moderator(actor: User | None, debate: Debate) -> None:
    if not has_role(actor, debate, Role.MODERATOR):
        raise NotAllowed(_("Only the debate's moderators can do this."))


def require_staff(actor: User | None, debate: Debate) -> None:
    if not has_role(actor, debate, Role.MODERATOR, Role.COMMITTEE):
        raise NotAllowed(_("Only the debate's moderators and committee members can do this."))


def contribution_in(debate: Debate, contribution_id: int) -> Contribution:
    """The contribution if it belongs to ``debate``; else ``NotFound``."""
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.debate_id != debate.id:
        raise NotFound(_("This contribution does not exist."))
    return item


def public_reason(reason: str) -> str:
    """A reason shown to the public or the author: required, and of a sensible length."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason for this decision."), field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(
            _("The reason is too long: %(n)d characters at most.", n=MAX_REASON_CHARS),
            field="reason",
        )
    return reason


def optional_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_REASON_CHARS:
        raise InvalidInput(
            _("The note is too long: %(n)d characters at most.", n=MAX_REASON_CHARS),
            field="note",
        )
    return note


def require_transcription_phase(debate: Debate) -> None:
    """Offline contributions are entered while a debate is open or closed, not after."""
    if debate.phase not in (Phase.OPEN, Phase.CLOSED):
        raise NotAllowed(
            _(
                "Contributions can be transcribed while the debate is open or closed, "
                "not before it opens nor once its report is published."
            )
        )
