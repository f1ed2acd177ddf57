"""A server whose gunicorn workers would each count the rate limits in their own memory
says so in its log at start."""

from __future__ import annotations

import pytest

from forum.serving import unshared_limits_warning
from tests.reliability import servers

FRENCH_WARNING = "dans la mémoire de chaque processus"
ENGLISH_WARNING = "in each worker's own memory"


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
