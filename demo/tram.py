"""The open demo debate that ``flask --app app demo`` creates, from ``demo/data/tram*.yaml``."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _

from demo.content import load
from forum import labels
from forum.accounts import hash_password, pseudonym_key
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    DebateRole,
    Document,
    DocumentKind,
    Kind,
    ModerationMode,
    Phase,
    Relation,
    Role,
    Status,
    Theme,
    User,
    utcnow,
)
from forum.sanitize import render_markdown

DEMO_PASSWORD = "palabre-demo-2026"

# (e-mail, pseudonym, global admin?, role in the demo debate), from demo/data/accounts.yaml
STAFF_ACCOUNTS = tuple(
    (
        account["email"],
        account["pseudonym"],
        account.get("admin", False),
        Role(account["role"]) if account.get("role") else None,
    )
    for account in load("accounts")["staff"]
)


def _account_lines() -> list[str]:
    """One line per demo account, its role named in the site's language."""
    lines = []
    for email, _pseudonym, admin, role in STAFF_ACCOUNTS:
        if admin:
            named = _("Administrator")
        else:
            named = str(labels.ROLE[role]) if role else _("Participant")
        lines.append(f"{email:<34} {DEMO_PASSWORD}   ({named})")
    return lines


def demo_user(email: str, pseudonym: str, password_hash: str, *, admin: bool = False) -> User:
    """The account ``email``, created (verified, charter accepted) unless it exists."""
    existing = db.session.scalar(db.select(User).where(User.email == email))
    if existing is not None:
        return existing
    user = User(
        email=email,
        pseudonym=pseudonym,
        pseudonym_key=pseudonym_key(pseudonym),
        password_hash=password_hash,
        is_admin=admin,
        charter_accepted_at=utcnow(),
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    return user


def load_demo() -> list[str]:
    """Create the demo debate and its accounts unless they exist; return the account lines."""
    data = load("tram")
    spec = data["debate"]
    if db.session.scalar(db.select(Debate.id).where(Debate.slug == spec["slug"])) is not None:
        return _account_lines()

    # One hash for every demo account: the slow KDF would otherwise cost seconds here.
    password_hash = hash_password(DEMO_PASSWORD)
    today = date.today()
    now = utcnow()
    debate = Debate(
        slug=spec["slug"],
        title=spec["title"],
        summary_source=spec["summary"],
        summary_html=render_markdown(spec["summary"]),
        easy_summary_source=spec["easy_summary"],
        easy_summary_html=render_markdown(spec["easy_summary"]),
        owner_name=spec["owner_name"],
        charter_source=spec["charter"],
        charter_html=render_markdown(spec["charter"]),
        phase=Phase(spec["phase"]),
        opens_on=today - timedelta(days=spec["opens_days_ago"]),
        closes_on=today + timedelta(days=spec["closes_in_days"]),
        moderation_mode=ModerationMode(spec["moderation_mode"]),
        answer_deadline_days=spec["answer_deadline_days"],
    )
    db.session.add(debate)
    themes = {}
    for position, theme_spec in enumerate(data["themes"]):
        theme = Theme(
            slug=theme_spec["slug"],
            name=theme_spec["name"],
            description=theme_spec["description"],
            position=position,
        )
        debate.themes.append(theme)
        themes[theme_spec["slug"]] = theme
    for doc in data["documents"]:
        debate.documents.append(
            Document(
                kind=DocumentKind(doc["kind"]),
                title=doc["title"],
                summary_source=doc["summary"],
                summary_html=render_markdown(doc["summary"]),
                published_on=today - timedelta(days=doc["days_ago"]),
            )
        )

    for email, pseudonym, admin, role in STAFF_ACCOUNTS:
        user = demo_user(email, pseudonym, password_hash, admin=admin)
        if role is not None:
            db.session.add(DebateRole(user=user, debate=debate, role=role))
    people = {
        person["key"]: demo_user(
            f"{person['key']}@demo.palabre.example", person["pseudonym"], password_hash
        )
        for person in data["people"]
    }
    db.session.flush()

    created: dict[str, Contribution] = {}
    for spec_item in load("tram_contributions")["contributions"]:
        when = now - timedelta(days=spec_item["days_ago"], minutes=len(created) * 7)
        parent = created.get(spec_item["parent"]) if spec_item.get("parent") else None
        status = Status(spec_item["status"])
        item = Contribution(
            debate=debate,
            author=people[spec_item["author"]],
            kind=Kind(spec_item["kind"]),
            title=spec_item["title"],
            body_source=spec_item["body"],
            body_html=render_markdown(spec_item["body"]),
            channel=Channel(spec_item["channel"]),
            status=status,
            created_at=when,
            updated_at=when,
            published_at=when if status == Status.PUBLISHED else None,
            themes=[themes[slug] for slug in spec_item["themes"]],
            relation=Relation(spec_item["relation"]) if spec_item.get("relation") else None,
            source_url=spec_item.get("source_url", ""),
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
        )
        db.session.add(item)
        db.session.flush()
        item.root_id = parent.root_id if parent else item.id
        created[spec_item["key"]] = item
    db.session.commit()
    return _account_lines()
