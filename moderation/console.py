"""The organiser's console: an administrator creates a debate and names its committee; the
committee (and administrators) then edit the debate's texts, dates and settings.

The theme index is edited in ``moderation.console_themes``. Every change here goes through
the session, so the render tokens of the public pages are redrawn in the same transaction
(``forum/render_tokens.py``): visitors holding a debate's page get the new one at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from forum.accounts import normalise_email, pseudonym_key
from forum.debates import NewDebate, check_slug, create_debate, held_role
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Debate, ModerationMode, Phase, Role, User
from forum.permissions import has_role, is_admin
from forum.sanitize import clean_plain, render_markdown
from moderation import team
from moderation.journal import record
from moderation.models import JournalAction

MAX_TITLE = 200
MAX_OWNER_NAME = 200
MAX_EMAIL = 254
DEADLINE_DAYS = (1, 90)


def debates_for_admin() -> list[Debate]:
    """Every debate, whatever its phase, newest first (administrators' list)."""
    return list(db.session.scalars(db.select(Debate).order_by(Debate.id.desc())))


def check_runs_debate(actor: User, debate: Debate) -> None:
    """Only the debate's committee and administrators run it (never its project owner)."""
    if not has_role(actor, debate, Role.COMMITTEE):
        raise NotAllowed(_("Only the debate committee and administrators can do this."))


# --- Creating a debate ----------------------------------------------------------------


def committee_accounts(text: str, debate: Debate | None = None) -> list[User]:
    """The accounts named one per line (e-mail address or pseudonym), each once.

    Refuses, naming them, the names no account answers to, and the accounts that are the
    project owner of ``debate`` (a party to the debate never sits on its committee)."""
    names = [line.strip() for line in text.splitlines() if line.strip()]
    if not names:
        raise InvalidInput(_("Name at least one member of the committee."), field="committee")
    found: list[User] = []
    unknown: list[str] = []
    for name in names:
        user = _account_named(name)
        if user is None:
            unknown.append(name)
        elif user not in found:
            found.append(user)
    if unknown:
        raise InvalidInput(
            _("No account is known as: %(names)s.", names=", ".join(unknown)), field="committee"
        )
    if debate is not None:
        owners = [u.pseudonym for u in found if held_role(u, debate, Role.OWNER) is not None]
        if owners:
            raise InvalidInput(
                _(
                    "%(names)s is the project owner of this debate, and cannot sit on its "
                    "committee.",
                    names=", ".join(owners),
                ),
                field="committee",
            )
    return found


def _account_named(name: str) -> User | None:
    """The (not erased) account with this e-mail address, or else this pseudonym."""
    if "@" in name:
        where = User.email == normalise_email(name)
    else:
        where = User.pseudonym_key == pseudonym_key(name)
    return db.session.scalar(db.select(User).where(where, User.erased_at.is_(None)))


def create_draft_debate(actor: User, slug: str, title: str, committee: str) -> Debate:
    """An administrator creates a debate in preparation and names its committee.

    Everything is checked before anything is written: a refused slug, title or member
    leaves no debate behind. The roles are given by the team service (journaled)."""
    if not is_admin(actor):
        raise NotAllowed(_("Only an administrator can create a debate."))
    check_slug(slug)
    members = committee_accounts(committee)
    debate = create_debate(NewDebate(slug=slug, title=title, phase=Phase.DRAFT))
    for member in members:
        team.grant(debate, actor, member.email, Role.COMMITTEE)
    return debate


# --- Texts, dates and settings ----------------------------------------------------------


@dataclass(frozen=True)
class DebateSettings:
    slug: str
    title: str
    summary: str = ""
    easy_summary: str = ""
    owner_name: str = ""
    opens_on: date | None = None
    closes_on: date | None = None
    moderation_mode: ModerationMode = ModerationMode.A_POSTERIORI
    answer_deadline_days: int = 15
    contact_email: str = ""


def settings_of(debate: Debate) -> DebateSettings:
    """The debate's settings as its form shows them."""
    return DebateSettings(
        slug=debate.slug,
        title=debate.title,
        summary=debate.summary_source,
        easy_summary=debate.easy_summary_source,
        owner_name=debate.owner_name,
        opens_on=debate.opens_on,
        closes_on=debate.closes_on,
        moderation_mode=debate.moderation_mode,
        answer_deadline_days=debate.answer_deadline_days,
        contact_email=debate.contact_email,
    )


def _checked(debate: Debate, data: DebateSettings) -> DebateSettings:
    """The settings cleaned, or the first rule they break (by its field)."""
    if data.slug != debate.slug:
        if debate.phase != Phase.DRAFT:
            raise InvalidInput(
                _("The address of a debate changes only while it is in preparation."),
                field="slug",
            )
        check_slug(data.slug, except_id=debate.id)
    title = clean_plain(data.title)
    if not title:
        raise InvalidInput(_("A debate needs a title."), field="title")
    if len(title) > MAX_TITLE:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_TITLE), field="title")
    owner_name = clean_plain(data.owner_name)
    if len(owner_name) > MAX_OWNER_NAME:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_OWNER_NAME), field="owner_name")
    if data.opens_on and data.closes_on and data.closes_on < data.opens_on:
        raise InvalidInput(_("The debate cannot close before it opens."), field="closes_on")
    low, high = DEADLINE_DAYS
    if not low <= data.answer_deadline_days <= high:
        raise InvalidInput(
            _("Between %(low)d and %(high)d days.", low=low, high=high),
            field="answer_deadline_days",
        )
    contact = data.contact_email.strip()
    if contact:
        try:
            contact = validate_email(contact, check_deliverability=False).normalized
        except EmailNotValidError:
            raise InvalidInput(_("This is not an e-mail address."), field="contact_email") from None
        if len(contact) > MAX_EMAIL:
            raise InvalidInput(_("%(n)d characters at most.", n=MAX_EMAIL), field="contact_email")
    return DebateSettings(
        slug=data.slug,
        title=title,
        summary=data.summary.strip(),
        easy_summary=data.easy_summary.strip(),
        owner_name=owner_name,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        moderation_mode=data.moderation_mode,
        answer_deadline_days=data.answer_deadline_days,
        contact_email=contact,
    )


