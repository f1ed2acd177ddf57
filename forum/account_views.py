"""A participant's rights: confirming the address, recovering the password, downloading
their data, erasing their account; and the privacy and accessibility statements."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from forum import accounts, privacy, verification
from forum.errors import PalabreError
from forum.extensions import db
from forum.forms import EraseAccountForm, ForgotPasswordForm, ResetPasswordForm
from forum.security import rate_limit
from forum.views import attach_error

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
