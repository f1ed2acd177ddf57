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

# The steps of a walk: write an article, open or close a list of replies, or one of its items.
ARTICLE, OPEN, CLOSE, ITEM, END_ITEM = "article", "open", "close", "item", "end-item"


def walk(top_id: int, replies: dict[int, tuple[int, ...]]) -> list[tuple[str, int | None]]:
    """The steps that write the thread below ``top_id``, in the page's order."""
    steps: list[tuple[str, int | None]] = []
    todo: list[tuple[str, int | None]] = [(ARTICLE, top_id)]
    while todo:
        step = todo.pop()
        steps.append(step)
        kind, cid = step
        if kind != ARTICLE or not replies.get(cid):
            continue
        # Pushed in reverse: the list opens, then each reply in its item, then it closes.
        todo.append((CLOSE, None))
        for child in reversed(replies[cid]):
            todo.extend(((END_ITEM, None), (ARTICLE, child), (ITEM, None)))
        todo.append((OPEN, None))
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
            steps=walk(thread.top.id, thread.replies),
            root_id=thread.top.id,
            current_id=item.id,
            locked=thread_locked(item),
            question_views=_answers_in(thread.items),
            links=thread_links(),
        )
    )
