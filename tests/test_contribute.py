"""Posting a contribution through the form: POST /debates/<slug>/contribute."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from forum import contributions as service
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Contribution, Kind, ModerationMode, Phase, Role, Status
from tests import builders
from tests.conftest import csrf_token, post_form

BODY = "Le tracé devrait *desservir* l'hôpital.\n\n- ligne 1\n- ligne 2"
CONTRIBUTION_HREF = re.compile(r"^/contributions/(\d+)$")


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_MAX_BODY_CHARS": 200}


class Page(HTMLParser):
    """The start tags of a page with their attributes, and the values of its form fields."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}
        self._textarea: str | None = None
        self._error: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "input" and attributes.get("name") and attributes.get("type") == "text":
            self.values[attributes["name"]] = attributes.get("value") or ""
        if tag == "textarea" and (attributes.get("name") or attributes.get("id")):
            self._textarea = attributes.get("name") or attributes["id"]
            self.values[self._textarea] = ""
        element_id = attributes.get("id") or ""
        if "error" in (attributes.get("class") or "").split() and element_id.endswith("-error"):
            self._error = element_id.removesuffix("-error")
            self.errors[self._error] = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "p":
            self._error = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data
        if self._error:
            self.errors[self._error] += data

    def field(self, name: str) -> str:
        """A field's value as a browser shows it (the newline after <textarea> is not data)."""
        value = self.values[name]
        return value[2:] if value.startswith("\r\n") else value.removeprefix("\n")

    def error_for(self, field_id: str) -> str:
        """The message shown next to a field (an error means a non-empty message)."""
        return self.errors.get(field_id, "").strip()


def text(response) -> str:
    return response.get_data(as_text=True)


def count_contributions() -> int:
    return db.session.scalar(db.select(db.func.count(Contribution.id)))


