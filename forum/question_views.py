"""Pages of the questions to the project owner, the debate's documents, notifications,
feeds and the mail outbox.

Views stay thin: the right at the boundary (``debate_role_required``), one service call,
a domain error shown next to its field, redirect after POST.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from forum import debates, documents, feeds, mail, notifications, questions
from forum.contributions import list_contributions
from forum.errors import NotAllowed, NotFound, PalabreError
from forum.extensions import csrf, db
from forum.forms import AnswerForm, DocumentForm, IncompleteForm, ReviewForm, preferences_form
from forum.ids import parse_id
from forum.labels import ANSWER_EVENT, CIRCUIT, DOCUMENT_KIND
from forum.models import Contribution, Debate, DocumentKind, Role
from forum.pagination import Ordering
from forum.permissions import has_role, is_admin, is_staff
from forum.uploads import send_private
from forum.views import attach_error

bp = Blueprint("questions", __name__)

FEED_SIZE = 50


# --- Rights at the boundary -------------------------------------------------------------


def _debate_of(kwargs) -> Debate:
    """The debate a route is about: from its ``slug`` or its ``question_id``."""
    try:
        if "slug" in kwargs:
            return debates.get_debate(kwargs["slug"], current_user)
        return questions.get_question(kwargs["question_id"]).debate
    except NotFound:
        abort(404)


def debate_role_required(*roles: Role) -> Callable:
    """Only logged-in holders of one of ``roles`` in the route's debate (or admins)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_role(current_user, _debate_of(kwargs), *roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def admin_required(view: Callable) -> Callable:
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not is_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _debate_or_404(slug: str) -> Debate:
    try:
        return debates.get_debate(slug, current_user)
    except NotFound:
        abort(404)


def _question_or_404(question_id: int) -> Contribution:
    try:
        return questions.get_question(question_id)
    except NotFound:
        abort(404)


def _status_of(error: PalabreError) -> int:
    return 403 if isinstance(error, NotAllowed) else 422


def _upload(field) -> documents.Upload | None:
    data = field.data
    if data is None or not getattr(data, "filename", ""):
        return None
    return documents.Upload(filename=data.filename, stream=data.stream)


@bp.app_context_processor
def question_helpers():
    """Template helpers: the header's "new" marker (never a number), rights for the
    answer block, and the labels of the circuit."""

    def has_new_notifications() -> bool:
        return current_user.is_authenticated and notifications.has_unread(current_user)

    def has_debate_role(debate: Debate, role: str) -> bool:
        # Asked for every question of a thread: once per debate and role in a request.
        known = g.setdefault("question_roles", {})
        if (debate.id, role) not in known:
            known[debate.id, role] = has_role(current_user, debate, Role(role))
        return known[debate.id, role]

    def can_mark_incomplete(view: questions.QuestionView) -> bool:
        return questions.can_mark_incomplete(view.question, view.answer, current_user)

    return {
        "has_new_notifications": has_new_notifications,
        "has_debate_role": has_debate_role,
        "can_mark_incomplete": can_mark_incomplete,
        "circuit_labels": CIRCUIT,
        "event_labels": ANSWER_EVENT,
        "notification_kinds": notifications.KINDS,
        "document_kinds_allowed": lambda debate: documents.kinds_allowed(current_user, debate),
    }


@bp.app_template_filter("localdate")
def localdate(moment):
    """The calendar day of a stored (UTC) timestamp, in the site's time zone."""
    return questions.local_date(moment)


# --- The questions page ----------------------------------------------------------------


@bp.get("/debates/<slug>/questions")
def questions_page(slug: str):
    """A debate's questions to the project owner, by status and theme, in date order,
    with how diligently the owner answers."""
    debate = _debate_or_404(slug)
    status_arg = request.args.get("status")
    status = (
        questions.QuestionStatus(status_arg)
        if status_arg in set(questions.QuestionStatus)
        else None
    )
    theme = next((t for t in debate.themes if t.slug == request.args.get("theme")), None)
    ordering = Ordering.from_args(request.args.get("order"), None)
    if ordering.name == "shuffled":
        ordering = Ordering("oldest")
    result = questions.list_questions(
        debate,
        ordering,
        status=status,
        theme=theme,
        after=request.args.get("after"),
        before=request.args.get("before"),
    )
    return render_template(
        "questions/questions.html",
        debate=debate,
        result=result,
        status=status,
        theme=theme,
        ordering=ordering,
        figures=questions.shown_accountability(debate),
        is_owner=has_role(current_user, debate, Role.OWNER),
        is_staff=is_staff(current_user, debate),
    )


