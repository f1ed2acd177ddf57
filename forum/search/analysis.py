"""The French analyser: one chain of steps that turns text into index terms.

The same chain analyses contributions when they are indexed and queries when they are
searched, on both backends (Whoosh indexes its output; the PostgreSQL backend stores it as
a ``tsvector``), so "vélos", "VELO" and "vélo" always meet on one term.

The steps, in order: split into words; lower-case; **fold accents**; split off elisions
(l', d', qu', jusqu'…); drop stop words (a French list, folded too); drop a plural "s";
Snowball French stemming. Folding comes before stemming on purpose: Whoosh's stock French
analyser stems first, so "fiscalité" (stem "fiscal") and "FISCALITE" (stem "fiscalit") end
up as two different terms.

The steps are fused in one function with a cache per distinct word, rather than chained
as Whoosh filters: a chain of generators costs about 20 µs per word, and a full reindex
analyses tens of millions of words. ``FrenchAnalyzer`` wraps it for Whoosh's schema.

Stemming makes "stationnement" and "station" one term ("station"). So that a word's exact
form ranks above the words that only share its stem, each word also has an **exact term**:
the same chain without the stemmer (folded, elision split, stop words dropped, a plural
"s" removed — "Stationnements" -> "stationnement"). Both backends index the exact terms
beside the stems and give a match on the exact term a higher weight (``exact_terms``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Analyzer, Token
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

# Words with an inner apostrophe stay one token ("aujourd'hui", "l'école"); the elided
# article is then split off, and quotes around a word are trimmed.
WORD_PATTERN = r"[\w'’]+"
_WORD = re.compile(WORD_PATTERN)
ELISIONS = frozenset(
    {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}
)

_FOLD_TABLE = dict(accent_map)
_FOLD_TABLE.update({ord("œ"): "oe", ord("Œ"): "OE", ord("æ"): "ae", ord("Æ"): "AE"})
_FOLD_TABLE[ord("’")] = "'"


def fold(text: str) -> str:
    """Remove accents and ligatures: "Écoles, cœur" -> "Ecoles, coeur"."""
    return text.translate(_FOLD_TABLE)


_EXTRA_STOP_WORDS = (
    "les cette cet cela ceci ils elles ainsi donc car si tres tout tous toute toutes aussi "
    "comme etre avoir fait faire peut plus sans sous entre vers chez dont deja"
)
STOP_WORDS = frozenset(
    {fold(word) for word in stopwords_for_language("fr")} | set(_EXTRA_STOP_WORDS.split())
)
_stem = stemmer_for_language("fr")

# Lower-cased word -> (term, characters to skip at its start, at its end, exact term); the
# terms are "" when the word is dropped. Every distinct word is analysed once.
_CACHE_LIMIT = 500_000
_cache: dict[str, tuple[str, int, int, str]] = {}


def _split_elision(word: str) -> tuple[str, int]:
    """ "l'ecole" -> ("ecole", 2); quotes around the word are trimmed too."""
    core = word.strip("'")
    lead = len(word) - len(word.lstrip("'"))
    head, sep, rest = core.partition("'")
    if sep and rest and head in ELISIONS:
        return rest, lead + len(head) + 1
    return core, lead


def _analyse_word(word: str) -> tuple[str, int, int, str]:
    """One lower-cased word to its index term and its exact term (see the module's
    docstring)."""
    folded = fold(word)
    trail = len(folded) - len(folded.rstrip("'"))
    folded, skip = _split_elision(folded)
    if len(folded) < 2 or folded in STOP_WORDS:
        return "", skip, trail, ""
    if len(folded) > 3 and folded[-1] == "s" and folded[-2] != "s":
        # Snowball French keeps an "s" after a vowel: "velos" would not meet "velo".
        folded = folded[:-1]
    return _stem(folded), skip, trail, folded


def _lookup(word: str) -> tuple[str, int, int, str]:
    found = _cache.get(word)
    if found is None:
        found = _analyse_word(word)
        if len(_cache) < _CACHE_LIMIT:
            _cache[word] = found
    return found


def terms(text: str) -> list[str]:
    """The index terms of ``text``, in order: "Les vélos de l'école" -> ["velo", "ecol"]."""
    cache = _cache
    out = []
    for word in _WORD.findall((text or "").lower()):
        found = cache.get(word) or _lookup(word)
        if found[0]:
            out.append(found[0])
    return out


def exact_terms(text: str) -> list[str]:
    """The exact (unstemmed) terms of ``text``, one for each of its ``terms``, in order:
    "Les stationnements" -> ["stationnement"]."""
    cache = _cache
    out = []
    for word in _WORD.findall((text or "").lower()):
        found = cache.get(word) or _lookup(word)
        if found[3]:
            out.append(found[3])
    return out


def term_positions(text: str, exact: bool = False) -> dict[str, list[int]]:
    """Each term of ``text`` (``exact``: each exact term) with its positions, counted in
    terms (stop words leave no gap, as in ``located_terms``): what both backends index."""
    positions: dict[str, list[int]] = {}
    for position, term in enumerate(exact_terms(text) if exact else terms(text)):
        found = positions.get(term)
        if found is None:
            positions[term] = [position]
        else:
            found.append(position)
    return positions


@dataclass(frozen=True)
class Term:
    """One analysed word of a text: the index term, and where the word sits in the text."""

    text: str
    position: int
    start: int
    end: int


def located_terms(text: str) -> Iterator[Term]:
    """Terms with positions (stop words leave no gap) and offsets in the original text."""
    position = 0
    for match in _WORD.finditer(text or ""):
        term, skip, trail, _exact = _lookup(match.group().lower())
        if term:
            yield Term(term, position, match.start() + skip, match.end() - trail)
            position += 1


def analyse_prefix(word: str) -> str:
    """The term a prefix search starts with: "aménag*" -> "amenag".

    The prefix is analysed like a word, so that a whole word followed by * ("fiscalité*")
    still meets its own stem; a prefix that is a stop word keeps its folded form.
    """
    found = terms(word)
    if found:
        return found[0]
    return _split_elision(fold(word.lower()))[0]


SPELLING_MIN, SPELLING_MAX = 4, 40


def spelling_words(text: str) -> list[str]:
    """Folded, unstemmed words worth suggesting (four to forty letters, letters only)."""
    out = []
    for word in _WORD.findall(fold((text or "").lower())):
        word = _split_elision(word)[0]
        if SPELLING_MIN <= len(word) <= SPELLING_MAX and word.isalpha() and word not in STOP_WORDS:
            out.append(word)
    return out


class FrenchAnalyzer(Analyzer):
    """``terms``/``located_terms`` as a Whoosh analyser, for the index schema."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        if not positions and not chars:
            for term in terms(value):
                token.text = term
                token.boost = 1.0
                yield token
            return
        if not chars:  # what indexing asks for: terms and positions, no offsets
            for position, term in enumerate(terms(value), start_pos):
                token.text = term
                token.boost = 1.0
                token.pos = position
                yield token
            return
        for term in located_terms(value):
            token.text = term.text
            token.boost = 1.0
            if positions:
                token.pos = start_pos + term.position
            if chars:
                token.startchar = start_char + term.start
                token.endchar = start_char + term.end
            yield token


class ExactAnalyzer(FrenchAnalyzer):
    """``exact_terms`` as a Whoosh analyser: the unstemmed field, searched word by word
    only (no phrases, no highlights), so positions are all it gives."""

    def __call__(self, value, positions=False, start_pos=0, mode="", **kwargs):
        token = Token(positions, False, mode=mode, **kwargs)
        for position, term in enumerate(exact_terms(value), start_pos):
            token.text = term
            token.boost = 1.0
            if positions:
                token.pos = position
            yield token


# One word as the tokenizer sees it (the query parser checks prefixes with it).
SPLIT_WORD = _WORD
