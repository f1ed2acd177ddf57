"""A debate's phases, always forward: draft → open → closed (→ reported, by the report's
publication in ``synthesis``), each move checked, journaled in public, and the committee
told when an open debate's closing date has passed.

The web pages (``moderation/phase_views.py``) and the operator command ``set-phase``
(``moderation/cli.py``) call the same functions and show the same messages. Changing the
debate's row redraws the site's render token (``forum/render_tokens.py``): every public
page shows the new phase at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum import mail
from forum.debates import open_themes, past_closing
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.labels import PHASE
from forum.models import Debate, DebateRole, Phase, Role, User
from forum.notifications import notify
from forum.permissions import has_role
from forum.when import site_today
from moderation.journal import record
from moderation.models import JournalAction

ORDER = (Phase.DRAFT, Phase.OPEN, Phase.CLOSED, Phase.REPORTED)
# The steps this module takes; the last one (closed → reported) is the report's publication.
STEPS = {Phase.DRAFT: Phase.OPEN, Phase.OPEN: Phase.CLOSED}
DAY_PATTERN = "d MMMM yyyy"

OPENING_BLOCKED = _l("The debate cannot open yet:")


class MissingToOpen(InvalidInput):
    """The debate lacks what a participant needs: ``reasons`` lists each, in words."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join([str(OPENING_BLOCKED), *reasons]), field="confirm")
        self.reasons = reasons


@dataclass(frozen=True)
class PhaseChange:
    """What a change of phase did: the phases, and the date it moved (if it did)."""

    debate: Debate
    before: Phase
    after: Phase
    moved_from: date | None = None  # the opening or closing date before it became today
    on: date | None = None  # the day of the change

    def messages(self) -> list[str]:
        """The change told in words, for the page's message and the command's output."""
        said = [
            _("The debate is open: it takes contributions, replies and questions.")
            if self.after == Phase.OPEN
            else _("The debate is closed: it takes no more contributions, replies or questions.")
        ]
        if self.moved_from is not None and self.on is not None:
            said.append(
                _(
                    "Its opening date moved from %(before)s to today, %(today)s.",
                    before=_day(self.moved_from),
                    today=_day(self.on),
                )
                if self.after == Phase.OPEN
                else _(
                    "Its closing date moved from %(before)s to today, %(today)s.",
                    before=_day(self.moved_from),
                    today=_day(self.on),
                )
            )
        return said


def _day(day: date) -> str:
    return format_date(day, DAY_PATTERN)


def next_phase(debate: Debate) -> Phase | None:
    """The phase the debate goes to next (``REPORTED`` once closed), None at the end."""
    index = ORDER.index(debate.phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def _owners(debate: Debate) -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .join(DebateRole, DebateRole.user_id == User.id)
            .where(DebateRole.debate_id == debate.id, DebateRole.role == Role.OWNER, User.active)
        )
    )


def missing_to_open(debate: Debate, today: date | None = None) -> list[str]:
    """Everything that stops the debate from opening, each in a sentence (empty: ready)."""
    today = today or site_today()
    missing = []
    if not debate.summary_source.strip():
        missing.append(_("It has no summary of the project."))
    if not open_themes(debate):
        missing.append(_("It has no theme: participants file their contributions under one."))
    if debate.opens_on is None:
        missing.append(_("It has no opening date."))
    if debate.closes_on is None:
        missing.append(_("It has no closing date."))
    elif debate.closes_on < today:
        missing.append(_("Its closing date, %(day)s, is already past.", day=_day(debate.closes_on)))
    if not debate.owner_name.strip():
        missing.append(_("It does not name the project owner."))
    if not _owners(debate):
        missing.append(
            _(
                "No account holds the project owner's role in this debate: questions would "
                "have nobody to answer them."
            )
        )
    return missing


def check_step(debate: Debate, target: Phase) -> None:
    """Refuse, with the reason, any move but the next step this module takes."""
    if target == debate.phase:
        raise InvalidInput(
            _("The debate is already in this phase: %(phase)s.", phase=PHASE[target]),
            field="confirm",
        )
    if ORDER.index(target) < ORDER.index(debate.phase):
        raise InvalidInput(
            _(
                "A debate's phase only moves forward: it cannot go back from %(now)s to "
                "%(target)s.",
                now=PHASE[debate.phase],
                target=PHASE[target],
            ),
            field="confirm",
        )
    if target == Phase.REPORTED:
        raise InvalidInput(
            _(
                "The debate reaches this phase when its report is published: publishing the "
                "report does it, from the report's page."
            ),
            field="confirm",
        )
    if STEPS.get(debate.phase) != target:
        raise InvalidInput(
            _(
                "A debate cannot jump from %(now)s to %(target)s: it goes through each phase "
                "in turn (%(next)s first).",
                now=PHASE[debate.phase],
                target=PHASE[target],
                next=PHASE[STEPS[debate.phase]],
            ),
            field="confirm",
        )


