"""Moderation in search: offline contributions are found with their channel; results carry
their tags (curation tags for staff only), and staff filter the search by tag."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.labels import CHANNEL
from forum.models import Channel, Contribution
from forum.search import enqueue
from moderation import tags
from tests import builders
from tests.builders_moderation import make_team, offline_entry, vocabulary
from tests.builders_search import app_config, catch_up  # noqa: F401 - the fixture
from tests.conftest import login, post_form


@pytest.fixture
def team(app):
    return make_team()


def found(client, query: str, *items) -> set[int]:
    html = client.get(f"/search?{query}").get_data(as_text=True)
    return {item.id for item in items if f"/contributions/{item.id}#" in html}


def test_an_offline_entry_is_found_by_search_with_its_channel(client, team):
    online = builders.make_contribution(
        team.debate, team.participant, title="Passerelle", body="Une passerelle en ligne."
    )
    enqueue(online.id)  # builders write rows only; posting online queues this
    db.session.commit()
    login(client, team.moderator)
    response = post_form(
        client,
        "/moderation/tram/offline",
        offline_entry(
            team,
            event="Réunion publique, salle des fêtes",
            title="Une passerelle sur la rocade",
            body="Une habitante propose une passerelle au-dessus de la rocade.",
        ),
    )
    assert response.status_code == 302
    catch_up()
    item = db.session.scalar(
        db.select(Contribution).where(Contribution.channel == Channel.PUBLIC_MEETING)
    )
    public = client.application.test_client()
    html = public.get("/search?q=passerelle").get_data(as_text=True)
    assert f"/contributions/{item.id}#" in html and f"/contributions/{online.id}#" in html
    with client.application.test_request_context():
        assert str(CHANNEL[Channel.PUBLIC_MEETING]) in html
    assert "Réunion publique, salle des fêtes" in html
    assert found(public, "q=passerelle&channel=public_meeting", item, online) == {item.id}
    assert found(public, "q=passerelle&channel=online", item, online) == {online.id}


def test_staff_filter_the_search_by_tag_and_only_they_see_curation_tags(client, team):
    make = builders.make_contribution
    rare = make(team.debate, team.participant, title="Passerelle", body="Passerelle inondable.")
    common = make(team.debate, team.participant, title="Passerelle", body="Passerelle utile.")
    vocab = vocabulary(team.debate)
    weak, pro = vocab["weak-signal"], vocab["pro"]
    tags.attach(rare, weak, team.committee, "note interne")
    tags.attach(common, pro, team.moderator)
    catch_up()

    login(client, team.committee)
    html = client.get("/search?q=passerelle").get_data(as_text=True)
    assert weak.name in html and "note interne" in html and pro.name in html
    assert f'<option value="{weak.id}">' in html  # the tag filter offers the vocabulary
    assert found(client, f"q=passerelle&tag={weak.id}", rare, common) == {rare.id}
    assert found(client, f"q=passerelle&tag={pro.id}", rare, common) == {common.id}
    # Detaching a tag reaches the index too.
    tags.detach(rare, weak, team.committee)
    catch_up()
    assert found(client, f"q=passerelle&tag={weak.id}", rare, common) == set()
    tags.attach(rare, weak, team.committee, "note interne")
    catch_up()

    # The public sees argument types only, and cannot filter by tag.
    public = client.application.test_client()
    html = public.get("/search?q=passerelle").get_data(as_text=True)
    assert pro.name in html and weak.name not in html and "note interne" not in html
    assert 'name="tag"' not in html
    assert found(public, f"q=passerelle&tag={weak.id}", rare, common) == {rare.id, common.id}

    # A moderator of another debate cannot filter by this debate's curation tags.
    other = client.application.test_client()
    login(other, team.other_moderator)
    assert found(other, f"q=passerelle&tag={weak.id}", rare, common) == {rare.id, common.id}
    assert weak.name not in other.get("/search?q=passerelle").get_data(as_text=True)
