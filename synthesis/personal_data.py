"""The committee's share of a person's data (``forum.privacy``), registered at app creation,
and what an erasure changes here: the published reports naming the person.

A published report is frozen, but its notes and its printed annex name each contribution's
author. When an account is erased, every published report of a debate the person wrote in
is rendered again (``synthesis.documents.redraw``), HTML and PDF, in the erasure's
transaction: same notes and quotes, same figures, "deleted participant" in place of the
pseudonym. The previous PDF is removed once the erasure is committed. A restore from a
backup re-applies erasures through the same path (``forum.backup.reapply_erasures``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forum import privacy
from forum.extensions import db
from forum.models import Contribution, User
from forum.privacy import AfterCommit, PersonalData, iso, rows
from synthesis import documents
from synthesis.models import (
    Citation,
    Report,
    SectionRevision,
    SetAside,
    WeakSignalDecision,
    WeakSignalRun,
)


def _cited(user: User) -> dict[str, Any]:
    rows = db.session.execute(
        db.select(Citation.contribution_id, Citation.number, Report.debate_id, Report.published_at)
        .join(Report, Report.id == Citation.report_id)
        .join(Contribution, Contribution.id == Citation.contribution_id)
        .where(Contribution.author_id == user.id, Report.published_at.is_not(None))
        .order_by(Report.id, Citation.number)
    ).all()
    return {
        "cited_in_reports": [
            {
                "contribution_id": contribution_id,
                "debate_id": debate_id,
                "note": number,
                "published_at": iso(published_at),
            }
            for contribution_id, number, debate_id, published_at in rows
        ]
    }


def _committee_work(user: User) -> dict[str, Any]:
    published = rows(Report, Report.published_by_id == user.id)
    revisions = rows(SectionRevision, SectionRevision.saved_by_id == user.id)
    asides = rows(SetAside, SetAside.set_by_id == user.id)
    decisions = rows(WeakSignalDecision, WeakSignalDecision.decided_by_id == user.id)
    runs = rows(WeakSignalRun, WeakSignalRun.requested_by_id == user.id)
    return {
        "reports_published": [
            {"debate": r.debate.slug, "published_at": iso(r.published_at)} for r in published
        ],
        # Every save of a section writes a revision: the sections' "last saved by" is there.
        "report_section_revisions": [
            {
                "section_id": rev.section_id,
                "number": rev.number,
                "title": rev.title,
                "text": rev.body_source,
                "note": rev.note,
                "saved_at": iso(rev.saved_at),
            }
            for rev in revisions
        ],
        "report_set_asides": [
            {"contribution_id": a.contribution_id, "reason": a.reason, "set_at": iso(a.set_at)}
            for a in asides
        ],
        "weak_signal_decisions": [
            {
                "contribution_id": d.contribution_id,
                "decision": d.decision.value,
                "note": d.note,
                "decided_at": iso(d.decided_at),
            }
            for d in decisions
        ],
        # The last computation of a debate's candidates this person asked for.
        "weak_signal_computations": [
            {"debate_id": run.debate_id, "requested_at": iso(run.requested_at)} for run in runs
        ],
    }


def _redraw_reports(contribution_ids: list[int]) -> list[AfterCommit]:
    old = documents.redraw_reports_showing(contribution_ids)
    return [lambda: _remove(old)] if old else []


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def register() -> None:
    """The committee's share, registered at app creation (``app.py``)."""
    privacy.register(PersonalData("synthesis.citations", ("report_citations",), _cited))
    privacy.register(
        PersonalData(
            "synthesis.committee_work",
            (
                "reports",
                "report_sections",
                "report_section_revisions",
                "report_set_asides",
                "weak_signal_decisions",
                "weak_signal_runs",
            ),
            _committee_work,
        )
    )
    privacy.register_redrawer("synthesis.reports", _redraw_reports)
