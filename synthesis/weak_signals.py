"""Weak-signal candidates: the software proposes, people decide (PRODUCT.md section 5).

A candidate is a published contribution that the report risks losing, for one or more
reasons, each written for a person to read:

- ``unlike_others``: its content is unlike every other contribution and unlike the project
  file. Rarity is judged on groups: an argument made by two or three people in their own
  words is still rare (it is proposed once, with the others named);
- ``single_theme``: it sits under a theme that only one or two contributions touch;
- ``offline_only``: its argument was heard only offline (a meeting, a register, a letter),
  and no contribution online says the same;
- ``unanswered``: a question still without an answer past its deadline (or at the close);
- ``no_reply``: a proposal no one replied to.

A stance without an argument ("Je suis contre.", "Bravo !") is never proposed, however
unusual its words. The list is kept short enough to be read: a tenth of the corpus at
most, the contributions with the strongest reasons first.

A moderator or committee member confirms a candidate (the "weak signal" tag is added, and
the journal says so) or dismisses it with an optional note (journaled too). A dismissed
candidate is not proposed again while its thread stays as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from forum.errors import InvalidInput, NotFound
from forum.extensions import db
from forum.labels import CHANNEL
from forum.models import Contribution, Debate, Kind, Phase, Status, Theme
from forum.search.analysis import terms
from moderation import tags
from moderation.journal import record
from moderation.models import ContributionTag, JournalAction, Tag, TagFamily
from moderation.rules import optional_note, require_staff
from questions import circuit as questions
from questions.models import Answer
from synthesis import similarity
from synthesis.corpus import CLOSE_THRESHOLD, Analysis, analyse, load
from synthesis.models import Decision, WeakSignalCandidate, WeakSignalDecision

# Below this similarity to every contribution outside its group, a contribution is unlike
# the others; below ``PROJECT_THRESHOLD`` the project file does not speak of it.
UNLIKE_THRESHOLD = 0.15
PROJECT_THRESHOLD = 0.12
# A rare argument is made by this many contributions at most.
RARE_AT_MOST = 3
# Fewer distinct words than this, once stop words and stance words are set aside, and a
# contribution states a position without an argument.
MIN_CONTENT_TERMS = 6
# In a large debate only part of the vocabulary is compared (``similarity``): a
# contribution is judged unlike the others only if most of its weight was compared.
MIN_COMPARED_SHARE = 0.5
SHARE_OF_CORPUS = 0.1
WEAK_SIGNAL_SLUG = "weak-signal"

KINDS_OF_REASON = {
    "unlike_others": _l("Unlike every other contribution"),
    "single_theme": _l("A theme almost no one touched"),
    "offline_only": _l("Heard only offline"),
    "unanswered": _l("Question left unanswered"),
    "no_reply": _l("Proposal no one replied to"),
}
_SCORES = {
    "unlike_others": 3.0,
    "offline_only": 2.0,
    "single_theme": 2.0,
    "unanswered": 2.0,
    "no_reply": 1.0,
}
# Words that state a position rather than argue it ("Je suis pour", "Bravo !").
_STANCE_WORDS = (
    "bravo merci accord daccord contre pour oui non super nul nulle génial excellent honte "
    "projet avis suis pense trouve favorable défavorable opposé opposée soutiens soutien "
    "totalement complètement absolument vraiment bien mal bon bonne mauvais mauvaise idée "
    "top catastrophe scandale inutile utile approuve refuse veux voulons"
)
_STANCE_TERMS = frozenset(terms(_STANCE_WORDS))


@dataclass
class Candidate:
    """A contribution proposed, with its kinds of reason and, for a person, its reasons.

    Reasons are written only for the candidates kept (a tenth of the corpus at most): each
    is given as a function until ``reasons`` is read.
    """

    contribution_id: int
    kinds_of_reason: list[str] = field(default_factory=list)
    score: float = 0.0
    rank_key: float = 1.0  # lower is stronger among equal scores (the best similarity)
    _pending: list[str | Callable[[], str]] = field(default_factory=list, repr=False)

    def add(self, kind: str, reason: str | Callable[[], str]) -> None:
        if kind not in self.kinds_of_reason:
            self.kinds_of_reason.append(kind)
            self.score += _SCORES[kind]
        self._pending.append(reason)

    @property
    def reasons(self) -> list[str]:
        self._pending = [r if isinstance(r, str) else r() for r in self._pending]
        return list(self._pending)

    def as_json(self) -> dict:
        return {
            "contribution_id": self.contribution_id,
            "kinds_of_reason": list(self.kinds_of_reason),
            "reasons": self.reasons,
            "score": self.score,
        }


def _quoted(words: Iterable[str]) -> str:
    return ", ".join(f"“{word}”" for word in words)


def _where(row) -> str:
    label = str(CHANNEL[row.channel])
    return f"“{row.event}” ({label.lower()})" if row.event else label


def _content_counts(analysis: Analysis) -> np.ndarray:
    """Distinct terms of each contribution that are not stance words."""
    matrix = analysis.terms.matrix
    stance = np.zeros(matrix.shape[1], dtype=bool)
    for term in _STANCE_TERMS:
        column = analysis.terms.vocabulary.columns.get(term)
        # Reading the project's summary may add terms to the vocabulary after the matrix
        # was built: such a column is in no contribution.
        if column is not None and column < matrix.shape[1]:
            stance[column] = True
    lengths = np.diff(matrix.indptr)
    counts = np.zeros(matrix.shape[0], dtype=np.int64)
    nonempty = lengths > 0
    if matrix.nnz:
        counts[nonempty] = np.add.reduceat(
            (~stance[matrix.indices]).astype(np.int64), matrix.indptr[:-1][nonempty]
        )
    return counts


def _unlike_others(analysis: Analysis, substantive: np.ndarray, found: dict[int, Candidate]):
    corpus, near, terms_ = analysis.corpus, analysis.near, analysis.terms
    rare = (
        substantive
        & (near.close <= RARE_AT_MOST - 1)
        & (near.best_far < UNLIKE_THRESHOLD)
        & (analysis.project < PROJECT_THRESHOLD)
        & (near.compared_share >= MIN_COMPARED_SHARE)
    )
    for position in np.flatnonzero(rare).tolist():
        others = near.close_rows(position)
        if others and (min(others) < position or not all(rare[o] for o in others)):
            continue  # proposed once per group, with its earliest contribution
        row = corpus.rows[position]
        candidate = found.setdefault(row.id, Candidate(row.id))

        def reason(position=position, others=others, row=row) -> str:
            words = terms_.words(
                similarity.distinctive_columns(
                    terms_,
                    position,
                    at_most_in=1 + len(others),
                    prefer=terms_.vocabulary.columns_of(row.title),
                )
            )
            named = ", ".join(f"#{corpus.rows[o].id}" for o in others)
            if others and words:
                text = _(
                    "Only this contribution and %(others)s, each in its own words, speak of "
                    "%(words)s; no other contribution does.",
                    others=named,
                    words=_quoted(words),
                )
            elif others:
                text = _(
                    "Only this contribution and %(others)s say this; nothing else in the "
                    "debate is like them.",
                    others=named,
                )
            elif words:
                text = _("No other contribution speaks of %(words)s.", words=_quoted(words))
            else:
                text = _("Its content is unlike every other contribution.")
            text += " " + _("The project file does not speak of it either.")
            if row.offline:
                text += " " + _("Only raised at %(where)s.", where=_where(row))
            return text

        candidate.add("unlike_others", reason)
        candidate.rank_key = min(candidate.rank_key, float(near.best_far[position]))


def _offline_only(analysis: Analysis, substantive: np.ndarray, found: dict[int, Candidate]):
    corpus, near = analysis.corpus, analysis.near
    offline = np.array([row.offline for row in corpus.rows], dtype=bool)
    heard = substantive & offline & (near.best_among < CLOSE_THRESHOLD)
    for position in np.flatnonzero(heard).tolist():
        others = near.close_rows(position)
        if others and (min(others) < position or not all(offline[o] for o in others)):
            continue
        row = corpus.rows[position]

        def reason(row=row, others=others) -> str:
            places = [_where(row)] + [_where(corpus.rows[o]) for o in others]
            return _(
                "Heard only offline: %(places)s. No contribution made online says the same.",
                places="; ".join(dict.fromkeys(places)),
            )

        found.setdefault(row.id, Candidate(row.id)).add("offline_only", reason)


def _single_theme(analysis: Analysis, substantive: np.ndarray, found: dict[int, Candidate]):
    corpus = analysis.corpus
    touching = Counter(theme for ids in corpus.themes.values() for theme in ids)
    sparse_themes = {theme for theme, n in touching.items() if n <= 2}
    if not sparse_themes:
        return
    names = dict(
        db.session.execute(db.select(Theme.id, Theme.name).where(Theme.id.in_(sparse_themes))).all()
    )
    for contribution_id, theme_ids in corpus.themes.items():
        position = corpus.index.get(contribution_id)
        if position is None or not substantive[position]:
            continue
        for theme_id in theme_ids:
            if theme_id not in sparse_themes:
                continue

            def reason(name=names[theme_id], alone=touching[theme_id] == 1) -> str:
                if alone:
                    return _(
                        "It is the only contribution filed under the theme “%(theme)s”.",
                        theme=name,
                    )
                return _(
                    "Only one other contribution is filed under the theme “%(theme)s”.",
                    theme=name,
                )

            found.setdefault(contribution_id, Candidate(contribution_id)).add(
                "single_theme", reason
            )


@dataclass(frozen=True)
class QuestionState:
    contribution_id: int
    asked: date
    due: date
    answered: date | None  # the day of the first answer, if any
    open_now: bool  # no answer stands today (never answered, or judged incomplete)

    @property
    def late(self) -> bool:
        return self.answered is not None and self.answered > self.due


def question_states(debate: Debate) -> list[QuestionState]:
    """Every published question of the debate: when asked, due, and first answered."""
    rows = db.session.execute(
        db.select(
            Contribution.id,
            Contribution.published_at,
            Contribution.created_at,
            Answer.answered_at,
            Answer.reopened_at,
        )
        .outerjoin(Answer, Answer.question_id == Contribution.id)
        .where(
            Contribution.debate_id == debate.id,
            Contribution.kind == Kind.QUESTION,
            Contribution.status == Status.PUBLISHED,
        )
        .order_by(Contribution.id)
    )
    states = []
    for contribution_id, published_at, created_at, answered_at, reopened_at in rows:
        asked_at = published_at or created_at
        states.append(
            QuestionState(
                contribution_id=contribution_id,
                asked=questions.local_date(asked_at),
                due=questions.due_on(asked_at, debate.answer_deadline_days),
                answered=questions.local_date(answered_at) if answered_at else None,
                open_now=answered_at is None or reopened_at is not None,
            )
        )
    return states


def _unanswered(
    debate: Debate, analysis: Analysis, today: date, found: dict[int, Candidate]
) -> None:
    closed = debate.phase != Phase.OPEN
    for state in question_states(debate):
        if not state.open_now or not (closed or questions.is_overdue(state.due, today)):
            continue
        if state.contribution_id not in analysis.corpus.index:
            continue

        def reason(state=state) -> str:
            return _(
                "A question asked on %(asked)s, still without an answer (it was due on %(due)s).",
                asked=format_date(state.asked, "d MMMM yyyy"),
                due=format_date(state.due, "d MMMM yyyy"),
            )

        found.setdefault(state.contribution_id, Candidate(state.contribution_id)).add(
            "unanswered", reason
        )


def _no_reply(analysis: Analysis, substantive: np.ndarray, found: dict[int, Candidate]):
    corpus = analysis.corpus
    for position, row in enumerate(corpus.rows):
        if (
            row.kind == Kind.PROPOSAL
            and row.parent_id is None
            and row.id not in corpus.replied
            and substantive[position]
        ):
            found.setdefault(row.id, Candidate(row.id)).add(
                "no_reply", lambda: _("A proposal no one replied to.")
            )


def propose(debate: Debate, analysis: Analysis, today: date | None = None) -> list[Candidate]:
    """Every reason to propose each contribution, before people's decisions are applied."""
    today = today or questions.site_today()
    reactions = np.array([row.reaction for row in analysis.corpus.rows], dtype=bool)
    substantive = (_content_counts(analysis) >= MIN_CONTENT_TERMS) & ~reactions
    found: dict[int, Candidate] = {}
    _unlike_others(analysis, substantive, found)
    _offline_only(analysis, substantive, found)
    _single_theme(analysis, substantive, found)
    _unanswered(debate, analysis, today, found)
    _no_reply(analysis, substantive, found)
    return list(found.values())


