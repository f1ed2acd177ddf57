"""Moderation's share of a person's data (``forum.privacy``), registered at app creation.

Exported: the flags the person made (with their notes), their contests and how they were
answered, the journal's entries about them or their contributions, and — for staff — what
they did: tags attached, contests answered, their own journal entries.

Left out on purpose (``docs/DECISIONS.md``, "What the data export holds"): the flags
*others* made on the person's contributions (they would say who reported whom), the name
of the staff member behind a decision, and staff's free-text notes on decisions that are
not told to the public (tag notes, curation): those are the staff's working words, which
may speak of other people. A public decision's reason and charter article are exported:
the person was told them anyway.
"""

from __future__ import annotations

from typing import Any

from forum import privacy
from forum.extensions import db
from forum.models import Contribution, User
from forum.privacy import PersonalData, iso, rows
from moderation.models import PUBLIC_ACTIONS, Contest, ContributionTag, Flag, JournalEntry


def _participant(user: User) -> dict[str, Any]:
    flags = rows(Flag, Flag.user_id == user.id)
    contests = rows(Contest, Contest.author_id == user.id)
    mine = db.select(Contribution.id).where(Contribution.author_id == user.id)
    about = rows(
        JournalEntry,
        (JournalEntry.target_user_id == user.id) | JournalEntry.contribution_id.in_(mine),
    )
    return {
        "flags": [
            {
                "contribution_id": flag.contribution_id,
                "reason": flag.reason.value,
                "note": flag.note,
                "created_at": iso(flag.created_at),
                "handled_at": iso(flag.handled_at),
            }
            for flag in flags
        ],
        "contests": [
            {
                "contribution_id": contest.contribution_id,
                "text": contest.text,
                "created_at": iso(contest.created_at),
                "outcome": contest.outcome.value,
                "answer": contest.answer,
                "answered_at": iso(contest.answered_at),
            }
            for contest in contests
        ],
        "moderation_decisions_about_me": [
            {
                "action": entry.action.value,
                "contribution_id": entry.contribution_id,
                "created_at": iso(entry.created_at),
                "reason": entry.reason if entry.action in PUBLIC_ACTIONS else "",
                "charter_article": entry.charter_article,
            }
            for entry in about
        ],
    }


def _staff(user: User) -> dict[str, Any]:
    tags = rows(
        ContributionTag, ContributionTag.tagged_by_id == user.id, order_by=ContributionTag.tagged_at
    )
    answered = rows(Contest, Contest.answered_by_id == user.id)
    actions = rows(JournalEntry, JournalEntry.actor_id == user.id)
    return {
        "tags_attached": [
            {
                "contribution_id": row.contribution_id,
                "tag": row.tag.name,
                "note": row.note,
                "tagged_at": iso(row.tagged_at),
            }
            for row in tags
        ],
        "contests_answered": [
            {
                "contribution_id": contest.contribution_id,
                "outcome": contest.outcome.value,
                "answer": contest.answer,
                "answered_at": iso(contest.answered_at),
            }
            for contest in answered
        ],
        # The person a decision concerned is left out: their identity is theirs.
        "my_staff_actions": [
            {
                "action": entry.action.value,
                "debate_id": entry.debate_id,
                "contribution_id": entry.contribution_id,
                "created_at": iso(entry.created_at),
                "reason": entry.reason,
                "charter_article": entry.charter_article,
                "details": entry.details,
            }
            for entry in actions
        ],
    }


def register() -> None:
    """Moderation's share, registered at app creation (``app.py``)."""
    privacy.register(
        PersonalData(
            "moderation.participant", ("flags", "contests", "moderation_journal"), _participant
        )
    )
    privacy.register(PersonalData("moderation.staff", ("contribution_tags",), _staff))
