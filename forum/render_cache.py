"""Rendered HTML kept between requests, under keys that change with what it shows.

A thread page spends most of its time in its templates. What it shows the public is the
same for every reader until something in the thread changes, so the rendered tree is kept
in the worker (a bounded LRU of bytes) under a key made of *tokens* read from the database:
one for the thread and one for the whole site. Every transaction that changes something a
thread shows draws a new random token for it, in the same transaction (SQLAlchemy session
events below), so a kept page is never served after the change: its key is no longer asked
for. Nothing has to be told to forget; several workers and servers agree through the
database; a restored backup brings back its own tokens with its own content.

What changes which token:

- a contribution, its photos or its tags: the token of its thread (and of the thread of
  the contribution it duplicates, whose root lists it);
- a new thread, or a change to a thread's first contribution: also the *latest* token of
  its debate (its front page lists the latest threads);
- a new contribution (a reply, mostly) and its photos: the *growth* token of its thread
  only. It adds its own article and changes no other, so the articles already rendered
  stay good and only the tree is put together again (``forum.thread_page``);
- a question's answer file: the token of the question's thread and the ``answers`` token
  (the owner's figures);
- a pseudonym, an erasure, a deleted contribution, the debate, its themes, the tag
  vocabulary, published answer versions, documents, published reports and anything not
  listed as irrelevant: the site's token (rare changes: every kept page is dropped);
- a statement that writes many rows at once (``session.execute(update(...))``, imports):
  the site's token, whatever the table, unless the table is irrelevant.

Tokens are random rather than counted so that a number is never drawn twice for different
content (a counter would start again from a restored backup's values).
"""

from __future__ import annotations

import math
import secrets
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from forum.extensions import db, upsert
from forum.models import Contribution, ContributionPhoto, RenderToken, User

SITE = "site"
ANSWERS = "answers"  # the owner's figures on the questions page (forum.questions)

# Tables whose rows no kept page shows: writing them leaves every token as it is.
IRRELEVANT_TABLES = frozenset(
    {
        "render_tokens",
        "index_tasks",
        "search_documents",
        "similar_lists",  # ids only: each view reads the contributions again
        "notifications",
        "notification_preferences",
        "outgoing_mails",
        "erasures",
        "debate_roles",  # who sees the kept pages is decided per request, not kept
        "flags",
        "moderation_journal",
        "answer_events",
        "meeting_contributions",
        "report_sections",
        "report_section_revisions",
        "report_set_asides",
        "weak_signal_candidates",
        "weak_signal_decisions",
        "argument_positions",
        "profile_snapshots",
    }
)

# What a person's row shows on a page: their pseudonym, and whether they erased themselves.
USER_SHOWN = ("pseudonym", "erased_at")

_PENDING = "render_scopes"
_INSERTED = "render_inserted"  # ids of the contributions inserted in this transaction


def thread_scope(root_id: int) -> str:
    """What the thread's contributions show (their articles, their cards)."""
    return f"thread:{root_id}"


def thread_scopes_of(ids: Iterable[int]) -> list[str]:
    """The scopes of the threads these contributions belong to, sorted (one query)."""
    ids = list(ids)
    if not ids:
        return []
    rows = db.session.execute(
        select(Contribution.id, Contribution.root_id).where(Contribution.id.in_(ids))
    )
    return sorted({thread_scope(root or cid) for cid, root in rows})


def growth_scope(root_id: int) -> str:
    """Which contributions the thread holds: drawn again when one is added."""
    return f"thread-growth:{root_id}"


def latest_scope(debate_id: int) -> str:
    """Which threads a debate's front page lists as its latest: drawn again when a thread
    starts or a thread's first contribution changes (published, masked)."""
    return f"debate-latest:{debate_id}"


# --- Reading tokens ---------------------------------------------------------------------


# Built once: every kept page asks it (a list of scopes bound at each call).
_TOKENS = select(RenderToken.scope, RenderToken.token).where(
    RenderToken.scope.in_(bindparam("scopes", expanding=True))
)


