"""The committee takes its debate through its phases in a real browser: the opening refused
with its reasons, then confirmed; the closing, with the questions still waiting listed;
then the way to the report. Found by headings, labels and link texts, as a person would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Debate, Phase, User
from tests import builders
from tests.builders_moderation import make_team
from tests.builders_questions import make_question

pytestmark = pytest.mark.browser


def test_the_committee_opens_then_closes_its_debate(live_server, page):
    with live_server.app.app_context():
        team = make_team(phase=Phase.DRAFT)
        team.debate.summary_source = ""
        db.session.commit()
        email, debate_id, asker_id = team.committee.email, team.debate.id, team.participant.id
    base = live_server.url

    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", builders.DEFAULT_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()

    page.goto(f"{base}/manage/tram/phase")
    expect(page.get_by_role("heading", name="Phase du débat")).to_be_visible()
    page.get_by_role("link", name="Ouvrir le débat").click()
    expect(page.get_by_role("heading", name="Le débat ne peut pas encore ouvrir :")).to_be_visible()
    expect(page.get_by_text("Il n'a pas de présentation du projet.")).to_be_visible()
    expect(page.get_by_label("J'ai lu ce qui va se passer, et je confirme")).to_have_count(0)

    with live_server.app.app_context():
        debate = db.session.get(Debate, debate_id)
        debate.summary_source = "Le projet prolonge la ligne."
        db.session.commit()
        make_question(debate, db.session.get(User, asker_id), title="Et le dimanche ?")
    page.reload()
    page.get_by_role("button", name="Ouvrir le débat").click()
    expect(page.get_by_text("Cochez la case pour confirmer.")).to_be_visible()
    page.get_by_label("J'ai lu ce qui va se passer, et je confirme").check()
    page.get_by_role("button", name="Ouvrir le débat").click()
    expect(page.get_by_text(re.compile("Le débat est ouvert :"))).to_be_visible()

    page.get_by_role("link", name="Clore le débat").click()
    expect(page.get_by_role("heading", name="Questions encore sans réponse")).to_be_visible()
    expect(page.get_by_role("link", name="Et le dimanche ?")).to_be_visible()
    page.get_by_label("J'ai lu ce qui va se passer, et je confirme").check()
    page.get_by_role("button", name="Clore le débat").click()
    expect(page.get_by_text(re.compile("Le débat est clos :"))).to_be_visible()
    page.get_by_role("link", name="Rédiger et publier le compte rendu").click()
    expect(page).to_have_url(f"{base}/synthesis/tram/report")
