"""Who a contribution is from, as its meta line and its heading say it.

An online contribution is signed by its author's pseudonym. A contribution transcribed by
the moderators (a meeting, a register, a letter…) has no account: it is signed by the
person's name if they agreed to be named, and otherwise by when and how it was collected —
the meta line already says where (channel and event), so the byline does not repeat it.
Older transcriptions store a generic attribution written by the software ("Participant at
“the meeting”, 4 November"); it is recognised (it holds the event or the day) and read as
unnamed, so that no byline quotes the event inside its own quotes.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from forum.models import Channel, Contribution

# Channels where words are said rather than written.
SPOKEN = frozenset({Channel.PUBLIC_MEETING, Channel.WORKSHOP, Channel.MOBILE_DEBATE})
DAY_FORMAT = "d MMMM yyyy"
_GENERIC_LOCALES = ("fr", "en")


def is_transcribed(item: Contribution) -> bool:
    return item.channel != Channel.ONLINE and item.author_id is None


def named_person(item: Contribution) -> str:
    """The name a transcribed contribution is attributed to, with the person's consent;
    "" when its attribution is the generic one the software wrote."""
    attribution = (item.attribution or "").strip()
    if not attribution or (item.event and item.event in attribution):
        return ""
    if item.occurred_on is not None:
        # Babel's own date formatting, in each language the generic text was written in.
        from babel.dates import format_date as babel_date

        days = {babel_date(item.occurred_on, DAY_FORMAT, locale=code) for code in _GENERIC_LOCALES}
        if any(day in attribution for day in days):
            return ""
    return attribution


def author_name(item: Contribution) -> str:
    """Who signs ``item``: a pseudonym, a consenting person's name, or "" (unsigned)."""
    if is_transcribed(item):
        return named_person(item)
    return item.author.pseudonym if item.author else _("deleted participant")


def transcribed_byline(item: Contribution, with_name: bool = True) -> str:
    """The meta line's "who and when" of a transcribed contribution (``with_name`` false:
    when only, under a heading that names the person)."""
    name = named_person(item) if with_name else ""
    day = format_date(item.occurred_on, DAY_FORMAT) if item.occurred_on else ""
    spoken = item.channel in SPOKEN
    if name and day:
        if spoken:
            return _("said by %(name)s on %(day)s", name=name, day=day)
        return _("written by %(name)s on %(day)s", name=name, day=day)
    if name:
        return _("said by %(name)s", name=name) if spoken else _("written by %(name)s", name=name)
    if day:
        return _("said on %(day)s", day=day) if spoken else _("written on %(day)s", day=day)
    return _("transcribed by the moderators")


def reply_heading(item: Contribution) -> str:
    """The heading of a reply without a title: who it is from, said once (the meta line
    under it then leaves the author out)."""
    name = author_name(item)
    if not name:
        return _("Unsigned reply")
    if is_transcribed(item):  # said or written by this person, published by the moderators
        return _("Reply from %(name)s", name=name)
    return _("Reply by %(name)s", name=name)
