"""What people write in replies, as the thread shows it: the address of a source, one
heading per untitled reply, bylines of transcribed contributions, and messages that name
a contribution by its title or its first words."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser

import pytest

from forum import privacy
from forum.extensions import db
from forum.models import Contribution, Notification, Phase, Relation
from moderation import masking
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team, offline_entry
from tests.conftest import login, post_form


class Articles(HTMLParser):
    """Each article of a thread page: the text of its heading, of its meta line, and its
    source link (``href`` and ``rel``)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.articles: dict[str, dict] = {}
        self._current: dict | None = None
        self._in: str | None = None
        self._depth = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article":
            self._current = {"heading": "", "meta": "", "source": None, "text": ""}
            self.articles[attributes["id"]] = self._current
        if self._current is None:
            return
        if tag in ("h1", "h2"):
            self._in, self._depth = "heading", 0
        elif tag == "p" and "meta" in classes:
            self._in = "meta"
        elif tag == "p" and "source-link" in classes:
            self._in = "source"
        elif tag == "a" and self._in == "source":
            self._current["source"] = attributes

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "p"):
            self._in = None
        if tag == "article":
            self._current = None

    def handle_data(self, data):
        if self._current is None:
            return
        self._current["text"] += data
        if self._in in ("heading", "meta"):
            self._current[self._in] += data


def articles(client, contribution_id: int) -> dict[str, dict]:
    response = client.get(f"/contributions/{contribution_id}")
    assert response.status_code == 200
    found = Articles(response.get_data(as_text=True)).articles
    for article in found.values():
        article["heading"] = " ".join(article["heading"].split())
        article["meta"] = " ".join(article["meta"].split())
    return found


@pytest.fixture
def thread(app, client):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice")
    bob = builders.make_user("Bob")
    top = builders.make_contribution(debate, alice, title="Le tracé par l'hôpital")
    client.get("/lang/en")
    return debate, alice, bob, top


def reply_form(**fields) -> dict:
    data = {
        "relation": "provides_source",
        "kind": "opinion",
        "title": "",
        "body": "Le dossier du maître d'ouvrage donne les chiffres de fréquentation.",
        "source_url": "https://www.example.org/dossier/frequentation.pdf",
    }
    data.update(fields)
    return data


# --- The address of a source -----------------------------------------------------------


def test_a_source_reply_keeps_its_address_and_shows_it_as_a_link(client, thread):
    debate, alice, bob, top = thread
    login(client, bob)
    response = post_form(client, f"/contributions/{top.id}/reply", reply_form())
    assert response.status_code == 302
    reply = db.session.scalar(db.select(Contribution).where(Contribution.parent_id == top.id))
    assert reply.source_url == "https://www.example.org/dossier/frequentation.pdf"
    shown = articles(client, top.id)[f"c{reply.id}"]
    assert shown["source"] == {
        "class": "user-text",
        "href": "https://www.example.org/dossier/frequentation.pdf",
        "rel": "nofollow ugc noopener",
    }


