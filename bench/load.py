"""Load test: gunicorn on loopback under mixed workloads, against the framework's floor.

1. A fresh database (SQLite by default; ``--db postgres`` starts a throwaway cluster as the
   test suite does, durable as a production server) is filled by ``flask --app app demo
   --size N --reindex``: a synthetic debate with threads, themes and participants, and its
   search index.
2. Gunicorn starts on a free loopback port (``--workers``, default 2 per core) with the
   search writer beside it, as ``make serve`` runs them, plus the floor route
   (``PALABRE_BENCH_FLOOR=1``: one row read, one tiny template).
3. With ``--before DIR``, another checkout (its own ``.venv``) gets the same: its own
   database seeded by its own ``flask demo``, its own gunicorn and writer, the same
   settings (and the folder of visitors' pages its ``make serve`` set). The same driver
   talks HTTP to each in turn.
4. The mixed workloads run unmeasured for ``--warmup-seconds`` on each site (imports,
   the database's pages in memory). Then ``--rounds`` rounds: in each, for each site in
   turn (the order alternating), the floor (``--clients`` threads requesting only the
   floor route) and the two mixes (``MIXES``) with the same clients. *participants*: every
   request from a logged-in participant, who reads thread, theme, debate and search
   pages, logs in again now and then, and posts contributions and replies through the
   real forms (CSRF included) — one action in five writes. *public*: most pages read by
   visitors without an account (holding no copy: no ``If-None-Match``), one action in
   twelve writing. The CPU time of each part (workers, search writer, database, clients,
   the rest of the machine) is read from ``/proc``.
5. Afterwards: the search writer drains its tasks; every post that got its redirect must
   be in the database exactly once and in the index exactly once; no answer may be a 5xx.

Rate limits are off (the clients post far faster than people). Standard library only.
Run: ``.venv/bin/python bench/load.py [--db sqlite|postgres] [--before DIR] [--size 2000]
[--clients 16] [--seconds 30]``; the figures go to ``docs/PERFORMANCE.md``, section "Load".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import served  # noqa: E402
from perfdoc import machine_line, write_section  # noqa: E402
from served import percentile  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from demo.tram import DEMO_PASSWORD  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Contribution, Debate, IndexTask, Status, Theme, User  # noqa: E402
from forum.search.service import SearchBusy, check_and_repair, get_backend  # noqa: E402
from tests.reliability import servers  # noqa: E402
from tests.reliability.webclient import CONNECTION_ERRORS, Answer, Browser  # noqa: E402

RESULTS = ROOT / "bench" / "load-results.json"
BEGIN, END = "<!-- load-bench:begin -->", "<!-- load-bench:end -->"
SLUG = "debat-national"  # demo.synthetic's debate
RESULTS_LIST = 'class="result-list"'
SEARCH_WORDS = ("tramway", "station", "parking", "vélo", "bruit", "chantier", "arbres", "coût")
RELATIONS = ("supports", "objects", "nuances", "asks_clarification", "provides_source")
# The mixed workloads: (action, weight). Posting actions are two requests (form, then
# post); an action "…, no account" is a page read by a visitor who is not logged in.
NO_ACCOUNT = ", no account"
MIXES = {
    # Every request from logged-in participants, one action in five writing.
    "participants": (
        ("thread", 30),
        ("theme", 20),
        ("search", 12),
        ("debate", 8),
        ("contribute", 10),
        ("reply", 10),
        ("login", 3),
    ),
    # A public debate's site: two pages in three read without an account, one action in
    # twelve writing (still far more than the 90-9-1 rule of online participation says).
    "public": (
        ("thread" + NO_ACCOUNT, 35),
        ("theme" + NO_ACCOUNT, 15),
        ("debate" + NO_ACCOUNT, 10),
        ("search" + NO_ACCOUNT, 5),
        ("thread", 12),
        ("theme", 6),
        ("search", 3),
        ("debate", 3),
        ("contribute", 3),
        ("reply", 5),
        ("login", 3),
    ),
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- What the clients saw ----------------------------------------------------------------


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    connection_errors: Counter = field(default_factory=Counter)
    # Answered 200 without what the page is for (a search page without results: the
    # search failed and said so).
    wrong_pages: Counter = field(default_factory=Counter)
    posted: list[tuple[int, str]] = field(default_factory=list)

    def add(self, route: str, answer: Answer) -> None:
        with self.lock:
            self.times[route].append(answer.seconds)
            self.statuses[route][answer.status] += 1

    def failed(self, route: str) -> None:
        with self.lock:
            self.connection_errors[route] += 1

    def wrong(self, route: str) -> None:
        with self.lock:
            self.wrong_pages[route] += 1

    def errors(self, route: str, expected: tuple[int, ...]) -> int:
        counts = self.statuses[route]
        return sum(n for status, n in counts.items() if status not in expected)

    def server_errors(self) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if s >= 500)

    def all_times(self) -> list[float]:
        return [seconds for times in self.times.values() for seconds in times]

    def count(self) -> int:
        """Requests answered."""
        return sum(len(times) for times in self.times.values())

    def absorb(self, other: Tally) -> None:
        """Add what ``other`` counted (another round of the same phase)."""
        for route, times in other.times.items():
            self.times[route].extend(times)
        for route, counts in other.statuses.items():
            self.statuses[route].update(counts)
        self.connection_errors.update(other.connection_errors)
        self.wrong_pages.update(other.wrong_pages)
        self.posted.extend(other.posted)


# Statuses each route answers when all is well.
EXPECTED = {
    "contribute (post)": (302,),
    "reply (post)": (302,),
    "login (post)": (302,),
}


# --- The workload --------------------------------------------------------------------------


@dataclass
class Site:
    port: int
    debate_id: int
    theme_slugs: list[str]
    theme_ids: list[int]
    thread_ids: list[int]
    emails: list[str]


class Visitor:
    """One client thread's participant."""

    def __init__(self, number: int, site: Site, tally: Tally, seed: int) -> None:
        self.number, self.site, self.tally, self.seed = number, site, tally, seed
        self.rng = random.Random(seed * 1000 + number)
        self.email = site.emails[number % len(site.emails)]
        self.browser = self._browser()
        self.anonymous = self._browser()  # never logs in
        self.sent = 0

    def _browser(self) -> Browser:
        return Browser("127.0.0.1", self.site.port, timeout=60)

    def timed(self, route: str, call) -> Answer | None:
        try:
            answer = call()
        except CONNECTION_ERRORS:
            self.tally.failed(route)
            return None
        self.tally.add(route, answer)
        return answer

    def form_then_post(self, name: str, form_path: str, fields: dict) -> Answer | None:
        page = self.timed(f"{name} (form)", lambda: self.browser.get(form_path))
        token = page.csrf_token() if page is not None else None
        if token is None:
            return None
        return self.timed(
            f"{name} (post)",
            lambda: self.browser.post(form_path, {**fields, "csrf_token": token}),
        )

    def log_in(self) -> None:
        self.browser.close()
        self.browser = self._browser()
        self.form_then_post("login", "/login", {"email": self.email, "password": DEMO_PASSWORD})

    def floor(self) -> None:
        self.timed("floor", lambda: self.browser.get(f"/bench/floor/{self.site.debate_id}"))

    def act(self, action: str) -> None:
        rng, site = self.rng, self.site
        page, anonymous = action.removesuffix(NO_ACCOUNT), action.endswith(NO_ACCOUNT)
        browser = self.anonymous if anonymous else self.browser
        if page == "thread":
            self.timed(action, lambda: browser.get(f"/contributions/{self.thread()}"))
        elif page == "theme":
            theme = rng.choice(site.theme_slugs)
            self.timed(action, lambda: browser.get(f"/debates/{SLUG}/themes/{theme}"))
        elif page == "search":
            word = rng.choice(SEARCH_WORDS)
            answer = self.timed(action, lambda: browser.get(f"/search?{urlencode({'q': word})}"))
            # Every search word is in the corpus: no results means the search failed.
            if answer is not None and answer.status == 200 and RESULTS_LIST not in answer.body:
                self.tally.wrong(action)
        elif page == "debate":
            self.timed(action, lambda: browser.get(f"/debates/{SLUG}"))
        elif action == "login":
            self.log_in()
        elif action == "floor":
            self.floor()
        else:
            self.post(reply=action == "reply")

    def thread(self) -> int:
        return self.rng.choice(self.site.thread_ids)

    def post(self, *, reply: bool) -> None:
        self.sent += 1
        # Unique in the run: each phase's clients have a seed of their own.
        title = f"Charge {self.seed}-{self.number}-{self.sent}-{self.rng.randrange(10**9)}"
        body = f"Contribution de charge {self.number}-{self.sent} sur le tracé du tramway."
        if reply:
            answer = self.form_then_post(
                "reply",
                f"/contributions/{self.thread()}/reply",
                {
                    "relation": self.rng.choice(RELATIONS),
                    "kind": "opinion",
                    "title": title,
                    "body": body,
                },
            )
        else:
            answer = self.form_then_post(
                "contribute",
                f"/debates/{SLUG}/contribute",
                {"kind": "opinion", "title": title, "body": body, "themes": self.theme_id()},
            )
        new_id = answer.new_contribution_id() if answer is not None else None
        if new_id is not None:
            with self.tally.lock:
                self.tally.posted.append((new_id, title))

    def theme_id(self) -> int:
        return self.rng.choice(self.site.theme_ids)


