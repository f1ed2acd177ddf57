"""Documents of a debate: uploads checked by content and size, stored outside static/,
served with safe headers; meeting minutes with their date, place and contributions."""

from __future__ import annotations

from pathlib import Path

import pytest

from forum import documents
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Channel, Document, DocumentKind, Role
from tests import builders
from tests.builders_questions import PDF_BYTES, PNG_BYTES, form_file, upload
from tests.conftest import post_form

MAX_BYTES = 4096


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_MAX_UPLOAD_BYTES": MAX_BYTES}


@pytest.fixture
def debate(app):
    return builders.make_debate("tram")


@pytest.fixture
def member(debate):
    user = builders.make_user()
    builders.grant(user, debate, Role.COMMITTEE)
    return user


def _publish(client, data, **files):
    payload = {"kind": "study", "title": "Étude de trafic", "summary": "Résumé.", **data, **files}
    return post_form(
        client, "/debates/tram/documents/new", payload, content_type="multipart/form-data"
    )


def _stored_files(app) -> list[Path]:
    folder = Path(app.instance_path) / "uploads"
    return [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []


def test_a_pdf_is_published_stored_under_a_random_name_and_served_safely(
    app, client, login_as, member
):
    login_as(member)
    response = _publish(client, {}, file=form_file(PDF_BYTES, "étude trafic.pdf"))
    assert response.status_code == 302, response.get_data(as_text=True)
    doc = db.session.scalar(db.select(Document).where(Document.title == "Étude de trafic"))
    assert doc.file_type == "application/pdf" and doc.file_size == len(PDF_BYTES)
    stored = _stored_files(app)
    assert [p.name for p in stored] == [doc.file_name]
    assert "trafic" not in doc.file_name and doc.file_name.endswith(".pdf")
    static = Path(app.static_folder).resolve()
    assert static not in stored[0].resolve().parents

    page = client.get(f"/debates/tram/documents/{doc.id}").get_data(as_text=True)
    file_url = f"/debates/tram/documents/{doc.id}/file"
    assert file_url in page
    client.delete_cookie("session")
    served = client.get(file_url)
    assert served.status_code == 200 and served.data == PDF_BYTES
    assert served.mimetype == "application/pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert "tude de trafic.pdf" in served.headers["Content-Disposition"]
    policy = served.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def test_an_image_is_shown_inline_with_the_same_headers(client, login_as, member):
    login_as(member)
    _publish(client, {"title": "Photo du site"}, file=form_file(PNG_BYTES, "site.png"))
    doc = db.session.scalar(db.select(Document).where(Document.title == "Photo du site"))
    served = client.get(f"/debates/tram/documents/{doc.id}/file")
    assert served.mimetype == "image/png"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "rapport.pdf"),  # a page posing as a PDF
        (b"MZ\x90\x00\x03\x00\x00\x00", "rapport.pdf"),  # a program posing as a PDF
        (PNG_BYTES, "rapport.pdf"),  # an image under a PDF's name
        (PDF_BYTES, "rapport.html"),  # a PDF under a page's name
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "plan.svg"),
        (b"", "vide.pdf"),
    ],
)
def test_a_disguised_or_unknown_file_is_refused_and_nothing_is_kept(
    app, client, login_as, member, data, name
):
    login_as(member)
    response = _publish(client, {"title": "Titre gardé"}, file=form_file(data, name))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html
    assert 'value="Titre gardé"' in html  # what was typed is kept
    assert db.session.scalar(db.select(Document).where(Document.title == "Titre gardé")) is None
    assert _stored_files(app) == []


def test_a_file_over_the_size_limit_is_refused(app, debate, member):
    too_big = PDF_BYTES + b"0" * MAX_BYTES
    data = documents.DocumentData(kind=DocumentKind.STUDY, title="Trop lourd")
    with pytest.raises(InvalidInput) as refused:
        documents.create_document(debate, member, data, upload(too_big))
    assert refused.value.field == "file"
    db.session.rollback()
    assert _stored_files(app) == []
    exactly = PDF_BYTES + b"0" * (MAX_BYTES - len(PDF_BYTES))
    documents.create_document(debate, member, data, upload(exactly))
    assert len(_stored_files(app)) == 1


def test_minutes_need_a_date_and_a_place_and_list_what_was_said_there(debate, client, login_as):
    moderator = builders.make_user()
    builders.grant(moderator, debate, Role.MODERATOR)
    said = builders.make_contribution(
        debate, builders.make_user(), title="Dit en réunion", channel=Channel.PUBLIC_MEETING
    )
    online = builders.make_contribution(debate, builders.make_user(), title="Écrit en ligne")
    login_as(moderator)
    form = client.get("/debates/tram/documents/new").get_data(as_text=True)
    assert "Dit en réunion" in form and "Écrit en ligne" not in form

    base = {"kind": "minutes", "title": "Réunion de Saint-Orens"}
    missing = _publish(client, base)
    assert missing.status_code == 422 and 'id="meeting_on-error"' in missing.get_data(as_text=True)
    done = _publish(
        client,
        {
            **base,
            "meeting_on": "2026-03-12",
            "meeting_place": "Espace Vaurèze",
            "meeting_contributions": [said.id],
        },
        file=form_file(),
    )
    assert done.status_code == 302, done.get_data(as_text=True)
    doc = db.session.scalar(db.select(Document).where(Document.kind == DocumentKind.MINUTES))
    page = client.get(f"/debates/tram/documents/{doc.id}").get_data(as_text=True)
    assert "Espace Vaurèze" in page and 'datetime="2026-03-12"' in page
    assert f"/contributions/{said.id}" in page
    assert f"/debates/tram/documents/{doc.id}/file" in page

    data = documents.DocumentData(
        kind=DocumentKind.MINUTES,
        title="Autre",
        meeting_on=doc.meeting_on,
        meeting_place="Ici",
        meeting_contribution_ids=[online.id],
    )
    with pytest.raises(InvalidInput):
        documents.create_document(debate, moderator, data)


def test_a_document_can_be_completed_later_with_its_file(debate, client, login_as, member):
    doc = documents.create_document(
        debate, member, documents.DocumentData(kind=DocumentKind.COMMITTEE_NOTES, title="Note")
    )
    login_as(member)
    url = f"/debates/tram/documents/{doc.id}/edit"
    assert 'value="Note"' in client.get(url).get_data(as_text=True)
    response = post_form(
        client,
        url,
        {"kind": "committee_notes", "title": "Note de la commission", "file": form_file()},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.refresh(doc)
    assert doc.title == "Note de la commission" and doc.file_type == "application/pdf"


def test_the_debate_page_lists_public_documents_but_not_answer_annexes(debate, client, member):
    documents.create_document(
        debate, member, documents.DocumentData(kind=DocumentKind.STUDY, title="Étude publique")
    )
    annex = documents.store_annex(debate, member, upload(), "Annexe privée")
    db.session.commit()
    html = client.get("/debates/tram").get_data(as_text=True)
    assert "Étude publique" in html and "Annexe privée" not in html
    assert client.get(f"/debates/tram/documents/{annex.id}/file").status_code == 404
