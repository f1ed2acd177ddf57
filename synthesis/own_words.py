"""What a person said, and nothing else: the text every comparison of contributions reads.

A contribution's stored text carries words that are not its author's argument, and that
made weak-signal candidates of their own when they were compared as if they were:

- the notice Palabre puts in place of a redacted passage ("[retiré par la modération]"),
  in whichever language the site spoke when it was redacted;
- a transcription's header and attribution (the transcriber's note, in italics, saying
  where and how the words were collected; the person's words follow, often as a quote);
- in a reply, the text quoted from the contribution it answers (a Markdown ``>`` quote,
  or sentences copied from the parent);
- URLs and e-mail addresses (a link's words are not an argument: its domain is kept
  apart, as a source), numbers and dates on their own;
- the pseudonyms of the debate's participants and the names given in attributions.

``Cleaner.clean`` is the one function that does it; ``synthesis.corpus`` applies it to
every contribution before the texts are vectorised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import force_locale

from forum.search.analysis import WORD_PATTERN, terms

_WORD = re.compile(WORD_PATTERN)
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>", re.IGNORECASE)
_EMAIL = re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:[a-z]+://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre|january|february|march|april|may|june|july|august|"
    "september|october|november|december"
)
# "12 mars 2025", "1er juin", "mars 2031": a date, whatever words surround it.
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})(?:\s+\d{{2,4}})?\b|\b(?:{_MONTHS})\s+\d{{4}}\b",
    re.IGNORECASE,
)
# Numbers alone: "2031", "2 400", "06 41 22 87 13", "12/03/2025", "25-50", "3e", "18h30".
_NUMBER = re.compile(r"\b\d+(?:[\s.,:/h-]\d+)*(?:er|e|è|ème|eme|h|km|m|%)?\b", re.IGNORECASE)
_MENTION = re.compile(r"@[\w.-]+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w'’-]*")
_QUOTE_LINE = re.compile(r"^[ \t]{0,3}>.*$", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
# A line wholly in emphasis: a transcriber's note ("*Message publié…, transcrit…*").
_EMPHASISED = re.compile(r"^[ \t]*([*_]{1,2})[^*_\n][^\n]*?\1[ \t]*$", re.MULTILINE)
# A line of a transcription that introduces the quoted words ("… a formulé l'avis
# suivant, rapporté par une participante :"), and the verbs that report speech.
_INTRODUCING = re.compile(r"^[^\n>]*:[ \t]*\n(?=(?:[ \t]*\n)*[ \t]{0,3}>)", re.MULTILINE)
_REPORTING = re.compile(
    r"\b(?:transcrite?s?|transcription|rapportée?s?|rencontrée?s?|recueillie?s?|"
    r"a (?:fait remarquer|formulé|insisté|déclaré|souligné|indiqué|expliqué|précisé|ajouté))\b",
    re.IGNORECASE,
)
# Sentences and clauses: a reply copies a clause as often as a whole sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?;:…])\s+|\n+")
# A sentence shorter than this (in words) may be met in a reply by chance ("Je suis
# d'accord."): only longer ones count as copied from the parent.
COPIED_AT_LEAST = 5
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# The notice of a redaction as the source text stores it (escaped brackets: Markdown).
REDACTION_MSGID = "[redacted by moderation]"


def redaction_notices(locales: Iterable[str]) -> list[str]:
    """The redaction notice in every language the site has (a text redacted while the site
    spoke French keeps the French one), in the forms the title and the body store."""
    from moderation.redaction import redaction_mark

    notices = {REDACTION_MSGID}
    for locale in locales:
        with force_locale(locale):
            notices.add(str(redaction_mark()))
    escaped = {n.replace("[", "\\[").replace("]", "\\]") for n in notices}
    return sorted(notices | escaped, key=len, reverse=True)


def domain_of(url: str) -> str:
    """The site a link points to ("https://www.example.org/a/b" -> "example.org")."""
    found = _DOMAIN.match(url.strip())
    return found.group(1).lower() if found else ""


def _parts(name: str) -> set[str]:
    parts = set()
    for word in re.split(r"[\s,;()«»“”\"]+", name or ""):
        word = word.strip(".:!?'’-")
        if word and (
            (word[0].isupper() and len(word) >= 3) or any(c.isdigit() or c == "_" for c in word)
        ):
            parts.add(word)
    return parts


def name_parts(
    pseudonyms: Iterable[str], attributions: Iterable[tuple[str, str]] = ()
) -> frozenset[str]:
    """The words by which a person may be named in a text, as written: a pseudonym's
    capitalised words of three letters or more, and any word of it that no dictionary has
    (with a digit or an underscore: "velotaf31"). From an attribution (with the event it
    names), only what names a person: neither the event's words (a place, a meeting) nor
    the first word of the default wording ("Participant à …")."""
    found: set[str] = set()
    for name in pseudonyms:
        found |= _parts(name)
    for attribution, event in attributions:
        words = attribution.split()
        found |= _parts(attribution) - _parts(event) - _parts(words[0] if words else "")
    return frozenset(found)


@dataclass
class Cleaned:
    """A contribution's own words, and the sites its links point to."""

    text: str
    sources: list[str] = field(default_factory=list)


