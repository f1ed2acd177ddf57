"""Page latency at 10,000 and 1,000,000 contributions, against a framework floor.

For each database (SQLite, PostgreSQL) and corpus size:

1. the corpus is made by ``flask --app app demo --size N`` (a database already holding the
   synthetic debate is reused: making a million contributions takes a quarter of an hour);
2. a fresh Python process (so that its memory is that of a worker which has only served
   pages) builds the app, adds the *floor* route — registered here only, never in the
   application: it reads one row and renders a tiny template, the cost of Flask, Jinja,
   the session and the database driver themselves — and serves, through Flask's test
   client (in process, no HTTP server: the figures are the application's own cost):
   - the thread page of a thread of about 50 replies, for a logged-in participant who
     wrote nothing in it, for one of its authors, and for a visitor without an account
     (served the whole page kept, ``forum.public_pages``),
   - a theme page: the first page and the 1,000th (the deepest there is, if the theme has
     fewer pages), reached by its keyset cursor as the "next" links do,
   - the contribution form, logged in,
   - posting a contribution, the search-index task applied included (a test client
     response is closed inside the timing, which runs the after-response work);
   - the questions page, with the owner's accountability figures over every question;
3. each route runs ``--warmup`` times, then ``--requests`` times; median and 95th
   percentile; ratio to the floor's p95 in the same process; the worker's resident memory
   after serving all of it.

The search index is created empty before the run: rebuilding it for a million
contributions takes hours on the development machine (see "Search"), and a post costs one
document added to it.

Run: ``.venv/bin/python bench/latency.py [--sizes 10000,1000000] [--db sqlite,postgres]
[--postgres-url URL] [--workdir DIR]``. Without ``--postgres-url`` a throwaway PostgreSQL
cluster is started (as in the test suite) and dropped at the end. Results accumulate in
``bench/latency-results.json`` (a run of one size or database replaces only its own
figures) and the tables go to ``docs/PERFORMANCE.md`` between the latency markers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from perfdoc import write_section  # noqa: E402

RESULTS = ROOT / "bench" / "latency-results.json"
BEGIN, END = "<!-- latency-bench:begin -->", "<!-- latency-bench:end -->"
ROUTES = (
    "floor",
    "thread",
    "thread_author",
    "thread_public",
    "theme_first",
    "theme_deep",
    "form",
    "post",
    "post_served",
    "questions",
)
LABELS = {
    "floor": "floor (one row, tiny template)",
    "thread": "thread page (≈50 replies)",
    "thread_author": "same thread, for one of its authors",
    "thread_public": "same thread, a visitor without an account (whole page kept)",
    "theme_first": "theme page, first",
    "theme_deep": "theme page, 1,000th",
    "form": "contribution form",
    "post": "posting, index task applied after the response",
    "post_served": "posting, index task left to the search writer (`make serve`)",
    "questions": "questions page (with the owner's figures)",
}
PASSWORD = "palabre-demo-2026"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Making the corpus ---------------------------------------------------------------------


def _env(url: str, instance: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PALABRE_DATABASE_URL=url,
        PALABRE_INSTANCE_PATH=str(instance),
        PALABRE_SECRET_KEY="bench",
        PALABRE_BASE_URL="http://127.0.0.1:5000",
        PALABRE_RATE_LIMITS="0",
    )
    return env


def prepare(url: str, instance: Path, size: int) -> float | None:
    """Make the corpus unless it is there; the seconds it took (None: reused)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if "debates" in inspect(connection).get_table_names():
                found = connection.execute(
                    text("SELECT id FROM debates WHERE slug = 'debat-national'")
                ).first()
                if found is not None:
                    return None
    finally:
        engine.dispose()
    log(f"making {size:,} contributions: flask demo --size {size}")
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "flask"), "--app", "app", "demo", "--size", str(size)],
        cwd=ROOT,
        env=_env(url, instance),
        check=True,
    )
    return time.monotonic() - started


