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
