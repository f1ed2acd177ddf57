"""Bare addresses in what participants write become links, within the sanitiser's rules,
and texts stored before that are rendered again by ``flask render-texts``."""

from __future__ import annotations

import contextvars
from html.parser import HTMLParser

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from forum.extensions import db
from forum.models import Contribution, Debate
from forum.sanitize import LINK_REL, render_markdown, render_markdown_many
from tests import builders
from tests.conftest import post_form


class Links(HTMLParser):
    """The links of a fragment: their attributes and their text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self.texts: list[str] = []
        self._open = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))
            self.texts.append("")
            self._open = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.texts[-1] += data


def links(html: str) -> list[dict[str, str | None]]:
    return Links(html).links


@pytest.mark.parametrize(
    ("source", "href"),
    [
        (
            "Voir https://www.ville.fr/projet?id=3&page=2 pour le détail.",
            "https://www.ville.fr/projet?id=3&page=2",
        ),
        ("Le dossier : http://example.org/dossier.pdf.", "http://example.org/dossier.pdf"),
        ("Le site www.debat-tram.fr en parle.", "http://www.debat-tram.fr"),
        ("Écrire à debat@example.org", "mailto:debat@example.org"),
    ],
)
def test_a_bare_address_becomes_a_link_with_the_sanitisers_rel(source, href):
    html = render_markdown(source)
    (link,) = links(html)
    assert link == {"href": href, "rel": LINK_REL}
    # The fast path for plain paragraphs (bulk imports) gives the same link.
    assert render_markdown_many([source]) == [html]


@pytest.mark.parametrize(
    "source",
    [
        "javascript:alert(document.cookie)",
        "Cliquez javascript://example.org/%0Aalert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "ftp://example.org/fichier",
        "//evil.example.org/page",
        "file:///etc/passwd",
    ],
)
def test_a_hostile_or_foreign_scheme_is_never_a_link(source):
    html = render_markdown(source)
    assert links(html) == []
    assert "href" not in html


@pytest.mark.parametrize(
    "source",
    [
        'https://example.org/"onmouseover="alert(1)',
        "https://example.org/'onclick='alert(1)",
        'https://example.org/"><script>alert(1)</script>',
        "https://example.org/<img src=x onerror=alert(1)>",
    ],
)
def test_quotes_in_an_address_stay_inside_its_href(source):
    html = render_markdown(source)
    (link,) = links(html)
    assert set(link) == {"href", "rel"}
    assert link["href"].startswith("https://example.org/")
    assert "<script" not in html and "<img" not in html


def test_a_written_link_is_not_linked_twice():
    html = render_markdown("[le dossier](https://example.org/d) et https://example.org/e")
    assert [link["href"] for link in links(html)] == [
        "https://example.org/d",
        "https://example.org/e",
    ]


def test_a_posted_contribution_shows_its_bare_address_as_a_link(client):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice")
    client.get("/lang/en")
    with client.session_transaction() as session:
        session["_user_id"] = alice.get_id()
    body = "Le rapport est ici : https://example.org/rapport-2026"
    data = {"kind": "opinion", "title": "Un lien", "body": body, "themes": [debate.themes[0].id]}
    response = post_form(client, "/debates/tram/contribute", data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert {"href": "https://example.org/rapport-2026", "rel": LINK_REL} in links(page)


def test_render_texts_renders_texts_stored_before_linkify_again(app, runner):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice")
    item = builders.make_contribution(debate, alice, body="Voir https://example.org/a")
    written_before = "<p>Voir https://example.org/a</p>\n"
    untouched = builders.make_contribution(debate, alice, body="Sans adresse.")
    db.session.execute(
        db.update(Contribution).where(Contribution.id == item.id).values(body_html=written_before)
    )
    db.session.execute(
        db.update(Debate)
        .where(Debate.id == debate.id)
        .values(summary_source="Le site : https://example.org/projet", summary_html="<p>old</p>")
    )
    db.session.commit()

    def invoke():
        with app.app_context():
            return runner.invoke(args=["render-texts"])

    result = contextvars.Context().run(invoke)
    assert result.exit_code == 0, result.output
    assert "contributions.body_html : 1 texte(s) rendu(s) à nouveau" in result.output
    db.session.expire_all()
    stored = db.session.get(Contribution, item.id)
    assert links(stored.body_html) == [{"href": "https://example.org/a", "rel": LINK_REL}]
    assert db.session.get(Contribution, untouched.id).body_html == "<p>Sans adresse.</p>\n"
    summary = db.session.get(Debate, debate.id).summary_html
    assert links(summary) == [{"href": "https://example.org/projet", "rel": LINK_REL}]


# Plain French text with pieces of addresses: schemes, dots before letters, "@", "www".
ADDRESS_TEXT = st.lists(
    st.sampled_from(
        [
            "le ",
            "tram ",
            "fr",
            "com",
            "org",
            "é",
            ".",
            ". ",
            ":",
            "://",
            "/",
            "@",
            "www",
            "http",
            "https",
            "mailto:",
            "ftp",
            "-",
            "1",
            "2026",
            " ",
            "\n\n",
            "«",
            "»",
            "example",
            "ville",
            "Le",
            "’",
            "?",
            "id=3",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(ADDRESS_TEXT)
@example("Le site ville.fr en parle.")
@example("www.example.org")
@example("Écrire à debat@example.org")
def test_the_bulk_renderer_links_addresses_as_the_parser_does(source):
    """The plain path skips linkify's own test when no address can be in the text."""
    assert render_markdown_many([source]) == [render_markdown(source)]
