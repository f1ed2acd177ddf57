"""Nothing leaves the site, and a visitor who only reads gets no cookie.

Every page type is derived from ``app.url_map``: GET routes without arguments, and one
instance of each parameterised route, its arguments taken from a small world.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from forum.extensions import db
from forum.models import User
from moderation import masking
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team
from tests.builders_questions import answer_and_publish, make_question

# Routes that are not pages a visitor reads: the language switch is a choice the visitor
# makes (kept in the session), static files are the site's own.
NOT_PAGES = {"static", "forum.set_language"}
CSRF_FIELD = re.compile(r'name="csrf_token"')


def small_world() -> dict[str, object]:
    """One of everything a parameterised route can name; returns the route arguments."""
    team = make_team("tram")
    debate = team.debate
    item = builders.make_contribution(debate, team.participant, title="Un avis")
    question = make_question(debate, team.participant)
    answer_and_publish(question, team.owner, team.committee)
    document = builders.make_document(debate)
    masked = builders.make_contribution(debate, team.participant, title="Masqué")
    masking.mask(masked, team.moderator, "Attaque personnelle.", ARTICLE_2)
    db.session.commit()
    return {
        "slug": debate.slug,
        "theme_slug": debate.themes[0].slug,
        "contribution_id": item.id,
        "question_id": question.id,
        "document_id": document.id,
        "user_id": team.participant.id,
        "code": "en",
        "people": {"moderator": team.moderator.email, "admin": team.admin.email},
    }


def page_paths(app: Flask, values: dict[str, object]) -> list[str]:
    """A path for every GET route whose arguments the world can fill."""
    paths = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            if not rule.arguments <= values.keys():
                continue
            paths.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return sorted(set(paths))


def test_a_reader_gets_no_cookie_except_where_a_form_needs_one(app):
    values = small_world()
    # Error pages are read too.
    paths = [*page_paths(app, values), "/no-such-page", "/contributions/999999"]
    assert len(paths) > 30
    with_forms = 0
    for path in paths:
        client = app.test_client()
        response = client.get(path)
        cookies = response.headers.getlist("Set-Cookie")
        if not cookies:
            continue
        names = {cookie.split("=", 1)[0] for cookie in cookies}
        assert names == {"session"}, f"{path} sets {names}"
        if response.status_code in (301, 302, 303):
            # Sent to the login form (with a message kept for it): that page has a form.
            target = response.headers["Location"]
            assert "/login" in target, f"{path} sets a cookie and sends to {target}"
            continue
        has_form = CSRF_FIELD.search(response.get_data(as_text=True))
        assert has_form, f"{path} sets a session cookie but carries no form"
        with_forms += 1
    assert with_forms >= 1  # the login form at least
    print(f"\nCookies: {len(paths)} pages read logged out, {with_forms} set the form's cookie")


@pytest.mark.browser
@pytest.mark.audit
def test_no_page_asks_anything_from_another_site(live_server, browser):
    app = live_server.app
    with app.app_context():
        values = small_world()
        paths = page_paths(app, values)
        emails = values["people"]
        client = app.test_client()
        html_paths = [path for path in paths if client.get(path).mimetype == "text/html"]
        from tests.conftest import login

        logged = app.test_client()
        login(logged, db.session.scalar(db.select(User).where(User.email == emails["admin"])))
        session_cookie = logged.get_cookie("session").value
        staff_paths = [path for path in paths if logged.get(path).mimetype == "text/html"]
    outside: list[str] = []
    loaded = 0
    for cookie, visited in ((None, html_paths), (session_cookie, staff_paths)):
        context = browser.new_context(locale="fr-FR")
        if cookie:
            context.add_cookies([{"name": "session", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith(live_server.url + "/")
                else outside.append(request.url)
            ),
        )
        for path in visited:
            page.goto(live_server.url + path, wait_until="load")
            loaded += 1
        context.close()
    assert loaded > 40
    print(f"\nThird parties: {loaded} page loads, logged out and as an administrator")
    assert not outside, outside
