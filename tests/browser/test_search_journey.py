"""Searching from the header of any page, in a real browser, without JavaScript needed."""

from __future__ import annotations

import pytest

from forum.search.service import reindex
from tests import builders

pytestmark = pytest.mark.browser


def test_search_from_the_header_then_find_what_was_said_before(live_server, page):
    with live_server.app.app_context():
        debate = builders.make_debate("tram-t2", title="Prolongement du tram T2")
        author = builders.make_user("Hélène")
        first = builders.make_contribution(
            debate,
            author,
            title="Des arceaux à vélos",
            body="Des arceaux à vélos à chaque "
            "station du tramway, et un abri couvert pour les vélos.",
        )
        builders.make_contribution(
            debate,
            builders.make_user(),
            title="Stationner son vélo",
            body="Un abri couvert pour garer son vélo à chaque station du tramway.",
        )
        reindex()
        first_id = first.id

    page.goto(f"{live_server.url}/debates/tram-t2")
    page.fill("#site-search-q", "velo abri")
    page.press("#site-search-q", "Enter")
    assert page.url.startswith(f"{live_server.url}/search?q=velo+abri&debate=tram-t2")
    assert page.locator(".result mark").first.inner_text().lower().startswith("vélo")
    page.click(f".result a[href^='/contributions/{first_id}']")
    similar = page.locator("aside.similar")
    assert "Stationner son vélo" in similar.inner_text()


# The panel's boxes as the browser lays them out: the fieldset, then each filter's label
# and control, with the page's width.
FILTER_BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const panel = document.querySelector('.search-filters');
  return {
    page: document.documentElement.scrollWidth,
    panel: box(panel),
    controls: [...panel.querySelectorAll('.field')].map((field) => ({
      name: field.querySelector('select, input').name,
      cell: box(field),
      label: box(field.querySelector('label')),
      control: box(field.querySelector('select, input')),
    })),
  };
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_filter_panel_lays_out_without_overlap_or_overflow(live_server, page, width):
    with live_server.app.app_context():
        # A debate with a long title: its name widens the debate filter's options.
        builders.make_debate(
            "tram-t2",
            title="Prolongement de la ligne T2 du tramway de Belcombe vers Saint-Orens-les-Prés",
        )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/search?q=tram")
    page.locator(".search-filters select#debate").wait_for()
    layout = page.evaluate(FILTER_BOXES)
    assert layout["page"] <= width  # no sideways scroll
    panel = layout["panel"]
    boxes = []
    for field in layout["controls"]:
        cell = field["cell"]
        for part in ("label", "control"):
            found = field[part]
            # Within its own grid cell, hence never over the next column's.
            assert cell["left"] <= found["left"] and found["right"] <= cell["right"], field
            assert panel["left"] <= found["left"] and found["right"] <= panel["right"], field
            boxes.append((field["name"], part, found))
    for index, (name, part, found) in enumerate(boxes):
        for other_name, other_part, other in boxes[index + 1 :]:
            assert not _overlap(found, other), (name, part, other_name, other_part)
