"""The statistics of a debate: its audience and diversity, never the weight of an opinion.

The one public place with numbers (PRODUCT.md section 1): participants, contributions by
channel and by kind, themes covered week by week, questions answered within the
deadline, and the age band, gender and area that participants chose to declare. Declared
groups smaller than ``SMALL_GROUP`` are shown as "fewer than 5"; when a single group of a
breakdown is hidden, the next smallest is hidden too, so that no one can find the hidden
figure by subtracting the others from the total.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from forum.extensions import db
from forum.labels import AGE_BAND, CHANNEL, GENDER, KIND
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Kind,
    Status,
    Theme,
    User,
    contribution_themes,
    utcnow,
)
from questions import circuit as questions
from questions import overview
from synthesis.models import ProfileSnapshot

SMALL_GROUP = 5


@dataclass(frozen=True)
class Figure:
    """One line of a table: its label, and its value (None when hidden as a small group)."""

    label: str
    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None


def protect(counts: list[tuple[str, int]]) -> list[Figure]:
    """Hide groups smaller than ``SMALL_GROUP``, and one more if only one would be hidden."""
    hidden = {label for label, n in counts if n < SMALL_GROUP}
    if len(hidden) == 1 and len(counts) > 1:
        shown = sorted((n, label) for label, n in counts if label not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return [Figure(label, None if label in hidden else n) for label, n in counts]


@dataclass(frozen=True)
class Week:
    start: date
    counts: list[int]  # per theme, in the order of the theme index


@dataclass(frozen=True)
class Figures:
    participants: int  # people with an account who contributed
    contributions: int
    offline_contributions: int
    by_channel: list[Figure]
    by_kind: list[Figure]
    themes: list[str]
    weeks: list[Week]
    questions_asked: int
    questions_judged: int
    answered_in_time: float | None
    median_days: float | None
    age_bands: list[Figure]
    genders: list[Figure]
    areas: list[Figure]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# Codes of the two rows every profile breakdown ends with.
OTHER_AREAS = "\u0000other"  # a code no typed area can be (NUL is refused)
UNDECLARED = ""


def _declared(values: list[str | None], labels: dict[str, object]) -> list[tuple[str, int]]:
    counts = Counter(value if value in labels else UNDECLARED for value in values)
    rows = [(code, counts.get(code, 0)) for code in labels]
    rows.append((UNDECLARED, counts.get(UNDECLARED, 0)))
    return rows


def _areas(values: list[str]) -> list[tuple[str, int]]:
    """Areas as people typed them (case and spaces aside); small ones merged, not named."""
    counts = Counter(" ".join(value.split()).casefold() for value in values if value.strip())
    names: dict[str, str] = {}
    for value in values:
        key = " ".join(value.split()).casefold()
        if key and key not in names:
            names[key] = " ".join(value.split())
    shown = sorted((names[key], n) for key, n in counts.items() if n >= SMALL_GROUP)
    small = sum(n for n in counts.values() if n < SMALL_GROUP)
    undeclared = sum(1 for value in values if not value.strip())
    return shown + [(OTHER_AREAS, small), (UNDECLARED, undeclared)]


def profile_figures(people: list) -> dict[str, list[list]]:
    """The declared-profile breakdowns, small groups already hidden, by code (not label)."""
    return {
        name: [[figure.label, figure.value] for figure in protect(rows)]
        for name, rows in (
            ("age_bands", _declared([p.age_band for p in people], AGE_BAND)),
            ("genders", _declared([p.gender for p in people], GENDER)),
            ("areas", _areas([p.area or "" for p in people])),
        )
    }


def _labelled(rows: list[list], labels: dict[str, object]) -> list[Figure]:
    def label(code: str) -> str:
        if code == UNDECLARED:
            return _("Not declared")
        if code == OTHER_AREAS:
            return _("Other areas")
        return str(labels.get(code, code))

    return [Figure(label(code), value) for code, value in rows]


def _profile_authors(debate: Debate) -> list:
    published = (Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
    authors = db.select(Contribution.author_id).where(*published).distinct().subquery()
    return list(
        db.session.execute(
            db.select(User.age_band, User.gender, User.area).where(User.id.in_(db.select(authors)))
        ).all()
    )


def snapshot_profiles(debate: Debate) -> None:
    """Freeze the declared-profile figures of a debate (no commit): done at publication of
    its report, before the profile fields may be purged."""
    data = json.dumps(profile_figures(_profile_authors(debate)), ensure_ascii=False)
    snapshot = db.session.scalar(
        db.select(ProfileSnapshot).where(ProfileSnapshot.debate_id == debate.id)
    )
    if snapshot is None:
        db.session.add(ProfileSnapshot(debate_id=debate.id, figures=data))
    else:
        snapshot.figures, snapshot.taken_at = data, utcnow()


def _frozen_profiles(debate: Debate) -> dict[str, list[list]] | None:
    data = db.session.scalar(
        db.select(ProfileSnapshot.figures).where(ProfileSnapshot.debate_id == debate.id)
    )
    return json.loads(data) if data else None


def figures(debate: Debate, today: date | None = None) -> Figures:
    """Compute the statistics page of a debate (aggregates only, from the database)."""
    today = today or questions.site_today()
    published = (Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
    by_channel = dict(
        db.session.execute(
            db.select(Contribution.channel, db.func.count())
            .where(*published)
            .group_by(Contribution.channel)
        ).all()
    )
    by_kind = dict(
        db.session.execute(
            db.select(Contribution.kind, db.func.count())
            .where(*published)
            .group_by(Contribution.kind)
        ).all()
    )
    people = _profile_authors(debate)
    # Once the report is out, the profile figures are those frozen at its publication.
    profiles = _frozen_profiles(debate) or profile_figures(people)
    themes = list(debate.themes)
    column = {theme.id: n for n, theme in enumerate(themes)}
    weekly: dict[date, list[int]] = defaultdict(lambda: [0] * len(themes))
    for created_at, theme_id in db.session.execute(
        db.select(Contribution.created_at, contribution_themes.c.theme_id)
        .join(contribution_themes, contribution_themes.c.contribution_id == Contribution.id)
        .join(Theme, Theme.id == contribution_themes.c.theme_id)
        .where(*published)
    ):
        weekly[_monday(questions.local_date(created_at))][column[theme_id]] += 1
    weeks = []
    if weekly:
        start = min(weekly)
        end = max(weekly)
        if debate.opens_on:
            start = min(start, _monday(debate.opens_on))
        day = start
        while day <= end:
            weeks.append(Week(day, list(weekly.get(day, [0] * len(themes)))))
            day += timedelta(days=7)
    accountability = overview.accountability(debate, today)
    total = sum(by_channel.values())
    return Figures(
        participants=len(people),
        contributions=total,
        offline_contributions=total - by_channel.get(Channel.ONLINE, 0),
        by_channel=[Figure(str(CHANNEL[c]), by_channel.get(c, 0)) for c in Channel],
        by_kind=[Figure(str(KIND[k]), by_kind.get(k, 0)) for k in Kind],
        themes=[theme.name for theme in themes],
        weeks=weeks,
        questions_asked=by_kind.get(Kind.QUESTION, 0),
        questions_judged=accountability.judged,
        answered_in_time=accountability.in_time_share,
        median_days=accountability.median_days,
        age_bands=_labelled(profiles["age_bands"], AGE_BAND),
        genders=_labelled(profiles["genders"], GENDER),
        areas=_labelled(profiles["areas"], {}),
    )
