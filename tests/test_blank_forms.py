"""Blank forms kept between requests (forum/blank_forms.py).

The contribution and reply forms' fields are rendered once per language and choices and
kept; each visitor's CSRF token is written outside them. These tests compare the kept
forms with those of a server keeping nothing, and check that what they depend on shows.
"""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Contribution, Theme
from tests import builders
from tests.conftest import login, make_app, post_form

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def form_of(html: str) -> str:
    """The form of a page, without its CSRF token."""
    found = re.search(
        r"<form method=\"post\" enctype=\"multipart/form-data\".*?</form>", html, re.S
    )
    assert found, "no form on the page"
    return CSRF.sub("", found.group(0))


def checked(form: str) -> set[str]:
    """The values of the ticked boxes and chosen radio buttons of a form."""
    return {
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input [^>]*>", form)
        if re.search(r"\bchecked\b", tag)
    }


@pytest.fixture
def place(app):
    debate = builders.make_debate()
    author = builders.make_user("Autrice")
    item = builders.make_contribution(debate, author, title="La gare", body="Par la gare.")
    return debate, item


@pytest.fixture
def uncached(app, tmp_path):
    other = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other", PALABRE_RENDER_CACHE_MB=0
    )
    with other.app_context():
        yield other
        db.session.remove()
        db.engine.dispose()


def pages(app, uncached, user, *urls: str) -> list[tuple[str, str, str]]:
    """Each URL as the kept form gives it (read twice) and as a server keeping nothing does."""
    kept_client, fresh_client = app.test_client(), uncached.test_client()
    login(kept_client, user)
    login(fresh_client, user)
    seen = []
    for url in urls:
        first = kept_client.get(url).get_data(as_text=True)
        again = kept_client.get(url).get_data(as_text=True)
        fresh = fresh_client.get(url).get_data(as_text=True)
        seen.append((form_of(first), form_of(again), form_of(fresh)))
    return seen


def test_kept_blank_forms_are_the_forms_a_server_keeping_nothing_renders(app, uncached, place):
    debate, item = place
    theme = debate.themes[1]
    user = builders.make_user("Lecteur")
    urls = [
        f"/debates/{debate.slug}/contribute",
        f"/debates/{debate.slug}/contribute?theme={theme.slug}",
        f"/contributions/{item.id}/reply",
        f"/contributions/{item.id}/reply?relation=objects",
    ]
    seen = pages(app, uncached, user, *urls)
    for first, again, fresh in seen:
        assert first == again == fresh
    # What was chosen for the visitor shows in its own kept form only.
    assert checked(seen[0][0]) == {"opinion"}
    assert checked(seen[1][0]) == {"opinion", str(theme.id)}
    assert checked(seen[2][0]) == {"opinion"}
    assert checked(seen[3][0]) == {"opinion", "objects"}


def test_a_kept_blank_form_follows_the_language(app, client, place):
    debate, item = place
    login(client, builders.make_user("Lecteur"))
    url = f"/debates/{debate.slug}/contribute"
    assert "Votre contribution" in form_of(client.get(url).get_data(as_text=True))
    client.get("/lang/en")
    assert "Your contribution" in form_of(client.get(url).get_data(as_text=True))


def test_a_kept_blank_form_offers_themes_as_they_are_now(app, client, place):
    debate, item = place
    login(client, builders.make_user("Lecteur"))
    url = f"/debates/{debate.slug}/contribute"
    client.get(url)
    debate.themes[0].name = "Gares et correspondances"
    db.session.add(Theme(debate=debate, slug="velo", name="Vélo et marche", position=99))
    db.session.commit()
    form = form_of(client.get(url).get_data(as_text=True))
    assert "Gares et correspondances" in form and "Vélo et marche" in form


def test_each_visitor_posts_with_their_own_token_through_a_kept_form(app, place):
    debate, item = place
    url = f"/debates/{debate.slug}/contribute"
    tokens = []
    for name in ("Aline", "Basile"):
        visitor = app.test_client()
        login(visitor, builders.make_user(name))
        token = CSRF.search(visitor.get(url).get_data(as_text=True)).group(1)
        tokens.append(token)
        answer = visitor.post(
            url,
            data={
                "csrf_token": token,
                "kind": "opinion",
                "title": f"Avis de {name}",
                "body": "Un avis argumenté.",
                "themes": str(debate.themes[0].id),
            },
        )
        assert answer.status_code == 302
    assert tokens[0] != tokens[1]
    titles = db.session.scalars(db.select(Contribution.title)).all()
    assert {"Avis de Aline", "Avis de Basile"} <= set(titles)


def test_a_form_sent_back_with_errors_keeps_what_was_typed(app, client, place):
    debate, item = place
    login(client, builders.make_user("Lecteur"))
    url = f"/debates/{debate.slug}/contribute"
    client.get(url)  # the blank form is kept
    answer = post_form(client, url, {"kind": "question", "title": "", "body": "Mon texte entier."})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Mon texte entier." in html and "question" in checked(form_of(html))
    assert 'aria-invalid="true"' in html
    assert "Mon texte entier." not in client.get(url).get_data(as_text=True)
