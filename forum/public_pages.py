"""Whole pages kept for visitors who are not logged in.

Most people who read a public debate never log in, and they all see the same page of a
thread. That page is kept in the worker, as the bytes sent, with the token of every scope
it shows (``forum.render_cache``): the thread, its growth, the site, and the threads of
the similar contributions beside it. A debate's front page is kept alike (the site, its
latest threads, their cards). The next visitor without an account gets it after
one query has found those tokens unchanged; a change to anything the page shows draws one
of them again, and the page is rendered afresh. Page 1 of a theme (and of a debate's list
of contributions) is kept under a key that also holds which contributions it lists, read
first in one query: a contribution that lands beyond page 1 leaves the page served. A
search page is kept alike, under its whole address and the ids the index found for it,
once it has been asked twice.

With ``PALABRE_PAGE_FOLDER`` set (``make serve`` sets it), a rendered page is also written
to that folder, where every worker of the server finds it: after a reply, one worker renders
the thread again instead of each of them. A page read from the folder is served under the
same check of its tokens. Only pages whose site token has been drawn go there: tokens are
random, so a page can never match another database's tokens (a database made again, a
restore), as it could with the zeros of scopes never drawn.

A page is kept only when every part of it said what it shows (``depends_on``), and only
for a request that nothing personal reaches: not logged in, no message waiting in the
session, no query string (but a search's, its words and filters), nothing written to the
session while rendering. The key holds the address (the page links back to itself), the
language and the day (a question becomes overdue at midnight).

The tokens a page is kept under are read *before* anything they cover, so that a change
landing while it renders leaves a page that is never served: the view names the scopes it
can tell before reading anything (a thread's, from the contribution's id), a part reads
the tokens of what it adds before reading it (the similar contributions'), and a page kept
before gives its own list when it has gone stale. Failing that, the rendering keeps the
list alone, and the next one keeps the page.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Hashable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from flask import (
    Response,
    current_app,
    g,
    has_request_context,
    render_template,
    request,
    session,
)
from flask_babel import get_locale
from flask_login import current_user

from forum import questions, render_cache

_PARTS = "public_page_parts"  # part -> the scopes it shows (None until it says)
_READ = "public_page_tokens"  # scope -> its token, read before what it covers
_LISTING = "public_page_listing"  # what a list page shows, read before (part of its key)
_LISTED = "public_page_listed"  # what the rendering showed (kept only when the same)
_QUERY_IN_KEY = "public_page_query_in_key"  # a page made of its query (a search)


@dataclass(frozen=True)
class KeptPage:
    scopes: tuple[str, ...]
    tokens: tuple[int, ...] = ()
    body: bytes | None = None  # None: only the scopes, for the next rendering

    @property
    def weight(self) -> int:  # bytes, in the store (the scopes' list about a hundred)
        return len(self.body or b"") + 100


def _store() -> render_cache.KeptStore | None:
    """This app's kept pages, or None when ``PALABRE_PAGE_CACHE_MB`` is 0 or similar
    contributions are not kept (``PALABRE_SIMILAR_SECONDS``: a page lives as long as they)."""
    config = current_app.config
    megabytes = float(config.get("PALABRE_PAGE_CACHE_MB", 8))
    seconds = float(config.get("PALABRE_SIMILAR_SECONDS", 300))
    return render_cache.kept_in_app(
        "palabre_public_pages",
        lambda: (
            render_cache.KeptStore(
                int(megabytes * 1_000_000), cost=lambda page: page.weight, seconds=seconds
            )
            if megabytes > 0 and seconds > 0
            else None
        ),
    )


class PageFolder:
    """Kept pages in a folder that all the workers of a server read and write: one file per
    page (its key, scopes, their tokens and when it expires, then the page), written under
    a name of its own and renamed into place, so that a reader finds a whole file or none.
    The folder holds at most ``budget`` bytes: every ``PRUNE_EVERY`` writes of a worker,
    the expired files go, then the oldest until it holds three quarters of it."""

    PRUNE_EVERY = 64
    SUFFIX = ".page"

    def __init__(self, path: Path, budget: int, seconds: float) -> None:
        self.path, self.budget, self.seconds = path, budget, seconds
        self._writes = count(1)

    def _file(self, key: tuple) -> Path:
        return self.path / (hashlib.sha256(repr(key).encode()).hexdigest() + self.SUFFIX)

    def get(self, key: tuple) -> KeptPage | None:
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return None
        head, newline, body = data.partition(b"\n")
        try:
            meta = json.loads(head) if newline else {}
        except ValueError:
            return None
        if meta.get("key") != repr(key) or meta.get("expires", 0) < time.time():
            return None
        return KeptPage(tuple(meta["scopes"]), tuple(meta["tokens"]), body)

    def put(self, key: tuple, page: KeptPage) -> None:
        """Write ``page`` for every worker; a folder that cannot be written keeps nothing
        (the page was served, and each worker still keeps its own)."""
        head = {
            "key": repr(key),
            "scopes": page.scopes,
            "tokens": page.tokens,
            "expires": time.time() + self.seconds,
        }
        number = next(self._writes)
        written = self.path / f".{os.getpid()}.{number}.tmp"
        target = self._file(key)
        try:
            self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
            with open(written, "xb") as out:
                out.write(json.dumps(head).encode() + b"\n" + page.body)
            # Removed first: renaming over a file makes ext4 write the new one to disk at
            # once (its auto_da_alloc), a millisecond for a page that is only a copy.
            target.unlink(missing_ok=True)
            os.rename(written, target)
        except OSError:
            with suppress(OSError):
                written.unlink()
            return
        if number % self.PRUNE_EVERY == 0:
            self.prune()

    def clear(self) -> None:
        """Remove every page of the folder."""
        try:
            with os.scandir(self.path) as entries:
                for entry in entries:
                    if entry.name.endswith(self.SUFFIX):
                        with suppress(OSError):
                            os.unlink(entry.path)
        except OSError:
            return

    def prune(self) -> None:
        now, files = time.time(), []
        try:
            with os.scandir(self.path) as entries:
                for entry in entries:
                    info = entry.stat()
                    if entry.name.endswith(self.SUFFIX):
                        files.append((info.st_mtime, info.st_size, entry.path))
                    elif info.st_mtime < now - 60:  # left by a worker stopped mid-write
                        os.unlink(entry.path)
        except OSError:
            return
        files.sort()
        total = sum(size for _mtime, size, _path in files)
        for mtime, size, path in files:
            if mtime + self.seconds >= now and total <= self.budget * 3 // 4:
                break
            try:
                os.unlink(path)
            except OSError:
                continue
            total -= size


def forget_kept_pages() -> None:
    """Drop the pages this worker keeps and the files of this server's page folder (after
    an erasure: stale since the site's token was drawn, but they still hold a pseudonym).
    Other workers' memory drops theirs as it fills; other servers' folders at their prune."""
    store = _store()
    if store is not None:
        store.clear()
    kept = render_cache.store()
    if kept is not None:
        kept.clear()
    folder = _folder()
    if folder is not None:
        folder.clear()


def _folder() -> PageFolder | None:
    """The folder shared by the server's workers (``PALABRE_PAGE_FOLDER``), or None."""
    config = current_app.config
    path = config.get("PALABRE_PAGE_FOLDER")
    megabytes = float(config.get("PALABRE_PAGE_FOLDER_MB", 256))
    seconds = float(config.get("PALABRE_SIMILAR_SECONDS", 300))
    return render_cache.kept_in_app(
        "palabre_page_folder",
        lambda: (
            PageFolder(Path(path), int(megabytes * 1_000_000), seconds)
            if path and megabytes > 0
            else None
        ),
    )


