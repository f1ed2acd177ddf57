"""Operator commands: ``flask --app app reindex [--check]`` and ``search-worker``."""

from __future__ import annotations

import click

from forum.search.documents import count_contributions
from forum.search.service import SearchBusy, check_and_repair, reindex
from forum.search.writer import run_worker


def _ids(label: str, ids: list[int]) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:20])
    more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
    return f"  {label}: {len(ids)}" + (f" ({shown}{more})" if ids else "")


@click.command("reindex")
@click.option(
    "--check",
    is_flag=True,
    help="Compare the index with the database and repair the difference, instead of "
    "rebuilding everything.",
)
def reindex_command(check: bool) -> None:
    """Rebuild the search index from the database (or check and repair it)."""
    try:
        if check:
            report = check_and_repair()
            click.echo(f"checked {report.checked} contributions against the search index")
            click.echo(_ids("missing from the index, added", report.missing))
            click.echo(_ids("stale in the index, updated", report.stale))
            click.echo(_ids("in the index without a contribution, removed", report.extra))
            click.echo("the index is in step" if report.in_step else "the index is repaired")
            return
        total = count_contributions()
        with click.progressbar(length=total, label="Indexing contributions") as bar:
            done = reindex(progress=bar.update)
        click.echo(f"indexed {done} contributions")
    except SearchBusy as error:
        raise click.ClickException(f"{error}: try again in a moment") from error


@click.command("search-worker")
@click.option("--once", is_flag=True, help="Apply the waiting tasks, then stop.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between looks.")
def search_worker_command(once: bool, interval: float) -> None:
    """Keep the search index in step: apply index tasks as they are recorded."""
    total = run_worker(
        once=once, interval=interval, echo=lambda n: click.echo(f"applied {n} index tasks")
    )
    if once:
        click.echo(f"done: {total} index tasks applied")
