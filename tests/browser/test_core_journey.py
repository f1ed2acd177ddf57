"""A participant's first visit, in a real browser: register, contribute, reply."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Contribution, Relation
from tests import builders

pytestmark = pytest.mark.browser


def test_register_post_under_a_theme_and_object_to_it(live_server, page):
    with live_server.app.app_context():
        debate = builders.make_debate("tram-t2", title="Prolongement du tram T2")
        theme_id = debate.themes[1].id
        theme_slug = debate.themes[1].slug

    base = live_server.url
    page.goto(f"{base}/")
    page.click("a[href='/debates/tram-t2']")
    page.click("a[href='/register']")

    page.fill("#email", "lea@example.org")
    page.fill("#pseudonym", "Léa des Prés")
    page.fill("#password", "un mot de passe solide")
    page.fill("#confirm", "un mot de passe solide")
    page.check("#accept_charter")
    page.click("form.stacked button[type=submit]")
    # Registering leads to the login page (the same answer for a known address).
    page.wait_for_url("**/login*")
    page.fill("#email", "lea@example.org")
    page.fill("#password", "un mot de passe solide")
    page.click("form.stacked button[type=submit]")
    assert "Léa des Prés" in page.inner_text("header")

    page.goto(f"{base}/debates/tram-t2")
    page.click("a[href='/debates/tram-t2/contribute']")
    page.check("input[name=kind][value=opinion]")
    page.check(f"input[name=themes][value='{theme_id}']")
    page.fill("#title", "Desservir l'hôpital avant tout")
    page.fill("#body", "Le tracé doit passer par l'*hôpital* : c'est là que vont les gens.")
    page.click("form.stacked button[type=submit]")

    opinion = page.locator("article.contribution.current")
    assert opinion.locator("h1").inner_text() == "Desservir l'hôpital avant tout"
    assert opinion.locator(".body em").inner_text() == "hôpital"
    assert opinion.locator(".theme-tags a").get_attribute("href").endswith(theme_slug)

    page.click("article.contribution.current a[href$='/reply']")
    page.check("input[name=relation][value=objects]")
    page.fill("#body", "Je ne suis pas d'accord : le détour coûte dix minutes à tous les autres.")
    page.click("form.stacked button[type=submit]")

    # The reply sits inside the opinion's list of replies, labelled with its relation.
    reply = page.locator("ol.replies > li > article.contribution.current")
    expect(reply).to_have_count(1)
    assert "dix minutes" in reply.locator(".body").inner_text()
    label = reply.locator(".relation-objects .relation-label")
    assert label.is_visible()
    assert label.inner_text().strip() != ""

    with live_server.app.app_context():
        stored = db.session.scalars(db.select(Contribution).order_by(Contribution.id)).all()
        assert [c.relation for c in stored] == [None, Relation.OBJECTS]
        assert stored[1].parent_id == stored[0].id
        assert [t.id for t in stored[0].themes] == [theme_id]
