"""The workspace: a theme as distinct arguments, by type, in an order that is never a count."""

from __future__ import annotations

import re
from datetime import timedelta

from forum.models import utcnow
from moderation import tags
from synthesis import report, workspace
from tests import builders
from tests.builders_moderation import vocabulary
from tests.builders_synthesis import COST_SENTENCES, make_world
from tests.conftest import login, post_form


def _said(world, title, body, days_ago, tag=None):
    item = builders.make_contribution(
        world.debate,
        builders.make_user(),
        title=title,
        body=body,
        themes=[world.debate.themes[0]],
        created_at=utcnow() - timedelta(days=days_ago),
    )
    if tag is not None:
        tags.attach(item, tag, world.moderator)
    return item


def _anchors(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="argument-(\d+)"', html)]


def test_similar_contributions_make_one_argument_and_order_is_first_made_not_count(app, client):
    world = make_world()
    vocab = vocabulary(world.debate)
    lone = _said(
        world,
        "Les chauves-souris du pont",
        "Une colonie de chauves-souris vit sous le pont des Arches ; les travaux de nuit la "
        "feraient partir.",
        30,
        vocab["con"],
    )
    crowd = [
        _said(world, f"Trop cher {n}", " ".join(COST_SENTENCES[n : n + 3]), 20 - n, vocab["con"])
        for n in range(3)
    ]
    login(client, world.committee)

    html = client.get(
        f"/synthesis/{world.debate.slug}/themes/{world.debate.themes[0].slug}"
    ).get_data(as_text=True)

    # Three people saying the same thing are one argument, with a link to each of them…
    assert _anchors(html) == [lone.id, crowd[0].id]
    for item in crowd[1:]:
        assert f"/contributions/{item.id}#c{item.id}" in html
    # …and the argument made once, earlier, comes first: never ordered by how many.
    blocks = workspace.theme_arguments(world.debate, world.debate.themes[0])
    assert [len(a.members) for a in blocks[0].arguments] == [1, 3]


def test_the_committee_reorders_arguments_and_moderators_only_read(app, client):
    world = make_world()
    vocab = vocabulary(world.debate)
    first = _said(world, "Le pont", "Le pont des Arches est classé et fragile.", 10, vocab["con"])
    second = _said(
        world, "Les arbres", "Les platanes de l'avenue seraient abattus pour rien.", 5, vocab["con"]
    )
    page = f"/synthesis/{world.debate.slug}/themes/{world.debate.themes[0].slug}"
    move = f"/synthesis/{world.debate.slug}/arguments/move"
    data = {
        "theme_id": world.debate.themes[0].id,
        "key": vocab["con"].id,
        "anchor_id": second.id,
        "direction": "up",
    }

    report.start_report(world.debate, world.committee)
    login(client, world.moderator)
    seen = client.get(page).get_data(as_text=True)
    assert "/arguments/move" not in seen and "cite-form" not in seen
    assert client.post(move, data=data).status_code in (400, 403)

    member = app.test_client()
    login(member, world.committee)
    response = post_form(member, move, data, form_url=page)
    assert response.status_code == 302
    html = member.get(page).get_data(as_text=True)
    assert _anchors(html) == [second.id, first.id]
    assert "cite-form" in html  # committee members cite from the workspace


def test_untyped_contributions_are_left_to_classify(app, client):
    world = make_world()
    vocabulary(world.debate)
    item = _said(world, "Sans type", "Le tracé passe trop près de l'école maternelle.", 3)
    login(client, world.committee)

    html = client.get(f"/synthesis/{world.debate.slug}/").get_data(as_text=True)

    assert f'id="untagged-{item.id}"' in html
    assert [i.id for i in workspace.untagged(world.debate)] == [item.id]
