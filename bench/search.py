"""Search benchmark: indexing throughput and query latency, against an SQLite FTS5 floor.

For each corpus size (synthetic French contributions from ``demo.corpus``, fixed seed):

1. the contributions are written to a fresh, migrated database;
2. a plain SQLite FTS5 table is built from the same texts (the floor: C code, no stemming,
   no filters beyond a theme column);
3. each backend rebuilds its index through ``forum.search.service.reindex`` (the real
   code path, both cores), and the throughput is measured;
4. 50 fixed queries (10 each: a common word, two words, a phrase, a rare word, a common
   word within one theme) are run on the backend (top 20 ids by relevance — what FTS5's
   ``ORDER BY rank LIMIT 20`` gives), on the FTS5 floor, and through the whole search
   service (visibility, database, excerpts). Each query runs once to warm up, then three
   times; its time is the median of the three. Median and 95th percentile over the 50.

Run: ``.venv/bin/python bench/search.py [--sizes 10000,100000] [--backends whoosh,postgres]``
(``make bench`` runs it with the defaults). PostgreSQL is a throwaway cluster started as in
the test suite. The figures go to ``docs/PERFORMANCE.md``, section "Search".
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from perfdoc import machine_line, write_section  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from app import create_app  # noqa: E402
from demo import corpus  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import (  # noqa: E402
    Contribution,
    Debate,
    Phase,
    Status,
    Theme,
    User,
    contribution_themes,
)
from forum.search import analysis  # noqa: E402
from forum.search.backend import Filters, Order, Visibility  # noqa: E402
from forum.search.query import parse  # noqa: E402
from forum.search.service import get_backend, reindex, search  # noqa: E402

SEED = 2026
NOW = datetime(2026, 11, 1, 12, 0)
RESULTS = ROOT / "bench" / "search-results.json"
BEGIN, END = "<!-- search-bench:begin -->", "<!-- search-bench:end -->"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The corpus in a database ------------------------------------------------------------


def _paragraphs(body: str) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))


def load_corpus(size: int) -> list[tuple[int, str, str, list[int]]]:
    """Write ``size`` contributions; return (id, title, plain text, theme ids) for FTS5."""
    debate = Debate(slug="bench", title="Banc d'essai", phase=Phase.OPEN)
    debate.themes = [
        Theme(slug=f"t{i}", name=name, position=i) for i, name in enumerate(corpus.THEMES)
    ]
    author = User(
        email="bench@example.org", pseudonym="Banc", pseudonym_key="banc", password_hash="-"
    )
    db.session.add_all([debate, author])
    db.session.commit()
    theme_ids = [t.id for t in debate.themes]
    texts = []
    rows, links = [], []
    next_id = 1
    for item in corpus.contributions(size, seed=SEED):
        when = NOW - timedelta(minutes=item.minutes_ago)
        themes = [theme_ids[item.theme]]
        if item.extra_theme is not None:
            themes.append(theme_ids[item.extra_theme])
        rows.append(
            {
                "id": next_id,
                "debate_id": debate.id,
                "author_id": author.id,
                "root_id": next_id,
                "depth": 0,
                "kind": item.kind,
                "title": item.title,
                "body_source": item.body,
                "body_html": _paragraphs(item.body),
                "channel": item.channel,
                "status": Status.PUBLISHED,
                "created_at": when,
                "updated_at": when,
                "published_at": when,
            }
        )
        links.extend({"contribution_id": next_id, "theme_id": t} for t in themes)
        texts.append((next_id, item.title, item.body, themes))
        next_id += 1
        if len(rows) >= 5000:
            db.session.execute(insert(Contribution), rows)
            db.session.execute(insert(contribution_themes), links)
            db.session.commit()
            rows, links = [], []
    if rows:
        db.session.execute(insert(Contribution), rows)
        db.session.execute(insert(contribution_themes), links)
        db.session.commit()
    return texts


# --- The FTS5 floor ----------------------------------------------------------------------


def build_fts(path: Path, texts) -> tuple[sqlite3.Connection, float]:
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, themes, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    started = time.perf_counter()
    connection.executemany(
        "INSERT INTO fts(rowid, title, body, themes) VALUES (?, ?, ?, ?)",
        ((i, title, body, " ".join(f"t{t}" for t in themes)) for i, title, body, themes in texts),
    )
    connection.commit()
    return connection, time.perf_counter() - started


def fts_query(query: dict) -> str:
    words = analysis.fold(query["text"].lower())
    expression = (
        f'"{words}"' if query["kind"] == "phrase" else " AND ".join(f'"{w}"' for w in words.split())
    )
    if query.get("theme"):
        expression = f"({expression}) AND themes : t{query['theme']}"
    return expression


# --- The 50 queries ----------------------------------------------------------------------

_PHRASE = re.compile(r"[a-zà-ÿœ']+ (?:[a-zà-ÿœ']+ )?[a-zà-ÿœ']+", re.IGNORECASE)


def make_queries(texts, theme_ids: list[int]) -> list[dict]:
    """Ten queries of each kind, drawn from the corpus with a fixed seed."""
    rng = random.Random(SEED)
    frequency: dict[str, int] = {}
    surface: dict[str, str] = {}
    sample = texts if len(texts) <= 20000 else rng.sample(texts, 20000)
    for _id, title, body, _themes in sample:
        for word in set(re.findall(r"[^\W\d_]{4,}", f"{title} {body}".lower())):
            found = analysis.terms(word)
            if len(found) == 1:
                frequency[found[0]] = frequency.get(found[0], 0) + 1
                surface.setdefault(found[0], word)
    ranked = sorted(frequency, key=lambda t: (-frequency[t], t))
    common = [surface[t] for t in ranked[:40]]
    rare = [surface[t] for t in ranked if frequency[t] == 1]
    queries = []
    for word in rng.sample(common[:20], 10):
        queries.append({"kind": "common word", "text": word})
    for _n in range(10):
        first, second = rng.sample(common, 2)
        queries.append({"kind": "two words", "text": f"{first} {second}"})
    while len([q for q in queries if q["kind"] == "phrase"]) < 10:
        _id, _title, body, _themes = rng.choice(sample)
        sentence = rng.choice(body.split(". "))
        candidates = [
            m.group(0) for m in _PHRASE.finditer(sentence) if len(analysis.terms(m.group(0))) >= 2
        ]
        if candidates:
            queries.append({"kind": "phrase", "text": rng.choice(candidates)})
    for word in rng.sample(rare, min(10, len(rare))):
        queries.append({"kind": "rare word", "text": word})
    for word in rng.sample(common[:20], 10):
        queries.append({"kind": "theme filter", "text": word, "theme": rng.choice(theme_ids)})
    return queries


def user_query(query: dict) -> str:
    return f'"{query["text"]}"' if query["kind"] == "phrase" else query["text"]


def timed(run, repeat: int = 3) -> float:
    run()  # warm-up
    times = []
    for _n in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def once(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


# --- One backend -------------------------------------------------------------------------


@contextmanager
def app_on(database_url: str, backend: str, folder: Path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench",
            "PALABRE_BASE_URL": "http://127.0.0.1:5000",
            "INSTANCE_PATH": str(folder / "instance"),
            "PALABRE_SEARCH": backend,
            "PALABRE_INDEX_PATH": str(folder / "index"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def measure_backend(name: str, size: int, queries, fts, texts_holder, folder: Path, url: str):
    results: dict = {"backend": name, "size": size}
    with app_on(url, name, folder):
        upgrade()
        if not texts_holder:
            log(f"{size}: writing the corpus to the database")
            texts_holder.extend(load_corpus(size))
        theme_ids = list(db.session.scalars(text("SELECT id FROM themes ORDER BY id")))
        if not queries:
            queries.extend(make_queries(texts_holder, theme_ids))
        if "conn" not in fts:
            fts["conn"], fts["build"] = build_fts(
                folder.parent / f"fts-{size}.sqlite3", texts_holder
            )
            log(f"{size}: FTS5 built in {fts['build']:.1f} s")
        log(f"{size}: {name}: full reindex")
        started = time.perf_counter()
        counted = [0]

        def progress(n: int) -> None:
            counted[0] += n
            if counted[0] % 50000 < n:
                rate = counted[0] / (time.perf_counter() - started)
                log(f"{size}: {name}: {counted[0]} indexed ({rate:.0f}/s)")

        done = reindex(progress=progress)
        elapsed = time.perf_counter() - started
        results["index_seconds"] = elapsed
        results["docs_per_second"] = done / elapsed
        log(f"{size}: {name}: {done} contributions in {elapsed:.1f} s ({done / elapsed:.0f}/s)")
        backend = get_backend()
        public = Visibility()
        backend_times, service_times, fts_times, by_kind = [], [], [], {}
        cold_times, cold_fts = [], []
        for q in queries:
            parsed = parse(user_query(q))
            filters = Filters(theme_id=q.get("theme"))

            def on_backend(parsed=parsed, filters=filters):
                backend.search(parsed, filters, public, Order.RELEVANCE, 0, 20)

            def on_service(q=q, filters=filters):
                search(user_query(q), filters, None)
                db.session.rollback()

            def on_fts(q=q):
                fts["conn"].execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20",
                    (fts_query(q),),
                ).fetchall()

            # First, cold: the query's first run (the backends keep their page caches: they
            # are not ours to empty).
            cold_times.append(once(on_backend))
            cold_fts.append(once(on_fts))
            b, s, f = timed(on_backend), timed(on_service), timed(on_fts)
            backend_times.append(b)
            service_times.append(s)
            fts_times.append(f)
            by_kind.setdefault(q["kind"], []).append((b, f))
        results["backend"] = name
        results["query"] = summary(backend_times)
        results["service"] = summary(service_times)
        results["fts"] = summary(fts_times)
        results["cold"] = summary(cold_times)
        results["cold_fts"] = summary(cold_fts)
        results["by_kind"] = {
            k: (
                statistics.median(x[0] for x in v) * 1000,
                statistics.median(x[1] for x in v) * 1000,
            )
            for k, v in by_kind.items()
        }
        results["fts_build"] = fts.get("build")
        log(
            f"{size}: {name}: backend median {results['query'][0]:.1f} ms, "
            f"p95 {results['query'][1]:.1f} ms; FTS5 median {results['fts'][0]:.2f} ms, "
            f"p95 {results['fts'][1]:.2f} ms; service median {results['service'][0]:.1f} ms, "
            f"p95 {results['service'][1]:.1f} ms"
        )
    return results


# --- Reporting ---------------------------------------------------------------------------


def table(all_results: list[dict]) -> str:
    lines = [
        "| corpus | backend | full reindex | docs/s | query median | query p95 | FTS5 median "
        "| FTS5 p95 | median ÷ FTS5 | p95 ÷ FTS5 | page median | page p95 |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in all_results:
        qm, qp = r["query"]
        fm, fp = r["fts"]
        sm, sp = r["service"]
        lines.append(
            f"| {r['size']:,} | {r['backend']} | {r['index_seconds']:.0f} s | "
            f"{r['docs_per_second']:.0f} | {qm:.1f} ms | {qp:.1f} ms | {fm:.2f} ms | "
            f"{fp:.2f} ms | {qm / fm:.1f}× | {qp / fp:.1f}× | {sm:.1f} ms | {sp:.1f} ms |"
        )
    lines += ["", "Median by kind of query (backend / FTS5, ms):", ""]
    kinds = ["common word", "two words", "phrase", "rare word", "theme filter"]
    lines.append("| corpus | backend | " + " | ".join(kinds) + " |")
    lines.append("|---:|---|" + "---:|" * len(kinds))
    for r in all_results:
        cells = [
            f"{r['by_kind'][k][0]:.1f} / {r['by_kind'][k][1]:.2f}"
            for k in kinds
            if k in r["by_kind"]
        ]
        lines.append(f"| {r['size']:,} | {r['backend']} | " + " | ".join(cells) + " |")
    cold = [r for r in all_results if "cold" in r]
    if cold:
        lines += [
            "",
            "Each query's first run, before any repetition (the Whoosh backend's cache of "
            "decoded postings emptied first), median / p95 in ms:",
            "",
            "| corpus | backend | first run | FTS5 first run | median ÷ FTS5 | p95 ÷ FTS5 |",
            "|---:|---|---:|---:|---:|---:|",
        ]
        for r in cold:
            (cm, cp), (fm, fp) = r["cold"], r["cold_fts"]
            lines.append(
                f"| {r['size']:,} | {r['backend']} | {cm:.1f} / {cp:.1f} | {fm:.2f} / {fp:.2f} "
                f"| {cm / fm:.1f}× | {cp / fp:.1f}× |"
            )
    return "\n".join(lines)


def merged(new_results: list[dict]) -> list[dict]:
    """This run's results with those of earlier runs for other sizes or backends."""
    kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    fresh = {(r["size"], r["backend"]) for r in new_results}
    combined = [r for r in kept if (r["size"], r["backend"]) not in fresh] + new_results
    combined.sort(key=lambda r: (r["size"], r["backend"] != "whoosh"))
    RESULTS.write_text(json.dumps(combined, indent=1, default=str) + "\n")
    return combined


