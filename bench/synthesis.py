"""Benchmark: weak-signal candidates of a debate of 10,000 and of 100,000 contributions.

For each size, builds a fresh migrated SQLite database in a temporary folder and fills a
debate with synthetic French contributions (``demo.corpus``, fixed seed; bulk inserts,
not timed), then computes the candidates in a fresh process, as ``flask weak-signals``
does: read the corpus, vectorise it (TF-IDF with the French analyser), compare every
contribution with every other (sparse products by blocks), propose. Time of each step and
the process's peak memory are written into docs/PERFORMANCE.md under "## Weak signals".

    .venv/bin/python bench/synthesis.py [--sizes 10000 100000] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from demo import corpus as synthetic  # noqa: E402
from forum import debates  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Contribution, Debate, Phase, Status, contribution_themes, utcnow  # noqa: E402

SECTION = "## Weak signals"
HEADER = (
    "| contributions | read (s) | vectorise (s) | compare (s) | propose (s) | total (s) "
    "| CPU (s) | peak memory (MB) | terms compared | candidates |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)
SEED = 2026
TARGET_SECONDS, TARGET_MB = 60, 2048


def bench_app(folder: str):
    """The application on a fresh SQLite database in ``folder``."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "SECRET_KEY": "bench",
            "PALABRE_BASE_URL": "http://127.0.0.1:5000",
            "INSTANCE_PATH": folder,
        }
    )


def build(folder: str, size: int) -> None:
    """A debate of ``size`` synthetic published contributions (not timed)."""
    app = bench_app(folder)
    with app.app_context():
        upgrade()
        debate = debates.create_debate(
            debates.NewDebate(
                slug="bench",
                title="Prolongement du tramway (synthétique)",
                theme_names=synthetic.THEMES,
                phase=Phase.CLOSED,
                summary="Le projet prolonge la ligne de tramway de huit stations.",
            )
        )
        theme_ids = [theme.id for theme in debate.themes]
        now = utcnow()
        batch: list[dict] = []
        links: list[dict] = []
        next_id = 1

        def flush() -> None:
            db.session.execute(db.insert(Contribution), batch)
            db.session.execute(db.insert(contribution_themes), links)
            batch.clear()
            links.clear()

        for item in synthetic.contributions(size, seed=SEED):
            when = now - timedelta(minutes=item.minutes_ago)
            batch.append(
                {
                    "id": next_id,
                    "debate_id": debate.id,
                    "root_id": next_id,
                    "kind": item.kind,
                    "title": item.title,
                    "body_source": item.body,
                    "body_html": "",
                    "channel": item.channel,
                    "status": Status.PUBLISHED,
                    "created_at": when,
                    "updated_at": when,
                    "published_at": when,
                }
            )
            links.append({"contribution_id": next_id, "theme_id": theme_ids[item.theme]})
            if item.extra_theme is not None:
                links.append({"contribution_id": next_id, "theme_id": theme_ids[item.extra_theme]})
            next_id += 1
            if len(batch) >= 5000:
                flush()
        if batch:
            flush()
        db.session.commit()
        db.engine.dispose()


def measure(folder: str) -> dict:
    """Compute the candidates (in this fresh process) and time each step."""
    from synthesis import corpus, similarity, weak_signals

    app = bench_app(folder)
    with app.app_context(), app.test_request_context("/"):
        debate = db.session.scalar(db.select(Debate).where(Debate.slug == "bench"))
        steps = {}
        cpu_started = _cpu_seconds()
        started = time.perf_counter()
        loaded = corpus.load(debate)
        steps["read"] = time.perf_counter() - started
        mark = time.perf_counter()
        terms = similarity.term_matrix((row.text for row in loaded.rows), parallel=True)
        steps["vectorise"] = time.perf_counter() - mark
        mark = time.perf_counter()
        online = np.array([not row.offline for row in loaded.rows], dtype=bool)
        near = similarity.neighbourhood(terms, close_threshold=corpus.CLOSE_THRESHOLD, among=online)
        project = similarity.similarity_to(terms, loaded.project_text)
        steps["compare"] = time.perf_counter() - mark
        mark = time.perf_counter()
        analysis = corpus.Analysis(loaded, terms, near, project)
        done = weak_signals.settled(debate)
        found = [c for c in weak_signals.propose(debate, analysis) if c.contribution_id not in done]
        found.sort(key=lambda c: (-c.score, c.rank_key, c.contribution_id))
        found = found[: int(len(loaded.rows) * weak_signals.SHARE_OF_CORPUS)]
        steps["propose"] = time.perf_counter() - mark
        total = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_started
        kinds: dict[str, int] = {}
        for candidate in found:
            for kind in candidate.kinds_of_reason:
                kinds[kind] = kinds.get(kind, 0) + 1
        compared = len(similarity.compared_columns(terms.document_frequency))
        db.engine.dispose()
    return {
        "size": len(loaded.rows),
        "terms": terms.matrix.shape[1],
        "compared_terms": compared,
        "candidates": len(found),
        "kinds": kinds,
        "steps": steps,
        "total": total,
        "cpu": cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "load": os.getloadavg()[0],
    }


def _cpu_seconds() -> float:
    """CPU time of this process and of the analysing processes it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(size: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        build(folder, size)
        built = time.perf_counter() - started
        output = subprocess.run(
            [sys.executable, __file__, "--measure", folder],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        result["build"] = built
        return result


def write_section(results: list[dict]) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = (
        path.read_text()
        if path.exists()
        else "# Performance\n\nFigures measured on the development machine.\n"
    )
    python = f"{platform.python_implementation()} {platform.python_version()}"
    rows = "\n".join(
        f"| {r['size']:,} | {r['steps']['read']:.1f} | {r['steps']['vectorise']:.1f} | "
        f"{r['steps']['compare']:.1f} | {r['steps']['propose']:.1f} | **{r['total']:.1f}** | "
        f"{r['cpu']:.1f} | "
        f"{r['peak_mb']:,.0f} | {r['compared_terms']:,} of {r['terms']:,} | {r['candidates']:,} |"
        for r in results
    )
    loads = ", ".join(f"{r['load']:.1f}" for r in results)
    section = f"""{SECTION}

`bench/synthesis.py`: the weak-signal candidates of one debate (what `flask weak-signals`
and the workspace's button compute), on synthetic French contributions (`demo/corpus.py`,
seed {SEED}) stored in SQLite. Each size is computed in a fresh process; its peak memory is
the whole process's (Python, the application, the corpus and the matrices). Target:
100,000 contributions in under {TARGET_SECONDS} s and {TARGET_MB // 1024} GB.

{HEADER}
{rows}

Vectorising splits the texts on spaces and runs the search's French analyser once per
distinct token, in two forked processes from 20,000 contributions on; comparing is a sparse
matrix product by blocks of 2,000 rows over the rarest terms that fit a budget of 6 × 10⁷
term pairs (`synthesis/similarity.py`). CPU is the time of all processes together.
Measured on {date.today().isoformat()} ({python}, {os.cpu_count()} cores, SQLite); load
average at the end of each run: {loads} (other work may have been running).
"""
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[following + 1 :] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    results = []
    for size in args.sizes:
        result = run(size)
        results.append(result)
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in result["steps"].items())
        print(
            f"{result['size']:,} contributions: {result['total']:.1f} s ({steps}), "
            f"peak {result['peak_mb']:,.0f} MB, {result['candidates']} candidates "
            f"{result['kinds']} (built in {result['build']:.0f} s, load {result['load']:.1f})"
        )
    if not args.no_write:
        write_section(results)


if __name__ == "__main__":
    main()
