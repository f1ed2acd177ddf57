"""A process's resident memory, which gunicorn's workers watch (``forum/serving.py``)."""

from __future__ import annotations

import os


def resident_megabytes() -> float | None:
    """This process's resident memory now, in MiB (as ``VmRSS`` in ``/proc``); None where
    there is no ``/proc`` to read it from."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