def write_report(all_results: list[dict], machine: str) -> None:
    all_results = merged(all_results)
    block = "\n".join(
        [
            BEGIN,
            f"Last run: {time.strftime('%Y-%m-%d')}, {machine}. Figures from `bench/search.py`"
            " (kept in `bench/search-results.json`).",
            "",
            table(all_results),
            END,
        ]
    )
    write_section(BEGIN, END, block, "Search")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="whoosh,postgres")
    parser.add_argument("--no-report", action="store_true", help="do not touch PERFORMANCE.md")
    arguments = parser.parse_args()
    sizes = [int(s) for s in arguments.sizes.split(",")]
    backends = arguments.backends.split(",")
    work = Path(tempfile.mkdtemp(prefix="palabre-bench-"))
    cluster = None
    all_results: list[dict] = []
    try:
        if "postgres" in backends:
            from tests import pg_cluster

            try:
                cluster = pg_cluster.start(durable=True)
            except (RuntimeError, OSError) as error:
                log(f"PostgreSQL is not available, its backend is skipped: {error}")
                backends.remove("postgres")
        for size in sizes:
            queries: list[dict] = []
            texts: list = []
            fts: dict = {}
            for name in backends:
                folder = work / f"{size}-{name}"
                folder.mkdir(parents=True)
                if name == "postgres":
                    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
                    with admin.connect() as connection:
                        connection.exec_driver_sql(f"CREATE DATABASE bench_{size}")
                    admin.dispose()
                    url = cluster.url.rsplit("/", 1)[0] + f"/bench_{size}"
                    # The corpus goes in again: a database of its own.
                    holder: list = []
                    result = measure_backend(name, size, queries, fts, holder, folder, url)
                else:
                    url = f"sqlite:///{folder / 'palabre.sqlite3'}"
                    result = measure_backend(name, size, queries, fts, texts, folder, url)
                all_results.append(result)
                print(table(all_results), flush=True)
                if not arguments.no_report:
                    write_report(list(all_results), machine_line())
            if "conn" in fts:
                fts["conn"].close()
            for name in backends:
                shutil.rmtree(work / f"{size}-{name}", ignore_errors=True)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
