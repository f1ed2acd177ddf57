"""A debate's phases, always forward (moderation/lifecycle.py): the service, the committee's
pages under /manage/<slug>/phase, the operator's ``set-phase`` command, and the committee
told when an open debate's closing date has passed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale

from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Debate, DebateRole, Notification, OutgoingMail, Phase, Role
from forum.when import site_today
from moderation import lifecycle
from moderation.models import JournalAction
from tests import builders
from tests.builders_moderation import journal_rows, make_team
from tests.builders_questions import answer_and_publish, make_question
from tests.conftest import post_form


@pytest.fixture
def team(app):
    """A draft debate with everything it needs to open, and its team."""
    return make_team(phase=Phase.DRAFT)


@pytest.fixture
def english(app):
    """Outside a request the site speaks French; these checks read the English."""
    with force_locale("en"):
        yield


def reload(debate: Debate) -> Debate:
    db.session.expire_all()
    return db.session.get(Debate, debate.id)


def text(response) -> str:
    return response.get_data(as_text=True)


def flat(html: str) -> str:
    """The page's words, tags out and spaces joined, as a reader sees them."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- The service ----------------------------------------------------------------------------


def test_a_ready_draft_opens_and_the_public_journal_says_so(client, team):
    change = lifecycle.open_debate(team.debate, team.committee)
    debate = reload(team.debate)
    assert debate.phase == Phase.OPEN and change.before == Phase.DRAFT
    [row] = journal_rows(JournalAction.OPEN_DEBATE)
    assert (row.actor_id, row.debate_id) == (team.committee.id, debate.id)
    page = text(client.get("/debates/tram/moderation-journal"))
    assert "Débat ouvert aux contributions" in page
    client.get("/lang/en")
    page = text(client.get("/debates/tram/moderation-journal"))
    assert "Debate opened to contributions" in page


def test_everything_missing_to_open_is_listed(app, english):
    debate = builders.make_debate("vide", phase=Phase.DRAFT, themes=(), summary="")
    debate.owner_name = ""
    debate.opens_on = debate.closes_on = None
    db.session.commit()
    missing = lifecycle.missing_to_open(debate)
    assert missing == [
        "It has no summary of the project.",
        "It has no theme: participants file their contributions under one.",
        "It has no opening date.",
        "It has no closing date.",
        "It does not name the project owner.",
        "No account holds the project owner's role in this debate: questions would have "
        "nobody to answer them.",
    ]
    with pytest.raises(lifecycle.MissingToOpen) as refused:
        lifecycle.open_debate(debate, None)
    assert refused.value.reasons == missing
    assert reload(debate).phase == Phase.DRAFT
    assert journal_rows(JournalAction.OPEN_DEBATE) == []


def test_a_closing_date_already_past_or_an_owner_role_gone_stop_the_opening(team, english):
    today = site_today()
    team.debate.closes_on = today - timedelta(days=1)
    db.session.execute(db.delete(DebateRole).where(DebateRole.role == Role.OWNER))
    db.session.commit()
    missing = lifecycle.missing_to_open(team.debate, today)
    assert len(missing) == 2
    assert missing[0].startswith("Its closing date,") and "is already past" in missing[0]
    assert "project owner's role" in missing[1]


def test_opening_before_the_opening_date_opens_today_and_says_so(team, english):
    today = site_today()
    planned = today + timedelta(days=5)
    team.debate.opens_on = planned
    db.session.commit()
    change = lifecycle.open_debate(team.debate, team.admin, today)
    assert reload(team.debate).opens_on == today
    assert change.moved_from == planned
    assert any("opening date moved" in message for message in change.messages())
    [row] = journal_rows(JournalAction.OPEN_DEBATE)
    assert "opening date moved" in row.details


@pytest.mark.parametrize(
    ("phase", "target", "says"),
    [
        (Phase.OPEN, Phase.OPEN, "already in this phase"),
        (Phase.CLOSED, Phase.OPEN, "only moves forward"),
        (Phase.REPORTED, Phase.CLOSED, "only moves forward"),
        (Phase.DRAFT, Phase.CLOSED, "cannot jump from"),
        (Phase.CLOSED, Phase.REPORTED, "publishing the report does it"),
        (Phase.OPEN, Phase.REPORTED, "publishing the report does it"),
    ],
)
def test_a_phase_moves_one_step_forward_only(team, english, phase, target, says):
    team.debate.phase = phase
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        lifecycle.set_phase(team.debate, target, team.committee)
    assert says in refused.value.message
    assert reload(team.debate).phase == phase


def test_only_the_committee_and_administrators_change_the_phase(team):
    for someone in (team.moderator, team.owner, team.participant):
        with pytest.raises(NotAllowed):
            lifecycle.open_debate(team.debate, someone)
    assert reload(team.debate).phase == Phase.DRAFT
    lifecycle.open_debate(team.debate, team.admin)
    assert reload(team.debate).phase == Phase.OPEN


