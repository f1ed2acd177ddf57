"""What participants and the public use: flagging, contesting a masking, the public
journal of moderation decisions, and the scans of offline contributions."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import contributions as forum_contributions
from forum import debates as forum_debates
from forum.errors import NotFound
from forum.ids import parse_id
from forum.models import (
    Contribution,
)
from forum.security import rate_limit
from forum.uploads import send_private
from forum.views import contribution_visible
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
from moderation.web import submit

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
@rate_limit("PALABRE_LIMIT_FLAG")
def flag(contribution_id: int):
    """Report a contribution to the moderators, with a reason (never shown publicly)."""
    item = _visible(contribution_id)
    form = FlagForm()
    # A second report is refused by the service, next to the form.
    done, status = submit(
        form,
        lambda: flags.flag(item, current_user, FlagReason(form.reason.data), form.note.data or ""),
        _("Thank you: the moderators will read your report."),
        url_for("forum.contribution", contribution_id=item.id),
    )
    already = flags.my_flag(item, current_user)
    return done or (
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
    form = ContestForm()
    # Once only, and only while masked: the service refuses anything else.
    done, status = submit(
        form,
        lambda: contests.file_contest(item, current_user, form.text.data),
        _("Your contest is sent to the debate's committee."),
        url_for("forum.contribution", contribution_id=item.id),
    )
    decision = contests.masking_decision(item)
    existing = contests.contest_of(decision)
    return done or (
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
    decisions, next_before = journal.public_journal(
        debate, before=parse_id(request.args.get("before"))
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
    path = uploads.scan_path(item.scan_file)
    if path is None:
        abort(404)
    return send_private(
        path,
        item.scan_type or "application/octet-stream",
        f"contribution-{item.id}{path.suffix}",
        attachment=item.scan_type == "application/pdf",
        public=False,
    )
