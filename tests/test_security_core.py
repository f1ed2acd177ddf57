"""Security baseline: headers, rate limits, password policy, sessions ended server-side."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from forum.extensions import db
from forum.models import Contribution
from forum.passwords import verify_password
from tests import builders
from tests.conftest import csrf_token, login, post_form


def test_every_page_carries_the_hardening_headers(client):
    debate = builders.make_debate("tram")
    for url in ("/", f"/debates/{debate.slug}", "/login", "/api/v1/debates", "/nowhere"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_or_style(app):
    """The CSP forbids them: a template that used one would break silently in browsers."""
    import re
    from pathlib import Path

    root = Path(app.root_path) / "templates"
    offenders = []
    for template in root.rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=", text):
            offenders.append(str(template.relative_to(root)))
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template.relative_to(root)} (event handler)")
    assert offenders == []


@pytest.mark.parametrize(
    "password", ["azertyuiop", "Password123", "1234567890", "motdepasse123", "qwertyuiop"]
)
def test_common_passwords_are_refused(client, password):
    response = post_form(
        client,
        "/register",
        {
            "email": "new@example.org",
            "pseudonym": "Nouvelle",
            "password": password,
            "confirm": password,
            "accept_charter": "y",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="password-error"' in page
    assert "new@example.org" in page  # the rest of the form is kept


def test_logout_ends_the_session_server_side(app, client):
    alice = builders.make_user("Alice")
    login(client, alice)
    stolen = client.get_cookie("session").value
    assert client.get("/account").status_code == 200
    post_form(client, "/logout", {}, form_url="/account")

    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_new_login_after_logout_works(client):
    alice = builders.make_user("Alice")
    login(client, alice)
    post_form(client, "/logout", {}, form_url="/account")
    login(client, alice)
    assert client.get("/account").status_code == 200


class TestRateLimits:
    @pytest.fixture
    def app_config(self):
        return {
            "RATELIMIT_ENABLED": True,
            "PALABRE_LIMIT_LOGIN": "3 per minute",
            "PALABRE_LIMIT_POST": "2 per minute",
            "PALABRE_LIMIT_FLAG": "2 per minute",
            "PALABRE_LIMIT_API": "3 per minute",
        }

    def test_the_open_data_api_and_files_share_one_limit_answered_in_json(self, client):
        debate = builders.make_debate("tram")
        for url in ("/api/v1/debates", f"/api/v1/debates/{debate.slug}/contributions"):
            assert client.get(url).status_code == 200
        assert client.get(f"/open-data/{debate.slug}/contributions.csv").status_code == 404
        blocked = client.get("/api/v1/debates")
        assert blocked.status_code == 429
        assert blocked.is_json and blocked.get_json()["status"] == 429
        assert client.get(f"/open-data/{debate.slug}/contributions.json").status_code == 429
        # The debate's own pages are not counted against it.
        assert client.get(f"/debates/{debate.slug}").status_code == 200

    def test_login_attempts_are_limited_with_a_clear_page(self, client):
        for _ in range(3):
            response = post_form(client, "/login", {"email": "x@example.org", "password": "no"})
            assert response.status_code == 422
        blocked = post_form(client, "/login", {"email": "x@example.org", "password": "no"})
        assert blocked.status_code == 429
        page = blocked.get_data(as_text=True)
        assert 'lang="fr"' in page and "<h1>" in page
        client.get("/lang/en")
        blocked = post_form(client, "/login", {"email": "x@example.org", "password": "no"})
        assert blocked.status_code == 429
        assert "Too many requests" in blocked.get_data(as_text=True)
        # Reading is never limited.
        assert client.get("/login").status_code == 200

    def test_posting_is_limited_per_person(self, client):
        debate = builders.make_debate("tram")
        alice = builders.make_user("Alice")
        login(client, alice)
        data = {"kind": "opinion", "title": "Avis", "body": "Texte", "themes": debate.themes[0].id}
        url = f"/debates/{debate.slug}/contribute"
        assert post_form(client, url, data).status_code == 302
        assert post_form(client, url, data).status_code == 302
        assert post_form(client, url, data).status_code == 429
        assert db.session.scalar(db.select(db.func.count()).select_from(Contribution)) == 2

    def test_flagging_is_limited_per_person(self, client):
        debate = builders.make_debate("tram")
        author, alice = builders.make_user("Auteur"), builders.make_user("Alice")
        items = [builders.make_contribution(debate, author, title=f"Avis {n}") for n in range(3)]
        login(client, alice)
        report = {"reason": "advertising", "note": ""}
        answers = [post_form(client, f"/contributions/{i.id}/flag", report) for i in items]
        assert [a.status_code for a in answers] == [302, 302, 429]


@pytest.mark.parametrize("app_config", [{"PASSWORD_HASH_PARAMETERS": None}])
def test_passwords_are_kept_with_a_slow_kdf(client):
    """With the settings a deployment has (the suite's own apps hash cheaply)."""
    response = post_form(
        client,
        "/register",
        {
            "email": "new@example.org",
            "pseudonym": "Nouvelle",
            "password": "une phrase assez longue",
            "confirm": "une phrase assez longue",
            "accept_charter": "y",
        },
    )
    assert response.status_code == 302
    from forum.models import User

    stored = db.session.scalar(db.select(User).where(User.email == "new@example.org"))
    # Argon2id with at least OWASP's recommended memory (19 MiB) and passes (2).
    variant, version, settings, salt, digest = stored.password_hash.split("$")[1:]
    assert variant == "argon2id"
    cost = dict(part.split("=") for part in settings.split(","))
    assert int(cost["m"]) >= 19 * 1024 and int(cost["t"]) >= 2
    assert len(salt) >= 16 and "une phrase" not in stored.password_hash


def test_a_password_stored_before_argon2_still_logs_in_and_is_stored_again(client):
    """Accounts made with werkzeug's scrypt keep working; their hash is replaced at the
    next login, when the password is known."""
    user = builders.make_user("Ancienne")
    user.password_hash = generate_password_hash("une phrase assez ancienne", method="scrypt")
    db.session.commit()
    assert post_form(
        client, "/login", {"email": user.email, "password": "une phrase assez autre"}
    ).status_code == 422
    db.session.refresh(user)
    assert user.password_hash.startswith("scrypt:")  # a wrong password changes nothing
    login(client, user, "une phrase assez ancienne")
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "une phrase assez ancienne")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    login(client, user, "une phrase assez ancienne")


