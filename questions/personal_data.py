"""The question circuit's share of a person's data (``forum.privacy``): the project owner's
and the committee's answer work, and the answers a person judged incomplete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_

from forum import privacy
from forum.models import User
from forum.privacy import PersonalData, iso, rows
from questions.models import Answer, AnswerEvent, AnswerVersion, IncompleteMark


def _answer_work(user: User) -> dict[str, Any]:
    """What a project owner or committee member wrote in the answer circuit, and the
    answers this person judged incomplete."""
    drafts = rows(Answer, Answer.drafted_by_id == user.id)
    versions = rows(
        AnswerVersion,
        or_(AnswerVersion.written_by_id == user.id, AnswerVersion.validated_by_id == user.id),
    )
    events = rows(AnswerEvent, AnswerEvent.actor_id == user.id)
    marks = rows(IncompleteMark, IncompleteMark.user_id == user.id)
    return {
        "answer_drafts": [
            {
                "question_id": a.question_id,
                "text": a.draft_source,
                "note": a.draft_note,
                "drafted_at": iso(a.drafted_at),
            }
            for a in drafts
        ],
        "answer_versions": [
            {
                "question_id": v.answer.question_id,
                "number": v.number,
                "written": v.written_by_id == user.id,
                "validated": v.validated_by_id == user.id,
                "text": v.body_source if v.written_by_id == user.id else "",
                "change_note": v.change_note if v.written_by_id == user.id else "",
                "published_at": iso(v.published_at),
            }
            for v in versions
        ],
        "answer_steps": [
            {
                "question_id": e.answer.question_id,
                "step": e.kind.value,
                "comment": e.comment,
                "created_at": iso(e.created_at),
            }
            for e in events
        ],
        "answers_judged_incomplete": [
            {
                "question_id": mark.version.answer.question_id,
                "answer_version": mark.version.number,
                "reason": mark.reason,
                "created_at": iso(mark.created_at),
            }
            for mark in marks
        ],
    }


def register() -> None:
    """The question circuit's share, registered at app creation (``questions.init_app``)."""
    privacy.register(
        PersonalData(
            "questions.answers",
            ("answers", "answer_versions", "answer_events", "answer_incomplete_marks"),
            _answer_work,
        )
    )