# The fields whose change, once the debate is public, the public journal names
# (``moderation.labels.DEBATE_FIELD``); the slug changes only in preparation.
JOURNALED_FIELDS = (
    "title",
    "summary",
    "easy_summary",
    "owner_name",
    "opens_on",
    "closes_on",
    "moderation_mode",
    "answer_deadline_days",
    "contact_email",
)


def update_settings(debate: Debate, actor: User, data: DebateSettings) -> list[str]:
    """Save the debate's texts, dates and settings; returns the fields that changed.

    Once the debate has left its preparation, a change is written to the public journal
    with the names of the fields changed (not their old text)."""
    check_runs_debate(actor, debate)
    new = _checked(debate, data)
    old = settings_of(debate)
    changed = [name for name in JOURNALED_FIELDS if getattr(new, name) != getattr(old, name)]
    debate.slug = new.slug
    debate.title = new.title
    if "summary" in changed:
        debate.summary_source, debate.summary_html = new.summary, render_markdown(new.summary)
    if "easy_summary" in changed:
        debate.easy_summary_source = new.easy_summary
        debate.easy_summary_html = render_markdown(new.easy_summary)
    debate.owner_name = new.owner_name
    debate.opens_on, debate.closes_on = new.opens_on, new.closes_on
    debate.moderation_mode = new.moderation_mode
    debate.answer_deadline_days = new.answer_deadline_days
    debate.contact_email = new.contact_email
    if changed and debate.phase != Phase.DRAFT:
        record(actor, JournalAction.DEBATE_EDIT, debate, details=",".join(changed))
    db.session.commit()
    return changed
