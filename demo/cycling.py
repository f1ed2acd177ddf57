"""A second demo debate, closed, with its report published: a cycling plan for Belcombe.

It shows the end of a debate: tagged contributions, weak signals confirmed and one
dismissed, questions answered (one late) and one left unanswered, a report with its
citations, statistics and annex, open data. The first demo debate stays open.

Registered in ``demo.cli.demo_loaders`` after the open debate, its moderation and its
questions; safe to run twice (nothing is done if the debate exists). The texts are in
``demo/data/cycling*.yaml``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import current_app

from demo.content import load
from demo.tram import DEMO_PASSWORD
from forum.accounts import hash_password, pseudonym_key, unused_pseudonym
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
    Transcription,
    User,
    utcnow,
)
from forum.sanitize import render_markdown
from moderation import tags
from moderation.offline import default_attribution
from questions import circuit as questions
from synthesis import documents, report, weak_signals
from synthesis.models import ReportSection


def _staff(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def _people(password_hash: str) -> dict[str, User]:
    people = {}
    for person in load("cycling")["people"]:
        key, pseudonym = person["key"], person["pseudonym"]
        email = f"{key}.velo@demo.palabre.example"
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            name = unused_pseudonym(
                pseudonym,
                lambda key: db.session.scalar(db.select(User.id).where(User.pseudonym_key == key))
                is not None,
            )
            user = User(
                email=email,
                pseudonym=name,
                pseudonym_key=pseudonym_key(name),
                password_hash=password_hash,
                charter_accepted_at=utcnow(),
                age_band=person.get("age_band"),
                gender=person.get("gender"),
                area=person["area"],
            )
            db.session.add(user)
        people[key] = user
    db.session.flush()
    return people


def _debate(today: date) -> Debate:
    spec = load("cycling")["debate"]
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
        phase=Phase.OPEN,
        opens_on=today - timedelta(days=spec["opens_days_ago"]),
        closes_on=today - timedelta(days=spec["closes_days_ago"]),
        moderation_mode=ModerationMode.A_POSTERIORI,
        answer_deadline_days=spec["answer_deadline_days"],
    )
    for position, theme in enumerate(load("cycling")["themes"]):
        debate.themes.append(
            Theme(
                slug=theme["slug"],
                name=theme["name"],
                description=theme["description"],
                position=position,
            )
        )
    debate.documents.append(
        Document(
            kind=DocumentKind.PROJECT_FILE,
            title=spec["project_file_title"],
            summary_source=spec["summary"],
            summary_html=render_markdown(spec["summary"]),
            published_on=today - timedelta(days=spec["opens_days_ago"]),
        )
    )
    db.session.add(debate)
    db.session.flush()
    return debate


def _contributions(debate: Debate, people: dict[str, User]) -> dict[str, Contribution]:
    themes = {theme.slug: theme for theme in debate.themes}
    now = utcnow()
    made: dict[str, Contribution] = {}
    for spec in load("cycling_contributions")["contributions"]:
        when = now - timedelta(days=spec["days"], hours=len(made) % 9)
        channel = Channel(spec.get("channel", "online"))
        parent = made.get(spec.get("parent") or "")
        item = Contribution(
            debate=debate,
            author=people[spec["author"]] if spec["author"] else None,
            kind=Kind(spec["kind"]),
            title=spec["title"],
            body_source=spec["body"],
            body_html=render_markdown(spec["body"]),
            channel=channel,
            status=Status.PUBLISHED,
            created_at=when,
            updated_at=when,
            published_at=when,
            themes=[themes[slug] for slug in spec["themes"]],
            parent=parent,
            relation=Relation(spec["relation"]) if spec.get("relation") else None,
            depth=parent.depth + 1 if parent else 0,
        )
        if channel != Channel.ONLINE:
            item.event = spec["event"]
            item.occurred_on = when.date()
            item.transcription = (
                Transcription.VERBATIM if channel == Channel.LETTER else Transcription.SUMMARY
            )
            item.attribution = default_attribution(channel, spec["event"], when.date())
        db.session.add(item)
        db.session.flush()
        item.root_id = parent.root_id if parent else item.id
        made[spec["key"]] = item
        questions.send_to_owner(item)
    db.session.commit()
    return made


def _answers(made: dict[str, Contribution], owner: User, committee: User) -> None:
    for spec in load("cycling_report")["answers"]:
        text, after_days = spec["body"], spec["after_days"]
        question = made[spec["question"]]
        questions.submit_answer(question, owner, questions.AnswerDraft(body=text))
        version = questions.validate_answer(question, committee)
        answered = question.published_at + timedelta(days=after_days)
        version.published_at = answered
        version.answer.answered_at = answered
    db.session.commit()


def _tags(debate: Debate, made: dict[str, Contribution], moderator: User) -> None:
    tags.add_default_vocabulary(debate, moderator)
    vocabulary = {t.slug: t for t in tags.vocabulary(debate)}
    for spec in load("cycling_contributions")["contributions"]:
        if spec.get("tag"):
            tags.attach(made[spec["key"]], vocabulary[spec["tag"]], moderator)


_CITE = re.compile(r"\{cite:(\w+)(\|[^}]*)?\}")


def _report(debate: Debate, made: dict[str, Contribution], committee: User) -> None:
    draft = report.start_report(debate, committee)
    sections: list[ReportSection] = list(draft.sections)
    texts = load("cycling_report")
    for section, spec in zip(sections, texts["sections"], strict=True):
        title, body = spec["title"], spec["body"]
        source = _CITE.sub(lambda m: f"[[cite:{made[m.group(1)].id}{m.group(2) or ''}]]", body)
        report.save_section(debate, section, committee, title, source, "Rédaction")
    for spec in texts["set_aside"]:
        report.set_aside(debate, committee, made[spec["contribution"]].id, spec["reason"])
    base = current_app.config.get("PALABRE_BASE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context("/", base_url=base):
        documents.publish_and_print(debate, committee)


def load_synthesis_demo() -> None:
    """Create the closed cycling-plan debate and publish its report, unless it exists."""
    slug = load("cycling")["debate"]["slug"]
    if db.session.scalar(db.select(Debate.id).where(Debate.slug == slug)):
        return
    moderator = _staff("moderation@palabre.example")
    committee = _staff("commission@palabre.example")
    owner = _staff("maitre-ouvrage@palabre.example")
    if moderator is None or committee is None or owner is None:
        return
    debate = _debate(date.today())
    for user, role in (
        (moderator, Role.MODERATOR),
        (committee, Role.COMMITTEE),
        (owner, Role.OWNER),
    ):
        db.session.add(DebateRole(user=user, debate=debate, role=role))
    people = _people(hash_password(DEMO_PASSWORD))
    made = _contributions(debate, people)
    _answers(made, owner, committee)
    _tags(debate, made, moderator)
    debate.phase = Phase.CLOSED
    db.session.commit()
    weak_signals.compute(debate)
    for spec in load("cycling_report")["weak_signals"]:
        key, confirm, note = spec["contribution"], spec["confirm"], spec["note"]
        decide = weak_signals.confirm if confirm else weak_signals.dismiss
        decide(debate, made[key].id, committee if confirm else moderator, note)
    _report(debate, made, committee)
