"""Accounts: registering under a pseudonym, logging in, changing one's settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import func

from forum import passwords, pseudonyms, verification
from forum.errors import InvalidInput
from forum.extensions import db
from forum.labels import AGE_BAND, GENDER
from forum.models import User, utcnow
from forum.passwords import PASSWORD_MIN, hash_password, verify_password
from forum.sanitize import clean_plain

SUPPORTED_LOCALES = ("fr", "en")
PSEUDONYM_MIN, PSEUDONYM_MAX = 3, 40

@cache
def _dummy_hash() -> str:
    """A hash that no password matches, checked when the e-mail is unknown so that a login
    takes the same time whether or not the account exists (made at the first such login,
    not when any process starts)."""
    return hash_password("palabre-no-such-account")


@dataclass(frozen=True)
class Registration:
    email: str
    pseudonym: str
    password: str
    locale: str = "fr"
    accepts_charter: bool = False
    # An operator's account (``flask create-user``) may bear a staff name.
    staff_name_allowed: bool = False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def pseudonym_key(pseudonym: str) -> str:
    """What the pseudonym looks like (``forum.pseudonyms.skeleton``): unique among users."""
    return pseudonyms.key(clean_plain(pseudonym))


def unused_pseudonym(name: str, taken: Callable[[str], bool]) -> str:
    """``name``, else ``name (2)``, ``name (3)``…: the first whose key is not ``taken``
    (keys compare what names look like: a mark that folds away would not tell apart)."""
    candidate, extra = name, 1
    while taken(pseudonym_key(candidate)):
        extra += 1
        candidate = f"{name} ({extra})"
    return candidate


def pseudonym_holder(pseudonym: str, *, except_user: User | None = None) -> str | None:
    """The pseudonym of the account whose name looks like ``pseudonym``, if any (keys
    written before the look-alike folding were the casefolded name: both are asked)."""
    keys = {pseudonym_key(pseudonym), clean_plain(pseudonym).casefold()}
    query = db.select(User.pseudonym).where(User.pseudonym_key.in_(keys)).limit(1)
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    return db.session.scalar(query)


def email_taken(email: str) -> bool:
    return (
        db.session.scalar(db.select(User.id).where(User.email == normalise_email(email)))
        is not None
    )


def check_pseudonym(
    pseudonym: str, *, except_user: User | None = None, staff_name_allowed: bool = False
) -> str:
    """Return the cleaned pseudonym or raise ``InvalidInput`` saying what is wrong: too
    short or long, an address, a staff name, or a name that looks like someone else's."""
    cleaned = clean_plain(pseudonym)
    if not PSEUDONYM_MIN <= len(cleaned) <= PSEUDONYM_MAX:
        raise InvalidInput(
            _(
                "A pseudonym has between %(min)d and %(max)d characters.",
                min=PSEUDONYM_MIN,
                max=PSEUDONYM_MAX,
            ),
            field="pseudonym",
        )
    if "@" in cleaned:
        raise InvalidInput(
            _("A pseudonym may not contain '@': it must not reveal an e-mail address."),
            field="pseudonym",
        )
    # Keeping one's own name (an operator gave a staff name) is no impersonation.
    kept = except_user is not None and pseudonym_key(except_user.pseudonym) == pseudonym_key(
        cleaned
    )
    if pseudonyms.is_reserved(cleaned) and not (staff_name_allowed or kept):
        raise InvalidInput(
            _(
                "This pseudonym is kept for the debate's staff (moderation, commission, "
                "project owner, Palabre): choose another."
            ),
            field="pseudonym",
        )
    holder = pseudonym_holder(cleaned, except_user=except_user)
    if holder is not None and holder.casefold() == cleaned.casefold():
        raise InvalidInput(_("This pseudonym is already taken."), field="pseudonym")
    if holder is not None:
        raise InvalidInput(
            _(
                "This pseudonym looks too much like another participant's (same letters "
                "once accents, case and look-alike characters are set aside): choose another."
            ),
            field="pseudonym",
        )
    return cleaned


