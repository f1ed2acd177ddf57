"""A document's file in versions: replacing it keeps the old one reachable, the page says
which is current, refusals keep what was typed, nothing is half-saved; the staff's list of
every document of a debate; the migration that makes each existing file its version 1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask_migrate import upgrade
from pypdf import PdfWriter
from sqlalchemy import MetaData, event, select

from forum import documents, privacy
from forum.extensions import db
from forum.models import Document, DocumentFile, DocumentKind
from tests import builders
from tests.builders_questions import form_file, staff, upload
from tests.conftest import login, post_form
from tests.test_migrations_upgrade import (  # noqa: F401 (fixtures)
    WHEN,
    _insert,
    empty_database,
    old_app,
)
from tests.test_revalidation import again, tagged
from tests.test_uploads_pdf_active import _pdf as active_pdf


def pdf(width: int) -> bytes:
    """A plain one-page PDF; each width gives other bytes (one version from another)."""
    writer = PdfWriter()
    writer.add_blank_page(width, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


V1, V2 = pdf(200), pdf(300)


@pytest.fixture
def debate(app):
    return builders.make_debate("tram")


@pytest.fixture
def team(debate):
    return staff(debate)  # owner, committee member, moderator


@pytest.fixture
def project_file(debate, team):
    owner, _member, _moderator = team
    return documents.create_document(
        debate,
        owner,
        documents.DocumentData(kind=DocumentKind.PROJECT_FILE, title="Dossier du projet"),
        upload(V1, "dossier.pdf"),
    )


def _replace(client, document: Document, data: bytes, name: str = "dossier-v2.pdf", note=""):
    url = f"/debates/tram/documents/{document.id}/replace"
    payload = {"file": form_file(data, name), "note": note}
    return post_form(client, url, payload, content_type="multipart/form-data")


def _stored(app) -> set[str]:
    folder = Path(app.instance_path) / "uploads"
    return {p.name for p in folder.iterdir() if p.is_file()} if folder.is_dir() else set()


def test_a_new_version_is_current_and_the_old_one_stays_reachable(app, client, team, project_file):
    owner = team[0]
    first_name = project_file.file_name
    login(client, owner)

    response = _replace(client, project_file, V2, note="Chiffres du trafic mis à jour")

    assert response.status_code == 302, response.get_data(as_text=True)
    versions = db.session.scalars(
        select(DocumentFile).where(DocumentFile.document_id == project_file.id)
    ).all()
    assert sorted(v.version for v in versions) == [1, 2]
    assert first_name in _stored(app)  # the old file is kept

    client.delete_cookie("session")
    page = client.get(f"/debates/tram/documents/{project_file.id}").get_data(as_text=True)
    assert "Versions du fichier" in page
    assert page.index("Version 2") < page.index("Version 1")  # newest first
    assert "version actuelle" in page and "Chiffres du trafic mis à jour" in page
    current = page[page.index("Version 2") : page.index("Version 1")]
    assert "version actuelle" in current
    base = f"/debates/tram/documents/{project_file.id}"
    assert f"{base}/versions/1/file" in page and f"{base}/versions/2/file" in page

    assert client.get(f"{base}/file").data == V2  # the current file is the latest version
    old = client.get(f"{base}/versions/1/file")
    assert old.status_code == 200 and old.data == V1 and old.mimetype == "application/pdf"
    assert old.headers["X-Content-Type-Options"] == "nosniff"
    assert "(v1).pdf" in old.headers["Content-Disposition"]
    assert client.get(f"{base}/versions/2/file").data == V2
    assert client.get(f"{base}/versions/3/file").status_code == 404


def test_an_old_version_of_a_private_annex_is_refused_like_the_current_one(
    app, client, debate, team
):
    owner, member, _moderator = team
    builders.make_debate("voisin")
    annex = documents.store_annex(debate, owner, upload(V1), "Plan")
    documents.commit_or_remove(documents.add_file(annex, upload(V2), owner))
    base = f"/debates/tram/documents/{annex.id}"

    for who in (None, builders.make_user("Camille")):
        client.delete_cookie("session")
        if who is not None:
            login(client, who)
        assert client.get(f"{base}/file").status_code == 404
        assert client.get(f"{base}/versions/1/file").status_code == 404
        assert client.get(f"{base}/versions/2/file").status_code == 404

    client.delete_cookie("session")
    login(client, member)
    old = client.get(f"{base}/versions/1/file")
    assert old.status_code == 200 and old.data == V1
    assert old.headers["Cache-Control"] == "private, no-store"
    # Named through another debate, the annex is not found either.
    assert client.get(f"/debates/voisin/documents/{annex.id}/versions/1/file").status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "dossier.pdf", "Seuls les fichiers PDF"),
        (V2, "dossier.html", "ne correspond pas"),
        (active_pdf("open-action"), "dossier.pdf", "contient du contenu actif"),
    ],
)
def test_a_refused_file_keeps_the_note_and_saves_nothing(
    app, client, team, project_file, data, name, message
):
    login(client, team[1])
    stored_before = _stored(app)

    response = _replace(client, project_file, data, name, note="Carte ajoutée")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="file-error"' in html and message in html
    assert 'value="Carte ajoutée"' in html
    assert "<h1>Remplacer le fichier</h1>" in html
    db.session.expire_all()
    assert [v.version for v in db.session.get(Document, project_file.id).versions] == [1]
    assert _stored(app) == stored_before


def test_no_file_or_a_long_note_is_refused_with_the_text_kept(client, team, project_file):
    login(client, team[1])
    url = f"/debates/tram/documents/{project_file.id}/replace"
    empty = post_form(client, url, {"note": "Sans fichier"}, content_type="multipart/form-data")
    assert empty.status_code == 422
    html = empty.get_data(as_text=True)
    assert "Choisissez le fichier de la nouvelle version." in html
    assert 'value="Sans fichier"' in html
    long = _replace(client, project_file, V2, note="x" * 301)
    assert long.status_code == 422 and 'id="note-error"' in long.get_data(as_text=True)
    assert len(db.session.get(Document, project_file.id).versions) == 1


def test_a_version_taken_at_the_same_moment_leaves_no_file_and_says_so(
    app, client, team, project_file
):
    """Two people replace the file at once: the second commit finds its version number
    taken; its file is removed and the form comes back with a message, never a 500."""
    login(client, team[1])
    stored_before = _stored(app)

    landed: list[bool] = []
    document_id = project_file.id

    def the_other_upload_lands_first(session):
        if landed or not any(isinstance(obj, DocumentFile) for obj in session.new):
            return
        landed.append(True)
        with db.engine.begin() as connection:
            connection.execute(
                DocumentFile.__table__.insert().values(
                    document_id=document_id,
                    version=2,
                    file_name="autre.pdf",
                    file_type="application/pdf",
                    file_size=1,
                    note="",
                    uploaded_at=WHEN,
                )
            )

    event.listen(db.session, "before_commit", the_other_upload_lands_first, insert=True)
    try:
        response = _replace(client, project_file, V2, note="Ma version")
    finally:
        event.remove(db.session, "before_commit", the_other_upload_lands_first)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "au même moment" in html and 'value="Ma version"' in html
    assert _stored(app) == stored_before
    db.session.expire_all()
    names = [v.file_name for v in db.session.get(Document, project_file.id).versions]
    assert names == ["autre.pdf", project_file.file_name]


def test_a_new_version_refreshes_the_debate_and_document_pages_for_visitors(
    client, team, project_file
):
    debate_page = tagged(client, "/debates/tram")
    document_url = f"/debates/tram/documents/{project_file.id}"
    assert "Version 2" not in client.get(document_url).get_data(as_text=True)
    held = client.get(f"{document_url}/file")
    # The current file is asked for again each time; a numbered version may be kept.
    assert held.headers["Cache-Control"] == "private, max-age=0"
    assert client.get(f"{document_url}/versions/1/file").headers["Cache-Control"] == (
        "private, max-age=3600"
    )
    assert again(client, f"{document_url}/file", held.headers["ETag"]).status_code == 304

    documents.replace_file(project_file, team[0], upload(V2), "Nouvelle carte")

    assert again(client, "/debates/tram", debate_page.headers["ETag"]).status_code == 200
    assert "Nouvelle carte" in client.get(document_url).get_data(as_text=True)
    fresh = again(client, f"{document_url}/file", held.headers["ETag"])
    assert fresh.status_code == 200 and fresh.data == V2


def test_the_staff_page_lists_every_document_with_its_current_version(
    client, debate, team, project_file
):
    owner, member, moderator = team
    documents.replace_file(project_file, owner, upload(V2))
    annex = documents.store_annex(debate, owner, upload(V1), "Annexe privée")
    db.session.commit()
    no_file = builders.make_document(debate, title="Note sans fichier", kind=DocumentKind.STUDY)

    login(client, member)
    assert "Tous les documents du débat" in client.get("/debates/tram").get_data(as_text=True)
    page = client.get("/manage/tram/documents")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Les documents du débat</h1>" in html
    for doc in (project_file, annex, no_file):
        assert doc.title in html
    assert "Non public" in html and "Version 2" in html and "Pas de fichier" in html
    replace = f"/debates/tram/documents/{project_file.id}/replace"
    assert replace in html and f"/debates/tram/documents/{project_file.id}/edit" in html
    assert "/debates/tram/documents/new" in html

    client.delete_cookie("session")
    login(client, owner)
    assert client.get("/manage/tram/documents").status_code == 200
    client.delete_cookie("session")
    login(client, moderator)
    assert client.get("/manage/tram/documents").status_code == 403
    assert "Tous les documents du débat" not in client.get("/debates/tram").get_data(
        as_text=True
    )
    assert client.get(replace).status_code == 403  # moderators publish minutes only


def test_a_persons_export_lists_the_versions_they_sent(team, project_file):
    owner, member, _moderator = team
    documents.replace_file(project_file, member, upload(V2), "Carte ajoutée")

    sent_by_member = privacy.export_data(member)["document_files_uploaded"]
    assert [(v["document"], v["version"], v["note"]) for v in sent_by_member] == [
        (project_file.id, 2, "Carte ajoutée")
    ]
    assert [v["version"] for v in privacy.export_data(owner)["document_files_uploaded"]] == [1]


def test_the_migration_makes_each_existing_file_its_version_1(old_app):  # noqa: F811
    upgrade(revision="0013")
    tables = MetaData()
    tables.reflect(bind=db.engine)
    t = tables.tables
    _insert(t, "users", id=1, email="mo@example.org", pseudonym="MO", pseudonym_key="mo")
    _insert(t, "debates", id=1, slug="tram", title="Tram", phase="open")
    with_file = dict(debate_id=1, kind="study", title="Étude", created_at=WHEN)
    _insert(
        t,
        "documents",
        id=1,
        **with_file,
        file_name="abc.pdf",
        file_type="application/pdf",
        file_size=1234,
        uploaded_by_id=1,
    )
    _insert(t, "documents", id=2, debate_id=1, kind="study", title="Sans fichier")
    db.session.commit()
    db.session.remove()

    upgrade()

    versions = db.session.scalars(select(DocumentFile)).all()
    assert [
        (v.document_id, v.version, v.file_name, v.file_type, v.file_size, v.uploaded_by_id)
        for v in versions
    ] == [(1, 1, "abc.pdf", "application/pdf", 1234, 1)]
    assert versions[0].uploaded_at == WHEN and versions[0].note == ""
