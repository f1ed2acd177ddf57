"""Signed, expiring links sent by e-mail: confirming an address, resetting a password."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from forum import mail
from forum.contributions import published
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Contribution, ModerationMode, Status, User, utcnow
from forum.notifications import notify_reply
from forum.search import enqueue

VERIFY_MAX_AGE = 7 * 24 * 3600
RESET_MAX_AGE = 3600


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"palabre-{purpose}")


# --- Confirming the e-mail address ---------------------------------------------------


def send_verification(user: User) -> None:
    """Queue the mail with the confirmation link (committed by the caller)."""
    token = _serializer("verify").dumps({"user": user.id, "email": user.email})
    link = mail.external_url("account.verify_email", token=token)
    with mail.recipient_language(user):
        mail.queue(
            user.email,
            _("Confirm your e-mail address"),
            _(
                "Hello %(name)s,\n\nTo confirm your e-mail address on Palabre, open this link "
                "(valid for 7 days):\n\n%(link)s\n\nUntil then, your contributions wait: they "
                "are published as soon as the address is confirmed.\n\nIf you did not create "
                "this account, ignore this message.",
                name=user.pseudonym,
                link=link,
            ),
        )


def send_registration_notice(user: User) -> None:
    """Tell an account holder that someone tried to register with their address (no commit).

    The registration page answers as for a new address, so this mail is the only place
    where the address's owner learns of it.
    """
    # In the account holder's language: the request is the stranger's.
    with mail.recipient_language(user):
        mail.queue(
            user.email,
            _("Someone tried to register with your address"),
            _(
                "Hello %(name)s,\n\nSomeone tried to create a Palabre account with this e-mail "
                "address, which already has one: yours. No second account was created.\n\n"
                "If it was you, log in:\n\n%(login)s\n\nIf you no longer know your password, "
                "choose a new one here:\n\n%(forgot)s\n\nIf it was not you, ignore this "
                "message: nothing has changed on your account.",
                name=user.pseudonym,
                login=mail.external_url("forum.login"),
                forgot=mail.external_url("account.forgot_password"),
            ),
        )


def verify_email(token: str) -> User:
    """Confirm the address in ``token`` and publish what waited for it."""
    try:
        data = _serializer("verify").loads(token, max_age=VERIFY_MAX_AGE)
    except SignatureExpired as error:
        raise InvalidInput(_("This link has expired: ask for a new one.")) from error
    except BadSignature as error:
        raise InvalidInput(_("This link is not valid.")) from error
    user = db.session.get(User, data.get("user"))
    if user is None or user.email != data.get("email") or user.erased_at is not None:
        raise InvalidInput(_("This link is not valid."))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        _publish_waiting(user)
    db.session.commit()
    return user


def _publish_waiting(user: User) -> None:
    """Publish the author's contributions that waited only for the confirmation.

    In a debate moderated before publication they stay pending: a moderator reads them.
    """
    waiting = db.session.scalars(
        db.select(Contribution).where(
            Contribution.author_id == user.id, Contribution.status == Status.PENDING
        )
    ).all()
    now = utcnow()
    for item in waiting:
        if item.debate.moderation_mode == ModerationMode.A_POSTERIORI:
            item.status = Status.PUBLISHED
            item.published_at = now
            enqueue(item.id)
            published.send(item)
            if item.parent_id is not None:
                notify_reply(item)


# --- Recovering a forgotten password -------------------------------------------------


def send_password_reset(email: str) -> None:
    """Mail a reset link if an account has this address; say nothing either way."""
    user = db.session.scalar(db.select(User).where(User.email == email.strip().lower()))
    if user is None or user.erased_at is not None or not user.active:
        return
    # The token carries a piece of the current hash: once used, it no longer matches.
    token = _serializer("reset").dumps({"user": user.id, "pw": user.password_hash[-16:]})
    with mail.recipient_language(user):
        mail.queue(
            user.email,
            _("Choose a new password"),
            _(
                "Hello %(name)s,\n\nSomeone (probably you) asked to change the password of "
                "your Palabre account. To choose a new one, open this link within an hour:\n\n"
                "%(link)s\n\nIf you did not ask for it, ignore this message: your password "
                "stays the same.",
                name=user.pseudonym,
                link=mail.external_url("account.reset_password", token=token),
            ),
        )
    db.session.commit()


def user_for_reset(token: str) -> User:
    try:
        data = _serializer("reset").loads(token, max_age=RESET_MAX_AGE)
    except SignatureExpired as error:
        raise InvalidInput(_("This link has expired: ask for a new one.")) from error
    except BadSignature as error:
        raise InvalidInput(_("This link is not valid.")) from error
    user = db.session.get(User, data.get("user"))
    if user is None or user.password_hash[-16:] != data.get("pw") or user.erased_at:
        raise InvalidInput(_("This link is not valid or was already used."))
    return user
