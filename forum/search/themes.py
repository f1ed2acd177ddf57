"""The theme index of a debate: its themes, their description and their contributions.

The public index shows no count (PRODUCT.md section 1); staff also see the contributions
not yet filed under any theme, which is work for them to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Contribution, Debate, Status, Theme, contribution_themes
from forum.permissions import AnyUser, is_staff

PER_THEME = 5
UNFILED_SHOWN = 50


@dataclass
class ThemeEntry:
    theme: Theme
    contributions: list[Contribution] = field(default_factory=list)


@dataclass
class ThemeIndex:
    debate: Debate
    entries: list[ThemeEntry]
    staff: bool = False
    unfiled: list[Contribution] = field(default_factory=list)
    unfiled_total: int = 0  # a workload figure, for staff only


def theme_index(debate: Debate, viewer: AnyUser | None, per_theme: int = PER_THEME) -> ThemeIndex:
    """Each theme with its latest opening contributions (published, not replies)."""
    entries = []
    for theme in debate.themes:
        items = db.session.scalars(
            select(Contribution)
            .join(contribution_themes, contribution_themes.c.contribution_id == Contribution.id)
            .where(
                contribution_themes.c.theme_id == theme.id,
                Contribution.debate_id == debate.id,
                Contribution.status == Status.PUBLISHED,
                Contribution.parent_id.is_(None),
            )
            .options(selectinload(Contribution.author))
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
            .limit(per_theme)
        ).all()
        entries.append(ThemeEntry(theme, list(items)))
    index = ThemeIndex(debate, entries, staff=is_staff(viewer, debate))
    if index.staff:
        unfiled = (
            select(Contribution)
            .where(
                Contribution.debate_id == debate.id,
                ~exists().where(contribution_themes.c.contribution_id == Contribution.id),
            )
            .options(selectinload(Contribution.author))
        )
        index.unfiled = list(
            db.session.scalars(
                unfiled.order_by(Contribution.created_at.desc(), Contribution.id.desc()).limit(
                    UNFILED_SHOWN
                )
            )
        )
        index.unfiled_total = db.session.scalar(
            select(db.func.count()).select_from(unfiled.subquery())
        )
    return index
