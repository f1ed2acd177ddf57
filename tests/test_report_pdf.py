"""The printed report (synthesis/pdf.py, templates/synthesis/report_print.html): a tagged
PDF with its language, title and outline, whose text stays inside the page and whose pages
are not left mostly blank. Two reports are printed once each: the demo's, and one with
long theme names and a debate of forty weeks."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from forum.extensions import db
from forum.models import Channel, Debate, Kind, Phase, Role
from synthesis import documents, report
from tests import builders
from tests.conftest import module_app

# 40 weeks of contributions, under theme names of more than 60 characters.
LONG_THEMES = (
    "Desserte des hameaux du plateau et correspondances avec les lignes de car régionales",
    "Financement, coût total de l'opération et répartition entre les collectivités",
    "Arbres d'alignement, îlots de chaleur et continuités écologiques le long du tracé",
    "Stationnement des riverains, livraisons des commerces et accès des secours",
)
WEEKS = 40
# The page's right edge, less this much, is where no text may go past (points): the
# stylesheet's margin is 20 mm (56.7 pt); a glyph's advance may overhang a little.
RIGHT_MARGIN_PT = 50
# A page whose text ends above this share of its height, followed by another, is "mostly
# blank" (a forced break left it so).
MOSTLY_BLANK = 0.35
BOTTOM_MARGIN_PT = 68  # 24 mm


@dataclass
class Printed:
    pdf: bytes
    html: str
    sections: list[str]  # the titles of the published sections, in order

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.pdf))


def _keep(name: str, pdf: bytes) -> None:
    """Leave a copy for a person to look at, when PALABRE_KEEP_PDF names a folder."""
    folder = os.environ.get("PALABRE_KEEP_PDF")
    if folder:
        with open(os.path.join(folder, name), "wb") as out:
            out.write(pdf)


def _printed(debate: Debate, name: str) -> Printed:
    published = report.published_report(debate)
    pdf = report.pdf_path(published).read_bytes()
    _keep(name, pdf)
    titles = [s.title for s in published.sections if s.body_source.strip()]
    return Printed(pdf, published.published_html, titles)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory, migrated_db, request):
    from demo.content import load
    from demo.cycling import load_synthesis_demo
    from demo.tram import load_demo

    for _app in module_app(tmp_path_factory, migrated_db, request, "report-demo"):
        load_demo()
        load_synthesis_demo()
        slug = load("cycling")["debate"]["slug"]
        debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
        yield _printed(debate, "demo-report.pdf")


def _long_debate() -> Debate:
    debate = builders.make_debate("plan-long", themes=LONG_THEMES, phase=Phase.OPEN)
    debate.opens_on = date(2026, 1, 5)
    debate.closes_on = debate.opens_on + timedelta(weeks=WEEKS)
    committee = builders.make_user("Commissaire")
    builders.grant(committee, debate, Role.COMMITTEE)
    people = [builders.make_user(f"Habitant {n}") for n in range(6)]
    themes = list(debate.themes)
    made = []
    for week in range(WEEKS):
        for n in range(1 + week % 3):
            made.append(
                builders.make_contribution(
                    debate,
                    people[(week + n) % len(people)],
                    title=f"Semaine {week + 1}, avis {n + 1}",
                    body=f"Un avis argumenté sur le thème, semaine {week + 1}. " * 8,
                    kind=Kind.PROPOSAL if n == 2 else Kind.OPINION,
                    themes=[themes[(week + n) % len(themes)]],
                    created_at=datetime(2026, 1, 6, 10) + timedelta(weeks=week, days=n),
                )
            )
    said = builders.make_contribution(
        debate,
        people[0],
        title="Les arbres de l'avenue",
        body="Les platanes de l'avenue font de l'ombre l'été et il faut les garder.",
        channel=Channel.PUBLIC_MEETING,
        themes=[themes[2]],
        created_at=datetime(2026, 3, 12, 19),
    )
    said.author_id, said.attribution = None, "Habitante"
    said.event, said.occurred_on = "Réunion publique de Saint-Orens", date(2026, 3, 12)
    debate.phase = Phase.CLOSED
    db.session.commit()
    draft = report.start_report(debate, committee)
    bodies = [
        "Ces chiffres décrivent qui a participé.\n\n[[statistics]]",
        "\n\n".join(
            f"**{theme.name}.** Le public a beaucoup écrit sur ce thème "
            f"[[cite:{made[n * 7].id}]], et l'a dit en réunion :\n\n[[cite:{said.id}|font "
            f"de l'ombre l'été]]"
            for n, theme in enumerate(themes)
        ),
        "",  # nothing written: not published
        "Rien à signaler : toutes les questions ont reçu une réponse dans le délai.",
        "",
        "La commission recommande d'étudier la desserte des hameaux.",
    ]
    for section, body in zip(draft.sections, bodies, strict=True):
        report.save_section(debate, section, committee, section.title, body)
    documents.publish_and_print(debate, committee)
    return debate


@pytest.fixture(scope="module")
def long_report(tmp_path_factory, migrated_db, request):
    for app in module_app(tmp_path_factory, migrated_db, request, "report-long"):
        with app.test_request_context("/"):
            debate = _long_debate()
        yield _printed(debate, "long-report.pdf")


@pytest.fixture(params=["demo", "long"])
def printed(request) -> Printed:
    return request.getfixturevalue(f"{request.param}_report")


# --- Tags, language, title, outline -----------------------------------------------------


def test_the_pdf_is_tagged_with_its_language_and_title(printed):
    reader = printed.reader
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert str(root["/Lang"]) == "fr"
    title = reader.metadata.title or ""
    assert title.startswith("Compte rendu") or "débat" in title, title


def test_the_outline_lists_the_published_sections(printed):
    outline = [item.title for item in printed.reader.outline if not isinstance(item, list)]
    for title in printed.sections:
        assert title in outline, (title, outline)


# --- Layout ---------------------------------------------------------------------------------


def _runs(page):
    """Each text run of a page: (x, y, width, text), in points from the bottom left."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip() or font_dict is None:
            return
        # The run's origin and size in page space: the text matrix, then the current
        # transformation matrix (WeasyPrint draws in CSS pixels, y downwards).
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = font_size * abs(tm[0] * cm[0])
        runs.append((x, y, _width(text.rstrip("\n"), font_dict, size), text))

    page.extract_text(visitor_text=visit)
    return runs