def _key() -> tuple | None:
    """This request's key, or None when the page may hold something of this visitor's."""
    if current_user.is_authenticated or not _may_keep():
        return None
    return _address()


def _may_keep() -> bool:
    """Whether this request's page may be the one kept (by anyone's rendering)."""
    return (
        request.method in ("GET", "HEAD")
        and (not request.query_string or g.get(_QUERY_IN_KEY, False))
        and "_flashes" not in session
    )


def _address() -> tuple:
    """A page's key: its address (the page links back to itself), the language, the day (a
    question becomes overdue at midnight), and for a list page the contributions it lists."""
    key = (request.url, str(get_locale()), questions.site_today())
    listing = g.get(_LISTING)
    return key if listing is None else (*key, listing)


def kept(
    *parts: str,
    scopes: Callable[[], Iterable[str]] | None = None,
    listing: Callable[[], Hashable] | None = None,
    reader_sees_public: Callable[[], bool] | None = None,
    query_in_key: bool = False,
) -> Response | None:
    """The page kept for this request, if nothing it shows has changed since. Otherwise
    the rendering that follows is recorded: each of its ``parts`` must say what it shows
    (``depends_on``) for ``keep`` to keep it. ``scopes`` gives those the view can tell
    before reading anything (from what never changes, such as a thread's root).

    A list page gives its ``listing``: which contributions it shows, read in one query
    before anything else. It is part of the page's key, so that a list that changed is
    another page (a new contribution on the last page of a theme leaves its first one
    served); the rendering must say it showed the same (``listed``) for the page to be kept.
    A page whose query string is what it is made of (a search: ``query_in_key``) is kept
    under its whole address; any other address with a query string is rendered each time.

    A logged-in reader for whom ``reader_sees_public()`` is true (they see the page as a
    visitor does, but for the header's account links) is served the visitors' page with
    their own links in it, when it is kept and fresh; nothing is recorded for them."""
    store = _store()
    if store is None:
        return None
    if query_in_key:
        g.setdefault(_QUERY_IN_KEY, True)
    if listing is not None and _may_keep():
        g.setdefault(_LISTING, listing())
    key = _key()
    if key is None:
        return _for_reader(store, reader_sees_public)
    body, stale, now = _find(store, key)
    if body is not None:
        return Response(body, mimetype="text/html")
    if stale is not None:
        first = dict(zip(stale.scopes, now, strict=True))
    else:
        expected = tuple(scopes()) if scopes is not None else ()
        first = dict(zip(expected, render_cache.tokens(*expected), strict=True))
    read = g.setdefault(_READ, {})
    for scope, token in first.items():
        read.setdefault(scope, token)  # the earliest reading counts (``read_first``)
    g.setdefault(_PARTS, {part: None for part in parts})
    return None


