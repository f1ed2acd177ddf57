"""User text to safe HTML: the only module that renders Markdown or sanitises HTML.

Markdown is rendered by markdown-it-py with raw HTML disabled, then the result is cleaned
by nh3 against an allowlist. Both steps are kept: the renderer may still produce a link to
a hostile scheme, and the allowlist is the last word on what reaches a page.

Bare addresses ("https://…", "www.…", "ville.fr/page") become links through markdown-it-py's
linkify (``linkify-it-py``), limited to the schemes the allowlist keeps: ``ftp:`` and
protocol-relative ``//host`` are not recognised, so a link is never shown without its
address. Texts stored before linkify are re-rendered by ``flask render-texts``
(``forum.rerender``).
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "a", "code", "pre", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# The subset participants write in: paragraphs, emphasis, lists, quotes, links.
# Headings, tables, images and raw HTML are off; what is off shows as plain text.
_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable("linkify")
    .disable(["heading", "lheading", "image", "html_block", "html_inline", "table"], True)
)
# linkify-it also knows "ftp:" and "//host": neither is a scheme the allowlist keeps.
_markdown.linkify.add("ftp:", None).add("//", None)

_WHITESPACE = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_html(fragment: str) -> str:
    """Keep only allowlisted tags, attributes and URL schemes; add ``rel`` to links.

    Cleaning what was cleaned can change it: a link inside a table that is taken out stays
    nested in the link before it, which a browser's parser (and the next cleaning) splits
    in two. It is cleaned again until it stays the same, so that what is stored is what a
    browser reads."""
    cleaned = _clean_once(fragment)
    for _ in range(3):
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean_once(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        # "*" empty: ammonia otherwise allows ``lang`` and ``title`` on every tag.
        attributes={"*": set()} | {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Render a participant's Markdown to sanitised HTML."""
    return clean_html(_markdown.render(source or ""))


# Text in which Markdown gives no character a meaning: letters, digits, spaces and common
# punctuation, no line starting with a space, a digit, "-", "+" or "=" (lists, code,
# headings) and none ending with a space (hard breaks). Its HTML is one <p> per paragraph.
_NOT_PLAIN_CHAR = re.compile(r"[^\w .,;:?!'\"()%€$/–—’‘“”«»…°\n-]|_")
_NOT_PLAIN_LINE = re.compile(r"^[ \d+=-]|[ ]$", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")
# What every address linkify recognises holds: a scheme's "://", or a dot or an "@" before
# a letter (a domain's last label, an e-mail's domain). linkify-it's own test costs ~0.1 ms
# a paragraph, most of the plain path's cost: it runs only on text with one of these.
_MAY_LINK = re.compile(r"://|[.@][^\W\d_]")


def _plain_paragraphs(source: str) -> str | None:
    """The HTML of ``source`` if it is plain paragraphs (see above), else None."""
    if _NOT_PLAIN_CHAR.search(source) or _NOT_PLAIN_LINE.search(source):
        return None
    if _MAY_LINK.search(source) and _markdown.linkify.test(source):  # an address: a link
        return None
    paragraphs = _PARAGRAPH_BREAK.split(source.strip("\n"))
    return "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs if paragraph)


def render_markdown_many(sources: list[str]) -> list[str]:
    """``render_markdown`` for many texts at once (bulk imports of transcriptions).

    Plain paragraphs skip the parser: their HTML is exactly what the parser and the
    allowlist would give (a test compares both on arbitrary text), at a fraction of the cost.
    """
    return [_plain_paragraphs(source) or render_markdown(source) for source in sources]


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML, for excerpts, feeds, exports and search."""
    with_breaks = re.sub(r"</(p|li|blockquote|pre)>|<br\s*/?>", "\n", fragment)
    text = html.unescape(nh3.clean(with_breaks, tags=set()))
    lines = [_WHITESPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def markdown_to_text(source: str) -> str:
    """Plain text of a participant's Markdown."""
    return html_to_text(render_markdown(source))


def clean_plain(text: str) -> str:
    """A one-line plain-text field (title, pseudonym): trimmed, control characters removed.

    Templates escape it on output; this only removes what no person meant to type.
    """
    # Tabs and line breaks separate words: they become spaces, not nothing.
    text = "".join(ch if ch.isprintable() else " " if ch.isspace() else "" for ch in text)
    return _WHITESPACE.sub(" ", text).strip()


def excerpt(fragment: str, length: int = 280) -> str:
    """The start of sanitised HTML as one line of plain text, cut at a word."""
    text = " ".join(html_to_text(fragment).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
