"""Offline contributions: entered by a moderator, shown with their channel in the same
threads, themes and open data as online ones; scans checked by content and served safely."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from forum.extensions import db
from forum.models import Channel, Contribution, Phase, Transcription
from moderation.labels import TRANSCRIPTION
from moderation.models import JournalAction
from tests.builders_moderation import image_bytes, journal_rows, make_team
from tests.builders_moderation import offline_entry as entry
from tests.conftest import login, post_form


@pytest.fixture
def team(app):
    return make_team()


def test_an_offline_entry_appears_in_its_theme_its_thread_and_open_data(client, team):
    login(client, team.moderator)
    response = post_form(client, "/moderation/tram/offline", entry(team))
    assert response.status_code == 302
    item = db.session.scalar(db.select(Contribution))
    assert item.channel == Channel.PUBLIC_MEETING and item.author_id is None
    assert item.transcription == Transcription.SUMMARY
    assert item.event == "Réunion publique, Halle aux Grains"
    assert "Halle aux Grains" in item.attribution  # "participant at the meeting of …"
    [row] = journal_rows(JournalAction.OFFLINE_ENTRY)
    assert row.contribution_id == item.id and row.actor_id == team.moderator.id

    # The form keeps the meeting selected for the next entry.
    location = urlsplit(response.headers["Location"])
    kept = parse_qs(location.query)
    assert kept["channel"] == ["public_meeting"] and kept["event"] == [item.event]
    assert kept["date"] == [item.occurred_on.isoformat()]
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="Réunion publique, Halle aux Grains"' in form
    assert f'value="{item.occurred_on.isoformat()}"' in form
    assert '<option selected value="public_meeting">' in form

    public = client.application.test_client()
    theme_page = public.get(f"/debates/tram/themes/{team.debate.themes[1].slug}").get_data(
        as_text=True
    )
    assert "Le coût inquiète un habitant" in theme_page
    assert "Réunion publique" in theme_page  # the channel is shown
    thread = public.get(f"/contributions/{item.id}").get_data(as_text=True)
    assert "Halle aux Grains" in thread and "318 M€" in thread
    with client.application.test_request_context():
        assert str(TRANSCRIPTION[Transcription.SUMMARY]) in thread  # marked as a summary
    # People answer it in its thread like any contribution.
    participant = client.application.test_client()
    login(participant, team.participant)
    response = post_form(
        participant,
        f"/contributions/{item.id}/reply",
        {"relation": "nuances", "kind": "opinion", "body": "Le coût par habitant compte."},
    )
    assert response.status_code == 302
    thread = public.get(f"/contributions/{item.id}").get_data(as_text=True)
    assert "318 M€" in thread and "Le coût par habitant compte." in thread
    data = public.get("/api/v1/debates/tram/contributions").get_json()
    [shown] = [c for c in data["contributions"] if c["id"] == item.id]
    assert shown["channel"] == "public_meeting"


def test_a_name_only_with_consent(client, team):
    login(client, team.moderator)
    response = post_form(
        client, "/moderation/tram/offline", entry(team, attribution="Jeanne Martin")
    )
    assert response.status_code == 422
    assert 'value="Jeanne Martin"' in response.get_data(as_text=True)  # nothing typed is lost
    response = post_form(
        client, "/moderation/tram/offline", entry(team, attribution="Jeanne Martin", consent="y")
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(Contribution)).attribution == "Jeanne Martin"


def test_online_is_not_an_offline_channel_and_the_date_is_checked(client, team):
    login(client, team.moderator)
    future = (date.today() + timedelta(days=2)).isoformat()
    assert (
        post_form(client, "/moderation/tram/offline", entry(team, channel="online")).status_code
        == 422
    )
    assert (
        post_form(client, "/moderation/tram/offline", entry(team, occurred_on=future)).status_code
        == 422
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(Contribution)) == 0


def test_no_entry_once_the_report_is_published(client, app):
    team = make_team("clos", phase=Phase.REPORTED)
    login(client, team.moderator)
    response = post_form(client, "/moderation/clos/offline", entry(team))
    assert response.status_code == 403


def _upload(client, team, payload: bytes, name: str):
    data = entry(team)
    data["scan"] = (io.BytesIO(payload), name)
    return post_form(client, "/moderation/tram/offline", data, content_type="multipart/form-data")


def test_a_photo_is_checked_by_content_re_encoded_and_served_safely(client, team, app):
    login(client, team.moderator)
    response = _upload(client, team, image_bytes("JPEG", with_gps=True), "photo.txt")
    assert response.status_code == 302
    item = db.session.scalar(db.select(Contribution))
    assert item.scan_type == "image/jpeg"
    stored = Path(app.instance_path) / "scans" / item.scan_file
    assert stored.exists() and "static" not in str(stored)
    assert "photo" not in item.scan_file
    assert not Image.open(stored).getexif()  # EXIF (and its GPS position) is gone

    public = client.application.test_client()
    assert f"/contributions/{item.id}/scan" in public.get(f"/contributions/{item.id}").get_data(
        as_text=True
    )
    response = public.get(f"/contributions/{item.id}/scan")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        "inline" in response.headers["Content-Disposition"]
        or "filename" in response.headers["Content-Disposition"]
    )


def test_a_file_that_is_not_an_image_or_pdf_is_refused(client, team):
    login(client, team.moderator)
    response = _upload(client, team, b"<html><script>alert(1)</script></html>", "scan.png")
    assert response.status_code == 422
    response = _upload(client, team, b"\x89PNG\r\n\x1a\nnot really", "scan.png")
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Contribution)) == 0


@pytest.mark.parametrize("app_config", [{"PALABRE_MAX_SCAN_BYTES": 1000}])
def test_a_file_too_large_is_refused(client, team):
    login(client, team.moderator)
    response = _upload(client, team, b"%PDF-1.4\n" + b"0" * 2000, "scan.pdf")
    assert response.status_code == 422


def test_a_pdf_is_downloaded_not_shown(client, team):
    login(client, team.moderator)
    assert _upload(client, team, b"%PDF-1.4\n%%EOF\n", "registre.pdf").status_code == 302
    item = db.session.scalar(db.select(Contribution))
    response = client.get(f"/contributions/{item.id}/scan")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
