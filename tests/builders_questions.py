"""Builders for questions, answers and documents, through the real services."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from forum.extensions import db
from forum.models import Debate, Kind, Role, Status, User, utcnow
from questions import circuit as questions
from tests import builders

# A tiny valid PDF (the checks read its first bytes) and a real PNG.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def _png() -> bytes:
    """A real PNG: images are decoded and encoded again when uploaded."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


PNG_BYTES = _png()


def upload(data: bytes = PDF_BYTES, name: str = "annexe.pdf"):
    """A file as a form sends it, for the services."""
    from forum.documents import Upload

    return Upload(filename=name, stream=io.BytesIO(data))


def form_file(data: bytes = PDF_BYTES, name: str = "annexe.pdf"):
    """A file for the test client's ``data=`` (a multipart upload)."""
    return (io.BytesIO(data), name)


def make_question(
    debate: Debate,
    author: User,
    *,
    title: str = "Quelle fréquence le dimanche ?",
    published_at: datetime | None = None,
    status: Status = Status.PUBLISHED,
    themes=None,
):
    """A question as if posted at ``published_at``, sent to the owner like a new one."""
    item = builders.make_contribution(
        debate,
        author,
        title=title,
        body="Le dimanche matin, le tram passera-t-il avant 7 heures ?",
        kind=Kind.QUESTION,
        status=status,
        themes=themes,
        created_at=published_at or utcnow(),
    )
    questions.send_to_owner(item)
    db.session.commit()
    return item


def days_ago(days: float) -> datetime:
    return utcnow() - timedelta(days=days)


def staff(debate: Debate) -> tuple[User, User, User]:
    """An owner, a committee member and a moderator of ``debate``."""
    owner = builders.make_user()
    member = builders.make_user()
    moderator = builders.make_user()
    builders.grant(owner, debate, Role.OWNER)
    builders.grant(member, debate, Role.COMMITTEE)
    builders.grant(moderator, debate, Role.MODERATOR)
    return owner, member, moderator


def answer_and_publish(
    question, owner: User, member: User, body: str = "Oui, dès 6 h 30.", note: str = "", annex=None
):
    """The whole circuit: the owner submits, the committee publishes."""
    questions.submit_answer(
        question, owner, questions.AnswerDraft(body=body, change_note=note, annex=annex)
    )
    return questions.validate_answer(question, member)
