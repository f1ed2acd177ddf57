"""The site's identity: a palette whose text colours read on their backgrounds (WCAG AA),
the mark drawn here, the home page's debate cards and each debate's stages as a timeline."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import Phase
from tests import builders
from tests.test_threads import Tree, text

STATIC = Path(__file__).resolve().parents[1] / "static"
STYLESHEET = STATIC / "css" / "palabre.css"
AA_TEXT = 4.5


def palette(css: str) -> dict[str, str]:
    """The custom properties of the stylesheet's ``:root`` that are colours."""
    root = re.search(r":root\s*\{(.*?)\}", css, re.S)
    assert root, "no :root block in the stylesheet"
    found = dict(re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\s*;", root.group(1)))
    return {name: value.lower() for name, value in found.items()}


def declared_pairs(css: str) -> list[tuple[str, str]]:
    """The stylesheet's ``pair: --text on --background`` lines."""
    return re.findall(r"pair:\s*(--[\w-]+)\s+on\s+(--[\w-]+)", css)


def luminance(colour: str) -> float:
    """Relative luminance, as WCAG 2.1 defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_says():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # a known miss


def test_every_declared_text_and_background_pair_reaches_aa():
    css = STYLESHEET.read_text()
    colours = palette(css)
    pairs = declared_pairs(css)
    assert len(pairs) >= 20, "the stylesheet declares its text/background pairs"
    # The colours text is written in, on the backgrounds pages use, are all declared.
    texts = {t for t, _ in pairs}
    grounds = {b for _, b in pairs}
    assert {"--ink", "--muted", "--accent", "--on-brand", "--error", "--warn"} <= texts
    assert {"--paper", "--wash", "--brand", "--brand-dark", "--brand-tint"} <= grounds
    failing = []
    for text_colour, background in pairs:
        assert text_colour in colours and background in colours, (text_colour, background)
        ratio = contrast(colours[text_colour], colours[background])
        print(f"{text_colour} on {background}: {ratio:.2f}")
        if ratio < AA_TEXT:
            failing.append(f"{text_colour} on {background}: {ratio:.2f}:1")
    assert not failing, "below 4.5:1: " + ", ".join(failing)


def test_the_mark_is_a_self_contained_svg():
    mark = STATIC / "palabre-mark.svg"
    source = mark.read_text()
    svg = ET.fromstring(source)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox")
    # Nothing fetched, no font, no script: it can be inlined in a page as it is.
    for forbidden in ("href", "<text", "font-", "<script", "@import", "url("):
        assert forbidden not in source, forbidden
    fills = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', source))
    assert 1 <= len(fills) <= 2, fills
    assert "palabre-mark.svg" in STYLESHEET.read_text()  # the header draws it


def test_no_font_is_fetched_the_type_is_the_systems():
    css = STYLESHEET.read_text()
    assert "@font-face" not in css and "@import" not in css
    assert re.search(r"font-family:\s*system-ui", css)


@pytest.fixture
def debates(app):
    tram = builders.make_debate("tram", title="Prolongement du tramway")
    bridge = builders.make_debate(
        "pont", title="Pont sur la rivière", phase=Phase.CLOSED, summary="Un pont neuf."
    )
    bridge.easy_summary_html = ""
    db.session.commit()
    for n in range(3):
        builders.make_contribution(tram, builders.make_user(f"Personne{n}"), title=f"Avis {n}")
    return tram, bridge


def card_of(tree: Tree, slug: str):
    cards = [
        a
        for a in tree.root.find_all("article", cls="debate-card")
        if a.attrs.get("aria-labelledby") == f"debate-{slug}"
    ]
    assert len(cards) == 1, slug
    return cards[0]


def words_in(element) -> str:
    """The element's text, one space between the texts of its parts."""
    parts = [element] if isinstance(element, str) else element.children
    return " ".join(
        " ".join(p.split()) if isinstance(p, str) else words_in(p) for p in parts
    ).strip()


def steps_of(element) -> list[tuple[str, bool, str]]:
    """The stages of a timeline: their words, whether current, their class."""
    (timeline,) = element.find_all("ol", cls="phase-steps")
    return [
        (" ".join(words_in(li).split()), li.attrs.get("aria-current") == "step", li.attrs["class"])
        for li in timeline.elements
    ]


def test_the_home_page_presents_each_debate_as_a_card(client, debates):
    client.get("/lang/fr")
    tree = Tree(text(client.get("/")))
    tram = card_of(tree, "tram")
    words = " ".join(words_in(tram).split())
    assert tram.find_all("a")[0].attrs["href"] == "/debates/tram"
    assert "Prolongement du tramway" in words
    assert "Maître d'ouvrage Métropole de Belcombe" in words
    assert re.search(r"Du \d+ \w+ \d{4} au \d+ \w+ \d{4}", words)
    # The easy-to-read summary's first lines, when there is one; else the summary's.
    assert "Un tramway plus long." in words and "quatre stations" not in words
    assert "Un pont neuf." in words_in(card_of(tree, "pont"))
    # A card is never a scoreboard (the debate has three contributions): no number but dates.
    assert not re.findall(r"\d", re.sub(r"\d+ \w+ \d{4}", "", words))
    assert steps_of(tram) == [
        ("En préparation (étape passée)", False, "phase-step phase-done"),
        ("Ouvert étape en cours", True, "phase-step phase-current"),
        ("Clos (étape à venir)", False, "phase-step phase-later"),
        ("Compte rendu publié (étape à venir)", False, "phase-step phase-later"),
    ]


def test_the_debate_page_shows_its_stages_as_an_ordered_timeline(client, debates):
    client.get("/lang/en")
    tree = Tree(text(client.get("/debates/pont")))
    main = tree.by_id("main")
    (timeline,) = main.find_all("ol", cls="phase-steps")
    assert timeline.attrs["aria-label"] == "Stages of the debate"
    assert [(words, current) for words, current, _ in steps_of(main)] == [
        ("In preparation (stage passed)", False),
        ("Open (stage passed) From " + words_of_dates(main), False),
        ("Closed current stage", True),
        ("Report published (stage to come)", False),
    ]


def words_of_dates(main) -> str:
    (opened,) = [li for li in main.find_all("li", cls="phase-step") if "From" in li.text()]
    return " ".join(words_in(opened).split()).split(" From ", 1)[1]