# --- Decisions --------------------------------------------------------------------------


def thread_fingerprints(root_ids: Iterable[int]) -> dict[int, str]:
    """A digest of each thread's state: its contributions, their status and last change."""
    roots = sorted(set(root_ids))
    rows: dict[int, list[str]] = {root: [] for root in roots}
    for start in range(0, len(roots), 500):
        chunk = roots[start : start + 500]
        for cid, root_id, status, updated_at in db.session.execute(
            db.select(
                Contribution.id, Contribution.root_id, Contribution.status, Contribution.updated_at
            )
            .where(Contribution.root_id.in_(chunk))
            .order_by(Contribution.id)
        ):
            rows[root_id].append(f"{cid}:{status}:{updated_at.isoformat()}")
    return {
        root: hashlib.sha256("|".join(lines).encode()).hexdigest() for root, lines in rows.items()
    }


def _root_of(contribution_id: int) -> int:
    root = db.session.scalar(
        db.select(Contribution.root_id).where(Contribution.id == contribution_id)
    )
    return root or contribution_id


def settled(debate: Debate) -> set[int]:
    """Contributions not to propose: tagged weak signals, and those decided on since their
    thread last changed."""
    tagged = set(
        db.session.scalars(
            db.select(ContributionTag.contribution_id)
            .join(Tag, Tag.id == ContributionTag.tag_id)
            .where(Tag.debate_id == debate.id, Tag.slug == WEAK_SIGNAL_SLUG)
        )
    )
    latest: dict[int, WeakSignalDecision] = {}
    for decision in db.session.scalars(
        db.select(WeakSignalDecision)
        .where(WeakSignalDecision.debate_id == debate.id)
        .order_by(WeakSignalDecision.id)
    ):
        latest[decision.contribution_id] = decision
    if not latest:
        return tagged
    roots = dict(
        db.session.execute(
            db.select(Contribution.id, Contribution.root_id).where(
                Contribution.id.in_(list(latest))
            )
        ).all()
    )
    prints = thread_fingerprints(root or cid for cid, root in roots.items())
    unchanged = {
        cid
        for cid, decision in latest.items()
        if prints.get(roots.get(cid) or cid) == decision.fingerprint
    }
    return tagged | unchanged


