"""What the fuzz tests found, pinned down one by one (each was a server error)."""

from __future__ import annotations

from urllib.parse import quote_from_bytes

from forum.extensions import db
from forum.models import Contribution
from tests import builders
from tests.conftest import csrf_token


def test_ids_past_the_database_range_are_not_found(client):
    debate = builders.make_debate("tram")
    for url in (
        "/contributions/99999999999999999999999",
        f"/contributions/{2**31}",
        f"/debates/tram/documents/{2**63}",
        f"/moderation/{debate.slug}/contributions/{2**40}",
    ):
        assert client.get(url).status_code == 404, url


def test_nul_characters_are_taken_out_of_form_fields(client, login_as):
    debate = builders.make_debate("tram")
    login_as(builders.make_user("Alice"))
    url = "/debates/tram/contribute"
    fields = {
        "csrf_token": csrf_token(client, url),
        "kind": "opinion",
        "title": "Mon\x00 avis",
        "body": "Le tracé\x00 doit passer par l'hôpital.",
        "themes": str(debate.themes[0].id),
    }
    body = "&".join(f"{k}={quote_from_bytes(v.encode())}" for k, v in fields.items()).encode()

    response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 302
    item = db.session.scalar(db.select(Contribution))
    assert item.title == "Mon avis"
    assert item.body_source == "Le tracé doit passer par l'hôpital."


def test_nul_in_a_query_or_a_url_part(client):
    builders.make_debate("tram")
    assert client.get("/debates/tr%00am").status_code == 404
    answer = client.get("/api/v1/debates/tr%00am/contributions")
    assert answer.status_code == 404 and answer.is_json
    assert client.get("/debates/tram/contributions?order=new%00est").status_code < 500
    assert client.get("/search?q=tram%00way").status_code < 500


def test_the_api_reads_only_ascii_page_numbers(client):
    builders.make_debate("tram")
    for page in ("١", "１", "²", "0", "-1", "10000000"):
        answer = client.get("/api/v1/debates/tram/contributions", query_string={"page": page})
        assert answer.status_code == 400, page
        assert answer.get_json()["status"] == 400
    assert client.get("/api/v1/debates/tram/contributions?page=1").status_code == 200
