"""The read-only open-data API: /api/v1/debates and /api/v1/debates/<slug>/contributions."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest

from forum.author_codes import author_code
from forum.extensions import db
from forum.models import Channel, Kind, Phase, Relation, Status
from tests import builders

PAGE_SIZE = 4
CONTRIBUTION_KEYS = {
    "id",
    "url",
    "kind",
    "title",
    "body_text",
    "parent_id",
    "relation",
    "source_url",
    "themes",
    "channel",
    "created_at",
    "author",
    "event",
    "occurred_on",
}
COUNT_LIKE = re.compile(r"count|total|likes|votes|views|replies|score|popularity", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_API_PAGE_SIZE": PAGE_SIZE}


def keys_anywhere(value) -> list[str]:
    """Every key of every object in a JSON document, however deep."""
    if isinstance(value, dict):
        return [k for k, v in value.items() for k in (k, *keys_anywhere(v))]
    if isinstance(value, list):
        return [k for item in value for k in keys_anywhere(item)]
    return []


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response.is_json, url
    return response.get_json()


def all_pages(client, url: str) -> list[dict]:
    """Every page of a contributions list, following its ``next`` URLs."""
    pages = [get_json(client, url)]
    while pages[-1]["next"]:
        assert len(pages) < 100, "next URLs loop"
        nxt = urlsplit(pages[-1]["next"])
        pages.append(get_json(client, f"{nxt.path}?{nxt.query}"))
    return pages


@pytest.fixture
def corpus(app):
    """A debate with published, pending and masked contributions, replies and offline ones."""
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="alice.secret@example.org")
    bob = builders.make_user("Bob", email="bob.private@example.net")
    start = datetime(2026, 3, 1, 9, 0, 0)
    published = []
    for n in range(9):
        published.append(
            builders.make_contribution(
                debate,
                (alice, bob)[n % 2],
                title=f"Avis {n}",
                body=f"Texte *{n}* avec un [lien](https://example.org/{n}).\n\n- point\n- autre",
                kind=(Kind.OPINION, Kind.QUESTION, Kind.PROPOSAL)[n % 3],
                themes=[debate.themes[n % 3]],
                created_at=start + timedelta(hours=(n * 5) % 9),
            )
        )
    reply = builders.make_contribution(
        debate,
        bob,
        title="",
        body="Je **nuance**.",
        parent=published[0],
        relation=Relation.NUANCES,
        created_at=start + timedelta(days=1),
    )
    paper = builders.make_contribution(
        debate,
        alice,
        title="Registre papier",
        body="Transcrit d'un registre.",
        channel=Channel.PAPER,
        created_at=start + timedelta(days=2),
    )
    published += [reply, paper]
    pending = builders.make_contribution(
        debate, alice, title="En attente", body="Pas encore lu.", status=Status.PENDING
    )
    masked = builders.make_contribution(
        debate, bob, title="Masquée", body="Contraire à la charte.", status=Status.MASKED
    )
    return {
        "debate": debate,
        "published": published,
        "hidden": [pending, masked],
        "people": [alice, bob],
    }


# --- Debates ---------------------------------------------------------------------------


def test_debates_lists_public_debates_only(client, app):
    for slug, phase in (
        ("ouvert", Phase.OPEN),
        ("brouillon", Phase.DRAFT),
        ("clos", Phase.CLOSED),
        ("rapport", Phase.REPORTED),
    ):
        builders.make_debate(slug, title=f"Débat {slug}", phase=phase)
    data = get_json(client, "/api/v1/debates")
    by_slug = {d["slug"]: d for d in data["debates"]}
    assert set(by_slug) == {"ouvert", "clos", "rapport"}
    for slug, phase in (("ouvert", "open"), ("clos", "closed"), ("rapport", "reported")):
        debate = by_slug[slug]
        assert debate["title"] == f"Débat {slug}"
        assert debate["phase"] == phase
        assert urlsplit(debate["url"]).path == f"/debates/{slug}"
        assert urlsplit(debate["contributions_url"]).path == f"/api/v1/debates/{slug}/contributions"
        assert [t["slug"] for t in debate["themes"]] == [
            "trace-et-stations",
            "cout-et-financement",
            "environnement",
        ]
        assert "<" not in debate["summary"]
        assert "quatre stations" in debate["summary"]
    assert "brouillon" not in json.dumps(data)


def test_debates_urls_lead_to_the_debate_and_its_contributions(client, corpus):
    (debate,) = get_json(client, "/api/v1/debates")["debates"]
    assert client.get(urlsplit(debate["url"]).path).status_code == 200
    contributions = get_json(client, urlsplit(debate["contributions_url"]).path)
    assert contributions["debate"] == "tram"


# --- Contributions ---------------------------------------------------------------------


def test_contributions_have_exactly_the_documented_keys(client, corpus):
    items = [
        c
        for page in all_pages(client, "/api/v1/debates/tram/contributions")
        for c in page["contributions"]
    ]
    assert items
    for item in items:
        assert set(item) == CONTRIBUTION_KEYS


def test_contributions_are_the_published_ones_oldest_first_across_pages(client, corpus):
    pages = all_pages(client, "/api/v1/debates/tram/contributions")
    expected = sorted(corpus["published"], key=lambda c: (c.created_at, c.id))
    assert len(pages) == -(-len(expected) // PAGE_SIZE)
    assert [p["page"] for p in pages] == list(range(1, len(pages) + 1))
    assert all(len(p["contributions"]) == PAGE_SIZE for p in pages[:-1])
    assert pages[-1]["next"] is None
    ids = [c["id"] for page in pages for c in page["contributions"]]
    assert ids == [c.id for c in expected]
    hidden = {c.id for c in corpus["hidden"]}
    assert not hidden & set(ids)
    dump = json.dumps(pages, ensure_ascii=False)
    for words in ("En attente", "Pas encore lu", "Masquée", "Contraire à la charte"):
        assert words not in dump


def test_a_page_after_the_last_is_empty(client, corpus):
    data = get_json(client, "/api/v1/debates/tram/contributions?page=50")
    assert data["contributions"] == []
    assert data["next"] is None


def test_contribution_values(client, corpus):
    items = {
        c["id"]: c
        for page in all_pages(client, "/api/v1/debates/tram/contributions")
        for c in page["contributions"]
    }
    first = corpus["published"][0]
    item = items[first.id]
    assert item["kind"] == "opinion"
    assert item["title"] == "Avis 0"
    assert item["parent_id"] is None and item["relation"] is None
    assert item["themes"] == ["trace-et-stations"]
    assert item["channel"] == "online"
    alice, bob = corpus["people"][0], corpus["people"][1]
    assert item["author"] == author_code(first.debate_id, alice.id)  # never "Alice"
    assert urlsplit(item["url"]).path == f"/contributions/{first.id}"
    assert item["created_at"] == "2026-03-01T09:00:00Z"

    reply = items[corpus["published"][9].id]
    assert reply["parent_id"] == first.id
    assert reply["relation"] == "nuances"
    assert reply["author"] == author_code(first.debate_id, bob.id)
    assert reply["themes"] == ["trace-et-stations"]  # inherited from its parent

    paper = items[corpus["published"][10].id]
    assert paper["channel"] == "paper"
    assert {items[c.id]["kind"] for c in corpus["published"][:3]} == {
        "opinion",
        "question",
        "proposal",
    }


def test_body_text_is_plain_text(client, corpus):
    items = [
        c
        for page in all_pages(client, "/api/v1/debates/tram/contributions")
        for c in page["contributions"]
    ]
    for item in items:
        assert not re.search(r"<[a-zA-Z/!]", item["body_text"]), item["body_text"]
        assert "&amp;" not in item["body_text"] and "&lt;" not in item["body_text"]
    first = next(i for i in items if i["id"] == corpus["published"][0].id)
    assert first["body_text"].startswith("Texte 0 avec un lien.")
    assert "point" in first["body_text"]


def test_body_text_keeps_typed_symbols_as_text(client, app):
    debate = builders.make_debate("tram")
    author = builders.make_user()
    builders.make_contribution(debate, author, body="Coût < 5 M€ & délais > 2 ans")
    (item,) = get_json(client, "/api/v1/debates/tram/contributions")["contributions"]
    assert item["body_text"] == "Coût < 5 M€ & délais > 2 ans"


def test_a_deleted_author_is_anonymous(client, corpus):
    alice = corpus["people"][0]
    for contribution in corpus["published"]:
        if contribution.author_id == alice.id:
            contribution.author_id = None
    db.session.delete(alice)
    db.session.commit()
    items = [
        c
        for page in all_pages(client, "/api/v1/debates/tram/contributions")
        for c in page["contributions"]
    ]
    gone = {i["id"] for i in items if i["author"] is None}
    assert gone == {c.id for c in corpus["published"] if c.author_id is None}
    assert gone and all(i["author"].startswith("p-") for i in items if i["id"] not in gone)


@pytest.mark.parametrize(
    "page", ["0", "-1", "abc", "", "1.5", "²", "1e3", "99999999999", " 1", "0x10"]
)
def test_a_bad_page_is_400_json_never_500(client, corpus, page):
    response = client.get("/api/v1/debates/tram/contributions", query_string={"page": page})
    assert response.status_code == 400
    assert response.is_json
    assert response.get_json()["status"] == 400


@pytest.mark.parametrize("slug", ["no-such-debate", "brouillon"])
def test_unknown_or_draft_debate_is_404_json(client, app, slug):
    draft = builders.make_debate("brouillon", phase=Phase.DRAFT)
    builders.make_contribution(draft, builders.make_user(), body="Secret de brouillon.")
    response = client.get(f"/api/v1/debates/{slug}/contributions")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["status"] == 404
    assert "Secret" not in response.get_data(as_text=True)


def test_unknown_api_path_is_404_json(client, app):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json


def test_closed_debate_is_still_open_data(client, corpus):
    corpus["debate"].phase = Phase.CLOSED
    db.session.commit()
    data = get_json(client, "/api/v1/debates/tram/contributions")
    assert len(data["contributions"]) == PAGE_SIZE


# --- Doctrine and privacy --------------------------------------------------------------


def test_no_key_anywhere_suggests_a_count(client, corpus):
    documents = [get_json(client, "/api/v1/debates")]
    documents += all_pages(client, "/api/v1/debates/tram/contributions")
    documents.append(get_json(client, "/api/v1/debates/tram/contributions?page=99"))
    keys = {k for document in documents for k in keys_anywhere(document)}
    assert keys  # the walk did find keys
    assert "contributions" in keys and "body_text" in keys
    assert not [k for k in keys if COUNT_LIKE.search(k)]


def test_keys_walk_finds_nested_keys():
    document = {"a": [{"b": {"reply_count": 1}}], "c": {"d": [[{"votes": 2}]]}}
    keys = keys_anywhere(document)
    assert {"a", "b", "reply_count", "c", "d", "votes"} <= set(keys)


def test_no_email_address_in_the_output(client, corpus):
    dumps = [client.get("/api/v1/debates").get_data(as_text=True)]
    dumps += [
        json.dumps(page, ensure_ascii=False)
        for page in all_pages(client, "/api/v1/debates/tram/contributions")
    ]
    for dump in dumps:
        assert "alice.secret" not in dump and "bob.private" not in dump
        assert not EMAIL.search(dump), EMAIL.search(dump)
