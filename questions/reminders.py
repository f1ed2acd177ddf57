"""Deadline reminders to the project owner, sent by ``flask --app app send-reminders``.

Two e-mails per deadline of a question still in the owner's hands: one when it becomes
due soon (the committee dashboard's threshold, ``overview.deadline_mark``), one when it
passes. Each is recorded (``QuestionReminder``) and so sent once, however often the
command runs; a question answered in time, or answered after the first reminder, gets
nothing more. A question whose answer awaits the committee is not the owner's to act on:
no reminder. Mail goes through the queue (``forum.mail``), in each owner's language.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from forum import mail
from forum.extensions import db
from forum.models import Debate, Phase, Role, User
from questions import overview
from questions.circuit import QuestionView, people_with_role, site_today
from questions.models import AnswerState, QuestionReminder, ReminderKind

_KIND_OF_MARK = {
    overview.DeadlineMark.SOON: ReminderKind.DUE_SOON,
    overview.DeadlineMark.OVERDUE: ReminderKind.OVERDUE,
}


def send_deadline_reminders(today: date | None = None) -> int:
    """Queue the reminders due today in every public debate; how many e-mails were queued.

    One commit per debate: the record of a reminder and its e-mails go together.
    """
    today = today or site_today()
    soon_days = overview.soon_due_days()
    queued = 0
    public = db.session.scalars(db.select(Debate).where(Debate.phase != Phase.DRAFT)).all()
    for debate in public:
        owners = [person for person in people_with_role(debate, Role.OWNER) if person.email]
        if not owners:
            continue  # kept for the owner the debate will have: nothing recorded
        due: list[tuple[QuestionView, ReminderKind]] = []
        for view in overview.pending_views(debate, today):
            mark = overview.deadline_mark(view, today, soon_days)
            if mark is not None and view.state != AnswerState.SUBMITTED:
                due.append((view, _KIND_OF_MARK[mark]))
        sent = _already_sent([view.question.id for view, _kind in due])
        for view, kind in due:
            if (view.question.id, kind, view.due) in sent:
                continue
            db.session.add(
                QuestionReminder(question_id=view.question.id, kind=kind, due_on=view.due)
            )
            for owner in owners:
                _queue_reminder(owner, debate, view, kind)
                queued += 1
        db.session.commit()
    return queued


def _already_sent(question_ids: list[int]) -> set[tuple[int, ReminderKind, date]]:
    if not question_ids:
        return set()
    rows = db.session.execute(
        db.select(
            QuestionReminder.question_id, QuestionReminder.kind, QuestionReminder.due_on
        ).where(QuestionReminder.question_id.in_(question_ids))
    )
    return {(row.question_id, row.kind, row.due_on) for row in rows}


def _queue_reminder(owner: User, debate: Debate, view: QuestionView, kind: ReminderKind) -> None:
    """One reminder e-mail, written in the owner's language, with the answer page's link."""
    link = mail.external_url("questions.answer", question_id=view.question.id)
    with force_locale(owner.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        values = {
            "name": owner.pseudonym,
            "debate": debate.title,
            "title": view.question.title or _("(question without a title)"),
            "date": format_date(view.due, "long"),
            "link": link,
        }
        if kind == ReminderKind.OVERDUE:
            subject = _("A question is past its answer deadline")
            body = _(
                "Hello %(name)s,\n\nIn the debate “%(debate)s”, the deadline to answer the "
                "question “%(title)s” was %(date)s. The question is now shown as overdue on "
                "the debate's pages.\n\nAnswer it here:\n\n%(link)s\n\nThe debate committee "
                "validates each answer before it is published.",
                **values,
            )
        else:
            subject = _("A question awaits your answer by %(date)s", date=values["date"])
            body = _(
                "Hello %(name)s,\n\nIn the debate “%(debate)s”, the question “%(title)s” "
                "awaits your answer by %(date)s.\n\nAnswer it here:\n\n%(link)s\n\nThe "
                "debate committee validates each answer before it is published.",
                **values,
            )
    mail.queue(owner.email, f"Palabre — {subject}", body)