def drive(
    site: Site,
    clients: int,
    seconds: float,
    *,
    mix: str | None,
    seed: int,
    meter: CpuMeter | None = None,
) -> tuple:
    """Run ``clients`` threads for ``seconds`` on the workload ``mix`` (None: the floor);
    return (tally, wall seconds). The ``meter`` starts with the measure (its caller stops
    it)."""
    tally = Tally()
    stop = threading.Event()
    mixed = mix is not None
    actions = [name for name, _w in MIXES[mix]] if mixed else []
    weights = [w for _n, w in MIXES[mix]] if mixed else []
    ready = threading.Barrier(clients + 1)

    def run(number: int) -> None:
        visitor = Visitor(number, site, tally, seed)
        if mixed:
            visitor.log_in()
        ready.wait()
        while not stop.is_set():
            action = visitor.rng.choices(actions, weights)[0] if mixed else "floor"
            try:
                visitor.act(action)
            except Exception as error:  # a client's own failure: counted, never fatal
                tally.failed(action)
                log(f"client {number}: {type(error).__name__}: {error}")
                visitor.browser.close()
                visitor.anonymous.close()
        visitor.browser.close()
        visitor.anonymous.close()

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    # What the logins before the start cost is not part of the measure.
    with tally.lock:
        tally.times.clear()
        tally.statuses.clear()
    if meter is not None:
        meter.start()
    started = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return tally, time.perf_counter() - started