def test_the_reply_form_offers_the_source_address(client, thread):
    debate, alice, bob, top = thread
    login(client, bob)
    page = client.get(f"/contributions/{top.id}/reply").get_data(as_text=True)
    assert 'name="source_url"' in page and 'type="url"' in page


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://example.org/rapport.pdf",
        "//evil.example.org/page",
        "www.example.org/sans-schema",
        "https://",
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/'><script>alert(1)</script>",
        "https://exa mple.org/",
        "https://example.org/\tjavascript:alert(1)",
        "https://example.org/" + "a" * 2000,
    ],
)
def test_a_hostile_or_malformed_address_is_refused_with_the_text_kept(client, thread, address):
    debate, alice, bob, top = thread
    login(client, bob)
    body = "Mon texte, à garder tel quel : « 12 % de trafic en plus »."
    response = post_form(
        client, f"/contributions/{top.id}/reply", reply_form(body=body, source_url=address)
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="source_url-error"' in page
    assert "« 12 % de trafic en plus »" in page  # the text, shown back in its field
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 1
    assert "<script>alert(1)" not in page


def test_only_a_source_reply_takes_an_address(client, thread):
    debate, alice, bob, top = thread
    login(client, bob)
    response = post_form(client, f"/contributions/{top.id}/reply", reply_form(relation="supports"))
    assert response.status_code == 422
    assert 'id="source_url-error"' in response.get_data(as_text=True)
    # Without an address, any relation is fine, "provides a source" included.
    for relation in ("supports", "provides_source"):
        response = post_form(
            client, f"/contributions/{top.id}/reply", reply_form(relation=relation, source_url="")
        )
        assert response.status_code == 302


def test_the_api_and_the_open_data_give_the_source_address(app, client, thread):
    debate, alice, bob, top = thread
    source = builders.make_contribution(
        debate, bob, title="", parent=top, relation=Relation.PROVIDES_SOURCE
    )
    source.source_url = "https://www.example.org/etude"
    db.session.commit()
    data = client.get("/api/v1/debates/tram/contributions").get_json()
    by_id = {c["id"]: c for c in data["contributions"]}
    assert by_id[source.id]["source_url"] == "https://www.example.org/etude"
    assert by_id[top.id]["source_url"] is None

    debate.phase = Phase.CLOSED
    db.session.commit()
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/tram/contributions.csv").text)))
    assert {r["id"]: r["source_url"] for r in rows} == {
        str(top.id): "",
        str(source.id): "https://www.example.org/etude",
    }
    records = json.loads(client.get("/open-data/tram/contributions.json").text)
    assert {c["id"]: c["source_url"] for c in records["contributions"]} == {
        top.id: None,
        source.id: "https://www.example.org/etude",
    }
    # The author's own data export holds it too.
    export = privacy.export_data(bob)
    assert "https://www.example.org/etude" in json.dumps(export)


# --- Headings and bylines --------------------------------------------------------------


def test_an_untitled_reply_is_headed_once_by_its_author(client, thread):
    debate, alice, bob, top = thread
    reply = builders.make_contribution(
        debate, bob, title="", parent=top, relation=Relation.SUPPORTS
    )
    titled = builders.make_contribution(
        debate, bob, title="Un titre à moi", parent=top, relation=Relation.NUANCES
    )
    shown = articles(client, top.id)
    untitled = shown[f"c{reply.id}"]
    assert untitled["heading"] == "Reply by Bob"
    assert "Bob" not in untitled["meta"]  # said once, in the heading
    assert untitled["text"].count("Bob") == 1
    # A titled reply keeps its byline under its title.
    assert shown[f"c{titled.id}"]["heading"] == "Un titre à moi"
    assert "by Bob" in shown[f"c{titled.id}"]["meta"]


@pytest.fixture
def team(app):
    return make_team()


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_a_transcribed_contribution_reads_naturally_without_quotes_in_quotes(client, team, locale):
    login(client, team.moderator)
    event = "Atelier « Arbres, paysage et chaleur », maison de quartier"
    said = date(2026, 11, 12).isoformat()
    response = post_form(
        client, "/moderation/tram/offline", offline_entry(team, event=event, occurred_on=said)
    )
    assert response.status_code == 302
    item = db.session.scalar(db.select(Contribution))
    assert "« «" not in item.attribution and "“" not in item.attribution
    reply = builders.make_contribution(
        team.debate, team.participant, title="", parent=item, relation=Relation.NUANCES
    )
    reply.author_id, reply.channel, reply.event = None, item.channel, event
    reply.attribution, reply.occurred_on = "Jeanne Martin", date(2026, 11, 12)
    db.session.commit()

    client.get(f"/lang/{locale}")
    shown = articles(client, item.id)
    top, answer = shown[f"c{item.id}"], shown[f"c{reply.id}"]
    if locale == "fr":
        assert "propos recueillis le 12 novembre 2026" in top["meta"]
        assert answer["heading"] == "Réponse de Jeanne Martin"
        assert "recueillis le 12 novembre 2026" in answer["meta"]
    else:
        assert "said on 12 November 2026" in top["meta"]
        assert answer["heading"] == "Reply from Jeanne Martin"
        assert "said on 12 November 2026" in answer["meta"]
    for article in (top, answer):
        text = article["heading"] + " " + article["meta"]
        assert "« «" not in text and "» »" not in text and "“" not in text
        assert text.count(event) <= 1  # the event once, where the channel is said
    assert "Jeanne Martin" not in answer["meta"]


def test_a_stored_generic_attribution_is_not_shown_as_a_name(client, team):
    """Transcriptions stored before: their attribution quoted the event."""
    item = builders.make_contribution(team.debate, team.participant, title="Dit en réunion")
    item.author_id, item.channel = None, offline_channel()
    item.event = "Atelier « Arbres »"
    item.occurred_on = date(2026, 11, 12)
    item.attribution = "Participant à « Atelier « Arbres » », le 12 novembre 2026"
    db.session.commit()
    client.get("/lang/fr")
    meta = articles(client, item.id)[f"c{item.id}"]["meta"]
    assert "« «" not in meta and "Participant à" not in meta
    assert "propos recueillis le 12 novembre 2026" in meta


def offline_channel():
    from forum.models import Channel

    return Channel.WORKSHOP


# --- Messages name the contribution -----------------------------------------------------


def test_a_reply_to_an_untitled_reply_is_named_by_its_first_words(client, thread):
    debate, alice, bob, top = thread
    first = builders.make_contribution(
        debate,
        alice,
        title="",
        body="Les cyclistes de la rue Sainte-Catherine demandent une piste séparée du tram, "
        "sur toute la longueur.",
        parent=top,
        relation=Relation.OBJECTS,
    )
    login(client, bob)
    response = post_form(
        client,
        f"/contributions/{first.id}/reply",
        reply_form(relation="nuances", source_url=""),
    )
    assert response.status_code == 302
    (told,) = db.session.scalars(
        db.select(Notification.message).where(Notification.user_id == alice.id)
    )
    assert "Les cyclistes de la rue Sainte-Catherine demandent une piste séparée…" in told
    assert "(reply)" not in told and "(réponse)" not in told


def test_masking_an_untitled_reply_names_it_by_its_first_words(app, team):
    top = builders.make_contribution(team.debate, team.moderator, title="Le coût")
    reply = builders.make_contribution(
        team.debate,
        team.participant,
        title="",
        body="Vous êtes tous des incapables, **vraiment**.",
        parent=top,
        relation=Relation.OBJECTS,
    )
    masking.mask(reply, team.moderator, "Attaque personnelle", ARTICLE_2)
    (told,) = db.session.scalars(
        db.select(Notification.message).where(Notification.user_id == team.participant.id)
    )
    assert "« Vous êtes tous des incapables, vraiment. »" in told
    assert "your reply" not in told and "votre réponse" not in told
