"""Telling people what concerns them: in-app notifications and e-mail, per their choice.

``notify`` is called by the services of every package, inside their transaction: it
records the notification (the page and the "new" marker in the header) and queues an
e-mail (``forum.mail``) when the person wants one. Nothing is sent during the request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from itsdangerous import BadSignature, URLSafeSerializer

from forum import mail
from forum.errors import InvalidInput, NotFound
from forum.extensions import db
from forum.models import (
    Contribution,
    DebateRole,
    Notification,
    NotificationPreference,
    Role,
    Status,
    User,
    utcnow,
)
from forum.permissions import may_read_words
from forum.visible_text import name_of

# Every kind of notification, with the label people choose by in their settings.
KINDS = {
    "answer": _l("The project owner answered my question (or revised the answer)"),
    "reply": _l("Someone replied to my contribution"),
    "masked": _l("My contribution was masked by moderation"),
    "restored": _l("My contribution was restored"),
    "cited": _l("My contribution is cited in the debate's report"),
    "published": _l("My contribution was published after moderation"),
    "kind_changed": _l("A moderator changed the kind of my contribution"),
    "redacted": _l("A moderator removed personal data from my contribution"),
    "contest_answered": _l("The committee answered my contest of a moderation decision"),
    "new_question": _l("A question awaits my answer (project owner)"),
    "answer_returned": _l("The committee sent back an answer I wrote (project owner)"),
    "answer_submitted": _l("An answer awaits validation (debate committee)"),
    "new_flag": _l("A contribution was reported (moderators)"),
    "new_contest": _l("A moderation decision was contested (debate committee)"),
    "suspension": _l("I am suspended from a debate, or my suspension is lifted"),
    "close_due": _l("A debate's closing date has passed and it is still open (debate committee)"),
    "role_given": _l("I am given a role in a debate's team"),
}
SUBJECTS = {
    "answer": _l("An answer to your question"),
    "reply": _l("A reply to your contribution"),
    "masked": _l("Your contribution was masked"),
    "restored": _l("Your contribution was restored"),
    "cited": _l("Your contribution is cited in the report"),
    "published": _l("Your contribution is published"),
    "kind_changed": _l("The kind of your contribution was changed"),
    "redacted": _l("Personal data removed from your contribution"),
    "contest_answered": _l("An answer to your contest"),
    "new_question": _l("A question to answer"),
    "answer_returned": _l("An answer sent back by the committee"),
    "answer_submitted": _l("An answer to validate"),
    "new_flag": _l("A contribution was reported"),
    "new_contest": _l("A moderation decision is contested"),
    "suspension": _l("Your participation in a debate"),
    "close_due": _l("A debate to close"),
    "role_given": _l("Your role in a debate"),
}
PARTICIPANT_KINDS = (
    "answer",
    "reply",
    "masked",
    "restored",
    "redacted",
    "kind_changed",
    "published",
    "contest_answered",
    "cited",
    "suspension",
    "role_given",
)
ROLE_KINDS = {
    Role.OWNER: ("new_question", "answer_returned"),
    Role.COMMITTEE: ("answer_submitted", "new_contest", "close_due"),
    Role.MODERATOR: ("new_flag",),
}
# A moderation decision on someone's words, or on their taking part, always reaches their
# notifications page (PRODUCT.md section 2: the author is told why); only its e-mail can be
# turned off.
ALWAYS_ON_SITE = frozenset({"masked", "restored", "redacted", "suspension", "role_given"})
ALL_KINDS = "all"
_UNSUBSCRIBE_SALT = "palabre-unsubscribe"


@dataclass(frozen=True)
class Choice:
    on_site: bool = True
    by_email: bool = True


def notify(
    user_id: int, kind: str, message: str | LazyString, *, contribution_id: int | None = None
) -> None:
    """Tell one person something, in the caller's transaction (no commit here).

    ``kind`` is one of ``KINDS`` (an unknown code is recorded with the default choice);
    ``message`` is plain text, best a lazy one (``_l``): it is then written in the
    recipient's language, not in that of whoever's request sends it. The notification is
    shown in the site unless the person turned that kind off; an e-mail is queued if they
    want one.
    """
    user = db.session.get(User, user_id)
    if user is None:
        return
    with mail.recipient_language(user):
        message = str(message)
    choice = preference(user_id, kind)
    if choice.on_site or kind in ALWAYS_ON_SITE:
        db.session.add(
            Notification(
                user_id=user_id, kind=kind, message=message, contribution_id=contribution_id
            )
        )
    if choice.by_email and user.active and user.email:
        _queue_mail(user, kind, message, contribution_id)


def _queue_mail(user: User, kind: str, message: str, contribution_id: int | None) -> None:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = f"Palabre — {SUBJECTS.get(kind, _('A notification'))}"
        token = unsubscribe_token(user.id, kind if kind in KINDS else ALL_KINDS)
        unsubscribe_url = mail.external_url("account.unsubscribe", token=token)
        lines = [message, ""]
        if contribution_id is not None:
            lines += [
                mail.external_url("forum.contribution", contribution_id=contribution_id),
                "",
            ]
        lines += [
            "-- ",
            _(
                "You receive this e-mail because you asked to be told when: %(what)s.",
                what=KINDS.get(kind, _("something concerns you")),
            ),
            _("Your notifications: %(url)s", url=mail.external_url("account.notifications_page")),
            _("Stop these e-mails in one click: %(url)s", url=unsubscribe_url),
        ]
        mail.queue(user.email, subject, "\n".join(lines), unsubscribe_url=unsubscribe_url)


def notify_reply(reply: Contribution) -> None:
    """Tell the author of a contribution that a published reply answers it (not their own)."""
    parent = reply.parent  # loaded from parent_id if the caller did not set it
    if parent is None or parent.author_id is None or reply.status != Status.PUBLISHED:
        return
    if parent.author_id == reply.author_id:
        return
    recipient = db.session.get(User, parent.author_id)
    if recipient is None:
        return
    name = reply.author.pseudonym if reply.author else _("A participant")
    with force_locale(recipient.locale or "fr"):
        message = _(
            "%(name)s replied to your contribution “%(title)s”.",
            name=name,
            title=name_of(parent),
        )
    notify(recipient.id, "reply", message, contribution_id=reply.id)


# --- Preferences -----------------------------------------------------------------------


def preference(user_id: int, kind: str) -> Choice:
    row = db.session.get(NotificationPreference, (user_id, kind))
    return Choice(row.on_site, row.by_email) if row is not None else Choice()


def kinds_for(user: User) -> list[str]:
    """The kinds that can concern this person: everyone's, plus those of the roles they hold."""
    roles = set(db.session.scalars(db.select(DebateRole.role).where(DebateRole.user_id == user.id)))
    kinds = list(PARTICIPANT_KINDS)
    for role, extra in ROLE_KINDS.items():
        if role in roles or user.is_admin:
            kinds += [k for k in extra if k not in kinds]
    return kinds