def weak_signal_candidates(
    debate: Debate, today: date | None = None, *, parallel: bool = False
) -> list[Candidate]:
    """Compute the candidates of a debate, strongest first, a tenth of the corpus at most.

    Computed from the database in one pass; nothing is written (see ``compute``)."""
    analysis = analyse(load(debate), parallel=parallel)
    done = settled(debate)
    found = [c for c in propose(debate, analysis, today) if c.contribution_id not in done]
    found.sort(key=lambda c: (-c.score, c.rank_key, c.contribution_id))
    return found[: int(len(analysis.corpus.rows) * SHARE_OF_CORPUS)]


def compute(
    debate: Debate, today: date | None = None, *, parallel: bool = False
) -> list[Candidate]:
    """Compute the candidates and keep them as the debate's current list."""
    found = weak_signal_candidates(debate, today, parallel=parallel)
    db.session.execute(
        db.delete(WeakSignalCandidate).where(WeakSignalCandidate.debate_id == debate.id)
    )
    for candidate in found:
        db.session.add(
            WeakSignalCandidate(
                debate_id=debate.id,
                contribution_id=candidate.contribution_id,
                kinds=",".join(candidate.kinds_of_reason),
                reasons=json.dumps(candidate.reasons, ensure_ascii=False),
                score=candidate.score,
            )
        )
    db.session.commit()
    return found


