"""Replies and threads: POST /contributions/<id>/reply and the thread on a permalink."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.models import Contribution, ModerationMode, Phase, Relation, Role, Status
from tests import builders
from tests.conftest import csrf_token, post_form

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

# How each relation is introduced on the thread, in English.
RELATION_LABELS = {
    Relation.SUPPORTS: "supports",
    Relation.OBJECTS: "objects",
    Relation.NUANCES: "nuances / complements",
    Relation.ASKS_CLARIFICATION: "asks for clarification",
    Relation.PROVIDES_SOURCE: "provides a source",
}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.elements:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def next_element_sibling(self) -> Element | None:
        siblings = self.parent.elements
        index = siblings.index(self)
        return siblings[index + 1] if index + 1 < len(siblings) else None


class Tree(HTMLParser):
    """A small DOM of a page: enough to check how the thread nests."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self._open = self.root
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self._open)
        self._open.children.append(element)
        if tag not in VOID:
            self._open = element

    def handle_startendtag(self, tag, attrs):
        self._open.children.append(Element(tag, dict(attrs), self._open))

    def handle_endtag(self, tag):
        node = self._open
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self._open = node.parent

    def handle_data(self, data):
        self._open.children.append(data)

    def by_id(self, element_id: str) -> Element | None:
        for element in self.root.iter():
            if element.attrs.get("id") == element_id:
                return element
        return None

    def article(self, contribution_id: int) -> Element:
        found = self.by_id(f"c{contribution_id}")
        assert found is not None and found.tag == "article", f"no article c{contribution_id}"
        return found

    def field(self, name: str) -> str:
        for element in self.root.iter():
            if element.attrs.get("name") == name:
                if element.tag == "textarea":
                    return element.text().removeprefix("\r\n").removeprefix("\n")
                return element.attrs.get("value") or ""
        raise AssertionError(f"no field {name}")

    def error_for(self, field_id: str) -> str:
        element = self.by_id(f"{field_id}-error")
        return element.text().strip() if element is not None else ""


def text(response) -> str:
    return response.get_data(as_text=True)


