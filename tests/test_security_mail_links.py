"""The links of e-mails never come from a request's Host header.

A forgot-password request sent with ``Host: evil.example`` used to mail a reset link to
evil.example, carrying a valid token. Links are built from ``PALABRE_BASE_URL``, which a
site outside debug mode and tests cannot start without; a request's host is only used
when it is one of ``PALABRE_ALLOWED_HOSTS``, and with that list set any other host gets 400.
"""

from __future__ import annotations

import re

import pytest

from app import create_app
from forum import mail
from forum.extensions import db
from forum.models import OutgoingMail
from tests import builders
from tests.conftest import CSRF_INPUT, make_app

EVIL = {"Host": "evil.example"}
PASSWORD = "un mot de passe solide"
LINK = re.compile(r"https?://[^\s>]+")


def mailed_to(address: str) -> list[str]:
    """The bodies of the messages queued for ``address``, oldest first."""
    return list(
        db.session.scalars(
            db.select(OutgoingMail.body)
            .where(OutgoingMail.to_address == address)
            .order_by(OutgoingMail.id)
        )
    )


def post_form(client, url: str, data: dict, host: str = "evil.example"):
    """Submit a form as a browser would, every request saying ``Host: host`` (its
    cookies, the session and its CSRF token, are kept for that host)."""
    page = client.get(url, headers={"Host": host})
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} (status {page.status_code})"
    return client.post(url, data={**data, "csrf_token": match.group(1)}, headers={"Host": host})


def register(client, email: str, pseudonym: str):
    data = {
        "email": email,
        "pseudonym": pseudonym,
        "password": PASSWORD,
        "confirm": PASSWORD,
        "accept_charter": "y",
    }
    return post_form(client, "/register", data)


def hostile_flow(client) -> list[str]:
    """Every kind of e-mail, each caused by a request that says ``Host: evil.example``:
    address confirmation, registration notice, password reset, reply notification."""
    debate = builders.make_debate("tram")
    assert register(client, "lea@example.org", "Léa").status_code == 302
    assert register(client, "lea@example.org", "Léa bis").status_code == 302
    author = builders.make_user("Autrice")
    forgot = post_form(client, "/password/forgot", {"email": author.email})
    assert forgot.status_code == 200  # the same page whether the address is known or not
    item = builders.make_contribution(debate, author, title="Mon avis sur le tracé")
    replier = builders.make_user("Répondeur")
    post_form(client, "/login", {"email": replier.email, "password": builders.DEFAULT_PASSWORD})
    reply = {"relation": "objects", "kind": "opinion", "body": "Je ne suis pas d'accord."}
    response = post_form(client, f"/contributions/{item.id}/reply", reply)
    assert response.status_code == 302
    bodies = mailed_to("lea@example.org") + mailed_to(author.email)
    assert len(bodies) == 4, bodies
    return bodies


def test_mails_caused_with_a_forged_host_never_link_to_it(client):
    for body in hostile_flow(client):
        assert LINK.search(body), body
        assert "evil.example" not in body


@pytest.mark.parametrize("app_config", [{"PALABRE_BASE_URL": "https://debats.example.fr"}])
def test_every_mail_links_to_the_public_address(app, client):
    bodies = hostile_flow(client)
    assert mail.send_pending().sent == len(bodies)
    written = mail.outbox_messages()
    assert len(written) == len(bodies)
    for message in written:
        links = LINK.findall(message.body)
        assert links, message.body
        assert all(link.startswith("https://debats.example.fr/") for link in links), links


def test_a_mailed_link_works_on_the_site(app, client):
    author = builders.make_user("Autrice")
    post_form(client, "/password/forgot", {"email": author.email})
    [body] = mailed_to(author.email)
    [link] = LINK.findall(body)
    assert link.startswith(mail.LOCAL_BASE_URL + "/password/reset/")
    assert client.get(link.removeprefix(mail.LOCAL_BASE_URL)).status_code == 200


@pytest.mark.parametrize(
    "app_config", [{"PALABRE_ALLOWED_HOSTS": ["debats.example.fr", "localhost"]}]
)
def test_another_host_than_the_allowed_ones_gets_400_and_no_mail(client):
    author = builders.make_user("Autrice")
    response = client.post("/password/forgot", data={"email": author.email}, headers=EVIL)
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)
    assert mailed_to(author.email) == []
    assert client.get("/", headers=EVIL).status_code == 400
    assert client.get("/healthz", headers=EVIL).status_code == 400

    # An allowed host is served, and (with no public address set, as in tests) its links
    # follow the name the visitor used.
    response = post_form(client, "/password/forgot", {"email": author.email}, "debats.example.fr")
    assert response.status_code == 200
    [body] = mailed_to(author.email)
    assert "http://debats.example.fr/password/reset/" in body


def test_allowed_hosts_are_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PALABRE_ALLOWED_HOSTS", "debats.example.fr, .example.org  localhost")
    app = make_app(tmp_path / "db.sqlite3", tmp_path / "instance")
    assert app.config["TRUSTED_HOSTS"] == ["debats.example.fr", ".example.org", "localhost"]


def _factory_config(tmp_path) -> dict:
    return {
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/db.sqlite3",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "PALABRE_INDEX_PATH": str(tmp_path / "index"),
    }


def test_the_site_refuses_to_start_without_a_public_address(tmp_path, monkeypatch):
    for name in ("PALABRE_BASE_URL", "PALABRE_DEBUG", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(mail.BaseURLMissing, match="PALABRE_BASE_URL is not set"):
        create_app(_factory_config(tmp_path))
    for wrong in ("debats.example.fr", "ftp://debats.example.fr", "https://"):
        with pytest.raises(mail.BaseURLMissing, match="absolute http"):
            create_app({**_factory_config(tmp_path), "PALABRE_BASE_URL": wrong})
    # In debug mode (a developer's machine) it starts, its links on the local address.
    monkeypatch.setenv("PALABRE_DEBUG", "1")
    debug = create_app(_factory_config(tmp_path))
    with debug.test_request_context("/", headers=EVIL):
        assert mail.external_url("forum.login") == mail.LOCAL_BASE_URL + "/login"
    monkeypatch.delenv("PALABRE_DEBUG")
    served = create_app({**_factory_config(tmp_path), "PALABRE_BASE_URL": "https://d.example.fr"})
    with served.test_request_context("/", headers=EVIL):
        assert mail.external_url("forum.login") == "https://d.example.fr/login"


def test_no_link_is_built_without_a_public_address_outside_debug_and_tests(app, monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    app.config.update(TESTING=False, DEBUG=False, PALABRE_BASE_URL=None)
    with app.test_request_context("/", headers=EVIL), pytest.raises(mail.BaseURLMissing):
        mail.external_url("account.reset_password", token="t")
