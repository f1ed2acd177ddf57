"""Publishing the report: the confirmation page that lists what is missing, publication,
and asking again for a PDF whose rendering failed. The debate's committee members and
administrators only (the services check the same rule).

Endpoints "synthesis.publication.…" (a blueprint nested in ``synthesis.views.bp``).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import InvalidInput, NotFound, PalabreError
from forum.extensions import db
from forum.models import Debate
from forum.web import COMMITTEE, attach_error, requires_debate_role
from synthesis import publication
from synthesis.forms import ActionForm, PublishForm
from synthesis.models import Report

bp = Blueprint("publication", __name__)


def _confirmation_page(debate: Debate, form: PublishForm, status: int = 200):
    try:
        current = publication.draft_to_publish(debate, current_user)
    except NotFound:
        return redirect(url_for("synthesis.report_edit", slug=debate.slug))
    refusal = publication.phase_refusal(debate)
    return (
        render_template(
            "synthesis/publish.html",
            debate=debate,
            report=current,
            refusal=refusal,
            checklist=publication.checklist(debate, current) if refusal is None else None,
            form=form,
            can_write=True,
        ),
        status,
    )


def _refused(error: PalabreError, back: str) -> Response:
    db.session.rollback()
    flash(error.message, "error")
    return redirect(back)


def _printing(debate: Debate, current: Report, message: str) -> Response:
    """After the commit: the PDF is printed by a thread, the report shown at once."""
    publication.start_rendering(current.id)
    flash(message, "success")
    return redirect(url_for("synthesis.report_page", slug=debate.slug))


@bp.route("/synthesis/<slug>/report/publish", methods=["GET", "POST"])
@requires_debate_role(*COMMITTEE)
def publish(debate: Debate):
    """What the report leaves out, each a warning to pass knowingly; then publication: the
    report is public at once, its PDF follows a few moments later."""
    form = PublishForm()
    if not form.is_submitted():
        return _confirmation_page(debate, form)
    if not form.validate():
        return _confirmation_page(debate, form, 422)
    try:
        current = publication.publish(debate, current_user, confirmed=form.confirm.data)
    except InvalidInput as error:
        db.session.rollback()
        attach_error(form, error)
        return _confirmation_page(debate, form, 422)
    except PalabreError as error:  # not closed, not started: the page says why
        return _refused(error, url_for("synthesis.publication.publish", slug=debate.slug))
    return _printing(debate, current, _("The report is published. Its PDF is being prepared."))


@bp.post("/synthesis/<slug>/report/pdf/retry")
@requires_debate_role(*COMMITTEE)
def retry_pdf(debate: Debate):
    """Ask again for the report's PDF after its rendering failed."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        current = publication.retry_pdf(debate, current_user)
    except PalabreError as error:
        return _refused(error, url_for("synthesis.report_edit", slug=debate.slug))
    return _printing(debate, current, _("The PDF of the report is being prepared again."))
