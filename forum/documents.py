"""The debate's documents: project file, studies, meeting minutes, the committee's notes,
and the annexes the project owner attaches to answers.

Uploaded files are checked by what they contain, not by what they are called: a PDF
starts with ``%PDF-``, an image with its format's signature; nothing else is accepted
(no SVG, no HTML, no office file). Images are encoded again without their metadata. Files
are stored under a random name in ``instance/uploads`` (``PALABRE_UPLOAD_DIR``), never
under ``static/``, and served by ``forum.document_views`` with headers that stop a
browser from running them (``forum.uploads`` does the checking, storing and serving).

Replacing a document's file adds a version (``DocumentFile``) and keeps the old ones
reachable; the document's current file is its latest version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Document,
    DocumentFile,
    DocumentKind,
    Role,
    Status,
    User,
    meeting_contributions,
)
from forum.permissions import AnyUser, has_role, is_admin, roles_in
from forum.sanitize import clean_plain, render_markdown
from forum.uploads import (
    check_pdf,
    clean_image,
    read_limited,
    remove_file,
    sniff,
    store_file,
    stored_path,
    upload_dir,
)

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TITLE_MAX = 200
PLACE_MAX = 200
NOTE_MAX = 300

# Accepted types, the file name endings that may carry them, and the stored ending.
FILE_TYPES = {
    "application/pdf": ((".pdf",), ".pdf"),
    "image/png": ((".png",), ".png"),
    "image/jpeg": ((".jpg", ".jpeg"), ".jpg"),
    "image/gif": ((".gif",), ".gif"),
    "image/webp": ((".webp",), ".webp"),
}

# Which kinds of document each role publishes. The committee's notes are the committee's;
# minutes are written by the debate's team; the owner publishes its own file and studies.
KINDS_BY_ROLE = {
    Role.OWNER: (DocumentKind.PROJECT_FILE, DocumentKind.STUDY, DocumentKind.OTHER),
    Role.MODERATOR: (DocumentKind.MINUTES,),
    Role.COMMITTEE: (
        DocumentKind.PROJECT_FILE,
        DocumentKind.STUDY,
        DocumentKind.MINUTES,
        DocumentKind.COMMITTEE_NOTES,
        DocumentKind.OTHER,
    ),
}
# Channels whose contributions were said at a meeting and can be linked to its minutes.
MEETING_CHANNELS = (Channel.PUBLIC_MEETING, Channel.WORKSHOP, Channel.MOBILE_DEBATE)


@dataclass(frozen=True)
class Upload:
    """A file sent with a form: its name as the sender called it, and its bytes."""

    filename: str
    stream: BinaryIO


def max_upload_bytes() -> int:
    return int(current_app.config.get("PALABRE_MAX_UPLOAD_BYTES") or DEFAULT_MAX_UPLOAD_BYTES)


def check_upload(upload: Upload, *, field_name: str = "file") -> tuple[bytes, str]:
    """The file's bytes (an image encoded again) and type, or ``InvalidInput`` saying why
    it is refused."""
    data = read_limited(upload.stream, max_upload_bytes(), field=field_name)
    file_type = sniff(data[:16])
    if file_type is None:
        raise InvalidInput(
            _("Only PDF files and images (PNG, JPEG, GIF, WebP) are accepted."), field=field_name
        )
    endings, _stored = FILE_TYPES[file_type]
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in endings:
        raise InvalidInput(
            _("The file's name does not match what it contains: it is refused."),
            field=field_name,
        )
    if file_type != "application/pdf":
        cleaned, _pixels = clean_image(data, file_type, field=field_name)
        return cleaned.data, cleaned.mimetype
    return check_pdf(data, field=field_name), file_type


def store_bytes(data: bytes, file_type: str) -> str:
    """Write the bytes under a new random name; return the name."""
    return store_file(upload_dir(), data, file_type)


def add_file(
    document: Document, upload: Upload, uploader: User | None, note: str = ""
) -> DocumentFile:
    """Check the file and make it the document's new current version; the old versions stay
    (no commit: the caller commits with ``commit_or_remove``, which removes the file if the
    commit fails). The file is written last, once everything else is valid."""
    data, file_type = check_upload(upload)
    note = clean_plain(note)
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            _("The note is too long: %(n)d characters at most.", n=NOTE_MAX), field="note"
        )
    if document.id is None:
        db.session.add(document)
        db.session.flush()
    latest = db.session.scalar(
        db.select(db.func.max(DocumentFile.version)).where(DocumentFile.document_id == document.id)
    )
    name = store_bytes(data, file_type)
    version = DocumentFile(
        document_id=document.id,
        version=(latest or 0) + 1,
        file_name=name,
        file_type=file_type,
        file_size=len(data),
        note=note,
        uploaded_by_id=uploader.id if uploader is not None else None,
    )
    db.session.add(version)
    document.file_name, document.file_type, document.file_size = name, file_type, len(data)
    return version


def commit_or_remove(*written: DocumentFile) -> None:
    """Commit; if the commit fails, remove the files just written for ``written``, so that
    no file is left that no row names, and let the error go on."""
    names = [version.file_name for version in written]
    try:
        db.session.commit()
    except Exception as error:
        db.session.rollback()
        for name in names:
            _remove_file(name)
        if names and isinstance(error, IntegrityError):
            # Two people replaced the file at once: the same version number was taken.
            raise InvalidInput(
                _("Someone published another version of this file at the same moment: "
                  "look at the document's page, then send yours again if need be."),
                field="file",
            ) from error
        raise


def _remove_file(name: str) -> None:
    remove_file(upload_dir(), name)


def file_path(stored: Document | DocumentFile) -> Path | None:
    return stored_path(upload_dir(), stored.file_name)


def download_name(document: Document, version: DocumentFile | None = None) -> str:
    """A readable file name for the download: the title (and an older version's number),
    with the right ending."""
    file_type = version.file_type if version is not None else document.file_type
    ending = FILE_TYPES.get(file_type or "", ((), ""))[1]
    stem = clean_plain(document.title).replace("/", "-").replace("\\", "-")[:120] or "document"
    if version is not None:
        stem += f" (v{version.version})"
    return stem + ending


def version_of(document: Document, number: int) -> DocumentFile:
    """One version of the document's file, or ``NotFound``."""
    found = db.session.scalar(
        db.select(DocumentFile).where(
            DocumentFile.document_id == document.id, DocumentFile.version == number
        )
    )
    if found is None:
        raise NotFound(_("This version of the document does not exist."))
    return found


# --- Rights and reading ------------------------------------------------------------------


def kinds_allowed(user: AnyUser | None, debate: Debate) -> list[DocumentKind]:
    """The kinds of document this person may publish in this debate (none for the public)."""
    if is_admin(user):
        return list(KINDS_BY_ROLE[Role.COMMITTEE])
    allowed: list[DocumentKind] = []
    for role in roles_in(user, debate):
        allowed += [kind for kind in KINDS_BY_ROLE.get(role, ()) if kind not in allowed]
    return [kind for kind in KINDS_BY_ROLE[Role.COMMITTEE] if kind in allowed]


def can_edit(user: AnyUser | None, document: Document) -> bool:
    return document.kind in kinds_allowed(user, document.debate)


def can_see(user: AnyUser | None, document: Document) -> bool:
    """A public document is everyone's; an unpublished annex, its debate's team's."""
    if document.public:
        return True
    return has_role(user, document.debate, Role.OWNER, Role.COMMITTEE, Role.MODERATOR)


def get_visible(debate: Debate, document_id: int, viewer: AnyUser | None) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.debate_id != debate.id or not can_see(viewer, document):
        raise NotFound(_("This document does not exist."))
    return document


def all_documents(debate: Debate) -> list[Document]:
    """Every document of the debate, public or not, the latest published first."""
    return list(
        db.session.scalars(
            db.select(Document)
            .where(Document.debate_id == debate.id)
            .options(selectinload(Document.versions))
            .order_by(Document.published_on.desc(), Document.id.desc())
        )
    )


def public_documents(debate: Debate) -> list[Document]:
    return [doc for doc in debate.documents if doc.public]


def meeting_items(document: Document) -> list[Contribution]:
    """The published contributions entered for the meeting these minutes report."""
    return list(
        db.session.scalars(
            db.select(Contribution)
            .join(
                meeting_contributions,
                meeting_contributions.c.contribution_id == Contribution.id,
            )
            .where(
                meeting_contributions.c.document_id == document.id,
                Contribution.status == Status.PUBLISHED,
            )
            .options(selectinload(Contribution.author), selectinload(Contribution.themes))
            .order_by(Contribution.created_at, Contribution.id)
        )
    )


def meeting_candidates(debate: Debate) -> list[Contribution]:
    """Contributions said at a meeting, workshop or mobile debate, which minutes can list."""
    return list(
        db.session.scalars(
            db.select(Contribution)
            .where(
                Contribution.debate_id == debate.id,
                Contribution.channel.in_(MEETING_CHANNELS),
                Contribution.status != Status.MASKED,
            )
            .order_by(Contribution.created_at, Contribution.id)
        )
    )


def linked_ids(document: Document) -> list[int]:
    return list(
        db.session.scalars(
            db.select(meeting_contributions.c.contribution_id).where(
                meeting_contributions.c.document_id == document.id
            )
        )
    )


# --- Writing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentData:
    kind: DocumentKind
    title: str
    summary: str = ""
    published_on: date | None = None
    meeting_on: date | None = None
    meeting_place: str = ""
    meeting_contribution_ids: Sequence[int] = field(default_factory=tuple)


def _apply(document: Document, debate: Debate, data: DocumentData) -> None:
    title = clean_plain(data.title)
    if not title:
        raise InvalidInput(_("Give the document a title."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            _("The title is too long: %(n)d characters at most.", n=TITLE_MAX), field="title"
        )
    place = clean_plain(data.meeting_place)
    if len(place) > PLACE_MAX:
        raise InvalidInput(
            _("The place is too long: %(n)d characters at most.", n=PLACE_MAX),
            field="meeting_place",
        )
    if data.kind == DocumentKind.MINUTES:
        if data.meeting_on is None:
            raise InvalidInput(_("Give the date of the meeting."), field="meeting_on")
        if not place:
            raise InvalidInput(_("Say where the meeting took place."), field="meeting_place")
    document.kind = data.kind
    document.title = title
    document.summary_source = data.summary
    document.summary_html = render_markdown(data.summary)
    document.published_on = data.published_on or date.today()
    is_minutes = data.kind == DocumentKind.MINUTES
    document.meeting_on = data.meeting_on if is_minutes else None
    document.meeting_place = place if is_minutes else ""
    db.session.flush()
    _link(document, debate, data.meeting_contribution_ids if is_minutes else ())


def _link(document: Document, debate: Debate, ids: Sequence[int]) -> None:
    wanted = set(ids)
    allowed = {c.id for c in meeting_candidates(debate)}
    if not wanted <= allowed:
        raise InvalidInput(
            _("Link only contributions said at a meeting of this debate."),
            field="meeting_contributions",
        )
    db.session.execute(
        meeting_contributions.delete().where(meeting_contributions.c.document_id == document.id)
    )
    if wanted:
        db.session.execute(
            meeting_contributions.insert(),
            [{"document_id": document.id, "contribution_id": cid} for cid in sorted(wanted)],
        )


def create_document(
    debate: Debate, user: User, data: DocumentData, upload: Upload | None = None
) -> Document:
    """Publish a document in a debate, with its file if one is given."""
    if data.kind not in kinds_allowed(user, debate):
        raise NotAllowed(_("You may not publish this kind of document in this debate."))
    document = Document(debate_id=debate.id, uploaded_by_id=user.id, public=True)
    db.session.add(document)
    _apply(document, debate, data)
    written = [add_file(document, upload, user)] if upload is not None else []
    commit_or_remove(*written)
    return document


def update_document(
    document: Document, user: User, data: DocumentData, upload: Upload | None = None
) -> Document:
    """Change a document's details, or (minutes) the contributions it lists; a file given
    becomes its new version."""
    debate = document.debate
    if not can_edit(user, document) or data.kind not in kinds_allowed(user, debate):
        raise NotAllowed(_("You may not change this document."))
    _apply(document, debate, data)
    written = [add_file(document, upload, user)] if upload is not None else []
    commit_or_remove(*written)
    return document


def replace_file(
    document: Document, user: User, upload: Upload | None, note: str = ""
) -> DocumentFile:
    """Upload a new version of the document's file; the old versions stay reachable."""
    if not can_edit(user, document):
        raise NotAllowed(_("You may not change this document."))
    if upload is None:
        raise InvalidInput(_("Choose the file of the new version."), field="file")
    version = add_file(document, upload, user, note)
    commit_or_remove(version)
    return version


def store_annex(debate: Debate, user: User, upload: Upload, title: str) -> Document:
    """An annex to an answer, private until the committee publishes the answer (no commit)."""
    document = Document(
        debate_id=debate.id,
        kind=DocumentKind.ANSWER_ANNEX,
        title=clean_plain(title)[:TITLE_MAX] or _("Annex to the answer"),
        summary_source="",
        summary_html="",
        published_on=date.today(),
        uploaded_by_id=user.id,
        public=False,
    )
    add_file(document, upload, user)
    db.session.flush()
    return document


def delete_document(document: Document) -> None:
    """Remove a document and its files (used for annexes never published; no commit)."""
    for name in {version.file_name for version in document.versions} | {document.file_name}:
        if name:
            _remove_file(name)
    db.session.delete(document)
