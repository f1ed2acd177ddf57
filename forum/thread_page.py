"""A thread as HTML: every contribution a viewer may see, nested under what it answers.

Threads can be hundreds of replies deep, deeper than a recursive template could go: the
nesting is a flat walk (open a list of replies, an item, an article, close them), which the
template writes in one loop.
"""

from __future__ import annotations

from flask import current_app, render_template, url_for
from markupsafe import Markup

from forum import render_tokens
from forum.contributions import load_thread, thread_locked
from forum.extensions import db
from forum.models import Contribution
from forum.permissions import AnyUser
from forum.search import similar_lists

# The steps of a walk: write an article, open or close a list of replies, or one of its items;
# fold a list of deep replies away (closed, or open because the page's contribution is in it).
ARTICLE, OPEN, CLOSE, ITEM, END_ITEM = "article", "open", "close", "item", "end-item"
FOLD, FOLD_OPEN, END_FOLD = "fold", "fold-open", "end-fold"
# Replies this many levels below the first contribution are shown; deeper ones are folded,
# and again every FOLD_EVERY levels below (each fold starts again from the left edge).
FOLD_EVERY = 3


def _path_to(current_id: int | None, replies: dict[int, tuple[int, ...]]) -> set[int]:
    """The contributions above ``current_id`` in its thread (its parent, grandparent…)."""
    parent = {child: cid for cid, children in replies.items() for child in children}
    above: set[int] = set()
    while current_id in parent:
        current_id = parent[current_id]
        above.add(current_id)
    return above


def walk(
    top_id: int, replies: dict[int, tuple[int, ...]], current_id: int | None = None
) -> list[tuple[str, int | None]]:
    """The steps that write the thread below ``top_id``, in the page's order. The replies
    to a contribution at a depth that is a multiple of FOLD_EVERY are folded; a fold on the
    way to ``current_id`` (the contribution the page is for) is open."""
    above = _path_to(current_id, replies)
    steps: list[tuple[str, int | None]] = []
    todo: list[tuple[str, int | None, int]] = [(ARTICLE, top_id, 0)]
    while todo:
        kind, cid, depth = todo.pop()
        steps.append((kind, cid))
        if kind != ARTICLE or not replies.get(cid):
            continue
        folded = depth > 0 and depth % FOLD_EVERY == 0
        # Pushed in reverse: the list opens, then each reply in its item, then it closes.
        if folded:
            todo.append((END_FOLD, None, depth))
        todo.append((CLOSE, None, depth))
        for child in reversed(replies[cid]):
            todo.extend(((END_ITEM, None, depth), (ARTICLE, child, depth + 1), (ITEM, None, depth)))
        todo.append((OPEN, None, depth))
        if folded:
            todo.append((FOLD_OPEN if cid in above else FOLD, cid, depth))
    return steps


def page_shows(contribution_id: int) -> tuple[tuple[str, ...], tuple]:
    """What the page of ``contribution_id`` shows (``forum.render_tokens``), told from its
    id alone (a contribution never changes thread): the site, its thread, and the threads
    of the similar contributions stored for it, with that stored list. Nothing if there is
    no such contribution."""
    root = db.session.scalar(
        db.select(db.func.coalesce(Contribution.root_id, Contribution.id)).where(
            Contribution.id == contribution_id
        )
    )
    if root is None:
        return (), ()
    stored = similar_lists.stored(contribution_id)
    similar = render_tokens.thread_scopes_of(stored[0]) if stored else []
    scopes = (render_tokens.SITE, render_tokens.thread_scope(root), *similar)
    return scopes, (stored,)


def _answers_in(items: list[Contribution]) -> dict:
    """The answer blocks of the questions among ``items``, from the question circuit, which
    registers ``answers_in_thread`` with the templates (``questions/views.py``)."""
    answers_in_thread = current_app.jinja_env.globals.get("answers_in_thread")
    return answers_in_thread(items) if answers_in_thread is not None else {}


class IdLink:
    """An endpoint's address for any contribution id, built once: a thread page links each
    of its articles three times, and ``url_for`` is most of what a link costs."""

    PLACEHOLDER = 987654321987

    def __init__(self, endpoint: str) -> None:
        built = url_for(endpoint, contribution_id=self.PLACEHOLDER)
        self.head, found, self.tail = built.partition(str(self.PLACEHOLDER))
        if not found:
            raise ValueError(f"{endpoint}: no contribution id in its address")

    def __call__(self, contribution_id: int) -> str:
        return f"{self.head}{int(contribution_id)}{self.tail}"


def thread_links() -> dict[str, IdLink]:
    """The addresses each article of a thread links to (the report form only on a site
    with moderation, which the template checks too)."""
    endpoints = {
        "contribution": "forum.contribution",
        "reply": "forum.reply",
        "flag": "moderation.public.flag",
    }
    return {
        name: IdLink(endpoint)
        for name, endpoint in endpoints.items()
        if endpoint in current_app.view_functions
    }


def thread_html(item: Contribution, viewer: AnyUser | None) -> Markup:
    """The whole thread of ``item``, as ``viewer`` may see it, ``item`` marked current."""
    thread = load_thread(item, viewer)
    return Markup(
        render_template(
            "forum/_thread.html",
            debate=item.debate,
            by_id={c.id: c for c in thread.items},
            steps=walk(thread.top.id, thread.replies, item.id),
            root_id=thread.top.id,
            current_id=item.id,
            locked=thread_locked(item),
            question_views=_answers_in(thread.items),
            links=thread_links(),
        )
    )
