"""Administrators' pages: suspending a whole account, the site journal, and the mail
outbox (when no SMTP server is configured)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from forum import mail
from forum.extensions import db
from forum.models import User
from forum.suspensions import current_suspensions
from forum.web import admin_required
from moderation import journal, suspension
from moderation.forms import AccountSuspendForm, ReasonForm
from moderation.web import submit

bp = Blueprint("admin", __name__)


def _account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/admin/users/<int:user_id>/suspension", methods=["GET", "POST"])
@admin_required
def account_suspension(user_id: int):
    """Suspend a whole account (no login), with a reason and an optional end date."""
    user = _account(user_id)
    form = AccountSuspendForm()
    done, status = submit(
        form,
        lambda: suspension.suspend_site_wide(current_user, user, form.reason.data, form.until.data),
        _("The account is suspended."),
        url_for("moderation.admin.account_suspension", user_id=user.id),
    )
    return done or _account_page(user, status, suspend_form=form)


@bp.post("/admin/users/<int:user_id>/suspension/lift")
@admin_required
def lift_account_suspension(user_id: int):
    """End a site-wide suspension."""
    user = _account(user_id)
    form = ReasonForm(prefix="lift")
    done, status = submit(
        form,
        lambda: suspension.lift_site_wide(current_user, user, form.reason.data),
        _("The suspension is lifted."),
        url_for("moderation.admin.account_suspension", user_id=user.id),
    )
    return done or _account_page(user, status, lift_form=form)


def _account_page(user: User, status: int, **failed: FlaskForm):
    forms = {
        "suspend_form": AccountSuspendForm(formdata=None),
        "lift_form": ReasonForm(formdata=None, prefix="lift"),
    } | failed
    return (
        render_template(
            "moderation/account_suspension.html",
            person=user,
            debate_suspensions=current_suspensions(user),
            form=forms["suspend_form"],
            lift_form=forms["lift_form"],
        ),
        status,
    )


@bp.get("/admin/journal")
@admin_required
def site_journal():
    """The decisions about the whole site (accounts suspended, lifted), newest first."""
    before = request.args.get("before", "")
    rows, next_before = journal.staff_journal(
        None, journal.JournalFilter(), before=int(before) if before.isdigit() else None
    )
    return render_template(
        "moderation/site_journal.html",
        rows=rows,
        users=journal.target_users(rows),
        next_before=next_before,
    )


# --- The outbox (no SMTP server configured) ---------------------------------------------


@bp.get("/admin/outbox")
@admin_required
def outbox():
    """For administrators: the e-mails written to the outbox folder, newest first."""
    return render_template(
        "moderation/outbox.html",
        messages=mail.outbox_messages(),
        folder=mail.outbox_dir(),
        smtp=bool(current_app.config.get("PALABRE_SMTP_HOST")),
        queued=mail.queued_count(),
    )


@bp.get("/admin/outbox/<name>")
@admin_required
def outbox_message(name: str):
    """One e-mail of the outbox, as it would have been sent."""
    message = mail.outbox_message(name)
    if message is None:
        abort(404)
    return render_template("moderation/outbox_message.html", message=message)