def _check_actor(actor: User | None, debate: Debate) -> None:
    """``None`` is the operator at the command line; anyone else sits on the committee."""
    if actor is not None and not has_role(actor, debate, Role.COMMITTEE):
        raise NotAllowed(_("Only the debate's committee changes its phase."))


def open_debate(debate: Debate, actor: User | None, today: date | None = None) -> PhaseChange:
    """Open a draft debate to contributions, once nothing it needs is missing. Opened before
    its opening date, the debate opens today, and its date says so."""
    _check_actor(actor, debate)
    today = today or site_today()
    check_step(debate, Phase.OPEN)
    missing = missing_to_open(debate, today)
    if missing:
        raise MissingToOpen(missing)
    moved_from = None
    if debate.opens_on is not None and debate.opens_on > today:
        moved_from, debate.opens_on = debate.opens_on, today
    return _change(debate, actor, Phase.OPEN, moved_from, today)


def close_debate(debate: Debate, actor: User | None, today: date | None = None) -> PhaseChange:
    """Close an open debate: no more contributions, replies or questions. Questions already
    asked stay answerable; offline transcription and import stay possible. Closed before
    its closing date, the debate closes today, and its date says so."""
    _check_actor(actor, debate)
    today = today or site_today()
    check_step(debate, Phase.CLOSED)
    moved_from = None
    if debate.closes_on is None or debate.closes_on > today:
        moved_from, debate.closes_on = debate.closes_on, today
    return _change(debate, actor, Phase.CLOSED, moved_from, today)


def set_phase(debate: Debate, target: Phase, actor: User | None) -> PhaseChange:
    """Move the debate to ``target`` by the one step that leads there (or say why not)."""
    _check_actor(actor, debate)
    check_step(debate, target)  # past it, ``target`` is the next step: open or closed
    return open_debate(debate, actor) if target == Phase.OPEN else close_debate(debate, actor)


def _change(
    debate: Debate, actor: User | None, target: Phase, moved_from: date | None, today: date
) -> PhaseChange:
    change = PhaseChange(debate, debate.phase, target, moved_from, today if moved_from else None)
    debate.phase = target
    action = JournalAction.OPEN_DEBATE if target == Phase.OPEN else JournalAction.CLOSE_DEBATE
    record(actor, action, debate, details=" ".join(change.messages()))
    db.session.commit()
    return change


# --- Telling the committee --------------------------------------------------------------


def debates_past_closing(today: date | None = None) -> list[Debate]:
    """Open debates whose closing date has passed: they take nothing, but wait to be closed."""
    today = today or site_today()
    return list(
        db.session.scalars(
            db.select(Debate)
            .where(Debate.phase == Phase.OPEN, Debate.closes_on < today)
            .order_by(Debate.closes_on, Debate.id)
        )
    )


def tell_committees_past_closing(today: date | None = None) -> int:
    """Tell each committee member of every debate still open past its closing date to close
    it (on the site and by e-mail, in their language), once per debate and closing date;
    returns how many debates' committees were told. For the daily cron."""
    today = today or site_today()
    told = 0
    for debate in debates_past_closing(today):
        if debate.close_reminder_for == debate.closes_on:
            continue
        members = db.session.scalars(
            db.select(User)
            .join(DebateRole, DebateRole.user_id == User.id)
            .where(
                DebateRole.debate_id == debate.id,
                DebateRole.role == Role.COMMITTEE,
                User.active,
            )
        )
        link = mail.external_url("phases.phase_page", slug=debate.slug)
        for member in members:
            with force_locale(member.locale or "fr"):
                message = _(
                    "The closing date of the debate “%(title)s”, %(day)s, has passed: it "
                    "takes no more contributions, but it is still open. Close it to start the "
                    "report: %(link)s",
                    title=debate.title,
                    day=_day(debate.closes_on),
                    link=link,
                )
            notify(member.id, "close_due", message)
        debate.close_reminder_for = debate.closes_on
        told += 1
    db.session.commit()
    return told


def is_past_closing(debate: Debate, today: date | None = None) -> bool:
    """An open debate whose closing date has passed (the phase page warns of it)."""
    return debate.phase == Phase.OPEN and past_closing(debate, today)
