"""What gunicorn reads from Palabre: ``gunicorn --config python:forum.serving``.

What the allocator keeps after a request is not bounded, and a worker of a large debate
lives for days: one that has grown past ``PALABRE_WORKER_MEMORY_MB`` (180 MiB by default; 0 for
no limit) is replaced once it has answered the request in hand. This is gunicorn's own way
of ending a worker after ``--max-requests``: the worker stops accepting, finishes, exits,
and the master starts a fresh one; other workers answer meanwhile and no request is lost.

Rate limits are counted where ``PALABRE_RATELIMIT_STORAGE_URL`` says: in each worker's own
memory by default, which lets a visitor through once per worker. A server that starts
several workers so says loudly in its log (``when_ready``); ``make serve`` and ``deploy/``
count in one Redis that every worker shares.
"""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations

from forum import settings
from forum.memory import resident_megabytes

MEMORY_STORAGE = settings.MEMORY_STORAGE
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def rate_limits_enabled() -> bool:
    """``PALABRE_RATE_LIMITS``: on unless set to something other than 1/true/yes/on."""
    return settings.value("PALABRE_RATE_LIMITS")


def rate_limit_storage() -> str:
    """Where the rate limits are counted: ``PALABRE_RATELIMIT_STORAGE_URL`` (or ``…_URI``),
    each process's own memory by default."""
    return settings.value("PALABRE_RATELIMIT_STORAGE_URL")


def unshared_limits_warning(workers: int) -> str | None:
    """The warning for a server whose ``workers`` would each count the limits on their own,
    in the site's language (``PALABRE_LANGUAGE``); None when the counts are shared."""
    if workers < 2 or not rate_limits_enabled():
        return None
    if not rate_limit_storage().startswith(MEMORY_STORAGE):
        return None
    # The master serves no request: the site's catalogue, read without the application.
    language = settings.value("PALABRE_LANGUAGE")
    _ = Translations.load(str(TRANSLATIONS), [language]).gettext
    return _(
        "Rate limits are counted in each worker's own memory (%(storage)s) while %(workers)d "
        "workers serve: every limit, login attempts included, lets a visitor through up to "
        "%(workers)d times. Set PALABRE_RATELIMIT_STORAGE_URL to a Redis server that every "
        "worker shares (make serve and deploy/ do)."
    ) % {"storage": rate_limit_storage(), "workers": workers}


def when_ready(server) -> None:
    """Gunicorn's hook once the master listens: warn when the workers count apart."""
    warning = unshared_limits_warning(server.cfg.workers)
    if warning:
        server.log.warning("%s", warning)  # one line: a log reader shows it whole


def worker_memory_limit() -> float:
    """The resident memory (MiB) past which a worker is replaced; 0: never."""
    return settings.value("PALABRE_WORKER_MEMORY_MB")


def post_request(worker, req, environ, resp) -> None:
    """Gunicorn's hook after each request: retire this worker if it holds too much."""
    limit = worker_memory_limit()
    if not limit or not worker.alive:
        return
    resident = resident_megabytes()
    if resident is not None and resident > limit:
        worker.log.info(
            "Worker %s holds %.0f MiB (limit %.0f): replaced after this request",
            worker.pid,
            resident,
            limit,
        )
        worker.alive = False
