"""Lists of a debate's questions by status, the project owner's accountability figures (how
many answers came in time, the median delay), and the committee's dashboard. Aggregate
figures only: never a count about a person or a contribution."""

from __future__ import annotations

import enum
import statistics
from dataclasses import dataclass
from datetime import UTC, date, timedelta

from flask import current_app
from sqlalchemy import Date, and_, cast, func, not_, or_
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import (
    Contribution,
    Debate,
    Kind,
    Status,
    Theme,
    contribution_themes,
)
from forum.pagination import Ordering, Page, paginate
from questions.circuit import (
    QuestionStatus,
    QuestionView,
    answers_for,
    is_overdue,
    overdue_cutoff,
    site_today,
    site_zone,
    view_of,
)
from questions.models import (
    Answer,
    AnswerState,
    AnswerVersion,
)

# --- Lists -----------------------------------------------------------------------------


def _questions(debate: Debate):
    return (
        db.select(Contribution)
        .outerjoin(Answer, Answer.question_id == Contribution.id)
        .where(
            Contribution.debate_id == debate.id,
            Contribution.kind == Kind.QUESTION,
            Contribution.status == Status.PUBLISHED,
        )
        .options(selectinload(Contribution.author), selectinload(Contribution.themes))
    )


_ANSWERED = and_(Answer.answered_at.is_not(None), Answer.reopened_at.is_(None))
_BASE = func.coalesce(Answer.reopened_at, Contribution.published_at, Contribution.created_at)


def _where_status(query, debate: Debate, status: QuestionStatus | None, today: date):
    if status == QuestionStatus.ANSWERED:
        return query.where(_ANSWERED)
    cutoff = overdue_cutoff(debate, today)
    if status == QuestionStatus.OVERDUE:
        return query.where(not_(_ANSWERED), cutoff > _BASE)
    if status == QuestionStatus.AWAITING:
        return query.where(not_(_ANSWERED), cutoff <= _BASE)
    return query


@dataclass(frozen=True)
class QuestionPage:
    page: Page
    views: list[QuestionView]


def list_questions(
    debate: Debate,
    ordering: Ordering,
    *,
    status: QuestionStatus | None = None,
    theme: Theme | None = None,
    after: str | None = None,
    before: str | None = None,
    today: date | None = None,
    per_page: int | None = None,
) -> QuestionPage:
    """A page of a debate's published questions, in chronological order, by status and
    theme. Never ordered by anything but dates (PRODUCT.md section 1)."""
    today = today or site_today()
    query = _where_status(_questions(debate), debate, status, today)
    if theme is not None:
        query = query.join(
            contribution_themes, contribution_themes.c.contribution_id == Contribution.id
        ).where(contribution_themes.c.theme_id == theme.id)
    page = paginate(
        query,
        ordering,
        session=db.session,
        after=after,
        before=before,
        per_page=per_page or current_app.config["PALABRE_PER_PAGE"],
    )
    answers = answers_for(item.id for item in page.items)
    views = [view_of(item, answers.get(item.id), today) for item in page.items]
    return QuestionPage(page, views)


@dataclass(frozen=True)
class Accountability:
    """How diligently the owner answers: aggregate figures, never about one question."""

    judged: int  # questions answered, or past their deadline
    in_time_share: float | None  # share of ``judged`` answered within the deadline
    median_days: float | None  # median days from publication to first answer


def accountability(debate: Debate, today: date | None = None) -> Accountability:
    """The owner's figures over every published question of the debate.

    On PostgreSQL the database computes them (calendar days in the site's time zone,
    the median by ``percentile_cont``): a national debate has hundreds of thousands of
    questions, which a page must not read one by one. SQLite sites, a commune's debate,
    read the questions' dates and count here.
    """
    today = today or site_today()
    questions = (
        db.select()
        .select_from(Contribution)
        .outerjoin(Answer, Answer.question_id == Contribution.id)
        .where(
            Contribution.debate_id == debate.id,
            Contribution.kind == Kind.QUESTION,
            Contribution.status == Status.PUBLISHED,
        )
    )
    if db.session.get_bind().dialect.name == "postgresql":
        return _accountability_in_sql(debate, questions, today)
    rows = db.session.execute(
        questions.add_columns(
            Contribution.published_at, Contribution.created_at, Answer.answered_at
        )
    ).all()
    zone = site_zone()
    delay = timedelta(days=debate.answer_deadline_days)
    judged = in_time = 0
    delays: list[int] = []
    for published_at, created_at, answered_at in rows:
        asked_day = (published_at or created_at).replace(tzinfo=UTC).astimezone(zone).date()
        due = asked_day + delay
        if answered_at is not None:
            judged += 1
            answered_day = answered_at.replace(tzinfo=UTC).astimezone(zone).date()
            in_time += answered_day <= due
            delays.append((answered_day - asked_day).days)
        elif is_overdue(due, today):
            judged += 1
    return Accountability(
        judged=judged,
        in_time_share=in_time / judged if judged else None,
        median_days=statistics.median(delays) if delays else None,
    )


