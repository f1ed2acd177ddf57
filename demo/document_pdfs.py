"""The demo documents' files: a PDF of several pages for every document of the demo debates
that has none, printed at demo time and stored as an upload is (``forum.documents``).

The texts are in ``demo/data/document_pdfs.yaml``, found by the document's debate and
title; the print template is ``templates/demo/document_print.html``, printed by WeasyPrint
(``synthesis.pdf``). A document with no text there still gets its title page and summary.
Safe to run twice: a document that has a file keeps it.
"""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import Any

from flask import render_template
from flask_babel import force_locale

from demo.content import load
from forum import documents
from forum.extensions import db
from forum.labels import DOCUMENT_KIND
from forum.models import Debate, DebateRole, Document, DocumentFile, Role, User
from forum.sanitize import render_markdown

TEXTS = load("document_pdfs")
# The demo's debates; a synthetic debate (``demo --size``) is left as it is.
DEBATE_SLUGS = (load("tram")["debate"]["slug"], load("cycling")["debate"]["slug"])
UPLOAD_TIME = time(9, 0)


def _text_of(debate: Debate, document: Document) -> dict[str, Any]:
    for text in TEXTS["documents"]:
        if text["debate"] == debate.slug and text["title"] == document.title:
            return text
    return {"author": debate.owner_name, "sections": []}


def document_pdf(debate: Debate, document: Document) -> bytes:
    """The document printed: a title page, then the sections of its text."""
    from synthesis.pdf import html_to_pdf  # WeasyPrint: loaded only when a demo prints

    text = _text_of(debate, document)
    labels = TEXTS["labels"]
    meeting = ""
    if text.get("meeting") and document.meeting_on:
        day = f"{document.meeting_on:%d/%m/%Y}"
        meeting = labels["meeting"].format(date=day, place=document.meeting_place)
    with force_locale("fr"):
        html = render_template(
            "demo/document_print.html",
            debate=debate,
            document=document,
            kind=str(DOCUMENT_KIND[document.kind]),
            meeting=meeting,
            text=text,
            labels=labels,
            sections=[
                {"heading": section["heading"], "html": render_markdown(section["text"])}
                for section in text["sections"]
            ],
        )
    return html_to_pdf(html)


def _uploader(debate: Debate, document: Document) -> User | None:
    """Who sent the file: the document's author, else the role that publishes its kind."""
    if document.uploaded_by_id is not None:
        return db.session.get(User, document.uploaded_by_id)
    owner_kinds = documents.KINDS_BY_ROLE[Role.OWNER]
    role = Role.OWNER if document.kind in owner_kinds else Role.COMMITTEE
    return db.session.scalar(
        db.select(User)
        .join(DebateRole, DebateRole.user_id == User.id)
        .where(DebateRole.debate_id == debate.id, DebateRole.role == role)
        .order_by(User.id)
        .limit(1)
    )


def load_document_pdfs() -> None:
    """Demo loader: a PDF for every document of the demo debates that has no file."""
    written: list[DocumentFile] = []
    debates = db.session.scalars(db.select(Debate).where(Debate.slug.in_(DEBATE_SLUGS)))
    for debate in debates:
        for document in debate.documents:
            if document.file_name:
                continue
            upload = documents.Upload(
                filename="document.pdf", stream=io.BytesIO(document_pdf(debate, document))
            )
            version = documents.add_file(document, upload, _uploader(debate, document))
            # Sent when the document was published, as the page's list of versions shows.
            version.uploaded_at = datetime.combine(document.published_on, UPLOAD_TIME)
            written.append(version)
    documents.commit_or_remove(*written)
