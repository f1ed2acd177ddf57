"""Full builds of the Whoosh index, written segment by segment without Whoosh's writer.

Whoosh's ``SegmentWriter`` spends most of a full build on bookkeeping it needs for
incremental updates: each posting goes through a generic pool as a tuple, is sorted with
every other posting, then looks the document's length up again from disk before Whoosh's
postings writer checks and buffers it one call at a time. A full build knows everything
up front, so this module gathers the postings per term in memory and writes Whoosh's own
files with Whoosh's own codec classes: the per-document writer (stored fields, lengths,
columns), the term table, and posting blocks in the exact format Whoosh's postings writer
produces (``W3PostingsWriter._write_block``). The result is an ordinary Whoosh index:
Whoosh reads, updates and merges it as if it had written it. ``tests/test_search_build.py``
compares a build with the one Whoosh's writer makes from the same documents, file for file.

Two processes build one segment each (a segment per ``SEGMENT_DOCS`` documents) while the
calling process reads the database and hands them batches, so a build uses both cores.
"""

from __future__ import annotations

import queue
import zlib
from collections.abc import Callable, Iterable
from multiprocessing import get_context
from pickle import dumps
from typing import Any

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from forum.search import analysis
from forum.search.backend import batched

TEXT_FIELD = "text"
BATCH = 500
SEGMENT_DOCS = 250_000  # bounds a builder's memory (about 6 KB per document)
QUEUED_BATCHES = 4
FACET_CACHE = 50_000
WAIT = 1.0  # seconds between checks that the builders are still alive

# Positions of a term seen once in a document, encoded as Whoosh's ``Positions`` format
# does (a count, then the pickled gaps): most postings are these, so they are kept.
_single_positions: dict[int, bytes] = {}


def _encode_positions(positions: list[int]) -> bytes:
    if len(positions) == 1:
        position = positions[0]
        found = _single_positions.get(position)
        if found is None:
            found = _single_positions[position] = pack_uint(1) + dumps([position], 2)
        return found
    gaps, previous = [], 0
    for position in positions:
        gaps.append(position - previous)
        previous = position
    return pack_uint(len(gaps)) + dumps(gaps, 2)


# One float object per small frequency, shared by every posting that has it (millions).
_WEIGHTS = [float(n) for n in range(256)]


def _weight(frequency: int) -> float:
    return _WEIGHTS[frequency] if frequency < 256 else float(frequency)


class _Block:
    """What ``W3TermInfo.add_block`` reads of a block of postings."""

    __slots__ = ("_weights", "_ids", "_minlength", "_maxlength", "_maxweight")

    def __init__(self, ids, weights, minlength, maxlength, maxweight) -> None:
        self._ids = ids
        self._weights = weights
        self._minlength = minlength
        self._maxlength = maxlength
        self._maxweight = maxweight

    def __len__(self) -> int:
        return len(self._ids)

    def min_id(self):
        return self._ids[0]

    def max_id(self):
        return self._ids[-1]

    def min_length(self):
        return self._minlength

    def max_length(self):
        return self._maxlength

    def max_weight(self):
        return self._maxweight


