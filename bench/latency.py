"""Page latency over HTTP at 100,000 contributions, against the framework's floor.

1. Each code tree (this one; with ``--before DIR`` another checkout too, with its own
   ``.venv``) gets its corpus from its own ``flask --app app demo --size N --reindex``, in
   ``--workdir/<after|before>/`` (a corpus already there is reused: making 100,000
   contributions and their index takes about five minutes on 2 cores).
2. Each is served by its own gunicorn as ``make serve`` runs it (``forum.serving``, 2
   workers per core, the floor route on: ``PALABRE_BENCH_FLOOR=1``, one row read and a
   five-line template); the code before also with the shared folder of visitors' pages
   its ``make serve`` set.
3. One client (keep-alive, as a browser) reads, from each server in turn, in ``--rounds``
   rounds whose order alternates, ``--requests`` times each:
   - the floor;
   - a thread page of about 50 replies (five such threads in turn) for a visitor holding
     the page: ``If-None-Match`` with the tag of the last answer (``304 Not Modified``
     when nothing changed);
   - the same pages for a visitor holding no copy (rendered from scratch by this code);
   - the same pages for a logged-in participant who wrote nothing in them;
   - page 1 of a theme (the eight in turn) and a search (eight common words in turn), for
     a visitor without a copy.
   Nothing is written meanwhile. Median and 95th percentile per route and server, and
   the ratio of each p95 to the same server's floor p95 in the same run.

Run: ``.venv/bin/python bench/latency.py [--before /work/wt-before] [--size 100000]
[--workdir DIR]``; the figures go to ``docs/PERFORMANCE.md``, section "Page latency".
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from perfdoc import machine_line, write_section  # noqa: E402
from served import Tree, flask, gunicorn, load_line, spread, trees  # noqa: E402

from demo.tram import DEMO_PASSWORD  # noqa: E402
from tests.reliability import servers  # noqa: E402
from tests.reliability.webclient import Browser  # noqa: E402

RESULTS = ROOT / "bench" / "latency-results.json"
BEGIN, END = "<!-- latency-bench:begin -->", "<!-- latency-bench:end -->"
SEARCH_WORDS = ("tramway", "station", "parking", "vélo", "bruit", "chantier", "arbres", "coût")
ROUTES = {
    "floor": "floor (one row, five-line template)",
    "thread_304": "thread page (≈50 replies), visitor holding it (`If-None-Match`)",
    "thread_visitor": "thread page (≈50 replies), visitor without a copy",
    "thread_participant": "thread page (≈50 replies), logged-in participant",
    "theme": "theme page 1, visitor without a copy",
    "search": "search page, visitor",
}
# Ratio of a route's p95 to the floor's p95 it must stay within.
TARGETS = {"thread_304": 2, "thread_visitor": 15, "theme": 10, "search": 10}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Site:
    """One tree's corpus and server, and the pages read on it."""

    def __init__(self, tree: Tree, workdir: Path, size: int, workers: int) -> None:
        self.tree = tree
        self.folder = workdir / tree.label
        self.folder.mkdir(parents=True, exist_ok=True)
        database = self.folder / "palabre.sqlite3"
        extra = {"PALABRE_BENCH_FLOOR": "1"}
        if tree.label == "before":  # its `make serve` shared visitors' pages this way
            extra["PALABRE_PAGE_FOLDER"] = str(self.folder / "kept-pages")
        self.env = servers.site_environment(
            f"sqlite:///{database}", self.folder / "instance", self.folder / "index", **extra
        )
        if not database.exists():
            log(f"{tree.label}: making {size:,} contributions and their index")
            started = time.monotonic()
            flask(tree, self.env, "demo", "--size", str(size), "--reindex")
            log(f"{tree.label}: corpus made in {time.monotonic() - started:.0f} s")
        self.read_facts(database)
        self.port = servers.free_port()
        self.server = gunicorn(tree, self.env, self.port, self.folder / "gunicorn.log", workers)
        self.etags: dict[str, str] = {}
        self.turn = 0

    def read_facts(self, database: Path) -> None:
        connection = sqlite3.connect(database)
        self.debate_id = connection.execute(
            "SELECT id FROM debates WHERE slug = 'debat-national'"
        ).fetchone()[0]
        self.threads = [
            row[0]
            for row in connection.execute(
                "SELECT root_id FROM contributions WHERE parent_id IS NOT NULL"
                " AND status = 'published' AND root_id IN (SELECT id FROM contributions"
                " WHERE parent_id IS NULL AND status = 'published')"
                " GROUP BY root_id ORDER BY abs(count(*) - 50), root_id LIMIT 5"
            )
        ]
        self.replies = [
            connection.execute(
                "SELECT count(*) FROM contributions WHERE root_id = ? AND parent_id IS NOT NULL",
                (thread,),
            ).fetchone()[0]
            for thread in self.threads
        ]
        self.themes = [
            row[0]
            for row in connection.execute(
                "SELECT slug FROM themes WHERE debate_id = ? ORDER BY id", (self.debate_id,)
            )
        ]
        # A participant who wrote nothing in those threads.
        self.email = connection.execute(
            "SELECT email FROM users WHERE email LIKE '%@synthetique.palabre.example'"
            " AND id NOT IN (SELECT author_id FROM contributions WHERE author_id IS NOT NULL"
            f" AND root_id IN ({','.join('?' * len(self.threads))})) ORDER BY id LIMIT 1",
            self.threads,
        ).fetchone()[0]
        self.contributions = connection.execute("SELECT count(*) FROM contributions").fetchone()[0]
        connection.close()

    def start(self) -> None:
        self.server.start()
        servers.wait_until_serving(self.server, self.port, timeout=180)
        self.visitor = Browser("127.0.0.1", self.port)
        self.participant = Browser("127.0.0.1", self.port)
        answer = self.participant.log_in(self.email, DEMO_PASSWORD)
        if answer.status != 302:
            raise SystemExit(f"{self.tree.label}: logging in answered {answer.status}")

    def stop(self) -> None:
        self.server.stop()

    def request(self, route: str):
        """One request of ``route``; the answer."""
        self.turn += 1
        thread = f"/contributions/{self.threads[self.turn % len(self.threads)]}"
        if route == "floor":
            return self.visitor.get(f"/bench/floor/{self.debate_id}")
        if route == "thread_304":
            held = self.etags.get(thread)
            answer = self.visitor.get(thread, {"If-None-Match": held} if held else None)
            if answer.etag:
                self.etags[thread] = answer.etag
            return answer
        if route == "thread_visitor":
            return self.visitor.get(thread)
        if route == "thread_participant":
            return self.participant.get(thread)
        if route == "theme":
            theme = self.themes[self.turn % len(self.themes)]
            return self.visitor.get(f"/debates/debat-national/themes/{theme}")
        word = SEARCH_WORDS[self.turn % len(SEARCH_WORDS)]
        return self.visitor.get(f"/search?{urlencode({'q': word})}")


