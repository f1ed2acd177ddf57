"""Render tokens: a random number per scope of what pages show, redrawn with every change.

A visitor's page is the same for every visitor until something it shows changes. Each
scope of what pages show (a thread, a debate's latest threads, the whole site) has a token
in the ``render_tokens`` table, which session events below draw again *in the very
transaction that changes it*, so two workers, two servers, or a restored backup always
agree. ``forum/revalidation.py`` makes a page's ``ETag`` from the tokens of what it shows,
read before the page is rendered: a browser or a shared cache that holds the page under
that tag gets ``304 Not Modified``, and a page is never revalidated after a change.

What changes which token:

- a contribution, its photos, and rows that packages register with ``redraw_thread_on``
  (its tags, its contests, a question's answer file): the token of its thread (and of
  the thread of the contribution it duplicates, whose root lists it);
- a new thread, or a change to a thread's first contribution: also the *latest* token of
  its debate (its front page lists the latest threads);
- a pseudonym, an erasure, a deleted contribution, and every other table — unless its
  package declared it shown on no page (``shown_on_no_page``): the site's token;
- a statement that writes many rows at once (``session.execute(update(...))``, imports):
  the site's token, whatever the table, unless it is shown on no page.

Each package registers its own tables, next to its models. Tokens are random rather than
counted so that a number is never drawn twice for different content (a counter would start
again from a restored backup's values).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from forum.extensions import db, upsert
from forum.models import Contribution, RenderToken, User

SITE = "site"

# Tables whose rows no page shows: writing them leaves every token as it is.
_SHOWN_NOWHERE: set[str] = set()
# Tables whose rows belong to a contribution (table -> the attribute naming it) and the
# scopes they redraw besides its thread.
_OF_A_CONTRIBUTION: dict[str, tuple[str, tuple[str, ...]]] = {}

# What a person's row shows on a page: their pseudonym, and whether they erased themselves.
USER_SHOWN = ("pseudonym", "erased_at")


def shown_on_no_page(*tables: str) -> None:
    """Declare tables whose rows no page shows to visitors (staff pages are never tagged)."""
    _SHOWN_NOWHERE.update(tables)


def tables_shown_nowhere() -> frozenset[str]:
    return frozenset(_SHOWN_NOWHERE)


def redraw_thread_on(*tables: str, attribute: str = "contribution_id", also: tuple = ()) -> None:
    """Declare tables whose rows show in a contribution's article (``attribute`` names it):
    writing one redraws that thread's token, and the scopes ``also`` names."""
    for table in tables:
        _OF_A_CONTRIBUTION[table] = (attribute, tuple(also))


shown_on_no_page(
    "render_tokens",
    "index_tasks",
    "search_documents",
    "similar_lists",  # ids only: each view reads the contributions again
    "notifications",
    "notification_preferences",
    "outgoing_mails",
    "erasures",
    "debate_roles",  # staff pages are never tagged; visitors see no role
)
redraw_thread_on("contribution_photos")

_PENDING = "render_scopes"


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


def latest_scope(debate_id: int) -> str:
    """Which threads a debate's front page lists as its latest: drawn again when a thread
    starts or a thread's first contribution changes (published, masked)."""
    return f"debate-latest:{debate_id}"


# --- Reading tokens ---------------------------------------------------------------------


# Built once: every tagged page asks it (a list of scopes bound at each call).
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
    changed = [(obj, False) for obj in session.new]
    changed += [(obj, False) for obj in session.dirty if session.is_modified(obj)]
    changed += [(obj, True) for obj in session.deleted]
    for obj, deleted in changed:
        table = getattr(obj, "__tablename__", None)
        if table in _SHOWN_NOWHERE:
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
            roots[obj.id] = obj.root_id or obj.id
            if obj.parent_id is None and obj.debate_id is not None:
                scopes.add(latest_scope(obj.debate_id))
            history = inspect(obj).attrs.duplicate_of_id.history
            for original in {obj.duplicate_of_id, *history.deleted}:
                _root_of(session, original, roots)
        elif table in _OF_A_CONTRIBUTION:
            attribute, also = _OF_A_CONTRIBUTION[table]
            _root_of(session, getattr(obj, attribute), roots)
            scopes.update(also)
        else:
            scopes.add(SITE)
    unknown = [cid for cid, root in roots.items() if not root]
    if unknown:
        rows = session.connection().execute(
            select(Contribution.id, Contribution.root_id).where(Contribution.id.in_(unknown))
        )
        found = {cid: root for cid, root in rows}
        roots.update({cid: found[cid] or cid for cid in roots if cid in found})
    scopes.update(thread_scope(root) for root in roots.values() if root)
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
    if getattr(table, "name", None) not in _SHOWN_NOWHERE:
        touch(state.session, SITE)


def _before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this hook: its changes count too
    scopes = session.info.pop(_PENDING, None)
    if scopes:
        write_tokens(session.connection(), scopes)


def _after_rollback(session: Session, previous_transaction=None) -> None:
    # A savepoint rolled back leaves the changes flushed before it: their scopes stay.
    if previous_transaction is not None and previous_transaction.nested:
        return
    session.info.pop(_PENDING, None)


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
    """For writers that bypass the session (bulk loads, restores): every page changes."""
    with db.engine.begin() as connection:
        write_tokens(connection, [SITE])
