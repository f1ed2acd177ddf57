"""No open redirect: every ``next`` a request carries leads back to this site only.

Each hostile target goes through the real endpoints that follow one, and the ``Location``
header they answer is resolved as a browser would against the page's address: it must
stay on ``localhost``.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests import builders
from tests.builders_moderation import make_team
from tests.conftest import csrf_token, login, post_form

HOSTILE = [
    "//evil.example",
    "////evil.example",
    "/////evil.example",
    "///evil.example/path?x=1",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5C%5Cevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/ /evil.example",
    "\x00//evil.example",
    "/\x0b/evil.example",
    "https:evil.example",
    "https:/evil.example",
    "http://evil.example",
    "https://evil.example/",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/../..//evil.example",
    "/./..//evil.example",
    "/%2e%2e//evil.example",
    "/a/../..//evil.example",
    "/\u2215\u2215evil.example",  # DIVISION SLASH
    "/\uff0f\uff0fevil.example",  # FULLWIDTH SOLIDUS
    "\uff0f\uff0fevil.example",
    "/\u2044evil.example",  # FRACTION SLASH
    "/\u3000/evil.example",  # IDEOGRAPHIC SPACE
    "/\u200b/evil.example",  # ZERO WIDTH SPACE
    "//evil.example@localhost",
    "/@evil.example",
    "evil.example",
]


def stays_on_site(response) -> bool:
    """The redirect, resolved from the page it came from, lands on this site."""
    assert response.status_code in (301, 302, 303), response.status_code
    location = response.headers["Location"]
    target = urlsplit(urljoin("http://localhost/", location))
    return target.scheme == "http" and target.hostname == "localhost" and not target.username


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switch_stays_on_the_site(client, target):
    response = client.get("/lang/fr", query_string={"next": target})
    assert stays_on_site(response), response.headers["Location"]


def test_login_after_it_stays_on_the_site(app):
    user = builders.make_user("Léa")
    for target in HOSTILE:
        client = app.test_client()
        response = post_form(
            client,
            "/login",
            {"email": user.email, "password": builders.DEFAULT_PASSWORD},
            form_url="/login",
            query_string={"next": target},
        )
        assert stays_on_site(response), (target, response.headers["Location"])


def test_registration_then_login_stays_on_the_site(app):
    """Registering passes ``next`` on to the login page; logging in there follows it."""
    for number, target in enumerate(HOSTILE):
        client = app.test_client()
        email = f"new{number}@example.org"
        response = post_form(
            client,
            "/register",
            {
                "email": email,
                "pseudonym": f"Nouveau {number}",
                "password": "un mot de passe solide",
                "confirm": "un mot de passe solide",
                "accept_charter": "y",
            },
            query_string={"next": target},
        )
        assert stays_on_site(response)
        login_page = response.headers["Location"]
        assert urlsplit(login_page).path == "/login", target
        response = post_form(
            client,
            login_page,
            {"email": email, "password": "un mot de passe solide"},
            form_url="/login",
        )
        assert stays_on_site(response), (target, response.headers["Location"])


def test_staff_forms_go_back_only_to_the_site(app):
    team = make_team("tram")
    item = builders.make_contribution(team.debate, team.participant, title="Publiée")
    moderator, committee = app.test_client(), app.test_client()
    login(moderator, team.moderator)
    login(committee, team.committee)
    for target in HOSTILE:
        queue = post_form(
            moderator,
            "/moderation/tram/queue",
            {"selected": [item.id], "action": "publish", "next": target},
            form_url="/moderation/tram/",
        )
        assert stays_on_site(queue), (target, queue.headers["Location"])
        report = committee.post(
            "/synthesis/tram/report/start",
            data={"csrf_token": csrf_token(committee, "/moderation/tram/"), "next": target},
        )
        assert stays_on_site(report), (target, report.headers["Location"])


def test_a_path_of_the_site_is_still_followed(app):
    builders.make_debate("tram")
    user = builders.make_user("Léa")
    client = app.test_client()
    for target, expected in [
        ("/debates/tram", "/debates/tram"),
        ("/debates/tram?order=oldest#c12", "/debates/tram?order=oldest#c12"),
        ("/debates/tram?", "/debates/tram"),
        ("/recherche?q=vélo", "/recherche?q=v%C3%A9lo"),
    ]:
        assert client.get("/lang/en", query_string={"next": target}).headers["Location"] == expected
    response = post_form(
        client,
        "/login",
        {"email": user.email, "password": builders.DEFAULT_PASSWORD},
        form_url="/login",
        query_string={"next": "/debates/tram?order=oldest"},
    )
    assert response.headers["Location"] == "/debates/tram?order=oldest"


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(["/", "\\", "\t", "\n", " ", ".", "%2F", "evil", ":", "@", "\x00"]),
            max_size=12,
        ).map("".join),
    )
)
@example("////evil.example")
@example("/\t/evil.example")
def test_any_next_stays_on_the_site(client, target):
    response = client.get("/lang/fr", query_string={"next": target})
    assert stays_on_site(response), response.headers["Location"]
