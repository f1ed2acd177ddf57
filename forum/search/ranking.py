"""Relevance ranking over a Whoosh index, one posting block at a time.

Whoosh scores a query by walking its posting lists one document at a time in Python (about
25 µs a matching document here): a word found in half of 100,000 contributions costs a
second. This module reads the same posting lists block by block (128 postings, one
``pickle.loads`` each) into NumPy arrays and computes the same BM25F scores Whoosh would
(same ``idf``, same average length, the same quantised document lengths), so the top
results are those of ``searcher.search`` — ``tests/test_search_ranking.py`` checks it — at
a small fraction of the cost.

Phrases are matched lazily: candidates (documents holding every word) are ranked by the sum
of their words' scores, as Whoosh ranks a phrase, and their positions are read — one block
of postings at a time, where a candidate's posting lies — only until enough of them are
confirmed to fill the page.

It reads Whoosh 2.7's codec (``whoosh.codec.whoosh3``) directly, a format frozen since that
release; ``pyproject.toml`` pins that version. Orders other than relevance, and queries it
does not know, are left to Whoosh.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import ListMatcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from forum.render_cache import KeptStore, weight
from forum.search.query import ParsedQuery, Phrase, Prefix, Word

B, K1 = 0.75, 1.2  # whoosh.scoring.BM25F's defaults, which the backend uses
TEXT = "text"
_BYTE_TO_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)


@dataclass
class Postings:
    """One term's postings: document numbers (sorted) and the term's frequency in each.

    A segment's postings also say where each block of them lies in the segment's postings
    file (``starts``: the index of each block's first posting; ``extents``: its offset,
    length and compression), so that positions are read for one block when a phrase asks;
    a term with a single posting keeps it inline (``values``)."""

    ids: np.ndarray
    freqs: np.ndarray
    values: list | None = None
    starts: np.ndarray | None = None
    extents: list[tuple[int, int, bool]] | None = None

    @cached_property
    def weight(self) -> int:
        """Bytes of memory while cached: a rare word's few postings weigh mostly the
        objects around them, about a kilobyte."""
        parts = (self.ids, self.freqs, self.starts, self.values, self.extents)
        return _ENTRY_BYTES + sum(weight(part) for part in parts if part is not None)


# The Postings object, its attributes and its key in the cache (measured: 560 to 640).
_ENTRY_BYTES = 640


class Positions:
    """Where one term occurs in each document of a searcher, read a block of postings at a
    time when first asked: a phrase needs the positions of the few candidates that reach
    the page, not those of every document holding a common word."""

    def __init__(self, leaves, term: str) -> None:
        self.term = term
        self.parts = []  # (first document number, documents, segment postings, reader)
        for reader, offset in leaves:
            found = _segment_postings(reader, TEXT, term)
            if found is not None:
                self.parts.append((offset, reader.doc_count_all(), found, reader))
        self._blocks: dict[tuple[int, int], list] = {}

    def of(self, docnum: int) -> list[int] | None:
        for number, (offset, count, postings, reader) in enumerate(self.parts):
            if not offset <= docnum < offset + count:
                continue
            local = docnum - offset
            index = int(np.searchsorted(postings.ids, local))
            if index >= len(postings.ids) or postings.ids[index] != local:
                return None
            if postings.values is not None:
                return _positions(postings.values[index])
            block = int(np.searchsorted(postings.starts, index, side="right")) - 1
            values = self._blocks.get((number, block))
            if values is None:
                key = (reader.segment().segment_id(), self.term, block)
                values = _block_values(reader, postings.extents[block], key)
                self._blocks[(number, block)] = values
            return _positions(values[index - int(postings.starts[block])])
        return None


@dataclass
class Matches:
    """Documents with their scores; ``phrases`` still to be confirmed on each of them."""

    ids: np.ndarray
    scores: np.ndarray
    phrases: list[list[Positions]] = field(default_factory=list)


class Ranker:
    """Ranks queries on one Whoosh searcher; built once per (refreshed) searcher."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        # Segments only: an index without any (a site with no contribution yet) reads as
        # Whoosh's EmptyReader, which has nothing to rank.
        self.leaves = [
            (reader, offset)
            for reader, offset in searcher.reader().leaf_readers()
            if hasattr(reader, "_perdoc")
        ]
        self.size = searcher.doc_count_all()
        self.length_codes = self._length_codes()
        self.avg_length = searcher.avg_field_length(TEXT) or 1.0
        self.live = np.ones(self.size, dtype=bool)
        for reader, offset in self.leaves:
            for docnum in reader._perdoc.deleted_docs():
                self.live[offset + docnum] = False
        self._facets: dict[tuple[str, str], np.ndarray] = {}

    # --- Reading the index ------------------------------------------------------------

    def _length_codes(self) -> np.ndarray:
        """The length of the text field of every document, as the byte Whoosh quantises it
        to (a byte a document: 1 MB at 1,000,000, where the lengths themselves take 8)."""
        codes = np.zeros(self.size, dtype=np.uint8)  # 0: a length of 0
        for reader, offset in self.leaves:
            perdoc = reader._perdoc
            column = perdoc._cached_reader(_lenfield(TEXT), LENGTHS_COLUMN)
            count = reader.doc_count_all()
            if column is None or count == 0:
                continue
            stored = min(column._count, count)
            raw = column._dbfile.get(column._basepos, stored)
            codes[offset : offset + stored] = np.frombuffer(raw, np.uint8)
        return codes

    def postings(self, fieldname: str, term: str) -> Postings:
        ids_parts, freq_parts = [], []
        for reader, offset in self.leaves:
            segment = _segment_postings(reader, fieldname, term)
            if segment is None:
                continue
            ids_parts.append(segment.ids + offset)
            freq_parts.append(segment.freqs)
        if not ids_parts:
            return Postings(_EMPTY_IDS, _EMPTY_SCORES)
        ids = np.concatenate(ids_parts)
        freqs = np.concatenate(freq_parts)
        live = self.live[ids]
        if not live.all():
            ids, freqs = ids[live], freqs[live]
        return Postings(ids, freqs)

    def facet(self, fieldname: str, value: str, *, keep: bool = True) -> np.ndarray:
        """Documents holding a filter value (debate, theme, status…), kept for the
        searcher's life unless ``keep`` is false (a thread left out of its similar ones:
        one value per thread, each asked once)."""
        key = (fieldname, value)
        found = self._facets.get(key)
        if found is None:
            found = self.postings(fieldname, value).ids
            if keep:
                self._facets[key] = found
        return found

    # --- Scoring ------------------------------------------------------------------------

    def _bm25(self, term: str, postings: Postings) -> np.ndarray:
        if not len(postings.ids):  # Whoosh's idf is undefined on an empty index
            return _EMPTY_SCORES
        # Whoosh's own formula, without the searcher's cache of it, which keeps every word
        # ever scored for as long as the searcher lives (the index may not change for days).
        idf = self.searcher.weighting.idf(self.searcher, TEXT, term)
        lengths = _BYTE_TO_LENGTH[self.length_codes[postings.ids]]
        tf = postings.freqs
        return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * lengths / self.avg_length)))

    def _word(self, term: str) -> Matches:
        postings = self.postings(TEXT, term)
        return Matches(postings.ids, self._bm25(term, postings))

    def _prefix(self, prefix: str) -> Matches:
        # As Whoosh scores a prefix: the alternatives of every word it starts, each by BM25.
        words = [self._word(term) for term in self.searcher.reader().expand_prefix(TEXT, prefix)]
        return _union(words) if words else Matches(_EMPTY_IDS, _EMPTY_SCORES)

    def _phrase(self, terms: tuple[str, ...]) -> Matches:
        found = _intersect([self._word(t) for t in terms])
        found.phrases.append([Positions(self.leaves, t) for t in terms])
        return found

    def clause(self, clause) -> Matches:
        if isinstance(clause, Word):
            return self._word(clause.term)
        if isinstance(clause, Prefix):
            return self._prefix(clause.term)
        assert isinstance(clause, Phrase)
        return self._phrase(tuple(clause.terms))

    def any_of(self, terms) -> Matches:
        """Documents holding any of the terms (what "similar contributions" asks)."""
        return _union([self._word(term) for term in terms])

    def matches(self, parsed: ParsedQuery) -> Matches:
        groups = []
        for group in parsed.required:
            if len(group) == 1:
                groups.append(self.clause(group[0]))
            else:  # alternatives: phrases among them are confirmed at once
                groups.append(_union([_confirmed(self.clause(c)) for c in group]))
        found = _intersect(groups)
        if parsed.excluded:
            excluded = _union([_confirmed(self.clause(c)) for c in parsed.excluded])
            keep = ~np.isin(found.ids, excluded.ids, assume_unique=True)
            found = _select(found, keep)
        return found

    def top(
        self, found: Matches, allowed: np.ndarray | None, hidden: np.ndarray | None, count: int
    ) -> list[int]:
        """The ``count`` best documents (global numbers), best first, ties by number."""
        keep = np.ones(len(found.ids), dtype=bool)
        if allowed is not None:
            keep &= np.isin(found.ids, allowed, assume_unique=True)
        if hidden is not None and len(hidden):
            keep &= ~np.isin(found.ids, hidden, assume_unique=True)
        found = _select(found, keep)
        if not found.phrases and len(found.ids) > 4 * count:
            # Only the documents scoring at least the count-th best can be on the page
            # (ties included): sorting those alone spares sorting every match of common
            # words (most of a similar search at 1,000,000 contributions).
            threshold = np.partition(found.scores, len(found.ids) - count)[-count]
            found = _select(found, found.scores >= threshold)
        order = np.lexsort((found.ids, -found.scores))
        if not found.phrases:
            return found.ids[order[:count]].tolist()
        chosen: list[int] = []
        for index in order:
            docnum = int(found.ids[index])
            if all(_phrase_at(docnum, terms) for terms in found.phrases):
                chosen.append(docnum)
                if len(chosen) == count:
                    break
        return chosen


