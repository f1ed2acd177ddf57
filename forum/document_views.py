"""A debate's documents: their files, served so that nothing runs, and the forms with which
the project owner, the committee and the moderators publish and change them."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from forum import documents
from forum.errors import NotFound, PalabreError
from forum.extensions import db
from forum.forms import DocumentForm, ReplaceFileForm
from forum.labels import DOCUMENT_KIND
from forum.models import Debate, Document, DocumentFile, DocumentKind, Role
from forum.permissions import has_role
from forum.uploads import send_private
from forum.web import (
    COMMITTEE,
    attach_error,
    debate_or_404,
    requires_debate_role,
    status_of,
)

bp = Blueprint("documents", __name__)

EDITORS = (Role.OWNER, Role.COMMITTEE, Role.MODERATOR)


def _upload(field) -> documents.Upload | None:
    data = field.data
    if data is None or not getattr(data, "filename", ""):
        return None
    return documents.Upload(filename=data.filename, stream=data.stream)


# Who sees the list of every document of a debate: those who publish its project file,
# studies and notes (moderators publish minutes, from the debate page).
MANAGERS = (Role.OWNER, *COMMITTEE)


@bp.app_context_processor
def document_helpers():
    """The kinds of document the reader may publish in a debate, and whether they see the
    list of its documents (the debate page's links)."""
    return {
        "document_kinds_allowed": lambda debate: documents.kinds_allowed(current_user, debate),
        "can_manage_documents": lambda debate: has_role(current_user, debate, *MANAGERS),
    }


def _visible_or_404(debate: Debate, document_id: int) -> Document:
    try:
        return documents.get_visible(debate, document_id, current_user)
    except NotFound:
        abort(404)


def _send(document: Document, stored: Document | DocumentFile, name: str, max_age: int):
    path = documents.file_path(stored)
    if path is None:
        abort(404)
    return send_private(
        path,
        stored.file_type or "application/octet-stream",
        name,
        attachment=stored.file_type == "application/pdf",
        public=document.public,
        max_age=max_age,
    )


@bp.get("/debates/<slug>/documents/<int:document_id>/file")
def document_file(slug: str, document_id: int):
    """The current file of a document, served so that no browser runs or re-interprets it."""
    document = _visible_or_404(debate_or_404(slug), document_id)
    # A new version may replace it at any time: the browser asks again each time (a
    # ``304`` when it holds the current file), where a numbered version never changes.
    return _send(document, document, documents.download_name(document), max_age=0)


@bp.get("/debates/<slug>/documents/<int:document_id>/versions/<int:version>/file")
def version_file(slug: str, document_id: int, version: int):
    """An earlier (or the current) version of a document's file, to whoever may see the
    document: a private annex's versions are as private as its current file."""
    document = _visible_or_404(debate_or_404(slug), document_id)
    try:
        stored = documents.version_of(document, version)
    except NotFound:
        abort(404)
    return _send(document, stored, documents.download_name(document, stored), max_age=3600)


def _save_form(
    form: FlaskForm, debate: Debate, save: Callable[[], int], message: str
) -> tuple[Response | None, int]:
    """On a valid form, ``save`` (which returns the document's id) and the way to its page;
    otherwise no way on, and the status to show the form with (its refusal by the field)."""
    if not form.validate_on_submit():
        return None, 422 if form.is_submitted() else 200
    try:
        document_id = save()
    except PalabreError as error:
        db.session.rollback()
        attach_error(form, error)
        return None, status_of(error)
    flash(message, "success")
    return redirect(url_for("forum.document", slug=debate.slug, document_id=document_id)), 302


def _document_form(debate: Debate, kinds: list[DocumentKind], obj=None) -> DocumentForm:
    form = DocumentForm(obj=obj)
    form.kind.choices = [SelectChoice(kind.value, DOCUMENT_KIND[kind]) for kind in kinds]
    form.meeting_contributions.choices = [
        SelectChoice(c.id, f"{c.title or _('Reply')} — {format_date(c.created_at)}")
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
@requires_debate_role(*EDITORS)
def new_document(debate: Debate):
    """Publish a document: project file, study, meeting minutes, the committee's notes."""
    kinds = documents.kinds_allowed(current_user, debate)
    form = _document_form(debate, kinds)
    done, status = _save_form(
        form,
        debate,
        lambda: documents.create_document(
            debate, current_user, _document_data(form), _upload(form.file)
        ).id,
        _("The document is published."),
    )
    if done is not None:
        return done
    return render_template("forum/document_form.html", debate=debate, form=form), status


@bp.route("/debates/<slug>/documents/<int:document_id>/edit", methods=["GET", "POST"])
@requires_debate_role(*EDITORS)
def edit_document(debate: Debate, document_id: int):
    """Change a document: its details, its file, the contributions its minutes list."""
    document = _visible_or_404(debate, document_id)
    if not documents.can_edit(current_user, document):
        abort(403)
    form = _document_form(debate, documents.kinds_allowed(current_user, debate), obj=document)
    if request.method == "GET":
        form.kind.data = document.kind.value
        form.summary.data = document.summary_source
        form.meeting_contributions.data = documents.linked_ids(document)
    done, status = _save_form(
        form,
        debate,
        lambda: documents.update_document(
            document, current_user, _document_data(form), _upload(form.file)
        ).id,
        _("The document is saved."),
    )
    if done is not None:
        return done
    return (
        render_template(
            "forum/document_form.html", debate=debate, form=form, document=document
        ),
        status,
    )


@bp.route("/debates/<slug>/documents/<int:document_id>/replace", methods=["GET", "POST"])
@requires_debate_role(*EDITORS)
def replace_file(debate: Debate, document_id: int):
    """Upload a new version of a document's file; the old ones stay on the document's page."""
    document = _visible_or_404(debate, document_id)
    if not documents.can_edit(current_user, document):
        abort(403)
    form = ReplaceFileForm()
    done, status = _save_form(
        form,
        debate,
        lambda: documents.replace_file(
            document, current_user, _upload(form.file), form.note.data or ""
        ).document_id,
        _("The new version of the file is published."),
    )
    if done is not None:
        return done
    return (
        render_template(
            "forum/document_replace.html", debate=debate, form=form, document=document
        ),
        status,
    )


@bp.get("/manage/<slug>/documents")
@requires_debate_role(*MANAGERS)
def manage_documents(debate: Debate):
    """Every document of the debate, public or not, for those who publish them."""
    return render_template(
        "forum/documents_manage.html",
        debate=debate,
        documents=documents.all_documents(debate),
        can_edit=lambda document: documents.can_edit(current_user, document),
    )
