"""Database ids read from what a request carries: a URL part, a query, a form field.

Every id column is an ``INTEGER``: 32-bit on PostgreSQL, which refuses to compare a larger
number, and SQLite's driver overflows past 64 bits. So an id is a whole number of ASCII
digits from 1 to ``MAX_ID``; anything else (negative, zero, a float, ``1e9``, Arabic-Indic
or full-width digits, 2**63) is no id at all, and the caller answers "not found" or a
form error instead of letting the database raise.
"""

from __future__ import annotations

MAX_ID = 2**31 - 1
# Ten digits hold MAX_ID: longer text is refused before int() reads it (int() of a huge
# text costs time, and Python refuses past 4,300 digits).
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(value: object, *, minimum: int = 1) -> int | None:
    """The id in ``value`` (a text or an int), or None if it is not one.

    ``minimum`` is 0 for the few keys where 0 means "none" (a workspace's untyped group).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS):
            return None
        number = int(text)
    else:
        return None
    return number if minimum <= number <= MAX_ID else None


def database_id(value: object) -> int:
    """``coerce`` for WTForms choice fields: the id, or ValueError (a form error)."""
    number = parse_id(value)
    if number is None:
        raise ValueError(value)
    return number


def optional_database_id(value: object) -> int | None:
    """Like :func:`database_id`, but an empty choice ("— choose —") is None."""
    if value is None or value == "":
        return None
    return database_id(value)
