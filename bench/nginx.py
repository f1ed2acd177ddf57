"""nginx's proxy_cache in front of Palabre: never a stale page, and what it saves visitors.

1. A synthetic debate (``flask demo --size N --reindex``) served by gunicorn on loopback as
   ``make serve`` runs it, and Debian's nginx on another loopback port with a configuration
   derived from ``deploy/nginx-palabre.conf`` (its ``proxy_cache_path`` and its ``location /``
   block; no TLS, paths in a temporary folder, an ``X-Cache-Status`` header added for this
   benchmark). nginx is stopped at the end.
2. **Staleness**, for several cache settings: a visitor reads a thread page through nginx
   (which keeps it), a participant replies in that thread (straight to gunicorn), and the
   visitor reads the page again through nginx at once: a page without the new reply is
   stale. ``--trials`` times each. The settings: the deployed one (the application's
   ``X-Accel-Expires: @1``, revalidation), a validity window of 1 s
   (``proxy_cache_valid 200 1s``, the application's headers ignored), and ``proxy_cache_valid
   200 0s``.
3. **Latency** of a visitor's thread page (no copy of their own: every request asks for the
   whole page), straight from gunicorn and through nginx with the deployed setting, with
   the floor route both ways; rounds alternate, one client, medians and p95.

Run: ``.venv/bin/python bench/nginx.py [--size 2000] [--requests 200]``; the figures go to
``docs/PERFORMANCE.md``, section "nginx in front".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from perfdoc import machine_line, write_section  # noqa: E402
from served import Tree, flask, gunicorn, load_line, spread  # noqa: E402

from demo.tram import DEMO_PASSWORD  # noqa: E402
from tests.reliability import servers  # noqa: E402
from tests.reliability.webclient import Browser  # noqa: E402

RESULTS = ROOT / "bench" / "nginx-results.json"
BEGIN, END = "<!-- nginx-bench:begin -->", "<!-- nginx-bench:end -->"
DEPLOY = ROOT / "deploy" / "nginx-palabre.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# Cache settings tried for staleness: (name, directives replacing the deployed ones).
SETTINGS = {
    "deployed": None,
    "window 1 s": (
        "proxy_cache palabre;\n"
        "proxy_ignore_headers Cache-Control Expires X-Accel-Expires;\n"
        "proxy_cache_valid 200 1s;\n"
        "proxy_cache_revalidate on;\n"
    ),
    "valid 0s": (
        "proxy_cache palabre;\n"
        "proxy_ignore_headers Cache-Control Expires X-Accel-Expires;\n"
        "proxy_cache_valid 200 0s;\n"
        "proxy_cache_revalidate on;\n"
    ),
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def deployed_parts() -> tuple[str, str]:
    """``proxy_cache_path`` and the body of ``location /`` in the deployed configuration."""
    text = DEPLOY.read_text()
    cache_path = re.search(r"^proxy_cache_path[^;]*;", text, re.M | re.S)
    location = re.search(r"location / \{(.*?)\n    \}", text, re.S)
    if cache_path is None or location is None:
        raise SystemExit(f"{DEPLOY}: no proxy_cache_path or no `location /` block")
    return cache_path.group(0), location.group(1)


def nginx_config(folder: Path, port: int, upstream: int, setting: str | None) -> str:
    """A configuration of its own for nginx, derived from the deployed one."""
    cache_path, location = deployed_parts()
    cache_path = re.sub(r"/var/cache/nginx/palabre", str(folder / "cache"), cache_path)
    location = location.replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    if setting is not None:
        kept = [
            line
            for line in location.splitlines()
            if not re.match(r"\s*(proxy_cache|proxy_ignore_headers|proxy_no_cache)", line)
        ]
        location = "\n".join(kept) + "\n" + setting
    # Run as root (a container), nginx's workers would be "nobody", shut out of this folder.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
daemon on;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    {cache_path}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        add_header X-Cache-Status $upstream_cache_status always;
        location / {{
{location}
        }}
    }}
}}
"""


class Nginx:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.config = folder / "nginx.conf"

    def start(self, text: str) -> None:
        self.stop()
        shutil.rmtree(self.folder / "cache", ignore_errors=True)
        self.config.write_text(text)
        subprocess.run([NGINX, "-t", "-q", "-c", str(self.config)], check=True)
        subprocess.run([NGINX, "-c", str(self.config)], check=True)
        time.sleep(0.3)

    def stop(self) -> None:
        pid_file = self.folder / "nginx.pid"
        if pid_file.exists():
            subprocess.run([NGINX, "-c", str(self.config), "-s", "stop"], check=False)
            for _ in range(50):
                if not pid_file.exists():
                    break
                time.sleep(0.1)


