"""Builders for moderation tests: a debate with its team, tags, and a few contributions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from forum.extensions import db
from forum.models import Contribution, Debate, ModerationMode, Phase, Role, User
from moderation import tags as tag_service
from moderation.models import JournalAction, JournalEntry, Tag
from tests import builders

CHARTER = """Préambule.

**Article 1 — L'esprit du débat**

Chacun s'exprime librement.

**Article 2 — Pas d'attaques personnelles**

Critiquez les idées, pas les personnes.

## Article 3 — Données personnelles d'autrui

Ne publiez aucune information permettant d'identifier une autre personne.
"""
ARTICLE_2 = "Article 2 — Pas d'attaques personnelles"
ARTICLE_3 = "Article 3 — Données personnelles d'autrui"


@dataclass
class Team:
    debate: Debate
    moderator: User
    committee: User
    owner: User
    participant: User
    admin: User
    other_moderator: User  # moderates another debate


def make_team(
    slug: str = "tram",
    *,
    moderation_mode: ModerationMode = ModerationMode.A_POSTERIORI,
    phase: Phase = Phase.OPEN,
) -> Team:
    debate = builders.make_debate(slug, moderation_mode=moderation_mode, phase=phase)
    debate.charter_source = CHARTER
    db.session.commit()
    moderator = builders.make_user("Modératrice")
    committee = builders.make_user("Commissaire")
    owner = builders.make_user("Maître d'ouvrage")
    participant = builders.make_user("Camille")
    admin = builders.make_user("Admin", admin=True)
    other_moderator = builders.make_user("Autre modo")
    other = builders.make_debate(f"{slug}-autre")
    builders.grant(moderator, debate, Role.MODERATOR)
    builders.grant(committee, debate, Role.COMMITTEE)
    builders.grant(owner, debate, Role.OWNER)
    builders.grant(other_moderator, other, Role.MODERATOR)
    return Team(debate, moderator, committee, owner, participant, admin, other_moderator)


def vocabulary(debate: Debate) -> dict[str, Tag]:
    tag_service.add_default_vocabulary(debate, None)
    return {t.slug: t for t in tag_service.vocabulary(debate)}


def journal_rows(action: JournalAction | None = None) -> list[JournalEntry]:
    query = db.select(JournalEntry).order_by(JournalEntry.id)
    if action is not None:
        query = query.where(JournalEntry.action == action)
    return list(db.session.scalars(query))


def offline_entry(team: Team, **overrides) -> dict:
    """The fields of the offline entry form: a summary heard at a public meeting."""
    data = {
        "channel": "public_meeting",
        "occurred_on": (date.today() - timedelta(days=3)).isoformat(),
        "event": "Réunion publique, Halle aux Grains",
        "kind": "opinion",
        "themes": [team.debate.themes[1].id],
        "title": "Le coût inquiète un habitant",
        "body": "Un habitant estime que 318 M€ pour 7 km, c'est trop.",
        "transcription": "summary",
        "attribution": "",
    }
    data.update(overrides)
    return data


def mails_to(user: User) -> list:
    """The e-mails sent to ``user``: the queue is sent first (to the outbox folder, as
    ``flask send-mail`` does without an SMTP server), then the outbox is read."""
    from forum import mail

    mail.send_pending()
    return [m for m in mail.outbox_messages() if user.email in m.to]


def reload(item: Contribution) -> Contribution:
    db.session.expire_all()
    return db.session.get(Contribution, item.id)


def image_bytes(fmt: str = "PNG", *, with_gps: bool = False) -> bytes:
    """A small real image, optionally carrying EXIF data with a GPS position."""
    import io

    from PIL import Image

    image = Image.new("RGB", (8, 6), (200, 120, 40))
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (43.0, 36.0, 0.0)}  # GPS IFD
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()
