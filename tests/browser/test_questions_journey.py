"""The answer circuit in a real browser: the owner writes, the committee publishes, the
person who asked is told (the header says "new") and reads the official answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import builders
from tests.builders_questions import make_question, staff

pytestmark = pytest.mark.browser


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", builders.DEFAULT_PASSWORD)
    page.click("form.stacked button[type=submit]")


def _log_out(page) -> None:
    page.click("header form[action$='/logout'] button[type=submit]")


def test_owner_answers_committee_publishes_asker_is_told(live_server, page):
    with live_server.app.app_context():
        debate = builders.make_debate("tram")
        owner, member, _moderator = staff(debate)
        asker = builders.make_user("Sofiane")
        question = make_question(debate, asker, title="Premier tram le dimanche ?")
        emails = owner.email, member.email, asker.email
        question_id = question.id
    base = live_server.url

    _log_in(page, base, emails[0])
    page.goto(f"{base}/debates/tram/questions/to-answer")
    page.click(f"a[href='/questions/{question_id}/answer']")
    page.fill("#body", "Le premier tram partira à **6 h 30** le dimanche.")
    with page.expect_navigation():
        page.click("#send")
    expect(page.locator(".flash-success")).to_have_count(1)
    _log_out(page)

    _log_in(page, base, emails[1])
    page.goto(f"{base}/debates/tram/questions/dashboard")
    page.click(f"a[href='/questions/{question_id}/review']")
    page.click("#publish")
    _log_out(page)

    _log_in(page, base, emails[2])
    marker = page.locator("header .main-nav .new-marker")
    assert marker.is_visible() and not any(ch.isdigit() for ch in marker.inner_text())
    page.click("header a[href='/notifications']")
    page.click(f"a[href='/contributions/{question_id}#c{question_id}']")
    block = page.locator("section.official-answer")
    assert block.locator("strong").inner_text() == "6 h 30"
    assert block.get_attribute("aria-labelledby") == f"answer-{question_id}-title"