_METRICS: dict[int, tuple[dict[int, str], dict[str, tuple[int, int]], int]] = {}


def _width(text: str, font_dict, size: float) -> float:
    """A run's width, from the advances of the glyphs of the font embedded in the PDF (a
    generous 0.6 em for a character the font does not map)."""
    key = id(font_dict)
    if key not in _METRICS:
        descriptor = font_dict["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        font = TTFont(io.BytesIO(descriptor["/FontFile2"].get_data()))
        _METRICS[key] = (font.getBestCmap() or {}, font["hmtx"].metrics, font["head"].unitsPerEm)
    cmap, advances, units = _METRICS[key]
    total = 0.0
    for char in text:
        glyph = cmap.get(ord(char))
        total += advances[glyph][0] / units if glyph in advances else 0.6
    return total * size


def test_no_text_runs_past_the_right_edge(printed):
    for number, page in enumerate(printed.reader.pages, start=1):
        right = float(page.mediabox.right) - RIGHT_MARGIN_PT
        past = [run for run in _runs(page) if run[0] + run[2] > right]
        assert not past, f"page {number}: {past[:3]}"


def test_no_page_is_left_mostly_blank(printed):
    pages = printed.reader.pages
    for number, page in enumerate(pages[:-1], start=1):
        height = float(page.mediabox.top)
        # The page number, in the bottom margin, is not the page's text.
        body = [run[1] for run in _runs(page) if run[1] > BOTTOM_MARGIN_PT]
        lowest = min(body, default=height)
        assert lowest < height * (1 - MOSTLY_BLANK), f"page {number} of {len(pages)}"
