"""Visitors' pages revalidated over HTTP, from the render tokens of what they show.

Most people who read a public debate never log in, and they all see the same page. For
them a page carries an ``ETag`` made of the tokens of everything it shows
(``forum/render_tokens.py``), the address, the language and the day (a question becomes
overdue at midnight), with ``Cache-Control: public, no-cache``: a browser, or a shared
cache in front of the site (``deploy/nginx-palabre.conf``, told by ``X-Accel-Expires``),
may keep the page but must ask each time. When what it holds is still current, the answer
is ``304 Not Modified``, found with one query for the tokens and nothing rendered.

The view reads the tokens *before* anything they cover: a change landing while the page
renders makes a tag that is already stale, never a stale page under a fresh tag.

Pages for a logged-in reader, or for a visitor with a message waiting in the session,
carry no tag: they are their reader's own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Response, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user

from forum import render_tokens


def for_visitors() -> bool:
    """Whether this request sees the page every visitor sees."""
    return not current_user.is_authenticated and not session.get("_flashes")


def _etag(scopes: Iterable[str], listed: Iterable[object]) -> str:
    scopes = sorted(set(scopes))
    tokens = render_tokens.tokens(*scopes)
    day = datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    parts = [request.full_path, str(get_locale()), day.isoformat(), *scopes]
    parts += [str(token) for token in tokens]
    parts += [repr(item) for item in listed]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def not_modified(scopes: Iterable[str], listed: Iterable[object] = ()) -> Response | None:
    """For a visitor, ``304 Not Modified`` if they hold the page as it is now (the page
    shows ``scopes``, and the items ``listed``); None when the page must be rendered.
    Either way the page's tag is remembered for ``tagged``."""
    if not for_visitors():
        return None
    g.visitor_etag = tag = _etag(scopes, listed)
    if not request.if_none_match.contains_weak(tag):
        return None
    response = current_app.response_class(status=304)
    _describe(response, tag)
    return response


def tagged(html: str) -> Response:
    """The rendered page, with its tag when ``not_modified`` gave it one."""
    response = make_response(html)
    tag = g.get("visitor_etag")
    if tag is not None and for_visitors():
        _describe(response, tag)
    return response


def _describe(response: Response, tag: str) -> None:
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.no_cache = True  # kept, but asked again each time
    response.vary.add("Cookie")
    # For nginx's proxy_cache (deploy/nginx-palabre.conf): keep the page, but as expired
    # from the start (an absolute date in 1970), so that every request is revalidated with
    # this tag. "X-Accel-Expires: 0" or "proxy_cache_valid 0s" would not keep it at all,
    # and any window of validity would serve a changed page stale. nginx never passes this
    # header on to the browser.
    response.headers["X-Accel-Expires"] = "@1"
