"""First views of thread pages: similar contributions searched by each worker, or stored.

A worker that shows a thread for the first time used to search its similar contributions,
each worker of each server alike; the first one now stores what it found for the others
(``forum/search/similar_lists.py``). This measures what that first view costs.

1. The corpus, with its full search index: ``--db sqlite`` reads ``--database`` and
   ``--index`` (an existing SQLite database and its Whoosh index: a 1,000,000 one takes
   hours to index) or makes one of ``--size`` contributions (20,000); ``--db postgres``
   makes one of ``--size`` contributions on a throwaway PostgreSQL cluster (or the database
   of ``PALABRE_DATABASE_URL``), searched by PostgreSQL. Migrations are applied first.
2. ``--pages`` random threads (200). Each phase builds a new app in this process — a new
   worker, nothing kept — and reads each thread's page once as a visitor without an
   account, the page's first view in that worker (Flask's test client: the application's
   own cost, no HTTP server):
   - a first pass, not measured, so that the index and the database are read from disk
     once (the operating system keeps them, as on a running server);
   - *searched*: lists not stored (``PALABRE_SIMILAR_STORED_SECONDS=0``), every page
     searches, as before lists were stored;
   - *searched and stored*: no list stored yet: each page searches and stores its list;
   - *stored*: another new worker reads the lists the previous one stored.
   Each phase also serves the floor route (one row read, a tiny template; the load
   bench's) as many times, in the same app.
3. Reported: median and p95 of each phase, their ratio to the floor's p95 and to
   *searched*; to ``docs/PERFORMANCE.md``, section "Similar contributions", through
   ``bench/similar-results.json`` (a run replaces only the figures of its database and
   corpus size).

Run: ``.venv/bin/python bench/similar.py [--db sqlite|postgres] [--database FILE --index
DIR] [--size 20000] [--pages 200] [--no-report]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["PALABRE_BENCH_FLOOR"] = "1"  # the floor route, in the apps made here

from load import app_on, log, percentile, prepare_database  # noqa: E402
from perfdoc import machine_line, run_flask, write_section  # noqa: E402
from sqlalchemy import delete, func, select  # noqa: E402

from forum.extensions import db  # noqa: E402
from forum.models import Contribution, Debate, SimilarList, Status  # noqa: E402
from tests.reliability import servers  # noqa: E402

RESULTS = ROOT / "bench" / "similar-results.json"
BEGIN, END = "<!-- similar-bench:begin -->", "<!-- similar-bench:end -->"
PHASES = (
    ("searched", "searched by the worker (lists not stored)"),
    ("searched_stored", "searched, and stored for the others"),
    ("stored", "read from the stored lists"),
)


def corpus(arguments, work: Path) -> tuple[str, Path, object | None]:
    """The database URL, the index folder and the throwaway cluster (if any)."""
    if arguments.database:
        return f"sqlite:///{Path(arguments.database).resolve()}", Path(arguments.index), None
    url, cluster = prepare_database(arguments, work)
    return url, work / "index", cluster


def new_worker(env: dict[str, str], stored_seconds: int):
    """An app as a gunicorn worker builds it, with nothing kept yet."""
    return app_on(
        env["PALABRE_DATABASE_URL"],
        env,
        PALABRE_SIMILAR_STORED_SECONDS=stored_seconds,
        PALABRE_INDEX_AFTER_REQUEST=False,
    )


def threads_and_floor(app, pages: int, seed: int) -> tuple[list[int], str, int]:
    """Random published threads, the floor's address, and how many contributions."""
    with app.app_context():
        roots = db.session.scalars(
            select(Contribution.id).where(
                Contribution.parent_id.is_(None), Contribution.status == Status.PUBLISHED
            )
        ).all()
        debate_id = db.session.scalar(select(Debate.id).order_by(Debate.id).limit(1))
        count = db.session.scalar(select(func.count()).select_from(Contribution))
        db.session.execute(delete(SimilarList))  # every phase starts from what it says
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return (
        random.Random(seed).sample(roots, min(pages, len(roots))),
        f"/bench/floor/{debate_id}",
        count,
    )