def cache_status(browser: Browser, path: str) -> tuple[str, str]:
    """The page's body and nginx's cache status for it (a raw request, to read headers)."""
    import http.client

    connection = http.client.HTTPConnection(browser.host, browser.port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read().decode()
    if response.status != 200:
        raise SystemExit(f"{path} through nginx: {response.status}")
    status = response.getheader("X-Cache-Status", "-")
    connection.close()
    return body, status


def staleness(nginx_port: int, app_port: int, thread: int, email: str, trials: int) -> dict:
    """Read through nginx, reply, read again at once: how many second reads were stale."""
    participant = Browser("127.0.0.1", app_port)
    participant.log_in(email, DEMO_PASSWORD)
    visitor = Browser("127.0.0.1", nginx_port)
    stale, statuses = 0, []
    path = f"/contributions/{thread}"
    for number in range(trials):
        _body, first = cache_status(visitor, path)
        title = f"Relecture {number}-{time.time_ns()}"
        answer = participant.submit(
            f"/contributions/{thread}/reply",
            {"relation": "nuances", "kind": "opinion", "title": title, "body": title + "."},
        )
        if answer.status != 302:
            raise SystemExit(f"reply refused ({answer.status}): {answer.body[:300]}")
        body, second = cache_status(visitor, path)
        stale += title not in body
        statuses.append(f"{first}→{second}")
        time.sleep(0.05)
    participant.close()
    return {"trials": trials, "stale": stale, "statuses": sorted(set(statuses))}


def latency(nginx_port: int, app_port: int, thread: int, floor: str, requests: int) -> dict:
    """A visitor's thread page and the floor, straight and through nginx, alternating."""
    paths = {"thread": f"/contributions/{thread}", "floor": floor}
    times: dict[str, list[float]] = {}
    rounds = 4
    for _round in range(rounds):
        for via, port in (("gunicorn", app_port), ("nginx", nginx_port)):
            for name, path in paths.items():
                browser = Browser("127.0.0.1", port)
                browser.get(path)  # the connection opened, nginx's copy made
                for _ in range(requests // rounds):
                    answer = browser.get(path)
                    if answer.status != 200:
                        raise SystemExit(f"{path} via {via}: {answer.status}")
                    times.setdefault(f"{name} via {via}", []).append(answer.seconds)
                browser.close()
    return {key: spread(values) for key, values in times.items()}


def report(result: dict) -> str:
    lines = [
        BEGIN,
        f"{result['size']:,} contributions (SQLite), a thread page of {result['replies']} "
        f"replies, gunicorn {result['workers']} workers, nginx "
        f"{result['nginx']} (1 worker) — run {result['date']}, {result['machine']}, load "
        f"average {result['load']}.",
        "",
        "| cache setting | reads right after a reply | stale | nginx's cache status |",
        "|---|---:|---:|---|",
    ]
    for name, found in result["staleness"].items():
        lines.append(
            f"| {name} | {found['trials']} | **{found['stale']}** | "
            f"{', '.join(found['statuses'])} |"
        )
    lines += [
        "",
        "One client, 4 rounds alternating the two paths:",
        "",
        "| visitor without a copy | requests | median | p95 | p95 ÷ floor p95 (same path) |",
        "|---|---:|---:|---:|---:|",
    ]
    timing = result["latency"]
    for via in ("gunicorn", "nginx"):
        floor = timing[f"floor via {via}"]
        for name in ("floor", "thread"):
            row = timing[f"{name} via {via}"]
            lines.append(
                f"| {name} via {via} | {row['n']} | {row['median']:.1f} ms | "
                f"{row['p95']:.1f} ms | {row['p95'] / floor['p95']:.1f}× |"
            )
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    arguments = parser.parse_args()
    if not Path(NGINX).exists():
        raise SystemExit("nginx is not installed (apt-get install nginx-light)")
    work = Path(tempfile.mkdtemp(prefix="palabre-nginx-"))
    tree = Tree("after", ROOT)
    env = servers.site_environment(
        f"sqlite:///{work / 'palabre.sqlite3'}",
        work / "instance",
        work / "index",
        PALABRE_BENCH_FLOOR="1",
    )
    server = None
    proxy = Nginx(work)
    try:
        log(f"seeding {arguments.size:,} contributions")
        flask(tree, env, "demo", "--size", str(arguments.size), "--reindex")
        database = sqlite3.connect(work / "palabre.sqlite3")
        thread = database.execute(
            "SELECT root_id FROM contributions WHERE parent_id IS NOT NULL AND status = 'published'"
            " GROUP BY root_id ORDER BY abs(count(*) - 50) LIMIT 1"
        ).fetchone()[0]
        replies = database.execute(
            "SELECT count(*) FROM contributions WHERE root_id = ? AND parent_id IS NOT NULL",
            (thread,),
        ).fetchone()[0]
        email = database.execute(
            "SELECT email FROM users WHERE email LIKE '%@synthetique.palabre.example' LIMIT 1"
        ).fetchone()[0]
        debate = database.execute("SELECT id FROM debates WHERE slug = 'debat-national'").fetchone()
        database.close()
        app_port, nginx_port = servers.free_port(), servers.free_port()
        server = gunicorn(tree, env, app_port, work / "gunicorn.log", arguments.workers)
        server.start()
        servers.wait_until_serving(server, app_port, timeout=120)
        version = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr
        result = {
            "size": arguments.size,
            "replies": replies,
            "workers": arguments.workers,
            "nginx": version.strip().split("/")[-1],
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": machine_line(),
            "staleness": {},
        }
        for name, setting in SETTINGS.items():
            proxy.start(nginx_config(work, nginx_port, app_port, setting))
            log(f"staleness with {name}")
            result["staleness"][name] = staleness(
                nginx_port, app_port, thread, email, arguments.trials
            )
            print(name, result["staleness"][name], flush=True)
        proxy.start(nginx_config(work, nginx_port, app_port, None))
        log("latency, straight and through nginx")
        result["latency"] = latency(
            nginx_port, app_port, thread, f"/bench/floor/{debate[0]}", arguments.requests
        )
        result["load"] = load_line()
        text = report(result)
        print(text)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        if not arguments.no_report:
            write_section(BEGIN, END, text, "nginx in front")
        return 1 if result["staleness"]["deployed"]["stale"] else 0
    finally:
        proxy.stop()
        if server is not None:
            server.stop()
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"kept: {work}")


if __name__ == "__main__":
    sys.exit(main())
