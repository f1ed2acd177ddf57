"""The PostgreSQL backend: a ``tsvector`` per contribution, a GIN index, ``ts_headline``.

Tables (created by migration 0003 on PostgreSQL only, and not declared as models, since
SQLite has no ``tsvector``): ``search_documents`` (one row per contribution: the facts
searches filter on, a fingerprint, and the ``document`` tsvector) and ``search_words`` (the
unstemmed words of public contributions, with a trigram index, for "did you mean").

A second ``tsvector``, ``exact`` (migration 0019), holds the same words unstemmed
(``analysis.exact_terms``): documents holding an exact form of a word looked for come
first, then the others, each ranked by the stems' ``ts_rank`` plus ``EXACT_BOOST`` times the
exact words'. A boost alone would not do here: a title's words weigh ten times a body's,
so a text titled "La station" would still outrank one that says "stationnement" in its
body. What matches is still decided by the stems alone.

The ``tsvector`` is built from the terms of ``forum.search.analysis`` — the same French
analyser as the Whoosh backend, so both backends find the same contributions — and queries
are compiled to ``tsquery`` from the same query tree. Excerpts come from ``ts_headline``
with the ``palabre_french`` configuration (French Snowball after ``unaccent``), run on the
database's text. The writer's changes and the deletion of the tasks it applied commit in
one transaction; an advisory lock makes one process at a time the writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import get_context

from markupsafe import Markup, escape
from sqlalchemy import text

from forum.extensions import db
from forum.search import analysis
from forum.search.backend import Excerpt, Filters, HitPage, Order, Progress, Visibility, batched
from forum.search.documents import SearchDocument
from forum.search.query import ParsedQuery, Phrase, Prefix, Word

TABLES = ("search_documents", "search_words")
TS_CONFIG = "palabre_french"
WRITER_LOCK_KEY = 0x5041_4C41  # "PALA": an arbitrary, fixed advisory-lock key
MAX_POSITIONS_PER_TERM = 255
MAX_POSITION = 16383
REBUILD_BATCH = 2000
PARALLEL_FROM = 5000  # rebuilds of this many contributions or more analyse on every core
EXACT_BOOST = 2.0  # see whoosh_backend.EXACT_BOOST
DF_CAP = 500  # document frequencies above this are "common" anyway
START, STOP = "\ue000", "\ue001"  # private-use marks around highlighted words
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=45, MinWords=20, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def quote(term: str) -> str:
    """A lexeme as a tsvector/tsquery literal."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(title: str, full_text: str, exact: bool = False) -> str:
    """``'term':1A,7 'other':2`` from the analyser's terms (``exact``: its exact terms);
    the title's words weigh A."""
    title_terms = len(analysis.terms(title)) if title else 0

    def entry(position: int) -> str:  # 1-based, capped as PostgreSQL caps them
        label = str(min(position + 1, MAX_POSITION))
        return label + "A" if position < title_terms else label

    return " ".join(
        f"{quote(term)}:{','.join(entry(p) for p in where[:MAX_POSITIONS_PER_TERM])}"
        for term, where in analysis.term_positions(full_text, exact).items()
    )


def _clause(clause) -> str:
    if isinstance(clause, Word):
        return quote(clause.term)
    if isinstance(clause, Prefix):
        return quote(clause.term) + ":*"
    assert isinstance(clause, Phrase)
    return "(" + " <-> ".join(quote(t) for t in clause.terms) + ")"


def compile_query(parsed: ParsedQuery) -> str:
    groups = ["(" + " | ".join(_clause(c) for c in group) + ")" for group in parsed.required]
    compiled = " & ".join(groups)
    if parsed.excluded:
        compiled += " & !(" + " | ".join(_clause(c) for c in parsed.excluded) + ")"
    return compiled


def exact_query(parsed: ParsedQuery) -> str:
    """The exact forms of the words looked for, any of them: what ranks higher ("" if
    the query has no single word)."""
    exact = sorted({c.exact for group in parsed.required for c in group if isinstance(c, Word)})
    return " | ".join(quote(e) for e in exact if e)


