"""Pseudonyms as a reader sees them: what two names look alike, which names pass for staff.

``skeleton`` folds a pseudonym to what it looks like, in the spirit of Unicode TR39's
skeleton: compatibility forms (NFKC), case (casefold), accents stripped, and the Cyrillic,
Greek and other letters that look like Latin ones mapped to them (a table of the common
look-alikes, see docs/DECISIONS.md), then only letters and digits kept. "Équipe de
modératіon" (with a Cyrillic і), "EQUIPE DE MODERATION" and "Equipe-de-moderation" fold
alike, so none can pass for the moderation team, and "Camille" cannot be taken again as
"Саmille" (Cyrillic С and а).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Letters drawn like Latin ones (lower case: the text is casefolded first). Cyrillic,
# Greek and a few Latin ones: the look-alikes that keyboards and copy-paste give.
# fmt: off
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "б": "b", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "ж": "x",
        "з": "3", "и": "u", "й": "u", "к": "k", "л": "n", "м": "m", "н": "h", "о": "o",
        "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "ф": "o", "х": "x", "ц": "u",
        "ч": "4", "ш": "w", "щ": "w", "ъ": "b", "ы": "bl", "ь": "b", "э": "e", "ю": "io",
        "я": "r", "ѐ": "e", "є": "e", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
        "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ү": "y", "ұ": "y", "ҳ": "x", "ӑ": "a",
        "ӓ": "a", "ӧ": "o", "ӱ": "y", "ѵ": "v", "ѡ": "w", "ɡ": "g",
        # Greek
        "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "θ": "o",
        "ι": "i", "κ": "k", "λ": "a", "μ": "u", "ν": "v", "ξ": "e", "ο": "o", "π": "n",
        "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "φ": "o", "χ": "x", "ψ": "w",
        "ω": "w", "ϲ": "c", "ϳ": "j",
        # Latin letters and digits drawn alike: i, l, 1 and | look the same in many fonts.
        "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "ss",
        "æ": "ae", "œ": "oe", "ð": "d", "þ": "p", "ɩ": "i", "ɪ": "i", "ʟ": "l",
        "l": "i", "1": "i", "|": "i", "0": "o",
    }
)
# fmt: on
# Drawn like a "c", but NFKC and casefold make them a sigma (σ, drawn like an "o").
_BEFORE_NFKC = str.maketrans({"ϲ": "c", "Ϲ": "c", "ς": "c"})
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
KEY_MAX = 80  # the length of users.pseudonym_key

# Names only staff may bear (folded by ``skeleton`` before comparison): the platform, its
# moderators, the commission, the project owner and the CNDP's guarantors.
RESERVED_WORDS = (
    "admin",
    "administrateur",
    "administratrice",
    "administrator",
    "administration",
    "moderateur",
    "moderatrice",
    "moderateurs",
    "moderatrices",
    "moderator",
    "moderation",
    "modo",
    "cpdp",
    "cndp",
    "commission",
    "palabre",
    "garant",
    "garante",
    "staff",
    "webmaster",
)
RESERVED_PHRASES = (
    "equipe de moderation",
    "maitre d'ouvrage",
    "maitre douvrage",
    "maitrise d'ouvrage",
    "commission particuliere",
    "commission nationale du debat public",
    "support technique",
)


def _folded(text: str) -> str:
    """NFKC, casefold, accents stripped, look-alike letters mapped; separators kept."""
    text = unicodedata.normalize("NFKC", text.translate(_BEFORE_NFKC)).casefold()
    stripped = "".join(
        char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char)
    )
    return unicodedata.normalize("NFC", stripped).translate(_LOOKALIKES)


def skeleton(text: str) -> str:
    """What ``text`` looks like: folded (see the module) to letters and digits only."""
    return _NOT_ALPHANUMERIC.sub("", _folded(text))


def _words(text: str) -> list[str]:
    return [word for word in _NOT_ALPHANUMERIC.split(_folded(text)) if word]


_RESERVED = {skeleton(word) for word in RESERVED_WORDS}
_RESERVED_RUNS = [_words(phrase) for phrase in RESERVED_PHRASES]
_RESERVED_WHOLE = _RESERVED | {skeleton(phrase) for phrase in RESERVED_PHRASES}


def is_reserved(pseudonym: str) -> bool:
    """Whether ``pseudonym`` passes for staff: a reserved word among its words (digits
    aside), a reserved phrase among them, or the whole name run together as one."""
    words = _words(pseudonym)
    letters = [word.rstrip("0123456789") for word in words]
    if _RESERVED & set(words + letters) or skeleton(pseudonym) in _RESERVED_WHOLE:
        return True
    return any(
        words[start : start + len(run)] == run
        for run in _RESERVED_RUNS
        for start in range(len(words) - len(run) + 1)
    )


def key(pseudonym: str) -> str:
    """The key under which a pseudonym is unique: its skeleton (a hash if the skeleton
    is longer than the column; the casefolded name if nothing of it is a letter)."""
    folded = skeleton(pseudonym) or "=" + unicodedata.normalize("NFKC", pseudonym).casefold()
    if len(folded) > KEY_MAX:
        return "#" + hashlib.sha256(folded.encode()).hexdigest()[: KEY_MAX - 1]
    return folded
