"""Operator commands: ``flask --app app create-user | create-debate | grant | demo |
send-reminders``.

Each exits non-zero with a plain message on bad input.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask

from forum import accounts, debates
from forum.errors import PalabreError
from forum.extensions import db
from forum.models import Debate, Phase, Role, User, utcnow


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _user_by_email(email: str) -> User:
    user = db.session.scalar(db.select(User).where(User.email == accounts.normalise_email(email)))
    if user is None:
        _fail(f"no account with the e-mail address {email!r}")
    return user


@click.command("create-user")
@click.argument("email")
@click.argument("pseudonym")
@click.option("--role", type=click.Choice(["participant", "admin"]), default="participant")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, pseudonym: str, role: str, password_stdin: bool) -> None:
    """Create an account (a participant, or a global admin with --role admin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        _fail(f"{email!r} is not an e-mail address")
    data = accounts.Registration(
        email=email,
        pseudonym=pseudonym,
        password=password,
        accepts_charter=True,
        staff_name_allowed=True,
    )
    try:
        user = accounts.create_account(data)
    except PalabreError as error:
        _fail(error.message)
    # An operator creates the account for a known person: no confirmation mail is needed.
    user.email_verified_at = utcnow()
    if role == "admin":
        user.is_admin = True
    db.session.commit()
    click.echo(f"created {role} {user.pseudonym} <{user.email}>")


@click.command("create-debate")
@click.argument("slug")
@click.option("--title", required=True, help="The debate's title.")
@click.option("--themes", default="", help='Theme names separated by ";".')
@click.option("--phase", type=click.Choice([p.value for p in Phase]), default=Phase.DRAFT.value)
@click.option("--opens", "opens_on", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--closes", "closes_on", type=click.DateTime(["%Y-%m-%d"]), default=None)
def create_debate_command(slug, title, themes, phase, opens_on, closes_on) -> None:
    """Create a debate with its theme index."""
    names = [name.strip() for name in themes.split(";") if name.strip()]
    data = debates.NewDebate(
        slug=slug,
        title=title,
        theme_names=names,
        phase=Phase(phase),
        opens_on=opens_on.date() if opens_on else (date.today() if phase == "open" else None),
        closes_on=closes_on.date() if closes_on else None,
    )
    try:
        debate = debates.create_debate(data)
    except PalabreError as error:
        _fail(error.message)
    click.echo(f"created debate {debate.slug} ({debate.phase.value}) with {len(names)} themes")


@click.command("grant")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@click.argument("slug")
def grant_command(email: str, role: str, slug: str) -> None:
    """Give a user a staff role (moderator, committee, owner) in one debate."""
    user = _user_by_email(email)
    try:
        debate = _debate_by_slug(slug)
        debates.grant_by_operator(user, debate, Role(role))
    except PalabreError as error:
        _fail(error.message)
    click.echo(f"{user.pseudonym} is now {role} of {slug}")


def _debate_by_slug(slug: str) -> Debate:
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    if debate is None:
        _fail(f"no debate with the slug {slug!r}")
    return debate


_FILES_HELP = (
    "Folder of the stored files' copies (default: PATH.files). Stored files never change: "
    "dated backups can share one folder."
)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--files", type=click.Path(file_okay=False, path_type=Path), help=_FILES_HELP)
def backup_command(path: Path, files: Path | None) -> None:
    """Copy the live database to PATH and its stored files to PATH.files (safe while the
    site runs)."""
    from forum.backup import BackupError, backup

    try:
        report = backup(path, files)
    except BackupError as error:
        _fail(str(error))
    click.echo(f"backup written to {report.path} ({report.path.stat().st_size} bytes)")
    click.echo(
        f"stored files in {report.files}: {report.files_copied} copied, "
        f"{report.files_already_there} already there"
    )


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--files", type=click.Path(file_okay=False, path_type=Path), help=_FILES_HELP)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, files: Path | None, yes: bool) -> None:
    """Replace the database with the backup at PATH, then re-apply later erasures.

    Stop the site first. Rebuild the search index afterwards (flask --app app reindex).
    """
    from forum.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces the whole database with the backup. Go on?", abort=True)
    try:
        report = restore(path, files)
    except BackupError as error:
        _fail(str(error))
    click.echo(f"restored from {path}; account erasures re-applied: {report.erasures_reapplied}")
    if report.files_found:
        click.echo(f"stored files put back: {report.files_restored}")
    else:
        click.echo(
            f"no stored files at {report.files}: documents, photos and scans left as they are"
        )
    click.echo("now rebuild the search index: flask --app app reindex")


def register_commands(app: Flask) -> None:
    from forum.reminders import send_reminders_command
    from forum.rerender import render_texts_command

    for command in (
        send_reminders_command,
        render_texts_command,
        create_user_command,
        create_debate_command,
        grant_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
