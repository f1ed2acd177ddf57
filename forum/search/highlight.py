"""Excerpts with the searched words marked, made from the database's text.

The index stores no text (a masked or erased contribution leaves no readable copy in it):
the excerpt is cut from the contribution's current text with the same analyser that
indexed it, so "vélos" is marked when "velo" was searched. The result is safe HTML: the
text is escaped and only ``<mark>`` is added.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from forum.search import analysis

EXCERPT_CHARS = 260


def _marks(text: str, words: set[str], prefixes: tuple[str, ...]) -> list[tuple[int, int, str]]:
    found = []
    for term in analysis.located_terms(text):
        if term.text in words or (prefixes and term.text.startswith(prefixes)):
            found.append((term.start, term.end, term.text))
    return found


def _render(text: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> Markup:
    parts: list[str] = []
    cursor = start
    for mark_start, mark_end, _term in marks:
        if mark_start < start or mark_end > end:
            continue
        parts.append(str(escape(text[cursor:mark_start])))
        parts.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        cursor = mark_end
    parts.append(str(escape(text[cursor:end])))
    html = "".join(parts).strip()
    if start > 0:
        html = "…" + html
    if end < len(text):
        html += "…"
    return Markup(html)


def _snap_start(text: str, position: int) -> int:
    """Move back to the start of a word (or of the text)."""
    position = max(0, position)
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position


def _snap_end(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    while position > 0 and not text[position].isspace():
        position -= 1
    return position


def excerpt(
    text: str, words: set[str], prefixes: tuple[str, ...] = (), length: int = EXCERPT_CHARS
) -> Markup:
    """The passage of ``text`` (about ``length`` characters) with the most distinct searched
    terms, those terms marked; the start of the text when none occurs."""
    text = " ".join((text or "").split())
    marks = _marks(text, words, prefixes)
    if not marks:
        end = _snap_end(text, length) if len(text) > length else len(text)
        return _render(text, 0, end or min(len(text), length), [])
    best_start, best_score = 0, -1
    for index, (mark_start, _end, _term) in enumerate(marks):
        window_end = mark_start + length
        seen = {term for s, e, term in marks[index:] if e <= window_end}
        score = len(seen) * 100 + sum(1 for s, e, _t in marks[index:] if e <= window_end)
        if score > best_score:
            best_start, best_score = mark_start, score
    # A little context before the first mark.
    start = _snap_start(text, best_start - length // 5) if best_start > length // 5 else 0
    end = start + length
    end = _snap_end(text, end) if end < len(text) else len(text)
    if end <= best_start:
        end = min(len(text), best_start + length)
    return _render(text, start, end, marks)


def mark_all(text: str, words: set[str], prefixes: tuple[str, ...] = ()) -> Markup:
    """The whole (short) text with every searched term marked: for titles."""
    text = text or ""
    return _render(text, 0, len(text), _marks(text, words, prefixes))
