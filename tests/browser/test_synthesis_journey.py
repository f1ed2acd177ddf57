"""A committee member, in a real browser: from the workspace, cite two contributions,
publish the report, download its PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from forum.extensions import db
from forum.models import Kind, Phase
from tests import builders
from tests.builders_synthesis import make_world

pytestmark = pytest.mark.browser


def test_cite_two_contributions_publish_and_download_the_pdf(live_server, page):
    with live_server.app.app_context():
        world = make_world("velo", phase=Phase.CLOSED)
        first = builders.make_contribution(
            world.debate,
            world.participant,
            kind=Kind.PROPOSAL,
            title="Une voie verte sur l'ancienne voie ferrée",
            body="L'emprise de l'ancienne voie ferrée est plate et sans carrefour sur onze "
            "kilomètres.",
        )
        second = builders.make_contribution(
            world.debate,
            world.participant,
            kind=Kind.PROPOSAL,
            title="Des abris fermés aux gares",
            body="Sans abri fermé près des gares, les vols découragent les cyclistes.",
        )
        first_id, second_id, email = first.id, second.id, world.committee.email
        db.session.remove()

    base = live_server.url
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", builders.DEFAULT_PASSWORD)
    page.click("form.stacked button[type=submit]")

    page.goto(f"{base}/debates/velo")
    page.click("a[href='/synthesis/velo/']")
    page.click("form[action='/synthesis/velo/report/start'] button")
    for item_id in (first_id, second_id):
        card = page.locator(f"#proposal-{item_id}")
        card.locator("select[name=section]").select_option(index=4)  # "Alternatives proposed"
        with page.expect_navigation():
            card.locator("button[type=submit]").click()
        expect(page.locator(".flash-success")).to_have_count(1)

    page.click("a[href='/synthesis/velo/report']")
    with page.expect_navigation():
        page.click("form[action='/synthesis/velo/report/publish'] button")
    assert page.url.endswith("/debates/velo/report")
    expect(page.locator("figure.citation")).to_have_count(2)

    with page.expect_download() as download_info:
        page.click("a[href='/debates/velo/report.pdf']")
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    assert "voie ferrée est plate" in text and "les vols découragent les cyclistes" in text
