"""The demo's questions, answers, minutes and notifications — and a walk over the pages
they add, which must show no popularity signal (PRODUCT.md section 1)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag

import pytest

from demo.questions import load_questions_demo
from demo.tram import load_demo
from forum.extensions import db
from forum.models import (
    Contribution,
    Debate,
    Document,
    DocumentKind,
    Notification,
    User,
    meeting_contributions,
)
from questions import circuit as questions
from questions import overview
from questions.models import Answer, AnswerState
from tests.conftest import login
from tests.test_doctrine import PageScan, _violations

PASSWORD = "palabre-demo-2026"


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_SMTP_HOST": None}


@pytest.fixture
def demo(app):
    load_demo()
    load_questions_demo()
    return db.session.scalar(db.select(Debate))


def _user(email: str) -> User:
    return db.session.scalar(db.select(User).where(User.email == email))


def test_the_demo_has_every_stage_of_the_circuit_minutes_and_notifications(demo, app):
    _every_stage_of_the_circuit(demo)
    _minutes_of_two_meetings(app)
    _notifications_waiting_and_mail_in_the_outbox(app)
    _safe_to_run_twice()


def _every_stage_of_the_circuit(demo):
    answers = db.session.scalars(db.select(Answer)).all()
    states = {a.state for a in answers}
    assert {AnswerState.PUBLISHED, AnswerState.DRAFT, AnswerState.SUBMITTED} <= states
    assert AnswerState.RETURNED in states
    assert any(len(a.versions) >= 2 for a in answers)  # a revised answer
    assert any(a.reopened_at for a in answers)  # judged incomplete
    assert any(v.document_id for a in answers for v in a.versions)  # an annex
    views = overview.pending_views(demo)
    statuses = {v.status for v in views}
    assert questions.QuestionStatus.OVERDUE in statuses
    assert questions.QuestionStatus.AWAITING in statuses
    board = overview.dashboard(demo)
    assert board.overdue and board.soon_due and board.to_validate and board.returned
    figures = overview.accountability(demo)
    assert 0 < figures.in_time_share < 1 and figures.median_days > 0


def _minutes_of_two_meetings(app):
    minutes = db.session.scalars(
        db.select(Document).where(Document.kind == DocumentKind.MINUTES)
    ).all()
    assert len(minutes) == 2
    for doc in minutes:
        # Their PDFs come last (demo.document_pdfs): tests/test_demo_documents.py.
        assert doc.meeting_on and doc.meeting_place
        linked = db.session.scalars(
            db.select(Contribution)
            .join(meeting_contributions, meeting_contributions.c.contribution_id == Contribution.id)
            .where(meeting_contributions.c.document_id == doc.id)
        ).all()
        assert linked and all(c.channel.value == "public_meeting" for c in linked)


def _notifications_waiting_and_mail_in_the_outbox(app):
    def unread(email):
        return db.session.scalars(
            db.select(Notification.kind).where(
                Notification.user_id == _user(email).id, Notification.read_at.is_(None)
            )
        ).all()

    assert {"answer", "reply"} <= set(unread("participant@palabre.example"))
    assert "new_question" in unread("maitre-ouvrage@palabre.example")
    assert "answer_returned" in unread("maitre-ouvrage@palabre.example")
    assert "answer_submitted" in unread("commission@palabre.example")
    assert "answer" in unread("gerard@demo.palabre.example")
    assert len(list((Path(app.instance_path) / "outbox").glob("*.eml"))) >= 5


def _safe_to_run_twice():
    counts = (
        db.session.scalar(db.select(db.func.count()).select_from(Answer)),
        db.session.scalar(db.select(db.func.count()).select_from(Notification)),
        db.session.scalar(db.select(db.func.count()).select_from(Document)),
    )
    load_questions_demo()
    assert counts == (
        db.session.scalar(db.select(db.func.count()).select_from(Answer)),
        db.session.scalar(db.select(db.func.count()).select_from(Notification)),
        db.session.scalar(db.select(db.func.count()).select_from(Document)),
    )


def _walk_within(client, start: str, prefixes: tuple[str, ...]) -> dict[str, str]:
    """The pages reachable from ``start`` through links starting with ``prefixes``."""
    pages: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if response.mimetype != "text/html":
            pages[url] = ""
            continue
        pages[url] = response.get_data(as_text=True)
        scan = PageScan()
        scan.feed(pages[url])
        queue += [
            urldefrag(href).url
            for href in scan.links
            if href.startswith(prefixes) and urldefrag(href).url not in pages
        ]
    return pages


def test_the_pages_of_questions_and_documents_show_no_popularity_signal(demo, client):
    login(client, _user("participant@palabre.example"), PASSWORD)
    slug = "/debates/tram-t2-saint-orens"
    question_pages = tuple(
        f"/contributions/{c.id}"
        for c in db.session.scalars(db.select(Contribution).where(Contribution.kind == "question"))
    )
    pages = _walk_within(
        client,
        f"{slug}/questions",
        (f"{slug}/questions", f"{slug}/documents/", "/notifications", "/account/notifications")
        + question_pages,
    )
    pages.update(_walk_within(client, slug, (f"{slug}/documents/",)))
    assert any("status=overdue" in url for url in pages)
    assert any(url.startswith("/debates/tram-t2-saint-orens/documents/") for url in pages)
    assert "/notifications" in pages
    assert _violations(pages) == []
    assert "official-answer" in "".join(pages.values())

    # The staff's screens of the demo open too.
    client.delete_cookie("session")
    login(client, _user("commission@palabre.example"), PASSWORD)
    assert client.get("/debates/tram-t2-saint-orens/questions/dashboard").status_code == 200
    client.delete_cookie("session")
    login(client, _user("maitre-ouvrage@palabre.example"), PASSWORD)
    inbox = client.get("/debates/tram-t2-saint-orens/questions/to-answer")
    assert inbox.status_code == 200
    client.delete_cookie("session")
    login(client, _user("admin@palabre.example"), PASSWORD)
    assert ".eml" in client.get("/admin/outbox").get_data(as_text=True)