@bp.get("/debates/<slug>/questions/dashboard")
@debate_role_required(Role.COMMITTEE, Role.MODERATOR)
def dashboard(slug: str):
    """For the committee and moderators: overdue and soon-due questions, answers to
    validate and answers sent back."""
    debate = _debate_or_404(slug)
    return render_template(
        "questions/dashboard.html",
        debate=debate,
        board=questions.dashboard(debate),
        can_review=has_role(current_user, debate, Role.COMMITTEE),
    )


@bp.get("/debates/<slug>/questions/to-answer")
@debate_role_required(Role.OWNER)
def owner_inbox(slug: str):
    """For the project owner: the questions to answer, soonest due first."""
    debate = _debate_or_404(slug)
    views = sorted(questions.pending_views(debate), key=lambda v: v.due)
    return render_template("questions/owner_inbox.html", debate=debate, views=views)


@bp.route("/questions/<int:question_id>/answer", methods=["GET", "POST"])
@debate_role_required(Role.OWNER)
def answer(question_id: int):
    """The project owner writes (or revises) the official answer to a question."""
    question = _question_or_404(question_id)
    current = questions.get_answer(question)
    form = AnswerForm()
    if request.method == "GET" and current is not None and current.draft_source:
        form.body.data = current.draft_source
        form.change_note.data = current.draft_note
    status = 200
    if form.validate_on_submit():
        data = questions.AnswerDraft(
            body=form.body.data,
            change_note=form.change_note.data or "",
            annex=_upload(form.annex),
            annex_title=form.annex_title.data or "",
            remove_annex=form.remove_annex.data,
        )
        try:
            if form.send.data:
                questions.submit_answer(question, current_user, data)
            else:
                questions.save_draft(question, current_user, data)
        except PalabreError as error:
            db.session.rollback()
            attach_error(form, error)
            status = _status_of(error)
        else:
            if form.send.data:
                flash(_("The answer was sent to the committee for validation."), "success")
                return redirect(url_for("questions.owner_inbox", slug=question.debate.slug))
            flash(_("Your draft is saved. It is not published."), "success")
            return redirect(url_for("questions.answer", question_id=question.id))
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "questions/answer.html",
            debate=question.debate,
            question=question,
            view=questions.view_of(question, questions.get_answer(question)),
            form=form,
        ),
        status,
    )


@bp.route("/questions/<int:question_id>/review", methods=["GET", "POST"])
@debate_role_required(Role.COMMITTEE)
def review(question_id: int):
    """The committee validates the owner's answer, or sends it back with a comment."""
    question = _question_or_404(question_id)
    form = ReviewForm()
    status = 200
    if form.validate_on_submit():
        try:
            if form.send_back.data:
                questions.send_back(question, current_user, form.comment.data or "")
                flash(_("The answer was sent back to the project owner."), "success")
            else:
                questions.validate_answer(question, current_user)
                flash(_("The answer is published."), "success")
        except PalabreError as error:
            db.session.rollback()
            attach_error(form, error)
            status = _status_of(error)
        else:
            return redirect(url_for("questions.dashboard", slug=question.debate.slug))
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "questions/review.html",
            debate=question.debate,
            question=question,
            view=questions.view_of(question, questions.get_answer(question)),
            form=form,
        ),
        status,
    )


@bp.route("/questions/<int:question_id>/incomplete", methods=["GET", "POST"])
@login_required
def incomplete(question_id: int):
    """The person who asked says the answer is incomplete, and why (once per version)."""
    question = _question_or_404(question_id)
    current = questions.get_answer(question)
    if not questions.can_mark_incomplete(question, current, current_user):
        abort(403)
    form = IncompleteForm()
    status = 200
    if form.validate_on_submit():
        try:
            questions.mark_incomplete(question, current_user, form.reason.data)
        except PalabreError as error:
            db.session.rollback()
            attach_error(form, error)
            status = _status_of(error)
        else:
            flash(_("Thank you. The answer was sent back to the project owner."), "success")
            return redirect(
                url_for(
                    "forum.contribution",
                    contribution_id=question.id,
                    _anchor=f"answer-{question.id}",
                )
            )
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "questions/incomplete.html",
            debate=question.debate,
            question=question,
            view=questions.view_of(question, current),
            form=form,
        ),
        status,
    )


# --- Documents -------------------------------------------------------------------------