def read_first(*scopes: str) -> None:
    """Read the tokens of ``scopes`` now, for a visitor's page whose view must read what
    they cover before it can tell which page it is (a search reads the debates and themes
    its form offers): the page it renders is kept under these (if it is kept at all)."""
    if _store() is not None and not current_user.is_authenticated:
        read = g.setdefault(_READ, {})
        for scope, token in zip(scopes, render_cache.tokens(*scopes), strict=True):
            read.setdefault(scope, token)


def _find(store: render_cache.KeptStore, key: tuple) -> tuple[bytes | None, KeptPage | None, tuple]:
    """The page kept under ``key`` if nothing it shows has changed (its bytes); else the
    page found stale, if any, and the tokens its scopes have now."""
    folder = _folder()
    page: KeptPage | None = store.get(key)
    from_folder = False
    if folder is not None and (page is None or page.body is None):
        found = folder.get(key)
        if found is not None:
            page, from_folder = found, True
    if page is None:
        return None, None, ()
    now = render_cache.tokens(*page.scopes)
    if page.body is not None and now == page.tokens:
        if from_folder:
            store.put(key, page)
        return page.body, None, now
    if folder is not None and page.body is not None and not from_folder:
        # Stale in this worker: another one may have rendered it since.
        found = folder.get(key)
        if found is not None and (found.scopes, found.tokens) == (page.scopes, now):
            store.put(key, found)
            return found.body, None, now
    return None, page, now


