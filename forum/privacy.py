"""A participant's rights over their data (RGPD): export everything, erase the account.

Erasure empties the account of identity in one transaction; the contributions stay in the
public record under "deleted participant", as PRODUCT.md section 7 asks, and the erasure is
logged so that a restore from a backup re-applies it.

What the site holds on a person is spread over the three packages, and ``forum`` imports
neither of the others. So each package *registers* its share here, at app creation
(``app.py``, ``_register_personal_data``): a ``PersonalData`` part says which tables it
covers, gives their rows for the data export and, if they must go, removes them at erasure.
A package that keeps a rendering naming people (the published report, in ``synthesis``)
registers a ``redrawer``, run in the erasure's transaction once the identity is gone.
``tests/test_privacy_export.py`` fails for a table that refers to a person and is covered
by no part nor declared ``not_personal``, so a new table cannot be forgotten.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Contribution, Erasure, User, utcnow
from forum.passwords import verify_password
from forum.search import enqueue

# Run after the erasure's commit: files to remove (outbox mails, an old PDF of a report).
AfterCommit = Callable[[], None]


@dataclass(frozen=True)
class PersonalData:
    """One package's share of what Palabre holds on a person."""

    name: str
    tables: tuple[str, ...]  # the tables whose rows about a person this part exports
    export: Callable[[User], dict[str, Any]]
    # At erasure, before the identity goes (the e-mail address is still there): removes
    # what must not outlive the account. None: the rows stay (they name no one once the
    # account is emptied, e.g. a flag's reporter is a number without a name).
    erase: Callable[[User], list[AfterCommit] | None] | None = None


parts: dict[str, PersonalData] = {}
# Tables that refer to a person but hold nothing to give them, each with the reason.
not_personal: dict[str, str] = {}
# Stored renderings that name people: called with the ids of the erased person's
# contributions, in the erasure's transaction, after their identity is gone.
redrawers: dict[str, Callable[[list[int]], list[AfterCommit]]] = {}


def register(part: PersonalData) -> None:
    """Add (or replace, when a second app is created) a package's share."""
    parts[part.name] = part


def declare_not_personal(table: str, reason: str) -> None:
    not_personal[table] = reason


def register_redrawer(name: str, redraw: Callable[[list[int]], list[AfterCommit]]) -> None:
    redrawers[name] = redraw


def covered_tables() -> set[str]:
    return {table for part in parts.values() for table in part.tables}


# --- Export and erasure --------------------------------------------------------------


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def rows(model: Any, *where: Any, order_by: Any = None) -> list[Any]:
    """The rows of ``model`` that match ``where``, in ``order_by`` (one column or a tuple;
    by default, by id)."""
    order = order_by if isinstance(order_by, tuple) else (order_by or model.id,)
    return list(db.session.scalars(db.select(model).where(*where).order_by(*order)))


def export_data(user: User) -> dict[str, Any]:
    """Everything Palabre holds about this person, as plain data, part by part."""
    data: dict[str, Any] = {}
    for name in sorted(parts):
        data.update(parts[name].export(user))
    return data


def erasure_log_path() -> Path:
    configured = current_app.config.get("PALABRE_ERASURE_LOG")
    return Path(configured) if configured else Path(current_app.instance_path) / "erasures.log"


def erase_account(user: User, password: str) -> None:
    """Erase the identity of an account, after checking its password, in one transaction."""
    if not verify_password(user.password_hash, password):
        raise InvalidInput(_("Wrong password."), field="password")
    if user.is_admin:
        raise NotAllowed(_("An administrator account cannot erase itself: ask another one."))
    after = erase_identity(user)
    db.session.add(Erasure(user_id=user.id))
    db.session.commit()
    _append_to_log(user.id)
    run_after_commit(after)


def erase_identity(user: User) -> list[AfterCommit]:
    """Empty the account of identity (no commit): used at erasure and after a restore.

    Returns what the caller runs once it has committed (files to remove)."""
    ids = list(
        db.session.scalars(db.select(Contribution.id).where(Contribution.author_id == user.id))
    )
    after: list[AfterCommit] = []
    for name in sorted(parts):  # while the address is still known (queued mails)
        if parts[name].erase is not None:
            after += parts[name].erase(user) or []
    db.session.execute(
        update(Contribution).where(Contribution.author_id == user.id).values(author_id=None)
    )
    for contribution_id in ids:
        enqueue(contribution_id)
    user.email = f"erased-{user.id}@erased.invalid"
    user.pseudonym = f"erased-{user.id}"
    user.pseudonym_key = f"erased-{user.id}-{secrets.token_hex(4)}"
    user.password_hash = "!"  # matches no password
    user.age_band, user.gender, user.area = None, None, ""
    user.active = False
    user.erased_at = user.erased_at or utcnow()
    user.end_sessions()
    # Renderings are made again from the rows as they are now: none may still hold the
    # person's author or pseudonym as loaded before the update above.
    db.session.flush()
    db.session.expire_all()
    for name in sorted(redrawers):
        after += redrawers[name](ids)
    return after


def run_after_commit(after: Iterable[AfterCommit]) -> None:
    for action in after:
        action()


def _append_to_log(user_id: int) -> None:
    path = erasure_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps({"user_id": user_id, "erased_at": utcnow().isoformat()}) + "\n")