def timed(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    response.get_data()
    response.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code}")
    return elapsed


def phase(env: dict[str, str], stored_seconds: int, ids: list[int], floor: str) -> dict:
    """Each thread's first view in a new worker, and the floor as many times."""
    app = new_worker(env, stored_seconds)
    client = app.test_client()
    timed(client, floor)  # the app's first request (its lazy set-up), not counted
    pages, floors = [], []
    for cid in ids:
        pages.append(timed(client, f"/contributions/{cid}"))
        floors.append(timed(client, floor))
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(SimilarList))
        db.session.remove()
        db.engine.dispose()
    return {
        "median": statistics.median(pages),
        "p95": percentile(sorted(pages), 0.95),
        "floor_p95": percentile(sorted(floors), 0.95),
        "lists_stored": stored,
    }


def report(result: dict) -> str:
    searched = result["phases"]["searched"]
    lines = [
        f"**{result['db']}** ({result['search']} search), {result['count']:,} contributions, "
        f"{result['pages']} threads each read once by a new worker, as a visitor without an "
        f"account — run {result['date']}, {result['machine']}.",
        "",
        "| first view of a thread page | median | p95 | p95 / floor p95 | median / searched |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, label in PHASES:
        one = result["phases"][name]
        lines.append(
            f"| {label} | {one['median']:.1f} ms | {one['p95']:.1f} ms | "
            f"{one['p95'] / one['floor_p95']:.1f}× | {one['median'] / searched['median']:.2f} |"
        )
    floors = ", ".join(f"{result['phases'][n]['floor_p95']:.1f}" for n, _ in PHASES)
    lines += ["", f"Floor p95 in each phase: {floors} ms."]
    return "\n".join(lines)


def write_report(result: dict) -> None:
    kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    # One result per database and corpus size: a run replaces only its own.
    same = (result["db"], result["count"] // 1000)
    combined = [r for r in kept if (r["db"], r["count"] // 1000) != same] + [result]
    combined.sort(key=lambda r: (r["db"] != "sqlite", r["count"]))
    RESULTS.write_text(json.dumps(combined, indent=1) + "\n")
    block = "\n\n".join([BEGIN, *(report(one) for one in combined), END])
    write_section(BEGIN, END, block, "Similar contributions")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database", help="an existing SQLite corpus (with --index)")
    parser.add_argument("--index", help="its Whoosh index folder")
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-report", action="store_true", help="do not touch PERFORMANCE.md")
    arguments = parser.parse_args()
    if bool(arguments.database) != bool(arguments.index):
        parser.error("--database and --index go together")
    if arguments.database and arguments.db != "sqlite":
        parser.error("--database is a SQLite file")
    search = "postgres" if arguments.db == "postgres" else "whoosh"
    work = Path(tempfile.mkdtemp(prefix="palabre-similar-"))
    url, index, cluster = corpus(arguments, work)
    try:
        env = servers.site_environment(url, work / "instance", index, search=search)
        if arguments.database:
            run_flask(env, "db", "upgrade")
        else:
            log(f"seeding {arguments.size:,} contributions and indexing them ({search} search)")
            run_flask(env, "demo", "--size", str(arguments.size), "--reindex")
        ids, floor, count = threads_and_floor(new_worker(env, 0), arguments.pages, arguments.seed)
        log(f"{len(ids)} threads of {count:,} contributions; a first pass, not measured")
        phase(env, 0, ids, floor)
        phases = {}
        for name, label in PHASES:
            log(f"{label}")
            phases[name] = phase(env, 0 if name == "searched" else 86_400, ids, floor)
    finally:
        if cluster is not None:
            cluster.stop()
    result = {
        "db": arguments.db,
        "search": search,
        "count": count,
        "pages": len(ids),
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine_line(),
        "phases": phases,
    }
    print(report(result))
    if phases["stored"]["lists_stored"] == 0:
        print("no list was stored: the figures do not measure what they say", file=sys.stderr)
        return 1
    if not arguments.no_report:
        write_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
