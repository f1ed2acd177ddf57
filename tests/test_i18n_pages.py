"""Every page type of the demo, as each role, in French then in English: no interface word
of the other language.

The pages are the accessibility audit's list (``tests/accessibility/test_axe.py``, itself
checked against the application's routes), filled with the demo's ids. What people wrote is
left out (``tests/i18n_support.py``); so are the demo's names and titles, which are data
written in French, before the tell-tale words of the other language are looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from flask_babel import force_locale, format_date
from sqlalchemy import select

from demo.tram import DEMO_PASSWORD
from forum import mail, notifications
from forum.extensions import db
from forum.models import Contribution, Debate, Document, Phase, Theme, User
from moderation import charter
from moderation.models import Contest, Tag
from questions.models import Answer, AnswerState
from synthesis import report
from synthesis.models import ReportSection
from tests.accessibility.test_axe import ERROR_PAGES, PAGES
from tests.conftest import login, module_app, post_form
from tests.i18n_support import foreign_words, interface_text

ROLES = {
    "visitor": None,
    "participant": "participant@palabre.example",
    "moderator": "moderation@palabre.example",
    "committee": "commission@palabre.example",
    "owner": "maitre-ouvrage@palabre.example",
    "admin": "admin@palabre.example",
}
SHOWN = {200, 400, 404}
RESET_LINK = re.compile(r"/password/reset/([\w.-]+)")


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory, migrated_db, request) -> Iterator[Flask]:
    """The demo, built once for the module."""
    yield from module_app(tmp_path_factory, migrated_db, request, "i18n-demo")


def _first(query):
    return db.session.scalar(query.limit(1))


def _demo_ids(app: Flask, authors: dict[str, str]) -> dict[str, object]:
    """The ids the page list needs, taken from the demo (a draft report, a password-reset
    link and an e-mail in the outbox are added, as people would)."""
    open_debate = _first(select(Debate).where(Debate.phase == Phase.OPEN).order_by(Debate.id))
    closed = _first(select(Debate).where(Debate.phase != Phase.OPEN).order_by(Debate.id))
    committee = db.session.scalar(select(User).where(User.email == ROLES["committee"]))
    draft = report.start_report(open_debate, committee)
    db.session.commit()
    participant = db.session.scalar(select(User).where(User.email == ROLES["participant"]))
    client = app.test_client()
    post_form(client, "/password/forgot", {"email": participant.email})
    mail.send_pending()
    reset_mail = next(m for m in mail.outbox_messages() if RESET_LINK.search(m.body))
    in_open = Contribution.debate_id == open_debate.id
    answered = select(Answer.question_id).join(Contribution, Contribution.id == Answer.question_id)
    contest = _first(select(Contest).order_by(Contest.id))
    question = db.session.get(
        Contribution, _first(answered.where(Answer.state == AnswerState.PUBLISHED, in_open))
    )
    # The contest's author and the question's asker see their own pages (to contest, to say
    # an answer is incomplete): they walk the site too, as participants.
    authors["contest author"] = contest.author.email
    authors["asker"] = question.author.email
    return {
        "slug": open_debate.slug,
        "closed": closed.slug,
        "to_publish": closed.slug,
        "theme": _first(select(Theme.slug).where(Theme.debate_id == open_debate.id)),
        "root": _first(select(Contribution.id).where(in_open, Contribution.parent_id.is_(None))),
        "masked": contest.contribution_id,
        "contest": contest.id,
        "question": question.id,
        "open_question": _first(answered.where(Answer.state == AnswerState.SENT, in_open)),
        "reviewed": _first(answered.where(Answer.state == AnswerState.SUBMITTED, in_open))
        or _first(answered.where(Answer.state == AnswerState.PUBLISHED, in_open)),
        "document": _first(select(Document.id).where(Document.debate_id == open_debate.id)),
        "section": draft.sections[1].id,
        "participant_id": participant.id,
        "outbox": reset_mail.name,
        "unsubscribe": notifications.unsubscribe_token(participant.id, "all"),
        "reset": RESET_LINK.search(reset_mail.body).group(1),
    }


def _data_strings() -> tuple[str, ...]:
    """Names and titles people gave (in French in the demo): data, not interface."""
    columns = (
        Debate.title, Debate.owner_name, Theme.name, Theme.description, Contribution.title,
        Contribution.event, Contribution.attribution, Contribution.mask_reason,
        Document.title, Document.meeting_place, User.pseudonym, Tag.name, Tag.description,
        ReportSection.title,
    )  # fmt: skip
    found: set[str] = set()
    for debate in db.session.scalars(select(Debate)):
        found.update(charter.articles(debate))
    for column in columns:
        found.update(value for value in db.session.scalars(select(column)) if value)
    return tuple(found)


@pytest.fixture(scope="module")
def demo_site(demo_app) -> dict[str, object]:
    runner = demo_app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    roles = dict(ROLES)
    ids = _demo_ids(demo_app, roles)
    return {"ids": ids, "roles": roles, "data": _data_strings()}


def _urls(ids: dict[str, object]) -> list[tuple[str, str]]:
    pages = [(endpoint, url) for endpoint, urls in PAGES.items() for url in urls]
    pages += [("error", url) for url in ERROR_PAGES]
    return [(endpoint, url.format(**ids)) for endpoint, url in pages]


@pytest.mark.audit
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_for_every_role_speaks_one_language(demo_app, demo_site, language):
    ids, data = demo_site["ids"], demo_site["data"]
    assert all(value is not None for value in ids.values()), ids
    leaks: dict[str, list[str]] = {}
    seen: set[str] = set()
    for role, email in demo_site["roles"].items():
        client = demo_app.test_client()
        client.get(f"/lang/{language}")
        if email:
            login(client, db.session.scalar(select(User).where(User.email == email)), DEMO_PASSWORD)
        for endpoint, url in _urls(ids):
            response = client.get(url)
            if response.status_code not in SHOWN:
                continue
            seen.add(endpoint)
            text = interface_text(response.get_data(as_text=True))
            for found in foreign_words(text, language, data):
                leaks.setdefault(found, []).append(f"{role} {url}")
    report = [f"{found}\n    on {', '.join(where[:4])}" for found, where in leaks.items()]
    assert not leaks, f"{len(leaks)} words of the other language:\n" + "\n".join(report)
    assert set(PAGES) <= seen, f"page types no role could see: {set(PAGES) - seen}"


@pytest.mark.parametrize(("language", "written", "not_written"), [
    ("fr", r"\d\u00a0%", r"\d%"),
    ("en", r"\d%", r"\d[\s\u00a0]%"),
])  # fmt: skip
def test_the_statistics_write_percentages_in_the_page_language(
    demo_app, demo_site, language, written, not_written
):
    client = demo_app.test_client()
    client.get(f"/lang/{language}")
    page = client.get(f"/statistics/{demo_site['ids']['slug']}").get_data(as_text=True)
    page = page.replace("&nbsp;", "\u00a0")
    assert re.search(written, page)
    assert not re.search(not_written, page)


ENGLISH_DATE = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
)


@pytest.mark.parametrize(("language", "outcome"), [
    ("fr", "(masquage maintenu)"),
    ("en", "(masking upheld)"),
])  # fmt: skip
def test_journals_write_their_codes_and_dates_in_the_page_language(
    demo_app, demo_site, language, outcome
):
    ids = demo_site["ids"]
    client = demo_app.test_client()
    client.get(f"/lang/{language}")
    login(
        client, db.session.scalar(select(User).where(User.email == ROLES["admin"])), DEMO_PASSWORD
    )
    history = client.get(f"/moderation/{ids['slug']}/contributions/{ids['masked']}")
    assert outcome in history.get_data(as_text=True)
    assert "(upheld)" not in history.get_data(as_text=True)
    outbox = client.get("/admin/outbox").get_data(as_text=True)
    message = client.get(f"/admin/outbox/{ids['outbox']}").get_data(as_text=True)
    assert not ENGLISH_DATE.search(outbox) and not ENGLISH_DATE.search(message)
    with force_locale(language):
        month = format_date(date.today(), "MMMM")
    assert re.search(rf"<time datetime=[^>]*>\d+ {month} \d{{4}}", message)
