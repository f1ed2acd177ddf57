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
from tests.browser_support import reload_until_shown
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
    page.get_by_role("link", name="Voir ce qui manque et publier").click()
    expect(page.get_by_role("heading", name="Sections sans texte")).to_be_visible()
    page.get_by_role("button", name="Publier le compte rendu").click()
    expect(page.locator(".field-check .error")).to_contain_text("Cochez la case")
    page.get_by_label("J'ai lu ces avertissements et je publie").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publier le compte rendu").click()
    assert page.url.endswith("/debates/velo/report")
    expect(page.locator("figure.citation")).to_have_count(2)
    expect(page.locator(".flash-success")).to_contain_text("Son PDF est en préparation")

    # The PDF is printed after the request, by the server's thread: reload until it is there.
    download = page.get_by_role("link", name="Télécharger le compte rendu (PDF)")
    reload_until_shown(page, download)
    with page.expect_download() as download_info:
        download.click()
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    assert "voie ferrée est plate" in text and "les vols découragent les cyclistes" in text
