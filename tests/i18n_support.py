"""The words of the interface a page or an e-mail shows, and the tell-tale words of a language.

A page in one language must show no word of the interface in the other. What people wrote
is data, not interface, and is left out before checking: elements marked ``user-text``,
contributions' and answers' bodies (``prose``), excerpts, sources of sections, e-mails shown
in the outbox, and what is typed in form fields.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Classes of elements whose text is what people wrote (or a copy of it).
DATA_CLASSES = {"user-text", "prose", "excerpt", "mail-body", "section-source", "author"}
# Elements whose text is never shown as interface.
SKIPPED_TAGS = {"script", "style", "textarea", "pre", "code"}
# Attributes read aloud or shown by browsers.
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip

# Words of the English interface that French never uses (matched as whole words, case kept):
# each caught a real leak, or stands for a family of them (WTForms' and flask-login's
# messages, Babel's sizes, the journal's filter).
ENGLISH_WORDS = (
    "the", "and", "of", "your", "you", "with", "from", "this", "is", "are", "not",
    "Reply", "Search", "Submit", "Send", "Save", "Next", "Previous", "From", "To", "Back",
    "Bytes", "bytes", "kB", "MB", "Please", "Required", "This field", "Invalid", "Log in",
    "Log out", "Contributions by", "Your", "No", "Theme", "Themes", "Debate", "Answer",
    "Report", "Download", "Edit", "Delete", "Cancel",
)  # fmt: skip
# Words of the French interface that English never uses.
FRENCH_WORDS = (
    "le", "la", "les", "des", "du", "et", "une", "vous", "votre", "dans", "sur", "est",
    "Répondre", "Rechercher", "Envoyer", "Enregistrer", "Suivant", "Précédent", "Du", "Au",
    "octets", "Ko", "Mo", "Connexion", "Déconnexion", "Thème", "Thèmes", "Débat",
    "Réponse", "Télécharger", "Modifier", "Supprimer", "Annuler", "Aucune", "Aucun",
)  # fmt: skip
TELL_TALE = {"fr": ENGLISH_WORDS, "en": FRENCH_WORDS}


class _InterfaceText(HTMLParser):
    """Collects the text a reader sees, leaving out what people wrote."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # for each open element: is it data (or inside data)?

    def _inside_data(self) -> bool:
        return bool(self._stack) and self._stack[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        data = self._inside_data() or tag in SKIPPED_TAGS or bool(classes & DATA_CLASSES)
        if not data:
            for name in SHOWN_ATTRIBUTES:
                if values.get(name):
                    self.parts.append(values[name] or "")
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.parts.append(values.get("value") or "")
        if tag not in VOID_TAGS:
            self._stack.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._inside_data():
            self.parts.append(data)


def interface_text(html: str) -> str:
    """The visible words of ``html`` that belong to the interface, on one line."""
    parser = _InterfaceText()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def foreign_words(text: str, language: str, known: tuple[str, ...] = ()) -> list[str]:
    """The tell-tale words of the other language found in ``text`` (meant in ``language``),
    each with a little of its context; ``known`` strings (data, names) are removed first."""
    for data in sorted(known, key=len, reverse=True):
        if data:
            text = text.replace(data, " ")
    found = []
    for word in TELL_TALE[language]:
        pattern = rf"(?<![\w-]){re.escape(word.strip())}(?![\w-])"
        for match in re.finditer(pattern, text):
            found.append(f"{word!r} in “…{text[max(0, match.start() - 40) : match.end() + 40]}…”")
            break
    return found