def test_only_the_test_suite_hashes_cheaply(tmp_path, monkeypatch):
    """A deployment cannot weaken the hashing from its environment."""
    from app import create_app
    from forum.passwords import OWASP_ARGON2, hasher

    monkeypatch.setenv("PALABRE_PASSWORD_HASH_PARAMETERS", '{"time_cost": 1}')
    app = create_app(
        {"SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path), "PALABRE_BASE_URL": "https://x.fr"}
    )
    with app.app_context():
        assert app.config.get("PASSWORD_HASH_PARAMETERS") is None
        assert hasher().time_cost == OWASP_ARGON2["time_cost"]
        assert hasher().memory_cost == OWASP_ARGON2["memory_cost"]


def test_a_hash_that_is_no_hash_matches_no_password():
    assert not verify_password("!", "")  # an erased account's
    assert not verify_password("$argon2id$broken", "anything")


def test_cookies_are_secure_over_https_only(client):
    over_https = client.get("/login", base_url="https://palabre.example")
    cookies = over_https.headers.getlist("Set-Cookie")
    assert cookies and all("; Secure" in c for c in cookies)
    over_http = client.get("/login")
    assert not any("Secure" in c for c in over_http.headers.getlist("Set-Cookie"))


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {"PALABRE_PROXY_COUNT": 1}

    def test_the_proxy_tells_https_and_the_visitor_address(self, client):
        answer = client.get(
            "/login",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
        )
        assert all("; Secure" in c for c in answer.headers.getlist("Set-Cookie"))
