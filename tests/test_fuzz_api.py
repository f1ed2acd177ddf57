"""The JSON API and the open-data files, fuzzed from their description (docs/openapi.json).

Schemathesis generates requests from the schema — valid ones, on real and random debates,
and invalid ones (wrong types, out-of-range pages) — and sends them to the Flask app
through WSGI, without a network. Every answer must be a documented status (never a 5xx),
of the documented content type and, for JSON, match its schema. Hypothesis runs
derandomised with a fixed number of examples, so a run takes a few seconds and repeats.

A route added to the API blueprint without being documented fails the last tests.
"""

from __future__ import annotations

import contextvars
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from forum.extensions import db
from forum.models import Channel, Kind, Phase, Relation, Status, utcnow
from tests import builders

OPENAPI = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
SCHEMA = schemathesis.openapi.from_path(OPENAPI)
EXAMPLE_SLUG = "tram-t2-saint-orens"
EXAMPLES_PER_OPERATION = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = [
    (path, method)
    for path, methods in json.loads(OPENAPI.read_text())["paths"].items()
    for method in methods
]


@pytest.fixture
def app_config() -> dict:
    # A small page size, so that the generated pages reach past the last one.
    return {"PALABRE_API_PAGE_SIZE": 2}


@pytest.fixture
def published_debates(app):
    """A closed debate with a thread, a transcribed contribution and a masked one; an open
    debate; a draft (which the API must not show)."""
    closed = builders.make_debate(EXAMPLE_SLUG, phase=Phase.CLOSED)
    author = builders.make_user("Marie")
    start = utcnow() - timedelta(days=3)
    opinion = builders.make_contribution(closed, author, created_at=start)
    builders.make_contribution(
        closed,
        builders.make_user("Paul"),
        parent=opinion,
        relation=Relation.OBJECTS,
        title="",
        body="Je ne suis pas d'accord : **trop cher**.",
        created_at=start + timedelta(hours=1),
    )
    builders.make_contribution(
        closed,
        author,
        kind=Kind.QUESTION,
        status=Status.MASKED,
        created_at=start + timedelta(hours=2),
    )
    offline = builders.make_contribution(
        closed,
        author,
        kind=Kind.PROPOSAL,
        channel=Channel.PUBLIC_MEETING,
        created_at=start + timedelta(hours=3),
    )
    offline.author_id = None
    offline.attribution = "Participante à la réunion de Saint-Orens"
    offline.event = "Réunion publique, salle des fêtes"
    offline.occurred_on = start.date()
    db.session.commit()
    builders.make_contribution(builders.make_debate("velo"), author)
    builders.make_debate("brouillon", phase=Phase.DRAFT)
    return closed


def _send(app, case):
    # Each request in a context of its own, as in production (see tests/conftest.py).
    return contextvars.Context().run(case.call, app=app)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_no_answer_is_a_server_error_or_off_the_schema(app, published_debates, path, method):
    operation = SCHEMA[path][method.upper()]
    valid = st.one_of(
        operation.as_strategy(),
        operation.as_strategy(path_parameters={"slug": EXAMPLE_SLUG}),
    )
    has_parameters = bool(list(operation.iter_parameters()))
    invalid = operation.as_strategy(GenerationMode.NEGATIVE) if has_parameters else st.nothing()
    statuses: set[int] = set()

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=st.one_of(valid, invalid))
    def run(case):
        response = _send(app, case)
        statuses.add(response.status_code)
        checks = list(CHECKS)
        if case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE:
            checks.append(negative_data_rejection)
        case.validate_response(response, checks=checks)

    run()
    # The fuzzing reached both answers that matter: real data and refusals.
    assert 200 in statuses, statuses
    assert not has_parameters or statuses & {400, 404}, statuses


def test_the_example_debate_answers_every_documented_operation(client, published_debates):
    for path, _method in OPERATIONS:
        response = client.get(path.replace("{slug}", EXAMPLE_SLUG))
        assert response.status_code == 200, path


def _documented(rule_path: str) -> str:
    """ "/api/v1/debates/<slug>/contributions" as OpenAPI writes it."""
    return re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", r"{\1}", rule_path)


def test_every_route_of_the_api_blueprint_is_documented(app):
    paths = json.loads(OPENAPI.read_text())["paths"]
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")]
    assert rules, "the API blueprint has no route"
    for rule in rules:
        path = _documented(rule.rule)
        assert path in paths, f"{rule.rule} ({rule.endpoint}) is missing from docs/openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], f"{method} {rule.rule} is not documented"


def test_every_documented_path_exists(app):
    served = {
        (_documented(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        for method in rule.methods
    }
    for path, method in OPERATIONS:
        assert (path, method) in served, f"docs/openapi.json documents {method} {path}"