# --- Measuring (in a fresh process) --------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _timed(call, warmup: int, requests: int) -> list[float]:
    """Times of ``call``; what it returns, if callable, runs after its time is taken."""
    for _ in range(warmup):
        _then(call())
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        after = call()
        times.append((time.perf_counter() - started) * 1000)
        _then(after)
    return times


def _then(after) -> None:
    if callable(after):
        after()


def _summary(times: list[float]) -> dict:
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return {"p50": statistics.median(times), "p95": cuts[18], "n": len(times)}


def _logged_in(app, email: str):
    """A test client with a session of ``email``, as a browser after logging in."""
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    answer = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": CSRF.search(form).group(1)},
    )
    assert answer.status_code == 302, answer.status_code
    return client


def measure(url: str, instance: Path, warmup: int, requests: int) -> dict:
    from flask import render_template_string
    from sqlalchemy import func, select

    from app import create_app
    from forum.extensions import db
    from forum.models import Contribution, Debate, Status, Theme, User, contribution_themes
    from forum.pagination import Ordering, encode_cursor
    from forum.search import writer
    from forum.search.service import get_backend

    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "bench",
        "PALABRE_BASE_URL": "http://127.0.0.1:5000",
        "RATELIMIT_ENABLED": False,
        "PALABRE_INDEX_PATH": str(instance / "index"),
    }
    app = create_app(config)
    # The same site as `make serve` runs it: index tasks left to the search writer (here,
    # applied after each of its posts, outside the time measured).
    served = create_app({**config, "PALABRE_INDEX_AFTER_REQUEST": False})

    @app.get("/_bench/floor")
    def floor():  # the framework's own cost: one row, a tiny template
        debate = db.session.get(Debate, floor.debate_id)
        return render_template_string("<h1>{{ debate.title }}</h1>", debate=debate)

    found: dict = {}
    with app.app_context():
        debate = db.session.scalar(select(Debate).where(Debate.slug == "debat-national"))
        floor.debate_id = debate.id
        backend = get_backend()
        if not backend.exists():
            with backend.writer_lock():
                backend.rebuild(iter(()), 0, lambda _n: None)
        # A thread of about 50 replies (the one closest to 51 contributions in all).
        sizes = (
            select(Contribution.root_id, func.count().label("n"))
            .where(Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
            .group_by(Contribution.root_id)
            .subquery()
        )
        found["thread"] = db.session.execute(
            select(sizes.c.root_id, sizes.c.n)
            .order_by(func.abs(sizes.c.n - 51), sizes.c.root_id)
            .limit(1)
        ).first()
        # The largest theme, and the cursor that leads to its 1,000th page.
        theme = db.session.scalars(
            select(Theme).where(Theme.debate_id == debate.id).order_by(Theme.position)
        ).first()
        in_theme = (
            select(Contribution)
            .join(contribution_themes, contribution_themes.c.contribution_id == Contribution.id)
            .where(
                contribution_themes.c.theme_id == theme.id,
                Contribution.debate_id == debate.id,
                Contribution.status == Status.PUBLISHED,
            )
            .order_by(Contribution.created_at, Contribution.id)
        )
        per_page = app.config["PALABRE_PER_PAGE"]
        in_theme_count = db.session.scalar(
            select(func.count()).select_from(in_theme.order_by(None).subquery())
        )
        page = min(1000, (in_theme_count - 1) // per_page + 1)
        before_deep = db.session.scalars(in_theme.offset((page - 1) * per_page - 1).limit(1)).one()
        found["theme"] = (debate.slug, theme.slug, encode_cursor(Ordering(), before_deep), page)
        found["theme_ids"] = [theme.id]
        # The measuring reader wrote nothing in the thread, as most of its readers (they
        # are served the thread as the public sees it); an author of the thread is served
        # it rendered afresh, measured on its own line.
        in_thread = select(Contribution.author_id).where(
            Contribution.root_id == found["thread"][0], Contribution.author_id.is_not(None)
        )
        synthetic = User.email.like("participant%@synthetique.palabre.example")
        found["login"] = db.session.scalar(
            select(User.email).where(synthetic, User.id.not_in(in_thread)).limit(1)
        )
        found["author_login"] = db.session.scalar(
            select(User.email).where(synthetic, User.id.in_(in_thread)).limit(1)
        )
        db.session.remove()

    client = _logged_in(app, found["login"])
    author = _logged_in(app, found["author_login"])
    anonymous = app.test_client()
    served_client = _logged_in(served, found["login"])
    slug, theme_slug, cursor, deep_page = found["theme"]
    contribute = f"/debates/{slug}/contribute"
    token = CSRF.search(client.get(contribute).get_data(as_text=True)).group(1)
    served_token = CSRF.search(served_client.get(contribute).get_data(as_text=True)).group(1)
    counter = iter(range(10**9))

    def get(url: str, as_client=client):
        def call():
            response = as_client.get(url)
            response.get_data()
            response.close()
            assert response.status_code == 200, (url, response.status_code)

        return call

    def post(as_client=client, csrf=token):
        n = next(counter)
        response = as_client.post(
            contribute,
            data={
                "csrf_token": csrf,
                "kind": "opinion",
                "title": f"Mesure de performance {n}",
                "body": "Le tracé devrait desservir l'hôpital et la gare, sans couper le parc.",
                "themes": str(found["theme_ids"][0]),
            },
        )
        response.close()  # runs the after-response work: the search-index task
        assert response.status_code == 302, response.status_code
        return lambda: read_flash(as_client)

    def read_flash(as_client):
        # A browser follows the redirect to the new contribution, whose page shows "thank
        # you" and takes it out of the session; left there, hundreds of them would weigh
        # on every later request of this client.
        with as_client.session_transaction() as stored:
            stored.pop("_flashes", None)

    def post_served():
        post(served_client, served_token)
        return apply_tasks  # the search writer's work, in its own process when served

    def apply_tasks():
        read_flash(served_client)
        with served.app_context():
            writer.apply_pending()

    calls = {
        "floor": get("/_bench/floor"),
        "thread": get(f"/contributions/{found['thread'][0]}"),
        "thread_author": get(f"/contributions/{found['thread'][0]}", author),
        "thread_public": get(f"/contributions/{found['thread'][0]}", anonymous),
        "theme_first": get(f"/debates/{slug}/themes/{theme_slug}"),
        "theme_deep": get(f"/debates/{slug}/themes/{theme_slug}?after={cursor}"),
        "form": get(contribute),
        "post": post,
        "post_served": post_served,
        "questions": get(f"/debates/{slug}/questions"),
    }
    routes = {}
    # Interleaved rounds: the machine's load changes over a run and hits every route alike.
    rounds = 10
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for call in calls.values():
        _timed(call, warmup, 0)
    for _ in range(rounds):
        for name, call in calls.items():
            samples[name] += _timed(call, 0, max(requests // rounds, 1))
    for name, times in samples.items():
        routes[name] = _summary(times)
    return {
        "routes": routes,
        "rss_mb": _rss_mb(),
        "thread_size": found["thread"][1],
        "deep_page": deep_page,
    }


# --- The report ----------------------------------------------------------------------------


def _load() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def tables(results: dict) -> str:
    lines = [
        "| database | corpus | route | p50 | p95 | p95 ÷ floor p95 | p95 ÷ same at 10,000 "
        "| the same, each ÷ its floor |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for key in sorted(results, key=lambda k: (results[k]["db"], results[k]["size"])):
        run = results[key]
        floor = run["routes"]["floor"]["p95"]
        small = results.get(f"{run['db']}-10000")
        for route in ROUTES:
            figures = run["routes"].get(route)
            if figures is None:  # a route added since that run
                continue
            growth = net = None
            if small and run["size"] != 10000 and route != "floor" and route in small["routes"]:
                growth = figures["p95"] / small["routes"][route]["p95"]
                # The two sizes are measured minutes apart: against each one's floor, the
                # machine's drift in between cancels out (the floor reads one row by key,
                # whatever the corpus).
                net = growth / (floor / small["routes"]["floor"]["p95"])
            label = LABELS[route]
            if route == "theme_deep" and run.get("deep_page", 1000) < 1000:
                label = f"theme page, page {run['deep_page']} (the last)"
            lines.append(
                f"| {run['db']} | {run['size']:,} | {label} | {figures['p50']:.1f} ms "
                f"| {figures['p95']:.1f} ms | {figures['p95'] / floor:.1f}× "
                f"| {'—' if growth is None else f'{growth:.2f}×'} "
                f"| {'—' if net is None else f'{net:.2f}×'} |"
            )
    lines += [
        "",
        "| database | corpus | made by `demo --size` in | thread measured | worker RSS after |"
        " measured on |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for key in sorted(results, key=lambda k: (results[k]["db"], results[k]["size"])):
        run = results[key]
        made = run.get("generation_s")
        lines.append(
            f"| {run['db']} | {run['size']:,} | {'—' if made is None else f'{made:.0f} s'} "
            f"| {run['thread_size']} contributions | {run['rss_mb']:.0f} MB | {run['date']}, "
            f"load {run['load']} |"
        )
    return "\n".join(lines)


def write_report(results: dict) -> None:
    block = "\n".join(
        [
            BEGIN,
            "Figures from `bench/latency.py` (kept in `bench/latency-results.json`); Flask's "
            "test client in one process, times in milliseconds per request.",
            "",
            tables(results),
            END,
        ]
    )
    write_section(BEGIN, END, block, "Page latency")


# --- Driving it ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--postgres-url", help="a server whose user may create databases")
    parser.add_argument("--workdir", default="/tmp/palabre-latency")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--measure", nargs=2, metavar=("URL", "INSTANCE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        url, instance = args.measure
        print(json.dumps(measure(url, Path(instance), args.warmup, args.requests)))
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    databases = [d for d in args.db.split(",") if d]
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    cluster = None
    server = args.postgres_url
    if "postgres" in databases and not server:
        from tests import pg_cluster

        cluster = pg_cluster.start(durable=True)
        server = cluster.url
    results = _load()
    try:
        for database in databases:
            for size in sizes:
                instance = work / f"{database}-{size}"
                instance.mkdir(exist_ok=True)
                if database == "sqlite":
                    url = f"sqlite:///{instance / 'palabre.sqlite3'}"
                else:
                    from sqlalchemy import create_engine, text
                    from sqlalchemy.engine import make_url

                    name = f"palabre_latency_{size}"
                    admin = create_engine(server, isolation_level="AUTOCOMMIT")
                    with admin.connect() as connection:
                        exists = connection.execute(
                            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                        ).first()
                        if not exists:
                            connection.execute(text(f"CREATE DATABASE {name}"))
                    admin.dispose()
                    url = make_url(server).set(database=name).render_as_string(False)
                made = prepare(url, instance, size)
                log(f"{database}, {size:,}: measuring in a fresh process")
                output = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--measure",
                        url,
                        str(instance),
                        "--warmup",
                        str(args.warmup),
                        "--requests",
                        str(args.requests),
                    ],
                    cwd=ROOT,
                    env=_env(url, instance),
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                run = json.loads(output.strip().splitlines()[-1])
                previous = results.get(f"{database}-{size}", {})
                run.update(
                    db=database,
                    size=size,
                    generation_s=made if made is not None else previous.get("generation_s"),
                    date=time.strftime("%Y-%m-%d %H:%M"),
                    load=f"{os.getloadavg()[0]:.1f}",
                )
                results[f"{database}-{size}"] = run
                RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
                for route in ROUTES:
                    figures = run["routes"][route]
                    log(f"  {route:12} p50 {figures['p50']:8.1f} ms  p95 {figures['p95']:8.1f} ms")
                log(f"  worker RSS {run['rss_mb']:.0f} MB")
    finally:
        if cluster is not None:
            cluster.stop()
    print(tables(results))
    if not args.no_report:
        write_report(results)


if __name__ == "__main__":
    main()
