"""A participant's rights: confirming the address, recovering the password, downloading
their data, erasing their account; their notifications and what they are told by e-mail
(with the one-click unsubscribe link); and the privacy and accessibility statements."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from forum import accounts, notifications, privacy, verification
from forum.errors import NotFound, PalabreError
from forum.extensions import csrf, db
from forum.forms import EraseAccountForm, ForgotPasswordForm, ResetPasswordForm, preferences_form
from forum.ids import parse_id
from forum.security import rate_limit
from forum.web import attach_error

bp = Blueprint("account", __name__)


@bp.get("/verify-email/<token>")
def verify_email(token: str):
    """Confirm an e-mail address from the link sent at registration."""
    try:
        verification.verify_email(token)
    except PalabreError as error:
        return render_template("account/link_invalid.html", message=error.message), 400
    flash(_("Thank you: your e-mail address is confirmed."), "success")
    return redirect(url_for("forum.account") if current_user.is_authenticated else "/")


@bp.post("/account/resend-confirmation")
@login_required
@rate_limit("PALABRE_LIMIT_RESET")
def resend_confirmation():
    """Send the confirmation link again."""
    if current_user.email_verified_at is None:
        verification.send_verification(current_user)
        db.session.commit()
    flash(_("A new confirmation link is on its way to your mailbox."), "info")
    return redirect(url_for("forum.account"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@rate_limit("PALABRE_LIMIT_RESET")
def forgot_password():
    """Ask for a reset link; the answer is the same whether the address is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        verification.send_password_reset(form.email.data)
        return render_template("account/reset_sent.html")
    return render_template("account/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@rate_limit("PALABRE_LIMIT_RESET")
def reset_password(token: str):
    """Choose a new password from the e-mailed link."""
    try:
        verification.user_for_reset(token)
    except PalabreError as error:
        return render_template("account/link_invalid.html", message=error.message), 400
    form = ResetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except PalabreError as error:
            attach_error(form, error)
            status = 422
        else:
            logout_user()
            flash(_("Your password is changed. Log in with it."), "success")
            return redirect(url_for("forum.login"))
    elif form.is_submitted():
        status = 422
    return render_template("account/reset.html", form=form), status


@bp.get("/account/export")
@login_required
def export_data():
    """Download everything Palabre holds about me, as JSON."""
    body = json.dumps(privacy.export_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="palabre-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/account/erase", methods=["GET", "POST"])
@login_required
def erase_account():
    """Erase my account; my contributions stay, signed "deleted participant"."""
    form = EraseAccountForm()
    status = 200
    if form.validate_on_submit():
        try:
            privacy.erase_account(current_user, form.password.data)
        except PalabreError as error:
            attach_error(form, error)
            status = 422
        else:
            logout_user()
            flash(_("Your account is erased. Thank you for taking part."), "info")
            return redirect(url_for("forum.home"))
    elif form.is_submitted():
        status = 422
    return render_template("account/erase.html", form=form), status


def _statement(name: str) -> str:
    language = "en" if str(get_locale()) == "en" else "fr"
    return render_template(f"account/{name}.{language}.html")


@bp.get("/privacy")
def privacy_policy():
    """How Palabre handles personal data: purposes, legal basis, retention, rights."""
    return _statement("privacy")


@bp.get("/accessibility")
def accessibility():
    """The accessibility statement that French public bodies publish."""
    return _statement("accessibility")


# --- Notifications ---------------------------------------------------------------------


@bp.app_context_processor
def notification_helpers():
    """The header's "new" marker (never a number), and the kinds' labels."""

    def has_new_notifications() -> bool:
        return current_user.is_authenticated and notifications.has_unread(current_user)

    return {
        "has_new_notifications": has_new_notifications,
        "notification_kinds": notifications.KINDS,
    }


@bp.get("/notifications")
@login_required
def notifications_page():
    """What concerns me: answers, replies, moderation decisions, newest first."""
    before = parse_id(request.args.get("before"))
    page = notifications.page_for(current_user, before=before)
    return render_template("account/notifications.html", page=page)


@bp.post("/notifications/read")
@login_required
def mark_read():
    """Mark all my notifications as read (the "new" marker goes away)."""
    if FlaskForm().validate_on_submit():
        notifications.mark_all_read(current_user)
        flash(_("All your notifications are marked as read."), "success")
    return redirect(url_for("account.notifications_page"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    """Choose, kind by kind, what I am told on the site and by e-mail."""
    kinds = notifications.kinds_for(current_user)
    form_class = preferences_form(kinds, notifications.KINDS)
    form = form_class()
    if request.method == "GET":
        for kind, choice in notifications.preferences_for(current_user).items():
            getattr(form, f"site_{kind}").data = choice.on_site
            getattr(form, f"mail_{kind}").data = choice.by_email
    if form.validate_on_submit():
        choices = {
            kind: notifications.Choice(
                on_site=bool(getattr(form, f"site_{kind}").data),
                by_email=bool(getattr(form, f"mail_{kind}").data),
            )
            for kind in kinds
        }
        notifications.save_preferences(current_user, choices)
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("account.preferences"))
    return render_template(
        "account/preferences.html",
        form=form,
        kinds=kinds,
        always_on_site=notifications.ALWAYS_ON_SITE,
    ), (422 if form.is_submitted() else 200)


@bp.get("/unsubscribe/<token>")
def unsubscribe_confirm(token: str):
    """The link of an e-mail: a page with one button, so that a mail scanner following
    links does not unsubscribe anyone."""
    try:
        user, kind = notifications.read_unsubscribe_token(token)
    except NotFound:
        abort(404)
    label = notifications.KINDS.get(kind)
    return render_template("account/unsubscribe.html", token=token, label=label, done=False)


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # the signed token is the proof; mail clients post here (RFC 8058)
def unsubscribe(token: str):
    """Stop the e-mails the token names, in one click, without logging in."""
    try:
        _user, kind = notifications.unsubscribe(token)
    except NotFound:
        abort(404)
    label = notifications.KINDS.get(kind)
    return render_template("account/unsubscribe.html", token=token, label=label, done=True)
