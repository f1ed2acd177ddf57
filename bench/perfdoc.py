"""What every benchmark shares: its section of docs/PERFORMANCE.md, and the machine it ran on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE = ROOT / "docs" / "PERFORMANCE.md"


def run_flask(env: dict[str, str], *command: str) -> None:
    """``flask --app app COMMAND…`` on the site ``env`` describes (its output left out)."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def write_section(begin: str, end: str, block: str, heading: str) -> None:
    """Put ``block`` (which starts with ``begin`` and ends with ``end``) in place of the
    section between those markers, or under a new ``heading`` at the end of the file."""
    existing = PERFORMANCE.read_text() if PERFORMANCE.exists() else "# Performance\n"
    if begin in existing and end in existing:
        head, _, rest = existing.partition(begin)
        _, _, tail = rest.partition(end)
        updated = head + block + tail
    else:
        updated = existing.rstrip() + f"\n\n## {heading}\n\n" + block + "\n"
    PERFORMANCE.write_text(updated)


def machine_line(with_load: bool = False) -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    line = f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}"
    return line + (f", load {os.getloadavg()[0]:.1f}" if with_load else "")
