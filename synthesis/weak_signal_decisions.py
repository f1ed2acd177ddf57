"""People's decisions on weak-signal candidates, and the list they decide on.

A moderator or committee member confirms a candidate (the "weak signal" tag is added, and
the journal says so) or dismisses it with an optional note (journaled too). A dismissed
candidate is not proposed again while its thread stays as it was: each decision keeps a
fingerprint of the thread's state.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from forum.errors import InvalidInput, NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, Status
from moderation import tags
from moderation.journal import record
from moderation.models import ContributionTag, JournalAction, Tag, TagFamily
from moderation.rules import optional_note, require_staff
from synthesis.models import (
    Decision,
    RunState,
    WeakSignalCandidate,
    WeakSignalDecision,
    WeakSignalRun,
)

WEAK_SIGNAL_SLUG = "weak-signal"


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
    """When the candidates were last computed (the latest computation done, or the
    candidates kept before computations were recorded)."""
    finished = db.session.scalar(
        db.select(WeakSignalRun.finished_at).where(
            WeakSignalRun.debate_id == debate.id, WeakSignalRun.state == RunState.DONE
        )
    )
    return finished or db.session.scalar(
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
