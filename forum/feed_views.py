"""Atom feeds of a debate's latest contributions, and of one theme's."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext as _

from forum import debates, feeds
from forum.contributions import list_contributions
from forum.errors import NotFound
from forum.models import Contribution, Debate
from forum.pagination import Ordering
from forum.visible_text import first_words, public_text
from forum.web import debate_or_404

bp = Blueprint("feeds", __name__)

FEED_SIZE = 50


def _atom(body: bytes) -> Response:
    response = Response(body, mimetype="application/atom+xml")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _contribution_entries(items) -> list[feeds.Entry]:
    entries = []
    for item in items:
        # A feed is read by anyone: only words the public may read, whatever the list held.
        text = public_text(item)
        if text.withheld:
            continue
        link = url_for("forum.contribution", contribution_id=item.id, _external=True)
        entries.append(
            feeds.Entry(
                id=link,
                # An untitled reply is named by its first words, as in notifications.
                title=text.title or first_words(text.body_html) or _("Reply in the debate"),
                link=link + f"#c{item.id}",
                updated=item.published_at or item.created_at,
                published=item.published_at or item.created_at,
                author=item.author.pseudonym if item.author else _("deleted participant"),
                content_html=text.body_html,
            )
        )
    return entries


def _latest(debate: Debate, theme=None) -> list[Contribution]:
    return list_contributions(debate, Ordering("newest"), theme=theme, per_page=FEED_SIZE).items


@bp.get("/debates/<slug>/feed.atom")
def debate_feed(slug: str):
    """The latest contributions of a debate, as an Atom feed."""
    debate = debate_or_404(slug)
    body = feeds.build_feed(
        feed_id=url_for("forum.debate", slug=debate.slug, _external=True),
        title=debate.title,
        subtitle=_("Latest contributions to the debate"),
        self_url=request.url,
        alternate_url=url_for("forum.debate_contributions", slug=debate.slug, _external=True),
        entries=_contribution_entries(_latest(debate)),
        fallback_updated=debate.created_at,
    )
    return _atom(body)


@bp.get("/debates/<slug>/themes/<theme_slug>/feed.atom")
def theme_feed(slug: str, theme_slug: str):
    """The latest contributions under one theme, as an Atom feed."""
    debate = debate_or_404(slug)
    try:
        theme = debates.get_theme(debate, theme_slug)
    except NotFound:
        abort(404)
    body = feeds.build_feed(
        feed_id=url_for("forum.theme", slug=debate.slug, theme_slug=theme.slug, _external=True),
        title=f"{theme.name} — {debate.title}",
        subtitle=_("Latest contributions on this theme"),
        self_url=request.url,
        alternate_url=url_for(
            "forum.theme", slug=debate.slug, theme_slug=theme.slug, _external=True
        ),
        entries=_contribution_entries(_latest(debate, theme)),
        fallback_updated=debate.created_at,
    )
    return _atom(body)
