"""Backups taken while the site writes, restored row for row; erasures survive a restore."""

from __future__ import annotations

import io
import shutil
import threading
import time

from sqlalchemy import MetaData, select

from forum import photos
from forum.extensions import db
from forum.models import Contribution, User
from forum.uploads import upload_dir
from moderation.uploads import scans_folder, store_scan
from tests import builders
from tests.builders_moderation import image_bytes
from tests.conftest import login, post_form


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order (render tokens aside: a restore draws
    a new one for the site on purpose, so that no worker serves pages kept from before)."""
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    rows = {}
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name in ("alembic_version", "render_tokens"):
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [
                tuple(r) for r in connection.execute(select(table).order_by(*order))
            ]
    return rows


def test_backup_of_a_live_database_restores_every_row(app, runner, tmp_path):
    debate = builders.make_debate("tram")
    authors = [builders.make_user(f"Auteur{i}") for i in range(3)]
    for i in range(30):
        builders.make_contribution(debate, authors[i % 3], title=f"Avis {i}", body=f"Texte {i}")

    # A writer keeps posting while the backup runs.
    stop = threading.Event()

    def keep_writing():
        with app.app_context():
            n = 0
            while not stop.is_set():
                builders.make_contribution(debate_row(), author_row(), title=f"Pendant {n}")
                n += 1
                time.sleep(0.005)

    def debate_row():
        return db.session.get(type(debate), debate.id)

    def author_row():
        return db.session.get(User, authors[0].id)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        path = tmp_path / "palabre.backup"
        result = runner.invoke(args=["backup", str(path)])
        assert result.exit_code == 0, result.output
    finally:
        stop.set()
        writer.join()
    assert path.stat().st_size > 0

    # What the backup holds is what the database held at one moment: restoring it now
    # and comparing with a second backup taken right after proves both are whole.
    db.session.remove()
    before_restore = _snapshot()
    second = tmp_path / "second.backup"
    assert runner.invoke(args=["backup", str(second)]).exit_code == 0
    result = runner.invoke(args=["restore", str(second), "--yes"])
    assert result.exit_code == 0, result.output
    assert _snapshot() == before_restore

    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    restored = _snapshot()
    titles = {row for row in restored["contributions"]}
    assert len(titles) >= 30
    count = db.session.scalar(db.select(db.func.count()).select_from(Contribution))
    assert 30 <= count <= len(before_restore["contributions"])


def test_an_erasure_made_after_a_backup_is_reapplied_by_the_restore(app, client, runner, tmp_path):
    debate = builders.make_debate("tram")
    alice = builders.make_user("Alice", email="alice@example.org")
    item = builders.make_contribution(debate, alice, title="Mon avis")
    alice_id, item_id = alice.id, item.id
    path = tmp_path / "before-erasure.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0

    login(client, alice)
    erased = post_form(
        client, "/account/erase", {"password": builders.DEFAULT_PASSWORD, "understood": "y"}
    )
    assert erased.status_code == 302

    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert "effacements de comptes appliqués de nouveau : 1" in result.output
    db.session.remove()
    user = db.session.get(User, alice_id)
    assert user.erased_at is not None
    assert user.email != "alice@example.org" and user.pseudonym != "Alice"
    assert db.session.get(Contribution, item_id).author_id is None


def test_restoring_something_that_is_not_a_backup_fails_plainly(runner, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database at all" * 100)
    result = runner.invoke(args=["restore", str(junk), "--yes"])
    assert result.exit_code != 0
    assert "Error" in result.output
    missing = runner.invoke(args=["restore", str(tmp_path / "nothing"), "--yes"])
    assert missing.exit_code != 0 and "aucune sauvegarde" in missing.output


def test_the_files_a_backup_names_come_back_with_it(app, client, runner, tmp_path):
    """Photos, documents and scans live in folders beside the database: a backup copies
    them, a second one only what is new, and a restore on a machine without them puts
    them back."""
    debate = builders.make_debate("tram")
    item = builders.make_contribution(debate, builders.make_user("Alice"), title="Le carrefour")
    photos.attach(
        item, photos.check([photos.PhotoUpload(io.BytesIO(image_bytes()), "Le carrefour")])
    )
    scan = store_scan(image_bytes())
    db.session.commit()
    photo_url = f"/contributions/{item.id}/photos/{item.photos[0].file_name}"
    photo = client.get(photo_url)
    assert photo.status_code == 200
    scan_path = scans_folder() / scan.filename
    scan_bytes = scan_path.read_bytes()

    path = tmp_path / "backups" / "palabre.backup"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 copiés, 0 déjà présents" in result.output  # the photo, its thumbnail, the scan
    result = runner.invoke(args=["backup", str(path)])
    assert "0 copiés, 3 déjà présents" in result.output
    shared = tmp_path / "backups" / "files"  # dated backups sharing one folder of files
    for day in ("2026-12-01", "2026-12-02"):
        result = runner.invoke(args=["backup", str(tmp_path / f"{day}.dump"), "--files", shared])
        assert result.exit_code == 0, result.output
    assert "0 copiés, 3 déjà présents" in result.output

    # Another machine: the database comes back from the backup, the folders are empty.
    shutil.rmtree(upload_dir())
    shutil.rmtree(scans_folder())
    assert client.get(photo_url).status_code == 404
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert "fichiers conservés remis en place : 3" in result.output
    again = client.get(photo_url)
    assert again.status_code == 200 and again.data == photo.data
    assert scan_path.read_bytes() == scan_bytes

    shutil.rmtree(upload_dir())
    dump = tmp_path / "2026-12-02.dump"
    result = runner.invoke(args=["restore", str(dump), "--files", shared, "--yes"])
    assert "fichiers conservés remis en place : 2" in result.output  # the scans were still there
    assert client.get(photo_url).data == photo.data


def test_a_backup_without_its_files_restores_the_database_and_says_so(app, runner, tmp_path):
    builders.make_debate("tram")
    path = tmp_path / "palabre.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    shutil.rmtree(f"{path}.files", ignore_errors=True)
    result = runner.invoke(args=["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert f"aucun fichier conservé dans {path}.files" in result.output


def test_a_backup_whose_files_cannot_be_written_fails_plainly(app, runner, tmp_path):
    builders.make_debate("tram")
    (upload_dir() / "photos").mkdir(parents=True, exist_ok=True)
    (upload_dir() / "photos" / "a1b2.webp").write_bytes(b"RIFF")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the copies would go")
    target = blocked / "files"  # under a file: no folder can be made there
    result = runner.invoke(args=["backup", str(tmp_path / "palabre.backup"), "--files", target])
    assert result.exit_code != 0
    assert "les fichiers conservés n'ont pas pu être copiés" in result.output
    assert "Traceback" not in result.output
