"""Sites served for the benchmarks: gunicorn and the search writer of one code tree.

Every HTTP benchmark may compare this code with another checkout (``--before DIR``: a git
worktree with its own ``.venv``, made by ``make install``): each tree's corpus is made by
its own ``flask demo`` and served by its own gunicorn, with the same settings, and the same
driver talks HTTP to each in turn.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability import servers  # noqa: E402


@dataclass(frozen=True)
class Tree:
    """A checkout of Palabre and the interpreter of its own ``.venv``."""

    label: str
    path: Path

    @property
    def python(self) -> str:
        return str(self.path / ".venv" / "bin" / "python")

    def commit(self) -> str:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=self.path,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()


class TreeProcess(servers.Process):
    """A command run from ``tree`` (its modules found there, not in this checkout)."""

    def __init__(self, tree: Tree, name: str, command: list[str], env, log: Path) -> None:
        super().__init__(name, command, env, log)
        self.tree = tree

    def start(self) -> None:
        with open(self.log, "ab") as output:
            self.popen = subprocess.Popen(
                self.command,
                cwd=self.tree.path,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.starts += 1


def trees(before: str | None) -> list[Tree]:
    """This checkout ("after"), and the other one when given ("before")."""
    found = [Tree("after", ROOT)]
    if before:
        path = Path(before).resolve()
        if not (path / ".venv" / "bin" / "python").exists():
            raise SystemExit(f"{path}: no .venv (run `make install` there first)")
        found.append(Tree("before", path))
    return found


def flask(tree: Tree, env: dict[str, str], *command: str) -> None:
    """``flask --app app COMMAND…`` with ``tree``'s code (its output left out)."""
    subprocess.run(
        [tree.python, "-m", "flask", "--app", "app", *command],
        cwd=tree.path,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def gunicorn(tree: Tree, env: dict[str, str], port: int, log: Path, workers: int) -> TreeProcess:
    """Gunicorn as ``make serve`` runs it (``forum.serving``), on loopback."""
    command = servers.gunicorn_command(tree.python, port, workers, preload=False)
    return TreeProcess(tree, "gunicorn", command, env, log)


def search_writer(tree: Tree, env: dict[str, str], log: Path) -> TreeProcess:
    command = [tree.python, "-m", "flask", "--app", "app", "search-worker", "--interval", "0.5"]
    return TreeProcess(tree, "search-writer", command, env, log)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def spread(seconds: list[float]) -> dict[str, float]:
    """Median and 95th percentile, in milliseconds."""
    return {
        "n": len(seconds),
        "median": statistics.median(seconds) * 1000 if seconds else 0.0,
        "p95": percentile(seconds, 0.95) * 1000,
    }


def load_line() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"
