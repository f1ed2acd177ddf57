"""A debate's documents: their files, served so that nothing runs, and the forms with which
the project owner, the committee and the moderators publish and change them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum import documents
from forum.errors import NotFound, PalabreError
from forum.extensions import db
from forum.forms import DocumentForm
from forum.labels import DOCUMENT_KIND
from forum.models import Debate, DocumentKind, Role
from forum.uploads import send_private
from forum.web import attach_error, debate_or_404, requires_debate_role, status_of

bp = Blueprint("documents", __name__)

EDITORS = (Role.OWNER, Role.COMMITTEE, Role.MODERATOR)


def _upload(field) -> documents.Upload | None:
    data = field.data
    if data is None or not getattr(data, "filename", ""):
        return None
    return documents.Upload(filename=data.filename, stream=data.stream)


@bp.app_context_processor
def document_helpers():
    """The kinds of document the reader may publish in a debate (the debate page's link)."""
    return {"document_kinds_allowed": lambda debate: documents.kinds_allowed(current_user, debate)}


@bp.get("/debates/<slug>/documents/<int:document_id>/file")
def document_file(slug: str, document_id: int):
    """The file of a document, served so that no browser runs or re-interprets it."""
    debate = debate_or_404(slug)
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
    status = 200
    if form.validate_on_submit():
        try:
            document = documents.create_document(
                debate, current_user, _document_data(form), _upload(form.file)
            )
        except PalabreError as error:
            db.session.rollback()
            attach_error(form, error)
            status = status_of(error)
        else:
            flash(_("The document is published."), "success")
            return redirect(url_for("forum.document", slug=debate.slug, document_id=document.id))
    elif form.is_submitted():
        status = 422
    return render_template("forum/document_form.html", debate=debate, form=form), status


@bp.route("/debates/<slug>/documents/<int:document_id>/edit", methods=["GET", "POST"])
@requires_debate_role(*EDITORS)
def edit_document(debate: Debate, document_id: int):
    """Change a document: its details, its file, the contributions its minutes list."""
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
            status = status_of(error)
        else:
            flash(_("The document is saved."), "success")
            return redirect(url_for("forum.document", slug=debate.slug, document_id=document.id))
    elif form.is_submitted():
        status = 422
    return (
        render_template(
            "forum/document_form.html", debate=debate, form=form, document=document
        ),
        status,
    )
