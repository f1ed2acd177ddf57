"""How long the optional profile answers are kept: ``flask --app app purge-profiles``.

Age band, gender and area are asked only for the statistics of the debates a person takes
part in. Once every debate they took part in (wrote at least one contribution in, of any
status) has had its report published more than ``PALABRE_PROFILE_RETENTION_DAYS`` days
ago, the three answers are cleared. A person who has not taken part in any debate keeps
them (they are used for nothing until then, and can be cleared on the account page).

The statistics of a published report do not change: the profile figures were frozen at
publication (``statistics.snapshot_profiles``); a report published before that existed is
frozen here, before anything is cleared.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import click
from flask import current_app
from flask_babel import ngettext
from sqlalchemy import or_, update

from forum.extensions import db
from forum.models import Contribution, Debate, User, utcnow
from synthesis import statistics
from synthesis.models import ProfileSnapshot, Report, ReportStatus


def _reported_before(cutoff: datetime):
    return db.select(Report.debate_id).where(
        Report.status == ReportStatus.PUBLISHED, Report.published_at <= cutoff
    )


def _freeze_missing_snapshots() -> None:
    missing = db.session.scalars(
        db.select(Debate)
        .join(Report, Report.debate_id == Debate.id)
        .where(
            Report.status == ReportStatus.PUBLISHED,
            Debate.id.not_in(db.select(ProfileSnapshot.debate_id)),
        )
    ).all()
    for debate in missing:
        statistics.snapshot_profiles(debate)


def profiles_to_purge(now: datetime | None = None, days: int | None = None):
    """The query of the users whose profile answers are due for clearing."""
    if days is None:
        days = int(current_app.config.get("PALABRE_PROFILE_RETENTION_DAYS", 180))
    cutoff = (now or utcnow()) - timedelta(days=days)
    authored = Contribution.author_id.is_not(None)
    took_part = db.select(Contribution.author_id).where(authored)
    still_running = db.select(Contribution.author_id).where(
        authored, Contribution.debate_id.not_in(_reported_before(cutoff))
    )
    return db.select(User.id).where(
        User.id.in_(took_part),
        User.id.not_in(still_running),
        or_(User.age_band.is_not(None), User.gender.is_not(None), User.area != ""),
    )


def purge_profiles(now: datetime | None = None, days: int | None = None) -> int:
    """Clear the profile answers that are due; return how many people were concerned."""
    _freeze_missing_snapshots()
    ids = list(db.session.scalars(profiles_to_purge(now, days)))
    if ids:
        db.session.execute(
            update(User).where(User.id.in_(ids)).values(age_band=None, gender=None, area="")
        )
    db.session.commit()
    return len(ids)


@click.command("purge-profiles")
@click.option("--days", type=click.IntRange(min=0), default=None, help="Override the setting.")
@click.option("--dry-run", is_flag=True, help="Only say how many would be cleared.")
def purge_profiles_command(days: int | None, dry_run: bool) -> None:
    """Clear age band, gender and area once the debates taken part in are reported."""
    if dry_run:
        count = len(db.session.scalars(profiles_to_purge(days=days)).all())
        click.echo(
            ngettext("%(num)d profile would be cleared", "%(num)d profiles would be cleared", count)
        )
        return
    cleared = purge_profiles(days=days)
    click.echo(ngettext("%(num)d profile cleared", "%(num)d profiles cleared", cleared))
