"""Entering contributions made offline: at a meeting, a workshop, a mobile debate, in a
paper register, a letter or an e-mail. They join the same threads, themes and search as
online contributions, with their channel, event, date and attribution shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _

from forum.debates import check_themes_open
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Kind,
    Status,
    Theme,
    Transcription,
    User,
    utcnow,
)
from forum.sanitize import clean_plain, render_markdown
from forum.search import enqueue
from moderation.journal import record
from moderation.models import JournalAction
from moderation.rules import require_moderator, require_transcription_phase
from moderation.uploads import store_scan

OFFLINE_CHANNELS = tuple(c for c in Channel if c != Channel.ONLINE)
MAX_EVENT = 200
MAX_ATTRIBUTION = 200


@dataclass(frozen=True)
class OfflineContribution:
    channel: Channel
    occurred_on: date | None
    event: str
    kind: Kind
    title: str
    body: str
    transcription: Transcription
    theme_ids: Sequence[int]
    attribution: str = ""
    named_with_consent: bool = False
    scan: bytes | None = None


def default_attribution(channel: Channel, event: str, occurred_on: date) -> str:
    """How an unnamed person is referred to ("participant (the meeting of …, 4 November)").

    The event is not put in quotes: its name often holds quotes of its own ("Atelier
    « Arbres »"), and quotes inside quotes read badly wherever the attribution is cited."""
    day = format_date(occurred_on, "d MMMM yyyy")
    if channel == Channel.PAPER:
        return _("Contribution in the register: %(event)s", event=event)
    if channel == Channel.LETTER:
        return _("Author of a letter received on %(day)s", day=day)
    if channel == Channel.EMAIL:
        return _("Author of an e-mail received on %(day)s", day=day)
    if channel == Channel.SOCIAL_NETWORK:
        return _("Author of a message on a social network, %(day)s", day=day)
    return _("Participant (%(event)s, %(day)s)", event=event, day=day)


def occurred_at(occurred_on: date) -> datetime:
    """Offline words take their place in the chronology at the day they were said."""
    return min(datetime.combine(occurred_on, time(12, 0)), utcnow())


def check_text(title: str, body: str) -> tuple[str, str]:
    config = current_app.config
    title = clean_plain(title)
    if not title:
        raise InvalidInput(_("Give the contribution a title."), field="title")
    if len(title) > config["PALABRE_MAX_TITLE_CHARS"]:
        raise InvalidInput(
            _(
                "The title is too long: %(n)d characters at most.",
                n=config["PALABRE_MAX_TITLE_CHARS"],
            ),
            field="title",
        )
    body = body.strip()
    if not body:
        raise InvalidInput(_("Write down what was said."), field="body")
    if len(body) > config["PALABRE_MAX_BODY_CHARS"]:
        raise InvalidInput(
            _(
                "The text is too long: %(n)d characters at most.",
                n=config["PALABRE_MAX_BODY_CHARS"],
            ),
            field="body",
        )
    return title, body


def check_where_when(channel: Channel, occurred_on: date | None, event: str) -> tuple[date, str]:
    if channel not in OFFLINE_CHANNELS:
        raise InvalidInput(_("Choose where the contribution was made."), field="channel")
    if occurred_on is None:
        raise InvalidInput(_("Give the date it was made."), field="occurred_on")
    if occurred_on > date.today():
        raise InvalidInput(_("The date is in the future."), field="occurred_on")
    event = clean_plain(event)
    if not event:
        raise InvalidInput(_("Name the meeting, place or register."), field="event")
    if len(event) > MAX_EVENT:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_EVENT), field="event")
    return occurred_on, event


def enter_offline(debate: Debate, actor: User, data: OfflineContribution) -> Contribution:
    """Transcribe one offline contribution; it is published at once, with its channel."""
    require_moderator(actor, debate)
    require_transcription_phase(debate)
    occurred_on, event = check_where_when(data.channel, data.occurred_on, data.event)
    # Transcription goes on after the closing, for what was said while the debate was open.
    if debate.closes_on is not None and occurred_on > debate.closes_on:
        raise InvalidInput(
            _(
                "This date is after the debate's closing date, %(day)s: what was said after "
                "the closing is not part of the debate.",
                day=format_date(debate.closes_on, "d MMMM yyyy"),
            ),
            field="occurred_on",
        )
    title, body = check_text(data.title, data.body)
    attribution = clean_plain(data.attribution)
    if attribution and not data.named_with_consent:
        raise InvalidInput(
            _("Name a person only with their consent; otherwise leave this empty."),
            field="attribution",
        )
    if len(attribution) > MAX_ATTRIBUTION:
        raise InvalidInput(_("%(n)d characters at most.", n=MAX_ATTRIBUTION), field="attribution")
    attribution = attribution or default_attribution(data.channel, event, occurred_on)
    wanted = set(data.theme_ids)
    if not wanted:
        raise InvalidInput(_("Choose at least one theme."), field="themes")
    themes = list(
        db.session.scalars(
            db.select(Theme).where(Theme.debate_id == debate.id, Theme.id.in_(wanted))
        )
    )
    if len(themes) != len(wanted):
        raise InvalidInput(_("Choose themes of this debate only."), field="themes")
    check_themes_open(themes)
    scan = store_scan(data.scan) if data.scan else None
    when = occurred_at(occurred_on)
    item = Contribution(
        debate_id=debate.id,
        author_id=None,
        kind=data.kind,
        title=title,
        body_source=body,
        body_html=render_markdown(body),
        channel=data.channel,
        status=Status.PUBLISHED,
        created_at=when,
        updated_at=utcnow(),
        published_at=utcnow(),
        themes=sorted(themes, key=lambda t: t.position),
        event=event,
        occurred_on=occurred_on,
        attribution=attribution,
        transcription=data.transcription,
        scan_file=scan.filename if scan else None,
        scan_type=scan.mimetype if scan else None,
    )
    db.session.add(item)
    db.session.flush()
    item.root_id = item.id
    record(
        actor,
        JournalAction.OFFLINE_ENTRY,
        debate,
        contribution=item,
        details=f"{data.channel.value} · {event}",
    )
    enqueue(item.id)
    db.session.commit()
    return item


def recent_events(debate: Debate, limit: int = 30) -> list[str]:
    """Events already used in this debate, newest first (offered when entering more)."""
    rows = db.session.execute(
        db.select(Contribution.event, db.func.max(Contribution.id).label("last"))
        .where(Contribution.debate_id == debate.id, Contribution.event != "")
        .group_by(Contribution.event)
        .order_by(db.text("last DESC"))
        .limit(limit)
    )
    return [row.event for row in rows]
