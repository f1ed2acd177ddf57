"""What gunicorn reads from Palabre: ``gunicorn --config python:forum.serving``.

A worker's stores are bounded (rendered HTML, whole pages, search caches, similar ids),
but what the allocator keeps after a request is not, and a worker of a large debate lives
for days: one that has grown past ``PALABRE_WORKER_MEMORY_MB`` (180 MiB by default; 0 for
no limit) is replaced once it has answered the request in hand. This is gunicorn's own way
of ending a worker after ``--max-requests``: the worker stops accepting, finishes, exits,
and the master starts a fresh one; other workers answer meanwhile and no request is lost.
Only the first requests of the new worker pay for its empty stores.
"""

from __future__ import annotations

import os

from forum.memory import resident_megabytes

DEFAULT_WORKER_MEMORY_MB = 180.0


def worker_memory_limit() -> float:
    """The resident memory (MiB) past which a worker is replaced; 0: never."""
    value = os.environ.get("PALABRE_WORKER_MEMORY_MB", "").strip()
    try:
        return max(float(value), 0.0) if value else DEFAULT_WORKER_MEMORY_MB
    except ValueError:
        return DEFAULT_WORKER_MEMORY_MB


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
