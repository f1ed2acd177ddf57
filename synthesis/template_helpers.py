"""What forum templates may ask the synthesis (cited in the report, the report's links),
without forum importing it: the ``synthesis`` Jinja global."""

from __future__ import annotations

from datetime import date

from flask import g, url_for
from flask_babel import format_date
from flask_login import current_user

from forum.errors import NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, Role
from forum.permissions import has_role
from synthesis import citations, opendata
from synthesis.models import Citation, Report


class TemplateHelpers:
    """What forum templates may ask the synthesis, without forum importing it."""

    @staticmethod
    def _cache() -> dict:
        return g.setdefault("synthesis_helpers", {})

    def citations(self, item: Contribution) -> list[str]:
        """Links to the passages of published reports citing this contribution."""
        root_id = item.root_id or item.id
        cache = self._cache()
        key = ("cited", root_id)
        if key not in cache:
            rows = db.session.execute(
                db.select(Citation.contribution_id, Citation.number, Debate.slug)
                .join(Report, Report.id == Citation.report_id)
                .join(Debate, Debate.id == Report.debate_id)
                .join(Contribution, Contribution.id == Citation.contribution_id)
                .where(Contribution.root_id == root_id, Report.published_at.is_not(None))
                .order_by(Citation.number)
            )
            found: dict[int, list[str]] = {}
            for contribution_id, number, slug in rows:
                found.setdefault(contribution_id, []).append(
                    url_for("synthesis.report_page", slug=slug, _anchor=f"cite-{number}")
                )
            cache[key] = found
        return cache[key].get(item.id, [])

    def staff(self, debate: Debate) -> bool:
        cache = self._cache()
        key = ("staff", debate.id)
        if key not in cache:
            cache[key] = has_role(current_user, debate, Role.MODERATOR, Role.COMMITTEE)
        return cache[key]

    def report_published(self, debate: Debate) -> bool:
        cache = self._cache()
        key = ("published", debate.id)
        if key not in cache:
            cache[key] = (
                db.session.scalar(
                    db.select(Report.id).where(
                        Report.debate_id == debate.id, Report.published_at.is_not(None)
                    )
                )
                is not None
            )
        return cache[key]

    @staticmethod
    def open_data(debate: Debate) -> bool:
        try:
            opendata.exportable(debate)
        except NotFound:
            return False
        return True

    @staticmethod
    def day(value: date) -> str:
        return format_date(value, "d MMMM yyyy")

    @staticmethod
    def short_day(value: date) -> str:
        return format_date(value, "d MMM")

    @staticmethod
    def source_line(item: Contribution) -> str:
        return citations.source_line(item)
