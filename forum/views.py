"""Public pages: debates, themes, threads, contributing, and the participant's account.

Views stay thin: read the request, call one service, render or redirect. Rules live in
the services, which raise ``PalabreError`` subclasses that views turn into messages.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.datastructures import FileStorage
from wtforms.fields.choices import SelectChoice

from forum import (
    accounts,
    contributions,
    debates,
    documents,
    photos,
    render_tokens,
    revalidation,
    suspensions,
    thread_page,
)
from forum.errors import NotAllowed, NotFound, PalabreError
from forum.forms import (
    AccountForm,
    ContributionForm,
    LoginForm,
    RegisterForm,
    ReplyForm,
    number_photo_entries,
)
from forum.models import Kind, Relation, Status
from forum.pagination import Ordering
from forum.permissions import may_read_words
from forum.redirects import safe_next
from forum.search import service as search_service
from forum.security import rate_limit
from forum.uploads import send_private
from forum.web import attach_error, debate_or_404

bp = Blueprint("forum", __name__)


def _ordering() -> Ordering:
    return Ordering.from_args(request.args.get("order"), request.args.get("seed"))


# --- Reading -------------------------------------------------------------------------


@bp.get("/")
def home():
    """The debates one can read or join, open ones first."""
    return render_template("forum/home.html", groups=debates.debates_by_phase(current_user))


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch the interface language and go back where the visitor was."""
    if code in accounts.SUPPORTED_LOCALES:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("forum.home")))


@bp.get("/debates/<slug>")
def debate(slug: str):
    """A debate's front page: project, phase, dates, themes, documents, latest words.
    Visitors may revalidate it (``forum.revalidation``): it shows the site, the debate's
    latest threads and their first contributions."""
    unchanged = revalidation.not_modified(*debates.front_page_shows(slug))
    if unchanged is not None:
        return unchanged
    debate = debate_or_404(slug)
    latest = contributions.list_contributions(
        debate, Ordering("newest"), top_level_only=True, per_page=debates.LATEST_SHOWN
    )
    html = render_template("forum/debate.html", debate=debate, latest=latest.items)
    return revalidation.tagged(html)


@bp.get("/debates/<slug>/easy-read")
def easy_read(slug: str):
    """The project in easy-to-read French (FALC)."""
    return render_template("forum/easy_read.html", debate=debate_or_404(slug))


@bp.get("/debates/<slug>/charter")
def charter(slug: str):
    """The moderation charter every participant accepts."""
    return render_template("forum/charter.html", debate=debate_or_404(slug))


@bp.get("/debates/<slug>/contributions")
def debate_contributions(slug: str):
    """Every published contribution of a debate, in one of the three allowed orders."""
    unchanged = _first_page_unchanged(slug, None)
    if unchanged is not None:
        return unchanged
    return _contribution_list(debate_or_404(slug), None)


@bp.get("/debates/<slug>/themes/<theme_slug>")
def theme(slug: str, theme_slug: str):
    """One theme of the index and the contributions filed under it."""
    unchanged = _first_page_unchanged(slug, theme_slug)
    if unchanged is not None:
        return unchanged
    debate = debate_or_404(slug)
    try:
        theme = debates.get_theme(debate, theme_slug)
    except NotFound:
        abort(404)
    return _contribution_list(debate, theme)


def _first_page_unchanged(slug: str, theme_slug: str | None):
    """``304 Not Modified`` for a visitor who holds page 1 of a list in the default order
    as it is now (``forum.revalidation``); other pages are not tagged."""
    if request.args:
        return None
    ids, more = contributions.first_page_listing(slug, theme_slug)
    shows = (render_tokens.SITE, *render_tokens.thread_scopes_of(ids))
    return revalidation.not_modified(shows, (ids, more))


def _contribution_list(debate, theme):
    """A page of cards, a debate's or one theme's, in the order the visitor chose."""
    ordering = _ordering()
    page = contributions.list_contributions(
        debate,
        ordering,
        theme=theme,
        after=request.args.get("after"),
        before=request.args.get("before"),
    )
    html = render_template(
        "forum/contributions.html", debate=debate, theme=theme, page=page, ordering=ordering
    )
    return revalidation.tagged(html)


@bp.get("/debates/<slug>/documents/<int:document_id>")
def document(slug: str, document_id: int):
    """A document of the debate: project file, study, minutes of a meeting."""
    debate = debate_or_404(slug)
    try:
        doc = documents.get_visible(debate, document_id, current_user)
    except NotFound:
        abort(404)
    return render_template(
        "forum/document.html",
        debate=debate,
        document=doc,
        meeting_items=documents.meeting_items(doc),
        can_edit=documents.can_edit(current_user, doc),
    )


