"""The project owner's inbox (overdue and due-soon marks, reached from the debate page) and
the deadline reminders of `flask --app app send-reminders`."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import OutgoingMail, Role
from questions import circuit as questions
from questions import reminders
from questions.circuit import site_today
from questions.models import QuestionReminder, ReminderKind
from tests import builders
from tests.builders_questions import answer_and_publish, days_ago, make_question, staff

BASE = "https://debats.example.fr"


@pytest.fixture
def app_config() -> dict:
    # The dashboard's threshold: due within 3 days is "due soon".
    return {"PALABRE_BASE_URL": BASE, "PALABRE_SOON_DUE_DAYS": 3}


@pytest.fixture
def world(app):
    """A debate (15 days to answer) with its owner and three questions: one overdue, one
    due in two days, one asked yesterday."""
    debate = builders.make_debate("tram")
    owner, member, moderator = staff(debate)
    asker = builders.make_user("Camille")
    late = make_question(debate, asker, title="Question en retard", published_at=days_ago(20))
    soon = make_question(debate, asker, title="Question bientôt due", published_at=days_ago(13))
    fresh = make_question(debate, asker, title="Question récente", published_at=days_ago(1))
    return {
        "debate": debate,
        "owner": owner,
        "member": member,
        "moderator": moderator,
        "asker": asker,
        "late": late,
        "soon": soon,
        "fresh": fresh,
    }


def _mails() -> list[OutgoingMail]:
    """The reminders queued: the e-mails that link to a question's answer page (the
    circuit's own notifications link to the question)."""
    queued = db.session.scalars(db.select(OutgoingMail).order_by(OutgoingMail.id))
    return [m for m in queued if re.search(r"/questions/\d+/answer", m.body)]


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


# --- The inbox -----------------------------------------------------------------------------


def test_the_inbox_marks_overdue_and_due_soon_questions_overdue_first(client, login_as, world):
    login_as(world["owner"])
    client.get("/lang/en")
    page = _text(client.get("/debates/tram/questions/to-answer"))
    late, soon, fresh = (
        page.index("Question en retard"),
        page.index("Question bientôt due"),
        page.index("Question récente"),
    )
    assert late < soon < fresh
    late_row, soon_row, fresh_row = page[late:soon], page[soon:fresh], page[fresh:]
    due_late = questions.view_of(world["late"], None).due
    assert "Overdue" in late_row and "days ago" in late_row
    assert f'datetime="{due_late.isoformat()}"' in late_row
    assert "Due soon" in soon_row and "in 2 days" in soon_row
    assert "Overdue" not in fresh_row and "Due soon" not in fresh_row
    assert "due by" in fresh_row


def test_the_inbox_speaks_french_by_default(client, login_as, world):
    login_as(world["owner"])
    page = _text(client.get("/debates/tram/questions/to-answer"))
    assert "En retard" in page and "Échéance proche" in page and "dans 2 jours" in page


def test_only_the_project_owner_sees_the_inbox_link_on_the_debate_page(client, login_as, world):
    link = 'href="/debates/tram/questions/to-answer"'
    assert link not in client.get("/debates/tram").get_data(as_text=True)
    for person in (
        world["asker"],
        world["member"],
        world["moderator"],
        builders.make_user(admin=True),
    ):
        login_as(person)
        assert link not in client.get("/debates/tram").get_data(as_text=True)
        client.delete_cookie("session")
    login_as(world["owner"])
    page = client.get("/debates/tram").get_data(as_text=True)
    assert link in page
    assert client.get("/debates/tram/questions/to-answer").status_code == 200


# --- The reminders -----------------------------------------------------------------------


def test_each_reminder_is_queued_once_however_often_the_command_runs(runner, world):
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "2 rappels mis en file d'attente." in first.output
    second = runner.invoke(args=["send-reminders"])
    assert "0 rappel mis en file d'attente." in second.output
    mails = _mails()
    assert len(mails) == 2
    assert {m.to_address for m in mails} == {world["owner"].email}
    kinds = {(row.question_id, row.kind) for row in db.session.scalars(db.select(QuestionReminder))}
    assert kinds == {
        (world["late"].id, ReminderKind.OVERDUE),
        (world["soon"].id, ReminderKind.DUE_SOON),
    }


def test_the_due_soon_reminder_then_the_overdue_one_when_the_deadline_passes(app, world):
    today = site_today()
    assert reminders.send_deadline_reminders(today) == 2
    # Three days later the "soon" question is overdue: its second reminder, and only it.
    assert reminders.send_deadline_reminders(today + timedelta(days=3)) == 1
    assert reminders.send_deadline_reminders(today + timedelta(days=3)) == 0
    [last] = _mails()[-1:]
    assert "Question bientôt due" in last.body and "dépassé" in last.subject


def test_answered_questions_get_no_reminder(app, world):
    # Answered in time: nothing, ever.
    answer_and_publish(world["fresh"], world["owner"], world["member"])
    # Answered after its first reminder: no second one.
    today = site_today()
    assert reminders.send_deadline_reminders(today) == 2
    answer_and_publish(world["soon"], world["owner"], world["member"])
    assert reminders.send_deadline_reminders(today + timedelta(days=30)) == 0
    assert len(_mails()) == 2
    assert not any("Question récente" in m.body for m in _mails())


def test_an_answer_awaiting_the_committee_is_not_reminded_to_the_owner(app, world):
    questions.submit_answer(
        world["late"], world["owner"], questions.AnswerDraft(body="Oui, dès 6 h 30.")
    )
    assert reminders.send_deadline_reminders() == 1  # the "soon" one only
    assert "Question bientôt due" in _mails()[0].body


def test_the_mail_is_in_each_owners_language_with_the_answer_link(runner, world):
    english = builders.make_user("Owner in English", locale="en")
    builders.grant(english, world["debate"], Role.OWNER)
    result = runner.invoke(args=["send-reminders"])
    assert "4 rappels mis en file d'attente." in result.output
    by_owner = {}
    for mail in _mails():
        by_owner.setdefault(mail.to_address, []).append(mail)
    french = {m.subject: m.body for m in by_owner[world["owner"].email]}
    english_mails = {m.subject: m.body for m in by_owner[english.email]}
    link_late = f"{BASE}/questions/{world['late'].id}/answer"
    link_soon = f"{BASE}/questions/{world['soon'].id}/answer"
    [overdue_fr] = [b for s, b in french.items() if "dépassé" in s]
    [soon_fr] = [b for s, b in french.items() if "attend votre réponse" in s]
    assert link_late in overdue_fr and "Question en retard" in overdue_fr
    assert link_soon in soon_fr and "Bonjour" in soon_fr
    [overdue_en] = [b for s, b in english_mails.items() if "past its answer deadline" in s]
    [soon_en] = [b for s, b in english_mails.items() if "awaits your answer by" in s]
    assert link_late in overdue_en and overdue_en.startswith("Hello Owner in English")
    assert link_soon in soon_en and "Question bientôt due" in soon_en


def test_a_debate_without_an_owner_keeps_its_reminders_for_the_owner_to_come(app):
    debate = builders.make_debate("sans-mo")
    make_question(debate, builders.make_user(), title="Sans réponse", published_at=days_ago(20))
    assert reminders.send_deadline_reminders() == 0
    owner = builders.make_user("Maîtrise")
    builders.grant(owner, debate, Role.OWNER)
    assert reminders.send_deadline_reminders() == 1
    assert _mails()[0].to_address == owner.email