# --- The site ------------------------------------------------------------------------------


def prepare_database(arguments, work: Path, label: str, cluster) -> tuple[str, object | None]:
    """The database URL for the site ``label``, and the throwaway cluster to stop afterwards
    (if any; one for every site)."""
    if arguments.db == "sqlite":
        return f"sqlite:///{work / f'{label}.sqlite3'}", None
    given = os.environ.get("PALABRE_DATABASE_URL", "")
    if given.startswith("postgresql") and not arguments.before:
        return given, None
    from tests import pg_cluster

    if cluster is None:
        cluster = pg_cluster.start(durable=True)
    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE bench_load_{label}")
    admin.dispose()
    name = f"bench_load_{label}"
    url = make_url(cluster.url).set(database=name).render_as_string(hide_password=False)
    return url, cluster


def app_on(url: str, env: dict[str, str], **overrides):
    """The site of ``env`` as an app in this process (a worker of its own)."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": env["PALABRE_SECRET_KEY"],
            "PALABRE_BASE_URL": env["PALABRE_BASE_URL"],
            "INSTANCE_PATH": env["PALABRE_INSTANCE_PATH"],
            "PALABRE_INDEX_PATH": env["PALABRE_INDEX_PATH"],
            "PALABRE_SEARCH": env["PALABRE_SEARCH"],
            "RATELIMIT_ENABLED": False,
            **overrides,
        }
    )


def site_facts(app, port: int, clients: int) -> Site:
    with app.app_context():
        debate = db.session.scalar(select(Debate).where(Debate.slug == SLUG))
        if debate is None:
            raise SystemExit(f"no debate {SLUG!r}: did `flask demo --size` run?")
        themes = db.session.execute(
            select(Theme.id, Theme.slug).where(Theme.debate_id == debate.id)
        ).all()
        # Published threads with replies, for thread pages and replies.
        published_roots = select(Contribution.id).where(
            Contribution.debate_id == debate.id,
            Contribution.parent_id.is_(None),
            Contribution.status == Status.PUBLISHED,
        )
        thread_ids = list(
            db.session.scalars(
                select(Contribution.root_id)
                .where(
                    Contribution.root_id.in_(published_roots),
                    Contribution.parent_id.is_not(None),
                )
                .group_by(Contribution.root_id)
                .order_by(func.count().desc(), Contribution.root_id)
                .limit(200)
            )
        )
        emails = list(
            db.session.scalars(
                select(User.email)
                .where(User.email.like("%@synthetique.palabre.example"))
                .order_by(User.id)
                .limit(clients)
            )
        )
        db.session.remove()
        return Site(
            port, debate.id, [t.slug for t in themes], [t.id for t in themes], thread_ids, emails
        )


def worker_memory(master: servers.Process) -> list[float]:
    """Resident memory (MB) of each gunicorn worker: the master's children."""
    return sorted(servers.worker_memory(master).values())


