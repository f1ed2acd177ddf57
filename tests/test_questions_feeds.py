"""Atom feeds, checked by a real feed parser: per debate, per theme, answered questions."""

from __future__ import annotations

import feedparser
import pytest

from forum.models import Phase, Status
from tests import builders
from tests.builders_questions import answer_and_publish, days_ago, make_question, staff


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def debate(app):
    return builders.make_debate("tram", title="Prolongement du tram")


def test_the_debate_feed_lists_published_contributions_newest_first(client, debate):
    author = builders.make_user("Camille")
    builders.make_contribution(debate, author, title="Ancien avis", body="Texte *ancien*.")
    builders.make_contribution(debate, author, title="Nouvel avis", body="Texte récent.")
    builders.make_contribution(debate, author, title="En attente", status=Status.PENDING)
    builders.make_contribution(debate, author, title="Masqué", status=Status.MASKED)
    feed = _parse(client, "/debates/tram/feed.atom")
    assert feed.feed.title == "Prolongement du tram"
    assert [e.title for e in feed.entries] == ["Nouvel avis", "Ancien avis"]
    first = feed.entries[1]
    assert first.author == "Camille"
    assert "<em>ancien</em>" in first.content[0].value
    assert first.link.startswith("http://localhost/contributions/")
    assert first.id != feed.entries[0].id
    assert any(link.rel == "self" for link in feed.feed.links)


def test_the_theme_feed_keeps_to_its_theme(client, debate):
    author = builders.make_user()
    route, cost = debate.themes[0], debate.themes[1]
    builders.make_contribution(debate, author, title="Sur le tracé", themes=[route])
    builders.make_contribution(debate, author, title="Sur le coût", themes=[cost])
    feed = _parse(client, f"/debates/tram/themes/{cost.slug}/feed.atom")
    assert [e.title for e in feed.entries] == ["Sur le coût"]
    assert cost.name in feed.feed.title
    assert client.get("/debates/tram/themes/nope/feed.atom").status_code == 404


def test_the_answers_feed_has_each_published_answer_and_revision(client, debate):
    owner, member, _moderator = staff(debate)
    asker = builders.make_user()
    question = make_question(debate, asker, title="Et le dimanche ?", published_at=days_ago(5))
    make_question(debate, asker, title="Sans réponse")
    answer_and_publish(question, owner, member, body="Dès **7 heures**.")
    answer_and_publish(question, owner, member, body="Dès 6 h 30.", note="Horaire avancé.")
    feed = _parse(client, "/debates/tram/answers.atom")
    assert len(feed.entries) == 2
    assert all("Et le dimanche ?" in e.title for e in feed.entries)
    assert feed.entries[0].title != feed.entries[1].title  # the revision says so
    assert feed.entries[0].author == debate.owner_name
    assert "<strong>7 heures</strong>" in feed.entries[1].content[0].value
    assert feed.entries[0].link.endswith(f"/contributions/{question.id}#answer-{question.id}")
    assert len({e.id for e in feed.entries}) == 2


def test_an_empty_feed_is_still_valid(client, debate):
    feed = _parse(client, "/debates/tram/answers.atom")
    assert feed.entries == []
    assert feed.feed.updated


def test_a_draft_debate_has_no_public_feed(client):
    builders.make_debate("brouillon", phase=Phase.DRAFT)
    assert client.get("/debates/brouillon/feed.atom").status_code == 404
    assert client.get("/debates/brouillon/answers.atom").status_code == 404


def test_the_debate_page_announces_its_feeds(client, debate):
    html = client.get("/debates/tram").get_data(as_text=True)
    assert 'type="application/atom+xml" href="/debates/tram/feed.atom"' in html
    assert 'href="/debates/tram/answers.atom"' in html


def test_an_untitled_contribution_is_named_by_its_first_words(client, debate):
    author = builders.make_user("Camille")
    builders.make_contribution(
        debate, author, title="", body="Les platanes du quai doivent rester debout, tous."
    )
    feed = _parse(client, "/debates/tram/feed.atom")
    assert [e.title for e in feed.entries] == ["Les platanes du quai doivent rester debout, tous."]