@dataclass(frozen=True)
class ShownCandidate:
    contribution: Contribution
    kinds: list[str]
    reasons: list[str]
    computed_at: object


def current_candidates(debate: Debate, limit: int | None = None) -> list[ShownCandidate]:
    """The latest computed list, less what people decided since, in chronological order
    (the first ``limit`` of them)."""
    done = settled(debate)
    query = (
        db.select(WeakSignalCandidate)
        .join(Contribution, Contribution.id == WeakSignalCandidate.contribution_id)
        .where(
            WeakSignalCandidate.debate_id == debate.id,
            Contribution.status == Status.PUBLISHED,
        )
        .order_by(Contribution.created_at, Contribution.id)
        .options(
            selectinload(WeakSignalCandidate.contribution).selectinload(Contribution.author),
            selectinload(WeakSignalCandidate.contribution).selectinload(Contribution.themes),
        )
    )
    if limit is not None:
        query = query.limit(limit + len(done))
    shown = []
    for row in db.session.scalars(query):
        if row.contribution_id in done:
            continue
        shown.append(
            ShownCandidate(
                row.contribution, row.kinds.split(","), json.loads(row.reasons), row.computed_at
            )
        )
        if limit is not None and len(shown) >= limit:
            break
    return shown


def last_computed(debate: Debate):
    return db.session.scalar(
        db.select(db.func.max(WeakSignalCandidate.computed_at)).where(
            WeakSignalCandidate.debate_id == debate.id
        )
    )


