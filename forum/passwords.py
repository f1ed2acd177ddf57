"""Passwords: long enough, not one that attackers try first, and stored with Argon2id."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from werkzeug.security import check_password_hash

# OWASP's first choice for storing passwords, at its recommended setting: Argon2id, 19 MiB
# of memory, 2 passes, 1 lane (docs/DECISIONS.md). About 20 ms of one core per login; the
# memory cost is what makes guessing on graphics cards expensive.
OWASP_ARGON2 = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}

PASSWORD_MIN = 10

# Common French choices that the (mostly English) list below does not hold.
_FRENCH_COMMON = [
    "motdepasse",
    "motdepasse1",
    "motdepasse123",
    "azertyuiop",
    "azertyuiop1",
    "azerty1234",
    "azerty12345",
    "azerty123456",
    "jetaime123",
    "jetaimemonamour",
    "bonjour123",
    "bonjour1234",
    "soleil1234",
    "soleil12345",
    "doudou1234",
    "chouchou12",
    "chocolat12",
    "chocolat123",
    "marseille13",
    "parisienne",
    "loulou1234",
    "vivelafrance",
    "allezlom13",
    "princesse1",
    "nicolas123",
    "camille123",
    "toulouse31",
    "bordeaux33",
    "lyon696969",
    "0123456789",
    "1234567890",
    "administrateur",
    "utilisateur",
    "palabre123",
    "palabredebat",
]


@cache
def _common() -> frozenset[str]:
    """The 30,000 most frequent leaked passwords (zxcvbn's list) and French favourites.

    zxcvbn's lists weigh ~13 MB: loaded by the first password check, not at start."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_FRENCH_COMMON)


def is_common(password: str) -> bool:
    """True if the password (ignoring case and surrounding spaces) is a common one."""
    return password.strip().lower() in _common()


@cache
def _hasher_with(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hasher() -> PasswordHasher:
    """Argon2id at OWASP's setting, unless the app's ``PASSWORD_HASH_PARAMETERS`` says
    otherwise: only the test suite does, to log in thousands of times at a cheap cost (it is
    not read from the environment, so a deployment cannot weaken it by mistake)."""
    parameters = OWASP_ARGON2
    if has_app_context():
        parameters = current_app.config.get("PASSWORD_HASH_PARAMETERS") or OWASP_ARGON2
    return _hasher_with(**parameters)


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Does ``password`` match the ``stored`` hash? Hashes made before Argon2 (werkzeug's
    scrypt or PBKDF2) are still checked, and replaced at the next login (``needs_rehash``)."""
    if stored.startswith("$argon2"):
        try:
            return hasher().verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    return check_password_hash(stored, password)


def needs_rehash(stored: str) -> bool:
    """Is ``stored`` made by another method or with other settings than today's?"""
    return not stored.startswith("$argon2") or hasher().check_needs_rehash(stored)
