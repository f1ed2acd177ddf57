"""Open data for the people who use them: a CSV that French spreadsheets open as it is,
and one way of naming authors in the API and in the files."""

from __future__ import annotations

import csv
import io
import json

from forum.extensions import db
from forum.models import Channel, Phase
from tests import builders
from tests.builders_synthesis import make_world

BOM = b"\xef\xbb\xbf"


def _closed_debate_with_accents():
    world = make_world(phase=Phase.OPEN)
    said = builders.make_contribution(
        world.debate,
        world.participant,
        title='=HYPERLINK("http://evil.example";"Cliquez")',
        body="Les platanes à côté de l'école ; gardez-les.",
    )
    world.debate.phase = Phase.CLOSED
    db.session.commit()
    return world, said


def test_the_spreadsheet_csv_begins_with_a_bom_and_is_separated_by_semicolons(app, client):
    world, said = _closed_debate_with_accents()
    slug = world.debate.slug

    data = client.get(f"/open-data/{slug}/contributions-spreadsheet.csv").get_data()

    assert data.startswith(BOM + b'"id";"url";"thread_id";')
    assert "à côté de l'école ; gardez-les.".encode() in data  # UTF-8, ";" kept in its quotes
    assert b'"\'=HYPERLINK(""http://evil.example"";""Cliquez"")"' in data  # never a formula
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [int(row["id"]) for row in rows] == [said.id]
    assert rows[0]["text"] == "Les platanes à côté de l'école ; gardez-les."


def test_the_csv_for_programs_stays_comma_separated_without_a_bom(app, client):
    world, said = _closed_debate_with_accents()
    slug = world.debate.slug

    response = client.get(f"/open-data/{slug}/contributions.csv")
    spreadsheet = client.get(f"/open-data/{slug}/contributions-spreadsheet.csv")

    assert response.get_data().startswith(b'"id","url","thread_id",')
    programs = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    for_sheets = list(
        csv.reader(io.StringIO(spreadsheet.get_data().decode("utf-8-sig")), delimiter=";")
    )
    assert programs == for_sheets  # the same cells, only the separator and the mark differ
    assert spreadsheet.headers["Content-Disposition"] == (
        f'attachment; filename="contributions-{slug}-spreadsheet.csv"'
    )


def test_the_open_data_page_offers_both_csv_files_and_says_which_is_which(app, client):
    world, _said = _closed_debate_with_accents()

    html = client.get(f"/open-data/{world.debate.slug}?lang=fr").get_data(as_text=True)

    assert f'href="/open-data/{world.debate.slug}/contributions-spreadsheet.csv"' in html
    assert "Contributions (CSV pour un tableur)" in html
    assert "colonnes séparées par des points-virgules" in html
    assert "jamais le pseudonyme affiché sur le site" in html


def test_an_author_reads_the_same_in_the_api_and_in_both_files(app, client):
    world = make_world(phase=Phase.OPEN)
    first = builders.make_contribution(world.debate, world.participant, title="Premier avis")
    again = builders.make_contribution(world.debate, world.participant, title="Deuxième avis")
    other = builders.make_contribution(world.debate, world.moderator, title="Un autre")
    transcribed = builders.make_contribution(
        world.debate, world.moderator, title="Dit en réunion", channel=Channel.PUBLIC_MEETING
    )
    transcribed.author_id, transcribed.attribution = None, "Jeanne Martin, riveraine"
    world.debate.phase = Phase.CLOSED
    db.session.commit()
    slug = world.debate.slug

    api = client.get(f"/api/v1/debates/{slug}/contributions").get_json()["contributions"]
    in_json = json.loads(client.get(f"/open-data/{slug}/contributions.json").get_data())
    in_csv = csv.DictReader(io.StringIO(client.get(f"/open-data/{slug}/contributions.csv").text))

    by_api = {item["id"]: item["author"] for item in api}
    by_json = {item["id"]: item["author"] for item in in_json["contributions"]}
    by_csv = {int(row["id"]): row["author"] or None for row in in_csv}
    assert by_api == by_json == by_csv
    sheet = client.get(f"/open-data/{slug}/contributions-spreadsheet.csv").get_data()
    in_sheet = csv.DictReader(io.StringIO(sheet.decode("utf-8-sig")), delimiter=";")
    assert {int(row["id"]): row["author"] or None for row in in_sheet} == by_api
    code = by_api[first.id]
    assert code.startswith("p-") and len(code) == 12
    assert by_api[again.id] == code  # stable within the debate
    assert by_api[other.id].startswith("p-") and by_api[other.id] != code
    assert by_api[transcribed.id] is None  # no account, no code; the attribution stays off
    names = json.dumps(api, ensure_ascii=False) + sheet.decode("utf-8-sig")
    for name in (world.participant.pseudonym, world.moderator.pseudonym, "Jeanne Martin"):
        assert name not in names