# --- Posting blocks, and a cache of them per segment ----------------------------------

# A segment never changes once written (deletions are kept beside it), so its decoded
# posting lists stay valid across searcher refreshes: only the postings of new segments are
# read again after a write. Both caches are bounded in bytes of memory, least recently used
# first out: similar-contribution searches bring a stream of rare words, thousands of
# entries of a few postings each, which a bound counted in postings let grow without end.
# Positions are not kept: a phrase reads the blocks of its candidates (``Positions``).
# ``PALABRE_SEARCH_CACHE_MB`` sets both budgets (``set_budget``).
_cache = KeptStore(18_000_000, cost=lambda postings: postings.weight)
_position_blocks = KeptStore(6_000_000, cost=weight)  # a block's positions: about 5 KB


def set_budget(megabytes: float) -> None:
    """Bytes of memory for the caches of this process: three quarters for decoded
    postings, a quarter for the blocks of positions that phrases read."""
    total = int(megabytes * 1_000_000)
    _cache.budget, _position_blocks.budget = total - total // 4, total // 4
    forget_cached()


def forget_cached() -> None:
    """Empty both caches (a benchmark's cold run, a test)."""
    _cache.clear()
    _position_blocks.clear()


def _segment_postings(reader, fieldname: str, term: str) -> Postings | None:
    """One segment's postings of a term (local document numbers), from the cache if there."""
    key = (reader.segment().segment_id(), fieldname, term)
    found = _cache.get(key)
    if found is not None:
        return found
    tbytes = reader._text_to_bytes(fieldname, term)
    if (fieldname, tbytes) not in reader._terms:
        return None
    matcher = reader._terms.matcher(fieldname, tbytes, reader.schema[fieldname].format)
    if isinstance(matcher, ListMatcher):  # a term with one posting, kept in the term info
        weights = matcher._weights
        ids = np.array(matcher._ids, dtype=np.int64)
        freqs = np.ones(len(ids)) if weights is None else np.array(weights, dtype=np.float64)
        found = Postings(ids, freqs, values=list(matcher._values or [None] * len(ids)))
    else:
        ids_parts, freq_parts, starts, extents = [], [], [], []
        count = 0
        for ids, freqs, extent in _blocks(matcher):
            ids_parts.append(ids)
            freq_parts.append(freqs)
            starts.append(count)
            extents.append(extent)
            count += len(ids)
        found = Postings(
            np.concatenate(ids_parts),
            np.concatenate(freq_parts),
            starts=np.array(starts, dtype=np.int64),
            extents=extents,
        )
    _cache.put(key, found)
    return found


