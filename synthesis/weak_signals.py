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

Only a contributor's own words are compared (``synthesis.own_words``); which arguments
are rare is ``synthesis.rarity``. People confirm or dismiss each candidate
(``synthesis.weak_signal_decisions``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.extensions import db
from forum.labels import CHANNEL
from forum.models import Contribution, Debate, Kind, Phase, Status, Theme
from questions import circuit as questions
from questions.models import Answer
from synthesis import rarity
from synthesis.corpus import CLOSE_THRESHOLD, Analysis, Progress, analyse, load
from synthesis.models import WeakSignalCandidate

# The decisions' side, read from here by the workspace, the report and the views.
from synthesis.weak_signal_decisions import (  # noqa: F401
    WEAK_SIGNAL_SLUG,
    ShownCandidate,
    check_decision,
    confirm,
    confirmed_signals,
    current_candidates,
    dismiss,
    last_computed,
    settled,
    thread_fingerprints,
    weak_signal_tag,
)

SHARE_OF_CORPUS = 0.1

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


def _unlike_others(analysis: Analysis, arguing: np.ndarray, found: dict[int, Candidate]):
    corpus, near = analysis.corpus, analysis.near
    own = rarity.OwnWords(analysis)
    for group in rarity.rare_groups(analysis, arguing):
        position, others = group.position, group.others
        row = corpus.rows[position]
        candidate = found.setdefault(row.id, Candidate(row.id))

        def reason(position=position, others=others, row=row) -> str:
            words = own.distinctive(position, at_most_in=1 + len(others))
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
            if analysis.sources and analysis.sources[position]:
                text += " " + _(
                    "It cites as a source: %(sites)s.", sites=", ".join(analysis.sources[position])
                )
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
    substantive = rarity.substantive(analysis)
    found: dict[int, Candidate] = {}
    _unlike_others(analysis, substantive, found)
    _offline_only(analysis, substantive, found)
    _single_theme(analysis, substantive, found)
    _unanswered(debate, analysis, today, found)
    _no_reply(analysis, substantive, found)
    return list(found.values())


def weak_signal_candidates(
    debate: Debate,
    today: date | None = None,
    *,
    parallel: bool = False,
    progress: Progress | None = None,
) -> list[Candidate]:
    """Compute the candidates of a debate, strongest first, a tenth of the corpus at most.

    Computed from the database in one pass; nothing is written (see ``compute``).
    ``progress`` is told each stage reached."""
    if progress:
        progress("read")
    analysis = analyse(load(debate), parallel=parallel, progress=progress)
    if progress:
        progress("propose")
    done = settled(debate)
    found = [c for c in propose(debate, analysis, today) if c.contribution_id not in done]
    found.sort(key=lambda c: (-c.score, c.rank_key, c.contribution_id))
    return found[: int(len(analysis.corpus.rows) * SHARE_OF_CORPUS)]


def compute(
    debate: Debate,
    today: date | None = None,
    *,
    parallel: bool = False,
    progress: Progress | None = None,
) -> list[Candidate]:
    """Compute the candidates and keep them as the debate's current list."""
    found = weak_signal_candidates(debate, today, parallel=parallel, progress=progress)
    if progress:
        progress("write")
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
