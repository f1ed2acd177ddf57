"""A worker gives back to the system the large arrays a search frees (forum/memory.py).

Run in a fresh interpreter: the C library's allocator settings are the process's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a request ranking common words does: arrays of a few megabytes, freed at its end,
# while small objects that outlive it are made in between.
SCRIPT = """
import json, sys
import numpy as np
from app import create_app
create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True,
            "INSTANCE_PATH": sys.argv[1], "PALABRE_INDEX_PATH": sys.argv[1] + "/index"})

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) * 1024

before = rss()
outliving = []
for request in range(30):
    if request == 0:  # a common word: one array of 16 MB
        arrays = [np.ones(2_000_000)]
    else:  # rarer ones: 2 MB and growing
        arrays = [np.ones(250_000 + request * 25_000) for _ in range(4)]
    outliving.append(bytes(4000))  # made during the request, kept after it
    del arrays
print(json.dumps({"grown": rss() - before}))
"""


def _grown(folder: Path) -> int:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])["grown"]


def test_large_arrays_freed_by_a_request_go_back_to_the_system(tmp_path):
    # What outlives the requests weighs 120 KB; the arrays, 8 to 32 MB a request, must
    # not stay with it.
    assert _grown(tmp_path) < 10_000_000