class Cards(HTMLParser):
    """The ids of the contributions listed as cards, in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[int] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "card-title" in (attributes.get("class") or "").split():
            self._in_title = True
        elif tag == "a" and self._in_title:
            match = CONTRIBUTION_HREF.match(attributes.get("href") or "")
            if match:
                self.ids.append(int(match.group(1)))
            self._in_title = False


def card_ids(html: str) -> list[int]:
    cards = Cards()
    cards.feed(html)
    return cards.ids


def sign_in(client, user) -> None:
    """Log ``user`` in as Flask-Login would after a login, without checking the password.

    A real login (``login_as``) costs a third of a second of password hashing; the login
    itself is tested with it, and most tests here only need someone logged in.
    """
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def debate(app):
    return builders.make_debate("tram")


@pytest.fixture
def alice(client):
    user = builders.make_user("Alice")
    client.get("/lang/en")
    sign_in(client, user)
    return user


def form(debate, *theme_indexes, **fields) -> dict:
    data = {
        "kind": "opinion",
        "title": "Desservir l'hôpital",
        "body": BODY,
        "themes": [debate.themes[i].id for i in theme_indexes or (0,)],
    }
    data.update(fields)
    return data


# --- Publishing ------------------------------------------------------------------------


def test_published_contribution_appears_on_permalink_themes_and_debate(client, debate, alice):
    for kind in (Kind.OPINION, Kind.QUESTION, Kind.PROPOSAL):
        title = f"Un titre pour {kind.value}"
        response = post_form(
            client, "/debates/tram/contribute", form(debate, 0, 2, kind=kind.value, title=title)
        )
        assert response.status_code == 302
        item = db.session.scalar(db.select(Contribution).where(Contribution.title == title))
        assert item is not None
        assert item.kind == kind
        assert item.status == Status.PUBLISHED
        assert item.published_at is not None
        assert item.author_id == alice.id
        assert item.body_source == BODY
        assert item.parent_id is None and item.root_id == item.id and item.depth == 0
        assert {t.id for t in item.themes} == {debate.themes[0].id, debate.themes[2].id}
        assert urlsplit(response.headers["Location"]).path == f"/contributions/{item.id}"

        permalink = client.get(f"/contributions/{item.id}")
        assert permalink.status_code == 200
        assert title in text(permalink)
        assert "<em>desservir</em>" in text(permalink)
        assert "Thank you, your contribution is published." in text(permalink)

    ids = list(db.session.scalars(db.select(Contribution.id).order_by(Contribution.id)))
    assert len(ids) == 3
    for theme in (debate.themes[0], debate.themes[2]):
        page = client.get(f"/debates/tram/themes/{theme.slug}")
        assert card_ids(text(page)) == ids
    other = client.get(f"/debates/tram/themes/{debate.themes[1].slug}")
    assert card_ids(text(other)) == []
    assert sorted(card_ids(text(client.get("/debates/tram")))) == ids
    assert card_ids(text(client.get("/debates/tram/contributions"))) == ids


def test_published_contribution_is_public_to_anonymous_visitors(client, debate, alice):
    post_form(client, "/debates/tram/contribute", form(debate))
    item = db.session.scalar(db.select(Contribution))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert client.get(f"/contributions/{item.id}").status_code == 200
    assert card_ids(text(client.get("/debates/tram"))) == [item.id]


def test_stakeholder_paper_is_not_a_participant_kind(client, debate, alice):
    page = text(client.get("/debates/tram/contribute"))
    assert 'value="stakeholder_paper"' not in page
    response = post_form(
        client, "/debates/tram/contribute", form(debate, kind=Kind.STAKEHOLDER_PAPER.value)
    )
    assert response.status_code == 422
    assert Page(text(response)).error_for("kind")
    assert Page(text(response)).field("body") == BODY
    assert count_contributions() == 0


def test_stakeholder_paper_refused_by_the_service_too(debate):
    author = builders.make_user()
    data = service.NewContribution(
        kind=Kind.STAKEHOLDER_PAPER, title="Cahier", body="Texte", theme_ids=[debate.themes[0].id]
    )
    with pytest.raises(InvalidInput) as refused:
        service.post_contribution(debate, author, data)
    assert refused.value.field == "kind"
    assert count_contributions() == 0


# --- Who may post ----------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, debate):
    response = client.get("/debates/tram/contribute")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/debates/tram/contribute"]

    posted = post_form(client, "/debates/tram/contribute", form(debate), form_url="/login")
    assert posted.status_code == 302
    assert urlsplit(posted.headers["Location"]).path == "/login"
    assert count_contributions() == 0


def test_login_then_follows_next_back_to_the_form(client, debate):
    user = builders.make_user()
    response = post_form(
        client,
        "/login?next=/debates/tram/contribute",
        {"email": user.email, "password": builders.DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/debates/tram/contribute"


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.REPORTED])
def test_closed_debate_refuses_and_keeps_the_text(client, alice, phase):
    debate = builders.make_debate("closed", phase=phase)
    page = client.get("/debates/closed/contribute")
    assert page.status_code == 403
    assert "This debate is not open to contributions." in text(page)

    title = "Mon titre & <gardé>"
    response = post_form(client, "/debates/closed/contribute", form(debate, title=title, body=BODY))
    assert response.status_code == 403
    assert "This debate is not open to contributions." in text(response)
    fields = Page(text(response))
    assert fields.field("title") == title
    assert fields.field("body") == BODY
    assert count_contributions() == 0


def test_draft_debate_refuses_its_staff_and_keeps_the_text(client, login_as):
    debate = builders.make_debate("draft", phase=Phase.DRAFT)
    moderator = builders.make_user("Modo")
    builders.grant(moderator, debate, Role.MODERATOR)
    client.get("/lang/en")
    login_as(moderator)
    response = post_form(client, "/debates/draft/contribute", form(debate))
    assert response.status_code == 403
    assert "This debate is not open to contributions." in text(response)
    fields = Page(text(response))
    assert fields.field("title") == "Desservir l'hôpital"
    assert fields.field("body") == BODY
    assert count_contributions() == 0


def test_draft_debate_does_not_exist_for_participants(client, alice):
    debate = builders.make_debate("draft", phase=Phase.DRAFT)
    assert client.get("/debates/draft/contribute").status_code == 404
    token = csrf_token(client, "/")
    response = client.post("/debates/draft/contribute", data={**form(debate), "csrf_token": token})
    assert response.status_code == 404
    assert count_contributions() == 0


def test_suspended_user_cannot_post(client, debate, alice):
    token = csrf_token(client, "/debates/tram/contribute")
    alice.active = False
    db.session.commit()
    response = client.post("/debates/tram/contribute", data={**form(debate), "csrf_token": token})
    # A suspended account is no longer logged in: it is sent to the login page, which
    # refuses it (see test_suspended_user_cannot_log_in).
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert count_contributions() == 0


def test_suspended_user_refused_by_the_service(debate):
    suspended = builders.make_user(active=False)
    data = service.NewContribution(
        kind=Kind.OPINION, title="Titre", body="Texte", theme_ids=[debate.themes[0].id]
    )
    with pytest.raises(NotAllowed):
        service.post_contribution(debate, suspended, data)
    assert count_contributions() == 0


def test_suspended_user_cannot_log_in(client):
    user = builders.make_user(active=False)
    response = post_form(
        client, "/login", {"email": user.email, "password": builders.DEFAULT_PASSWORD}
    )
    assert response.status_code == 422


# --- Input errors: 422, message next to the field, text intact -------------------------


@pytest.mark.parametrize(
    ("fields", "field_id"),
    [
        ({"body": ""}, "body"),
        ({"body": "   \n\t  \n"}, "body"),
        ({"title": ""}, "title"),
        ({"title": "    "}, "title"),
        ({"body": "x" * 201}, "body"),
        ({"title": "T" * 151}, "title"),
        ({"title": "T" * 260}, "title"),
    ],
    ids=[
        "empty-body",
        "blank-body",
        "no-title",
        "blank-title",
        "long-body",
        "long-title",
        "very-long-title",
    ],
)
def test_invalid_input_is_refused_next_to_its_field(client, debate, alice, fields, field_id):
    data = form(debate, **fields)
    response = post_form(client, "/debates/tram/contribute", data)
    assert response.status_code == 422
    html = text(response)
    page = Page(html)
    assert page.error_for(field_id)
    (control,) = [attrs for _tag, attrs in page.tags if attrs.get("id") == field_id]
    assert control.get("aria-invalid") == "true"
    assert f"{field_id}-error" in (control.get("aria-describedby") or "").split()
    assert "Your contribution has not been sent" in html
    assert page.field("title") == data["title"]
    assert page.field("body") == data["body"]
    assert count_contributions() == 0


def test_too_long_body_says_the_limit(client, debate, alice):
    response = post_form(client, "/debates/tram/contribute", form(debate, body="é" * 250))
    assert response.status_code == 422
    message = Page(text(response)).error_for("body")
    assert "200" in message and "250" in message


def test_body_at_the_limit_is_accepted(client, debate, alice):
    response = post_form(client, "/debates/tram/contribute", form(debate, body="x" * 200))
    assert response.status_code == 302
    assert count_contributions() == 1


def test_title_at_the_limit_is_accepted(client, debate, alice):
    response = post_form(client, "/debates/tram/contribute", form(debate, title="T" * 150))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Contribution.title)) == "T" * 150


def test_no_theme_is_a_theme_error(client, debate, alice):
    data = form(debate)
    del data["themes"]
    response = post_form(client, "/debates/tram/contribute", data)
    assert response.status_code == 422
    assert "theme" in Page(text(response)).error_for("themes").lower()
    assert Page(text(response)).field("body") == BODY
    assert count_contributions() == 0


def test_theme_of_another_debate_is_refused(client, debate, alice):
    other = builders.make_debate("other", themes=("Ailleurs",))
    data = form(debate)
    data["themes"] = [other.themes[0].id]
    response = post_form(client, "/debates/tram/contribute", data)
    assert response.status_code == 422
    assert Page(text(response)).error_for("themes")
    assert Page(text(response)).field("body") == BODY

    data["themes"] = [debate.themes[0].id, other.themes[0].id]
    response = post_form(client, "/debates/tram/contribute", data)
    assert response.status_code == 422
    assert count_contributions() == 0


def test_theme_of_another_debate_refused_by_the_service(debate):
    other = builders.make_debate("other", themes=("Ailleurs",))
    author = builders.make_user()
    data = service.NewContribution(
        kind=Kind.OPINION,
        title="Titre",
        body="Texte",
        theme_ids=[debate.themes[0].id, other.themes[0].id],
    )
    with pytest.raises(InvalidInput) as refused:
        service.post_contribution(debate, author, data)
    assert refused.value.field == "themes"
    assert count_contributions() == 0


def test_form_preselects_the_theme_given_in_the_link(client, debate, alice):
    theme = debate.themes[1]
    page = Page(text(client.get(f"/debates/tram/contribute?theme={theme.slug}")))
    checked = [
        attrs["value"]
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("name") == "themes" and "checked" in attrs
    ]
    assert checked == [str(theme.id)]


# --- CSRF ------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["wrong-token", None])
def test_post_without_a_valid_csrf_token_is_refused_and_text_shown(client, debate, alice, token):
    data = form(debate, title="Titre à garder", body="Un texte <long> & précieux\n\nsuite")
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/debates/tram/contribute", data=data)
    assert response.status_code == 400
    html = text(response)
    assert "The form had expired" in html
    kept = Page(html)
    assert kept.field("kept-title") == "Titre à garder"
    assert kept.field("kept-body") == "Un texte <long> & précieux\n\nsuite"
    assert count_contributions() == 0


# --- A priori moderation ---------------------------------------------------------------


def test_a_priori_contribution_is_pending_and_seen_by_author_and_staff_only(client, login_as):
    debate = builders.make_debate("apriori", moderation_mode=ModerationMode.A_PRIORI)
    author = builders.make_user("Auteur")
    other = builders.make_user("Autre")
    moderator = builders.make_user("Modo")
    committee = builders.make_user("Commission")
    owner = builders.make_user("MaitreOuvrage")
    builders.grant(moderator, debate, Role.MODERATOR)
    builders.grant(committee, debate, Role.COMMITTEE)
    builders.grant(owner, debate, Role.OWNER)

    client.get("/lang/en")
    login_as(author)
    response = post_form(
        client, "/debates/apriori/contribute", form(debate, title="En attente de lecture")
    )
    assert response.status_code == 302
    item = db.session.scalar(db.select(Contribution))
    assert item.status == Status.PENDING
    assert item.published_at is None
    permalink = client.get(response.headers["Location"])
    assert permalink.status_code == 200
    assert "a moderator reads each contribution before it is published" in text(permalink)
    assert "En attente de lecture" in text(permalink)
    assert "<em>desservir</em>" in text(permalink)
    assert "awaiting moderation" in text(permalink)
    account = text(client.get("/account"))
    assert f"/contributions/{item.id}" in account
    assert "En attente de lecture" in account
    # Even its author does not see it in the public lists.
    assert card_ids(text(client.get("/debates/apriori/contributions"))) == []

    def hidden_from_current_visitor():
        assert client.get(f"/contributions/{item.id}").status_code == 404
        for url in (
            "/debates/apriori",
            "/debates/apriori/contributions",
            f"/debates/apriori/themes/{debate.themes[0].slug}",
        ):
            page = text(client.get(url))
            assert "En attente de lecture" not in page
            assert f"/contributions/{item.id}" not in page
        api = client.get("/api/v1/debates/apriori/contributions").get_json()
        assert api["contributions"] == []

    def log_out():
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})

    log_out()
    hidden_from_current_visitor()
    for person in (other, owner):
        login_as(person)
        hidden_from_current_visitor()
        assert "En attente de lecture" not in text(client.get("/account"))
        log_out()
    for person in (moderator, committee):
        login_as(person)
        page = client.get(f"/contributions/{item.id}")
        assert page.status_code == 200
        assert "<em>desservir</em>" in text(page)
        log_out()


# --- Markdown and hostile content ------------------------------------------------------


def test_markdown_is_rendered_on_the_permalink(client, debate, alice):
    body = (
        "Un *mot* et un **fort**.\n\n- premier\n- second\n\n1. un\n2. deux\n\n"
        "> une citation\n\nVoir [l'étude](https://example.org/etude)."
    )
    response = post_form(client, "/debates/tram/contribute", form(debate, body=body))
    html = text(client.get(response.headers["Location"]))
    assert "<em>mot</em>" in html
    assert "<strong>fort</strong>" in html
    assert "<li>premier</li>" in html and "<ol>" in html
    assert "<blockquote>" in html
    links = [
        attrs
        for tag, attrs in Page(html).tags
        if tag == "a" and attrs.get("href", "").startswith("https://example.org")
    ]
    assert links == [{"href": "https://example.org/etude", "rel": "nofollow ugc noopener"}]


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">lien</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '"><script>alert(2)</script>',
    "<body onload=alert(1)>",
    "[j](JaVaScRiPt:alert(1))",
]
EVENT_ATTRIBUTE = re.compile(r"^on[a-z]+$")


def assert_page_is_inert(html: str) -> None:
    """No script, no frame, no event handler and no hostile URL in any real tag."""
    lowered = html.lower()
    # Hostile text may appear escaped ("&lt;img … onerror=…"), as words anyone can read;
    # what must not appear is a real tag, or a real attribute, that a browser would run.
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<svg" not in lowered
    assert "<img" not in lowered
    for tag, attrs in Page(html).tags:
        assert tag not in {"script", "iframe", "svg", "img", "object", "embed"}
        for name, value in attrs.items():
            assert not EVENT_ATTRIBUTE.match(name), f"<{tag} {name}=…>"
            if name in {"href", "src", "action", "formaction"} and value:
                compact = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not compact.startswith(("javascript:", "data:", "vbscript:")), value


def test_hostile_text_is_neutralised_end_to_end(client, debate, alice):
    ids = []
    for number, hostile in enumerate(HOSTILE):
        title = f"T{number} {hostile}"[:150]
        body = f"Avant {hostile} après\n\n{hostile}"
        response = post_form(
            client, "/debates/tram/contribute", form(debate, 0, 1, title=title, body=body)
        )
        assert response.status_code == 302, (hostile, text(response))
        item = db.session.scalar(db.select(Contribution).order_by(Contribution.id.desc()))
        assert item.title == title
        assert item.body_source == body.strip()
        ids.append(item.id)

    for item_id in ids:
        page = client.get(f"/contributions/{item_id}")
        assert page.status_code == 200
        assert_page_is_inert(text(page))
        # The words stay readable, as text.
        assert "Avant" in text(page) and "après" in text(page)
    for url in (
        f"/debates/tram/themes/{debate.themes[0].slug}",
        f"/debates/tram/themes/{debate.themes[1].slug}",
        "/debates/tram/contributions",
        "/account",
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert all(f"/contributions/{item_id}" in text(page) for item_id in ids), url
        assert_page_is_inert(text(page))
    front = client.get("/debates/tram")
    assert len(card_ids(text(front))) > 0
    assert_page_is_inert(text(front))


def test_hostile_text_is_neutralised_in_the_refused_form(client, debate, alice):
    body = " ".join(HOSTILE)
    response = post_form(
        client, "/debates/tram/contribute", form(debate, title="", body=body[:200])
    )
    assert response.status_code == 422
    assert_page_is_inert(text(response))
    assert Page(text(response)).field("body") == body[:200]


def test_hostile_text_is_neutralised_on_the_csrf_page(client, debate, alice):
    data = form(debate, title=HOSTILE[0], body=" ".join(HOSTILE))
    data["csrf_token"] = "forged"
    response = client.post("/debates/tram/contribute", data=data)
    assert response.status_code == 400
    assert_page_is_inert(text(response))
