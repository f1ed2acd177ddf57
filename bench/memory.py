"""Worker memory: gunicorn workers on a corpus with its full search index, read for a while.

1. The corpus: ``--database`` and ``--index`` name an existing SQLite database and its
   Whoosh index (a 1,000,000 one takes hours to index: build it once with ``flask --app
   app demo --size 1000000 --reindex`` and point here; its migrations are applied), or
   else one of ``--size`` contributions (20,000 by default) is made with its index in a
   temporary folder.
2. Gunicorn starts as ``make serve`` runs it (``--config python:forum.serving``), with
   ``--workers`` workers (2) and ``PALABRE_WORKER_MEMORY_MB`` at ``--limit`` (180).
3. ``--clients`` client threads (2) read random thread pages, each once without an account
   and once as a logged-in participant, and search one time in three, for ``--seconds``
   (300). Every 2 s the resident memory of each worker is read from ``/proc`` — in the
   middle of a request as often as between two.
4. Reported: pages served, errors, workers replaced (gunicorn's log), and the median, p95
   and highest of the samples; to ``docs/PERFORMANCE.md``, section "Worker memory".

Run: ``.venv/bin/python bench/memory.py [--database FILE --index DIR] [--size 20000]
[--seconds 300] [--limit 180]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load import SEARCH_WORDS, log, percentile, worker_memory  # noqa: E402
from perfdoc import machine_line, run_flask, write_section  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from demo.tram import DEMO_PASSWORD  # noqa: E402
from tests.reliability import servers  # noqa: E402
from tests.reliability.webclient import CONNECTION_ERRORS, Browser  # noqa: E402

BEGIN, END = "<!-- memory-bench:begin -->", "<!-- memory-bench:end -->"
REPLACED = "replaced after this request"  # forum.serving's log line


def corpus(arguments, work: Path) -> tuple[Path, Path]:
    """The database file and index folder to serve, made here unless given."""
    if arguments.database:
        database, index = Path(arguments.database).resolve(), Path(arguments.index)
        env = servers.site_environment(f"sqlite:///{database}", work / "instance", index)
        run_flask(env, "db", "upgrade")  # made by an earlier release, perhaps
        return database, index
    database, index = work / "palabre.sqlite3", work / "index"
    env = servers.site_environment(f"sqlite:///{database}", work / "instance", index)
    log(f"seeding {arguments.size:,} contributions and indexing them")
    run_flask(env, "demo", "--size", str(arguments.size), "--reindex")
    return database, index


def corpus_facts(database: Path) -> tuple[list[int], str, int]:
    """Up to 20,000 random thread ids, a participant's e-mail, and how many contributions."""
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        ids = connection.scalars(
            text(
                "SELECT id FROM contributions WHERE status = 'published' AND parent_id IS NULL "
                "ORDER BY random() LIMIT 20000"
            )
        ).all()
        email = connection.scalar(
            text("SELECT email FROM users WHERE email LIKE '%@synthetique.palabre.example'")
        )
        count = connection.scalar(text("SELECT count(*) FROM contributions"))
    engine.dispose()
    return ids, email, count


def read_pages(port: int, ids: list[int], email: str, seed: int, stop, counts, lock) -> None:
    """One client: a thread page without an account, the same as a participant, and a
    search one time in three, until told to stop."""
    rng = random.Random(seed)
    anonymous = Browser("127.0.0.1", port, timeout=120)
    participant = Browser("127.0.0.1", port, timeout=120)
    token = participant.get("/login").csrf_token()
    participant.post("/login", {"email": email, "password": DEMO_PASSWORD, "csrf_token": token})
    while not stop.is_set():
        paths = [f"/contributions/{rng.choice(ids)}"] * 2
        if rng.random() < 1 / 3:
            paths.append("/search?" + urlencode({"q": rng.choice(SEARCH_WORDS)}))
        for browser, path in zip((anonymous, participant, anonymous), paths, strict=False):
            try:
                ok = browser.get(path).status == 200
            except CONNECTION_ERRORS:
                ok = False
                browser.close()
            with lock:
                counts["pages" if ok else "errors"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="an existing SQLite corpus (with --index)")
    parser.add_argument("--index", help="its Whoosh index folder")
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--limit", type=float, default=180.0, help="PALABRE_WORKER_MEMORY_MB")
    parser.add_argument("--no-report", action="store_true", help="do not touch PERFORMANCE.md")
    arguments = parser.parse_args()
    if bool(arguments.database) != bool(arguments.index):
        parser.error("--database and --index go together")
    work = Path(tempfile.mkdtemp(prefix="palabre-memory-"))
    database, index = corpus(arguments, work)
    ids, email, count = corpus_facts(database)
    env = servers.site_environment(
        f"sqlite:///{database}",
        work / "instance",
        index,
        PALABRE_WORKER_MEMORY_MB=f"{arguments.limit:g}",
        PALABRE_INDEX_AFTER_REQUEST="0",
    )
    port = servers.free_port()
    gunicorn_log = work / "gunicorn.log"
    server = servers.gunicorn(env, port, gunicorn_log, workers=arguments.workers, preload=False)
    server.start()
    stop, lock, counts = threading.Event(), threading.Lock(), {"pages": 0, "errors": 0}
    samples: list[float] = []
    try:
        servers.wait_until_serving(server, port, timeout=300)
        log(f"{len(ids):,} threads; {arguments.clients} clients for {arguments.seconds:.0f} s")
        clients = [
            threading.Thread(
                target=read_pages,
                args=(port, ids, email, number, stop, counts, lock),
                daemon=True,
            )
            for number in range(arguments.clients)
        ]
        for client in clients:
            client.start()
        started = time.monotonic()
        while time.monotonic() - started < arguments.seconds:
            time.sleep(2)
            samples += worker_memory(server)
        stop.set()
        for client in clients:
            client.join(timeout=150)
    finally:
        server.stop()
    replaced = gunicorn_log.read_text().count(REPLACED)
    samples.sort()
    size = f"{count:,} contributions (SQLite)"
    line = (
        f"{size} with its Whoosh index, {arguments.workers} gunicorn workers "
        f"(`PALABRE_WORKER_MEMORY_MB={arguments.limit:g}`), {arguments.clients} clients for "
        f"{arguments.seconds:.0f} s — run {time.strftime('%Y-%m-%d')}, {machine_line()}: "
        f"{counts['pages']:,} pages, {counts['errors']} errors, {replaced} workers replaced; "
        f"worker RSS over {len(samples)} samples: median {statistics.median(samples):.0f} MiB, "
        f"p95 {percentile(samples, 0.95):.0f} MiB, highest {samples[-1]:.0f} MiB."
    )
    print(line)
    if not arguments.no_report:
        write_section(BEGIN, END, f"{BEGIN}\n{line}\n{END}", "Worker memory")
    return 0 if counts["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
