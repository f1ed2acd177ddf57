"""A thread as HTML: rendered once for the public, kept until something in it changes.

Most readers of a thread see exactly what an anonymous visitor sees. Staff, the project
owner and the committee see more in every contribution (pending or masked words, tools):
they get the thread rendered afresh. People who wrote in the thread see more only in
their own contributions (masked words, a contest link, no "report" link): they get the
kept public thread with their own contributions rendered afresh in it.

The public thread's articles are kept under the thread's and the site's tokens
(``forum.render_cache``), the language, the debate's phase and the day (a question becomes
overdue at midnight); the thread put together from them is kept under its growth token
too. A new reply draws only that one: the next reader gets the kept articles, the new one
rendered, and the tree read from the contributions' ids. One template makes every
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

from forum import public_pages, questions, render_cache
from forum.contributions import load_articles, load_thread, thread_locked, thread_shape
from forum.extensions import db
from forum.models import Contribution, Debate, DebateRole, Status
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
    def weight(self) -> int:  # bytes, in the store of rendered HTML
        return render_cache.weight(self.html) + render_cache.weight(self.articles)

    @cached_property
    def ids(self) -> frozenset[int]:
        """The contributions in the tree."""
        return frozenset((self.root_id, *(c for kids in self.replies.values() for c in kids)))


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


def _theirs_in_thread_statement():
    theirs = db.aliased(Contribution)
    return db.select(
        db.exists().where(
            DebateRole.user_id == db.bindparam("viewer_id"),
            DebateRole.debate_id == Contribution.debate_id,
        ),
        db.exists().where(
            theirs.root_id == db.func.coalesce(Contribution.root_id, Contribution.id),
            theirs.author_id == db.bindparam("viewer_id"),
        ),
    ).where(Contribution.id == db.bindparam("contribution_id"))


# Built once: a reader's page served from the visitors' asks it at every view.
_THEIRS_IN_THREAD = _theirs_in_thread_statement()


def reader_sees_public_thread(contribution_id: int, viewer: AnyUser | None) -> bool:
    """Whether a logged-in ``viewer`` sees the page of ``contribution_id`` as a visitor
    does: no role in its debate, not an administrator, nothing of theirs in its thread
    (``own_contributions`` in one statement)."""
    if viewer is None or not viewer.is_authenticated or is_admin(viewer):
        return False
    row = db.session.execute(
        _THEIRS_IN_THREAD, {"viewer_id": viewer.id, "contribution_id": contribution_id}
    ).first()
    return row is not None and not row[0] and not row[1]


def thread_html(item: Contribution, viewer: AnyUser | None) -> Markup:
    """The whole thread of ``item`` with ``item`` marked as the page's contribution."""
    debate = item.debate
    root_id = item.root_id or item.id
    kept = render_cache.store()
    own = own_contributions(viewer, debate, root_id) if kept is not None else None
    if own is None:  # staff and the like see more in every contribution
        return mark_current(_render_thread(item, viewer).html, item.id)
    scopes = _scopes(root_id)
    site, content, growth = public_pages.page_tokens(*scopes)
    public_pages.depends_on("thread", scopes)
    if any(c.status == Status.PENDING for c in own):
        # Only this author sees it: the thread's shape is theirs alone.
        return mark_current(_render_thread(item, viewer).html, item.id)
    context = (root_id, content, site, str(get_locale()), debate.phase, questions.site_today())
    own_ids = {c.id for c in own}
    public = _public_thread(item, viewer, kept, context, growth, own_ids)
    if public is None or not own_ids <= public.ids:
        # The root is pending (the tree is the page's), or the public's articles are not
        # kept, or one of theirs hangs under a contribution they cannot see.
        fresh = _render_thread(item, viewer)
        if own and fresh.root_id == root_id:
            for cid in own_ids & fresh.ids:
                kept.put((*context, "author", cid), fresh.articles[cid])
            # Without a pending contribution of theirs, they see the public's tree, and
            # every article but their own as the public does: kept for the next reader.
            if kept.get(_articles_key(context)) is None:
                others = {k: v for k, v in fresh.articles.items() if k not in own_ids}
                kept.put(_articles_key(context), others)
        return mark_current(fresh.html, item.id)
    if not own:
        return mark_current(public.html, item.id)
    # Their own articles as their author sees them are the same for every visit of theirs.
    mine_keys = {c.id: (*context, "author", c.id) for c in own}
    mine = {cid: kept.get(k) for cid, k in mine_keys.items()}
    missing = [cid for cid, html in mine.items() if html is None]
    if missing:
        rendered = _render_articles(debate, load_articles(missing), root_id, thread_locked(item))
        for cid in missing:
            mine[cid] = rendered[cid]
            kept.put(mine_keys[cid], rendered[cid])
    return mark_current(_assemble(public.root_id, public.replies, public.articles | mine), item.id)


