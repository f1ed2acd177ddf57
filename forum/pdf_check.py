"""Uploaded PDFs: refused when they carry active content (the one module that reads PDFs).

A PDF can hold JavaScript run at opening (``/OpenAction``), on page or field events
(``/AA``), launch a program (``/Launch``), carry attached files (``/EmbeddedFile``), Flash or
multimedia (``/RichMedia``), XFA forms, or send a form elsewhere (``/SubmitForm``). None of
that belongs in a debate's documents or a scan of a paper contribution, so such a file is
refused with a message, rather than rewritten: the sender keeps control of the document
that is published under their name.

Two readings, either of which refuses: pypdf's, which follows every object reachable from
the file's trailer (names with ``#xx`` escapes decoded, object streams opened whatever their
filter); and a reading of the raw bytes and of every Flate-compressed stream, for a file too
damaged for pypdf that a lenient viewer might still open.
"""

from __future__ import annotations

import io
import logging
import re
import zlib

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/Sound",
        "/Movie",
    }
)
# A name token: "/" then regular characters (PDF 1.7, 7.2.2); #xx escapes decoded below.
_NAME = re.compile(rb"/[^\s/<>\[\]{}()%]+")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_MAX_INFLATED = 64 * 1024 * 1024  # a compressed bomb is read no further than this
_MAX_OBJECTS = 200_000

log = logging.getLogger(__name__)


def _names_in(data: bytes) -> set[str]:
    return {
        _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")
        for raw in _NAME.findall(data)
    }


def _inflated_streams(data: bytes) -> list[bytes]:
    """Every stream of the file that inflates (Flate), within a total budget."""
    found: list[bytes] = []
    budget = _MAX_INFLATED
    for match in _STREAM.finditer(data):
        if budget <= 0:
            break
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        found.append(inflated)
    return found


def _raw_active(data: bytes) -> set[str]:
    names = _names_in(data)
    for inflated in _inflated_streams(data):
        names |= _names_in(inflated)
    return names & ACTIVE_NAMES


def _walked_active(data: bytes) -> set[str]:
    """The active names among the objects reachable from the trailer, as pypdf reads them
    (an empty set for a file pypdf cannot read: the raw reading still applies)."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pending: list[object] = [reader.trailer]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as error:
        log.info("a PDF pypdf cannot read: %s", error)
        return set()
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    visited = 0
    while pending and visited < _MAX_OBJECTS:
        item = pending.pop()
        visited += 1
        try:
            if isinstance(item, IndirectObject):
                if (item.idnum, item.generation) in seen:
                    continue
                seen.add((item.idnum, item.generation))
                pending.append(item.get_object())
            elif isinstance(item, DictionaryObject):
                found |= {str(key) for key in item} & ACTIVE_NAMES
                pending.extend(item.values())
            elif isinstance(item, ArrayObject):
                pending.extend(item)
            elif isinstance(item, NameObject) and str(item) in ACTIVE_NAMES:
                found.add(str(item))
        except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
            continue  # an object pypdf cannot read: the raw reading covers it
    return found


def active_content(data: bytes) -> set[str]:
    """The names of the active content a PDF carries (empty when it carries none)."""
    return _raw_active(data) | _walked_active(data)