def check_password(password: str) -> None:
    """Refuse a password that is too short or among the most common ones."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(
            _("The password must have at least %(n)d characters.", n=PASSWORD_MIN),
            field="password",
        )
    if passwords.is_common(password):
        raise InvalidInput(
            _("This password is among the most common ones: choose another."),
            field="password",
        )


def _checked_pseudonym(data: Registration) -> str:
    """Check what the registration form asks, except the address; return the pseudonym."""
    if not data.accepts_charter:
        raise InvalidInput(_("You must accept the charter to take part."), field="accept_charter")
    pseudonym = check_pseudonym(data.pseudonym, staff_name_allowed=data.staff_name_allowed)
    check_password(data.password)
    return pseudonym


def _new_account(data: Registration, pseudonym: str) -> User:
    """Add the account and queue its confirmation link (no commit)."""
    user = User(
        email=normalise_email(data.email),
        pseudonym=pseudonym,
        pseudonym_key=pseudonym_key(pseudonym),
        password_hash=hash_password(data.password),
        locale=data.locale if data.locale in SUPPORTED_LOCALES else "fr",
        charter_accepted_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    verification.send_verification(user)
    return user


def create_account(data: Registration) -> User:
    """Create an account for an operator (``flask create-user``), who may be told plainly
    that the address is already in use."""
    pseudonym = _checked_pseudonym(data)
    if email_taken(data.email):
        raise InvalidInput(
            _("An account already exists for this e-mail address. Log in instead."),
            field="email",
        )
    user = _new_account(data, pseudonym)
    db.session.commit()
    return user


def register(data: Registration) -> None:
    """Sign up from the public page, without revealing whether the address has an account.

    A new address gets an account and the confirmation link. An address that already has
    one gets no second account: its holder is mailed that someone tried to register with
    it. The visitor sees the same answer either way (and the password is hashed either way,
    so that the time taken tells nothing either). The pseudonym is public, so saying that
    one is taken reveals nothing.
    """
    pseudonym = _checked_pseudonym(data)
    existing = db.session.scalar(
        db.select(User).where(User.email == normalise_email(data.email))
    )
    if existing is None:
        _new_account(data, pseudonym)
    else:
        hash_password(data.password)
        if existing.erased_at is None:
            verification.send_registration_notice(existing)
    db.session.commit()


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (without saying which part failed)."""
    user = db.session.scalar(
        db.select(User).where(func.lower(User.email) == normalise_email(email))
    )
    if user is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.is_active:
        return None
    if passwords.needs_rehash(user.password_hash):  # the password is known right now
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def reset_password(token: str, password: str) -> User:
    """Set a new password from an e-mailed link; every existing session of the account ends."""
    user = verification.user_for_reset(token)
    check_password(password)
    user.password_hash = hash_password(password)
    user.end_sessions()
    db.session.commit()
    return user


def end_sessions(user: User) -> None:
    """End every session of this person (logout, suspension, erasure)."""
    user.end_sessions()
    db.session.commit()


@dataclass(frozen=True)
class Profile:
    """What a person may declare for the debates' statistics; empty means not declared."""

    age_band: str = ""
    gender: str = ""
    area: str = ""


AREA_MAX = 80


def update_settings(
    user: User, *, pseudonym: str, locale: str, profile: Profile | None = None
) -> User:
    """Change a user's pseudonym, language and (if given) declared profile."""
    cleaned = check_pseudonym(pseudonym, except_user=user)
    if profile is not None:
        area = clean_plain(profile.area)
        if len(area) > AREA_MAX:
            raise InvalidInput(_("%(n)d characters at most.", n=AREA_MAX), field="area")
        user.age_band = profile.age_band if profile.age_band in AGE_BAND else None
        user.gender = profile.gender if profile.gender in GENDER else None
        user.area = area
    user.pseudonym = cleaned
    user.pseudonym_key = pseudonym_key(cleaned)
    user.locale = locale if locale in SUPPORTED_LOCALES else user.locale
    db.session.commit()
    return user
