"""Questions to the project owner: deadlines, the answer circuit, lists and figures.

The circuit (PRODUCT.md section 4): a published question is *sent* to the project owner
(``send_to_owner``); a user with the owner role drafts the answer (``save_draft``) and
submits it (``submit_answer``); the committee validates it (``validate_answer``: it is
published as a new version) or sends it back with a comment (``send_back``). The person
who asked may judge a published version incomplete, once per version (``mark_incomplete``):
the question goes back to the owner with a new deadline.

Deadlines. A question is due ``debate.answer_deadline_days`` calendar days after it was
published (in the site's time zone), or after the day it was reopened as incomplete. The
debate's closing date neither shortens nor extends the delay: a question asked on the
last day gets the full delay, and the owner keeps answering, through the same circuit,
after the debate has closed (docs/DECISIONS.md). A question is overdue from the day after
its due date until it is answered.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from forum import documents, suspensions
from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import (
    Contribution,
    Debate,
    DebateRole,
    Kind,
    Role,
    Status,
    User,
    utcnow,
)
from forum.notifications import notify
from forum.permissions import AnyUser, has_role
from forum.sanitize import clean_plain, render_markdown
from forum.visible_text import name_of
from forum.when import site_today, site_zone
from questions.models import (
    Answer,
    AnswerEvent,
    AnswerEventKind,
    AnswerState,
    AnswerVersion,
    IncompleteMark,
)

CHANGE_NOTE_MAX = 300


class QuestionStatus(enum.StrEnum):
    AWAITING = "awaiting"  # awaiting an answer, within the delay
    OVERDUE = "overdue"  # awaiting an answer, past the delay
    ANSWERED = "answered"


# --- Dates and deadlines ----------------------------------------------------------------


def local_date(moment: datetime) -> date:
    """The calendar day, in the site's time zone, of a naive UTC timestamp."""
    return moment.replace(tzinfo=UTC).astimezone(site_zone()).date()


def due_on(base: datetime, delay_days: int) -> date:
    """The last day to answer a question published (or reopened) at ``base``."""
    return local_date(base) + timedelta(days=delay_days)


def is_overdue(due: date, today: date) -> bool:
    return today > due


def overdue_cutoff(debate: Debate, today: date) -> datetime:
    """Questions published (or reopened) before this naive UTC instant are overdue today.

    ``today > local_date(base) + delay`` is ``base < local midnight of (today - delay)``:
    one constant per debate and day, so the database can filter on it.
    """
    day = today - timedelta(days=debate.answer_deadline_days)
    midnight = datetime.combine(day, time.min, tzinfo=site_zone())
    return midnight.astimezone(UTC).replace(tzinfo=None)


def _base(question: Contribution, answer: Answer | None) -> datetime:
    if answer is not None and answer.reopened_at is not None:
        return answer.reopened_at
    return question.published_at or question.created_at


@dataclass(frozen=True)
class QuestionView:
    """A question with where it stands: shown in lists, in its thread and on dashboards."""

    question: Contribution
    answer: Answer | None
    status: QuestionStatus
    due: date

    @property
    def state(self) -> AnswerState:
        return self.answer.state if self.answer is not None else AnswerState.SENT

    @property
    def current(self) -> AnswerVersion | None:
        return self.answer.current if self.answer is not None else None

    @property
    def reopened(self) -> bool:
        return self.answer is not None and self.answer.reopened_at is not None


def view_of(
    question: Contribution, answer: Answer | None, today: date | None = None
) -> QuestionView:
    today = today or site_today()
    due = due_on(_base(question, answer), question.debate.answer_deadline_days)
    if answer is not None and answer.is_answered:
        status = QuestionStatus.ANSWERED
    elif is_overdue(due, today):
        status = QuestionStatus.OVERDUE
    else:
        status = QuestionStatus.AWAITING
    return QuestionView(question, answer, status, due)


