"""Where a mixed request's time goes: ``bench/load.py``'s workloads replayed in one process.

The load bench says how many requests/s the mixes sustain against the floor; this one says
which requests the time goes to, and how far the mixes could go if reading were free.

1. A fresh SQLite database filled by ``flask --app app demo --size N --reindex``, as the
   load bench fills its own.
2. One app in this process, configured as a gunicorn worker of ``make serve`` (index tasks
   left to the search writer, which does not run here), with the floor route.
3. Both mixes of ``bench/load.py`` (``MIXES``: the same actions, weights, forms and CSRF
   tokens) through Flask's test client, unmeasured first (``--warmup`` actions: the app
   fills what it keeps), then ``--actions`` actions of each mix and ``--floor`` requests of
   the floor route, the three interleaved in rounds. Each request's CPU time (thread
   time: this process does nothing else) is recorded under its route.
4. For each mix: each route's median and mean, its share of the mix's CPU, and what a mix
   request costs on average — in milliseconds and in floor requests. Then two bounds: the
   mix with every page read (thread, theme, debate, search) costing one floor request, and
   the same without logging in.

What this leaves out, and the load bench measures: HTTP, gunicorn and the client's side of
each request, the same for every request (it brings the load's ratios nearer to 1 than
these), the search writer's indexing of each post, and several workers sharing the CPU.
Run: ``.venv/bin/python bench/mix_costs.py [--size 2000] [--actions 3000]``; the figures go
to ``docs/PERFORMANCE.md``, section "Where a mixed request's time goes".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402
from perfdoc import machine_line, run_flask, write_section  # noqa: E402

from tests.reliability import servers  # noqa: E402

RESULTS = ROOT / "bench" / "mix-costs-results.json"
BEGIN, END = "<!-- mix-costs-bench:begin -->", "<!-- mix-costs-bench:end -->"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = load.DEMO_PASSWORD
READS = ("thread", "theme", "debate", "search")  # page reads, with or without an account


class Replay:
    """``bench/load.py``'s clients, as test clients of one app, each request timed."""

    def __init__(self, app, site: load.Site, clients: int, seed: int) -> None:
        self.app, self.site = app, site
        self.rng = random.Random(seed)
        self.times: dict[str, list[float]] = defaultdict(list)
        self.sent = 0
        self.people = [
            [self._logged_in(site.emails[n]), app.test_client(), site.emails[n]]
            for n in range(clients)
        ]

    def _timed(self, route: str, call):
        started = time.thread_time()
        response = call()
        response.get_data()
        self.times[route].append(time.thread_time() - started)
        return response

    def _form_then_post(self, route: str, client, path: str, fields: dict):
        page = self._timed(f"{route} (form)", lambda: client.get(path))
        token = CSRF.search(page.get_data(as_text=True))
        if page.status_code != 200 or token is None:
            raise SystemExit(f"{path}: no form ({page.status_code})")
        answer = self._timed(
            f"{route} (post)",
            lambda: client.post(path, data={**fields, "csrf_token": token.group(1)}),
        )
        if answer.status_code != 302:
            raise SystemExit(f"{path}: the form was not accepted ({answer.status_code})")
        return answer

    def _logged_in(self, email: str):
        client = self.app.test_client()
        self._form_then_post("login", client, "/login", {"email": email, "password": PASSWORD})
        client.get("/")  # (the "logged in" message shows there)
        return client

    def floor(self) -> None:
        client = self.people[0][1]
        self._timed("floor", lambda: client.get(f"/bench/floor/{self.site.debate_id}"))

    def act(self, number: int, action: str) -> None:
        rng, site = self.rng, self.site
        person = self.people[number]
        browser, anonymous, email = person
        page = action.removesuffix(load.NO_ACCOUNT)
        client = anonymous if action.endswith(load.NO_ACCOUNT) else browser
        if page in READS:
            if page == "thread":
                path = f"/contributions/{rng.choice(site.thread_ids)}"
            elif page == "theme":
                path = f"/debates/{load.SLUG}/themes/{rng.choice(site.theme_slugs)}"
            elif page == "search":
                path = f"/search?{urlencode({'q': rng.choice(load.SEARCH_WORDS)})}"
            else:
                path = f"/debates/{load.SLUG}"
            response = self._timed(action, lambda: client.get(path))
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
        elif action == "login":
            person[0] = self.app.test_client()
            self._form_then_post(
                "login", person[0], "/login", {"email": email, "password": PASSWORD}
            )
        else:
            self.sent += 1
            fields = {
                "kind": "opinion",
                "title": f"Charge {number}-{self.sent}-{rng.randrange(10**9)}",
                "body": f"Contribution de charge {number}-{self.sent} sur le tracé du tramway.",
            }
            if action == "reply":
                path = f"/contributions/{rng.choice(site.thread_ids)}/reply"
                fields["relation"] = rng.choice(load.RELATIONS)
            else:
                path = f"/debates/{load.SLUG}/contribute"
                fields["themes"] = str(rng.choice(site.theme_ids))
            self._form_then_post(action, browser, path, fields)
            with browser.session_transaction() as session:
                session.pop("_flashes", None)  # read on the page the redirect leads to

    def run(self, mix: str, actions: int) -> None:
        names = [name for name, _w in load.MIXES[mix]]
        weights = [w for _n, w in load.MIXES[mix]]
        for n in range(actions):
            self.act(n % len(self.people), self.rng.choices(names, weights)[0])


