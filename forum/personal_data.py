"""The forum's share of a person's data (``forum.privacy``): the account, roles,
contributions with their photos, notifications and their settings, documents and files
uploaded, and e-mails.

At erasure the notifications, their settings, the roles and the e-mails to the person go
(queued ones in the transaction, outbox files once it is committed). Nothing rendered is
kept by the application; the pseudonym's change draws the site's render token, so every
visitor's page gets a new tag and is rendered again (``forum.revalidation``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from forum import mail, privacy, suspensions
from forum.extensions import db
from forum.models import (
    Contribution,
    DebateRole,
    Document,
    DocumentFile,
    Notification,
    NotificationPreference,
    OutgoingMail,
    User,
)
from forum.notifications import preferences_for
from forum.privacy import AfterCommit, PersonalData, iso, rows


def _account(user: User) -> dict[str, Any]:
    return {
        "account": {
            "email": user.email,
            "pseudonym": user.pseudonym,
            "language": user.locale,
            "created_at": iso(user.created_at),
            "email_confirmed_at": iso(user.email_verified_at),
            "charter_accepted_at": iso(user.charter_accepted_at),
            "administrator": user.is_admin,
            "active": user.active,
            "age_band": user.age_band,
            "gender": user.gender,
            "area": user.area,
        },
        "suspension": {
            "suspended_at": iso(user.suspended_at),
            "suspended_until": iso(user.suspended_until),
            "reason": user.suspension_reason,
        },
        # Nothing else is kept of a session: no list of devices, addresses or logins.
        "sessions": {
            "kept": "a signed cookie holds the account number and a random value checked "
            "against the account; logging out or erasing the account changes that value",
        },
        "roles": [
            {
                "debate": role.debate.slug,
                "role": role.role.value,
                "granted_at": iso(role.granted_at),
            }
            for role in user.roles
        ],
    }


def _contribution(item: Contribution) -> dict[str, Any]:
    return {
        "id": item.id,
        "debate": item.debate.slug,
        "kind": item.kind.value,
        "title": item.title,
        "text": item.body_source,
        "status": item.status.value,
        "parent_id": item.parent_id,
        "relation": item.relation.value if item.relation else None,
        "source_url": item.source_url or None,
        "themes": [theme.slug for theme in item.themes],
        "channel": item.channel.value,
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
        "published_at": iso(item.published_at),
        "masked_at": iso(item.masked_at),
        "mask_reason": item.mask_reason,
        "mask_article": item.mask_article,
        "duplicate_of_id": item.duplicate_of_id,
        # The stored files (EXIF already removed at upload) and their descriptions.
        "photos": [
            {
                "file": photo.file_name,
                "thumbnail": photo.thumb_name,
                "type": photo.mimetype,
                "width": photo.width,
                "height": photo.height,
                "alt": photo.alt_text,
                "created_at": iso(photo.created_at),
            }
            for photo in item.photos
        ],
    }


def _writing(user: User) -> dict[str, Any]:
    """Contributions (questions and replies among them)."""
    contributions = rows(
        Contribution,
        Contribution.author_id == user.id,
        order_by=(Contribution.created_at, Contribution.id),
    )
    return {"contributions": [_contribution(item) for item in contributions]}


def _notifications(user: User) -> dict[str, Any]:
    received = rows(
        Notification,
        Notification.user_id == user.id,
        order_by=(Notification.created_at, Notification.id),
    )
    mails = rows(OutgoingMail, OutgoingMail.to_address == user.email)
    return {
        "notifications": [
            {
                "kind": n.kind,
                "message": n.message,
                "contribution_id": n.contribution_id,
                "created_at": iso(n.created_at),
                "read_at": iso(n.read_at),
            }
            for n in received
        ],
        "notification_preferences": {
            kind: {"on_site": choice.on_site, "by_email": choice.by_email}
            for kind, choice in preferences_for(user).items()
        },
        # Their bodies hold single-use links (confirmation, password reset): the subject
        # and the date say what they are without copying a working link into a file.
        "emails_waiting": [
            {"subject": m.subject, "created_at": iso(m.created_at), "attempts": m.attempts}
            for m in mails
        ],
        "emails_in_the_outbox": mail.outbox_files_to(user.email),
    }


def _documents(user: User) -> dict[str, Any]:
    """What a project owner or committee member uploaded in their role."""
    documents = rows(Document, Document.uploaded_by_id == user.id)
    return {
        "documents_uploaded": [
            {
                "id": doc.id,
                "debate": doc.debate.slug,
                "title": doc.title,
                "kind": doc.kind.value,
                "file_type": doc.file_type,
                "file_size": doc.file_size,
                "public": doc.public,
                "created_at": iso(doc.created_at),
            }
            for doc in documents
        ],
        # Each file they sent, including new versions of other people's documents.
        "document_files_uploaded": [
            {
                "document": version.document_id,
                "version": version.version,
                "file_type": version.file_type,
                "file_size": version.file_size,
                "note": version.note,
                "uploaded_at": iso(version.uploaded_at),
            }
            for version in rows(DocumentFile, DocumentFile.uploaded_by_id == user.id)
        ],
    }


def _erase_roles(user: User) -> None:
    db.session.execute(delete(DebateRole).where(DebateRole.user_id == user.id))


def _erase_notifications(user: User) -> list[AfterCommit]:
    """Notifications, their settings and e-mails go with the account."""
    address = user.email
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.to_address == address))
    return [lambda: mail.forget_address(address)]


def register() -> None:
    """The forum's share, registered at app creation (``app.py``)."""
    suspensions.register()
    privacy.register(
        PersonalData(
            "forum.account",
            ("users", "debate_roles"),
            _account,
            _erase_roles,
        )
    )
    privacy.register(
        PersonalData(
            "forum.contributions",
            ("contributions", "contribution_photos"),
            _writing,
        )
    )
    privacy.register(
        PersonalData(
            "forum.notifications",
            ("notifications", "notification_preferences", "outgoing_mails"),
            _notifications,
            _erase_notifications,
        )
    )
    privacy.register(
        PersonalData(
            "forum.documents",
            ("documents", "document_files"),
            _documents,
        )
    )
    privacy.declare_not_personal(
        "debates", "a debate's contact address is its committee's, published on its page"
    )
    privacy.declare_not_personal(
        "erasures", "the number and date of an erasure, kept to re-apply it after a restore"
    )
