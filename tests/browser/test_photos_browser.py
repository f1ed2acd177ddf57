"""A photo chosen in a real browser: refused without a description, then shown as a thumbnail."""

from __future__ import annotations

import pytest

from tests import builders
from tests.test_photos import jpeg_with_gps

pytestmark = pytest.mark.browser


def test_a_participant_adds_a_described_photo_and_sees_its_thumbnail(live_server, page):
    with live_server.app.app_context():
        debate = builders.make_debate("tram-photo")
        theme_id = debate.themes[0].id
        user = builders.make_user("Sacha")
        email = user.email
    base = live_server.url
    photo = {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}

    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", builders.DEFAULT_PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.goto(f"{base}/debates/tram-photo/contribute")
    page.check(f"input[name=themes][value='{theme_id}']")
    page.fill("#title", "Le carrefour des Lilas")
    page.fill("#body", "Voici le carrefour à 8 heures.")
    page.set_input_files("#photos-0-file", photo)
    page.click("form.stacked button[type=submit]")

    # No description: the form comes back with the text, and says to choose the photo again.
    error = page.locator("#photos-0-alt_text-error")
    assert error.is_visible()
    assert (
        page.locator("#photos-0-alt_text")
        .get_attribute("aria-describedby")
        .endswith("photos-0-alt_text-error")
    )
    assert page.input_value("#title") == "Le carrefour des Lilas"
    assert "Choisissez-les de nouveau" in page.inner_text(".form-errors")

    page.set_input_files("#photos-0-file", photo)
    page.fill("#photos-0-alt_text", "Le carrefour encombré de voitures, vu depuis l'arrêt")
    page.click("form.stacked button[type=submit]")

    thumbnail = page.locator("article.contribution.current ul.photos img")
    assert thumbnail.get_attribute("alt") == "Le carrefour encombré de voitures, vu depuis l'arrêt"
    # Loaded under the site's Content-Security-Policy, and upright (taller than wide). The
    # check waits for the image to finish loading: on a busy machine it may not have yet.
    loaded = page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0 && [img.naturalWidth, img.naturalHeight]",
        arg=thumbnail.element_handle(),
    )
    width, height = loaded.json_value()
    assert 0 < width < height
    link = page.locator("article.contribution.current ul.photos a")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith("inline;")