def preferences_for(user: User) -> dict[str, Choice]:
    rows = {
        row.kind: row
        for row in db.session.scalars(
            db.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    return {
        kind: Choice(rows[kind].on_site, rows[kind].by_email) if kind in rows else Choice()
        for kind in kinds_for(user)
    }


def save_preferences(user: User, choices: Mapping[str, Choice]) -> None:
    """Record what a person wants to receive, kind by kind."""
    for kind, choice in choices.items():
        if kind not in KINDS:
            raise InvalidInput(_("Unknown kind of notification."))
        on_site = True if kind in ALWAYS_ON_SITE else choice.on_site
        _set(user.id, kind, Choice(on_site, choice.by_email))
    db.session.commit()


def _set(user_id: int, kind: str, choice: Choice) -> None:
    row = db.session.get(NotificationPreference, (user_id, kind))
    if row is None:
        row = NotificationPreference(user_id=user_id, kind=kind)
        db.session.add(row)
    row.on_site = choice.on_site
    row.by_email = choice.by_email


# --- One-click unsubscribe -------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed token that stops one kind of e-mail (or all of them) for one person."""
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    """The person and kind a token names; ``NotFound`` if it was not made by this site."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise NotFound(_("This unsubscribe link is not valid.")) from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or (kind not in KINDS and kind != ALL_KINDS):
        raise NotFound(_("This unsubscribe link is not valid."))
    return user, kind


def unsubscribe(token: str) -> tuple[User, str]:
    """Stop the e-mails a token names. Doing it twice is harmless."""
    user, kind = read_unsubscribe_token(token)
    kinds: Iterable[str] = KINDS if kind == ALL_KINDS else (kind,)
    for each in kinds:
        current = preference(user.id, each)
        _set(user.id, each, Choice(current.on_site, False))
    db.session.commit()
    return user, kind


# --- The notifications page ------------------------------------------------------------


@dataclass(frozen=True)
class NotificationPage:
    items: list[Notification]
    older: int | None  # the id to continue from, if there are older ones
    # Notifications about a contribution whose words the person may no longer read
    # (masked since): their message, which may quote it, is not shown.
    withheld: frozenset[int] = frozenset()


def page_for(user: User, *, before: int | None = None, per_page: int = 30) -> NotificationPage:
    """A person's notifications, newest first, a page at a time."""
    query = db.select(Notification).where(Notification.user_id == user.id)
    if before is not None:
        query = query.where(Notification.id < before)
    rows = list(db.session.scalars(query.order_by(Notification.id.desc()).limit(per_page + 1)))
    older = rows[per_page - 1].id if len(rows) > per_page else None
    rows = rows[:per_page]
    about = {
        item.id: item
        for item in db.session.scalars(
            db.select(Contribution).where(
                Contribution.id.in_({n.contribution_id for n in rows if n.contribution_id})
            )
        )
    }
    withheld = frozenset(
        n.id
        for n in rows
        if n.contribution_id in about and not may_read_words(user, about[n.contribution_id])
    )
    return NotificationPage(rows, older, withheld)


def has_unread(user: User) -> bool:
    return (
        db.session.scalar(
            db.select(Notification.id)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .limit(1)
        )
        is not None
    )


def mark_all_read(user: User) -> None:
    db.session.execute(
        db.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