def _blocks(matcher: W3LeafMatcher):
    """(ids, frequencies, (offset, length, compressed)) of each posting block, in bulk."""
    postfile = matcher._postfile
    while True:
        extent = (
            matcher._dataoffset,
            matcher._nextoffset - matcher._dataoffset,
            bool(matcher._compression),
        )
        mini_ids, weights, _values = _read_block(postfile, extent)
        ids = np.cumsum(np.array(mini_ids, dtype=np.int64))
        if weights is None:
            freqs = np.ones(len(ids))
        elif isinstance(weights, float):
            freqs = np.full(len(ids), weights)
        else:
            freqs = np.array(weights, dtype=np.float64)
        yield ids, freqs, extent
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def _read_block(postfile, extent: tuple[int, int, bool]) -> tuple:
    offset, length, compressed = extent
    raw = postfile.get(offset, length)
    return pickle.loads(zlib.decompress(raw) if compressed else raw)


def _block_values(reader, extent: tuple[int, int, bool], key: tuple) -> list:
    """The encoded positions of one block's postings, read with this reader's file, and
    kept (a quarter of the search caches' budget, least recently used first out) for the
    next phrase."""
    found = _position_blocks.get(key)
    if found is None:
        found = list(_read_block(reader._terms._postfile, extent)[2])
        _position_blocks.put(key, found)
    return found


