"""The embedded backend: a Whoosh index in the instance folder.

Layout of ``PALABRE_INDEX_PATH``: ``current`` is a symbolic link to the build in use
(``build-…``), and ``writer.lock`` is the lock that makes one process at a time the
writer. A full rebuild writes a new build beside the old one and swaps the link, so
searches go on while it runs.

The index stores no text, only terms and the facts searches filter on (debate, themes,
kind, channel, status, tags, date) plus a fingerprint per document: excerpts are cut from
the database's text, and a masked or erased contribution leaves no readable copy here.

Searchers are kept (one per thread) and refreshed when the index has changed, rather than
opened for each query; the sets of documents hidden from a viewer are cached per searcher.
Everything goes through Whoosh's documented API (index, fields, query, searching, scoring,
writing, storage): its own BM25F ranks results and its own writer writes every segment.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import ReaderClosed
from whoosh.scoring import BM25F

from forum.search import analysis, highlight
from forum.search.backend import (
    Excerpt,
    Filters,
    HitPage,
    Order,
    Progress,
    Visibility,
    batched,
    epoch_seconds,
)
from forum.search.documents import SearchDocument
from forum.search.query import ParsedQuery, Phrase, Prefix, Word

log = logging.getLogger(__name__)

HIDDEN_STATUSES = ("pending", "masked")
# How much more a word's exact form weighs than its stem ("stationnement" over "station"):
# a document holding the exact word scores its stem's BM25F plus this times the exact term's.
EXACT_BOOST = 2.0
# Full builds larger than this use Whoosh's multiprocessing writer (two cores).
PARALLEL_BUILD_FROM = 20_000
# Memory Whoosh's writer may use for its posting pool during a full build (MB a process).
BUILD_LIMIT_MB = 128
BUILD_BATCH = 500
# How long an applying process waits for Whoosh's own lock (another writer never holds
# it long: ours is taken first).
WRITE_TIMEOUT = 30.0


def _facet() -> KEYWORD:
    # Scorable only so that Whoosh keeps a length column for the field: without one, its
    # writer checks the disk for that column at every posting, which slows indexing 3x.
    return KEYWORD(scorable=True)


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        fp=STORED,
        debate=_facet(),
        root=_facet(),
        status=_facet(),
        kind=_facet(),
        channel=_facet(),
        themes=_facet(),
        tags=_facet(),
        # Minutes since 1970 in 32 bits, 8-bit steps: 4 index terms per date instead of the
        # 16 of a 64-bit default, for range filters that are just as fast.
        created=NUMERIC(numtype=int, bits=32, shift_step=8, signed=False, sortable=True),
        text=TEXT(analyzer=analysis.FrenchAnalyzer(), phrase=True),
        # The same words unstemmed (``analysis.exact_terms``): ranks exact forms first.
        exact=TEXT(analyzer=analysis.ExactAnalyzer(), phrase=False),
    )


def _fields(document: SearchDocument) -> dict:
    return {
        "id": str(document.id),
        "fp": document.fingerprint,
        "debate": str(document.debate_id),
        "root": str(document.root_id),
        "status": document.status,
        "kind": document.kind,
        "channel": document.channel,
        "themes": " ".join(str(t) for t in document.theme_ids),
        "tags": " ".join(str(t) for t in document.tag_ids),
        "created": epoch_seconds(document.created_at) // 60,
        "text": document.text,
        "exact": document.text,
    }


def _clause(clause, ranked: bool = False) -> wq.Query:
    """``ranked``: a word also matches its exact form, boosted (documents with the stem
    only are still found, below)."""
    if isinstance(clause, Word):
        if ranked and clause.exact:
            return wq.Or(
                [
                    wq.Term("text", clause.term),
                    wq.Term("exact", clause.exact, boost=EXACT_BOOST),
                ]
            )
        return wq.Term("text", clause.term)
    if isinstance(clause, Prefix):
        return wq.Prefix("text", clause.term)
    assert isinstance(clause, Phrase)
    return wq.Phrase("text", list(clause.terms))


def compile_query(parsed: ParsedQuery) -> wq.Query:
    groups = [
        _clause(group[0], True) if len(group) == 1 else wq.Or([_clause(c, True) for c in group])
        for group in parsed.required
    ]
    query: wq.Query = groups[0] if len(groups) == 1 else wq.And(groups)
    if parsed.excluded:
        query = wq.AndNot(query, wq.Or([_clause(c) for c in parsed.excluded]))
    return query


def _filter_terms(filters: Filters) -> list[wq.Query]:
    found: list[wq.Query] = []
    if filters.debate_id is not None:
        found.append(wq.Term("debate", str(filters.debate_id)))
    if filters.theme_id is not None:
        found.append(wq.Term("themes", str(filters.theme_id)))
    if filters.kind:
        found.append(wq.Term("kind", filters.kind))
    if filters.channel:
        found.append(wq.Term("channel", filters.channel))
    if filters.status:
        found.append(wq.Term("status", filters.status))
    if filters.tag_id is not None:
        found.append(wq.Term("tags", str(filters.tag_id)))
    start, end = filters.created_range
    if start or end:
        found.append(
            wq.NumericRange(
                "created",
                epoch_seconds(start) // 60 if start else None,
                epoch_seconds(end) // 60 if end else None,
            )
        )
    return found


class _Kept(threading.local):
    """The searchers each thread keeps (one per index), with what each was opened from and
    the sets of hidden documents computed on it."""

    def __init__(self) -> None:
        self.searchers: dict[str, _KeptSearcher] = {}


class _KeptSearcher:
    def __init__(self, identity: int, searcher) -> None:
        self.identity = identity
        self.searcher = searcher
        self.masks: dict[tuple, set[int]] = {}

    def refreshed(self, searcher) -> None:
        self.searcher = searcher
        self.masks = {}


_kept = _Kept()
KEPT_INDEXES = 4


def _close(searcher) -> None:
    """Close a searcher no longer kept; its readers may be closed already."""
    with suppress(ReaderClosed):
        searcher.close()


class WhooshBackend:
    name = "whoosh"
    parallel_from = PARALLEL_BUILD_FROM

    def __init__(self, path: str | os.PathLike) -> None:
        self.root = Path(path)
        self.current = self.root / "current"

    # --- Opening, locking ------------------------------------------------------------

    def exists(self) -> bool:
        return self.current.exists() and whoosh_index.exists_in(str(self.current))

    @contextmanager
    def writer_lock(self) -> Iterator[bool]:
        """Yield True if this process is now the only writer, False if another one is."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / "writer.lock", "a+")  # noqa: SIM115 - held for the block
        try:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()

    def _create_build(self) -> Path:
        build = self.root / f"build-{time.time_ns()}"
        build.mkdir(parents=True)
        whoosh_index.create_in(str(build), schema())
        return build

    def _point_to(self, build: Path) -> None:
        """Make ``current`` point at ``build`` atomically; remove the previous build."""
        previous = self.current.resolve() if self.current.exists() else None
        link = self.root / f"current.{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(build.name)
        os.replace(link, self.current)
        if previous is not None and previous != build.resolve():
            shutil.rmtree(previous, ignore_errors=True)
        for leftover in self.root.glob("build-*"):
            if leftover.resolve() != build.resolve():
                shutil.rmtree(leftover, ignore_errors=True)

    def _ensure(self) -> None:
        """Create an empty index if there is none (the caller holds the writer lock)."""
        if not self.exists():
            self._point_to(self._create_build())

    def _index(self):
        # Plain file reads, not mmap: Whoosh copies every part of a memory-mapped segment
        # it opens into a BytesIO of its own (``filedb.structfile.BufferFile``), so each
        # worker held a private copy of the index (14 MB of the 15 at 10,000
        # contributions). Read from the files, the pages stay in the system's page cache,
        # one copy for every worker.
        return FileStorage(str(self.current), supports_mmap=False).open_index()

    def searcher(self):
        """This thread's kept searcher, refreshed if the index changed; None if no index."""
        kept = self._kept()
        return kept.searcher if kept is not None else None

    def _kept(self) -> _KeptSearcher | None:
        key = str(self.root)
        try:
            identity = os.stat(self.current).st_ino
        except FileNotFoundError:
            return None
        kept = _kept.searchers.get(key)
        if kept is not None and kept.identity == identity:
            if not kept.searcher.up_to_date():
                # A new searcher, not ``Searcher.refresh()``: Whoosh 2.7.4's refresh hands
                # the old segment readers to the new reader, and when a writer removes a
                # segment file meanwhile it retries and closes them twice — ReaderClosed
                # at every later search of this worker (its reuse never matches anyway:
                # it keys the readers by generation and looks them up by segment id).
                fresh = self._index().searcher(weighting=BM25F())
                _close(kept.searcher)
                kept.refreshed(fresh)
            return kept
        if kept is not None:
            _close(kept.searcher)
        while len(_kept.searchers) >= KEPT_INDEXES:
            _close(_kept.searchers.pop(next(iter(_kept.searchers))).searcher)
        kept = _KeptSearcher(identity, self._index().searcher(weighting=BM25F()))
        _kept.searchers[key] = kept
        return kept

    def close(self) -> None:
        kept = _kept.searchers.pop(str(self.root), None)
        if kept is not None:
            _close(kept.searcher)

    # --- Writing (the caller holds the writer lock) ------------------------------------

    def apply(self, upserts: list[SearchDocument], deletes: list[int]) -> None:
        self._ensure()
        writer = self._index().writer(timeout=WRITE_TIMEOUT)
        # An index built before a field was added to the schema takes the fields it has,
        # until ``flask reindex`` rebuilds it with the current schema.
        known = set(writer.schema.names())
        try:
            for contribution_id in deletes:
                writer.delete_by_term("id", str(contribution_id))
            for document in upserts:
                fields = _fields(document)
                writer.update_document(**{k: v for k, v in fields.items() if k in known})
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self, documents: Iterable[SearchDocument], total: int, progress: Progress) -> None:
        """Write a new build beside the current one with Whoosh's writer (its multiprocessing
        writer, one segment a core, for a large corpus), then switch to it."""
        build = self._create_build()
        procs = min(2, os.cpu_count() or 1) if total >= self.parallel_from else 1
        try:
            writer = whoosh_index.open_dir(str(build)).writer(
                procs=procs, limitmb=BUILD_LIMIT_MB, multisegment=procs > 1
            )
            try:
                for batch in batched(documents, BUILD_BATCH):
                    for document in batch:
                        writer.add_document(**_fields(document))
                    progress(len(batch))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        self._point_to(build)

    def fingerprints(self) -> Iterator[tuple[int, str]]:
        searcher = self.searcher()
        if searcher is None:
            return
        for stored in searcher.all_stored_fields():
            yield int(stored["id"]), stored.get("fp", "")

    # --- Reading -----------------------------------------------------------------------

    def _mask(self, kept, visibility: Visibility, exclude_root: int | None) -> set[int]:
        """Documents this viewer may not find (cached per searcher and viewer kind)."""
        searcher = kept.searcher
        key = visibility.key
        mask = kept.masks.get(key)
        if mask is None:
            mask = set()
            if not visibility.everything:
                hidden = wq.Or([wq.Term("status", s) for s in HIDDEN_STATUSES])
                if visibility.staff_debate_ids:
                    staff = wq.Or([wq.Term("debate", str(d)) for d in visibility.staff_debate_ids])
                    hidden = wq.AndNot(hidden, staff)
                mask.update(searcher.docs_for_query(hidden))
                if visibility.hidden_debate_ids:
                    drafts = wq.Or(
                        [wq.Term("debate", str(d)) for d in visibility.hidden_debate_ids]
                    )
                    mask.update(searcher.docs_for_query(drafts))
            kept.masks[key] = mask
        if exclude_root is not None:
            mask = mask | set(searcher.docs_for_query(wq.Term("root", str(exclude_root))))
        return mask

    def _run(self, query, filters, visibility, limit, order=Order.RELEVANCE, offset=0):
        kept = self._kept()
        if kept is None:
            return [], False
        searcher = kept.searcher
        clauses = _filter_terms(filters)
        if clauses:
            query = wq.And([query, *clauses])
        mask = self._mask(kept, visibility, filters.exclude_root_id)
        # No block-quality skipping: with it, which of several equally scored documents
        # make the top N depends on N, so consecutive pages could repeat or skip one.
        options = {"limit": offset + limit + 1, "mask": mask or None, "optimize": False}
        if order != Order.RELEVANCE:
            options["sortedby"] = "created"
            options["reverse"] = order == Order.NEWEST
        results = searcher.search(query, **options)
        found = [int(hit["id"]) for hit in results[offset : offset + limit + 1]]
        return found[:limit], len(found) > limit

    def search(self, parsed, filters, visibility, order, offset, limit) -> HitPage:
        ids, more = self._run(compile_query(parsed), filters, visibility, limit, order, offset)
        return HitPage(ids, more)

    def match_any(self, terms, filters, visibility, limit) -> list[int]:
        if not terms:
            return []
        query = wq.Or([wq.Term("text", term) for term in terms])
        return self._run(query, filters, visibility, limit)[0]

    def doc_frequencies(self, terms) -> dict[str, int]:
        searcher = self.searcher()
        if searcher is None:
            return {term: 0 for term in terms}
        return {term: searcher.doc_frequency("text", term) for term in terms}

    def doc_count(self) -> int:
        searcher = self.searcher()
        return searcher.doc_count() if searcher is not None else 0

    def suggest_term(self, word: str, term: str) -> str | None:
        """An index term close to ``term`` (the service finds a readable word for it)."""
        searcher = self.searcher()
        if searcher is None or len(term) < 3:
            return None
        found = searcher.corrector("text").suggest(
            term, limit=1, maxdist=1 if len(term) < 5 else 2, prefix=1
        )
        return found[0] if found else None

    def excerpts(self, parsed, texts) -> dict[int, Excerpt]:
        words, prefixes = parsed.highlight_terms()
        return {
            contribution_id: (
                highlight.mark_all(title, words, prefixes),
                highlight.excerpt(body, words, prefixes),
            )
            for contribution_id, (title, body) in texts.items()
        }
