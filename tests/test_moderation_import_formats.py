"""The CSV import reads files as spreadsheets save them, in French or English, and shows
the first lines as they will be imported before the moderator confirms."""

from __future__ import annotations

import html as html_lib
import io
import re
from datetime import date, timedelta

import pytest

from forum.extensions import db
from forum.models import Channel, Contribution, Kind, Transcription
from moderation import importing
from tests.builders_moderation import make_team
from tests.conftest import login, post_form

DAY = date.today() - timedelta(days=1)
BOM = "\ufeff"


@pytest.fixture
def team(app):
    return make_team()


def _file(rows: list[list[str]], separator: str = ",", bom: str = "") -> bytes:
    """A CSV file as a spreadsheet writes it: cells quoted when they hold the separator,
    a quote or a line break."""

    def cell(value: str) -> str:
        if any(char in value for char in (separator, '"', "\n")):
            return '"' + value.replace('"', '""') + '"'
        return value

    header = ["kind", "channel", "date", "event", "attribution", "themes", "title", "body"]
    if len(rows[0]) == 9:
        header.append("transcription")
    lines = [separator.join(cell(value) for value in row) for row in [header, *rows]]
    return (bom + "\r\n".join(lines) + "\r\n").encode("utf-8")


LABELLED = [
    [
        "Avis",
        "Registre papier",
        DAY.isoformat(),
        "Registre de la mairie",
        "",
        "Tracé et stations",
        "Les platanes",
        "Gardez les platanes ; ils font de l'ombre.",
        "mot pour mot",
    ],
    [
        "Cahier d’acteur",
        "Réunion publique",
        DAY.strftime("%d/%m/%Y"),
        "Réunion de Balma",
        "Association Vélo",
        "Tracé et stations;Environnement",
        "",
        "Un texte\n\nsur deux paragraphes.",
        "un résumé fidèle",
    ],
    [
        "Question",
        "Paper register",
        DAY.isoformat(),
        "Registre",
        "",
        "trace-et-stations",
        "Combien ?",
        "Combien ça coûte ?",
        "a faithful summary",
    ],
    [
        "stakeholder_paper",
        "public_meeting",
        DAY.isoformat(),
        "Réunion",
        "",
        "environnement",
        "Codes",
        "Les codes restent valables.",
        "verbatim",
    ],
    [
        "Proposal",
        "WORKSHOP",
        DAY.isoformat(),
        "Atelier",
        "",
        "environnement",
        "Majuscules",
        "La casse ne compte pas.",
        "",
    ],
]
EXPECTED = [
    (Kind.OPINION, Channel.PAPER, Transcription.VERBATIM),
    (Kind.STAKEHOLDER_PAPER, Channel.PUBLIC_MEETING, Transcription.SUMMARY),
    (Kind.QUESTION, Channel.PAPER, Transcription.SUMMARY),
    (Kind.STAKEHOLDER_PAPER, Channel.PUBLIC_MEETING, Transcription.VERBATIM),
    (Kind.PROPOSAL, Channel.WORKSHOP, Transcription.VERBATIM),
]


def _read(report) -> list[tuple]:
    return [(row["kind"], row["channel"], row["transcription"]) for row in report.rows]


@pytest.mark.parametrize("separator", [",", ";"])
@pytest.mark.parametrize("bom", ["", BOM])
def test_labels_in_french_and_english_and_codes_with_either_separator(team, separator, bom):
    report = importing.check_file(team.debate, _file(LABELLED, separator, bom))

    assert report.file_error is None and report.errors == []
    assert _read(report) == EXPECTED
    assert report.rows[1]["occurred_on"] == DAY  # 15/10/2026, as a French spreadsheet writes it
    assert len(report.rows[1]["theme_ids"]) == 2  # the themes' own ";" inside a quoted cell


def test_the_text_of_each_row_is_imported_as_written(team):
    report = importing.check_file(team.debate, _file(LABELLED, ";", BOM))
    ids = importing.import_rows(team.debate, team.moderator, report, source="registre.csv")

    first, second = (db.session.get(Contribution, i) for i in ids[:2])
    assert first.title == "Les platanes"
    assert first.body_source == "Gardez les platanes ; ils font de l'ombre."
    assert second.body_source == "Un texte\n\nsur deux paragraphes."
    assert second.attribution == "Association Vélo" and second.event == "Réunion de Balma"


def test_an_unknown_label_is_refused_with_its_line_and_what_is_expected(team):
    rows = [
        LABELLED[0],
        ["Remarque", "Registre papier", *LABELLED[0][2:]],
        ["Avis", "En ligne", *LABELLED[0][2:]],
    ]
    report = importing.check_file(team.debate, _file(rows, ";"))

    assert [error.line for error in report.errors] == [3, 4]
    assert "« Remarque »" in report.errors[0].message
    assert "Cahier d'acteur (stakeholder_paper)" in report.errors[0].message
    assert "« En ligne »" in report.errors[1].message
    assert "Registre papier (paper)" in report.errors[1].message


def _cells(html: str) -> list[list[str]]:
    table = html.split('id="preview-caption"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    return [
        [
            html_lib.unescape(re.sub(r"<[^>]+>", " ", cell)).split()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_the_page_shows_the_first_lines_as_they_will_be_imported(client, team):
    rows = [*LABELLED[:2], ["Remarque", "Registre papier", *LABELLED[0][2:]]]
    login(client, team.moderator)
    client.get("/?lang=fr")
    data = {"file": (io.BytesIO(_file(rows, ";", BOM)), "registre.csv")}

    response = post_form(
        client, "/moderation/tram/import", data, content_type="multipart/form-data"
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Les premières lignes du fichier, telles qu’elles seront importées" in html
    lines = [[" ".join(words) for words in row] for row in _cells(html)]
    assert lines[0][:4] == ["2", "Registre papier", "Avis", f"{DAY:%d/%m/%Y}"]
    assert "Registre de la mairie" in lines[0][4]  # no name given: the attribution by default
    assert lines[0][5].startswith("Les platanes Gardez les platanes ; ils font")
    assert lines[0][6:] == ["Tracé et stations", "prête"]
    # The second row spans lines 3 to 5 (its text holds a blank line).
    assert lines[1][:3] == ["3", "Réunion publique", "Cahier d'acteur"]
    assert lines[1][4] == "Association Vélo"
    assert lines[1][5] == "Un texte sur deux paragraphes."  # no title: its first words, once
    assert lines[1][6] == "Tracé et stations, Environnement"
    assert lines[2][0] == "6" and lines[2][2] == "Remarque"
    assert lines[2][-1].startswith("Refusée : nature inconnue « Remarque »")
    assert db.session.scalar(db.select(db.func.count()).select_from(Contribution)) == 0
