"""Entering contributions made offline, one by one or from a CSV file (moderators only)."""

from __future__ import annotations

import secrets
import time
from datetime import date
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum.debates import open_themes
from forum.errors import PalabreError
from forum.ids import parse_id
from forum.models import (
    Channel,
    Debate,
    Kind,
    Transcription,
)
from forum.web import MODERATORS, requires_debate_role
from moderation import (
    importing,
    offline,
)
from moderation.forms import (
    ImportConfirmForm,
    ImportForm,
    OfflineForm,
)
from moderation.web import submit

IMPORT_FILES_KEPT_SECONDS = 24 * 3600

bp = Blueprint("entry", __name__)

# --- Offline contributions -----------------------------------------------------------


@bp.route("/moderation/<slug>/offline", methods=["GET", "POST"])
@requires_debate_role(*MODERATORS)
def enter_offline(debate: Debate):
    """Transcribe what was said at a meeting, on paper, in a letter; the form keeps the
    meeting selected so that a meeting's contributions are entered in a row."""
    form = OfflineForm()
    form.themes.choices = [SelectChoice(t.id, t.name) for t in open_themes(debate)]
    if request.method == "GET":
        _keep_meeting(form)
    done, status = submit(
        form,
        lambda: offline.enter_offline(debate, current_user, _offline_data(form)),
        lambda item: _(
            "Entered: “%(title)s”. The form keeps the same meeting for the next one.",
            title=item.title,
        ),
        lambda item: url_for(
            "moderation.entry.enter_offline",
            slug=debate.slug,
            channel=item.channel.value,
            event=item.event,
            date=item.occurred_on.isoformat(),
            last=item.id,
        ),
    )
    if done:
        return done
    return (
        render_template(
            "moderation/offline.html",
            debate=debate,
            form=form,
            events=offline.recent_events(debate),
            last_id=parse_id(request.args.get("last")),
        ),
        status,
    )


def _keep_meeting(form: OfflineForm) -> None:
    """After an entry, the same meeting stays selected (from the query string)."""
    if request.args.get("channel") in {c.value for c in offline.OFFLINE_CHANNELS}:
        form.channel.data = request.args["channel"]
    form.event.data = request.args.get("event", "")[:200] or None
    try:
        form.occurred_on.data = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        form.occurred_on.data = None


def _offline_data(form: OfflineForm) -> offline.OfflineContribution:
    scan = request.files.get(form.scan.name)
    return offline.OfflineContribution(
        channel=Channel(form.channel.data),
        occurred_on=form.occurred_on.data,
        event=form.event.data,
        kind=Kind(form.kind.data),
        title=form.title.data,
        body=form.body.data,
        transcription=Transcription(form.transcription.data),
        theme_ids=form.themes.data,
        attribution=form.attribution.data or "",
        named_with_consent=form.consent.data,
        scan=scan.read() if scan and scan.filename else None,
    )


# --- Bulk import ---------------------------------------------------------------------


def _imports_folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - IMPORT_FILES_KEPT_SECONDS
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    return folder


def _import_file(debate: Debate, token: str) -> Path | None:
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = _imports_folder() / f"{debate.id}-{current_user.id}-{token}.csv"
    return path if path.exists() else None


@bp.route("/moderation/<slug>/import", methods=["GET", "POST"])
@requires_debate_role(*MODERATORS)
def import_csv(debate: Debate):
    """Upload a CSV file of transcribed contributions: every row is checked first."""
    form = ImportForm()
    status, report, token = 200, None, None
    if form.validate_on_submit():
        upload = request.files.get(form.file.name)
        if upload is None or not upload.filename:
            form.file.errors = [_("Choose a CSV file.")]
            status = 422
        else:
            data = upload.read()
            report = importing.check_file(debate, data)
            if report.rows and not report.file_error:
                token = secrets.token_urlsafe(16)
                (_imports_folder() / f"{debate.id}-{current_user.id}-{token}.csv").write_bytes(data)
            status = 200 if report.rows else 422
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "moderation/import.html",
            debate=debate,
            form=form,
            report=report,
            preview=importing.preview(debate, report) if report and report.total else [],
            confirm_form=ImportConfirmForm(formdata=None, token=token),
            filename=request.files.get("file").filename if report else "",
        ),
        status,
    )


@bp.post("/moderation/<slug>/import/confirm")
@requires_debate_role(*MODERATORS)
def import_confirm(debate: Debate):
    """Import all the valid rows of the checked file, in one transaction."""
    form = ImportConfirmForm()
    path = _import_file(debate, form.token.data or "") if form.validate_on_submit() else None
    if path is None:
        flash(_("This file is no longer available: send it again."), "error")
        return redirect(url_for("moderation.entry.import_csv", slug=debate.slug))
    report = importing.check_file(debate, path.read_bytes())
    try:
        ids = importing.import_rows(
            debate, current_user, report, source=request.form.get("name", "")
        )
    except PalabreError as error:
        flash(error.message, "error")
        return redirect(url_for("moderation.entry.import_csv", slug=debate.slug)), 303
    finally:
        path.unlink(missing_ok=True)
    flash(_("%(n)d contributions imported.", n=len(ids)), "success")
    return redirect(
        url_for("moderation.queue_page", slug=debate.slug, need="everything", channel=None)
    )