@bp.get("/contributions/<int:contribution_id>")
def contribution(contribution_id: int):
    """A contribution's permalink, with the whole thread it belongs to. Visitors may
    revalidate it (``forum.revalidation``): it shows the site, the thread, and the
    similar contributions stored for it."""
    unchanged = revalidation.not_modified(*thread_page.page_shows(contribution_id))
    if unchanged is not None:
        return unchanged
    try:
        item = contributions.get_visible(contribution_id, current_user)
    except NotFound:
        abort(404)
    if not debates.can_see_debate(current_user, item.debate):
        abort(404)
    html = render_template(
        "forum/contribution.html",
        debate=item.debate,
        item=item,
        thread_html=thread_page.thread_html(item, current_user),
        similar=search_service.similar_panel(item, current_user),
    )
    return revalidation.tagged(html)


# --- Contributing --------------------------------------------------------------------


@bp.route("/debates/<slug>/contribute", methods=["GET", "POST"])
@login_required
@rate_limit("PALABRE_LIMIT_POST")
def contribute(slug: str):
    """Post an opinion, a question or a proposal under one or more themes."""
    debate = debate_or_404(slug)
    form = ContributionForm()
    offered = debates.open_themes(debate)
    form.themes.choices = [SelectChoice(t.id, t.name) for t in offered]
    if request.method == "GET" and request.args.get("theme"):
        form.themes.data = [t.id for t in offered if t.slug == request.args["theme"]]
    refusal = debates.posting_refusal(debate)
    status = 200 if refusal is None else 403
    if form.validate_on_submit():
        data = contributions.NewContribution(
            kind=Kind(form.kind.data),
            title=form.title.data,
            body=form.body.data,
            theme_ids=form.themes.data,
            photos=_photo_uploads(form),
        )
        try:
            item = contributions.post_contribution(debate, current_user, data)
        except PalabreError as error:
            attach_error(form, error)
            status = 403 if isinstance(error, NotAllowed) else 422
        else:
            _flash_posted(item)
            return redirect(url_for("forum.contribution", contribution_id=item.id))
    elif form.is_submitted():
        status = 422
    if form.is_submitted() and status != 200:
        _photos_need_choosing_again(form)
    number_photo_entries(form, photos.max_photos())
    suspension = suspensions.suspension_in(current_user, debate)
    return render_template(
        "forum/contribute.html",
        debate=debate,
        refusal=refusal,
        form=form,
        photo_hint=photos.limits_hint(),
        suspended=suspensions.refusal(suspension) if suspension else None,
    ), status


@bp.route("/contributions/<int:contribution_id>/reply", methods=["GET", "POST"])
@login_required
@rate_limit("PALABRE_LIMIT_POST")
def reply(contribution_id: int):
    """Answer a contribution, saying whether the reply supports, objects, nuances…"""
    try:
        parent = contributions.get_visible(contribution_id, current_user)
    except NotFound:
        return render_template("forum/reply_missing.html"), 404
    form = ReplyForm()
    if request.method == "GET" and request.args.get("relation") in set(Relation):
        form.relation.data = request.args["relation"]
    refused = _reply_refusal(parent)
    status = 403 if refused else 200
    if form.validate_on_submit():
        data = contributions.NewReply(
            relation=Relation(form.relation.data),
            body=form.body.data,
            kind=Kind(form.kind.data),
            title=form.title.data or "",
            photos=_photo_uploads(form),
            source_url=form.source_url.data or "",
        )
        try:
            item = contributions.post_reply(parent, current_user, data)
        except PalabreError as error:
            attach_error(form, error)
            status = 403 if isinstance(error, NotAllowed) else 422
        else:
            _flash_posted(item)
            return redirect(
                url_for("forum.contribution", contribution_id=item.id, _anchor=f"c{item.id}")
            )
    elif form.is_submitted():
        status = 422
    if form.is_submitted() and status != 200:
        _photos_need_choosing_again(form)
    number_photo_entries(form, photos.max_photos())
    return (
        render_template(
            "forum/reply.html",
            debate=parent.debate,
            parent=parent,
            form=form,
            refused=refused,
            photo_hint=photos.limits_hint(),
        ),
        status,
    )


def _reply_refusal(parent) -> str | None:
    """Why a reply to ``parent`` cannot be posted, shown before the user writes it."""
    if parent.status == Status.MASKED:
        return _("This contribution was masked by moderation: it cannot be answered.")
    if contributions.thread_locked(parent):
        return _("A moderator has locked this thread: it takes no more replies.")
    refusal = debates.posting_refusal(parent.debate)
    if refusal is not None:
        return refusal
    suspension = suspensions.suspension_in(current_user, parent.debate)
    return suspensions.refusal(suspension) if suspension else None


