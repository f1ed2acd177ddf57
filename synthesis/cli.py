"""The committee's commands.

``flask --app app weak-signals SLUG [--json]``: compute a debate's weak-signal candidates.
The same computation as the workspace's button, for debates too large to wait for in a
page (100,000 contributions take under a minute), or to run from cron. The candidates are
kept as the debate's current list and printed, with their reasons.

``flask --app app render-reports``: render the PDFs of published reports left pending or
failed (the web process renders each one after publication; this is for cron and after a
restart).
"""

from __future__ import annotations

import json
import time

import click
from flask_babel import gettext as _

from forum.extensions import db
from forum.models import Debate


@click.command("weak-signals")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
def weak_signals_command(slug: str, as_json: bool) -> None:
    """Compute and keep the weak-signal candidates of the debate SLUG."""
    from forum.errors import PalabreError
    from synthesis import weak_signal_runs, weak_signals
    from synthesis.models import RunState

    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    if debate is None:
        raise click.ClickException(_("No debate has the address “%(slug)s”.", slug=slug))
    started = time.perf_counter()
    try:
        run = weak_signal_runs.request(debate, None)
    except PalabreError as error:
        raise click.ClickException(error.message) from error
    found = weak_signal_runs.run(debate.id, parallel=True)
    if found is None:
        db.session.refresh(run)
        if run.state == RunState.FAILED:
            raise click.ClickException(
                _("The candidates could not be computed: %(error)s", error=run.error)
            )
        raise click.ClickException(_("Another computation took this debate first."))
    if as_json:
        click.echo(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=2))
        return
    for candidate in found:
        kinds = ", ".join(str(weak_signals.KINDS_OF_REASON[k]) for k in candidate.kinds_of_reason)
        click.echo(f"#{candidate.contribution_id} [{kinds}]")
        for reason in candidate.reasons:
            click.echo(f"    {reason}")
    click.echo(
        _(
            "%(n)d candidate(s) in %(seconds)s s.",
            n=len(found),
            seconds=f"{time.perf_counter() - started:.1f}",
        )
    )


@click.command("render-reports")
def render_reports_command() -> None:
    """Render the PDF of every published report left pending or failed (for cron, and after
    a restart). Safe beside the web process or another run: each report is claimed first."""
    from synthesis import publication
    from synthesis.models import PdfState

    done = publication.render_waiting()
    for report_id, outcome in done:
        if outcome is None:
            click.echo(_("Report %(id)d: taken by another renderer.", id=report_id))
        elif outcome == PdfState.READY:
            click.echo(_("Report %(id)d: PDF ready.", id=report_id))
        else:
            click.echo(_("Report %(id)d: the PDF could not be rendered.", id=report_id))
    if not done:
        click.echo(_("No report PDF to render."))
    if any(outcome == PdfState.FAILED for _id, outcome in done):
        raise click.exceptions.Exit(1)  # cron mails the output of a failed run
