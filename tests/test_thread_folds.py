"""Long threads stay readable: replies deeper than a few levels are folded behind a
<details> control that needs no JavaScript, open when the page is for a reply inside."""

from __future__ import annotations

import re

import pytest

from forum.models import Relation
from forum.thread_page import FOLD_EVERY
from tests import builders
from tests.test_threads import Element, Tree, parent_article, text


@pytest.fixture
def chain(app):
    """A root and a chain of eight replies, each answering the one before; and a second
    branch under the second reply, so that two folds hang at the same depth."""
    debate = builders.make_debate("tram")
    people = [builders.make_user("Alix"), builders.make_user("Basile")]
    root = builders.make_contribution(debate, people[0], title="Desservir l'hôpital")
    replies = []
    parent = root
    for level in range(1, 9):
        parent = builders.make_contribution(
            debate,
            people[level % 2],
            title="",
            body=f"Niveau {level}.",
            parent=parent,
            relation=Relation.NUANCES,
        )
        replies.append(parent)
    aside = builders.make_contribution(
        debate, people[0], title="", body="Une autre branche.", parent=replies[1]
    )
    aside_reply = builders.make_contribution(
        debate, people[1], title="", body="Au fond de l'autre branche.", parent=aside
    )
    return root, replies, aside, aside_reply


def folds_around(element: Element) -> list[Element]:
    return [a for a in element.ancestors() if a.tag == "details"]


def test_replies_deeper_than_three_levels_wait_behind_a_labelled_control(client, chain):
    root, replies, aside, aside_reply = chain
    client.get("/lang/en")
    tree = Tree(text(client.get(f"/contributions/{root.id}")))

    assert FOLD_EVERY == 3
    for level, reply in enumerate(replies, start=1):
        article = tree.article(reply.id)  # every reply is in the page, folded or not
        assert len(folds_around(article)) == (level - 1) // 3, level
    for details in tree.root.find_all("details", cls="more-replies"):
        assert "open" not in details.attrs
        summary = details.elements[0]
        assert summary.tag == "summary"
        label = " ".join(summary.text().split())
        assert label == "Show the rest of this discussion"
        assert not re.search(r"\d", label), "a fold says how to open it, never a count"
        # The fold follows the article its replies answer.
        assert details.parent.elements[details.parent.elements.index(details) - 1].tag == (
            "article"
        )
    # The second branch under the second reply has a fold of its own.
    assert folds_around(tree.article(aside.id)) == []
    assert len(folds_around(tree.article(aside_reply.id))) == 1
    assert parent_article(tree, tree.article(replies[3].id)) is tree.article(replies[2].id)
    assert parent_article(tree, tree.article(aside_reply.id)) is tree.article(aside.id)


def test_the_permalink_of_a_folded_reply_opens_the_folds_on_its_way(client, chain):
    root, replies, aside, aside_reply = chain
    deep = replies[6]  # the seventh level: behind two folds
    tree = Tree(text(client.get(f"/contributions/{deep.id}")))

    article = tree.article(deep.id)
    assert "current" in article.classes
    on_the_way = folds_around(article)
    assert len(on_the_way) == 2
    assert all("open" in details.attrs for details in on_the_way)
    assert "open" not in folds_around(tree.article(aside_reply.id))[0].attrs  # another branch

    # The fifth level: the first fold opens, the one below it stays closed.
    tree = Tree(text(client.get(f"/contributions/{replies[4].id}")))
    assert ["open" in d.attrs for d in folds_around(tree.article(replies[4].id))] == [True]
    assert ["open" in d.attrs for d in folds_around(tree.article(replies[6].id))] == [False, True]


def test_the_fold_speaks_french(client, chain):
    root, *_ = chain
    client.get("/lang/fr")
    html = text(client.get(f"/contributions/{root.id}"))
    assert "<summary>Afficher la suite de cette discussion</summary>" in html