class CpuMeter:
    """CPU seconds spent by each part of the test while a phase runs, read from /proc: the
    gunicorn workers, the search writer, the database server, the clients (this process's
    threads), and whatever else the shared machine ran; plus the time no one used."""

    PARTS = ("workers", "search writer", "database", "clients", "other", "idle")

    def __init__(self, server: servers.Process, writer: servers.Process) -> None:
        self.groups = {server.popen.pid: "workers", writer.popen.pid: "search writer"}
        self.tick = os.sysconf("SC_CLK_TCK")

    def _processes(self) -> Counter:
        used: Counter = Counter()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                raw = stat.read_text()
            except OSError:
                continue  # ended meanwhile
            name = raw[raw.index("(") + 1 : raw.rindex(")")]
            fields = raw[raw.rindex(")") + 2 :].split()
            # fields: state ppid pgrp session tty tpgid flags 4×faults utime stime …
            seconds = (int(fields[11]) + int(fields[12])) / self.tick
            if int(stat.parent.name) == os.getpid():
                used["clients"] += seconds
            elif int(fields[2]) in self.groups:
                used[self.groups[int(fields[2])]] += seconds
            elif name == "postgres":
                used["database"] += seconds
        return used

    def _machine(self) -> tuple[float, float]:
        """(busy, idle) CPU seconds of the whole machine since it started."""
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = values[3] + values[4]  # idle and waiting for the disk
        return (sum(values[:8]) - idle) / self.tick, idle / self.tick

    def start(self) -> None:
        self._start = (self._processes(), *self._machine())

    def stop(self) -> Counter:
        """Seconds of CPU per part since ``start``."""
        used, busy, idle = self._processes(), *self._machine()
        before, busy_before, idle_before = self._start
        parts = Counter({part: max(0.0, used[part] - before[part]) for part in self.PARTS[:4]})
        parts["other"] = max(0.0, busy - busy_before - sum(parts.values()))
        parts["idle"] = idle - idle_before
        return parts