def sign_in(client, user) -> None:
    """Log ``user`` in as Flask-Login does, skipping the (slow) password check."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def sign_out(client) -> None:
    """Forget the logged-in user, keeping the chosen language."""
    with client.session_transaction() as session:
        session.pop("_user_id", None)
        session.pop("_fresh", None)


def parent_article(tree: Tree, article: Element) -> Element | None:
    """The article a reply answers: the one just before the list of replies it sits in
    (or before the fold that holds that list, for deep replies)."""
    for ancestor in article.ancestors():
        if ancestor.tag == "ol" and "replies" in ancestor.classes:
            if "more-replies" in ancestor.parent.classes:
                ancestor = ancestor.parent
            previous = ancestor.parent.elements[ancestor.parent.elements.index(ancestor) - 1]
            assert previous.tag == "article", "a list of replies follows its parent's article"
            return previous
    return None


def nesting_depth(article: Element) -> int:
    return sum(1 for a in article.ancestors() if a.tag == "ol" and "replies" in a.classes)


def reply_form(relation: str | None = "objects", body: str = "Je ne suis pas d'accord.", **extra):
    data = {"kind": "opinion", "title": "", "body": body, **extra}
    if relation is not None:
        data["relation"] = relation
    return data


def latest() -> Contribution:
    return db.session.scalar(db.select(Contribution).order_by(Contribution.id.desc()))


def count_contributions() -> int:
    return db.session.scalar(db.select(db.func.count(Contribution.id)))


@pytest.fixture
def debate(app):
    return builders.make_debate("tram")


@pytest.fixture
def author(app):
    return builders.make_user("Auteur")


@pytest.fixture
def root(debate, author):
    return builders.make_contribution(
        debate,
        author,
        title="Desservir l'hôpital",
        body="Le tracé devrait *desservir* l'hôpital.",
        themes=[debate.themes[0], debate.themes[2]],
    )


@pytest.fixture
def bob(client):
    user = builders.make_user("Bob")
    client.get("/lang/en")
    sign_in(client, user)
    return user


# --- Posting replies -------------------------------------------------------------------


def test_every_relation_is_stored_and_labelled_on_the_thread(client, root, bob):
    replies = {}
    for relation in Relation:
        body = f"Réponse qui {relation.value}"
        response = post_form(
            client, f"/contributions/{root.id}/reply", reply_form(relation.value, body)
        )
        assert response.status_code == 302, text(response)
        reply = latest()
        assert reply.relation == relation
        assert reply.parent_id == root.id
        assert reply.body_source == body
        assert response.headers["Location"].endswith(f"/contributions/{reply.id}#c{reply.id}")
        replies[relation] = reply

    tree = Tree(text(client.get(f"/contributions/{root.id}")))
    for relation, reply in replies.items():
        article = tree.article(reply.id)
        labels = article.find_all("p", cls=f"relation-{relation.value}")
        assert len(labels) == 1
        assert f"Reply that {RELATION_LABELS[relation]}" in " ".join(labels[0].text().split())
        assert parent_article(tree, article) is tree.article(root.id)
    # The root answers nothing: it carries no relation label.
    assert tree.article(root.id).find_all(cls="relation") == []


def test_relation_is_a_label_never_a_tally(client, root, bob):
    for _ in range(3):
        post_form(client, f"/contributions/{root.id}/reply", reply_form("supports"))
    html = " ".join(text(client.get(f"/contributions/{root.id}")).split())
    assert html.count("Reply that supports") == 3
    for tally in ("3 supports", "3 replies", "supports (3)", "3 réponses"):
        assert tally not in html


def test_three_levels_of_replies_nest_as_lists(client, root, bob):
    parent = root
    chain = []
    for level, relation in enumerate(("objects", "nuances", "provides_source"), start=1):
        response = post_form(
            client,
            f"/contributions/{parent.id}/reply",
            reply_form(relation, f"Niveau {level}"),
        )
        assert response.status_code == 302
        reply = latest()
        assert reply.parent_id == parent.id
        assert reply.root_id == root.id
        assert reply.depth == level
        chain.append(reply)
        parent = reply

    tree = Tree(text(client.get(f"/contributions/{root.id}")))
    expected_parent = tree.article(root.id)
    assert nesting_depth(expected_parent) == 0
    for level, reply in enumerate(chain, start=1):
        article = tree.article(reply.id)
        assert article.parent.tag == "li"
        replies_list = article.parent.parent
        assert replies_list.tag == "ol" and "replies" in replies_list.classes
        assert expected_parent.next_element_sibling() is replies_list
        assert parent_article(tree, article) is expected_parent
        assert nesting_depth(article) == level
        expected_parent = article


def test_permalink_of_a_deep_reply_shows_the_whole_thread(client, debate, root, author):
    other = builders.make_user("Autre")
    first = builders.make_contribution(
        debate, other, title="", parent=root, relation=Relation.OBJECTS
    )
    second = builders.make_contribution(
        debate, author, title="", parent=first, relation=Relation.NUANCES
    )
    deep = builders.make_contribution(
        debate, other, title="", body="Tout au fond.", parent=second, relation=Relation.SUPPORTS
    )
    aside = builders.make_contribution(
        debate, other, title="", body="Une autre branche.", parent=root, relation=Relation.SUPPORTS
    )
    assert (deep.root_id, deep.depth) == (root.id, 3)

    response = client.get(f"/contributions/{deep.id}")
    assert response.status_code == 200
    tree = Tree(text(response))
    thread_ids = {
        int(a.attrs["id"][1:])
        for a in tree.root.find_all("article")
        if re.fullmatch(r"c\d+", a.attrs.get("id") or "")
    }
    assert thread_ids == {root.id, first.id, second.id, deep.id, aside.id}
    current = [a for a in tree.root.find_all("article") if "current" in a.classes]
    assert current == [tree.article(deep.id)]
    assert tree.article(root.id).find_all("h1")  # the root heads the page
    assert parent_article(tree, tree.article(deep.id)) is tree.article(second.id)
    assert parent_article(tree, tree.article(aside.id)) is tree.article(root.id)


def test_replies_inherit_the_parents_themes(client, debate, root, bob):
    response = post_form(client, f"/contributions/{root.id}/reply", reply_form())
    assert response.status_code == 302
    reply = latest()
    assert [t.id for t in reply.themes] == [debate.themes[0].id, debate.themes[2].id]
    theme_page = text(client.get(f"/debates/tram/themes/{debate.themes[2].slug}"))
    assert f'href="/contributions/{reply.id}"' in theme_page
    other_theme = text(client.get(f"/debates/tram/themes/{debate.themes[1].slug}"))
    assert f'href="/contributions/{reply.id}"' not in other_theme


def test_reply_without_relation_is_refused_with_text_intact(client, root, bob):
    body = "Mon texte <précieux> & long\n\n- un\n- deux"
    for relation in (None, "", "likes"):
        response = post_form(
            client, f"/contributions/{root.id}/reply", reply_form(relation, body, title="Titre")
        )
        assert response.status_code == 422
        tree = Tree(text(response))
        assert tree.error_for("relation")
        assert tree.field("body") == body
        assert tree.field("title") == "Titre"
    assert count_contributions() == 1


def test_empty_reply_is_refused(client, root, bob):
    response = post_form(client, f"/contributions/{root.id}/reply", reply_form(body="  \n "))
    assert response.status_code == 422
    assert Tree(text(response)).error_for("body")
    assert count_contributions() == 1


def test_anonymous_visitor_cannot_reply(client, root):
    response = client.get(f"/contributions/{root.id}/reply")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]
    posted = post_form(client, f"/contributions/{root.id}/reply", reply_form(), form_url="/login")
    assert posted.status_code == 302
    assert count_contributions() == 1


# --- Refusals --------------------------------------------------------------------------


def test_replying_to_a_masked_contribution_is_refused_with_text_intact(client, debate, author, bob):
    masked = builders.make_contribution(
        debate, author, body="Propos contraires à la charte.", status=Status.MASKED
    )
    page = client.get(f"/contributions/{masked.id}/reply")
    assert page.status_code == 403
    assert "masked by moderation" in text(page)
    assert "Propos contraires" not in text(page)

    body = "Je voulais répondre <quand même>."
    response = post_form(client, f"/contributions/{masked.id}/reply", reply_form(body=body))
    assert response.status_code == 403
    assert "This contribution was masked by moderation: it cannot be answered." in text(response)
    assert Tree(text(response)).field("body") == body
    assert count_contributions() == 1


def test_masked_contribution_keeps_its_replies_and_a_notice(client, debate, author):
    masked = builders.make_contribution(
        debate,
        author,
        title="Titre masqué",
        body="Des mots injurieux.",
        status=Status.MASKED,
    )
    other = builders.make_user("Autre")
    reply = builders.make_contribution(
        debate,
        other,
        title="",
        body="Une réponse restée visible.",
        parent=masked,
        relation=Relation.OBJECTS,
    )
    moderator = builders.make_user("Modo")
    committee = builders.make_user("Commission")
    owner = builders.make_user("MaitreOuvrage")
    builders.grant(moderator, debate, Role.MODERATOR)
    builders.grant(committee, debate, Role.COMMITTEE)
    builders.grant(owner, debate, Role.OWNER)
    client.get("/lang/en")

    def thread(url):
        response = client.get(url)
        assert response.status_code == 200
        tree = Tree(text(response))
        article = tree.article(masked.id)
        assert "Masked by moderation." in article.text()
        assert "Une réponse restée visible." in tree.article(reply.id).text()
        assert parent_article(tree, tree.article(reply.id)) is article
        return text(response), article

    for viewer in (None, other, owner):
        if viewer is not None:
            sign_in(client, viewer)
        for url in (f"/contributions/{masked.id}", f"/contributions/{reply.id}"):
            html, article = thread(url)
            assert "Des mots injurieux" not in html
            assert not article.find_all(cls="body")
        sign_out(client)

    for viewer in (author, moderator, committee):
        sign_in(client, viewer)
        html, article = thread(f"/contributions/{masked.id}")
        assert "Des mots injurieux." in article.text()
        sign_out(client)

    # Nowhere in the lists or the open data.
    for url in (
        "/debates/tram",
        "/debates/tram/contributions",
        "/api/v1/debates/tram/contributions",
    ):
        assert "Des mots injurieux" not in text(client.get(url))


def test_replying_to_a_missing_contribution_is_404_with_a_message(client, root, bob):
    page = client.get("/contributions/999999/reply")
    assert page.status_code == 404
    assert "does not exist or is not public" in text(page)
    response = client.post(
        "/contributions/999999/reply", data={**reply_form(), "csrf_token": csrf_token(client, "/")}
    )
    assert response.status_code == 404
    assert "Nothing was posted" in text(response)
    assert count_contributions() == 1


def test_replying_to_someone_elses_pending_contribution_is_404(client, debate, author, bob):
    pending = builders.make_contribution(debate, author, status=Status.PENDING)
    assert client.get(f"/contributions/{pending.id}/reply").status_code == 404
    response = client.post(
        f"/contributions/{pending.id}/reply",
        data={**reply_form(), "csrf_token": csrf_token(client, "/")},
    )
    assert response.status_code == 404
    assert count_contributions() == 1


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.REPORTED])
def test_replying_in_a_closed_debate_is_refused(client, debate, root, bob, phase):
    debate.phase = phase
    db.session.commit()
    page = client.get(f"/contributions/{root.id}/reply")
    assert page.status_code == 403
    assert "This debate is not open to contributions." in text(page)
    body = "Une réponse trop tardive."
    response = post_form(client, f"/contributions/{root.id}/reply", reply_form(body=body))
    assert response.status_code == 403
    assert "This debate is not open to contributions." in text(response)
    assert Tree(text(response)).field("body") == body
    assert count_contributions() == 1
    # The thread offers no reply link once the debate is closed.
    assert f"/contributions/{root.id}/reply" not in text(client.get(f"/contributions/{root.id}"))


def test_reply_with_a_bad_csrf_token_is_refused_and_text_shown(client, root, bob):
    body = "Réponse <à garder> & précieuse"
    response = client.post(
        f"/contributions/{root.id}/reply", data={**reply_form(body=body), "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert Tree(text(response)).by_id("kept-body").text().strip() == body
    assert count_contributions() == 1


def test_reply_in_an_a_priori_debate_waits_for_moderation(client, author, bob):
    debate = builders.make_debate("apriori", moderation_mode=ModerationMode.A_PRIORI)
    root = builders.make_contribution(debate, author, body="Racine publiée.")
    response = post_form(
        client, f"/contributions/{root.id}/reply", reply_form(body="Réponse en attente.")
    )
    assert response.status_code == 302
    reply = latest()
    assert reply.status == Status.PENDING
    # Its author sees it in the thread; nobody else does.
    assert "Réponse en attente." in text(client.get(f"/contributions/{root.id}"))
    sign_out(client)
    html = text(client.get(f"/contributions/{root.id}"))
    assert "Réponse en attente." not in html
    assert f'id="c{reply.id}"' not in html
    assert client.get(f"/contributions/{reply.id}").status_code == 404


def test_hostile_reply_is_neutralised(client, root, bob):
    body = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"
    response = post_form(
        client, f"/contributions/{root.id}/reply", reply_form(body=body, title="<svg onload=x>")
    )
    assert response.status_code == 302
    reply = latest()
    for url in (f"/contributions/{reply.id}", f"/contributions/{reply.id}/reply"):
        html = text(client.get(url))
        assert "<script" not in html and "<img" not in html and "<svg" not in html
        for element in Tree(html).root.iter():
            assert not any(name.startswith("on") for name in element.attrs)
            assert not (element.attrs.get("href") or "").lower().startswith("javascript:")


# --- Bounded queries -------------------------------------------------------------------


def build_thread(debate, root, people, size: int) -> tuple[Contribution, list[Contribution]]:
    """``size`` replies under ``root``: chains and branches, some masked, some pending.

    Returns the deepest published reply and all the replies.
    """
    parents = [root]
    deepest = root
    replies = []
    for n in range(size):
        parent = parents[n % len(parents)] if n % 3 else deepest
        status = Status.PUBLISHED
        if n % 7 == 3:
            status = Status.MASKED
        elif n % 11 == 5:
            status = Status.PENDING
        reply = builders.make_contribution(
            debate,
            people[n % len(people)],
            title="",
            body=f"Réponse {n}",
            parent=parent,
            relation=list(Relation)[n % len(Relation)],
            status=status,
        )
        replies.append(reply)
        if status == Status.PUBLISHED:
            parents.append(reply)
            if reply.depth > deepest.depth:
                deepest = reply
    return deepest, replies


def queries_for(client, url: str) -> int:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    client.get(url)  # warm up: first-use costs are not the thread's
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "viewer", ["anonymous", "participant", "author", "pending author", "moderator"]
)
def test_thread_page_costs_the_same_queries_whatever_its_size(client, viewer):
    people = [builders.make_user(f"Personne{i}") for i in range(4)]
    writer = builders.make_user("Plume")  # writes in each thread, the same way
    moderator = builders.make_user("Modo")
    counts = {}
    for size in (5, 40):
        debate = builders.make_debate(f"debat-{size}")
        builders.grant(moderator, debate, Role.MODERATOR)
        root = builders.make_contribution(debate, people[0], title=f"Racine {size}")
        deepest, replies = build_thread(debate, root, people, size)
        if viewer in ("author", "pending author"):
            status = Status.PENDING if viewer == "pending author" else Status.PUBLISHED
            replies.append(
                builders.make_contribution(
                    debate, writer, title="", body="Mon avis.", parent=root, status=status
                )
            )
        viewer_id = None
        if viewer == "participant":  # wrote in neither thread
            sign_in(client, builders.make_user())
        elif viewer in ("author", "pending author"):
            sign_in(client, writer)
            viewer_id = writer.id
        elif viewer == "moderator":
            sign_in(client, moderator)
        counts[size] = (
            queries_for(client, f"/contributions/{root.id}"),
            queries_for(client, f"/contributions/{deepest.id}"),
        )
        hidden = [
            r
            for r in replies
            if r.status == Status.PENDING and viewer != "moderator" and r.author_id != viewer_id
        ]
        tree = Tree(text(client.get(f"/contributions/{root.id}")))
        shown = len(replies) + 1 - len(hidden)
        assert len(tree.root.find_all("article", cls="contribution")) == shown
    assert counts[5] == counts[40]