def test_closing_early_brings_the_closing_date_to_today(team):
    today = site_today()
    team.debate.phase = Phase.OPEN
    db.session.commit()
    planned = team.debate.closes_on
    assert planned > today
    change = lifecycle.close_debate(team.debate, team.committee, today)
    debate = reload(team.debate)
    assert (debate.phase, debate.closes_on, change.moved_from) == (Phase.CLOSED, today, planned)
    assert len(journal_rows(JournalAction.CLOSE_DEBATE)) == 1


def test_closing_late_keeps_the_closing_date(team):
    today = site_today()
    past = today - timedelta(days=4)
    team.debate.phase, team.debate.closes_on = Phase.OPEN, past
    db.session.commit()
    change = lifecycle.close_debate(team.debate, None, today)
    assert reload(team.debate).closes_on == past and change.moved_from is None


# --- The pages ------------------------------------------------------------------------------


def test_the_phase_page_shows_the_phase_and_the_next_step(client, login_as, team):
    login_as(team.committee)
    page = flat(text(client.get("/manage/tram/phase")))
    assert "Phase du débat" in page and "En préparation" in page
    assert 'href="/manage/tram/phase/open"' in text(client.get("/manage/tram/phase"))


def test_opening_from_the_page_needs_a_confirmation(client, login_as, team):
    login_as(team.committee)
    client.get("/lang/en")
    page = text(client.get("/manage/tram/phase/open"))
    assert "What will happen" in page and "cannot open yet" not in page
    refused = post_form(client, "/manage/tram/phase/open", {})
    assert refused.status_code == 422 and "Tick the box to confirm." in text(refused)
    assert reload(team.debate).phase == Phase.DRAFT
    done = post_form(client, "/manage/tram/phase/open", {"confirm": "y"})
    assert done.status_code == 302 and done.headers["Location"] == "/manage/tram/phase"
    assert reload(team.debate).phase == Phase.OPEN
    page = flat(text(client.get("/manage/tram/phase")))
    assert "The debate is open: it takes contributions" in page
    assert "Close the debate" in page


def test_the_opening_page_lists_every_reason_and_offers_no_button(client, login_as, team):
    team.debate.summary_source = ""
    team.debate.owner_name = ""
    db.session.commit()
    login_as(team.committee)
    client.get("/lang/en")
    page = flat(text(client.get("/manage/tram/phase/open")))
    assert "The debate cannot open yet:" in page
    assert "It has no summary of the project." in page
    assert "It does not name the project owner." in page
    assert 'name="confirm"' not in page
    # Posted all the same (an old tab): refused with the reasons, nothing changed.
    response = post_form(client, "/manage/tram/phase/open", {"confirm": "y"})
    assert response.status_code == 422
    assert "It has no summary of the project." in flat(text(response))
    assert reload(team.debate).phase == Phase.DRAFT


def test_the_opening_page_says_the_opening_date_becomes_today(client, login_as, team):
    team.debate.opens_on = site_today() + timedelta(days=3)
    db.session.commit()
    login_as(team.committee)
    client.get("/lang/en")
    page = flat(text(client.get("/manage/tram/phase/open")))
    assert "the debate opens today, and its opening date becomes today" in page


def test_the_closing_page_lists_unanswered_questions_then_closes(client, login_as, team):
    team.debate.phase = Phase.OPEN
    db.session.commit()
    waiting = make_question(team.debate, team.participant, title="Et le dimanche ?")
    answered = make_question(team.debate, team.participant, title="Et la nuit ?")
    answer_and_publish(answered, team.owner, team.committee)
    login_as(team.committee)
    client.get("/lang/en")
    page = flat(text(client.get("/manage/tram/phase/close")))
    assert "Contributions, replies and questions stop" in page
    assert "Questions still unanswered" in page and "They stay answerable" in page
    assert "Et le dimanche ?" in page and "Et la nuit ?" not in page
    assert "can still be transcribed, and CSV files imported" in page
    assert waiting.id
    done = post_form(client, "/manage/tram/phase/close", {"confirm": "y"})
    assert done.status_code == 302 and done.headers["Location"] == "/manage/tram/phase"
    assert reload(team.debate).phase == Phase.CLOSED
    html = text(client.get("/manage/tram/phase"))
    assert "The debate is closed: it takes no more contributions" in flat(html)
    assert 'href="/synthesis/tram/report"' in html
    assert 'href="/manage/tram/phase/close"' not in html


def test_the_closing_page_refuses_a_draft(client, login_as, team):
    login_as(team.committee)
    client.get("/lang/en")
    page = text(client.get("/manage/tram/phase/close"))
    assert "cannot jump from" in page and 'name="confirm"' not in page
    response = post_form(
        client, "/manage/tram/phase/close", {"confirm": "y"}, form_url="/manage/tram/phase"
    )
    assert response.status_code == 422 and "cannot jump from" in text(response)
    assert reload(team.debate).phase == Phase.DRAFT


