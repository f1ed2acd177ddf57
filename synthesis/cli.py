"""``flask --app app weak-signals SLUG [--json]``: compute a debate's weak-signal candidates.

The same computation as the workspace's button, for debates too large to wait for in a
page (100,000 contributions take under a minute), or to run from cron. The candidates are
kept as the debate's current list and printed, with their reasons.
"""

from __future__ import annotations

import json
import time

import click

from forum.extensions import db
from forum.models import Debate


@click.command("weak-signals")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
def weak_signals_command(slug: str, as_json: bool) -> None:
    """Compute and keep the weak-signal candidates of the debate SLUG."""
    from synthesis import weak_signals

    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    if debate is None:
        raise click.ClickException(f"no debate has the slug {slug!r}")
    started = time.perf_counter()
    found = weak_signals.compute(debate, parallel=True)
    if as_json:
        click.echo(json.dumps([c.as_json() for c in found], ensure_ascii=False, indent=2))
        return
    for candidate in found:
        click.echo(f"#{candidate.contribution_id} [{', '.join(candidate.kinds_of_reason)}]")
        for reason in candidate.reasons:
            click.echo(f"    {reason}")
    elapsed = time.perf_counter() - started
    click.echo(f"{len(found)} candidate(s) in {elapsed:.1f} s.")