def shown_accountability(debate: Debate) -> Accountability:
    """``accountability`` as the questions page shows it, today."""
    return accountability(debate, site_today())


def _accountability_in_sql(debate: Debate, questions, today: date) -> Accountability:
    zone = str(site_zone())

    def local_day(moment):  # a naive UTC timestamp's calendar day in the site's zone
        return cast(func.timezone(zone, func.timezone("UTC", moment)), Date)

    asked = func.coalesce(Contribution.published_at, Contribution.created_at)
    answered = Answer.answered_at.is_not(None)
    days = local_day(Answer.answered_at) - local_day(asked)
    judged, in_time, median = db.session.execute(
        questions.add_columns(
            # Unanswered questions are judged once overdue: asked before the cutoff.
            func.count().filter(or_(answered, asked < overdue_cutoff(debate, today))),
            func.count().filter(and_(answered, days <= debate.answer_deadline_days)),
            func.percentile_cont(0.5).within_group(days).filter(answered),
        )
    ).one()
    return Accountability(
        judged=judged,
        in_time_share=in_time / judged if judged else None,
        median_days=median,
    )


@dataclass(frozen=True)
class Dashboard:
    """The staff's view of the questions still in the owner's or the committee's hands."""

    overdue: list[QuestionView]
    soon_due: list[QuestionView]
    to_validate: list[QuestionView]
    returned: list[QuestionView]
    reopened: list[QuestionView]
    soon_days: int


def pending_views(debate: Debate, today: date | None = None) -> list[QuestionView]:
    """Every published question not answered, or with an answer in the circuit."""
    today = today or site_today()
    query = _questions(debate).where(not_(and_(_ANSWERED, Answer.state == AnswerState.PUBLISHED)))
    items = list(db.session.scalars(query.order_by(Contribution.created_at, Contribution.id)))
    answers = answers_for(item.id for item in items)
    return [view_of(item, answers.get(item.id), today) for item in items]


class DeadlineMark(enum.StrEnum):
    """How near a question still awaiting its answer is to its deadline."""

    OVERDUE = "overdue"
    SOON = "soon"  # due within ``soon_due_days()`` days


def soon_due_days() -> int:
    """How many days before its deadline a question counts as due soon."""
    return int(current_app.config.get("PALABRE_SOON_DUE_DAYS") or 3)


def deadline_mark(view: QuestionView, today: date, soon_days: int) -> DeadlineMark | None:
    """Overdue, due soon, or neither: what the dashboard, the owner's inbox and the owner's
    reminders all judge by."""
    if view.status == QuestionStatus.OVERDUE:
        return DeadlineMark.OVERDUE
    if view.status == QuestionStatus.AWAITING and (view.due - today).days <= soon_days:
        return DeadlineMark.SOON
    return None


def dashboard(debate: Debate, today: date | None = None) -> Dashboard:
    today = today or site_today()
    soon_days = soon_due_days()
    views = pending_views(debate, today)
    unanswered = sorted(
        (v for v in views if v.status != QuestionStatus.ANSWERED), key=lambda v: v.due
    )
    marks = {v.question.id: deadline_mark(v, today, soon_days) for v in unanswered}
    return Dashboard(
        overdue=[v for v in unanswered if marks[v.question.id] == DeadlineMark.OVERDUE],
        soon_due=[v for v in unanswered if marks[v.question.id] == DeadlineMark.SOON],
        to_validate=[v for v in views if v.state == AnswerState.SUBMITTED],
        returned=[v for v in views if v.state == AnswerState.RETURNED],
        reopened=[v for v in unanswered if v.reopened],
        soon_days=soon_days,
    )


@dataclass(frozen=True)
class InboxItem:
    """A question in the owner's inbox, with how near its deadline is."""

    view: QuestionView
    mark: DeadlineMark | None
    days_left: int  # negative once overdue


_MARK_ORDER = {DeadlineMark.OVERDUE: 0, DeadlineMark.SOON: 1, None: 2}


def owner_inbox(debate: Debate, today: date | None = None) -> list[InboxItem]:
    """The questions in the owner's hands (or awaiting the committee), overdue first, then
    due soon, then the others, each soonest due first."""
    today = today or site_today()
    soon_days = soon_due_days()
    items = [
        InboxItem(view, deadline_mark(view, today, soon_days), (view.due - today).days)
        for view in pending_views(debate, today)
    ]
    return sorted(items, key=lambda item: (_MARK_ORDER[item.mark], item.view.due))


def answered_versions(debate: Debate, *, limit: int = 50) -> list[AnswerVersion]:
    """The latest published answers of a debate (for its feed), newest first."""
    return list(
        db.session.scalars(
            db.select(AnswerVersion)
            .join(Answer, Answer.id == AnswerVersion.answer_id)
            .join(Contribution, Contribution.id == Answer.question_id)
            .where(Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
            .options(selectinload(AnswerVersion.answer).selectinload(Answer.question))
            .order_by(AnswerVersion.published_at.desc(), AnswerVersion.id.desc())
            .limit(limit)
        )
    )