def cpu_summary(parts: Counter, requests: int) -> dict:
    """The seconds of CPU per part, and the CPU milliseconds per request of the
    application side (workers, writer, database)."""
    server_side = parts["workers"] + parts["search writer"] + parts["database"]
    return {
        "seconds": {part: parts[part] for part in CpuMeter.PARTS},
        "server_ms_per_request": 1000 * server_side / max(requests, 1),
    }


def cpu_line(label: str, cpu: dict) -> str:
    parts = ", ".join(f"{part} {seconds:.1f} s" for part, seconds in cpu["seconds"].items())
    return (
        f"- CPU during the {label}: {parts}; server side (workers, writer, database) "
        f"{cpu['server_ms_per_request']:.2f} ms a request"
    )


def verify(app, posted: list[tuple[int, str]]) -> dict:
    """Every acknowledged post in the database once and in the index once."""
    with app.app_context():
        deadline = time.monotonic() + 300
        while db.session.scalar(select(func.count()).select_from(IndexTask)):
            db.session.rollback()
            if time.monotonic() > deadline:
                raise SystemExit("the search writer did not drain its tasks in 5 minutes")
            time.sleep(0.5)
        titles = Counter(
            db.session.scalars(
                select(Contribution.title).where(Contribution.title.like("Charge %"))
            )
        )
        ids = {cid for cid, _t in posted}
        backend = get_backend()
        if backend.name == "whoosh":
            indexed = Counter(cid for cid, _fp in backend.fingerprints() if cid in ids)
        else:
            indexed = Counter(
                db.session.scalars(
                    text(
                        "SELECT contribution_id FROM search_documents "
                        "WHERE contribution_id = ANY(:ids)"
                    ),
                    {"ids": list(ids)},
                )
            )
        while True:
            try:
                report = check_and_repair()
                break
            except SearchBusy:  # the writer still holds the index (a merge, say)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        db.session.remove()
        db.engine.dispose()
    return {
        "acknowledged": len(posted),
        "in_database_once": sum(1 for _cid, title in posted if titles.get(title) == 1),
        "in_index_once": sum(1 for cid, _t in posted if indexed.get(cid) == 1),
        "index_in_step": report.in_step,
    }


# --- The report ----------------------------------------------------------------------------

ROUTE_ORDER = (
    *(page + NO_ACCOUNT for page in ("thread", "theme", "search", "debate")),
    "thread",
    "theme",
    "search",
    "debate",
    "contribute (form)",
    "contribute (post)",
    "reply (form)",
    "reply (post)",
    "login (form)",
    "login (post)",
    "floor",
)


def route_rows(tally: Tally, seconds: float) -> list[dict]:
    rows = []
    for route in ROUTE_ORDER:
        times = tally.times.get(route)
        if not times:
            continue
        expected = EXPECTED.get(route, (200,))
        rows.append(
            {
                "route": route,
                "requests": len(times),
                "rps": len(times) / seconds,
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": percentile(times, 0.95) * 1000,
                "p99_ms": percentile(times, 0.99) * 1000,
                "errors": tally.errors(route, expected)
                + tally.connection_errors[route]
                + tally.wrong_pages[route],
                "unexpected": {
                    str(status): n
                    for status, n in tally.statuses[route].items()
                    if status not in expected
                },
            }
        )
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| route | requests | req/s | median | p95 | p99 | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['route']} | {row['requests']:,} | {row['rps']:.1f} | "
            f"{row['median_ms']:.1f} ms | {row['p95_ms']:.1f} ms | {row['p99_ms']:.1f} ms | "
            f"{row['errors']} |"
        )
    return "\n".join(lines)


def all_rows(result: dict) -> list[dict]:
    return [row for mix in result["mixes"] for row in mix["routes"]] + result["floor_routes"]


