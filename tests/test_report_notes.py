"""The report's text as a committee would sign it (synthesis/citations.py, charts.py): a
citation is a numbered note with a short quote the committee chooses, a transcribed
contribution is cited by its attribution and event, sections left empty are not published,
and the charts' labels fit their drawing."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from markupsafe import escape

from forum.extensions import db
from forum.models import Channel, Phase
from moderation.offline import default_attribution
from synthesis import charts, report
from synthesis.models import ReportSection
from synthesis.statistics import Figure, Week
from tests import builders
from tests.builders_synthesis import make_world, publish_report
from tests.conftest import login, post_form

LONG = (
    "Les platanes de l'avenue font de l'ombre l'été, et les couper pour le tramway rendrait "
    "la rue invivable en juillet : la commune mesure déjà quarante degrés sur le bitume "
    "près de l'école, et les enfants traversent à midi sans un arbre au-dessus d'eux."
)


def _published(client, world, bodies: list[str]) -> str:
    """Publish a report whose sections have these texts; the public page."""
    draft = report.start_report(world.debate, world.committee)
    for section, body in zip(draft.sections, bodies, strict=False):
        report.save_section(world.debate, section, world.committee, section.title, body)
    login(client, world.committee)
    assert publish_report(client, world.debate.slug).status_code == 302
    page = client.get(f"/debates/{world.debate.slug}/report")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _transcribed(world, attribution: str | None):
    item = builders.make_contribution(
        world.debate,
        world.participant,
        title="Les arbres",
        body=LONG,
        channel=Channel.PUBLIC_MEETING,
    )
    item.author_id = None
    item.event, item.occurred_on = "Réunion publique de Saint-Orens", date(2026, 3, 12)
    item.attribution = attribution or default_attribution(
        item.channel, item.event, item.occurred_on
    )
    db.session.commit()
    return item


def test_a_citation_in_a_sentence_is_a_note_number_and_the_note_holds_the_quote(app, client):
    world = make_world(phase=Phase.CLOSED)
    item = builders.make_contribution(world.debate, world.participant, title="Ombre", body=LONG)
    chosen = builders.make_contribution(world.debate, world.participant, body=LONG)
    html = _published(
        client,
        world,
        [
            f"Les arbres comptent [[cite:{item.id}]] et l'ombre aussi "
            f"[[cite:{chosen.id}|quarante degrés sur le bitume]].",
        ],
    )
    sentence = re.search(r"<p>Les arbres comptent.*?</p>", html, re.DOTALL).group(0)
    # The sentence carries the notes' numbers, not the contribution's words.
    assert "platanes" not in sentence and "bitume" not in sentence
    assert 'href="#note-1"' in sentence and 'href="#note-2"' in sentence
    notes = html[html.index('id="notes"') :]
    first = unescape(re.search(r'<q class="note-quote">(.*?)</q>', notes).group(1))
    assert first.startswith("Les platanes de l") and len(first) <= 145  # the first words
    assert "bitume" not in first
    assert '<q class="note-quote">quarante degrés sur le bitume</q>' in notes


def test_a_transcribed_contribution_is_cited_by_its_attribution_and_event(app, client):
    world = make_world(phase=Phase.CLOSED)
    named = _transcribed(world, "Habitante")
    unnamed = _transcribed(world, None)
    html = _published(client, world, [f"[[cite:{named.id}]]\n\n[[cite:{unnamed.id}]]"])
    assert "Habitante, Réunion publique de Saint-Orens, 12 mars 2026" in html
    # Not named: the event says where; the default attribution that repeated it is gone.
    assert "— Réunion publique de Saint-Orens, 12 mars 2026" in html
    assert "Participant" not in html and "Réunion publique “" not in html


def test_sections_left_empty_are_not_published_nothing_to_report_is(app, client):
    world = make_world(phase=Phase.CLOSED)
    html = _published(client, world, ["Les chiffres.", "", "Rien à signaler.", " "])
    titles = [s.title for s in db.session.scalars(db.select(ReportSection).order_by("position"))]
    shown, empty = [titles[0], titles[2]], [titles[1], titles[3], titles[4], titles[5]]
    assert "Rien à signaler." in html
    for title in shown:  # in the contents and as a heading
        assert html.count(f">{escape(title)}<") == 2, title
    for title in empty:
        assert f">{escape(title)}<" not in html, title


def test_the_committee_chooses_the_quote_when_citing_from_the_workspace(app, client):
    world = make_world(phase=Phase.CLOSED)
    item = builders.make_contribution(world.debate, world.participant, body=LONG)
    draft = report.start_report(world.debate, world.committee)
    section = draft.sections[1]
    login(client, world.committee)
    url = f"/synthesis/{world.debate.slug}/report/cite"
    workspace = f"/synthesis/{world.debate.slug}/"
    data = {"contribution_id": item.id, "section": section.id, "quote": "font de  l'ombre"}
    assert post_form(client, url, data, form_url=workspace).status_code == 302
    db.session.refresh(section)
    assert section.body_source.endswith(f"[[cite:{item.id}|font de l'ombre]]")

    data["quote"] = "des mots qui n'y sont pas"
    response = post_form(client, url, data, form_url=workspace, follow_redirects=True)
    assert "y figurent pas" in response.get_data(as_text=True)
    db.session.refresh(section)
    assert section.body_source.count("[[cite:") == 1


# --- Charts -----------------------------------------------------------------------------------


def _texts(svg: str) -> list[tuple[float, float, str, str]]:
    """Each line of text of a chart: (x, y, anchor, text)."""
    found = []
    for text in re.finditer(r"<text ([^>]*)>(.*?)</text>", svg):
        attributes, inner = text.group(1), re.sub(r"<title>.*?</title>", "", text.group(2))
        anchor = re.search(r'text-anchor="(\w+)"', attributes)
        lines = re.findall(r'<tspan x="([\d.]+)" y="([\d.]+)">(.*?)</tspan>', inner) or [
            (*re.search(r'x="([\d.]+)" y="([\d.]+)"', attributes).groups(), inner)
        ]
        for x, y, line in lines:
            found.append((float(x), float(y), anchor.group(1) if anchor else "start", line))
    return found


def _extent(x: float, anchor: str, line: str) -> tuple[float, float]:
    width = charts.text_width(line)
    return (x - width, x) if anchor == "end" else (x, x + width)


def test_chart_labels_stay_inside_the_drawing_and_never_touch():
    long_label = "Desserte des hameaux du plateau et correspondances avec les cars régionaux"
    bars = str(charts.bar_chart("c", "Par lieu", [Figure(long_label, 3), Figure("Nord", 9)], "-"))
    weeks = [Week(date(2026, 1, 5), [n % 3, 1]) for n in range(40)]
    grid = str(
        charts.theme_weeks_chart(
            "g", "Semaines", [long_label, "Coût"], weeks, lambda day: "12 janv."
        )
    )
    for svg in (bars, grid):
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        texts = _texts(svg)
        for x, _y, anchor, line in texts:
            left, right = _extent(x, anchor, line)
            assert left >= 0 and right <= width, (line, left, right, width)
        # A cut label keeps its whole text as a title.
        assert f"<title>{long_label}</title>" in svg
        # Lines on the same baseline do not overlap.
        spans = sorted((y, *_extent(x, a, t)) for x, y, a, t in texts)
        for (y1, _l1, r1), (y2, l2, _r2) in zip(spans, spans[1:], strict=False):
            assert y1 != y2 or r1 <= l2, (y1, r1, l2)
