"""Work done by a thread of the web process after the request that asked for it (a
report's PDF, a debate's weak-signal candidates).

The thread gets its own application and request context, hence its own database session:
the request's session is never shared. The row the work is about is claimed first, with
one UPDATE, by the work itself, so that a thread and a command never both do it. Not a
daemon: a worker ending gracefully (forum/serving.py replaces one grown too large) waits
for the work; a worker killed leaves it to the command that catches up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import current_app


def start(name: str, work: Callable[..., object], *args: object, base_url: str | None = None):
    """Run ``work(*args)`` in a new thread, within a request context at ``base_url`` (the
    address links are built with)."""
    # The app's own bound method: the proxy is not usable from another thread.
    make_context = current_app.test_request_context
    thread = threading.Thread(
        target=_run, args=(make_context, base_url, work, args), name=name, daemon=False
    )
    thread.start()
    return thread


def _run(make_context: Callable, root: str | None, work: Callable, args: tuple) -> None:
    with make_context("/", base_url=root):
        work(*args)
