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
from flask_babel import gettext as _
from flask_babel import ngettext

from forum import accounts, debates, labels
from forum.errors import PalabreError
from forum.extensions import db
from forum.models import Debate, Phase, Role, User, utcnow
from forum.units import file_size


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _user_by_email(email: str) -> User:
    user = db.session.scalar(db.select(User).where(User.email == accounts.normalise_email(email)))
    if user is None:
        _fail(_("no account with the e-mail address %(email)s", email=repr(email)))
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
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        _fail(_("%(email)s is not an e-mail address", email=repr(email)))
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
    click.echo(
        _("created the administrator %(name)s <%(email)s>", name=user.pseudonym, email=user.email)
        if role == "admin"
        else _(
            "created the participant %(name)s <%(email)s>", name=user.pseudonym, email=user.email
        )
    )


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
    click.echo(
        ngettext(
            "created the debate %(slug)s (%(phase)s) with %(num)d theme",
            "created the debate %(slug)s (%(phase)s) with %(num)d themes",
            len(names),
            slug=debate.slug,
            phase=labels.PHASE[debate.phase],
        )
    )


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
    # Operators read the site's language (PALABRE_LANGUAGE), as the pages it serves.
    click.echo(
        _(
            "%(name)s now has the role “%(role)s” in the debate %(slug)s",
            name=user.pseudonym,
            role=labels.ROLE[Role(role)],
            slug=slug,
        )
    )


def _debate_by_slug(slug: str) -> Debate:
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    if debate is None:
        _fail(_("no debate with the slug %(slug)s", slug=repr(slug)))
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
    click.echo(
        _(
            "backup written to %(path)s (%(size)s)",
            path=report.path,
            size=file_size(report.path.stat().st_size),
        )
    )
    click.echo(
        _(
            "stored files in %(folder)s: %(copied)d copied, %(there)d already there",
            folder=report.files,
            copied=report.files_copied,
            there=report.files_already_there,
        )
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
        click.confirm(_("This replaces the whole database with the backup. Go on?"), abort=True)
    try:
        report = restore(path, files)
    except BackupError as error:
        _fail(str(error))
    click.echo(
        _(
            "restored from %(path)s; account erasures re-applied: %(n)d",
            path=path,
            n=report.erasures_reapplied,
        )
    )
    if report.files_found:
        click.echo(_("stored files put back: %(n)d", n=report.files_restored))
    else:
        click.echo(
            _(
                "no stored files at %(folder)s: documents, photos and scans left as they are",
                folder=report.files,
            )
        )
    click.echo(_("now rebuild the search index: %(command)s", command="flask --app app reindex"))


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
