"""What a CSV file to import may look like: as a spreadsheet in French or English saves it.

A moderator fills the file in Excel or LibreOffice, often in French: the separator is then
``;`` (``,`` elsewhere), the file may begin with a byte order mark, dates may come back as
``15/10/2026``, and the kind and channel are typed as the interface shows them ("Registre
papier", "Réunion publique", "Avis"), not as codes. All of these are read here; the codes
and ISO dates keep working.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum

from flask_babel import force_locale

# The languages whose labels are accepted: those of the interface.
LABEL_LOCALES = ("fr", "en")
SEPARATORS = (",", ";")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_BLANKS = re.compile(r"[\s_\-]+")


def separator(text: str) -> str:
    """The separator of a file, read from its header line: the header names columns
    (no separator inside a name), so the more frequent of ``,`` and ``;`` is the one."""
    header = text.split("\n", 1)[0]
    return max(SEPARATORS, key=header.count)


def folded(value: str) -> str:
    """A label or a code as typed, folded: case, accents, typographic apostrophes, and the
    spaces, dashes and underscores between words ("Réunion publique" = "reunion_publique")."""
    text = unicodedata.normalize("NFKD", value.replace("’", "'")).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _BLANKS.sub(" ", text).strip()


def vocabulary(labels: Mapping[Enum, object], members: Iterable[Enum]) -> dict[str, Enum]:
    """Every way of writing each member: its code, and its label in each interface language."""
    words: dict[str, Enum] = {}
    for member in members:
        words[folded(member.value)] = member
        for locale in LABEL_LOCALES:
            with force_locale(locale):
                words.setdefault(folded(str(labels[member])), member)
    return words


def read_date(value: str) -> date:
    """``2026-10-15``, or ``15/10/2026`` as a French spreadsheet writes it (ValueError else)."""
    value = value.strip()
    day_first = _DAY_FIRST.fullmatch(value)
    if day_first:
        day, month, year = (int(part) for part in day_first.groups())
        return date(year, month, day)
    return date.fromisoformat(value)
