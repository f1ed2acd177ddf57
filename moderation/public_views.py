"""What participants and the public use: flagging, contesting a masking, the public
journal of moderation decisions, and the scans of offline contributions."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import contributions as forum_contributions
from forum import debates as forum_debates
from forum.errors import NotFound, PalabreError
from forum.models import (
    Contribution,
)
from forum.views import attach_error, contribution_visible
from moderation import (
    contests,
    flags,
    journal,
    uploads,
)
from moderation.forms import (
    ContestForm,
    FlagForm,
)
from moderation.models import FlagReason
from moderation.web import status_of

bp = Blueprint("public", __name__)

# --- Participants: flags, contests, the public journal, scans ------------------------


def _visible(contribution_id: int) -> Contribution:
    try:
        item = forum_contributions.get_visible(contribution_id, current_user)
    except NotFound:
        abort(404)
    if not forum_debates.can_see_debate(current_user, item.debate):
        abort(404)
    return item


@bp.route("/contributions/<int:contribution_id>/flag", methods=["GET", "POST"])
@login_required
def flag(contribution_id: int):
    """Report a contribution to the moderators, with a reason (never shown publicly)."""
    item = _visible(contribution_id)
    form = FlagForm()
    status = 200
    already = flags.my_flag(item, current_user)
    if already is None and form.validate_on_submit():
        try:
            flags.flag(item, current_user, FlagReason(form.reason.data), form.note.data or "")
        except PalabreError as error:
            attach_error(form, error)
            status = status_of(error)
        else:
            flash(_("Thank you: the moderators will read your report."), "success")
            return redirect(url_for("forum.contribution", contribution_id=item.id))
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "moderation/flag.html", debate=item.debate, item=item, form=form, already=already
        ),
        status,
    )


@bp.route("/contributions/<int:contribution_id>/contest", methods=["GET", "POST"])
@login_required
def contest(contribution_id: int):
    """The author of a masked contribution contests the decision, once."""
    item = _visible(contribution_id)
    if item.author_id != current_user.id:
        abort(403)
    decision = contests.masking_decision(item)
    existing = contests.contest_of(decision)
    form = ContestForm()
    status = 200
    if decision is not None and existing is None and form.validate_on_submit():
        try:
            contests.file_contest(item, current_user, form.text.data)
        except PalabreError as error:
            attach_error(form, error)
            status = status_of(error)
        else:
            flash(_("Your contest is sent to the debate's committee."), "success")
            return redirect(url_for("forum.contribution", contribution_id=item.id))
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "moderation/contest_form.html",
            debate=item.debate,
            item=item,
            decision=decision,
            existing=existing,
            form=form,
        ),
        status,
    )


@bp.get("/debates/<slug>/moderation-journal")
def public_journal(slug: str):
    """The moderation decisions of a debate, without personal data: what, when, which
    charter article, whether contested and the outcome."""
    try:
        debate = forum_debates.get_debate(slug, current_user)
    except NotFound:
        abort(404)
    before = request.args.get("before", "")
    decisions, next_before = journal.public_journal(
        debate, before=int(before) if before.isdigit() else None
    )
    return render_template(
        "moderation/public_journal.html",
        debate=debate,
        decisions=decisions,
        next_before=next_before,
    )


@bp.get("/contributions/<int:contribution_id>/scan")
def scan(contribution_id: int):
    """The scan or photo of an offline contribution, served as a download-safe file."""
    item = _visible(contribution_id)
    if not item.scan_file or not contribution_visible(item):
        abort(404)
    try:
        path = uploads.scan_path(item.scan_file)
    except PalabreError:
        abort(404)
    if not path.exists():
        abort(404)
    extension = path.suffix.lstrip(".")
    response = send_file(
        path,
        mimetype=item.scan_type or "application/octet-stream",
        as_attachment=item.scan_type == "application/pdf",
        download_name=f"contribution-{item.id}.{extension}",
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
