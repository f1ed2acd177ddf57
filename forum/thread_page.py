"""A thread as HTML: rendered once for the public, kept until something in it changes.

Most readers of a thread see exactly what an anonymous visitor sees. Staff, the project
owner and the committee see more in every contribution (pending or masked words, tools):
they get the thread rendered afresh. People who wrote in the thread see more only in
their own contributions (masked words, a contest link, no "report" link): they get the
kept public thread with their own contributions rendered afresh in it.

The public thread is kept as one article per contribution plus the tree's shape, under
the thread's and the site's tokens (``forum.render_cache``), the language, the debate's
phase and the day (a question becomes overdue at midnight). One template makes every
article, whoever reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from flask import render_template
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

from forum import questions, render_cache
from forum.contributions import load_articles, load_thread, thread_locked
from forum.extensions import db
from forum.models import Contribution, Debate, Status
from forum.permissions import AnyUser, is_admin, roles_in

# Written by the template after each article; user text cannot hold it (titles are
# escaped, sanitised bodies keep no comment).
ARTICLE_END = "<!--/article-->"


class OwnContribution(NamedTuple):
    id: int
    status: Status


@dataclass(frozen=True)
class PublicThread:
    """A thread as the public sees it: each contribution's article and who replies to whom."""

    root_id: int
    articles: dict[int, str]
    replies: dict[int, tuple[int, ...]]
    html: str

    @cached_property
    def characters(self) -> int:  # what it weighs in the store of rendered HTML
        return len(self.html) + sum(map(len, self.articles.values()))


def own_contributions(
    viewer: AnyUser | None, debate: Debate, root_id: int
) -> list[OwnContribution] | None:
    """What ``viewer`` wrote in the thread; None if they see more than the public in
    every contribution (an administrator, a role in the debate)."""
    if viewer is None or not viewer.is_authenticated:
        return []
    if is_admin(viewer) or roles_in(viewer, debate):
        return None
    rows = db.session.execute(
        db.select(Contribution.id, Contribution.status).where(
            Contribution.root_id == root_id, Contribution.author_id == viewer.id
        )
    )
    return [OwnContribution(*row) for row in rows]


def thread_html(item: Contribution, viewer: AnyUser | None) -> Markup:
    """The whole thread of ``item`` with ``item`` marked as the page's contribution."""
    debate = item.debate
    root_id = item.root_id or item.id
    kept = render_cache.store()
    own = own_contributions(viewer, debate, root_id) if kept is not None else None
    if own is None:
        return mark_current(_render_thread(item, viewer).html, item.id)
    site, thread = render_cache.tokens(render_cache.SITE, render_cache.thread_scope(root_id))
    key = (root_id, thread, site, str(get_locale()), debate.phase, questions.site_today())
    public: PublicThread | None = kept.get(key)
    if not own:
        if public is None:
            public = _render_thread(item, viewer)
            if public.root_id == root_id:  # else the root is pending: the tree is the page's
                kept.put(key, public)
        return mark_current(public.html, item.id)
    if any(c.status == Status.PENDING for c in own) or (
        public is not None and any(c.id not in public.articles for c in own)
    ):
        # Only this author sees some of their contributions (pending, or under a pending
        # one): the thread's shape is theirs alone.
        return mark_current(_render_thread(item, viewer).html, item.id)
    # Their own articles as their author sees them are the same for every visit of theirs.
    mine_keys = {c.id: (*key, "author", c.id) for c in own}
    if public is None:
        fresh = _render_thread(item, viewer)
        if fresh.root_id == root_id:  # else the root is pending: the tree is the page's
            for cid, k in mine_keys.items():
                if cid in fresh.articles:  # not if under a contribution they cannot see
                    kept.put(k, fresh.articles[cid])
        return mark_current(fresh.html, item.id)
    mine = {cid: kept.get(k) for cid, k in mine_keys.items()}
    missing = [cid for cid, html in mine.items() if html is None]
    if missing:
        rendered = _render_articles(debate, load_articles(missing), root_id, thread_locked(item))
        for cid in missing:
            mine[cid] = rendered[cid]
            kept.put(mine_keys[cid], rendered[cid])
    return mark_current(_assemble(public.root_id, public.replies, public.articles | mine), item.id)


def _render_thread(item: Contribution, viewer: AnyUser | None) -> PublicThread:
    tree = load_thread(item, viewer)
    replies: dict[int, tuple[int, ...]] = {}
    items: list[Contribution] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        items.append(node.contribution)
        if node.children:
            replies[node.contribution.id] = tuple(n.contribution.id for n in node.children)
            stack.extend(node.children)
    root_id = tree.contribution.id
    articles = _render_articles(item.debate, items, root_id, thread_locked(item))
    return PublicThread(root_id, articles, replies, _assemble(root_id, replies, articles))


def _render_articles(
    debate: Debate, items: list[Contribution], root_id: int, locked: bool
) -> dict[int, str]:
    """Each contribution's article (and a question's answer), in one template call."""
    html = render_template(
        "forum/_thread.html",
        debate=debate,
        items=items,
        root_id=root_id,
        locked=locked,
        question_views=questions.views_in_thread(items),
        article_end=ARTICLE_END,
    )
    parts = html.split(ARTICLE_END)
    if len(parts) != len(items) + 1:
        raise RuntimeError("an article of the thread holds its own end marker")
    return {c.id: part.strip() for c, part in zip(items, parts, strict=False)}


def _assemble(root_id: int, replies: dict[int, tuple[int, ...]], articles: dict[int, str]) -> str:
    """The nested lists of a thread, walked without recursion: threads can be deep."""
    opening = f'<ol class="replies" aria-label="{escape(gettext("Replies"))}">'
    out = ['<div class="thread">']
    # Each entry is an article to write or a closing tag to write once its replies are.
    todo: list[int | str] = [root_id]
    while todo:
        entry = todo.pop()
        if isinstance(entry, str):
            out.append(entry)
            continue
        out.append(articles[entry])
        children = replies.get(entry)
        if children:
            out.append(opening)
            todo.append("</ol>")
            for child in reversed(children):
                todo.extend(("</li>", child, "<li>"))
    out.append("</div>")
    return "\n".join(out)


def mark_current(html: str, contribution_id: int) -> Markup:
    """Give the page's own contribution its "current" class.

    Only the template writes ``<article class="contribution …" id="c…"``: user text is
    escaped, and sanitised bodies keep neither ``class`` nor ``id`` attributes.
    """
    marked = re.sub(
        rf'<article class="contribution (status-\w+)" id="c{contribution_id}"',
        rf'<article class="contribution current \1" id="c{contribution_id}"',
        html,
        count=1,
    )
    return Markup(marked)
