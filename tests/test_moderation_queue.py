"""The moderation queue: what needs a moderator, filters, bulk actions."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Channel, Kind, ModerationMode, Status
from moderation import flags
from moderation.models import ContributionTag, FlagReason, JournalAction
from tests import builders
from tests.builders_moderation import ARTICLE_2, journal_rows, make_team, reload, vocabulary
from tests.conftest import login, post_form


@pytest.fixture
def team(app):
    return make_team("apriori", moderation_mode=ModerationMode.A_PRIORI)


@pytest.fixture
def corpus(team):
    debate, author = team.debate, team.participant
    tags = vocabulary(debate)
    items = {
        "pending": builders.make_contribution(
            debate, author, title="En attente", status=Status.PENDING
        ),
        "pending_q": builders.make_contribution(
            debate, author, title="Question en attente", kind=Kind.QUESTION, status=Status.PENDING
        ),
        "flagged": builders.make_contribution(debate, author, title="Signalée"),
        "unclassified": builders.make_contribution(
            debate,
            author,
            title="Registre papier",
            channel=Channel.PAPER,
            themes=[debate.themes[2]],
        ),
        "classified": builders.make_contribution(debate, author, title="Déjà classée"),
    }
    for item in items.values():
        if item.title != "Registre papier" and item.status == Status.PUBLISHED:
            db.session.add(ContributionTag(contribution_id=item.id, tag_id=tags["pro"].id))
    db.session.commit()
    flags.flag(items["flagged"], team.committee, FlagReason.OFF_TOPIC, "Hors sujet")
    return items


def titles(html: str, corpus) -> set[str]:
    return {key for key, item in corpus.items() if f">#{item.id} {item.title}<" in html}


def test_the_queue_lists_pending_flagged_and_unclassified(client, team, corpus):
    login(client, team.committee)
    html = client.get("/moderation/apriori/").get_data(as_text=True)
    assert titles(html, corpus) == {"pending", "pending_q", "flagged", "unclassified"}
    assert titles(
        client.get("/moderation/apriori/?need=pending").get_data(as_text=True), corpus
    ) == {
        "pending",
        "pending_q",
    }
    assert titles(
        client.get("/moderation/apriori/?need=flagged").get_data(as_text=True), corpus
    ) == {"flagged"}
    assert titles(
        client.get("/moderation/apriori/?need=unclassified").get_data(as_text=True), corpus
    ) == {"unclassified"}


def test_filters_by_theme_kind_channel_and_status(client, team, corpus):
    login(client, team.moderator)
    base = "/moderation/apriori/?need=everything"
    assert titles(client.get(f"{base}&kind=question").get_data(as_text=True), corpus) == {
        "pending_q"
    }
    assert titles(client.get(f"{base}&channel=paper").get_data(as_text=True), corpus) == {
        "unclassified"
    }
    theme = team.debate.themes[2].id
    assert titles(client.get(f"{base}&theme={theme}").get_data(as_text=True), corpus) == {
        "unclassified"
    }
    assert titles(client.get(f"{base}&status=pending").get_data(as_text=True), corpus) == {
        "pending",
        "pending_q",
    }
    pro = vocabulary(team.debate)["pro"].id
    assert titles(client.get(f"{base}&tag={pro}").get_data(as_text=True), corpus) == {
        "flagged",
        "classified",
    }
    # Nonsense in the query string is ignored, never an error.
    assert client.get("/moderation/apriori/?need=x&theme=abc&kind=%00&after=-1").status_code == 200


def test_bulk_publish_mask_and_tag(client, team, corpus):
    login(client, team.moderator)
    ids = [corpus["pending"].id, corpus["pending_q"].id]
    response = post_form(
        client,
        "/moderation/apriori/queue",
        {"selected": ids, "action": "publish"},
        form_url="/moderation/apriori/",
    )
    assert response.status_code == 302
    assert {reload(corpus[k]).status for k in ("pending", "pending_q")} == {Status.PUBLISHED}
    assert len(journal_rows(JournalAction.PUBLISH)) == 2

    # Masking needs a reason and an article; nothing happens without them.
    data = {
        "selected": [corpus["flagged"].id],
        "action": "mask",
        "reason": "",
        "article": ARTICLE_2,
    }
    response = post_form(client, "/moderation/apriori/queue", data, form_url="/moderation/apriori/")
    assert response.status_code == 422
    data["reason"] = "Hors sujet, article 4."
    response = post_form(client, "/moderation/apriori/queue", data, form_url="/moderation/apriori/")
    assert response.status_code == 302
    assert reload(corpus["flagged"]).status == Status.MASKED
    assert journal_rows(JournalAction.MASK)[0].reason == "Hors sujet, article 4."

    weak = vocabulary(team.debate)["weak-signal"]
    data = {"selected": [corpus["unclassified"].id], "action": "tag", "tag": weak.id}
    response = post_form(client, "/moderation/apriori/queue", data, form_url="/moderation/apriori/")
    assert response.status_code == 302
    assert db.session.get(ContributionTag, (corpus["unclassified"].id, weak.id)) is not None


def test_bulk_needs_a_selection(client, team, corpus):
    login(client, team.moderator)
    response = post_form(
        client, "/moderation/apriori/queue", {"action": "publish"}, form_url="/moderation/apriori/"
    )
    assert response.status_code == 422


def test_the_queue_tells_its_sizes_and_stops_counting_past_a_cap(app, client, team, corpus):
    login(client, team.committee)
    html = client.get("/moderation/apriori/").get_data(as_text=True)
    sizes = html[html.index('class="queue-sizes"') : html.index("</ul>", html.index("queue-sizes"))]
    # Two pending (an article and a question), one reported, one not yet classified.
    assert [int(n) for n in re.findall(r"<strong>(\d+)</strong>", sizes)] == [2, 1, 1]
    app.config["PALABRE_QUEUE_COUNT_CAP"] = 1
    html = client.get("/moderation/apriori/").get_data(as_text=True)
    sizes = html[html.index('class="queue-sizes"') : html.index("</ul>", html.index("queue-sizes"))]
    assert "plus de 1" in sizes  # two pending: past the cap
    assert [int(n) for n in re.findall(r"<strong>(\d+)</strong>", sizes)] == [1, 1]


def test_the_bulk_tag_menu_has_its_own_label_beside_the_tag_filter(client, team, corpus):
    """Both forms of the queue have a "Tag" menu: each must have its own id, or the bulk
    menu's label names the filter instead and a screen reader announces it unnamed."""
    login(client, team.moderator)
    html = client.get("/moderation/apriori/").get_data(as_text=True)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    bulk = html[html.index('class="queue-form"') :]
    label = re.search(r'<label for="([^"]+)">Étiquette</label>', bulk)
    assert label and re.search(rf'<select id="{label.group(1)}" name="tag"', bulk)
