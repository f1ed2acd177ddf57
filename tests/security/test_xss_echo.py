"""A form sent back with an error shows the person's text again: escaped, never as markup.

Every POST route of the field table (tests/security/test_xss_everywhere.py) receives its text
fields filled with hostile strings, as each role in turn until one is allowed; whatever page
comes back (the form again, with its errors) must hold no element or attribute that runs
script. The page is checked with an HTML parser: this test needs no browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import Flask

from forum.extensions import db
from forum.models import DebateRole, User
from moderation import contests, masking, tags
from moderation.models import TagFamily
from synthesis import report
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team
from tests.builders_questions import make_question
from tests.conftest import csrf_token, login
from tests.security.test_xss_everywhere import TEXT_FIELDS

# Strings that break out of an attribute, a text area or an element, in one.
HOSTILE = [
    '"><img src=x onerror=alert(1)><textarea></textarea><script>alert(2)</script>',
    "'></textarea></title><svg onload=alert(3)>[x](javascript:alert(4))",
]
_BAD_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


class Injections(HTMLParser):
    """Start tags or attributes that only an injection would have produced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction"} and _BAD_URL.match(value or ""):
                self.found.append(f"{tag}[{name}={value}]")
        if tag in {"svg", "iframe", "object", "embed", "base"}:
            self.found.append(tag)
        if tag == "img" and not (dict(attrs).get("src") or "").startswith("/"):
            self.found.append(tag)
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.found.append(tag)

    handle_startendtag = handle_starttag


def injections(html: str) -> list[str]:
    parser = Injections()
    parser.feed(html)
    parser.close()
    return parser.found


def world() -> tuple[dict[str, int | str], dict[str, User]]:
    team = make_team("echo")
    debate = team.debate
    item = builders.make_contribution(debate, team.participant, title="Un avis")
    question = make_question(debate, team.participant)
    masked = builders.make_contribution(debate, team.participant, title="Masqué")
    masking.mask(masked, team.moderator, "Attaque personnelle.", ARTICLE_2)
    contest = contests.file_contest(masked, team.participant, "Je conteste.")
    tag = tags.create_tag(debate, team.moderator, TagFamily.CURATION, "Étiquette")
    report.start_report(debate, team.committee)
    section = report.add_section(debate, team.committee, "Partie")
    document = builders.make_document(debate)
    role_id = db.session.scalar(
        db.select(DebateRole.id).where(DebateRole.user_id == team.moderator.id)
    )
    db.session.commit()
    values = {
        "slug": debate.slug,
        "contribution_id": item.id,
        "question_id": question.id,
        "document_id": document.id,
        "contest_id": contest.id,
        "tag_id": tag.id,
        "section_id": section.id,
        "user_id": team.participant.id,
        "role_id": role_id,
    }
    people = {
        "admin": team.admin,
        "moderator": team.moderator,
        "committee": team.committee,
        "owner": team.owner,
        "participant": team.participant,
    }
    return values, people


def test_forms_sent_back_show_hostile_text_escaped(app: Flask):
    values, people = world()
    clients = {}
    for role, user in people.items():
        clients[role] = app.test_client()
        login(clients[role], user)
    tokens = {role: csrf_token(client, "/account") for role, client in clients.items()}
    checked: list[str] = []
    problems: list[str] = []
    with app.test_request_context():
        rules = {rule.endpoint: rule for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    for endpoint, fields in sorted(TEXT_FIELDS.items()):
        rule = rules[endpoint]
        if not rule.arguments <= values.keys():
            continue
        path = rule.build({name: values[name] for name in rule.arguments})[1]
        for hostile in HOSTILE:
            for role, client in clients.items():
                data = {name: hostile for name in fields} | {"csrf_token": tokens[role]}
                response = client.post(path, data=data)
                if response.status_code in (403, 404):
                    continue
                assert response.status_code < 500, (endpoint, role, response.status_code)
                if response.mimetype == "text/html":
                    problems += [f"{t} on {endpoint}" for t in injections(response.text)]
                checked.append(endpoint)
                break
    covered = set(checked)
    print(f"\nEcho: {len(covered)} forms sent back {len(checked)} times with hostile text")
    assert len(covered) >= len(TEXT_FIELDS) - 3, sorted(set(TEXT_FIELDS) - covered)
    assert not problems, problems
