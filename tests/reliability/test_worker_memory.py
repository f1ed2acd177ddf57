"""A gunicorn worker grown past ``PALABRE_WORKER_MEMORY_MB`` is replaced once it has
answered the request in hand (``forum/serving.py``, which production runs with): no
request fails, and a worker under its limit is kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from forum.serving import worker_memory_limit
from forum.settings import BY_NAME
from tests.reliability import servers
from tests.reliability.webclient import Browser

DEFAULT_WORKER_MEMORY_MB = BY_NAME["PALABRE_WORKER_MEMORY_MB"].default


def worker_pids(master: servers.Process) -> set[int]:
    """The gunicorn master's workers now."""
    return set(servers.worker_memory(master))


def serve(app, tmp_path, limit: str) -> tuple[servers.Process, int]:
    port = servers.free_port()
    env = servers.environment_of(app, PALABRE_WORKER_MEMORY_MB=limit)
    server = servers.gunicorn(env, port, tmp_path / "gunicorn.log", workers=1)
    server.start()
    try:
        servers.wait_until_serving(server, port)
    except RuntimeError:
        server.stop()  # not left behind by a failed start
        raise
    return server, port


@pytest.mark.audit
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
def test_a_worker_past_its_memory_limit_is_replaced_after_answering(app, tmp_path):
    server, port = serve(app, tmp_path, limit="1")  # every worker is past 1 MiB
    try:
        browser = Browser("127.0.0.1", port, timeout=20)
        answered, workers = 0, set()
        for _ in range(4):
            before = worker_pids(server)
            assert browser.get("/").status == 200  # the request in hand is answered
            answered += 1
            browser.close()
            deadline = time.monotonic() + 20
            while not (now := worker_pids(server)) or now == before:
                assert time.monotonic() < deadline, "the worker was not replaced"
                time.sleep(0.05)
            workers |= before | now
    finally:
        server.stop()
    assert answered == 4
    assert len(workers) >= 5  # the first worker and one new for each request
    log = (tmp_path / "gunicorn.log").read_text()
    assert log.count("replaced after this request") >= 4


@pytest.mark.audit
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
def test_a_worker_under_its_limit_is_kept(app, tmp_path):
    server, port = serve(app, tmp_path, limit="0")  # 0: no limit
    try:
        browser = Browser("127.0.0.1", port, timeout=20)
        first = worker_pids(server)
        for _ in range(4):
            assert browser.get("/").status == 200
        browser.close()
        time.sleep(0.5)  # long enough for a retired worker to have gone
        assert worker_pids(server) == first
    finally:
        server.stop()
    assert "replaced after this request" not in (tmp_path / "gunicorn.log").read_text()


def test_the_limit_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("PALABRE_WORKER_MEMORY_MB", "250")
    assert worker_memory_limit() == 250
    monkeypatch.setenv("PALABRE_WORKER_MEMORY_MB", "0")
    assert worker_memory_limit() == 0
    monkeypatch.setenv("PALABRE_WORKER_MEMORY_MB", "beaucoup")
    assert worker_memory_limit() == DEFAULT_WORKER_MEMORY_MB
    monkeypatch.delenv("PALABRE_WORKER_MEMORY_MB")
    assert worker_memory_limit() == DEFAULT_WORKER_MEMORY_MB