def _normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


class Cleaner:
    """Cleans the texts of one debate: its redaction notices and the names of its people."""

    def __init__(
        self,
        notices: Iterable[str],
        pseudonyms: Iterable[str] = (),
        attributions: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.notices = [n for n in notices if n]
        self.names = name_parts(pseudonyms, attributions)

    def clean(
        self,
        text: str,
        *,
        parent: str = "",
        transcribed: bool = False,
        attribution: str = "",
    ) -> Cleaned:
        """The words of ``text`` that are its author's argument (see the module)."""
        for notice in self.notices:
            text = text.replace(notice, " ")
        if attribution:
            text = text.replace(attribution, " ")
        if transcribed:
            # The transcriber's italic note and the words introducing the quote go; the
            # person's words, often quoted, stay.
            text = _EMPHASISED.sub(" ", text)
            text = _INTRODUCING.sub(" ", text)
            text = _REPORTING.sub(" ", text)
            text = _QUOTE_MARK.sub("", text)
        elif parent:
            text = _QUOTE_LINE.sub(" ", text)
            text = self._without_copied(text, parent)
        sources: list[str] = []

        def link(match: re.Match) -> str:
            if not match.group(2).lower().startswith("mailto:"):
                sources.append(domain_of(match.group(2)))
            return f" {match.group(1)} "

        def bare(match: re.Match) -> str:
            if "@" not in match.group(0):
                sources.append(domain_of(match.group(0).strip("<>")))
            return " "

        # Each pattern runs only where its mark is (most texts have no link, no digit).
        if "](" in text:
            text = _MARKDOWN_LINK.sub(link, text)
        if "://" in text or "www." in text.lower():
            text = _AUTOLINK.sub(bare, text)
            text = _URL.sub(bare, text)
        if "@" in text:
            text = _EMAIL.sub(" ", text)
            text = _MENTION.sub(" ", text)
        if _DIGIT.search(text):
            text = _DATE.sub(" ", text)
            text = _NUMBER.sub(" ", text)
        if self.names:
            names = self.names
            text = _CAPITALISED.sub(lambda m: " " if m.group(0) in names else m.group(0), text)
        return Cleaned(text, [s for s in dict.fromkeys(sources) if s])

    @staticmethod
    def _without_copied(text: str, parent: str) -> str:
        """``text`` less the sentences it copies from ``parent`` (spacing and case aside)."""
        flat = _SPACES.sub(" ", text)
        lowered = flat.lower()
        if len(lowered) != len(flat):  # a rare letter whose lower case is longer: left as is
            return text
        for sentence in _sentences(_QUOTE_MARK.sub("", parent)):
            if len(sentence.split()) < COPIED_AT_LEAST:
                continue
            copied = _normalised(sentence)
            start = lowered.find(copied)
            while start != -1:
                end = start + len(copied)
                flat = flat[:start] + " " * len(copied) + flat[end:]
                lowered = lowered[:start] + " " * len(copied) + lowered[end:]
                start = lowered.find(copied, end)
        return flat


def words_of(text: str) -> set[str]:
    """The lower-cased words of a text that the analyser keeps (what a reason may show),
    as written and without their elided article ("l'hôpital", "hôpital")."""
    from synthesis.similarity import readable

    found = set()
    for word in _WORD.findall(text.lower()):
        if terms(word):
            found.update((word.strip("'’"), readable(word)))
    return found
