"""Pages of the questions to the project owner: the questions page, the owner's inbox, the
committee's dashboard, answering, validating, judging an answer incomplete, and the feed
of the owner's answers.

Views stay thin: the right at the boundary (``forum.web.requires_debate_role``), one
service call, a domain error shown next to its field, redirect after POST.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum import documents, feeds, reminders
from forum.contributions import published
from forum.errors import NotFound, PalabreError
from forum.extensions import db
from forum.models import Contribution, Debate, Role
from forum.pagination import Ordering
from forum.permissions import has_role, is_staff, roles_in
from forum.web import attach_error, debate_or_404, requires_debate_role, status_of
from questions import circuit as questions
from questions import overview
from questions import reminders as deadline_reminders
from questions.forms import AnswerForm, IncompleteForm, ReviewForm
from questions.labels import ANSWER_EVENT, CIRCUIT

bp = Blueprint("questions", __name__)

FEED_SIZE = 50


# --- Rights at the boundary -------------------------------------------------------------


def _debate_of_question(kwargs) -> Debate | None:
    """The debate of the route's ``question_id`` (for ``requires_debate_role``)."""
    try:
        return questions.get_question(kwargs["question_id"]).debate
    except NotFound:
        return None


def _question_or_404(question_id: int) -> Contribution:
    try:
        return questions.get_question(question_id)
    except NotFound:
        abort(404)


def _upload(field) -> documents.Upload | None:
    data = field.data
    if data is None or not getattr(data, "filename", ""):
        return None
    return documents.Upload(filename=data.filename, stream=data.stream)


@bp.record_once
def _install(state) -> None:
    """What the question circuit adds to the rest of the site: the answer block under each
    question of a thread (``forum.thread_page``), the link to the owner's inbox on the
    debate page, the project owner's hand on every question published, however it is
    (``forum.contributions.published``), and the deadline reminders of ``flask
    send-reminders`` (``forum.reminders``)."""
    state.app.jinja_env.globals["answers_in_thread"] = questions.views_in_thread
    state.app.jinja_env.globals["owner_inbox_url"] = _owner_inbox_url
    published.connect(_hand_to_owner)
    reminders.register(deadline_reminders.send_deadline_reminders)


def _owner_inbox_url(debate: Debate) -> str:
    """The inbox's address for the debate's project owner; empty for anyone else (an
    administrator too: the link is the owner's way in, not a staff tool)."""
    if Role.OWNER not in roles_in(current_user, debate):
        return ""
    return url_for("questions.owner_inbox", slug=debate.slug)


def _hand_to_owner(contribution: Contribution, **_extra) -> None:
    questions.send_to_owner(contribution)


@bp.app_context_processor
def question_helpers():
    """Template helpers: rights for the answer block, and the labels of the circuit."""

    def has_debate_role(debate: Debate, role: str) -> bool:
        # Asked for every question of a thread: once per debate and role in a request.
        known = g.setdefault("question_roles", {})
        if (debate.id, role) not in known:
            known[debate.id, role] = has_role(current_user, debate, Role(role))
        return known[debate.id, role]

    def can_mark_incomplete(view: questions.QuestionView) -> bool:
        return questions.can_mark_incomplete(view.question, view.answer, current_user)

    return {
        "has_debate_role": has_debate_role,
        "can_mark_incomplete": can_mark_incomplete,
        "circuit_labels": CIRCUIT,
        "event_labels": ANSWER_EVENT,
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
    debate = debate_or_404(slug)
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
    result = overview.list_questions(
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
        figures=overview.shown_accountability(debate),
        is_owner=has_role(current_user, debate, Role.OWNER),
        is_staff=is_staff(current_user, debate),
    )


@bp.get("/debates/<slug>/questions/dashboard")
@requires_debate_role(Role.COMMITTEE, Role.MODERATOR)
def dashboard(debate: Debate):
    """For the committee and moderators: overdue and soon-due questions, answers to
    validate and answers sent back."""
    return render_template(
        "questions/dashboard.html",
        debate=debate,
        board=overview.dashboard(debate),
        can_review=has_role(current_user, debate, Role.COMMITTEE),
    )


@bp.get("/debates/<slug>/questions/to-answer")
@requires_debate_role(Role.OWNER)
def owner_inbox(debate: Debate):
    """For the project owner: the questions to answer, overdue ones first, each marked
    overdue or due soon with its due date in words."""
    items = overview.owner_inbox(debate)
    return render_template(
        "questions/owner_inbox.html",
        debate=debate,
        views=[item.view for item in items],
        marks={item.view.question.id: item for item in items},
    )


@bp.route("/questions/<int:question_id>/answer", methods=["GET", "POST"])
@requires_debate_role(Role.OWNER, debate_of=_debate_of_question)
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
            status = status_of(error)
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
@requires_debate_role(Role.COMMITTEE, debate_of=_debate_of_question)
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
            status = status_of(error)
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
            status = status_of(error)
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


# --- Feeds -----------------------------------------------------------------------------


def _atom(body: bytes) -> Response:
    response = Response(body, mimetype="application/atom+xml")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/debates/<slug>/answers.atom")
def answers_feed(slug: str):
    """The project owner's published answers (and their revisions), as an Atom feed."""
    debate = debate_or_404(slug)
    owner = debate.owner_name or _("The project owner")
    entries = []
    for version in overview.answered_versions(debate, limit=FEED_SIZE):
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


