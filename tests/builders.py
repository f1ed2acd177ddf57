"""Plain functions that build test data through the real models and services."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from functools import cache

from forum import debates
from forum.accounts import hash_password, pseudonym_key
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Document,
    DocumentKind,
    Kind,
    ModerationMode,
    Phase,
    Relation,
    Role,
    Status,
    User,
    utcnow,
)
from forum.sanitize import render_markdown

DEFAULT_PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


@cache
def _default_hash() -> str:
    """The hash of the default password, made once: built users share it (a salt each would
    cost a hashing each, and tests build thousands of users)."""
    return hash_password(DEFAULT_PASSWORD)


def make_user(
    pseudonym: str | None = None,
    *,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    admin: bool = False,
    active: bool = True,
    locale: str = "fr",
    verified: bool = True,
) -> User:
    n = next(_counter)
    pseudonym = pseudonym or f"Participant{n}"
    user = User(
        email=email or f"person{n}@example.org",
        pseudonym=pseudonym,
        pseudonym_key=pseudonym_key(pseudonym),
        password_hash=_default_hash() if password == DEFAULT_PASSWORD else hash_password(password),
        is_admin=admin,
        active=active,
        locale=locale,
        charter_accepted_at=utcnow(),
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_debate(
    slug: str | None = None,
    *,
    title: str = "Prolongement du tramway",
    themes: tuple[str, ...] = ("Tracé et stations", "Coût et financement", "Environnement"),
    phase: Phase = Phase.OPEN,
    moderation_mode: ModerationMode = ModerationMode.A_POSTERIORI,
    summary: str = "Le projet prolonge la ligne de tramway de **quatre stations**.",
) -> Debate:
    return debates.create_debate(
        debates.NewDebate(
            slug=slug or f"debat-{next(_counter)}",
            title=title,
            theme_names=themes,
            phase=phase,
            moderation_mode=moderation_mode,
            summary=summary,
            easy_summary="Un tramway plus long. Vous pouvez donner votre avis.",
            owner_name="Métropole de Belcombe",
            charter="Article 1 — Respecter les personnes.",
            opens_on=date.today() - timedelta(days=10),
            closes_on=date.today() + timedelta(days=50),
        )
    )


def make_contribution(
    debate: Debate,
    author: User,
    *,
    title: str = "Un avis sur le tracé",
    body: str = "Le tracé devrait desservir l'hôpital.",
    kind: Kind = Kind.OPINION,
    themes=None,
    status: Status = Status.PUBLISHED,
    parent: Contribution | None = None,
    relation: Relation | None = None,
    channel: Channel = Channel.ONLINE,
    created_at: datetime | None = None,
) -> Contribution:
    when = created_at or utcnow()
    item = Contribution(
        debate_id=debate.id,
        author_id=author.id,
        kind=kind,
        title=title,
        body_source=body,
        body_html=render_markdown(body),
        channel=channel,
        status=status,
        created_at=when,
        updated_at=when,
        published_at=when if status == Status.PUBLISHED else None,
        themes=list(themes)
        if themes is not None
        else list(parent.themes if parent else debate.themes[:1]),
        parent_id=parent.id if parent else None,
        relation=relation,
        depth=parent.depth + 1 if parent else 0,
    )
    db.session.add(item)
    db.session.flush()
    item.root_id = (parent.root_id or parent.id) if parent else item.id
    db.session.commit()
    return item


def make_document(
    debate: Debate,
    *,
    title: str = "Dossier du maître d'ouvrage",
    kind: DocumentKind = DocumentKind.PROJECT_FILE,
    summary: str = "Le dossier.",
) -> Document:
    doc = Document(
        debate_id=debate.id,
        kind=kind,
        title=title,
        summary_source=summary,
        summary_html=render_markdown(summary),
    )
    db.session.add(doc)
    db.session.commit()
    return doc


def grant(user: User, debate: Debate, role: Role) -> None:
    debates.grant_role(user, debate, role)