def summary(result: dict) -> str:
    checks = result["checks"]
    memory = ", ".join(f"{mb:.0f}" for mb in result["worker_rss_mb"])
    mixes = result["mixes"]
    if checks is None:
        checked = "posts not checked (this code's index reader could not read that index)"
    else:
        checked = (
            f"posts acknowledged: {checks['acknowledged']}, in the database once: "
            f"{checks['in_database_once']}, in the index once: {checks['in_index_once']}; "
            f"index in step after: {'yes' if checks['index_in_step'] else 'no'}"
        )
    return "\n".join(
        [
            f"**{result['db']}, {result.get('code', 'after')} "
            f"({result.get('commit', '?')})** ({result['search']} search), "
            f"{result['size']:,} contributions, "
            f"{result['workers']} gunicorn workers"
            + (" sharing visitors' pages" if result.get("page_folder") else "")
            + f", {result['clients']} clients, "
            f"{result['floor_seconds']:.0f} s floor and "
            + " and ".join(f"{m['seconds']:.0f} s {m['name']}" for m in mixes)
            + f" in {result['rounds']} alternating rounds, "
            f"after {result['warmup_seconds']:.0f} s of mixed warm-up — "
            f"run {result['date']}, {result['machine']}, load average "
            f"{result.get('load', '?')} at the end.",
            "",
            f"- floor: {result['floor_rps']:.1f} req/s",
            *[
                f"- {m['name']} workload: {m['rps']:.1f} req/s ({m['ratio']:.0%} of the "
                f"floor's); every request: median {m.get('median_ms', 0):.1f} ms, "
                f"**p95 {m.get('p95_ms', 0):.1f} ms** (target under 150 ms), "
                f"{m.get('p95_ratio', 0):.1f}× the floor's p95"
                for m in mixes
            ],
            f"- 5xx answers: {result['server_errors']}; failed requests (connection or client "
            f"errors): {result['client_errors']}; search pages without results (the search "
            f"failing): {result['wrong_pages']}; {checked}",
            f"- worker memory (RSS, MB): {memory}",
            cpu_line("floor", result["floor_cpu"]),
            *[cpu_line(f"{m['name']} workload", m["cpu"]) for m in mixes],
            *[
                f"- unexpected answers on {row['route']}: {row['unexpected']}"
                for row in all_rows(result)
                if row.get("unexpected")
            ],
        ]
    )


def tables(result: dict) -> list[str]:
    parts = []
    for mix in result["mixes"]:
        parts += [
            f"*{mix['name']}* workload, and the floor:",
            "",
            table(mix["routes"] + result["floor_routes"]),
            "",
        ]
    return parts[:-1] if parts else parts


def write_report(results: list[dict]) -> None:
    """Keep these results with the other database's, and write the section."""
    kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    if not isinstance(kept, list):
        kept = []
    done = {(r["db"], r["code"]) for r in results}
    combined = [r for r in kept if (r["db"], r.get("code", "after")) not in done] + results
    combined = [r for r in combined if "code" in r]  # figures of the page-cache era dropped
    combined.sort(key=lambda r: (r["db"] != "sqlite", r["code"] != "before"))
    RESULTS.write_text(json.dumps(combined, indent=1) + "\n")
    parts = [BEGIN, comparison(combined), ""]
    for one in combined:
        parts += [summary(one), "", *tables(one), ""]
    parts.append(END)
    write_section(BEGIN, END, "\n".join(parts), "Load")


def comparison(results: list[dict]) -> str:
    """One line per database and code: the floor, and each mix's p95 against the target."""
    lines = [
        "| database | code | floor req/s | floor p95 | "
        + " | ".join(f"{name} req/s | {name} median | {name} p95 | p95 ÷ floor" for name in MIXES)
        + " | errors |",
        "|---|---|---:|---:|" + "---:|---:|---:|---:|" * len(MIXES) + "---:|",
    ]
    for one in results:
        floor_p95 = next(r["p95_ms"] for r in one["floor_routes"] if r["route"] == "floor")
        cells = [
            f"{m['rps']:.1f} | {m['median_ms']:.1f} ms | **{m['p95_ms']:.1f} ms** | "
            f"{m['p95_ratio']:.1f}×"
            for m in one["mixes"]
        ]
        errors = one["server_errors"] + one["client_errors"] + one["wrong_pages"]
        lines.append(
            f"| {one['db']} | {one['code']} ({one['commit']}) | {one['floor_rps']:.1f} | "
            f"{floor_p95:.1f} ms | " + " | ".join(cells) + f" | {errors} |"
        )
    return "\n".join(lines)


