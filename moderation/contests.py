"""Contesting a masking: the author asks once; the committee answers.

The contest goes to the debate's committee, never to the moderator who decided; the
answer is journaled and sent to the author. Overturning a masking restores the text.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, DebateRole, Role, Status, User, utcnow
from forum.notifications import notify
from forum.permissions import has_role
from forum.search import enqueue
from forum.suspensions import check_not_suspended
from forum.visible_text import name_of
from moderation.journal import record
from moderation.models import Contest, ContestOutcome, JournalAction, JournalEntry

MAX_CONTEST_CHARS = 5000


def masking_decision(item: Contribution) -> JournalEntry | None:
    """The journal row of the masking now in force on ``item``."""
    if item.status != Status.MASKED:
        return None
    return db.session.scalar(
        db.select(JournalEntry)
        .where(JournalEntry.contribution_id == item.id, JournalEntry.action == JournalAction.MASK)
        .order_by(JournalEntry.id.desc())
        .limit(1)
    )


def contest_of(decision: JournalEntry | None) -> Contest | None:
    if decision is None:
        return None
    return db.session.scalar(db.select(Contest).where(Contest.journal_entry_id == decision.id))


def can_contest(item: Contribution, user: User | None) -> bool:
    if user is None or not user.is_authenticated or item.author_id != user.id:
        return False
    decision = masking_decision(item)
    return decision is not None and contest_of(decision) is None


def contestable_in_thread(root_id: int, user: User) -> set[int]:
    """The masked contributions of one thread that ``user`` wrote and may still contest
    (one query for the whole thread)."""
    latest_mask = (
        db.select(db.func.max(JournalEntry.id))
        .where(
            JournalEntry.contribution_id == Contribution.id,
            JournalEntry.action == JournalAction.MASK,
        )
        .scalar_subquery()
    )
    contested = db.exists().where(Contest.journal_entry_id == latest_mask)
    return set(
        db.session.scalars(
            db.select(Contribution.id).where(
                Contribution.root_id == root_id,
                Contribution.author_id == user.id,
                Contribution.status == Status.MASKED,
                latest_mask.is_not(None),
                ~contested,
            )
        )
    )


def file_contest(item: Contribution, user: User, text: str) -> Contest:
    """The author contests the masking of their contribution, once, with a text."""
    if user is None or not user.is_authenticated or item.author_id != user.id:
        raise NotAllowed(_("Only the author of a contribution can contest its masking."))
    check_not_suspended(user, item.debate_id)
    decision = masking_decision(item)
    if decision is None:
        raise InvalidInput(_("This contribution is not masked."))
    if contest_of(decision) is not None:
        raise InvalidInput(_("You have already contested this decision."))
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Explain why you contest the decision."), field="text")
    if len(text) > MAX_CONTEST_CHARS:
        raise InvalidInput(
            _("Your text is too long: %(n)d characters at most.", n=MAX_CONTEST_CHARS),
            field="text",
        )
    contest = Contest(
        journal_entry_id=decision.id, contribution_id=item.id, author_id=user.id, text=text
    )
    db.session.add(contest)
    committee = db.session.scalars(
        db.select(DebateRole.user_id).where(
            DebateRole.debate_id == item.debate_id, DebateRole.role == Role.COMMITTEE
        )
    )
    for member_id in committee:
        if member_id == decision.actor_id:
            continue  # a committee member who took the decision does not judge it
        notify(
            member_id,
            "new_contest",
            _l("A masking decision is contested: “%(title)s”.", title=name_of(item)),
            contribution_id=item.id,
        )
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise InvalidInput(_("You have already contested this decision.")) from error
    return contest


def contests_of(debate: Debate) -> list[Contest]:
    """The debate's contests, those awaiting an answer first."""
    return list(
        db.session.scalars(
            db.select(Contest)
            .join(Contribution, Contribution.id == Contest.contribution_id)
            .where(Contribution.debate_id == debate.id)
            .order_by(Contest.outcome != ContestOutcome.PENDING, Contest.id)
        )
    )


def get_contest(debate: Debate, contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None or contest.contribution.debate_id != debate.id:
        raise NotFound(_("This contest does not exist."))
    return contest


def decided_by(contest: Contest) -> int | None:
    entry = db.session.get(JournalEntry, contest.journal_entry_id)
    return entry.actor_id if entry is not None else None


def answer_contest(contest: Contest, actor: User, outcome: ContestOutcome, answer: str) -> Contest:
    """A committee member (not the moderator who decided) upholds or overturns the masking."""
    item = contest.contribution
    debate = item.debate
    if not has_role(actor, debate, Role.COMMITTEE):
        raise NotAllowed(_("Only the debate's committee answers contests."))
    if decided_by(contest) == actor.id:
        raise NotAllowed(_("You took this decision: another committee member must answer."))
    if contest.outcome != ContestOutcome.PENDING:
        raise InvalidInput(_("This contest has already been answered."))
    if outcome == ContestOutcome.PENDING:
        raise InvalidInput(_("Choose whether the masking stands."), field="outcome")
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput(_("Write the answer sent to the author."), field="answer")
    if len(answer) > MAX_CONTEST_CHARS:
        raise InvalidInput(
            _("Your text is too long: %(n)d characters at most.", n=MAX_CONTEST_CHARS),
            field="answer",
        )
    contest.outcome = outcome
    contest.answer = answer
    contest.answered_by_id = actor.id
    contest.answered_at = utcnow()
    record(
        actor,
        JournalAction.CONTEST_ANSWER,
        debate,
        contribution=item,
        reason=answer,
        details=outcome.value,
    )
    if outcome == ContestOutcome.OVERTURNED and item.status == Status.MASKED:
        item.status = Status.PUBLISHED
        item.mask_reason = ""
        item.mask_article = ""
        item.masked_at = None
        item.published_at = item.published_at or utcnow()
        record(
            actor,
            JournalAction.RESTORE,
            debate,
            contribution=item,
            reason=_("The committee accepted the author's contest."),
        )
        enqueue(item.id)
    if item.author_id is not None:
        message = (
            _l(
                "The committee accepted your contest: your contribution is visible again. "
                "%(answer)s",
                answer=answer,
            )
            if outcome == ContestOutcome.OVERTURNED
            else _l(
                "The committee upheld the masking of your contribution. %(answer)s", answer=answer
            )
        )
        notify(item.author_id, "contest_answered", message, contribution_id=item.id)
    db.session.commit()
    return contest