# --- Loading ---------------------------------------------------------------------------


def _answer_options():
    return (
        selectinload(Answer.versions).selectinload(AnswerVersion.incomplete),
        selectinload(Answer.versions).selectinload(AnswerVersion.document),
        selectinload(Answer.events).selectinload(AnswerEvent.actor),
        selectinload(Answer.draft_document),
    )


def answers_for(question_ids: Iterable[int]) -> dict[int, Answer]:
    ids = list(set(question_ids))
    if not ids:
        return {}
    rows = db.session.scalars(
        db.select(Answer).where(Answer.question_id.in_(ids)).options(*_answer_options())
    )
    return {row.question_id: row for row in rows}


def views_in_thread(
    items: Iterable[Contribution], today: date | None = None
) -> dict[int, QuestionView]:
    """Where each published question of a thread stands, by contribution id."""
    questions = [c for c in items if c.kind == Kind.QUESTION and c.status == Status.PUBLISHED]
    answers = answers_for(c.id for c in questions)
    return {q.id: view_of(q, answers.get(q.id), today) for q in questions}


def get_question(question_id: int) -> Contribution:
    """A published question of a public debate: what the owner and the committee work on.

    Pending and masked questions are not: the owner never sees them (PRODUCT.md).
    """
    question = db.session.get(Contribution, question_id)
    if (
        question is None
        or question.kind != Kind.QUESTION
        or question.status != Status.PUBLISHED
        or not question.debate.is_public
    ):
        raise NotFound(_("This question does not exist."))
    return question


def get_answer(question: Contribution) -> Answer | None:
    return db.session.scalar(
        db.select(Answer).where(Answer.question_id == question.id).options(*_answer_options())
    )


def _ensure_answer(question: Contribution) -> tuple[Answer, bool]:
    answer = get_answer(question)
    if answer is not None:
        return answer, False
    answer = Answer(question_id=question.id, state=AnswerState.SENT, sent_at=utcnow())
    db.session.add(answer)
    db.session.flush()
    return answer, True


# --- Notifying --------------------------------------------------------------------------


def people_with_role(debate: Debate, role: Role) -> list[User]:
    """The active holders of a role in a debate (whom the circuit tells)."""
    return list(
        db.session.scalars(
            db.select(User)
            .join(DebateRole, DebateRole.user_id == User.id)
            .where(DebateRole.debate_id == debate.id, DebateRole.role == role, User.active)
        )
    )


def _tell(people: Iterable[User], kind: str, message: Callable[[], str], question: Contribution):
    """Notify each person, with the message written in their own language."""
    for person in people:
        with force_locale(person.locale or "fr"):
            text = message()
        notify(person.id, kind, text, contribution_id=question.id)



# --- The circuit ------------------------------------------------------------------------


def send_to_owner(question: Contribution) -> None:
    """A question has just been published: put it in the owner's hands and tell them.

    Called in the publishing transaction (no commit here) by whatever publishes a
    question — posting, replying, a moderator's approval or re-filing. Calling it again
    for the same question does nothing.
    """
    if question.kind != Kind.QUESTION or question.status != Status.PUBLISHED:
        return
    if question.published_at is None:
        question.published_at = utcnow()
    _answer, created = _ensure_answer(question)
    if not created:
        return
    debate = question.debate
    due = due_on(question.published_at, debate.answer_deadline_days)
    _tell(
        people_with_role(debate, Role.OWNER),
        "new_question",
        lambda: _(
            "A new question awaits your answer, by %(date)s: “%(title)s”.",
            date=format_date(due, "long"),
            title=name_of(question),
        ),
        question,
    )


@dataclass(frozen=True)
class AnswerDraft:
    body: str
    change_note: str = ""
    annex: documents.Upload | None = None
    annex_title: str = ""
    remove_annex: bool = False