def weak_signal_tag(debate: Debate, actor) -> Tag:
    """The debate's "weak signal" tag, added to its vocabulary if a moderator removed it."""
    tag = db.session.scalar(
        db.select(Tag).where(Tag.debate_id == debate.id, Tag.slug == WEAK_SIGNAL_SLUG)
    )
    if tag is None:
        tag = Tag(
            debate_id=debate.id,
            family=TagFamily.CURATION,
            slug=WEAK_SIGNAL_SLUG,
            name=_("Weak signal"),
            position=100,
        )
        db.session.add(tag)
        record(actor, JournalAction.VOCABULARY, debate, details=f"+ curation: {tag.name}")
        db.session.flush()
    return tag


def _decided_item(debate: Debate, contribution_id: int) -> Contribution:
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.debate_id != debate.id or item.status != Status.PUBLISHED:
        raise NotFound(_("This contribution does not exist."))
    return item


def confirm(debate: Debate, contribution_id: int, actor, note: str = "") -> Contribution:
    """Confirm a candidate: the contribution gets the weak-signal tag (journaled)."""
    require_staff(actor, debate)
    item = _decided_item(debate, contribution_id)
    note = optional_note(note)
    tag = weak_signal_tag(debate, actor)
    db.session.add(
        WeakSignalDecision(
            debate_id=debate.id,
            contribution_id=item.id,
            decision=Decision.CONFIRMED,
            note=note,
            fingerprint=thread_fingerprints([_root_of(item.id)])[_root_of(item.id)],
            decided_by_id=actor.id,
        )
    )
    tags.attach(item, tag, actor, note)  # journals the tag and commits
    return item


def dismiss(debate: Debate, contribution_id: int, actor, note: str = "") -> Contribution:
    """Dismiss a candidate: it is not proposed again until its thread changes."""
    require_staff(actor, debate)
    item = _decided_item(debate, contribution_id)
    note = optional_note(note)
    root = _root_of(item.id)
    db.session.add(
        WeakSignalDecision(
            debate_id=debate.id,
            contribution_id=item.id,
            decision=Decision.DISMISSED,
            note=note,
            fingerprint=thread_fingerprints([root])[root],
            decided_by_id=actor.id,
        )
    )
    record(
        actor,
        JournalAction.DISMISS_CANDIDATE,
        debate,
        contribution=item,
        reason=note,
        details=_("Weak-signal candidate dismissed"),
    )
    db.session.commit()
    return item


def confirmed_signals(debate: Debate) -> list[Contribution]:
    """Published contributions tagged as weak signals, in chronological order."""
    return list(
        db.session.scalars(
            db.select(Contribution)
            .join(ContributionTag, ContributionTag.contribution_id == Contribution.id)
            .join(Tag, Tag.id == ContributionTag.tag_id)
            .where(
                Tag.debate_id == debate.id,
                Tag.slug == WEAK_SIGNAL_SLUG,
                Contribution.status == Status.PUBLISHED,
            )
            .order_by(Contribution.created_at, Contribution.id)
        )
    )


def check_decision(decision: str) -> Decision:
    try:
        return Decision(decision)
    except ValueError as error:
        raise InvalidInput(_("Confirm or dismiss the candidate.")) from error
