"""Bulk import of transcribed contributions: check every row, report, then all or nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.extensions import db
from forum.models import Channel, Contribution, IndexTask, Kind, Phase, Transcription
from forum.sanitize import render_markdown, render_markdown_many
from moderation import importing
from moderation.models import JournalAction
from tests.builders_moderation import journal_rows, make_team
from tests.conftest import login, post_form

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
HEADER = "kind,channel,date,event,attribution,themes,title,body\n"


@pytest.fixture
def team(app):
    return make_team()


def csv_text(*rows: str) -> str:
    return HEADER + "".join(f"{row}\n" for row in rows)


PAPER = f"opinion,paper,{YESTERDAY},Registre,,trace-et-stations"
GOOD = [
    f"opinion,paper,{YESTERDAY},Registre de la mairie,,Tracé et stations,Un avis,"
    '"Le tracé, c\'est bien."',
    f"question,letter,{YESTERDAY},Courrier,Jeanne Martin,cout-et-financement;Environnement,,"
    '"Combien ça coûte ?\n\nEt qui paie ?"',
]
BAD = [
    f"remarque,paper,{YESTERDAY},Registre,,trace-et-stations,Titre,Texte",  # unknown kind
    f"opinion,online,{YESTERDAY},Registre,,trace-et-stations,Titre,Texte",  # online: not offline
    "opinion,paper,12-03-2026,Registre,,trace-et-stations,Titre,Texte",  # neither ISO nor 12/03
    f"opinion,paper,{YESTERDAY},Registre,,Parking,Titre,Texte",  # unknown theme
    f"{PAPER},Titre,",  # empty body
]


def count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Contribution))


def test_every_row_is_checked_and_rejected_rows_are_reported_with_their_line(team):
    report = importing.check_file(team.debate, csv_text(*GOOD, *BAD).encode())
    assert report.file_error is None
    assert len(report.rows) == 2
    # Header is line 1; the second good row spans lines 3 to 5 (a quoted line break).
    assert [e.line for e in report.errors] == [6, 7, 8, 9, 10]
    assert "remarque" in report.errors[0].message
    assert "online" in report.errors[1].message
    assert "12-03-2026" in report.errors[2].message
    assert "parking" in report.errors[3].message.lower()
    assert count() == 0


def test_all_valid_rows_are_imported_in_one_transaction(team):
    report = importing.check_file(team.debate, csv_text(*GOOD, *BAD).encode())
    ids = importing.import_rows(team.debate, team.moderator, report, source="registre.csv")
    assert len(ids) == 2
    first, second = (db.session.get(Contribution, i) for i in ids)
    assert (first.kind, first.channel, first.root_id) == (Kind.OPINION, Channel.PAPER, first.id)
    assert first.transcription == Transcription.VERBATIM
    assert [t.slug for t in first.themes] == [team.debate.themes[0].slug]
    assert {t.slug for t in second.themes} == {"cout-et-financement", "environnement"}
    assert second.attribution == "Jeanne Martin"
    assert second.title.startswith("Combien ça coûte")  # untitled: the start of the text
    assert "<p>Et qui paie ?</p>" in second.body_html
    assert "Registre de la mairie" in first.attribution  # unnamed: "contribution in the register"
    tasks = {t.contribution_id for t in db.session.scalars(db.select(IndexTask))}
    assert set(ids) <= tasks
    [row] = journal_rows(JournalAction.IMPORT)
    assert "registre.csv" in row.details and row.actor_id == team.moderator.id


def test_a_failure_during_the_import_writes_nothing(team, monkeypatch):
    report = importing.check_file(team.debate, csv_text(*GOOD).encode())
    report.rows[1]["kind"] = "not a kind"  # the database refuses the second row
    with pytest.raises(Exception):  # noqa: B017 - any database error
        importing.import_rows(team.debate, team.moderator, report)
    assert count() == 0
    assert journal_rows() == []


def test_a_bad_header_or_encoding_is_a_file_error(team):
    assert importing.check_file(team.debate, b"kind,channel\nopinion,paper\n").file_error
    assert importing.check_file(team.debate, "é".encode("latin-1") + HEADER.encode()).file_error
    assert importing.check_file(team.debate, b"").file_error


def test_allowed_while_open_or_closed_refused_before_opening_and_once_reported(
    client, runner, team, tmp_path
):
    """Transcription lags behind the debate: a closed debate still takes its paper."""
    path = tmp_path / "registre.csv"
    path.write_text(csv_text(*GOOD), encoding="utf-8")
    login(client, team.moderator)
    for phase, allowed in (
        (Phase.OPEN, True),
        (Phase.CLOSED, True),
        (Phase.DRAFT, False),
        (Phase.REPORTED, False),
    ):
        team.debate.phase = phase
        db.session.commit()
        before = count()
        result = runner.invoke(args=["import-contributions", "tram", str(path)])
        assert (result.exit_code == 0) == allowed, (phase, result.output)
        db.session.expire_all()
        assert count() == before + (2 if allowed else 0), phase
        if allowed:
            continue
        # Through the site: checked, then refused on confirmation; nothing is written.
        data = {"file": (io.BytesIO(csv_text(*GOOD).encode()), "registre.csv")}
        html = post_form(
            client, "/moderation/tram/import", data, content_type="multipart/form-data"
        ).get_data(as_text=True)
        token = html.split('name="token" type="hidden" value="')[1].split('"')[0]
        response = post_form(
            client,
            "/moderation/tram/import/confirm",
            {"token": token},
            form_url="/moderation/tram/import",
        )
        assert response.status_code in (302, 303)
        assert count() == before, phase


def test_the_web_import_checks_first_then_imports_on_confirmation(client, team):
    login(client, team.moderator)
    data = {"file": (io.BytesIO(csv_text(*GOOD, *BAD).encode()), "registre.csv")}
    response = post_form(
        client, "/moderation/tram/import", data, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert count() == 0  # nothing written before the moderator confirms
    for line in (6, 7, 8, 9, 10):
        assert f"<td>{line}</td>" in html
    token = html.split('name="token" type="hidden" value="')[1].split('"')[0]
    response = post_form(
        client,
        "/moderation/tram/import/confirm",
        {"token": token, "name": "registre.csv"},
        form_url="/moderation/tram/import",
    )
    assert response.status_code == 302
    assert count() == 2
    # The same token cannot import twice.
    post_form(
        client,
        "/moderation/tram/import/confirm",
        {"token": token},
        form_url="/moderation/tram/import",
    )
    assert count() == 2


def test_the_command_line_dry_run_then_import(runner, team, tmp_path):
    path = tmp_path / "registre.csv"
    path.write_text(csv_text(*GOOD, BAD[0]), encoding="utf-8")
    result = runner.invoke(args=["import-contributions", "tram", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 ligne(s) valide(s), 1 rejetée(s)" in result.output
    assert "ligne 6" in result.output
    assert count() == 0
    result = runner.invoke(args=["import-contributions", "tram", str(path)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert count() == 2
    result = runner.invoke(args=["import-contributions", "nope", str(path)])
    assert result.exit_code != 0


# Mostly plain French text, with now and then a character Markdown gives a meaning to.
TEXT = st.text(
    alphabet=st.sampled_from(
        list("aeiouéèàçst AEIOU.,;:?!'\"()%€–—’«»…°-\n\n\n0123456789")
        + list("*_`#>[]<&+=\\|~\t\u00a0\u0301")
    ),
    max_size=120,
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_bulk_renderer_gives_exactly_the_markdown_renderers_html(source):
    """Imports render plain paragraphs without the parser: the HTML must be the same."""
    assert render_markdown_many([source]) == [render_markdown(source)]
