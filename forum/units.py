"""Numbers and sizes written in the reader's language: "12 345", "42 %", "896 octets",
"12 Ko", "1,2 Mo" in French; "12,345", "42%", "896 bytes", "12 kB", "1.2 MB" in English.

The number is written by Babel for the locale (decimal comma or point); the unit is a
message of the catalogue, so that each language says it its own way (French writes Ko and
Mo, where CLDR's short forms say "ko").
"""

from __future__ import annotations

from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _

KILO = 1000


def _number(value: float) -> str:
    """One decimal below ten (1,2 Mo), none above (12 Ko)."""
    return format_decimal(round(value, 1) if value < 10 else round(value), format="#,##0.#")


def file_size(size: int) -> str:
    """A file's size in bytes, for the reader, in the page's (or e-mail's) language."""
    if size < KILO:
        return ngettext("%(size)s byte", "%(size)s bytes", size, size=format_decimal(size))
    if size < KILO * KILO:
        return _("%(size)s kB", size=_number(size / KILO))
    return _("%(size)s MB", size=_number(size / (KILO * KILO)))


def number(value: int | float) -> str:
    """A count or a figure, grouped and pointed as the reader's language does."""
    return format_decimal(value)


def percent(ratio: float) -> str:
    """A ratio (0.42) as a whole percentage: "42 %" in French, "42%" in English."""
    return format_percent(ratio)
