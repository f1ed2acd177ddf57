"""Benchmark: bulk import of transcribed contributions from a CSV file.

Builds a fresh migrated SQLite database in a temporary folder, writes a CSV of N rows
(100,000 by default) like a national debate's transcribed questionnaires, then times the
check of every row and the import in one transaction, as ``flask import-contributions``
does. Writes the figures into docs/PERFORMANCE.md under "## Bulk import".

    .venv/bin/python bench/import_csv.py [--rows N] [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from forum import debates  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Contribution, IndexTask, Phase  # noqa: E402
from moderation import importing  # noqa: E402

THEMES = ("Tracé et stations", "Coût et financement", "Environnement", "Travaux et nuisances")
SENTENCES = (
    "Le tram doit desservir l'hôpital des Coteaux.",
    "Les travaux vont durer trop longtemps pour les commerçants de l'avenue.",
    "Je prends le bus 32 tous les jours et il est toujours en retard.",
    "Il faut garder les platanes, ils font de l'ombre l'été.",
    "Le coût est trop élevé pour une ville de cette taille.",
    "Une piste cyclable continue le long de la ligne serait bienvenue.",
    "Pourquoi ne pas commencer par un bus à haut niveau de service ?",
    "Les habitants des hameaux n'ont aucun bus le samedi.",
)
SECTION = "## Bulk import"


def make_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "channel", "date", "event", "attribution", "themes", "title", "body"])
    start = date.today() - timedelta(days=60)
    for n in range(rows):
        body = " ".join(rng.sample(SENTENCES, 3))
        if n % 5 == 0:
            body += "\n\nJe demande une réponse écrite."
        writer.writerow(
            [
                rng.choice(("opinion", "opinion", "question", "proposal")),
                rng.choice(("paper", "letter", "public_meeting", "workshop")),
                (start + timedelta(days=n % 60)).isoformat(),
                f"Cahier d'acteur n° {n % 40 + 1}, mairie de Saint-Orens",
                "",
                ";".join(rng.sample(THEMES, rng.randint(1, 2))),
                "" if n % 3 == 0 else f"Questionnaire {n}",
                body,
            ]
        )
    return out.getvalue().encode("utf-8")


def run(rows: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "SECRET_KEY": "bench",
                "PALABRE_BASE_URL": "http://127.0.0.1:5000",
                "INSTANCE_PATH": folder,
            }
        )
        with app.app_context():
            upgrade()
            debate = debates.create_debate(
                debates.NewDebate(
                    slug="bench", title="Débat national", theme_names=THEMES, phase=Phase.OPEN
                )
            )
            data = make_csv(rows)
            load_before = os.getloadavg()[0]
            cpu_started = _cpu_seconds()
            started = time.perf_counter()
            report = importing.check_file(debate, data)
            checked = time.perf_counter()
            ids = importing.import_rows(debate, None, report, source="bench.csv", parallel=True)
            done = time.perf_counter()
            cpu = _cpu_seconds() - cpu_started
            stored = db.session.scalar(db.select(db.func.count()).select_from(Contribution))
            tasks = db.session.scalar(db.select(db.func.count()).select_from(IndexTask))
            assert stored == len(ids) == rows and tasks == rows and not report.errors
            db.engine.dispose()
    return {
        "rows": rows,
        "megabytes": len(data) / 1e6,
        "check": checked - started,
        "import": done - checked,
        "total": done - started,
        "cpu": cpu,
        "load": max(load_before, os.getloadavg()[0]),
    }


def _cpu_seconds() -> float:
    """CPU time of this process and of the rendering processes it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def write_section(result: dict) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = (
        path.read_text()
        if path.exists()
        else "# Performance\n\nFigures measured on the development machine.\n"
    )
    python = f"{platform.python_implementation()} {platform.python_version()}"
    machine = f"{python}, {os.cpu_count()} cores, SQLite"
    section = f"""{SECTION}

`bench/import_csv.py`: {result["rows"]:,} transcribed contributions in one CSV file
({result["megabytes"]:.1f} MB), checked then imported in one transaction (contributions, their
themes and their search-index tasks written with bulk inserts; plain paragraphs turned into
HTML without the Markdown parser, other texts parsed by {min(os.cpu_count() or 1, 8)} processes),
as `flask import-contributions` does.

| step | seconds |
|---|---|
| check every row | {result["check"]:.1f} |
| import (one transaction) | {result["import"]:.1f} |
| **total** | **{result["total"]:.1f}** |

CPU time used, all processes together: {result["cpu"]:.1f} s. Measured on
{date.today().isoformat()} ({machine}); the machine's load average was {result["load"]:.1f}
during the run (other work was running), so on an idle machine the wall time is lower.
"""
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[following:] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    result = run(args.rows)
    print(
        f"{result['rows']:,} rows: check {result['check']:.1f} s, "
        f"import {result['import']:.1f} s, total {result['total']:.1f} s "
        f"(CPU {result['cpu']:.1f} s, load {result['load']:.1f})"
    )
    if not args.no_write:
        write_section(result)


if __name__ == "__main__":
    main()