def tokens(*scopes: str) -> tuple[int, ...]:
    """The current token of each scope (0 for a scope nothing has changed yet), in one
    query."""
    rows = dict(db.session.execute(_TOKENS, {"scopes": list(scopes)}).all())
    return tuple(rows.get(scope, 0) for scope in scopes)


def touch(session: Session, *scopes: str) -> None:
    """Say that what ``scopes`` show changes in this transaction (written at commit)."""
    session.info.setdefault(_PENDING, set()).update(scopes)


_UPSERTS = {
    name: upsert(name, RenderToken, RenderToken.__table__.c.scope)
    for name in ("postgresql", "sqlite")
}


def write_tokens(connection, scopes: Iterable[str]) -> None:
    """Draw a new token for each scope, in a fixed order (two transactions touching the
    same scopes wait for each other rather than deadlock)."""
    rows = [{"scope": scope, "token": secrets.randbits(62)} for scope in sorted(scopes)]
    if rows:
        connection.execute(_UPSERTS[connection.dialect.name], rows)


# --- Which scopes a flush changes ---------------------------------------------------------


def _root_of(session: Session, contribution_id: int | None, roots: dict[int, int]) -> None:
    """Record the thread root of ``contribution_id`` in ``roots`` (identity map first)."""
    if contribution_id is None or contribution_id in roots:
        return
    known = session.identity_map.get(identity_key(Contribution, contribution_id))
    if known is not None and known.id is not None:
        roots[contribution_id] = known.root_id or known.id
    else:
        roots[contribution_id] = 0  # looked up below, in one query for the flush


def _scopes_of_flush(session: Session) -> set[str]:
    scopes: set[str] = set()
    roots: dict[int, int] = {}  # contributions whose articles change, and their roots
    grown: dict[int, int] = {}  # contributions new in this transaction, and their roots
    # (rows no other transaction has seen yet: no kept article shows them)
    inserted: set[int] = session.info.setdefault(_INSERTED, set())
    inserted.update(obj.id for obj in session.new if isinstance(obj, Contribution))
    changed = [(obj, False) for obj in session.new]
    changed += [(obj, False) for obj in session.dirty if session.is_modified(obj)]
    changed += [(obj, True) for obj in session.deleted]
    for obj, deleted in changed:
        table = getattr(obj, "__tablename__", None)
        if table in IRRELEVANT_TABLES:
            continue
        if isinstance(obj, User):
            if obj in session.new:
                continue  # a new account shows nowhere until it writes
            state = inspect(obj)
            if deleted or any(state.attrs[name].history.has_changes() for name in USER_SHOWN):
                scopes.add(SITE)
        elif isinstance(obj, Contribution):
            if deleted:  # its replies and duplicates elsewhere lose their link to it
                scopes.add(SITE)
                continue
            (grown if obj.id in inserted else roots)[obj.id] = obj.root_id or obj.id
            if obj.parent_id is None and obj.debate_id is not None:
                scopes.add(latest_scope(obj.debate_id))
            history = inspect(obj).attrs.duplicate_of_id.history
            for original in {obj.duplicate_of_id, *history.deleted}:
                _root_of(session, original, roots)
        elif table == "answers":
            # A question's answer file (made when the question is published, then the
            # owner's drafts and publications): its question's article, the owner's figures.
            scopes.add(ANSWERS)
            _root_of(session, obj.question_id, grown if obj.question_id in inserted else roots)
        elif isinstance(obj, ContributionPhoto) and obj.contribution_id in inserted:
            _root_of(session, obj.contribution_id, grown)
        elif isinstance(obj, ContributionPhoto) or table in ("contribution_tags", "contests"):
            # (a contest takes the "contest" link off its author's own article)
            _root_of(session, obj.contribution_id, roots)
        else:
            scopes.add(SITE)
    unknown = [cid for cid, root in (roots | grown).items() if not root]
    if unknown:
        rows = session.connection().execute(
            select(Contribution.id, Contribution.root_id).where(Contribution.id.in_(unknown))
        )
        found = {cid: root for cid, root in rows}
        for known in (roots, grown):
            known.update({cid: found[cid] or cid for cid in known if cid in found})
    scopes.update(thread_scope(root) for root in roots.values() if root)
    scopes.update(growth_scope(root) for root in grown.values() if root)
    return scopes


