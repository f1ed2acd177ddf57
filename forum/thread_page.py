"""A thread as HTML: rendered once for the public, kept until something in it changes.

Most readers of a thread see exactly what an anonymous visitor sees; only staff, the
project owner, the committee and people who wrote in the thread see more (pending or
masked words, their own links, tools). For the former the rendered tree is kept under
the thread's and the site's tokens (``forum.render_cache``), the language, the debate's
phase and the day (a question becomes overdue at midnight); the others get it rendered
afresh. Either way the same template makes it.
"""

from __future__ import annotations

import re

from flask import render_template
from flask_babel import get_locale
from markupsafe import Markup

from forum import questions, render_cache
from forum.contributions import load_thread, thread_locked
from forum.extensions import db
from forum.models import Contribution, Debate
from forum.permissions import AnyUser, is_admin, roles_in


def sees_public_view(viewer: AnyUser | None, debate: Debate, root_id: int) -> bool:
    """Does this viewer see the thread exactly as an anonymous visitor does?"""
    if viewer is None or not viewer.is_authenticated:
        return True
    if is_admin(viewer) or roles_in(viewer, debate):
        return False
    wrote_here = db.session.scalar(
        db.select(Contribution.id)
        .where(Contribution.root_id == root_id, Contribution.author_id == viewer.id)
        .limit(1)
    )
    return wrote_here is None


def thread_html(item: Contribution, viewer: AnyUser | None) -> Markup:
    """The whole thread of ``item`` with ``item`` marked as the page's contribution."""
    debate = item.debate
    root_id = item.root_id or item.id
    kept = render_cache.store()
    key = None
    if kept is not None and sees_public_view(viewer, debate, root_id):
        site, thread = render_cache.tokens(render_cache.SITE, render_cache.thread_scope(root_id))
        key = (root_id, thread, site, str(get_locale()), debate.phase, questions.site_today())
        html = kept.get(key)
        if html is not None:
            return mark_current(html, item.id)
    tree = load_thread(item, viewer)
    html = render_template(
        "forum/_thread.html",
        debate=debate,
        thread=tree,
        locked=thread_locked(item),
        question_views=questions.views_for_thread(tree),
    )
    if key is not None:
        kept.put(key, html)
    return mark_current(html, item.id)


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
