"""How the process gives memory back to the system.

glibc serves a large allocation (128 KB and up by default) with its own mapping, returned to
the system when freed — but it then raises that threshold to the size just freed (up to
32 MB), so later arrays of that size come from the heap, whose freed middle is kept. A
search ranks posting lists of hundreds of thousands of entries in NumPy arrays of a few
megabytes that live for one request: with the moving threshold a worker on a 1,000,000
contribution index grew by some 10 MB a thread page (312 MB after fifteen pages and a few
searches); with the threshold held, it stays at about 175 MB.
"""

from __future__ import annotations

import ctypes
import os
from functools import cache

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
MMAP_THRESHOLD = 128 * 1024  # glibc's default, held there


@cache  # once a process: every app of it shares its allocator
def hold_mmap_threshold() -> bool:
    """Hold glibc's mmap threshold at its default (setting it stops its moving); False
    where the C library has no ``mallopt`` (not glibc: no such threshold to hold)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))


def resident_megabytes() -> float | None:
    """This process's resident memory now, in MiB (as ``VmRSS`` in ``/proc``); None where
    there is no ``/proc`` to read it from."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