def costs(times: dict[str, list[float]], floor_ms: float) -> dict:
    """Per route: requests, median and mean (ms), share of the CPU; and the mix's mean
    request, as measured and with its page reads at one floor request (logins kept or not)."""
    total = sum(sum(values) for values in times.values())
    count = sum(len(values) for values in times.values())
    routes = [
        {
            "route": route,
            "requests": len(values),
            "median_ms": 1000 * statistics.median(values),
            "mean_ms": 1000 * statistics.mean(values),
            "share": sum(values) / total,
        }
        for route, values in sorted(times.items(), key=lambda item: -sum(item[1]))
    ]

    def mean_if(reads_at_floor: bool, logins: bool) -> float:
        spent, requests = 0.0, 0
        for route, values in times.items():
            if route.startswith("login") and not logins:
                continue
            is_read = route.removesuffix(load.NO_ACCOUNT) in READS
            spent += len(values) * floor_ms / 1000 if is_read and reads_at_floor else sum(values)
            requests += len(values)
        return 1000 * spent / requests

    return {
        "routes": routes,
        "mean_ms": 1000 * total / count,
        "reads_at_floor_ms": mean_if(True, True),
        "reads_at_floor_no_login_ms": mean_if(True, False),
    }


def report(result: dict) -> str:
    floor = result["floor_ms"]
    lines = [
        BEGIN,
        f"SQLite, {result['size']:,} contributions, one app in one process, "
        f"{result['actions']:,} actions of each mix after {result['warmup']:,} unmeasured — run "
        f"{result['date']}, {result['machine']}.",
        "",
        f"- floor route: **{floor:.2f} ms** median ({result['floor_requests']:,} requests)",
    ]
    for mix in result["mixes"]:
        lines.append(
            f"- *{mix['name']}* mix: a request costs {mix['mean_ms']:.2f} ms on average, "
            f"**{mix['mean_ms'] / floor:.1f} floors**; with every page read at one floor "
            f"request, {mix['reads_at_floor_ms']:.2f} ms ({mix['reads_at_floor_ms'] / floor:.1f} "
            f"floors); and without logging in, {mix['reads_at_floor_no_login_ms']:.2f} ms "
            f"({mix['reads_at_floor_no_login_ms'] / floor:.1f} floors)"
        )
    for mix in result["mixes"]:
        lines += [
            "",
            f"*{mix['name']}* mix:",
            "",
            "| route | requests | median | mean | in floors (mean) | share of the CPU |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['route']} | {r['requests']:,} | {r['median_ms']:.2f} ms | {r['mean_ms']:.2f} ms "
            f"| {r['mean_ms'] / floor:.1f} | {100 * r['share']:.1f} % |"
            for r in mix["routes"]
        ]
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="contributions in the corpus")
    parser.add_argument("--actions", type=int, default=3000, help="measured actions per mix")
    parser.add_argument("--floor", type=int, default=3000, help="floor requests measured")
    parser.add_argument("--warmup", type=int, default=1500, help="unmeasured actions per mix")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-report", action="store_true", help="do not touch PERFORMANCE.md")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="palabre-mix-"))
    try:
        url = f"sqlite:///{work / 'palabre.sqlite3'}"
        env = servers.site_environment(
            url, work / "instance", work / "index", search="whoosh", PALABRE_BENCH_FLOOR="1"
        )
        load.log(f"seeding {arguments.size:,} contributions")
        run_flask(env, "demo", "--size", str(arguments.size), "--reindex")
        os.environ["PALABRE_BENCH_FLOOR"] = "1"  # read from the environment, as in gunicorn
        app = load.app_on(url, env, PALABRE_INDEX_AFTER_REQUEST=False)
        clients = 8
        site = load.site_facts(app, 0, clients)
        replay = Replay(app, site, clients, arguments.seed)
        for mix in load.MIXES:
            replay.run(mix, arguments.warmup)
        for _ in range(200):
            replay.floor()
        measured: dict[str, dict[str, list[float]]] = {mix: defaultdict(list) for mix in load.MIXES}
        floor_times: list[float] = []
        for round_number in range(1, arguments.rounds + 1):
            load.log(f"round {round_number}/{arguments.rounds}")
            for mix in load.MIXES:
                replay.times = measured[mix]
                replay.run(mix, arguments.actions // arguments.rounds)
            replay.times = defaultdict(list)
            for _ in range(arguments.floor // arguments.rounds):
                replay.floor()
            floor_times += replay.times["floor"]
        floor_ms = 1000 * statistics.median(floor_times)
        result = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": machine_line(with_load=True),
            "size": arguments.size,
            "actions": arguments.actions,
            "warmup": arguments.warmup,
            "floor_ms": floor_ms,
            "floor_requests": len(floor_times),
            "mixes": [{"name": mix, **costs(measured[mix], floor_ms)} for mix in load.MIXES],
        }
        block = report(result)
        print(block)
        if not arguments.no_report:
            RESULTS.write_text(json.dumps(result, indent=2) + "\n")
            write_section(BEGIN, END, block, "Where a mixed request's time goes")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
