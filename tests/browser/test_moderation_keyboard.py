"""A moderator works through the queue with the keyboard only: no mouse click at all."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Contribution, ModerationMode, Status
from moderation.models import JournalAction, JournalEntry
from tests import builders
from tests.builders_moderation import make_team

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, *, limit: int = 120, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"the keyboard never reached {selector}")


def assert_focus_visible(page) -> None:
    """The focused element shows a clear outline (the :focus-visible style)."""
    style = page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {matches: el.matches(':focus-visible'), style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth)};
        }"""
    )
    assert style["matches"], style
    assert style["style"] != "none" and style["width"] >= 2, style


def test_a_moderator_publishes_and_masks_from_the_queue_with_the_keyboard(live_server, page):
    with live_server.app.app_context():
        team = make_team("clavier", moderation_mode=ModerationMode.A_PRIORI)
        first = builders.make_contribution(
            team.debate, team.participant, title="Avis à publier", status=Status.PENDING
        )
        second = builders.make_contribution(
            team.debate, team.participant, title="Avis injurieux", status=Status.PENDING
        )
        ids = (first.id, second.id)
        email = team.moderator.email

    base = live_server.url
    page.goto(f"{base}/login")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(builders.DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/moderation/clavier/")
    # Select the first pending contribution and publish it.
    tab_to(page, f"#select-{ids[0]}")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert page.is_checked(f"#select-{ids[0]}")
    tab_to(page, "button[value=publish]")
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "publi" in page.inner_text(".flashes").lower()

    # Select the other one, come back up with Shift+Tab, and mask it with a reason.
    tab_to(page, "button[value=mask]")
    tab_to(page, f"#select-{ids[1]}", backwards=True)
    page.keyboard.press("Space")
    tab_to(page, "#article")
    page.keyboard.press("ArrowDown")  # the first article of the charter
    tab_to(page, "#reason")
    assert_focus_visible(page)
    page.keyboard.type("Propos injurieux envers un autre participant.")
    tab_to(page, "button[value=mask]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert (
        "masqu" in page.inner_text(".flashes").lower()
        or "mask" in page.inner_text(".flashes").lower()
    )

    with live_server.app.app_context():
        published, masked = (db.session.get(Contribution, i) for i in ids)
        assert published.status == Status.PUBLISHED
        assert masked.status == Status.MASKED
        assert masked.mask_reason == "Propos injurieux envers un autre participant."
        assert masked.mask_article.startswith("Article 1")
        actions = db.session.scalars(db.select(JournalEntry.action).order_by(JournalEntry.id)).all()
        assert actions == [JournalAction.PUBLISH, JournalAction.MASK]