def measure(sites: list[Site], rounds: int, requests: int, warmup: int) -> dict:
    times = {(site.tree.label, route): [] for site in sites for route in ROUTES}
    statuses = {(site.tree.label, route): {} for site in sites for route in ROUTES}
    for site in sites:
        for route in ROUTES:
            for _ in range(warmup):
                site.request(route)
    for number in range(rounds):
        order = sites if number % 2 == 0 else list(reversed(sites))
        for site in order:
            log(f"round {number + 1}/{rounds}: {site.tree.label}")
            for route in ROUTES:
                for _ in range(requests):
                    answer = site.request(route)
                    key = (site.tree.label, route)
                    statuses[key][answer.status] = statuses[key].get(answer.status, 0) + 1
                    if answer.status >= 400:
                        raise SystemExit(f"{site.tree.label} {route}: {answer.status}")
                    times[key].append(answer.seconds)
    found: dict = {}
    for (label, route), values in times.items():
        row = spread(values)
        row["statuses"] = {str(k): v for k, v in sorted(statuses[(label, route)].items())}
        found.setdefault(label, {})[route] = row
    for routes in found.values():
        floor = routes["floor"]
        for row in routes.values():
            row["median_ratio"] = row["median"] / floor["median"]
            row["p95_ratio"] = row["p95"] / floor["p95"]
    return found


def statuses_text(row: dict) -> str:
    return ", ".join(f"{count} × {status}" for status, count in row["statuses"].items())


def report(result: dict) -> str:
    labels = [label for label in ("before", "after") if label in result["routes"]]
    described = "; ".join(
        f"{label}: {result['sites'][label]['commit']}, "
        f"{result['sites'][label]['contributions']:,} contributions, threads of "
        f"{', '.join(str(n) for n in result['sites'][label]['replies'])} replies"
        for label in labels
    )
    lines = [
        BEGIN,
        f"SQLite (Whoosh search), {described}; gunicorn {result['workers']} workers each, one "
        f"client, {result['rounds']} rounds × {result['requests']} requests a route and "
        f"server, alternated — run {result['date']}, {result['machine']}, load average "
        f"{result['load_before']} at the start, {result['load_after']} at the end.",
        "",
    ]
    head = "| route |"
    rule = "|---|"
    for label in labels:
        head += f" {label} median | {label} p95 | {label} p95 ÷ floor |"
        rule += "---:|---:|---:|"
    lines += [head + " target |", rule + "---:|"]
    for route, text in ROUTES.items():
        line = f"| {text} |"
        for label in labels:
            row = result["routes"][label][route]
            line += f" {row['median']:.1f} ms | {row['p95']:.1f} ms | {row['p95_ratio']:.1f}× |"
        target = TARGETS.get(route)
        lines.append(line + (f" ≤ {target}× |" if target else " |"))
    lines += ["", "Answers:", ""]
    for label in labels:
        for route in ROUTES:
            row = result["routes"][label][route]
            lines.append(f"- {label}, {route}: {statuses_text(row)}")
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", help="another checkout to measure in the same run")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--workdir", default=str(ROOT / "instance" / "bench-latency"))
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--no-report", action="store_true")
    arguments = parser.parse_args()
    workdir = Path(arguments.workdir)
    sites = [
        Site(tree, workdir, arguments.size, arguments.workers) for tree in trees(arguments.before)
    ]
    try:
        for site in sites:
            site.start()
        load_at_start = load_line()
        routes = measure(sites, arguments.rounds, arguments.requests, arguments.warmup)
        result = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": machine_line(),
            "workers": arguments.workers,
            "rounds": arguments.rounds,
            "requests": arguments.requests,
            "load_before": load_at_start,
            "load_after": load_line(),
            "sites": {
                site.tree.label: {
                    "commit": site.tree.commit(),
                    "contributions": site.contributions,
                    "replies": site.replies,
                }
                for site in sites
            },
            "routes": routes,
        }
    finally:
        for site in sites:
            site.stop()
    text = report(result)
    print(text)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    if not arguments.no_report:
        write_section(BEGIN, END, text, "Page latency")
    after = result["routes"]["after"]
    missed = [route for route, limit in TARGETS.items() if after[route]["p95_ratio"] > limit]
    if missed:
        log(f"over the target: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