# --- Main ----------------------------------------------------------------------------------


def start_site(tree, arguments, work: Path, url: str, search: str) -> dict:
    """Seed ``tree``'s own corpus and start its gunicorn and search writer."""
    folder = work / tree.label
    folder.mkdir(parents=True, exist_ok=True)
    extra = {}
    if tree.label == "before":  # its `make serve` shared visitors' pages through a folder
        extra["PALABRE_PAGE_FOLDER"] = str(folder / "kept-pages")
    # As `make serve` runs them: the search writer beside applies the index tasks.
    env = servers.site_environment(
        url,
        folder / "instance",
        folder / "index",
        search=search,
        PALABRE_BENCH_FLOOR="1",
        PALABRE_INDEX_AFTER_REQUEST="0",
        **extra,
    )
    log(f"{tree.label}: seeding {arguments.size:,} contributions ({arguments.db}, {search} search)")
    served.flask(tree, env, "demo", "--size", str(arguments.size), "--reindex")
    port = servers.free_port()
    server = served.gunicorn(tree, env, port, folder / "gunicorn.log", arguments.workers)
    writer = served.search_writer(tree, env, folder / "search-writer.log")
    server.start()
    writer.start()
    servers.wait_until_serving(server, port, timeout=180)
    app = app_on(url, env)
    return {
        "tree": tree,
        "url": url,
        "app": app,
        "server": server,
        "writer": writer,
        "site": site_facts(app, port, arguments.clients),
        "meter": CpuMeter(server, writer),
    }


def measure_rounds(sites: list[dict], arguments) -> dict:
    """The floor and the mixes of every site in alternating rounds: the shared machine's
    changing speed weighs on all alike."""
    phases = [None, *MIXES]
    found = {}
    for one in sites:
        found[one["tree"].label] = {
            "tallies": {phase: Tally() for phase in phases},
            "walls": Counter(),
            "cpu": {phase: Counter() for phase in phases},
        }
    rounds = max(1, arguments.rounds)
    for number in range(1, rounds + 1):
        order = sites if number % 2 else list(reversed(sites))
        for one in order:
            label, kept = one["tree"].label, found[one["tree"].label]
            for offset, phase in enumerate(phases):
                seconds = (arguments.floor_seconds if phase is None else arguments.seconds) / rounds
                log(f"round {number}/{rounds}, {label}: {phase or 'floor'} for {seconds:.0f} s")
                tally, wall = drive(
                    one["site"],
                    arguments.clients,
                    seconds,
                    mix=phase,
                    seed=arguments.seed + 10 * number + offset,
                    meter=one["meter"],
                )
                kept["cpu"][phase] += one["meter"].stop()
                kept["walls"][phase] += wall
                kept["tallies"][phase].absorb(tally)
    return found