@bp.get("/debates/<slug>/documents/<int:document_id>/file")
def document_file(slug: str, document_id: int):
    """The file of a document, served so that no browser runs or re-interprets it."""
    debate = _debate_or_404(slug)
    try:
        document = documents.get_visible(debate, document_id, current_user)
    except NotFound:
        abort(404)
    path = documents.file_path(document)
    if path is None:
        abort(404)
    return send_private(
        path,
        document.file_type or "application/octet-stream",
        documents.download_name(document),
        attachment=document.file_type == "application/pdf",
        public=document.public,
    )


def _document_form(debate: Debate, kinds: list[DocumentKind], obj=None) -> DocumentForm:
    form = DocumentForm(obj=obj)
    form.kind.choices = [SelectChoice(kind.value, DOCUMENT_KIND[kind]) for kind in kinds]
    form.meeting_contributions.choices = [
        SelectChoice(c.id, f"{c.title or _('Reply')} — {c.created_at:%Y-%m-%d}")
        for c in documents.meeting_candidates(debate)
    ]
    return form


def _document_data(form: DocumentForm) -> documents.DocumentData:
    return documents.DocumentData(
        kind=DocumentKind(form.kind.data),
        title=form.title.data,
        summary=form.summary.data or "",
        published_on=form.published_on.data,
        meeting_on=form.meeting_on.data,
        meeting_place=form.meeting_place.data or "",
        meeting_contribution_ids=form.meeting_contributions.data or (),
    )


@bp.route("/debates/<slug>/documents/new", methods=["GET", "POST"])
@debate_role_required(Role.OWNER, Role.COMMITTEE, Role.MODERATOR)
def new_document(slug: str):
    """Publish a document: project file, study, meeting minutes, the committee's notes."""
    debate = _debate_or_404(slug)
    kinds = documents.kinds_allowed(current_user, debate)
    form = _document_form(debate, kinds)
    status = 200
    if form.validate_on_submit():
        try:
            document = documents.create_document(
                debate, current_user, _document_data(form), _upload(form.file)
            )
        except PalabreError as error:
            db.session.rollback()
            attach_error(form, error)
            status = _status_of(error)
        else:
            flash(_("The document is published."), "success")
            return redirect(url_for("forum.document", slug=debate.slug, document_id=document.id))
    elif form.is_submitted():
        status = 422
    return render_template("questions/document_form.html", debate=debate, form=form), status


@bp.route("/debates/<slug>/documents/<int:document_id>/edit", methods=["GET", "POST"])
@debate_role_required(Role.OWNER, Role.COMMITTEE, Role.MODERATOR)
def edit_document(slug: str, document_id: int):
    """Change a document: its details, its file, the contributions its minutes list."""
    debate = _debate_or_404(slug)
    try:
        document = documents.get_visible(debate, document_id, current_user)
    except NotFound:
        abort(404)
    if not documents.can_edit(current_user, document):
        abort(403)
    form = _document_form(debate, documents.kinds_allowed(current_user, debate), obj=document)
    if request.method == "GET":
        form.kind.data = document.kind.value
        form.summary.data = document.summary_source
        form.meeting_contributions.data = documents.linked_ids(document)
    status = 200
    if form.validate_on_submit():
        try:
            documents.update_document(
                document, current_user, _document_data(form), _upload(form.file)
            )
        except PalabreError as error:
            db.session.rollback()
            attach_error(form, error)
            status = _status_of(error)
        else:
            flash(_("The document is saved."), "success")
            return redirect(url_for("forum.document", slug=debate.slug, document_id=document.id))
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "questions/document_form.html", debate=debate, form=form, document=document
        ),
        status,
    )


# --- Feeds -----------------------------------------------------------------------------


def _atom(body: bytes) -> Response:
    response = Response(body, mimetype="application/atom+xml")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _contribution_entries(items) -> list[feeds.Entry]:
    entries = []
    for item in items:
        link = url_for("forum.contribution", contribution_id=item.id, _external=True)
        entries.append(
            feeds.Entry(
                id=link,
                title=item.title or _("Reply in the debate"),
                link=link + f"#c{item.id}",
                updated=item.published_at or item.created_at,
                published=item.published_at or item.created_at,
                author=item.author.pseudonym if item.author else _("deleted participant"),
                content_html=item.body_html,
            )
        )
    return entries


def _latest(debate: Debate, theme=None) -> list[Contribution]:
    return list_contributions(debate, Ordering("newest"), theme=theme, per_page=FEED_SIZE).items