def headline_query(parsed: ParsedQuery) -> str:
    """The words to mark, as PostgreSQL's own French configuration analyses the text."""
    words, prefixes = parsed.highlight_terms()
    parts = [quote(w) for w in sorted(words)]
    # Our analyser drops a plural "s" that French Snowball keeps ("velos" -> "velo").
    parts += [quote(w + "s") for w in sorted(words)]
    parts += [quote(p) + ":*" for p in prefixes]
    return " | ".join(parts) or "''"


def _row(document: SearchDocument) -> dict:
    full_text = document.text
    return {
        "id": document.id,
        "debate_id": document.debate_id,
        "root_id": document.root_id,
        "status": document.status,
        "kind": document.kind,
        "channel": document.channel,
        "created_at": document.created_at,
        "theme_ids": list(document.theme_ids),
        "tag_ids": list(document.tag_ids),
        "fingerprint": document.fingerprint,
        "document": tsvector_literal(document.title, full_text),
        "exact": tsvector_literal(document.title, full_text, exact=True),
        "words": sorted(set(analysis.spelling_words(full_text)))
        if document.status == "published"
        else [],
    }


_UPSERT = text(
    """
    INSERT INTO search_documents (contribution_id, debate_id, root_id, status, kind, channel,
        created_at, theme_ids, tag_ids, fingerprint, document, exact)
    VALUES (:id, :debate_id, :root_id, :status, :kind, :channel, :created_at,
        CAST(:theme_ids AS integer[]), CAST(:tag_ids AS integer[]), :fingerprint,
        CAST(:document AS tsvector), CAST(:exact AS tsvector))
    ON CONFLICT (contribution_id) DO UPDATE SET debate_id = excluded.debate_id,
        root_id = excluded.root_id, status = excluded.status, kind = excluded.kind,
        channel = excluded.channel, created_at = excluded.created_at,
        theme_ids = excluded.theme_ids, tag_ids = excluded.tag_ids,
        fingerprint = excluded.fingerprint, document = excluded.document,
        exact = excluded.exact
    """
)
_WORDS = text(
    "INSERT INTO search_words (word) SELECT DISTINCT unnest(CAST(:words AS text[])) "
    "ON CONFLICT DO NOTHING"
)


def _filter_sql(filters: Filters, visibility: Visibility, params: dict) -> list[str]:
    where: list[str] = []
    if not visibility.everything:
        params["staff"] = sorted(visibility.staff_debate_ids)
        params["hidden"] = sorted(visibility.hidden_debate_ids)
        where.append(
            "((d.status = 'published' AND NOT (d.debate_id = ANY(CAST(:hidden AS integer[]))))"
            " OR d.debate_id = ANY(CAST(:staff AS integer[])))"
        )
    if filters.debate_id is not None:
        params["debate_id"] = filters.debate_id
        where.append("d.debate_id = :debate_id")
    if filters.theme_id is not None:
        params["theme_id"] = [filters.theme_id]
        where.append("d.theme_ids @> CAST(:theme_id AS integer[])")
    if filters.kind:
        params["kind"] = filters.kind
        where.append("d.kind = :kind")
    if filters.channel:
        params["channel"] = filters.channel
        where.append("d.channel = :channel")
    if filters.status:
        params["status"] = filters.status
        where.append("d.status = :status")
    if filters.tag_id is not None:
        params["tag_id"] = [filters.tag_id]
        where.append("d.tag_ids @> CAST(:tag_id AS integer[])")
    start, end = filters.created_range
    if start:
        params["start"] = start
        where.append("d.created_at >= :start")
    if end:
        params["end"] = end
        where.append("d.created_at <= :end")
    if filters.exclude_root_id is not None:
        params["root_id"] = filters.exclude_root_id
        where.append("d.root_id <> :root_id")
    return where