def site_result(one: dict, kept: dict, arguments, search: str) -> dict:
    tallies, walls, cpu = kept["tallies"], kept["walls"], kept["cpu"]
    floor = tallies[None]
    memory = worker_memory(one["server"])
    label = one["tree"].label
    log(f"{label}: waiting for the search writer, then checking every post")
    posted = [post for phase in MIXES for post in tallies[phase].posted]
    try:
        checks = verify(one["app"], posted)
    except Exception as error:  # another code's index this code cannot read
        log(f"{label}: posts not checked: {type(error).__name__}: {error}")
        checks = None
    floor_rps = floor.count() / walls[None]
    floor_p95 = percentile(floor.all_times(), 0.95) * 1000
    mixes = []
    for name in MIXES:
        tally = tallies[name]
        rps = tally.count() / walls[name]
        every = tally.all_times()
        mixes.append(
            {
                "name": name,
                "seconds": walls[name],
                "rps": rps,
                "ratio": rps / floor_rps if floor_rps else 0.0,
                "median_ms": statistics.median(every) * 1000 if every else 0.0,
                "p95_ms": percentile(every, 0.95) * 1000,
                "p95_ratio": percentile(every, 0.95) * 1000 / floor_p95 if floor_p95 else 0.0,
                "routes": route_rows(tally, walls[name]),
                "cpu": cpu_summary(cpu[name], tally.count()),
            }
        )
    return {
        "db": arguments.db,
        "code": label,
        "commit": one["tree"].commit(),
        "search": search,
        "size": arguments.size,
        "workers": arguments.workers,
        "page_folder": label == "before",
        "clients": arguments.clients,
        "warmup_seconds": arguments.warmup_seconds,
        "rounds": max(1, arguments.rounds),
        "floor_seconds": walls[None],
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_line(with_load=True),
        "load": served.load_line(),
        "floor_rps": floor_rps,
        "floor_routes": route_rows(floor, walls[None]),
        "floor_cpu": cpu_summary(cpu[None], floor.count()),
        "mixes": mixes,
        "server_errors": sum(t.server_errors() for t in tallies.values()),
        "client_errors": sum(sum(t.connection_errors.values()) for t in tallies.values()),
        "wrong_pages": sum(sum(t.wrong_pages.values()) for t in tallies.values()),
        "worker_rss_mb": memory,
        "checks": checks,
    }


def failed(result: dict) -> bool:
    checks = result["checks"]
    return bool(
        result["server_errors"]
        or result["client_errors"]
        or result["wrong_pages"]
        or (
            checks is not None
            and (
                checks["in_database_once"] != checks["acknowledged"]
                or checks["in_index_once"] != checks["acknowledged"]
                or not checks["index_in_step"]
            )
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--search", choices=("whoosh", "postgres"), help="default: by --db")
    parser.add_argument("--before", help="another checkout, measured in the same run")
    parser.add_argument("--size", type=int, default=2000, help="contributions in the corpus")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0, help="time of each mixed workload")
    parser.add_argument("--floor-seconds", type=float, default=15.0)
    parser.add_argument(
        "--rounds", type=int, default=3, help="floor and mixed alternate, in this many rounds"
    )
    parser.add_argument(
        "--warmup-seconds",
        type=float,
        default=20.0,
        help="mixed workloads first, unmeasured: the workers' imports, the database's pages",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-report", action="store_true", help="do not touch PERFORMANCE.md")
    arguments = parser.parse_args()
    search = arguments.search or ("postgres" if arguments.db == "postgres" else "whoosh")
    work = Path(tempfile.mkdtemp(prefix="palabre-load-"))
    cluster = None
    sites: list[dict] = []
    try:
        for tree in served.trees(arguments.before):
            url, cluster = prepare_database(arguments, work, tree.label, cluster)
            sites.append(start_site(tree, arguments, work, url, search))
        for one in sites:
            log(f"{one['tree'].label}: warming up")
            for number, mix in enumerate(MIXES, start=1):
                seconds = arguments.warmup_seconds / len(MIXES)
                drive(
                    one["site"], arguments.clients, seconds, mix=mix, seed=arguments.seed - number
                )
        found = measure_rounds(sites, arguments)
        results = [site_result(one, found[one["tree"].label], arguments, search) for one in sites]
        for result in results:
            print(summary(result))
            print("\n".join(tables(result)), flush=True)
        if not arguments.no_report:
            write_report(results)
        return 1 if any(failed(result) for result in results) else 0
    finally:
        for one in sites:
            for process in (one["server"], one["writer"]):
                process.stop()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
