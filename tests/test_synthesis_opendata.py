"""Open data: streamed CSV and JSON of a closed debate, pseudonymised, nothing masked."""

from __future__ import annotations

import csv
import io
import json

from forum.extensions import db
from forum.models import Phase
from moderation import masking, tags
from tests import builders
from tests.builders_moderation import ARTICLE_2, vocabulary
from tests.builders_synthesis import make_world


def _closed_world_with_words():
    world = make_world(phase=Phase.OPEN)
    vocab = vocabulary(world.debate)
    said = builders.make_contribution(
        world.debate, world.participant, title="Les arbres", body="Gardez les platanes."
    )
    tags.attach(said, vocab["pro"], world.moderator)
    tags.attach(said, vocab["to-deepen"], world.moderator)  # staff-only: never exported
    masked = builders.make_contribution(
        world.debate, world.participant, title="Masquée", body="Texte insultant."
    )
    masking.mask(masked, world.moderator, "Insulte.", ARTICLE_2)
    world.debate.phase = Phase.CLOSED
    db.session.commit()
    return world, said, masked


def test_the_csv_and_json_hold_no_email_and_no_masked_contribution(app, client):
    world, said, masked = _closed_world_with_words()
    slug = world.debate.slug

    csv_response = client.get(f"/open-data/{slug}/contributions.csv")
    json_response = client.get(f"/open-data/{slug}/contributions.json")

    for response in (csv_response, json_response):
        text = response.get_data(as_text=True)
        assert "@" not in text  # no e-mail address of anyone
        assert "Texte insultant" not in text and "Masquée" not in text
        assert world.participant.pseudonym not in text
        assert 'rel="license"' in response.headers["Link"]
    rows = list(csv.DictReader(io.StringIO(csv_response.get_data(as_text=True))))
    assert [int(r["id"]) for r in rows] == [said.id]
    assert rows[0]["author"].startswith("p-")
    assert rows[0]["tags"] in ("Pour le projet", "For the project")
    data = json.loads(json_response.get_data(as_text=True))
    assert data["licence"]["name"].startswith("Licence Ouverte")
    assert [c["id"] for c in data["contributions"]] == [said.id]
    assert data["contributions"][0]["author"] == rows[0]["author"]
    assert data["contributions"][0]["tags"] == [rows[0]["tags"]]


def test_an_open_debate_has_no_export_yet(app, client):
    world = make_world()
    assert client.get(f"/open-data/{world.debate.slug}/contributions.csv").status_code == 404
    assert client.get(f"/open-data/{world.debate.slug}").status_code == 404


def test_the_export_is_streamed_and_reads_by_blocks(app, monkeypatch):
    from synthesis import opendata, views

    world, said, _masked = _closed_world_with_words()
    with app.test_request_context("/"):
        assert views.open_data_csv(world.debate.slug).is_streamed
    more = [
        builders.make_contribution(world.debate, world.participant, title=f"Avis {n}")
        for n in range(5)
    ]
    monkeypatch.setattr(opendata, "BATCH", 2)
    with app.test_request_context("/"):
        ids = [record["id"] for record in opendata.records(world.debate)]
    assert ids == [said.id] + [m.id for m in more]