_ACCOUNT_START, _ACCOUNT_END = b"<!--account-->", b"<!--/account-->"


def _for_reader(
    store: render_cache.KeptStore, sees_public: Callable[[], bool] | None
) -> Response | None:
    """The visitors' page for a logged-in reader who sees it as they do, with the header's
    account links rendered for them (written between markers in ``base.html``, before
    anything a participant wrote)."""
    if sees_public is None or not current_user.is_authenticated or not _may_keep():
        return None
    body, _stale, _now = _find(store, _address())
    if body is None or not sees_public():  # asked only when a fresh page is there
        return None
    start = body.find(_ACCOUNT_START)
    end = body.find(_ACCOUNT_END, start) if start >= 0 else -1
    if end < 0:
        return None
    menu = render_template("_account_menu.html").encode()
    return Response(body[: start + len(_ACCOUNT_START)] + menu + body[end:], mimetype="text/html")


def page_tokens(*scopes: str) -> tuple[int, ...]:
    """``render_cache.tokens``, answered from those this page read before anything when it
    has them all (one statement fewer; a token read earlier can only be older than the
    content rendered under it, which is never served stale)."""
    read = g.get(_READ) if has_request_context() else None
    if read and all(scope in read for scope in scopes):
        return tuple(read[scope] for scope in scopes)
    return render_cache.tokens(*scopes)


def depends_on(part: str, scopes: Iterable[str], tokens: Iterable[int] | None = None) -> None:
    """Say that ``part`` of the page being rendered shows what ``scopes`` cover, with their
    ``tokens`` if it read them before what they cover (nothing happens for a page that is
    not being kept)."""
    parts = g.get(_PARTS)
    if parts is None or part not in parts:
        return
    scopes = tuple(scopes)
    parts[part] = (parts[part] or set()) | set(scopes)
    if tokens is not None:
        read = g.get(_READ)
        for scope, token in zip(scopes, tokens, strict=True):
            read.setdefault(scope, token)  # the earliest reading counts


def depends_on_contributions(part: str, ids: list[int]) -> None:
    """``part`` shows these contributions (if the visitor may see them): it shows what
    their threads' scopes cover. Called before they are read."""
    parts = g.get(_PARTS)
    if parts is None or part not in parts:
        return
    scopes = render_cache.thread_scopes_of(ids)
    depends_on(part, scopes, render_cache.tokens(*scopes) if scopes else ())


def listed(listing: Hashable) -> None:
    """Say which contributions the list page being rendered shows (as its view's
    ``listing`` tells them)."""
    g.setdefault(_LISTED, listing)


def keep(html: str) -> str:
    """Keep the rendered page for the next visitor without an account, if every part of
    it said what it shows (and a list page showed the list its key holds); return it."""
    parts, read = g.pop(_PARTS, None), g.pop(_READ, None)
    store, key = _store(), _key()
    if parts is None or store is None or key is None or session.modified:
        return html
    if g.get(_LISTING) is not None and g.get(_LISTED) != g.get(_LISTING):
        return html  # the list changed while the page was read: the next view keeps it
    if any(scopes is None for scopes in parts.values()):
        return html
    shown = tuple(sorted(set().union(*parts.values())))
    # A search's page is kept from its second rendering in a worker: one asked once (a
    # crawler's, a typo) leaves a hundred bytes in the store instead of the page.
    asked_before = not g.get(_QUERY_IN_KEY, False) or store.get(key) is not None
    if asked_before and all(scope in read for scope in shown):
        page = KeptPage(shown, tuple(read[s] for s in shown), html.encode())
        store.put(key, page)
        folder = _folder()
        if folder is not None and read.get(render_cache.SITE):
            folder.put(key, page)
    else:
        store.put(key, KeptPage(shown))  # the next rendering reads their tokens first
    return html
