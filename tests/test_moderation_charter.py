"""The charter: edited by the debate's moderators, shown at registration, linked from every
contribution form, cited by masking decisions."""

from __future__ import annotations

import pytest

from forum.models import Phase
from moderation.models import JournalAction
from tests import builders
from tests.builders_moderation import journal_rows, make_team
from tests.conftest import login, post_form

CHARTER_LINK = 'href="/debates/tram/charter"'


@pytest.fixture
def team(app):
    return make_team()


def test_registration_links_the_charter_of_each_open_debate(client, team):
    builders.make_debate("brouillon", phase=Phase.DRAFT)
    html = client.get("/register").get_data(as_text=True)
    assert CHARTER_LINK in html
    assert 'href="/debates/brouillon/charter"' not in html  # a draft is not public


def test_every_contribution_form_links_the_charter(client, team):
    item = builders.make_contribution(team.debate, team.committee)
    login(client, team.participant)
    for url in ("/debates/tram/contribute", f"/contributions/{item.id}/reply"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert CHARTER_LINK in response.get_data(as_text=True), url


def test_moderators_edit_the_charter_and_its_articles_are_cited(client, team):
    login(client, team.moderator)
    form = client.get("/moderation/tram/charter").get_data(as_text=True)
    assert "Article 2 — Pas d" in form  # the current charter, to edit
    response = post_form(
        client,
        "/moderation/tram/charter",
        {"charter": "**Article 1 — Respect**\n\nRespectez.\n\n## Article 7 — Hors sujet\n\nx"},
    )
    assert response.status_code == 302
    public = client.application.test_client().get("/debates/tram/charter")
    assert "Article 7 — Hors sujet" in public.get_data(as_text=True)
    [row] = journal_rows(JournalAction.CHARTER_EDIT)
    assert row.actor_id == team.moderator.id
    # Masking now cites one of the new articles, and only those.
    item = builders.make_contribution(team.debate, team.participant)
    page = client.get(f"/moderation/tram/contributions/{item.id}").get_data(as_text=True)
    assert "Article 7 — Hors sujet" in page and "Article 2 — Pas d" not in page
    url = f"/moderation/tram/contributions/{item.id}/mask"
    data = {"article": "Article 2 — Pas d'attaques personnelles", "reason": "Hors charte."}
    assert post_form(client, url, data, form_url=url.rsplit("/", 1)[0]).status_code == 422
    data["article"] = "Article 7 — Hors sujet"
    assert post_form(client, url, data, form_url=url.rsplit("/", 1)[0]).status_code == 302
    # An empty charter is refused, the page shown again.
    assert post_form(client, "/moderation/tram/charter", {"charter": " "}).status_code == 422


def test_committee_members_and_the_owner_cannot_edit_the_charter(client, team):
    for person in (team.committee, team.owner):
        visitor = client.application.test_client()
        login(visitor, person)
        assert visitor.get("/moderation/tram/charter").status_code == 403