def _positions(value) -> list[int]:
    """Whoosh's ``Positions.decode_positions``: a count, then pickled deltas."""
    position = 0
    out = []
    for delta in pickle.loads(value[_INT_SIZE:]):
        position += delta
        out.append(position)
    return out


def _phrase_at(docnum: int, terms: list[Positions]) -> bool:
    """Whether the words follow each other somewhere in the document."""
    starts: set[int] | None = None
    for shift, term in enumerate(terms):
        found = term.of(docnum)
        if found is None:
            return False
        here = {p - shift for p in found}
        starts = here if starts is None else starts & here
        if not starts:
            return False
    return True


# --- Combining matches ----------------------------------------------------------------


def _select(found: Matches, keep: np.ndarray) -> Matches:
    return Matches(found.ids[keep], found.scores[keep], found.phrases)


def _intersect(groups: list[Matches]) -> Matches:
    """Documents in every group; scores add up, as in Whoosh's intersection."""
    if not groups:
        return Matches(_EMPTY_IDS, _EMPTY_SCORES)
    ids, scores, phrases = groups[0].ids, groups[0].scores, list(groups[0].phrases)
    for other in groups[1:]:
        ids, left, right = np.intersect1d(ids, other.ids, assume_unique=True, return_indices=True)
        scores = scores[left] + other.scores[right]
        phrases.extend(other.phrases)
    return Matches(ids, scores, phrases)


def _union(groups: list[Matches]) -> Matches:
    """Documents in any group; scores of the groups that hold a document add up."""
    if len(groups) == 1:
        return groups[0]
    ids = np.concatenate([g.ids for g in groups])
    scores = np.concatenate([g.scores for g in groups])
    if not len(ids):
        return Matches(_EMPTY_IDS, _EMPTY_SCORES)
    end = int(ids.max()) + 1
    if len(ids) * 8 < end:  # few matches among many documents: sort them
        unique, inverse = np.unique(ids, return_inverse=True)
        return Matches(unique, np.bincount(inverse, weights=scores, minlength=len(unique)))
    # Many: add the scores up over every document number, without sorting (both ways add a
    # document's scores in the same order, so the sums are the same).
    unique = np.flatnonzero(np.bincount(ids, minlength=end))
    return Matches(unique, np.bincount(ids, weights=scores, minlength=end)[unique])


def _confirmed(found: Matches) -> Matches:
    """Matches whose phrases are checked now (inside alternatives or exclusions)."""
    if not found.phrases:
        return found
    keep = np.array(
        [all(_phrase_at(int(d), terms) for terms in found.phrases) for d in found.ids],
        dtype=bool,
    )
    return Matches(found.ids[keep], found.scores[keep])
