"""PDFs that carry active content (JavaScript at opening, actions on events, launched
programs, attached files) are refused on every route that accepts a PDF, with a message and
the form's text kept; nothing of them is stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from forum.extensions import db
from forum.models import Document, Role
from forum.pdf_check import active_content
from tests import builders
from tests.builders_moderation import make_team, offline_entry
from tests.builders_questions import make_question, staff
from tests.conftest import login, post_form

MESSAGE = "contient du contenu actif"


def _javascript() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('ouvert');"),
        }
    )


def _pdf(active: str) -> bytes:
    """A one-page PDF made with pypdf, carrying the ``active`` content asked for."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    if active == "open-action":
        writer.root_object[NameObject("/OpenAction")] = _javascript()
    elif active == "page-action":  # /AA: run when the page is opened
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _javascript()})
    elif active == "launch":
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("x")}
        )
    elif active == "attachment":
        writer.add_attachment("lisez-moi.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if active == "escaped":  # the same /OpenAction, its name written with #xx escapes
        data = _pdf("open-action").replace(b"/OpenAction", b"/Op#65nA#63tion")
    return data


ACTIVE = ("open-action", "page-action", "launch", "attachment", "escaped")


def test_the_check_finds_active_content_and_passes_a_plain_pdf():
    assert active_content(_pdf("plain")) == set()
    for active in ACTIVE:
        assert active_content(_pdf(active)), active


def _send(client, url: str, fields: dict, **files: tuple[str, str]):
    """Post a form with files given as (active content, file name), as a browser would."""
    sent = {
        name: (io.BytesIO(_pdf(active)), filename) for name, (active, filename) in files.items()
    }
    return post_form(client, url, {**fields, **sent}, content_type="multipart/form-data")


def _stored(app, folder: str) -> list[bytes]:
    path = Path(app.instance_path) / folder
    return [p.read_bytes() for p in path.iterdir() if p.is_file()] if path.is_dir() else []


@pytest.mark.parametrize("active", ACTIVE)
def test_a_document_with_active_content_is_refused(app, client, active):
    debate = builders.make_debate("tram")
    member = builders.make_user()
    builders.grant(member, debate, Role.COMMITTEE)
    login(client, member)
    fields = {"kind": "study", "title": "Étude de trafic", "summary": "Un résumé précis."}

    response = _send(client, "/debates/tram/documents/new", fields, file=(active, "etude.pdf"))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert MESSAGE in html
    assert 'value="Étude de trafic"' in html and "Un résumé précis." in html
    assert _stored(app, "uploads") == []
    plain = _send(client, "/debates/tram/documents/new", fields, file=("plain", "etude.pdf"))
    assert plain.status_code == 302
    assert len(_stored(app, "uploads")) == 1  # the same form with a plain PDF passes


def test_a_document_edit_refuses_active_content(app, client):
    debate = builders.make_debate("tram")
    member = builders.make_user()
    builders.grant(member, debate, Role.COMMITTEE)
    doc = builders.make_document(debate, title="Note")
    file_before = doc.file_name
    login(client, member)

    fields = {"kind": "committee_notes", "title": "Note de la commission"}
    url = f"/debates/tram/documents/{doc.id}/edit"

    response = _send(client, url, fields, file=("page-action", "note.pdf"))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert MESSAGE in html and 'value="Note de la commission"' in html
    db.session.refresh(doc)
    assert (doc.title, doc.file_name) == ("Note", file_before)


def test_an_answer_annex_with_active_content_is_refused(app, client):
    debate = builders.make_debate("tram")
    owner, _member, _moderator = staff(debate)
    question = make_question(debate, builders.make_user("Sofiane"))
    login(client, owner)

    fields = {"body": "Voir le plan joint.", "annex_title": "Plan des horaires", "send": "1"}
    url = f"/questions/{question.id}/answer"

    response = _send(client, url, fields, annex=("open-action", "plan.pdf"))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert MESSAGE in html and "Voir le plan joint." in html and "Plan des horaires" in html
    assert (
        db.session.scalar(db.select(Document).where(Document.title == "Plan des horaires")) is None
    )
    assert _stored(app, "uploads") == []


@pytest.mark.parametrize("active", ("open-action", "page-action"))
def test_a_scan_with_active_content_is_refused(app, client, active):
    team = make_team("tram")
    login(client, team.moderator)
    fields = offline_entry(team, title="Un cahier d'acteur scanné")

    response = _send(client, "/moderation/tram/offline", fields, scan=(active, "cahier.pdf"))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert (
        MESSAGE in html
        and "Un cahier d&#39;acteur scanné" in html
        or (MESSAGE in html and "Un cahier d'acteur scanné" in html)
    )
    assert _stored(app, "scans") == []
