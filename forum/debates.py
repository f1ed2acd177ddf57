"""Debates, their themes and documents, and the staff roles held in them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from forum import render_tokens
from forum.errors import InvalidInput, NotFound
from forum.extensions import db
from forum.models import (
    Contribution,
    Debate,
    DebateRole,
    Document,
    ModerationMode,
    Phase,
    Role,
    Status,
    Theme,
    User,
)
from forum.permissions import AnyUser, can_see_debate
from forum.sanitize import clean_plain, render_markdown
from forum.when import site_today

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The order in which the home page presents debates: what one can take part in first.
PHASE_ORDER = (Phase.OPEN, Phase.CLOSED, Phase.REPORTED, Phase.DRAFT)


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII slug of a French name: "Tracé et stations" -> "trace-et-stations"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "theme"


def debates_by_phase(viewer: AnyUser | None) -> list[tuple[Phase, list[Debate]]]:
    """Debates the viewer may see, grouped by phase, open ones first, each by opening date."""
    debates = db.session.scalars(
        db.select(Debate).order_by(Debate.opens_on.desc(), Debate.id.desc())
    ).all()
    groups = []
    for phase in PHASE_ORDER:
        visible = [d for d in debates if d.phase == phase and can_see_debate(viewer, d)]
        if visible:
            groups.append((phase, visible))
    return groups


def past_closing(debate: Debate, today: date | None = None) -> bool:
    """Whether the debate's closing date (its last day, included) is behind ``today``
    (the site's day by default)."""
    today = today or site_today()
    return debate.closes_on is not None and debate.closes_on < today


def takes_contributions(debate: Debate, today: date | None = None) -> bool:
    """Whether the debate takes new contributions, replies and questions today: it is open
    and its closing date has not passed, even if nobody has closed it yet (PRODUCT.md
    section 6). Every posting path and every "contribute" button asks this."""
    return debate.phase == Phase.OPEN and not past_closing(debate, today)


def posting_refusal(debate: Debate, today: date | None = None) -> str | None:
    """Why the debate takes no contribution today, in words; None when it takes them."""
    today = today or site_today()
    if takes_contributions(debate, today):
        return None
    if debate.phase != Phase.DRAFT and debate.closes_on is not None and debate.closes_on <= today:
        return _(
            "The debate has been closed since %(day)s: it takes no more contributions, "
            "replies or questions.",
            day=format_date(debate.closes_on, "d MMMM yyyy"),
        )
    return _("This debate is not open to contributions.")


def get_debate(slug: str, viewer: AnyUser | None) -> Debate:
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    if debate is None or not can_see_debate(viewer, debate):
        raise NotFound(_("This debate does not exist."))
    return debate


LATEST_SHOWN = 6  # threads a debate's front page lists


def front_page_shows(slug: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """What a debate's front page shows (``forum.render_tokens``), told from its slug: the
    site (the debate, its themes, documents and report), which threads are its latest and
    those threads; and their ids. Nothing if there is no such debate."""
    debate_id = db.session.scalar(db.select(Debate.id).where(Debate.slug == slug))
    if debate_id is None:
        return (), ()
    ids = tuple(
        db.session.scalars(
            db.select(Contribution.id)
            .where(
                Contribution.debate_id == debate_id,
                Contribution.parent_id.is_(None),
                Contribution.status == Status.PUBLISHED,
            )
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
            .limit(LATEST_SHOWN)
        )
    )
    scopes = (render_tokens.SITE, render_tokens.latest_scope(debate_id))
    return (*scopes, *render_tokens.thread_scopes_of(ids)), ids


def open_themes(debate: Debate) -> list[Theme]:
    """The themes a new contribution may be filed under: all but the retired ones."""
    return [theme for theme in debate.themes if not theme.is_retired]


def check_themes_open(themes: Sequence[Theme]) -> None:
    """Refuse a new contribution under a retired theme (its form no longer offers it)."""
    retired = [theme.name for theme in themes if theme.is_retired]
    if retired:
        raise InvalidInput(
            _(
                "The theme “%(name)s” is retired: it takes no new contribution.",
                name=", ".join(retired),
            ),
            field="themes",
        )


def get_theme(debate: Debate, slug: str) -> Theme:
    # From the debate's themes, which its pages list anyway (a debate has a few dozen).
    theme = next((t for t in debate.themes if t.slug == slug), None)
    if theme is None:
        raise NotFound(_("This theme does not exist."))
    return theme


def get_document(debate: Debate, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.debate_id != debate.id:
        raise NotFound(_("This document does not exist."))
    return document


@dataclass(frozen=True)
class NewDebate:
    slug: str
    title: str
    theme_names: Sequence[str] = ()
    phase: Phase = Phase.DRAFT
    summary: str = ""
    easy_summary: str = ""
    owner_name: str = ""
    charter: str = ""
    opens_on: date | None = None
    closes_on: date | None = None
    moderation_mode: ModerationMode = ModerationMode.A_POSTERIORI
    answer_deadline_days: int = 15


def check_slug(slug: str, *, except_id: int | None = None) -> None:
    """Refuse a debate slug of the wrong shape, or one another debate has."""
    if not SLUG_PATTERN.match(slug) or len(slug) > 80:
        raise InvalidInput(
            _("A slug has lower-case letters, digits and hyphens only (e.g. tram-line-2)."),
            field="slug",
        )
    query = db.select(Debate.id).where(Debate.slug == slug)
    if except_id is not None:
        query = query.where(Debate.id != except_id)
    if db.session.scalar(query) is not None:
        raise InvalidInput(_("A debate with this slug already exists."), field="slug")


def create_debate(data: NewDebate) -> Debate:
    """Create a debate with its theme index, in the order the themes are given."""
    check_slug(data.slug)
    title = clean_plain(data.title)
    if not title:
        raise InvalidInput(_("A debate needs a title."), field="title")
    names = [clean_plain(name) for name in data.theme_names if clean_plain(name)]
    slugs = [slugify(name) for name in names]
    if len(set(slugs)) != len(slugs):
        raise InvalidInput(_("Two themes have the same name."), field="themes")
    if data.answer_deadline_days < 1:
        raise InvalidInput(_("The answer deadline is at least one day."), field="deadline")
    debate = Debate(
        slug=data.slug,
        title=title,
        summary_source=data.summary,
        summary_html=render_markdown(data.summary),
        easy_summary_source=data.easy_summary,
        easy_summary_html=render_markdown(data.easy_summary),
        owner_name=clean_plain(data.owner_name),
        charter_source=data.charter,
        charter_html=render_markdown(data.charter),
        phase=data.phase,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        moderation_mode=data.moderation_mode,
        answer_deadline_days=data.answer_deadline_days,
        themes=[
            Theme(slug=slug, name=name, position=index)
            for index, (slug, name) in enumerate(zip(slugs, names, strict=True))
        ],
    )
    db.session.add(debate)
    db.session.commit()
    return debate


# Called, in the grant's transaction, when the operator command `flask grant` gives a role
# that was not held yet: the moderation package writes its journal row there.
operator_grant_hooks: list[Callable[[User, Debate, Role], None]] = []


def held_role(user: User, debate: Debate, role: Role) -> DebateRole | None:
    return db.session.scalar(
        db.select(DebateRole).where(
            DebateRole.user_id == user.id,
            DebateRole.debate_id == debate.id,
            DebateRole.role == role,
        )
    )


def grant_by_operator(user: User, debate: Debate, role: Role) -> DebateRole:
    """``grant_role`` for the operator command, which tells the hooks above."""
    if held_role(user, debate, role) is None:
        for hook in operator_grant_hooks:
            hook(user, debate, role)
    try:
        return grant_role(user, debate, role)
    except InvalidInput:
        db.session.rollback()
        raise


def role_conflict(user: User, debate: Debate, role: Role) -> str | None:
    """Why ``user`` may not take ``role`` in ``debate``, or ``None``.

    The project owner is a party to the debate: never a moderator or committee member of
    it, and the reverse. Every path that gives a role (the team page, ``flask grant``, the
    tests' builders) goes through ``grant_role``, hence here, in the lowest package: the
    one place this rule is checked (the demo's fixed roles are checked by its tests).
    """
    held = set(
        db.session.scalars(
            db.select(DebateRole.role).where(
                DebateRole.user_id == user.id, DebateRole.debate_id == debate.id
            )
        )
    )
    if role != Role.OWNER and Role.OWNER in held:
        return _(
            "%(name)s is the project owner of this debate: the project owner, a party to "
            "the debate, can never also moderate it or sit on its committee.",
            name=user.pseudonym,
        )
    if role == Role.OWNER and Role.MODERATOR in held:
        return _(
            "%(name)s is a moderator of this debate: the project owner, a party to the "
            "debate, can never also run it. Take back the moderator role first.",
            name=user.pseudonym,
        )
    if role == Role.OWNER and Role.COMMITTEE in held:
        return _(
            "%(name)s sits on this debate's committee: the project owner, a party to the "
            "debate, can never also run it. Take back the committee role first.",
            name=user.pseudonym,
        )
    return None


def grant_role(user: User, debate: Debate, role: Role) -> DebateRole:
    """Give ``user`` a staff role in ``debate`` (granting twice is harmless); refused,
    with the reason, when it would make the project owner one of the debate's staff."""
    existing = held_role(user, debate, role)
    if existing is not None:
        return existing
    conflict = role_conflict(user, debate, role)
    if conflict is not None:
        raise InvalidInput(conflict, field="role")
    grant = DebateRole(user_id=user.id, debate_id=debate.id, role=role)
    db.session.add(grant)
    db.session.commit()
    return grant
