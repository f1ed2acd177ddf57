"""What a person types in the search box, read into a small query tree.

The syntax is the one people already know: words (all required), ``"a phrase"``, ``word*``
for words that start with it, ``OR`` between two alternatives and ``-word`` to leave
something out. Both backends compile the same tree, so they understand the same queries.
A query that cannot be read raises ``QuerySyntaxError`` with a plain message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from forum.search import analysis

MAX_QUERY_CHARS = 300
MIN_PREFIX_CHARS = 2
_TOKEN = re.compile(r'\s*(-?)("([^"]*)("?)|[^\s"]+)')
_OR_WORDS = {"OR", "OU"}


class QuerySyntaxError(ValueError):
    """The query cannot be read; ``message`` says why in plain words."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Word:
    """A word to find by its stem (``term``); its ``exact`` form ranks higher."""

    original: str
    term: str
    exact: str = ""


@dataclass(frozen=True)
class Prefix:
    original: str
    term: str


@dataclass(frozen=True)
class Phrase:
    original: str
    terms: tuple[str, ...]


Clause = Word | Prefix | Phrase


@dataclass
class ParsedQuery:
    """``required``: groups that must all match, each a list of alternatives (OR);
    ``excluded``: clauses that must not match. Stop words are already left out."""

    text: str
    required: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.required

    def highlight_terms(self) -> tuple[set[str], tuple[str, ...]]:
        """The terms to mark in excerpts, and the prefixes."""
        words: set[str] = set()
        prefixes: list[str] = []
        for group in self.required:
            for clause in group:
                if isinstance(clause, Word):
                    words.add(clause.term)
                elif isinstance(clause, Prefix):
                    prefixes.append(clause.term)
                else:
                    words.update(clause.terms)
        return words, tuple(prefixes)

    def plain_terms(self) -> list[Word]:
        """Single required words (not prefixes or phrases): those a speller may correct."""
        return [c for group in self.required for c in group if isinstance(c, Word)]


def _word(raw: str, term: str) -> Word:
    exact = analysis.exact_terms(raw)
    return Word(raw, term, exact[0] if exact else "")


def _clause(raw: str, quoted: bool) -> Clause | None:
    if quoted:
        terms = tuple(analysis.terms(raw))
        if not terms:
            return None
        if len(terms) == 1:
            return _word(raw, terms[0])
        return Phrase(raw, terms)
    if raw.endswith("*"):
        stem = raw.rstrip("*")
        if "*" in stem or len(analysis.fold(stem).strip("'’")) < MIN_PREFIX_CHARS:
            raise QuerySyntaxError(_l("Put at least two letters before * (for example: vél*)."))
        if not analysis.SPLIT_WORD.fullmatch(stem):
            raise QuerySyntaxError(_l("A * goes at the end of a single word (for example: vél*)."))
        return Prefix(raw, analysis.analyse_prefix(stem))
    if "*" in raw:
        raise QuerySyntaxError(_l("A * goes at the end of a single word (for example: vél*)."))
    terms = tuple(analysis.terms(raw))
    if not terms:
        return None
    if len(terms) == 1:
        return _word(raw, terms[0])
    # "vélo-école" or "l'hôpital/école": several words typed together act as a phrase.
    return Phrase(raw, terms)


def parse(text: str) -> ParsedQuery:
    """Read a query; raise ``QuerySyntaxError`` if it cannot be read."""
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            _l("The search is too long: %(n)d characters at most.", n=MAX_QUERY_CHARS)
        )
    parsed = ParsedQuery(text)
    pending_or = False
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only spaces are left
            break
        position = match.end()
        negative, token, quoted_text, closing = match.groups()
        quoted = quoted_text is not None
        if quoted and not closing:
            raise QuerySyntaxError(_l("A quotation mark is not closed."))
        if not quoted and not negative and token in _OR_WORDS:
            if pending_or or not parsed.required:
                raise QuerySyntaxError(_l("OR goes between two words to look for."))
            pending_or = True
            continue
        clause = _clause(quoted_text if quoted else token, quoted)
        if negative:
            if pending_or:
                raise QuerySyntaxError(_l("OR goes between two words to look for."))
            if clause is not None:
                parsed.excluded.append(clause)
            continue
        if clause is None:  # a stop word alone: nothing to look for
            pending_or = False
            continue
        if pending_or:
            parsed.required[-1].append(clause)
            pending_or = False
        else:
            parsed.required.append([clause])
    if pending_or:
        raise QuerySyntaxError(_l("OR goes between two words to look for."))
    if parsed.excluded and not parsed.required:
        raise QuerySyntaxError(
            _l("Say what to look for, not only what to leave out (a word without a minus).")
        )
    return parsed