def test_the_phase_page_warns_when_the_closing_date_has_passed(client, login_as, team):
    team.debate.phase = Phase.OPEN
    team.debate.closes_on = site_today() - timedelta(days=2)
    db.session.commit()
    login_as(team.committee)
    client.get("/lang/en")
    page = flat(text(client.get("/manage/tram/phase")))
    assert "has passed: the debate takes no more contributions" in page


def test_moderators_and_the_owner_do_not_reach_the_phase_pages(client, login_as, team):
    for someone in (team.moderator, team.owner):
        client.delete_cookie("session")
        login_as(someone)
        assert client.get("/manage/tram/phase").status_code == 403
        assert client.get("/manage/tram/phase/open").status_code == 403


# --- Telling the committee ------------------------------------------------------------------


def _notes(user, kind: str = "close_due") -> list[Notification]:
    return list(
        db.session.scalars(
            db.select(Notification).where(
                Notification.user_id == user.id, Notification.kind == kind
            )
        )
    )


def _mails_to(user) -> list[OutgoingMail]:
    query = db.select(OutgoingMail).where(OutgoingMail.to_address == user.email)
    return list(db.session.scalars(query))


def test_the_committee_is_told_once_per_debate_in_each_language(app):
    today = site_today()
    team = make_team()
    team.debate.closes_on = today - timedelta(days=1)
    english = builders.make_user("Member", locale="en")
    builders.grant(english, team.debate, Role.COMMITTEE)
    # Not told: a debate still within its dates, and one already closed.
    within = builders.make_debate("dans-les-temps")
    closed = builders.make_debate("clos", phase=Phase.CLOSED)
    closed.closes_on = today - timedelta(days=3)
    for debate in (within, closed):
        builders.grant(builders.make_user(), debate, Role.COMMITTEE)
    db.session.commit()

    assert lifecycle.tell_committees_past_closing(today) == 1
    [french_note] = _notes(team.committee)
    assert "est passée" in french_note.message and "/manage/tram/phase" in french_note.message
    [english_note] = _notes(english)
    assert "has passed" in english_note.message
    [french_mail] = _mails_to(team.committee)
    assert "Un débat à clore" in french_mail.subject
    [english_mail] = _mails_to(english)
    assert "A debate to close" in english_mail.subject
    for not_committee in (team.moderator, team.owner, team.participant):
        assert _notes(not_committee) == []

    # Once: the next run tells nobody.
    assert lifecycle.tell_committees_past_closing(today) == 0
    assert len(_notes(team.committee)) == 1
    # A closing date moved later that passes again is told again.
    team.debate.closes_on = today + timedelta(days=2)
    db.session.commit()
    assert lifecycle.tell_committees_past_closing(today) == 0
    assert lifecycle.tell_committees_past_closing(today + timedelta(days=3)) == 1
    assert len(_notes(team.committee)) == 2


# --- The operator's command -----------------------------------------------------------------


def test_set_phase_opens_then_closes_with_the_messages_in_french(runner, team):
    opened = runner.invoke(args=["set-phase", "tram", "open"])
    assert opened.exit_code == 0, opened.output
    assert "Le débat est ouvert" in opened.output
    assert reload(team.debate).phase == Phase.OPEN
    closed = runner.invoke(args=["set-phase", "tram", "closed"])
    assert closed.exit_code == 0, closed.output
    assert "Le débat est clos" in closed.output
    assert reload(team.debate).phase == Phase.CLOSED
    assert [row.actor_id for row in journal_rows()][-2:] == [None, None]


def test_set_phase_refuses_with_every_reason_and_a_non_zero_code(runner, team):
    team.debate.summary_source = ""
    db.session.commit()
    refused = runner.invoke(args=["set-phase", "tram", "open"])
    assert refused.exit_code != 0
    assert "Le débat ne peut pas encore ouvrir" in refused.output
    assert "Il n'a pas de présentation du projet." in refused.output
    jump = runner.invoke(args=["set-phase", "tram", "closed"])
    assert jump.exit_code != 0 and "ne peut pas sauter" in jump.output
    unknown = runner.invoke(args=["set-phase", "nulle-part", "open"])
    assert unknown.exit_code != 0 and "Ce débat n'existe pas" in unknown.output
    wrong = runner.invoke(args=["set-phase", "tram", "reported"])
    assert wrong.exit_code != 0
    assert reload(team.debate).phase == Phase.DRAFT


def test_the_reminders_command_tells_the_committee_once(app):
    """`flask send-reminders`, the cron command, runs the committee's reminder too."""
    team = make_team()
    team.debate.closes_on = site_today() - timedelta(days=1)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0 and "1 rappel" in first.output
    assert "0 rappel" in second.output
    assert len(_notes(team.committee)) == 1
