"""Every document of the demo downloads as a PDF of several pages of readable French text,
printed at demo time and stored as an upload is (``demo.document_pdfs``)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from demo.cli import demo_loaders, reindex_demo
from demo.document_pdfs import load_document_pdfs
from forum.extensions import db
from forum.models import Debate, Document, DocumentFile, User
from tests.conftest import login

# Words any page of French prose uses, whatever it is about.
FRENCH = re.compile(r"\b(le|la|les|des|du|et|une|est|pour)\b")


def _text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_every_demo_document_downloads_as_a_pdf_of_readable_french(app, client):
    # The search index is rebuilt by the last loader: not what this test is about.
    for loader in demo_loaders():
        if loader is not reindex_demo:
            loader()
    rows = db.session.execute(
        db.select(Document, Debate.slug).join(Debate, Debate.id == Document.debate_id)
    ).all()
    assert len(rows) >= 8  # project files, studies, minutes, an annex, the committee's note
    versions = db.session.scalar(db.select(db.func.count()).select_from(DocumentFile))
    assert versions == len(rows)  # each file stored as an upload: its version 1
    committee = db.session.scalar(db.select(User).where(User.email == "commission@palabre.example"))
    login(client, committee, "palabre-demo-2026")  # sees the annexes not yet public too

    for document, slug in rows:
        response = client.get(f"/debates/{slug}/documents/{document.id}/file")
        assert response.status_code == 200, document.title
        assert response.mimetype == "application/pdf"
        pages, text = _text(response.data)
        assert pages >= 2, document.title
        words = " ".join(text.split())
        assert " ".join(document.title.split()) in words, document.title
        assert len(FRENCH.findall(words)) >= 30 and "é" in words, document.title
        assert "Document fictif" in words

    # Run again, nothing is printed twice.
    load_document_pdfs()
    again = db.session.scalar(db.select(db.func.count()).select_from(DocumentFile))
    assert again == versions
