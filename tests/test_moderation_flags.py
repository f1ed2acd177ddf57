"""Flags: a participant reports a contribution once; moderators see it; the public never."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Notification, Status
from moderation.models import Flag, FlagReason
from tests import builders
from tests.builders_moderation import make_team
from tests.conftest import login, post_form


@pytest.fixture
def team(app):
    return make_team()


@pytest.fixture
def item(team):
    return builders.make_contribution(team.debate, team.committee, title="Un avis discuté")


def flag_count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Flag))


def test_a_participant_flags_once_with_a_reason_and_moderators_are_told(client, team, item):
    login(client, team.participant)
    url = f"/contributions/{item.id}/flag"
    response = post_form(client, url, {"reason": "personal_attack", "note": "Vise un élu."})
    assert response.status_code == 302
    flag = db.session.scalar(db.select(Flag))
    assert (flag.reason, flag.note, flag.user_id) == (
        FlagReason.PERSONAL_ATTACK,
        "Vise un élu.",
        team.participant.id,
    )
    notes = db.session.scalars(db.select(Notification).where(Notification.kind == "new_flag")).all()
    assert [n.user_id for n in notes] == [team.moderator.id]

    # Twice: refused, the form says so.
    page = client.get(url).get_data(as_text=True)
    assert "already reported" in page or "déjà signalé" in page
    response = post_form(client, url, {"reason": "off_topic"}, form_url=f"/contributions/{item.id}")
    assert response.status_code == 422
    assert flag_count() == 1


def test_the_flag_reaches_the_queue(client, team, item):
    login(client, team.participant)
    post_form(client, f"/contributions/{item.id}/flag", {"reason": "advertising", "note": "Pub."})
    staff = client.application.test_client()
    login(staff, team.moderator)
    html = staff.get("/moderation/tram/?need=flagged").get_data(as_text=True)
    assert "Un avis discuté" in html and "Pub." in html


def test_a_reason_is_required_and_other_needs_words(client, team, item):
    login(client, team.participant)
    url = f"/contributions/{item.id}/flag"
    assert post_form(client, url, {"reason": ""}).status_code == 422
    assert post_form(client, url, {"reason": "other", "note": ""}).status_code == 422
    assert flag_count() == 0


def test_one_cannot_flag_ones_own_contribution_nor_a_masked_one(client, team, item):
    login(client, team.committee)
    assert (
        post_form(
            client, f"/contributions/{item.id}/flag", {"reason": "other", "note": "x"}
        ).status_code
        == 422
    )
    masked = builders.make_contribution(team.debate, team.owner, status=Status.MASKED)
    other = client.application.test_client()
    login(other, team.participant)
    assert (
        post_form(other, f"/contributions/{masked.id}/flag", {"reason": "off_topic"}).status_code
        == 422
    )
    assert flag_count() == 0


def test_anonymous_visitors_are_asked_to_log_in(client, item):
    response = client.get(f"/contributions/{item.id}/flag")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_flags_are_never_shown_or_counted_publicly(client, team, item):
    for n in range(3):
        reporter = builders.make_user(f"Rapporteur{n}")
        reporter_client = client.application.test_client()
        login(reporter_client, reporter)
        post_form(
            reporter_client,
            f"/contributions/{item.id}/flag",
            {"reason": "personal_data", "note": f"note secrète {n}"},
        )
    assert flag_count() == 3
    anonymous = client.application.test_client()
    participant = client.application.test_client()
    login(participant, team.participant)
    for visitor in (anonymous, participant):
        for url in (
            f"/contributions/{item.id}",
            "/debates/tram",
            "/debates/tram/contributions",
            f"/debates/tram/themes/{item.themes[0].slug}",
            "/debates/tram/moderation-journal",
            "/api/v1/debates/tram/contributions",
        ):
            body = visitor.get(url).get_data(as_text=True)
            assert "note secrète" not in body
            assert not re.search(r"\b3\s*(signalements?|reports?|flags?)\b", body, re.I)
            assert "Rapporteur" not in body
            assert "personal_data" not in body
