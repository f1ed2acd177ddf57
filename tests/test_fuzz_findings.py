"""What the fuzz tests found, pinned down one by one (each was a server error)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote_from_bytes

from forum.extensions import db
from forum.models import Contribution, Phase
from tests import builders
from tests.conftest import csrf_token, login


def offline_fields(theme_id: int) -> dict:
    """The offline entry form, filled in (the themes set by the caller's test)."""
    return {
        "channel": "public_meeting",
        "occurred_on": (date.today() - timedelta(days=3)).isoformat(),
        "event": "Réunion publique",
        "kind": "opinion",
        "themes": theme_id,
        "title": "Le coût inquiète",
        "body": "Un habitant estime que c'est trop cher.",
        "transcription": "summary",
    }


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


# --- Ids in forms and queries: a number past the id column's range, or no id at all ------

# Each was, somewhere, an OverflowError from the database driver (a 500) or a crash of int().
BAD_IDS = (
    "99999999999999999999999",
    str(2**63),
    str(2**31),
    "-1",
    "0",
    "abc",
    "1.5",
    "1e3",
    "١٢",
    "１",
)


def _id_world(app):
    from synthesis import documents as report_documents
    from synthesis import report
    from tests.builders_moderation import vocabulary
    from tests.builders_synthesis import make_world

    world = make_world(phase=Phase.CLOSED)
    world.debate.closes_on = date.today() - timedelta(days=3)
    item = builders.make_contribution(world.debate, world.participant, title="Les arbres")
    tag = next(iter(vocabulary(world.debate).values()))
    draft = report.start_report(world.debate, world.committee)
    with app.test_request_context("/"):
        report_documents.publish(world.debate, world.committee)
    db.session.commit()
    return world, item, tag, draft.sections[1]


def _refused(response, *allowed: int) -> bool:
    """A clear refusal: the form again with its error, a 4xx, or a redirect (with a flash)."""
    return response.status_code in (allowed or (400, 404, 422))


def test_every_id_field_of_a_form_refuses_what_is_not_an_id(app, client):
    world, item, tag, section = _id_world(app)
    slug = world.debate.slug
    themes = world.debate.themes[0].id
    contribution = f"/moderation/{slug}/contributions/{item.id}"
    # (who, url, the fields around the id, the id field, what a refusal may answer)
    cases = [
        (world.moderator, f"/moderation/{slug}/queue", {"action": "publish"}, "selected", ()),
        (
            world.moderator,
            f"/moderation/{slug}/queue",
            {"action": "tag", "selected": item.id},
            "tag",
            (),
        ),
        (world.moderator, f"{contribution}/duplicate", {"reason": "Doublon"}, "original", ()),
        (world.moderator, f"{contribution}/tags", {}, "tag", (302, 400, 404, 422)),
        (world.moderator, f"{contribution}/refile", {"reason": "Mal classé"}, "themes", ()),
        (world.moderator, f"/moderation/{slug}/offline", offline_fields(themes), "themes", ()),
        (
            world.moderator,
            f"/debates/{slug}/documents/new",
            {"title": "Compte rendu", "kind": "minutes"},
            "meeting_contributions",
            (),
        ),
        (
            world.committee,
            f"/synthesis/{slug}/arguments/move",
            {"theme_id": themes, "key": 0, "anchor_id": item.id, "direction": "up"},
            "theme_id",
            (),
        ),
        (
            world.committee,
            f"/synthesis/{slug}/arguments/move",
            {"theme_id": themes, "key": 0, "anchor_id": item.id, "direction": "up"},
            "anchor_id",
            (),
        ),
        (
            world.committee,
            f"/synthesis/{slug}/report/cite",
            {"section": section.id},
            "contribution_id",
            (302,),
        ),
        (
            world.committee,
            f"/synthesis/{slug}/report/cite",
            {"contribution_id": item.id},
            "section",
            (302,),
        ),
        (
            world.committee,
            f"/synthesis/{slug}/report/set-aside",
            {"reason": "Hors sujet"},
            "contribution_id",
            (302,),
        ),
        (world.owner, f"/debates/{slug}/report/decision", {}, "document", ()),
    ]
    for who, url, fields, name, allowed in cases:
        login(client, who)
        token = csrf_token(client, "/account")
        for value in BAD_IDS:
            response = client.post(url, data={**fields, name: value, "csrf_token": token})
            assert _refused(response, *allowed), (url, name, value, response.status_code)
        client.post("/logout", data={"csrf_token": token})


def test_the_untyped_key_of_the_workspace_is_the_only_zero(app, client):
    world, item, _tag, _section = _id_world(app)
    login(client, world.committee)
    token = csrf_token(client, "/account")
    url = f"/synthesis/{world.debate.slug}/arguments/move"
    fields = {"theme_id": world.debate.themes[0].id, "anchor_id": item.id, "direction": "up"}
    for value in (v for v in BAD_IDS if v != "0"):
        response = client.post(url, data={**fields, "key": value, "csrf_token": token})
        assert response.status_code == 400, value
    response = client.post(url, data={**fields, "key": "0", "csrf_token": token})
    assert response.status_code != 400


def test_ids_in_queries_are_ignored_when_they_are_not_ids(app, client):
    world, _item, _tag, _section = _id_world(app)
    slug = world.debate.slug
    pages = [
        (world.moderator, f"/moderation/{slug}/", ("after", "theme", "tag")),
        (world.moderator, f"/moderation/{slug}/journal", ("before", "actor", "contribution")),
        (world.moderator, f"/moderation/{slug}/offline", ("last",)),
        (world.moderator, f"/debates/{slug}/moderation-journal", ("before",)),
        (world.participant, "/notifications", ("before",)),
        (world.moderator, "/search", ("theme", "tag")),
    ]
    for who, url, names in pages:
        login(client, who)
        for name in names:
            for value in BAD_IDS:
                response = client.get(url, query_string={"q": "arbres", name: value})
                assert response.status_code == 200, (url, name, value, response.status_code)
        client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})


def test_the_id_helper_reads_only_ids():
    from forum.ids import MAX_ID, parse_id

    assert parse_id("1") == 1 and parse_id(str(MAX_ID)) == MAX_ID and parse_id(7) == 7
    for value in (*BAD_IDS, "", " ", None, True, 1.0, MAX_ID + 1, -5, "1" * 5000):
        assert parse_id(value) is None, value
    assert parse_id("0", minimum=0) == 0


def test_an_id_past_the_range_is_a_form_error_with_the_text_kept(app, client):
    world, item, _tag, _section = _id_world(app)
    login(client, world.moderator)
    url = f"/moderation/{world.debate.slug}/contributions/{item.id}/duplicate"
    token = csrf_token(client, "/account")

    response = client.post(
        url, data={"original": str(2**63), "reason": "Même avis", "csrf_token": token}
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ce n&#39;est pas l&#39;un des numéros proposés ici." in page or (
        "Ce n'est pas l'un des numéros proposés ici." in page
    )
    assert "Même avis" in page