def _check_owner(question: Contribution, user: AnyUser | None) -> None:
    if user is None or not user.is_authenticated or not has_role(user, question.debate, Role.OWNER):
        raise NotAllowed(_("Only the project owner of this debate answers its questions."))


def _check_committee(question: Contribution, user: AnyUser | None) -> None:
    if (
        user is None
        or not user.is_authenticated
        or not has_role(user, question.debate, Role.COMMITTEE)
    ):
        raise NotAllowed(_("Only the debate committee validates answers."))


def save_draft(question: Contribution, owner: User, data: AnswerDraft) -> Answer:
    """Keep the owner's working copy of an answer (a first answer or a revision)."""
    answer = _write_draft(question, owner, data, submitting=False)
    db.session.commit()
    return answer


def _write_draft(
    question: Contribution, owner: User, data: AnswerDraft, *, submitting: bool
) -> Answer:
    _check_owner(question, owner)
    answer, _created = _ensure_answer(question)
    if answer.state == AnswerState.SUBMITTED:
        raise NotAllowed(_("The committee is reviewing this answer: wait for its decision."))
    body = data.body.strip()
    if not body:
        raise InvalidInput(_("Write the answer before saving it."), field="body")
    max_body = current_app.config["PALABRE_MAX_BODY_CHARS"]
    if len(body) > max_body:
        raise InvalidInput(
            _("The answer is too long: %(n)d characters at most.", n=max_body), field="body"
        )
    note = clean_plain(data.change_note)
    if len(note) > CHANGE_NOTE_MAX:
        raise InvalidInput(
            _("Say what changed in %(n)d characters at most.", n=CHANGE_NOTE_MAX),
            field="change_note",
        )
    if submitting and answer.versions and not note:
        raise InvalidInput(_("Say what changed since the published answer."), field="change_note")
    if data.annex is not None:
        title = clean_plain(data.annex_title) or _("Annex to the answer")
        annex = documents.store_annex(question.debate, owner, data.annex, title)
        _drop_private_annex(answer)
        answer.draft_document_id = annex.id
        answer.draft_document = annex
    elif data.remove_annex:
        _drop_private_annex(answer)
        answer.draft_document_id = None
        answer.draft_document = None
    answer.draft_source = body
    answer.draft_html = render_markdown(body)
    answer.draft_note = note
    answer.drafted_by_id = owner.id
    answer.drafted_at = utcnow()
    answer.state = AnswerState.DRAFT
    return answer


def _drop_private_annex(answer: Answer) -> None:
    """An annex never published is deleted when the owner replaces or removes it."""
    old = answer.draft_document
    if old is not None and not old.public:
        documents.delete_document(old)


def submit_answer(question: Contribution, owner: User, data: AnswerDraft) -> Answer:
    """Save the owner's text and send it to the committee for validation."""
    answer = _write_draft(question, owner, data, submitting=True)
    answer.state = AnswerState.SUBMITTED
    db.session.add(AnswerEvent(answer=answer, kind=AnswerEventKind.SUBMITTED, actor_id=owner.id))
    _tell(
        people_with_role(question.debate, Role.COMMITTEE),
        "answer_submitted",
        lambda: _(
            "An answer of the project owner awaits your validation: “%(title)s”.",
            title=name_of(question),
        ),
        question,
    )
    db.session.commit()
    return answer