class PostgresBackend:
    name = "postgres"
    parallel_from = PARALLEL_FROM

    def exists(self) -> bool:
        return True  # the tables come with the migration

    @contextmanager
    def writer_lock(self) -> Iterator[bool]:
        """Yield True if this process is now the only writer (a session advisory lock)."""
        with db.engine.connect() as connection:
            held = connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": WRITER_LOCK_KEY}
            )
            connection.commit()
            try:
                yield bool(held)
            finally:
                if held:
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": WRITER_LOCK_KEY}
                    )
                    connection.commit()

    # --- Writing: in the caller's transaction (db.session), committed by the writer ------

    def _write(self, rows: list[dict]) -> None:
        if not rows:
            return
        db.session.execute(_UPSERT, rows)
        words = sorted({word for row in rows for word in row["words"]})
        if words:
            db.session.execute(_WORDS, {"words": words})

    def apply(self, upserts: list[SearchDocument], deletes: list[int]) -> None:
        if deletes:
            db.session.execute(
                text(
                    "DELETE FROM search_documents "
                    "WHERE contribution_id = ANY(CAST(:ids AS integer[]))"
                ),
                {"ids": deletes},
            )
        self._write([_row(document) for document in upserts])

    def rebuild(self, documents: Iterable[SearchDocument], total: int, progress: Progress) -> None:
        """Rewrite every row, a batch per transaction, analysing on every core.

        Rows are overwritten in place rather than truncated first, so that searches go on
        finding everything while the rebuild runs; rows of contributions that no longer
        exist are removed at the end (the foreign key also removes them on deletion).
        While the pool analyses one batch, this process reads the next one from the
        database and writes the one before.
        """
        seen: list[int] = []
        pool = get_context("fork").Pool(2) if total >= self.parallel_from else None
        waiting = None  # the batch being analysed: (its size, its rows when ready)

        def write(size: int, rows: list[dict]) -> None:
            self._write(rows)
            db.session.commit()
            progress(size)

        try:
            for batch in batched(documents, REBUILD_BATCH):
                seen.extend(document.id for document in batch)
                if pool is None:
                    write(len(batch), [_row(document) for document in batch])
                    continue
                analysing = (len(batch), pool.map_async(_row, batch, chunksize=100))
                if waiting is not None:
                    write(waiting[0], waiting[1].get())
                waiting = analysing
            if waiting is not None:
                write(waiting[0], waiting[1].get())
        finally:
            if pool is not None:
                pool.close()
                pool.join()
        db.session.execute(
            text(
                "DELETE FROM search_documents "
                "WHERE NOT (contribution_id = ANY(CAST(:ids AS integer[])))"
            ),
            {"ids": seen},
        )
        db.session.commit()

    def fingerprints(self) -> Iterator[tuple[int, str]]:
        rows = db.session.execute(text("SELECT contribution_id, fingerprint FROM search_documents"))
        yield from rows

    # --- Reading -----------------------------------------------------------------------

    def _run(self, tsquery, filters, visibility, limit, order=Order.RELEVANCE, offset=0, exact=""):
        params = {"q": tsquery, "limit": limit + 1, "offset": offset}
        where = ["d.document @@ q", *_filter_sql(filters, visibility, params)]
        if order == Order.RELEVANCE and exact:
            params["exact"], params["boost"] = exact, EXACT_BOOST
            ordering = (
                "d.exact @@ e DESC, ts_rank(d.document, q) + :boost * ts_rank(d.exact, e) DESC, "
                "d.contribution_id"
            )
        elif order == Order.RELEVANCE:
            ordering = "ts_rank(d.document, q) DESC, d.contribution_id"
        elif order == Order.NEWEST:
            ordering = "d.created_at DESC, d.contribution_id DESC"
        else:
            ordering = "d.created_at, d.contribution_id"
        exact_from = ", CAST(:exact AS tsquery) e" if "exact" in params else ""
        sql = (
            f"SELECT d.contribution_id FROM search_documents d, CAST(:q AS tsquery) q{exact_from} "
            f"WHERE {' AND '.join(where)} ORDER BY {ordering} LIMIT :limit OFFSET :offset"
        )
        ids = list(db.session.scalars(text(sql), params))
        return ids[:limit], len(ids) > limit

    def search(self, parsed, filters, visibility, order, offset, limit) -> HitPage:
        ids, more = self._run(
            compile_query(parsed), filters, visibility, limit, order, offset, exact_query(parsed)
        )
        return HitPage(ids, more)

    def match_any(self, terms, filters, visibility, limit) -> list[int]:
        if not terms:
            return []
        return self._run(" | ".join(quote(t) for t in terms), filters, visibility, limit)[0]

    def doc_frequencies(self, terms) -> dict[str, int]:
        """How many documents hold each term, counted up to ``DF_CAP`` (one round trip)."""
        terms = sorted(set(terms))
        if not terms:
            return {}
        rows = db.session.execute(
            text(
                "SELECT u.term, (SELECT count(*) FROM (SELECT 1 FROM search_documents d "
                "WHERE d.document @@ CAST(u.q AS tsquery) LIMIT :cap) s) "
                "FROM unnest(CAST(:terms AS text[]), CAST(:queries AS text[])) AS u(term, q)"
            ),
            {"terms": terms, "queries": [quote(t) for t in terms], "cap": DF_CAP},
        )
        return {term: count for term, count in rows}

    def doc_count(self) -> int:
        """The planner's estimate (counting a million rows for an idf is not worth it);
        an exact count while the table has never been analysed."""
        estimate = db.session.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'search_documents'")
        )
        if estimate is not None and estimate > 0:
            return int(estimate)
        return db.session.scalar(text("SELECT count(*) FROM search_documents")) or 0

    def suggest_term(self, word: str, term: str) -> str | None:
        """The index term of the known word closest to ``word`` (by trigrams)."""
        folded = analysis.fold(word.lower())
        if len(folded) < 3:
            return None
        proposals = db.session.scalars(
            text(
                "SELECT word FROM search_words WHERE word % :w AND word <> :w "
                "ORDER BY similarity(word, :w) DESC, word LIMIT 5"
            ),
            {"w": folded},
        )
        for proposal in proposals:
            found = analysis.terms(proposal)
            if found and found[0] != term:
                return found[0]
        return None

    def excerpts(self, parsed, texts) -> dict[int, Excerpt]:
        if not texts:
            return {}
        ids = list(texts)
        rows = db.session.execute(
            text(
                f"SELECT u.id, ts_headline('{TS_CONFIG}', u.title, q, :all_options), "
                f"ts_headline('{TS_CONFIG}', u.body, q, :options) "
                "FROM unnest(CAST(:ids AS integer[]), CAST(:titles AS text[]), "
                "CAST(:bodies AS text[])) AS u(id, title, body), CAST(:q AS tsquery) q"
            ),
            {
                "ids": ids,
                "titles": [_clean(texts[i][0]) for i in ids],
                "bodies": [_clean(" ".join(texts[i][1].split())) for i in ids],
                "q": headline_query(parsed),
                "options": HEADLINE_OPTIONS,
                "all_options": f"StartSel={START}, StopSel={STOP}, HighlightAll=true",
            },
        )
        return {row[0]: (_marked(row[1]), _marked(row[2], cut=texts[row[0]][1])) for row in rows}


def _clean(value: str) -> str:
    return (value or "").replace(START, "").replace(STOP, "")


def _marked(headline: str, cut: str | None = None) -> Markup:
    """Escape PostgreSQL's headline and turn its marks into ``<mark>``."""
    html = str(escape(headline or "")).replace(START, "<mark>").replace(STOP, "</mark>")
    if cut is not None and len(" ".join(cut.split())) > len(headline or "") and html:
        html += "…"
    return Markup(html)
