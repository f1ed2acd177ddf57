"""The cards of a list page (a theme, a debate), each kept like a thread.

A card shows a published contribution: its title, author, date, themes, tags and the
start of its text. It is the same for every reader except that the debate's staff also
see curation tags, so it is kept (``forum.render_cache``) under the tokens of its thread
and of the site, the language, the heading level and whether the reader is staff. Only the
cards not kept are given their authors, themes and tags and rendered.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

from forum import public_pages, render_cache
from forum.contributions import load_details
from forum.extensions import db
from forum.models import Contribution, Debate
from forum.permissions import is_staff, may_read_words


def cards_html(items: list[Contribution], viewer, heading: str = "h3") -> Markup:
    """The cards of ``items`` in their order, each from the store or rendered now."""
    card = _macro("card")
    shown = kept_parts(
        items, viewer, "cards", ("card", heading), lambda item: str(card(item, heading=heading))
    )
    return Markup("".join(shown[item.id] for item in items))


def result_parts(items: list[Contribution], viewer) -> dict[int, tuple[Markup, Markup]]:
    """What a search result shows besides its marked title and excerpt: the line under its
    title (kind, author, date, debate) and its themes and tags, kept like cards."""
    meta, theme_links, tag_labels = _macro("meta"), _macro("theme_links"), _macro("tag_labels")
    shown = kept_parts(
        items,
        viewer,
        "results",
        ("search result",),
        lambda item: (
            str(meta(item, show_debate=True)),
            str(theme_links(item)) + str(tag_labels(item)),
        ),
    )
    return {cid: (Markup(head), Markup(labels)) for cid, (head, labels) in shown.items()}


def kept_parts(items: list[Contribution], viewer, part: str, kind: tuple, render) -> dict:
    """``render(item)`` for each of ``items``, by id, from the store or rendered now: kept
    under the tokens of its thread and of the site, the language, ``kind`` and whether the
    reader is staff of its debate. Only the items not kept are given their authors, themes
    and tags. ``part`` names them for a whole page kept for visitors (``public_pages``)."""
    if not items:
        public_pages.depends_on(part, ())
        return {}
    kept = render_cache.store()
    staff = _staff_by_debate(items, viewer)
    keys: dict[int, tuple] = {}
    shown: dict[int, Any] = {}
    scope_of = {item.id: render_cache.thread_scope(item.root_id or item.id) for item in items}
    scopes = sorted(set(scope_of.values()))
    if kept is None:
        public_pages.depends_on(part, (render_cache.SITE, *scopes))
    else:
        # Those the page read before anything, when it did (a search's, a stale page's).
        site, *threads = public_pages.page_tokens(render_cache.SITE, *scopes)
        # A whole page kept for visitors (a debate's front page) follows these parts.
        public_pages.depends_on(part, (render_cache.SITE, *scopes), (site, *threads))
        token_of = dict(zip(scopes, threads, strict=True))
        locale = str(get_locale())
        for item in items:
            token = token_of[scope_of[item.id]]
            # Whether this reader may read its words: a masked or pending card's words
            # are its author's and the staff's, never kept for anyone else.
            key = (
                *kind,
                item.id,
                token,
                site,
                locale,
                staff[item.debate_id],
                may_read_words(viewer, item),
            )
            keys[item.id] = key
            found = kept.get(key)
            if found is not None:
                shown[item.id] = found
    missing = [item for item in items if item.id not in shown]
    if missing:
        load_details(missing)
        helpers = current_app.jinja_env.globals.get("moderation")
        if helpers is not None:
            helpers.list_tags(missing)  # their tags, in one query
        for item in missing:
            shown[item.id] = value = render(item)
            if kept is not None:
                kept.put(keys[item.id], value)
    return shown


def _macro(name: str):
    return getattr(current_app.jinja_env.get_template("_macros.html").module, name)


def _staff_by_debate(items: list[Contribution], viewer) -> dict[int, bool]:
    return {
        debate_id: is_staff(viewer, db.session.get(Debate, debate_id))
        for debate_id in {item.debate_id for item in items}
    }