def validate_answer(question: Contribution, member: User) -> AnswerVersion:
    """The committee validates the submitted answer: it is published as a new version."""
    _check_committee(question, member)
    answer = get_answer(question)
    if answer is None or answer.state != AnswerState.SUBMITTED:
        raise NotAllowed(_("No answer awaits validation for this question."))
    now = utcnow()
    version = AnswerVersion(
        answer=answer,
        number=len(answer.versions) + 1,
        body_source=answer.draft_source,
        body_html=answer.draft_html,
        change_note=answer.draft_note if answer.versions else "",
        document_id=answer.draft_document_id,
        written_by_id=answer.drafted_by_id,
        validated_by_id=member.id,
        published_at=now,
    )
    db.session.add(version)
    if answer.draft_document is not None:
        answer.draft_document.public = True
    revised = bool(answer.answered_at)
    answer.state = AnswerState.PUBLISHED
    answer.answered_at = answer.answered_at or now
    answer.reopened_at = None
    answer.draft_note = ""
    db.session.add(AnswerEvent(answer=answer, kind=AnswerEventKind.PUBLISHED, actor_id=member.id))
    asker = db.session.get(User, question.author_id) if question.author_id else None
    if asker is not None:
        _tell(
            [asker],
            "answer",
            lambda: (
                _(
                    "The project owner revised the answer to your question “%(title)s”.",
                    title=name_of(question),
                )
                if revised
                else _(
                    "The project owner answered your question “%(title)s”.", title=name_of(question)
                )
            ),
            question,
        )
    db.session.commit()
    return version


def send_back(question: Contribution, member: User, comment: str) -> Answer:
    """The committee returns the submitted answer to the owner, saying why."""
    _check_committee(question, member)
    answer = get_answer(question)
    if answer is None or answer.state != AnswerState.SUBMITTED:
        raise NotAllowed(_("No answer awaits validation for this question."))
    comment = comment.strip()
    if not comment:
        raise InvalidInput(_("Tell the project owner what to change."), field="comment")
    answer.state = AnswerState.RETURNED
    db.session.add(
        AnswerEvent(
            answer=answer, kind=AnswerEventKind.RETURNED, actor_id=member.id, comment=comment
        )
    )
    _tell(
        people_with_role(question.debate, Role.OWNER),
        "answer_returned",
        lambda: _(
            "The committee sent back your answer to “%(title)s”: %(comment)s",
            title=name_of(question),
            comment=comment,
        ),
        question,
    )
    db.session.commit()
    return answer


def can_mark_incomplete(
    question: Contribution, answer: Answer | None, user: AnyUser | None
) -> bool:
    """Only the person who asked, once per published version."""
    return bool(
        user is not None
        and user.is_authenticated
        and question.author_id == user.id
        and answer is not None
        and answer.current is not None
        and answer.current.incomplete is None
    )


def mark_incomplete(question: Contribution, user: User, reason: str) -> IncompleteMark:
    """The person who asked judges the published answer incomplete: back to the owner."""
    answer = get_answer(question)
    if user is None or not user.is_authenticated or question.author_id != user.id:
        raise NotAllowed(_("Only the person who asked can judge the answer incomplete."))
    suspensions.check_not_suspended(user, question.debate_id)
    if answer is None or answer.current is None:
        raise NotAllowed(_("This question has no published answer yet."))
    if answer.current.incomplete is not None:
        raise NotAllowed(
            _("You already judged this answer incomplete; the project owner will revise it.")
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say what the answer leaves out."), field="reason")
    max_body = current_app.config["PALABRE_MAX_BODY_CHARS"]
    if len(reason) > max_body:
        raise InvalidInput(
            _("Your text is too long: %(n)d characters at most.", n=max_body), field="reason"
        )
    now = utcnow()
    mark = IncompleteMark(version=answer.current, user_id=user.id, reason=reason, created_at=now)
    db.session.add(mark)
    answer.reopened_at = now
    if answer.state == AnswerState.PUBLISHED:
        answer.state = AnswerState.SENT
    db.session.add(
        AnswerEvent(
            answer=answer, kind=AnswerEventKind.MARKED_INCOMPLETE, actor_id=user.id, comment=reason
        )
    )
    _tell(
        people_with_role(question.debate, Role.OWNER),
        "new_question",
        lambda: _(
            "The person who asked judged your answer to “%(title)s” incomplete: %(reason)s",
            title=name_of(question),
            reason=reason,
        ),
        question,
    )
    db.session.commit()
    return mark
