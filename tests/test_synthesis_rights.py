"""Who may use each synthesis route: every route of the blueprint, seven kinds of visitor.

The routes come from ``app.url_map``: a new route without a decision below fails here.
"""

from __future__ import annotations

from forum.extensions import db
from forum.models import Phase
from synthesis import report, weak_signals
from tests.builders_synthesis import make_world, plant, similar_corpus
from tests.conftest import CSRF_INPUT, login

VISITORS = (
    "anonymous",
    "participant",
    "owner",
    "other_committee",
    "moderator",
    "committee",
    "admin",
)
STAFF = {"moderator", "committee", "admin"}
COMMITTEE = {"committee", "admin"}
OWNER = {"owner", "admin"}
EVERYONE = set(VISITORS)

RIGHTS = {
    "synthesis.workspace_page": STAFF,
    "synthesis.theme_page": STAFF,
    "synthesis.weak_signals_page": STAFF,
    "synthesis.compute_weak_signals": STAFF,
    "synthesis.decide": STAFF,
    "synthesis.report_edit": STAFF,
    "synthesis.section_page": STAFF,
    "synthesis.section_history": STAFF,
    "synthesis.report_preview": STAFF,
    "synthesis.move_argument": COMMITTEE,
    "synthesis.start_report": COMMITTEE,
    "synthesis.add_section": COMMITTEE,
    "synthesis.save_section": COMMITTEE,
    "synthesis.move_section": COMMITTEE,
    "synthesis.cite": COMMITTEE,
    "synthesis.set_aside": COMMITTEE,
    "synthesis.publication.publish": COMMITTEE,
    "synthesis.publication.retry_pdf": COMMITTEE,
    "synthesis.owner_decision": OWNER,
    # Public pages (the report ones answer 404 to everyone while it is a draft).
    "synthesis.report_page": EVERYONE,
    "synthesis.report_pdf": EVERYONE,
    "synthesis.annex": EVERYONE,
    "synthesis.statistics_page": EVERYONE,
    "synthesis.open_data": EVERYONE,
    "synthesis.open_data_csv": EVERYONE,
    "synthesis.open_data_spreadsheet_csv": EVERYONE,
    "synthesis.open_data_json": EVERYONE,
}


def test_every_route_has_a_decision(app):
    endpoints = {
        r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("synthesis.")
    }
    assert endpoints == set(RIGHTS)


def test_each_visitor_gets_what_their_role_allows(app):
    world = make_world(phase=Phase.CLOSED)
    similar_corpus(world.debate, 12)
    odd = plant(world.debate)
    weak_signals.compute(world.debate)
    draft = report.start_report(world.debate, world.committee)
    section_id = draft.sections[0].id
    theme_slug = world.debate.themes[0].slug
    db.session.commit()
    values = {
        "slug": world.debate.slug,
        "theme_slug": theme_slug,
        "section_id": section_id,
        "contribution_id": odd.id,
    }
    clients = {}
    for visitor in VISITORS:
        client = app.test_client()
        user = None if visitor == "anonymous" else getattr(world, visitor)
        if user is not None:
            login(client, user)
        page = client.get("/login" if user is None else "/")
        client.token = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)
        clients[visitor] = client

    # Publishing changes the rest: last.
    rules = sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint in RIGHTS),
        key=lambda r: r.endpoint == "synthesis.publication.publish",
    )
    problems = []
    for rule in rules:
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        method = "POST" if "POST" in rule.methods else "GET"
        allowed = RIGHTS[rule.endpoint]
        # Those refused first, so that an allowed POST cannot change what they would see.
        for visitor in sorted(VISITORS, key=lambda v: v in allowed):
            client = clients[visitor]
            if method == "POST":
                response = client.post(url, data={"csrf_token": client.token})
            else:
                response = client.get(url)
            refused = response.status_code == 403 or (
                response.status_code == 302 and "/login" in response.headers["Location"]
            )
            if refused == (visitor in allowed):
                problems.append(f"{method} {url} as {visitor}: {response.status_code}")
    assert problems == []
