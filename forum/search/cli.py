"""Operator commands: ``flask --app app reindex [--check]`` and ``search-worker``.

Their output is in the site's language (``PALABRE_LANGUAGE``), as every operator command.
"""

from __future__ import annotations

import click
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.search.documents import count_contributions
from forum.search.service import SearchBusy, check_and_repair, reindex
from forum.search.writer import run_worker

SHOWN_IDS = 20


def _ids(label: str, ids: list[int]) -> str:
    """``label: N (#1, #2… and M more)``, the first ids shown."""
    line = "  " + _("%(label)s: %(n)d", label=label, n=len(ids))
    if not ids:
        return line
    shown = ", ".join(f"#{i}" for i in ids[:SHOWN_IDS])
    if len(ids) > SHOWN_IDS:
        shown = _("%(ids)s and %(n)d more", ids=shown, n=len(ids) - SHOWN_IDS)
    return f"{line} ({shown})"


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
            click.echo(
                ngettext(
                    "checked %(num)d contribution against the search index",
                    "checked %(num)d contributions against the search index",
                    report.checked,
                )
            )
            click.echo(_ids(_("missing from the index, added"), report.missing))
            click.echo(_ids(_("stale in the index, updated"), report.stale))
            click.echo(_ids(_("in the index without a contribution, removed"), report.extra))
            click.echo(_("the index is in step") if report.in_step else _("the index is repaired"))
            return
        total = count_contributions()
        with click.progressbar(length=total, label=_("Indexing contributions")) as bar:
            done = reindex(progress=bar.update)
        click.echo(ngettext("indexed %(num)d contribution", "indexed %(num)d contributions", done))
    except SearchBusy as error:
        raise click.ClickException(
            _("another process is writing the search index: try again in a moment")
        ) from error


@click.command("search-worker")
@click.option("--once", is_flag=True, help="Apply the waiting tasks, then stop.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between looks.")
def search_worker_command(once: bool, interval: float) -> None:
    """Keep the search index in step: apply index tasks as they are recorded."""
    total = run_worker(
        once=once,
        interval=interval,
        echo=lambda n: click.echo(
            ngettext("applied %(num)d index task", "applied %(num)d index tasks", n)
        ),
    )
    if once:
        click.echo(
            ngettext("done: %(num)d index task applied", "done: %(num)d index tasks applied", total)
        )
