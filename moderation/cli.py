"""``flask --app app import-contributions SLUG FILE.csv [--dry-run]`` and
``flask --app app set-phase SLUG open|closed``."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.errors import PalabreError
from forum.extensions import db
from forum.models import Debate, Phase, User


def register(cli_group: click.Group) -> None:
    cli_group.add_command(import_contributions_command)
    cli_group.add_command(set_phase_command)


@click.command("import-contributions")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row, report, write nothing.")
@click.option("--by", "by_email", default=None, help="E-mail of the moderator, for the journal.")
def import_contributions_command(
    slug: str, path: Path, dry_run: bool, by_email: str | None
) -> None:
    """Import transcribed contributions from a CSV file into the debate SLUG.

    Every row is checked first; rejected rows are listed with their line number. Then all
    the valid rows are imported in one transaction (none with --dry-run).
    """
    from moderation import importing

    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    if debate is None:
        raise click.ClickException(_("No debate has the address “%(slug)s”.", slug=slug))
    actor = None
    if by_email:
        actor = db.session.scalar(db.select(User).where(User.email == by_email.strip().lower()))
        if actor is None:
            raise click.ClickException(
                _("no account with the e-mail address %(email)s", email=repr(by_email))
            )
    started = time.perf_counter()
    report = importing.check_file(debate, path.read_bytes())
    if report.file_error:
        raise click.ClickException(report.file_error)
    for error in report.errors:
        click.echo(_("line %(line)d: %(error)s", line=error.line, error=error.message), err=True)
    click.echo(
        _(
            "%(valid)d valid row(s), %(rejected)d rejected.",
            valid=len(report.rows),
            rejected=len(report.errors),
        )
    )
    if dry_run:
        click.echo(_("Dry run: nothing was written."))
        return
    try:
        ids = importing.import_rows(debate, actor, report, source=path.name, parallel=True)
    except PalabreError as error:
        raise click.ClickException(error.message) from error
    elapsed = time.perf_counter() - started
    click.echo(
        ngettext(
            "%(num)d contribution imported in %(seconds)s s.",
            "%(num)d contributions imported in %(seconds)s s.",
            len(ids),
            seconds=f"{elapsed:.1f}",
        )
    )


@click.command("set-phase")
@click.argument("slug")
@click.argument("phase", type=click.Choice([Phase.OPEN.value, Phase.CLOSED.value]))
def set_phase_command(slug: str, phase: str) -> None:
    """Open or close the debate SLUG, with the checks and messages of the committee's
    phase pages (moderation/lifecycle.py). Exits with 1, saying why, when refused."""
    from moderation import lifecycle

    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    if debate is None:
        click.echo(_("This debate does not exist."), err=True)
        raise click.exceptions.Exit(1)
    try:
        change = lifecycle.set_phase(debate, Phase(phase), None)
    except lifecycle.MissingToOpen as refusal:
        click.echo(lifecycle.OPENING_BLOCKED, err=True)
        for reason in refusal.reasons:
            click.echo(f"- {reason}", err=True)
        raise click.exceptions.Exit(1) from refusal
    except PalabreError as refusal:
        click.echo(refusal.message, err=True)
        raise click.exceptions.Exit(1) from refusal
    for message in change.messages():
        click.echo(message)