def _scopes(root_id: int) -> tuple[str, str, str]:
    return (
        render_cache.SITE,
        render_cache.thread_scope(root_id),
        render_cache.growth_scope(root_id),
    )


def page_scopes(contribution_id: int) -> tuple[str, ...]:
    """The scopes the thread of ``contribution_id`` shows, told from its id alone (a
    contribution never changes thread); none if there is no such contribution."""
    root = db.session.scalar(
        db.select(db.func.coalesce(Contribution.root_id, Contribution.id)).where(
            Contribution.id == contribution_id
        )
    )
    return _scopes(root) if root is not None else ()


def _public_thread(
    item: Contribution,
    viewer: AnyUser | None,
    kept: render_cache.KeptStore,
    context: tuple,
    growth: int,
    own_ids: set[int],
) -> PublicThread | None:
    """The thread as the public sees it: kept, or put together from the kept articles
    and the ones added since (a reply changes no other article), or rendered whole. For
    an author (``own_ids``), their articles may be left out (then ``html`` is empty); None
    when the public's articles are not kept and only the author's rendering would give them."""
    key = ("thread", *context, growth)
    public: PublicThread | None = kept.get(key)
    if public is not None:
        return public
    articles_key = _articles_key(context)
    articles: dict[int, str] | None = kept.get(articles_key)
    if articles is None:
        if own_ids:
            return None
        public = _render_thread(item, viewer)
        if public.root_id != (item.root_id or item.id):
            return public  # the root is pending: the tree is the page's, not kept
    else:
        shape = public_shape(public_root := context[0])
        if shape is None:
            return None
        order, replies = shape
        # An author's own articles come from what is kept for them, never rendered by
        # them as the public's.
        missing = [cid for cid in order if cid not in articles and cid not in own_ids]
        if missing:
            rendered = _render_articles(
                item.debate, load_articles(missing), public_root, thread_locked(item)
            )
            articles = articles | rendered
        if not all(cid in articles for cid in order):  # the author's page only
            kept.put(articles_key, articles)
            return PublicThread(public_root, articles, replies, "")
        public = PublicThread(
            public_root, articles, replies, _assemble(public_root, replies, articles)
        )
    kept.put(articles_key, public.articles)
    kept.put(key, public)
    return public


def _articles_key(context: tuple) -> tuple:
    """Where the public's articles of a thread are kept (whatever replies came since)."""
    return ("articles", *context)


def public_shape(root_id: int) -> tuple[list[int], dict[int, tuple[int, ...]]] | None:
    """The contributions of the thread the public sees, in the order of the page, and who
    replies to whom, read from their ids alone; None if the root itself is pending. The
    same tree as ``load_thread`` gives a reader who wrote nothing in it."""
    rows = db.session.execute(
        db.select(Contribution.id, Contribution.parent_id, Contribution.status)
        .where(Contribution.root_id == root_id)
        .order_by(Contribution.created_at, Contribution.id)
    ).all()
    visible = {cid: parent for cid, parent, status in rows if status != Status.PENDING}
    return thread_shape(visible, root_id) if root_id in visible else None


def _render_thread(item: Contribution, viewer: AnyUser | None) -> PublicThread:
    thread = load_thread(item, viewer)
    top_id = thread.top.id
    articles = _render_articles(item.debate, thread.items, top_id, thread_locked(item))
    return PublicThread(
        top_id, articles, thread.replies, _assemble(top_id, thread.replies, articles)
    )


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
