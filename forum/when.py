"""Dates written for the reader, as flask_babel's ``datetimeformat`` writes them, cheaply.

A thread page writes a date per reply: through flask_babel, each looked up the reader's
language and the site's time zone again and built babel's formatter anew. Here they are
found once a request, with each pattern parsed once, and a date already written in a
pattern is not written again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import parse_pattern
from flask import current_app, g
from flask_babel import get_locale, get_timezone


def site_zone() -> ZoneInfo:
    """The site's time zone (``BABEL_DEFAULT_TIMEZONE``): its calendar days are the debate's."""
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Paris")


def site_today() -> date:
    """Today in the site's time zone: a debate's dates and deadlines are counted in it."""
    return datetime.now(site_zone()).date()


def datetime_text(value: datetime, pattern: str) -> str:
    """``value`` (naive UTC, as stored) in the site's time zone and the reader's language,
    written with the babel ``pattern`` (not a named format such as "long")."""
    written = g.get("dates_written")
    if written is None:
        written = g.dates_written = {}
        g.date_setting = (get_locale(), get_timezone())
    key = (value, pattern)
    text = written.get(key)
    if text is None:
        locale, zone = g.date_setting
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        moment = zone.normalize(moment.astimezone(zone))
        text = written[key] = parse_pattern(pattern).apply(moment, locale)
    return text
