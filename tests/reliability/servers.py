"""The real processes of a Palabre site, started for a test or a benchmark: gunicorn (a
master and its workers) and the search writer, each in a process group of its own so that
it can be killed whole (``kill -9``) and started again."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.reliability.webclient import CONNECTION_ERRORS, Browser

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_environment(
    database_url: str, instance: Path, index: Path, *, search: str = "whoosh", **extra: str
) -> dict[str, str]:
    """``PALABRE_*`` variables for a site on this database, instance and index folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PALABRE_")}
    env.update(
        {
            "PALABRE_DATABASE_URL": database_url,
            "PALABRE_SECRET_KEY": "reliability-secret",
            "PALABRE_BASE_URL": "http://127.0.0.1",
            "PALABRE_INSTANCE_PATH": str(instance),
            "PALABRE_INDEX_PATH": str(index),
            "PALABRE_SEARCH": search,
            "PALABRE_RATE_LIMITS": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def environment_of(app, **extra: str) -> dict[str, str]:
    """``site_environment`` for the database, instance and index of a test's ``app``."""
    return site_environment(
        app.config["SQLALCHEMY_DATABASE_URI"],
        app.instance_path,
        app.config["PALABRE_INDEX_PATH"],
        search=app.config["PALABRE_SEARCH"],
        **extra,
    )


class Process:
    """One command run in its own process group, its output appended to a log file."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.command, self.env, self.log = name, command, env, log
        self.popen: subprocess.Popen | None = None
        self.starts = 0
        self.kills = 0

    def start(self) -> None:
        with open(self.log, "ab") as output:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """``kill -9`` the whole group (gunicorn's master and every worker at once)."""
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()
        self.kills += 1

    def stop(self, timeout: float = 15.0) -> None:
        """A polite stop (SIGTERM), then SIGKILL if it does not end in time."""
        if self.popen is None or self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


def worker_memory(master: Process) -> dict[int, float]:
    """The gunicorn master's workers now (its children): their resident memory in MiB, by
    process id."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master.popen.pid) and "VmRSS" in fields:
            found[int(status.parent.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return found


def control_socket_options() -> list[str]:
    """Gunicorn 27 opens a control socket at one fixed path per user: several servers on
    one machine (tests running side by side) must not share it."""
    from gunicorn.config import KNOWN_SETTINGS

    names = {setting.name for setting in KNOWN_SETTINGS}
    return ["--no-control-socket"] if "control_socket_disable" in names else []


def gunicorn_command(python: str, port: int, workers: int, *, preload: bool) -> list[str]:
    """Gunicorn on loopback as production runs it (``--config python:forum.serving``, as the
    Makefile and deploy/ do), with ``python``'s interpreter (another checkout's, for a
    benchmark); ``preload`` imports the application once, in the master."""
    return [
        python,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--graceful-timeout",
        "3",
        "--config",
        "python:forum.serving",
        *(["--preload"] if preload else []),
        *control_socket_options(),
        "app:create_app()",
    ]


def gunicorn(
    env: dict[str, str], port: int, log: Path, *, workers: int = 2, preload: bool = True
) -> Process:
    """Gunicorn on loopback; ``preload`` so that a restart costs one import rather than one
    per worker."""
    command = gunicorn_command(sys.executable, port, workers, preload=preload)
    return Process("gunicorn", command, env, log)


def search_writer(env: dict[str, str], log: Path, *, interval: float = 0.2) -> Process:
    command = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "app",
        "search-worker",
        "--interval",
        str(interval),
    ]
    return Process("search-writer", command, env, log)


def wait_until_serving(server: Process, port: int, timeout: float = 60.0) -> float:
    """Wait for the server to answer ``/healthz``; return the seconds it took."""
    started = time.monotonic()
    browser = Browser("127.0.0.1", port, timeout=5)
    while time.monotonic() - started < timeout:
        if not server.running:
            raise RuntimeError(f"{server.name} exited: see {server.log}")
        try:
            browser.get("/healthz")
            browser.close()
            return time.monotonic() - started
        except CONNECTION_ERRORS:
            time.sleep(0.05)
    raise RuntimeError(f"{server.name} did not answer within {timeout} s: see {server.log}")