class SegmentBuilder:
    """One new segment of an index: documents are added in order, then ``finish`` writes
    the postings and returns the Whoosh segment object for the table of contents."""

    def __init__(self, storage, schema, indexname: str = "MAIN") -> None:
        self.storage = storage
        self.schema = schema
        self.codec = default_codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.docnum = 0
        # field name -> term -> [(docnum, weight, encoded value, length), ...]; the text
        # field's terms are kept as str (encoded when written), the others' as Whoosh
        # gives them (bytes: a numeric field's terms are not text).
        self.postings: dict[str, dict[str | bytes, list[tuple]]] = {}
        self.text_field = schema[TEXT_FIELD] if TEXT_FIELD in schema.names() else None
        self._facets: dict[tuple, tuple[list[tuple], int]] = {}

    def _text_items(self, value: str) -> tuple[list[tuple[str, float, bytes]], int]:
        """Our analyser's terms with their positions, as Whoosh's ``Positions`` format
        would index them, and the field's length (its number of terms)."""
        where = analysis.term_positions(value)
        items = [(term, _weight(len(p)), _encode_positions(p)) for term, p in where.items()]
        return items, sum(len(p) for p in where.values())

    def _facet_items(self, fieldname: str, field, value) -> tuple[list[tuple], int]:
        """Whoosh's own indexing of a short field, kept per value: debates, statuses,
        kinds, channels and themes repeat from one document to the next."""
        key = (fieldname, value)
        found = self._facets.get(key)
        if found is None:
            indexed = list(field.index(value))
            items = [(term, float(weight), encoded) for term, _f, weight, encoded in indexed]
            length = sum(freq for _t, freq, _w, _v in indexed) if field.scorable else 0
            found = (items, length)
            if len(self._facets) >= FACET_CACHE:
                self._facets.clear()
            self._facets[key] = found
        return found

    def add(self, fields: dict) -> None:
        schema, perdoc, docnum = self.schema, self.perdoc, self.docnum
        perdoc.start_doc(docnum)
        for fieldname in sorted(fields):  # the order Whoosh's writer uses
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                if field is self.text_field:
                    items, length = self._text_items(value)
                else:
                    items, length = self._facet_items(fieldname, field, value)
                # The postings carry the length as Whoosh's length column stores it.
                stored_length = byte_to_length(length_to_byte(length)) if length else 0
                terms = self.postings.setdefault(fieldname, {})
                for term, weight, encoded in items:
                    posting = (docnum, weight, encoded, stored_length)
                    found = terms.get(term)
                    if found is None:
                        terms[term] = [posting]
                    else:
                        found.append(posting)
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self.docnum += 1

    def finish(self):
        self.perdoc.close()
        writer = self.codec.field_writer(self.storage, self.segment)
        for fieldname in sorted(self.postings):
            field = self.schema[fieldname]
            writer.start_field(fieldname, field)
            self._write_field(writer, field, self.postings[fieldname])
            writer.finish_field()
        writer.close()
        self.postings = {}
        self.segment.set_doc_count(self.docnum)
        self.segment.create_compound_file(self.storage)
        return self.segment

    def _write_field(self, writer, field, terms: dict) -> None:
        # str terms sort in code point order, which is their UTF-8 bytes' order.
        postfile = writer._postfile
        prefix = pack_ushort(writer._fieldid)
        table = writer._tindex
        fixed = field.format.fixed_value_size()
        limit = self.codec._blocklimit
        level = self.codec._compression
        for term in sorted(terms):
            postings = terms[term]
            info = W3TermInfo()
            start = postfile.tell()
            postfile.write(WHOOSH3_HEADER_MAGIC)
            for first in range(0, len(postings), limit):
                block = postings[first : first + limit]
                last = first + limit >= len(postings)
                _write_block(postfile, info, block, fixed, level, last)
            info.set_extent(start, postfile.tell() - start)
            key = term.encode("utf-8") if isinstance(term, str) else term
            table.add(prefix + key, info.to_bytes())


def _write_block(postfile, info: W3TermInfo, block: list[tuple], fixed, level, last) -> None:
    """One block of postings, byte for byte as ``W3PostingsWriter._write_block`` writes it."""
    ids = [posting[0] for posting in block]
    weights = [posting[1] for posting in block]
    lengths = [posting[3] for posting in block if posting[3]]
    minlength = min(lengths) if lengths else None
    maxlength = max(lengths) if lengths else 0
    maxweight = max(weights)
    info.add_block(_Block(ids, weights, minlength, maxlength, maxweight))

    gaps, previous = [], 0
    for docnum in ids:
        gaps.append(docnum - previous)
        previous = docnum
    if all(weight == 1.0 for weight in weights):
        mini_weights = None
    elif all(weight == weights[0] for weight in weights):
        mini_weights = weights[0]
    else:
        mini_weights = tuple(weights)
    if fixed is None:
        values = tuple(posting[2] for posting in block)
    elif fixed == 0:
        values = None
    else:
        values = b"".join(posting[2] for posting in block)
    data = zlib.compress(dumps((tuple(gaps), mini_weights, values), 2), level)
    header = dumps(
        (
            len(ids),
            ids[-1],
            maxweight,
            level,
            length_to_byte(minlength),
            length_to_byte(maxlength),
        ),
        2,
    )
    size = len(header) + len(data)
    postfile.write_int(-size if last else size)
    postfile.write(header)
    postfile.write(data)