def _after_flush(session: Session, flush_context) -> None:
    scopes = _scopes_of_flush(session)
    if scopes:
        touch(session, *scopes)


def _after_bulk_statement(state) -> None:
    """``session.execute(insert/update/delete(...))`` bypasses the flush: the site's token."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in IRRELEVANT_TABLES:
        touch(state.session, SITE)


def _before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this hook: its changes count too
    session.info.pop(_INSERTED, None)
    scopes = session.info.pop(_PENDING, None)
    if scopes:
        write_tokens(session.connection(), scopes)


def _after_rollback(session: Session, previous_transaction=None) -> None:
    # A savepoint rolled back leaves the changes flushed before it: their scopes stay.
    if previous_transaction is not None and previous_transaction.nested:
        return
    session.info.pop(_PENDING, None)
    session.info.pop(_INSERTED, None)


def install() -> None:
    """Listen to every session of ``db`` (once, however many apps are created)."""
    hooks = (
        ("after_flush", _after_flush),
        ("do_orm_execute", _after_bulk_statement),
        ("before_commit", _before_commit),
        ("after_soft_rollback", _after_rollback),
    )
    for name, hook in hooks:
        if not event.contains(db.session, name, hook):
            event.listen(db.session, name, hook)


def touch_site_now() -> None:
    """For writers that bypass the session (bulk loads, restores): drop every kept page."""
    with db.engine.begin() as connection:
        write_tokens(connection, [SITE])


# --- The kept HTML -------------------------------------------------------------------------


class KeptStore:
    """What a worker keeps between requests: a least-recently-used map bounded by the total
    ``cost`` of its values (their ``len`` by default; bytes of memory for rendered HTML, one
    per entry for ids and figures), each value dropped after ``seconds`` if given. Used for
    rendered HTML, similar ids, the owner's figures."""

    def __init__(
        self,
        budget: int,
        *,
        cost: Callable[[Any], int] = len,
        seconds: float | None = None,
    ) -> None:
        self.budget = budget
        self.cost = cost
        self.seconds = seconds
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, value: Any) -> None:
        cost = self.cost(value)
        if cost > self.budget // 4:  # one huge thread must not empty the store
            return
        expires = time.monotonic() + self.seconds if self.seconds is not None else math.inf
        with self._lock:
            self._drop(key)
            self._items[key] = (expires, value)
            self.size += cost
            while self.size > self.budget:
                self._drop(next(iter(self._items)))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0

    def _drop(self, key: Hashable) -> None:
        found = self._items.pop(key, None)
        if found is not None:
            self.size -= self.cost(found[1])


def kept_in_app(name: str, make: Callable[[], KeptStore | None]) -> KeptStore | None:
    """The app's store called ``name``, made on first use; None when ``make`` says it is
    turned off."""
    found = current_app.extensions.get(name)
    if found is None:
        found = current_app.extensions[name] = make() or False
    return found or None


def weight(value: Any) -> int:
    """The memory a kept value takes, in bytes: a string (Python gives each of its
    characters one to four bytes, by the widest of them: a French apostrophe makes it two),
    a dict of strings, a list or tuple and what it holds, an object saying what it weighs,
    or anything else as Python sizes it (a NumPy array counts its data)."""
    if isinstance(value, dict):
        return sum(map(sys.getsizeof, value.values()))
    if isinstance(value, list | tuple):
        return sys.getsizeof(value) + sum(map(weight, value))
    own = getattr(value, "weight", None)
    return own if isinstance(own, int) else sys.getsizeof(value)


def store() -> KeptStore | None:
    """This app's rendered HTML, or None when ``PALABRE_RENDER_CACHE_MB`` is 0."""
    megabytes = float(current_app.config.get("PALABRE_RENDER_CACHE_MB", 32))
    return kept_in_app(
        "palabre_rendered",
        lambda: KeptStore(int(megabytes * 1_000_000), cost=weight) if megabytes > 0 else None,
    )