@bp.get("/debates/<slug>/feed.atom")
def debate_feed(slug: str):
    """The latest contributions of a debate, as an Atom feed."""
    debate = _debate_or_404(slug)
    body = feeds.build_feed(
        feed_id=url_for("forum.debate", slug=debate.slug, _external=True),
        title=debate.title,
        subtitle=_("Latest contributions to the debate"),
        self_url=request.url,
        alternate_url=url_for("forum.debate_contributions", slug=debate.slug, _external=True),
        entries=_contribution_entries(_latest(debate)),
        fallback_updated=debate.created_at,
    )
    return _atom(body)


@bp.get("/debates/<slug>/themes/<theme_slug>/feed.atom")
def theme_feed(slug: str, theme_slug: str):
    """The latest contributions under one theme, as an Atom feed."""
    debate = _debate_or_404(slug)
    try:
        theme = debates.get_theme(debate, theme_slug)
    except NotFound:
        abort(404)
    body = feeds.build_feed(
        feed_id=url_for("forum.theme", slug=debate.slug, theme_slug=theme.slug, _external=True),
        title=f"{theme.name} — {debate.title}",
        subtitle=_("Latest contributions on this theme"),
        self_url=request.url,
        alternate_url=url_for(
            "forum.theme", slug=debate.slug, theme_slug=theme.slug, _external=True
        ),
        entries=_contribution_entries(_latest(debate, theme)),
        fallback_updated=debate.created_at,
    )
    return _atom(body)


@bp.get("/debates/<slug>/answers.atom")
def answers_feed(slug: str):
    """The project owner's published answers (and their revisions), as an Atom feed."""
    debate = _debate_or_404(slug)
    owner = debate.owner_name or _("The project owner")
    entries = []
    for version in questions.answered_versions(debate, limit=FEED_SIZE):
        question = version.answer.question
        link = url_for("forum.contribution", contribution_id=question.id, _external=True)
        title = question.title or _("(question without a title)")
        content = version.body_html
        if version.number > 1 and version.change_note:
            content = f"<p><em>{_('Revised answer')}</em></p>{content}"
        entries.append(
            feeds.Entry(
                id=f"{link}#answer-{question.id}-{version.number}",
                title=(
                    _("Revised answer: %(title)s", title=title)
                    if version.number > 1
                    else _("Answer: %(title)s", title=title)
                ),
                link=f"{link}#answer-{question.id}",
                updated=version.published_at,
                published=version.published_at,
                author=owner,
                content_html=content,
            )
        )
    body = feeds.build_feed(
        feed_id=url_for(
            "questions.questions_page", slug=debate.slug, status="answered", _external=True
        ),
        title=_("Answers of the project owner — %(debate)s", debate=debate.title),
        self_url=request.url,
        alternate_url=url_for(
            "questions.questions_page", slug=debate.slug, status="answered", _external=True
        ),
        entries=entries,
        fallback_updated=debate.created_at,
    )
    return _atom(body)


# --- Notifications ---------------------------------------------------------------------


@bp.get("/notifications")
@login_required
def notifications_page():
    """What concerns me: answers, replies, moderation decisions, newest first."""
    before = parse_id(request.args.get("before"))
    page = notifications.page_for(current_user, before=before)
    return render_template("questions/notifications.html", page=page)


@bp.post("/notifications/read")
@login_required
def mark_read():
    """Mark all my notifications as read (the "new" marker goes away)."""
    if FlaskForm().validate_on_submit():
        notifications.mark_all_read(current_user)
        flash(_("All your notifications are marked as read."), "success")
    return redirect(url_for("questions.notifications_page"))


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
        return redirect(url_for("questions.preferences"))
    return render_template(
        "questions/preferences.html",
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
    return render_template("questions/unsubscribe.html", token=token, label=label, done=False)


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # the signed token is the proof; mail clients post here (RFC 8058)
def unsubscribe(token: str):
    """Stop the e-mails the token names, in one click, without logging in."""
    try:
        _user, kind = notifications.unsubscribe(token)
    except NotFound:
        abort(404)
    label = notifications.KINDS.get(kind)
    return render_template("questions/unsubscribe.html", token=token, label=label, done=True)


# --- The outbox (no SMTP server configured) -------------------------------------------------


@bp.get("/admin/outbox")
@admin_required
def outbox():
    """For administrators: the e-mails written to the outbox folder, newest first."""
    return render_template(
        "questions/outbox.html",
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
    return render_template("questions/outbox_message.html", message=message)