def _flash_posted(item) -> None:
    if item.status == Status.PENDING and current_user.email_verified_at is None:
        flash(
            _(
                "Thank you. Your contribution will be published as soon as you confirm your "
                "e-mail address: open the link we sent you."
            ),
            "info",
        )
    elif item.status == Status.PENDING:
        flash(
            _(
                "Thank you. In this debate, a moderator reads each contribution before it is "
                "published: yours will appear once it has been read."
            ),
            "info",
        )
    else:
        flash(_("Thank you, your contribution is published."), "success")


# --- Account -------------------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@rate_limit("PALABRE_LIMIT_REGISTER")
def register():
    """Create an account under a pseudonym, after reading and accepting the charter.

    The answer never tells whether the address already had an account (see
    ``accounts.register``).
    """
    if current_user.is_authenticated:
        return redirect(url_for("forum.account"))
    form = RegisterForm()
    status = 200
    if form.validate_on_submit():
        data = accounts.Registration(
            email=form.email.data,
            pseudonym=form.pseudonym.data,
            password=form.password.data,
            locale=session.get("lang", current_app.config["BABEL_DEFAULT_LOCALE"]),
            accepts_charter=form.accept_charter.data,
        )
        try:
            accounts.register(data)
        except PalabreError as error:
            attach_error(form, error)
            status = 422
        else:
            # The same answer whether or not the address already had an account.
            flash(
                _(
                    "Check your mailbox: we have sent a message to the address you gave. "
                    "Open the link in it to confirm your address, and log in here."
                ),
                "info",
            )
            target = safe_next(request.args.get("next"), "")
            return redirect(url_for("forum.login", next=target or None))
    elif form.is_submitted():
        status = 422
    return render_template("forum/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@rate_limit("PALABRE_LIMIT_LOGIN")
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("forum.account"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("Wrong e-mail address or password."))
            status = 422
        else:
            lang = session.get("lang")
            session.clear()  # a new session on login: nothing from before carries over
            login_user(user, remember=form.remember.data)
            if lang:
                session["lang"] = lang
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("forum.home")))
    elif form.is_submitted():
        status = 422
    return render_template("forum/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Log out (a POST with its CSRF token, so no page can log a visitor out)."""
    if current_user.is_authenticated:
        accounts.end_sessions(current_user)  # server-side: a copied cookie is worthless now
    # Clear first: logout_user() leaves a flag in the session to delete the remember-me cookie.
    session.clear()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("forum.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """My account: my pseudonym, my language, and everything I wrote."""
    form = AccountForm(obj=current_user)
    status = 200
    if form.validate_on_submit():
        try:
            accounts.update_settings(
                current_user,
                pseudonym=form.pseudonym.data,
                locale=form.locale.data,
                profile=accounts.Profile(
                    form.age_band.data or "", form.gender.data or "", form.area.data or ""
                ),
            )
        except PalabreError as error:
            attach_error(form, error)
            status = 422
        else:
            session["lang"] = current_user.locale
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("forum.account"))
    elif form.is_submitted():
        status = 422
    mine = contributions.contributions_by(current_user, current_user)
    return render_template(
        "forum/account.html",
        form=form,
        mine=mine,
        suspensions=suspensions.current_suspensions(current_user),
    ), status


# --- Photos ----------------------------------------------------------------------------


def _photo_uploads(form) -> list[photos.PhotoUpload]:
    """The photos chosen on a form (an entry without a file has no stream)."""
    uploads = []
    for entry in form.photos:
        chosen = entry.file.data
        stream = chosen.stream if isinstance(chosen, FileStorage) and chosen.filename else None
        uploads.append(photos.PhotoUpload(stream, entry.alt_text.data or ""))
    return uploads


def _photos_need_choosing_again(form) -> None:
    """A refused form comes back without its files: browsers never keep them. Say so."""
    if any(upload.stream for upload in _photo_uploads(form)):
        form.form_errors.append(
            _(
                "Your photos could not be kept: browsers never keep a chosen file when a "
                "form is shown again. Choose them again before sending (their descriptions "
                "are kept)."
            )
        )


@bp.get("/contributions/<int:contribution_id>/photos/<name>")
def photo(contribution_id: int, name: str):
    """A photo of a contribution or its thumbnail, served as an image and as nothing else.

    Photos follow their contribution's words: a masked or pending contribution's photos
    are for its author and the debate's staff only.
    """
    try:
        item = contributions.get_visible(contribution_id, current_user)
    except NotFound:
        abort(404)
    if not debates.can_see_debate(current_user, item.debate) or not contribution_visible(item):
        abort(404)
    found = photos.find(item, name)
    if found is None:
        abort(404)
    stored, path = found
    return send_private(
        path,
        stored.mimetype,
        photos.download_name(item, stored, name),
        attachment=False,
        public=item.status == Status.PUBLISHED,
    )


def contribution_visible(item) -> bool:
    """Template helper: may the current visitor read this contribution's words?

    The one rule of ``permissions.may_read_words``: masked and pending words are for their
    author and the debate's staff.
    """
    return may_read_words(current_user, item)
