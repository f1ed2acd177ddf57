"""A participant's rights over their data (RGPD): export everything, erase the account.

Erasure empties the account of identity in one transaction; the contributions stay in the
public record under "deleted participant", as PRODUCT.md section 7 asks, and the erasure is
logged so that a restore from a backup re-applies it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, update

from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Contribution, DebateRole, Erasure, Notification, User, utcnow
from forum.passwords import verify_password
from forum.search import enqueue

# Other packages add what they hold about a person (flags, profile answers...) without
# forum importing them: ``exporters`` feed the data export, ``erasers`` run at erasure.
exporters: list[Callable[[User], dict[str, Any]]] = []
erasers: list[Callable[[User], None]] = []


# --- Export and erasure --------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(user: User) -> dict[str, Any]:
    """Everything Palabre holds about this person, as plain data."""
    contributions = db.session.scalars(
        db.select(Contribution)
        .where(Contribution.author_id == user.id)
        .order_by(Contribution.created_at)
    ).all()
    notifications = db.session.scalars(
        db.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at)
    ).all()
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "pseudonym": user.pseudonym,
            "language": user.locale,
            "created_at": _iso(user.created_at),
            "email_confirmed_at": _iso(user.email_verified_at),
            "charter_accepted_at": _iso(user.charter_accepted_at),
            "age_band": user.age_band,
            "gender": user.gender,
            "area": user.area,
        },
        "roles": [
            {"debate": role.debate.slug, "role": role.role.value} for role in user.roles
        ],
        "contributions": [
            {
                "id": item.id,
                "debate": item.debate.slug,
                "kind": item.kind.value,
                "title": item.title,
                "text": item.body_source,
                "status": item.status.value,
                "parent_id": item.parent_id,
                "relation": item.relation.value if item.relation else None,
                "themes": [theme.slug for theme in item.themes],
                "created_at": _iso(item.created_at),
                # The stored files (EXIF already removed at upload) and their descriptions.
                "photos": [
                    {"file": photo.file_name, "thumbnail": photo.thumb_name, "alt": photo.alt_text}
                    for photo in item.photos
                ],
            }
            for item in contributions
        ],
        "notifications": [
            {"kind": n.kind, "message": n.message, "created_at": _iso(n.created_at)}
            for n in notifications
        ],
    }
    for exporter in exporters:
        data.update(exporter(user))
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
    erase_identity(user)
    db.session.add(Erasure(user_id=user.id))
    db.session.commit()
    _append_to_log(user.id)


def erase_identity(user: User) -> None:
    """Empty the account of identity (no commit): used at erasure and after a restore."""
    ids = db.session.scalars(
        db.select(Contribution.id).where(Contribution.author_id == user.id)
    ).all()
    db.session.execute(
        update(Contribution).where(Contribution.author_id == user.id).values(author_id=None)
    )
    for contribution_id in ids:
        enqueue(contribution_id)  # the index must forget the pseudonym too
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(DebateRole).where(DebateRole.user_id == user.id))
    for eraser in erasers:
        eraser(user)
    user.email = f"erased-{user.id}@erased.invalid"
    user.pseudonym = f"erased-{user.id}"
    user.pseudonym_key = f"erased-{user.id}-{secrets.token_hex(4)}"
    user.password_hash = "!"  # matches no password
    user.age_band, user.gender, user.area = None, None, ""
    user.active = False
    user.erased_at = user.erased_at or utcnow()
    user.end_sessions()


def _append_to_log(user_id: int) -> None:
    path = erasure_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps({"user_id": user_id, "erased_at": utcnow().isoformat()}) + "\n")
