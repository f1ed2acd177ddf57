"""Accounts: registering, logging in and out, sessions, the account page, e-mail privacy."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from forum.accounts import pseudonym_key
from forum.extensions import db
from forum.models import Contribution, ModerationMode, OutgoingMail, Status, User
from forum.passwords import verify_password
from tests import builders
from tests.conftest import csrf_token, login, post_form

NEW_PASSWORD = "a-long-password"


# --- Helpers -------------------------------------------------------------------------


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def find_tag(html: str, tag: str, **attrs: str) -> dict[str, str | None] | None:
    """The attributes of the first ``tag`` whose attributes include ``attrs``."""
    parser = _TagCollector()
    parser.feed(html)
    for name, found in parser.tags:
        if name == tag and all(found.get(key) == value for key, value in attrs.items()):
            return found
    return None


def error_text(html: str, field: str) -> str | None:
    """The text of the error message rendered next to ``field``, if any."""
    match = re.search(rf'id="{re.escape(field)}-error"[^>]*>(.*?)</p>', html, re.S)
    return html_lib.unescape(match.group(1).strip()) if match else None


def form_errors(html: str) -> str:
    match = re.search(r'<div class="form-errors"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no form-level error block on the page"
    return " ".join(match.group(1).split())


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def mails_to(address: str) -> list[OutgoingMail]:
    return list(
        db.session.scalars(
            db.select(OutgoingMail)
            .where(OutgoingMail.to_address == address)
            .order_by(OutgoingMail.id)
        )
    )


def user_count() -> int:
    return len(db.session.scalars(db.select(User.id)).all())


def is_logged_in(client) -> bool:
    response = client.get("/account")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    return False


def registration(**changes: str | None) -> dict[str, str]:
    data: dict[str, str | None] = {
        "email": "new.person@example.org",
        "pseudonym": "Nouvelle",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        "accept_charter": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def set_cookie_header(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie set by this response"
    return headers[-1]


# --- Registration ----------------------------------------------------------------------


def test_registration_creates_a_participant_and_mails_the_confirmation_link(client):
    response = post_form(client, "/register", registration(email="New.Person@Example.ORG"))

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    user = user_by_email("new.person@example.org")
    assert user is not None
    assert user.pseudonym == "Nouvelle"
    assert user.pseudonym_key == pseudonym_key("NOUVELLE")
    assert user.charter_accepted_at is not None
    assert user.active and not user.is_admin
    assert user.email_verified_at is None
    assert user.password_hash != NEW_PASSWORD
    assert verify_password(user.password_hash, NEW_PASSWORD)
    (sent,) = mails_to("new.person@example.org")
    assert "/verify-email/" in sent.body
    # Not logged in by the registration itself (an existing address could not be): the
    # person logs in with the password just chosen.
    assert not is_logged_in(client)
    login(client, user, NEW_PASSWORD)
    assert "Nouvelle" in page(client, "/account")


def test_registration_records_the_language_chosen_before(client):
    client.get("/lang/en")
    response = post_form(client, "/register", registration())
    assert response.status_code == 302
    assert user_by_email("new.person@example.org").locale == "en"


def test_registration_page_shows_the_charter_to_accept(client):
    client.get("/lang/en")
    html = page(client, "/register")
    assert "The charter of the debates" in html
    checkbox = find_tag(html, "input", id="accept_charter")
    assert checkbox is not None and checkbox["type"] == "checkbox"


REFUSALS = {
    "charter not accepted": ({"accept_charter": None}, "accept_charter", "charter"),
    "pseudonym taken, other case": ({"pseudonym": "marie"}, "pseudonym", "already taken"),
    "pseudonym taken, upper case": ({"pseudonym": "MARIE"}, "pseudonym", "already taken"),
    "pseudonym taken, padded": ({"pseudonym": "  Marie "}, "pseudonym", "already taken"),
    "pseudonym with @": ({"pseudonym": "marie@home"}, "pseudonym", "'@'"),
    "pseudonym too short": ({"pseudonym": "ab"}, "pseudonym", "3"),
    "password too short": ({"password": "short", "confirm": "short"}, "password", "10"),
    "passwords differ": ({"confirm": "another-long-password"}, "confirm", "differ"),
    "e-mail malformed": ({"email": "not-an-address"}, "email", ""),
}


def test_refused_registration_keeps_input_and_explains_next_to_the_field(client):
    builders.make_user("Marie", email="taken@example.org")
    client.get("/lang/en")
    for case, (changes, field, message) in REFUSALS.items():
        data = registration(**changes)

        response = post_form(client, "/register", data)

        assert response.status_code == 422, case
        html = response.get_data(as_text=True)
        text = error_text(html, field)
        assert text and message in text, (case, text)
        control = find_tag(html, "input", id=field)
        assert f"{field}-error" in (control.get("aria-describedby") or "").split(), case
        assert control.get("aria-invalid") == "true", case
        # What the person typed is still there, except the passwords, never sent back.
        assert find_tag(html, "input", id="email")["value"] == data["email"], case
        assert find_tag(html, "input", id="pseudonym")["value"] == data["pseudonym"], case
        assert find_tag(html, "input", id="password").get("value") in (None, ""), case
        assert data["password"] not in html, case
        checkbox = find_tag(html, "input", id="accept_charter")
        assert ("checked" in checkbox) == ("accept_charter" in data), case
    assert user_count() == 1
    assert not is_logged_in(client)


def test_registration_error_is_not_shown_when_the_form_is_fine(client):
    html = page(client, "/register")
    assert error_text(html, "pseudonym") is None
    assert find_tag(html, "input", id="pseudonym").get("aria-invalid") is None


def test_registration_without_csrf_token_is_refused(client):
    response = client.post("/register", data=registration())
    assert response.status_code == 400
    assert user_count() == 0


# --- Logging in ------------------------------------------------------------------------


def test_login_with_right_credentials(client):
    alice = builders.make_user("Alice", email="alice@example.org")
    response = post_form(
        client, "/login", {"email": "ALICE@example.org", "password": builders.DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert is_logged_in(client)
    assert alice.pseudonym in page(client, "/")


def _failed_login(client, email: str, password: str) -> str:
    client.get("/lang/en")
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 422
    assert not is_logged_in(client)
    return response.get_data(as_text=True)


def test_wrong_password_and_unknown_email_get_the_same_message(client):
    builders.make_user("Alice", email="alice@example.org")

    wrong_password = _failed_login(client, "alice@example.org", "not the password")
    unknown_email = _failed_login(client, "nobody@example.org", "not the password")

    assert form_errors(wrong_password) == form_errors(unknown_email)
    assert "Wrong e-mail address or password." in form_errors(wrong_password)
    # Nothing next to a field says which of the two was wrong.
    for html in (wrong_password, unknown_email):
        assert error_text(html, "email") is None
        assert error_text(html, "password") is None


def test_suspended_user_cannot_log_in_and_gets_the_same_message(client):
    builders.make_user("Alice", email="alice@example.org")
    builders.make_user("Suspended", email="suspended@example.org", active=False)

    suspended = _failed_login(client, "suspended@example.org", builders.DEFAULT_PASSWORD)
    wrong_password = _failed_login(client, "alice@example.org", "not the password")

    assert form_errors(suspended) == form_errors(wrong_password)


def test_suspending_a_logged_in_user_ends_their_session(client, login_as):
    alice = builders.make_user("Alice")
    login_as(alice)
    assert is_logged_in(client)

    alice.active = False
    db.session.commit()

    assert not is_logged_in(client)


def test_refused_login_keeps_the_email_but_not_the_password(client):
    html = _failed_login(client, "nobody@example.org", "my-secret-attempt")
    assert find_tag(html, "input", id="email")["value"] == "nobody@example.org"
    assert "my-secret-attempt" not in html


def test_logged_in_user_is_sent_from_login_and_register_to_account(client, login_as):
    login_as(builders.make_user())
    for url in ("/login", "/register"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/account", url


def test_login_starts_a_new_session(client):
    alice = builders.make_user("Alice", email="alice@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    token_before = csrf_token(client, "/login")
    cookie_before = client.get_cookie("session").value

    response = client.post(
        "/login",
        data={
            "email": "alice@example.org",
            "password": builders.DEFAULT_PASSWORD,
            "csrf_token": token_before,
        },
    )

    assert response.status_code == 302
    assert client.get_cookie("session").value != cookie_before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == alice.get_id()
    # The CSRF token issued before login belonged to the old session.
    refused = client.post(
        "/account", data={"pseudonym": "Hijacked", "locale": "fr", "csrf_token": token_before}
    )
    assert refused.status_code == 400
    assert db.session.get(User, alice.id).pseudonym == "Alice"
    # A token of the new session works.
    accepted = post_form(client, "/account", {"pseudonym": "Alicia", "locale": "fr"})
    assert accepted.status_code == 302
    assert db.session.get(User, alice.id).pseudonym == "Alicia"


def test_login_keeps_the_chosen_language(client, login_as):
    client.get("/lang/en")
    login_as(builders.make_user(locale="fr"))
    with client.session_transaction() as session:
        assert session.get("lang") == "en"
    assert '<html lang="en">' in page(client, "/")


def test_account_language_applies_after_login(client, login_as):
    login_as(builders.make_user(locale="en"))
    assert '<html lang="en">' in page(client, "/")


NEXT_TARGETS = [
    ("/debates/tram", "/debates/tram"),
    ("/debates/tram?order=newest", "/debates/tram?order=newest"),
    ("https://evil.example", "/"),
    ("https://evil.example/login", "/"),
    ("//evil.example", "/"),
    ("//evil.example/debates", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("evil.example", "/"),
]


def test_login_follows_next_only_to_local_paths(app):
    user = builders.make_user()
    for target, expected in NEXT_TARGETS:
        client = app.test_client()
        response = post_form(
            client,
            "/login",
            {"email": user.email, "password": builders.DEFAULT_PASSWORD},
            query_string={"next": target},
        )
        assert response.status_code == 302, target
        assert response.headers["Location"] == expected, target


def test_registration_follows_next_only_to_local_paths(app):
    for n, (target, expected) in enumerate(NEXT_TARGETS[:5]):
        client = app.test_client()
        response = post_form(
            client,
            "/register",
            registration(email=f"person{n}@example.org", pseudonym=f"Person{n}"),
            query_string={"next": target},
        )
        assert response.status_code == 302, target
        # Registration leads to the login page, which carries a local ``next`` on.
        location = urlsplit(response.headers["Location"])
        assert location.path == "/login", target
        assert parse_qs(location.query).get("next", ["/"]) == [expected], target


def test_login_link_carries_the_current_page_as_next(client):
    builders.make_debate("tram")
    html = page(client, "/debates/tram")
    assert 'href="/login?next=/debates/tram' in html


def test_account_page_requires_login_and_comes_back_after(client):
    user = builders.make_user()
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    login_url = response.headers["Location"]
    response = post_form(
        client, login_url, {"email": user.email, "password": builders.DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/account"


# --- Logging out -----------------------------------------------------------------------


def test_logout_needs_a_post_with_its_csrf_token(client, login_as):
    login_as(builders.make_user())
    by_get = client.get("/logout")
    assert by_get.status_code == 405
    assert by_get.mimetype == "text/html"
    assert client.post("/logout").status_code == 400
    assert is_logged_in(client)


def test_logout_ends_the_session(client, login_as):
    login_as(builders.make_user())
    response = post_form(client, "/logout", {}, form_url="/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert not is_logged_in(client)
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_logout_forgets_a_remembered_login(client):
    user = builders.make_user()
    post_form(
        client,
        "/login",
        {"email": user.email, "password": builders.DEFAULT_PASSWORD, "remember": "y"},
    )
    assert client.get_cookie("remember_token") is not None

    post_form(client, "/logout", {}, form_url="/")

    assert client.get_cookie("remember_token") is None
    assert not is_logged_in(client)


# --- Cookies ---------------------------------------------------------------------------


def test_session_cookie_is_http_only_and_same_site_lax(client):
    user = builders.make_user()
    anonymous = client.get("/login")
    assert "HttpOnly" in set_cookie_header(anonymous, "session")
    assert "SameSite=Lax" in set_cookie_header(anonymous, "session")

    response = post_form(
        client,
        "/login",
        {"email": user.email, "password": builders.DEFAULT_PASSWORD, "remember": "y"},
    )

    for name in ("session", "remember_token"):
        header = set_cookie_header(response, name)
        assert "HttpOnly" in header, header
        assert "SameSite=Lax" in header, header


# --- The account page ------------------------------------------------------------------


def test_account_page_shows_my_email(client, login_as):
    login_as(builders.make_user("Alice", email="alice.private@example.org"))
    assert "alice.private@example.org" in page(client, "/account")


def test_account_settings_change_pseudonym_and_language(client, login_as):
    alice = builders.make_user("Alice", locale="fr")
    login_as(alice)

    response = post_form(client, "/account", {"pseudonym": "  Alice B ", "locale": "en"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/account"
    user = db.session.get(User, alice.id)
    assert user.pseudonym == "Alice B"
    assert user.pseudonym_key == pseudonym_key("ALICE  B")
    assert user.locale == "en"
    html = page(client, "/account")
    assert '<html lang="en">' in html
    assert find_tag(html, "input", id="pseudonym")["value"] == "Alice B"


def test_account_keeps_my_own_pseudonym_in_another_case(client, login_as):
    alice = builders.make_user("Alice")
    login_as(alice)
    response = post_form(client, "/account", {"pseudonym": "ALICE", "locale": "fr"})
    assert response.status_code == 302
    assert db.session.get(User, alice.id).pseudonym == "ALICE"


def test_account_refuses_a_taken_or_unsafe_pseudonym(client, login_as):
    builders.make_user("Marie")
    alice = builders.make_user("Alice", locale="fr")
    login_as(alice)
    client.get("/lang/en")
    for pseudonym, message in [
        ("marie", "already taken"),
        (" MARIE ", "already taken"),
        ("al@ice", "'@'"),
        ("ab", "3"),
    ]:
        response = post_form(client, "/account", {"pseudonym": pseudonym, "locale": "en"})

        assert response.status_code == 422, pseudonym
        html = response.get_data(as_text=True)
        assert message in (error_text(html, "pseudonym") or ""), pseudonym
        control = find_tag(html, "input", id="pseudonym")
        assert "pseudonym-error" in control["aria-describedby"].split()
        assert control["value"] == pseudonym
    user = db.session.get(User, alice.id)
    assert (user.pseudonym, user.locale) == ("Alice", "fr")


def test_account_refuses_an_unknown_language(client, login_as):
    alice = builders.make_user("Alice", locale="fr")
    login_as(alice)
    response = post_form(client, "/account", {"pseudonym": "Alice", "locale": "de"})
    assert response.status_code == 422
    assert db.session.get(User, alice.id).locale == "fr"


def test_account_lists_my_contributions_including_pending_ones(client, login_as):
    moderated = builders.make_debate(
        "moderated", title="Débat modéré a priori", moderation_mode=ModerationMode.A_PRIORI
    )
    other = builders.make_debate("other", title="Autre débat")
    alice = builders.make_user("Alice")
    bob = builders.make_user("Bob")
    builders.make_contribution(other, alice, title="Alice published this")
    builders.make_contribution(moderated, alice, title="Alice awaits", status=Status.PENDING)
    builders.make_contribution(other, bob, title="Bob wrote this")
    login_as(alice)
    client.get("/lang/en")
    # Posted through the form in an a priori debate: held for moderation.
    response = post_form(
        client,
        "/debates/moderated/contribute",
        {
            "kind": "question",
            "title": "Alice asks via the form",
            "body": "Why this route?",
            "themes": [moderated.themes[0].id],
        },
    )
    assert response.status_code == 302

    html = page(client, "/account")

    assert "Alice published this" in html
    assert "Alice awaits" in html
    assert "Alice asks via the form" in html
    assert "Bob wrote this" not in html
    assert html.count("awaiting moderation") == 2
    assert "Débat modéré a priori" in html and "Autre débat" in html


def test_account_says_when_i_have_not_contributed(client, login_as):
    login_as(builders.make_user())
    client.get("/lang/en")
    assert "You have not contributed yet." in page(client, "/account")


# --- The e-mail address is never public -------------------------------------------------


def test_email_never_appears_on_public_pages(app, client, login_as):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="secret.alice@example.org")
    bob = builders.make_user("Bob", email="hidden.bob@example.org")
    login_as(alice)
    theme = debate.themes[0]
    response = post_form(
        client,
        "/debates/tram/contribute",
        {
            "kind": "opinion",
            "title": "Alice's view",
            "body": "Serve the hospital.",
            "themes": [theme.id],
        },
    )
    assert response.status_code == 302
    posted = int(response.headers["Location"].rsplit("/", 1)[-1])
    builders.make_contribution(
        debate, bob, title="Bob answers", parent=db.session.get(Contribution, posted)
    )
    urls = [
        "/",
        "/debates/tram",
        "/debates/tram/contributions",
        "/debates/tram/contributions?order=newest",
        f"/debates/tram/themes/{theme.slug}",
        f"/contributions/{posted}",
        "/debates/tram/charter",
        "/debates/tram/easy-read",
        "/api/v1/debates",
        "/api/v1/debates/tram/contributions",
    ]
    viewers = {"the author": client, "anonymous": app.test_client()}
    viewers["another participant"] = app.test_client()
    login(viewers["another participant"], bob)
    for viewer, visitor in viewers.items():
        for url in urls:
            body = page(visitor, url).lower()
            for private in ("secret.alice", "hidden.bob", "@example.org"):
                assert private not in body, (viewer, url, private)
        # The pages did show the contribution and its author's pseudonym.
        thread = html_lib.unescape(page(visitor, f"/contributions/{posted}"))
        assert "Alice's view" in thread and "Bob answers" in thread, viewer
        api = visitor.get("/api/v1/debates/tram/contributions").get_json()
        authors = {c["author"] for c in api["contributions"]}  # pseudonymised, as open data
        assert len(authors) == 2 and all(a.startswith("p-") for a in authors), viewer
