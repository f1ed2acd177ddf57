"""Where a redirect may send a visitor back to: only a path of this site.

Every view that follows a target the request carries (``next`` in the query string or in
a form) passes it through ``safe_next``. The check is made on the very text the response
will carry: werkzeug rewrites a ``Location`` header with ``iri_to_uri`` when it sends it,
and that rewriting drops tabs and line breaks and collapses leading slashes (``////evil``
becomes ``//evil``, a link to another host). So the target is normalised first, the same
way, and the normalised text is judged and returned.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.urls import iri_to_uri

# A path segment that a browser resolves away ("..", "%2e%2e"…) or an empty one ("a//b"):
# no page of Palabre has one, and they are what tricks on the path are made of.
_DOT_SEGMENTS = {".", "..", "%2e", "%2e%2e", ".%2e", "%2e."}


def _has_tricky_characters(text: str) -> bool:
    """A backslash, a control character or a space: browsers drop tabs and line breaks
    and treat ``\\`` as ``/``, and no link of Palabre carries one unencoded."""
    return any(ord(char) <= 0x20 or ord(char) == 0x7F or char == "\\" for char in text)


def _stays_on_site(location: str) -> bool:
    """Whether ``location`` (already normalised) is a path on this site, read as a browser
    reads it: one leading slash, then no host, no scheme, no empty or dot segment."""
    if not location.startswith("/") or location.startswith("//"):
        return False
    if _has_tricky_characters(location):
        return False
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return False
    segments = parts.path.split("/")[1:]
    return all(
        segment.lower() not in _DOT_SEGMENTS and (segment or index == len(segments) - 1)
        for index, segment in enumerate(segments)
    )


def safe_next(target: str | None, fallback: str) -> str:
    """The path ``target`` normalised as it will be sent, if it stays on this site;
    otherwise ``fallback`` (no open redirect)."""
    if not target or _has_tricky_characters(target):
        return fallback
    try:
        location = iri_to_uri(target)
    except (ValueError, UnicodeError):
        return fallback
    # Sent as it is: normalising it again must not change it.
    if not _stays_on_site(location) or iri_to_uri(location) != location:
        return fallback
    return location