# --- A whole build -----------------------------------------------------------------------


def _commit(index: FileIndex, segments: list) -> None:
    """Make the new segments the index's content (a new table of contents)."""
    generation = index.latest_generation() + 1
    TOC(index.schema, segments, generation).write(index.storage, index.indexname)
    clean_files(index.storage, index.indexname, generation, segments)


def _build_in_process(index: FileIndex, batches: Iterable[list], prepare, progress) -> list:
    segments, builder = [], None
    for batch in batches:
        for document in batch:
            if builder is not None and builder.docnum >= SEGMENT_DOCS:
                segments.append(builder.finish())
                builder = None
            if builder is None:  # created with its first document: no empty segment
                builder = SegmentBuilder(index.storage, index.schema, index.indexname)
            builder.add(prepare(document))
        progress(len(batch))
    if builder is not None:
        segments.append(builder.finish())
    return segments


def _builder_process(index: FileIndex, prepare, inbox, outbox) -> None:
    """A child process: build segments from the batches it is given, send them back."""
    try:
        segments = _build_in_process(index, iter(inbox.get, None), prepare, lambda _n: None)
        outbox.put(("done", segments))
    except BaseException as error:  # reported to the parent, which raises
        outbox.put(("error", repr(error)))
        raise


def build(
    index: FileIndex,
    documents: Iterable,
    progress: Callable[[int], None],
    procs: int = 1,
    prepare: Callable[[Any], dict] = lambda fields: fields,
) -> int:
    """Fill an empty index with ``documents``; returns how many. ``prepare`` turns one into
    the dict of its field values, in the process that indexes it. With ``procs`` > 1, that
    many child processes build a segment each."""

    counted = [0]

    def counting(n: int) -> None:
        counted[0] += n
        progress(n)

    if procs <= 1:
        _commit(index, _build_in_process(index, batched(documents, BATCH), prepare, counting))
        return counted[0]

    context = get_context("fork")
    outbox = context.Queue()
    inboxes = [context.Queue(QUEUED_BATCHES) for _ in range(procs)]
    children = [
        context.Process(target=_builder_process, args=(index, prepare, inbox, outbox), daemon=True)
        for inbox in inboxes
    ]
    for child in children:
        child.start()
    try:
        for number, batch in enumerate(batched(documents, BATCH)):
            _hand_over(inboxes[number % procs], batch, children)
            counting(len(batch))
        for inbox in inboxes:
            _hand_over(inbox, None, children)
        segments = []
        for _ in children:
            kind, payload = _receive(outbox, children)
            if kind == "error":
                raise RuntimeError(f"a search index builder failed: {payload}")
            segments.extend(payload)
        for child in children:
            child.join()
    finally:
        for child in children:
            if child.is_alive():
                child.kill()
                child.join()
    _commit(index, segments)
    return counted[0]


def _check_alive(children) -> None:
    for child in children:
        if child.exitcode not in (None, 0):
            raise RuntimeError(f"a search index builder stopped (exit code {child.exitcode})")


def _hand_over(inbox, batch, children) -> None:
    while True:
        try:
            inbox.put(batch, timeout=WAIT)
            return
        except queue.Full:
            _check_alive(children)


def _receive(outbox, children):
    while True:
        try:
            return outbox.get(timeout=WAIT)
        except queue.Empty:
            _check_alive(children)
