"""Rate limits hold whichever gunicorn worker answers: served by ``make serve`` (gunicorn
with ``--config python:forum.serving`` and four workers, the rate limits counted in the Redis
it starts on a Unix socket in the instance folder), the eleventh wrong login from one
address within a minute is refused, although the attempts are spread over the workers. A
server whose workers would each count in their own memory says so in its log at start."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from forum.extensions import db
from forum.serving import unshared_limits_warning
from tests.builders import make_user
from tests.reliability import servers
from tests.reliability.webclient import Answer, Browser

LOGIN_LIMIT = 10  # PALABRE_LIMIT_LOGIN's default: 10 per minute (and 60 per hour)
WORKERS = 4  # make serve's WORKERS
FRENCH_WARNING = "dans la mémoire de chaque processus"
ENGLISH_WARNING = "in each worker's own memory"


@pytest.fixture
def short_folder() -> Iterator[Path]:
    """An instance folder with a short path: Redis's socket goes there, and a Unix
    socket's path is at most 107 bytes."""
    with tempfile.TemporaryDirectory(prefix="palabre-") as folder:
        yield Path(folder)


def make_serve(env: dict[str, str], port: int, log: Path, access_log: Path) -> servers.Process:
    """``make serve`` with four workers on ``port``, this interpreter's tools, and nothing
    installed (``make test`` has installed it all)."""
    options = [
        "--graceful-timeout 3",
        f"--access-logfile {access_log}",
        "--access-logformat '%(p)s %(r)s %(s)s'",  # the answering worker's process id first
        *servers.control_socket_options(),
    ]
    command = [
        "make",
        "--no-print-directory",
        "-o",
        "install",
        "-o",
        "redis-deps",
        "serve",
        f"WORKERS={WORKERS}",
        f"BIND=127.0.0.1:{port}",
        f"BIN={Path(sys.executable).parent}",
        f"GUNICORN_OPTIONS={' '.join(options)}",
    ]
    return servers.Process("make serve", command, env, log)


def stop_all(server: servers.Process) -> None:
    """Stop ``make serve`` as Ctrl-C would, then make sure none of its processes is left."""
    server.stop()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.popen.pid, signal.SIGKILL)


def wrong_login(port: int, email: str) -> Answer:
    """A wrong password from a new visitor on a new connection (any worker may take it)."""
    browser = Browser("127.0.0.1", port, timeout=30)
    try:
        return browser.log_in(email, "not-the-password")
    finally:
        browser.close()


def answering_workers(access_log: Path, request: str) -> list[str]:
    """The process id of the worker that answered each ``request`` ("POST /login"), in order."""
    lines = access_log.read_text().splitlines() if access_log.exists() else []
    return [line.split()[0] for line in lines if f" {request} " in line]


def wait_for_every_worker(server: servers.Process, port: int, access_log: Path) -> None:
    """Ask for /healthz until every worker has answered (has loaded the application), so
    that the attempts can go to any of them."""
    servers.wait_until_serving(server, port, timeout=180)
    deadline = time.monotonic() + 120
    while len(set(answering_workers(access_log, "GET /healthz"))) < WORKERS:
        assert server.running and time.monotonic() < deadline, "not every worker answered"
        browser = Browser("127.0.0.1", port, timeout=30)
        browser.get("/healthz")
        browser.close()
        time.sleep(0.05)


@pytest.mark.audit
@pytest.mark.skipif(
    shutil.which("redis-server") is None or shutil.which("make") is None,
    reason="needs make and redis-server (make redis-deps)",
)
def test_the_eleventh_wrong_login_is_refused_whichever_worker_answers(app, tmp_path, short_folder):
    email = make_user("Pressée").email
    db.session.commit()
    db.session.remove()

    port = servers.free_port()
    # The site's limits as configured by default, counted where make serve says.
    env = servers.environment_of(app, PALABRE_INSTANCE_PATH=str(short_folder))
    for name in ("PALABRE_RATE_LIMITS", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(name, None)
    log, access_log = tmp_path / "serve.log", tmp_path / "access.log"
    server = make_serve(env, port, log, access_log)
    try:
        server.start()
        wait_for_every_worker(server, port, access_log)
        started = time.monotonic()
        answers = [wrong_login(port, email) for _ in range(3 * LOGIN_LIMIT)]
        seconds = time.monotonic() - started
    finally:
        stop_all(server)

    assert seconds < 50, "the attempts must fall within one minute"
    statuses = [answer.status for answer in answers]
    # The first ten are answered as usual: the form again, with its error.
    assert statuses[:LOGIN_LIMIT] == [422] * LOGIN_LIMIT, (statuses, log.read_text()[-3000:])
    assert all(answer.csrf_token() for answer in answers[:LOGIN_LIMIT])
    # Every one after them is refused, whichever worker takes it.
    assert statuses[LOGIN_LIMIT:] == [429] * (2 * LOGIN_LIMIT), statuses
    workers = answering_workers(access_log, "POST /login")
    assert len(workers) == len(answers)
    assert len(set(workers[:LOGIN_LIMIT])) >= 2, workers
    assert len(set(workers[LOGIN_LIMIT:])) >= 2, workers
    assert ENGLISH_WARNING not in log.read_text() and FRENCH_WARNING not in log.read_text()

@pytest.mark.audit
def test_several_workers_counting_in_memory_say_so_at_start(app, tmp_path):
    port = servers.free_port()
    env = servers.environment_of(app, PALABRE_RATE_LIMITS="1")  # memory:// by default
    log = tmp_path / "gunicorn.log"
    server = servers.gunicorn(env, port, log, workers=2)
    try:
        server.start()
        servers.wait_until_serving(server, port)
    finally:
        server.stop()
    warnings = [line for line in log.read_text().splitlines() if "[WARNING]" in line]
    # In the site's language, French unless PALABRE_LANGUAGE says otherwise.
    assert any(FRENCH_WARNING in line for line in warnings), log.read_text()[-3000:]
    assert any("(memory://)" in line and "2 processus" in line for line in warnings)


class TestWarning:
    """When the warning is due, and in which language."""

    @pytest.fixture(autouse=True)
    def environment(self, monkeypatch):
        for name in (
            "PALABRE_RATELIMIT_STORAGE_URL",
            "PALABRE_RATELIMIT_STORAGE_URI",
            "PALABRE_RATE_LIMITS",
            "PALABRE_LANGUAGE",
        ):
            monkeypatch.delenv(name, raising=False)
        return monkeypatch

    def test_memory_counting_with_several_workers_is_warned_of(self, environment):
        assert FRENCH_WARNING in unshared_limits_warning(4)
        environment.setenv("PALABRE_LANGUAGE", "en")
        warning = unshared_limits_warning(4)
        assert ENGLISH_WARNING in warning and "up to 4 times" in warning
        assert "PALABRE_RATELIMIT_STORAGE_URL" in warning

    def test_one_worker_needs_no_warning(self):
        assert unshared_limits_warning(1) is None

    def test_shared_counts_need_no_warning(self, environment):
        environment.setenv("PALABRE_RATELIMIT_STORAGE_URL", "redis+unix:///run/redis/redis.sock")
        assert unshared_limits_warning(4) is None

    def test_no_limits_need_no_warning(self, environment):
        environment.setenv("PALABRE_RATE_LIMITS", "0")
        assert unshared_limits_warning(4) is None
