"""The ``moderation`` Jinja global: what forum templates may ask (they never import
this package): tags, duplicates, contest links and labels, computed for the viewer."""

from __future__ import annotations

from flask import (
    g,
)
from flask_babel import ngettext
from flask_login import current_user

from forum.extensions import db
from forum.labels import CHANNEL, ROLE
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Phase,
    Role,
)
from forum.permissions import has_role, is_staff
from moderation import (
    contests,
    filing,
    tags,
)
from moderation.labels import (
    ACTION,
    DEBATE_FIELD,
    FLAG_REASON,
    OUTCOME,
    TAG_FAMILY,
    TRANSCRIPTION,
)
from moderation.models import ContestOutcome, FlagReason, JournalAction, TagFamily

# --- What forum templates may ask (they never import this package) ---------------------


class TemplateHelpers:
    """``moderation`` in templates: tags, duplicates and links, computed for the viewer."""

    def _cache(self) -> dict:
        if "moderation_cache" not in g:
            g.moderation_cache = {}
        return g.moderation_cache

    def staff(self, debate: Debate) -> bool:
        key = ("staff", debate.id)
        cache = self._cache()
        if key not in cache:
            cache[key] = is_staff(current_user, debate)
        return cache[key]

    def moderator(self, debate: Debate) -> bool:
        key = ("moderator", debate.id)
        cache = self._cache()
        if key not in cache:
            cache[key] = has_role(current_user, debate, Role.MODERATOR)
        return cache[key]

    def committee(self, debate: Debate) -> bool:
        key = ("committee", debate.id)
        cache = self._cache()
        if key not in cache:
            cache[key] = has_role(current_user, debate, Role.COMMITTEE)
        return cache[key]

    def tags(self, item: Contribution) -> list[tags.ShownTag]:
        """Argument types for everyone; curation tags too for the debate's staff.

        Those of a list prepared by ``list_tags``, or else loaded per thread (one query for
        all its contributions), so a page costs the same number of queries whatever its
        size.
        """
        staff = self.staff(item.debate)
        cache = self._cache()
        listed = cache.get(("listed tags", staff))
        if listed is not None and item.id in listed:
            return listed[item.id]
        root_id = item.root_id or item.id
        key = ("tags", root_id, staff)
        if key not in cache:
            cache[key] = tags.tags_in_thread(root_id, staff=staff)
        return cache[key].get(item.id, [])

    def list_tags(self, items: list[Contribution]) -> str:
        """Load the tags of a list's contributions at once (a theme page's cards come from
        as many threads). Called by templates before the list; renders nothing."""
        cache = self._cache()
        for staff in (False, True):
            ids = [item.id for item in items if self.staff(item.debate) == staff]
            if ids:
                found = tags.tags_by_contribution(ids, staff=staff)
                listed = cache.setdefault(("listed tags", staff), {})
                listed.update({item_id: found.get(item_id, []) for item_id in ids})
        return ""

    def duplicates(self, item: Contribution) -> list[Contribution]:
        return filing.duplicates_of(item)

    def can_contest(self, item: Contribution) -> bool:
        """May the viewer contest the masking of ``item``? (one query per thread)"""
        if not current_user.is_authenticated:
            return False
        root_id = item.root_id or item.id
        key = ("contestable", root_id)
        cache = self._cache()
        if key not in cache:
            cache[key] = contests.contestable_in_thread(root_id, current_user)
        return item.id in cache[key]

    def contest(self, item: Contribution):
        return contests.contest_of(contests.masking_decision(item))

    def transcription_label(self, item: Contribution) -> str:
        return str(TRANSCRIPTION[item.transcription]) if item.transcription else ""

    @staticmethod
    def outcome_label(contest) -> str:
        return str(OUTCOME[contest.outcome])

    @staticmethod
    def action_label(action: JournalAction) -> str:
        return str(ACTION[action])

    @staticmethod
    def debate_fields_label(fields: tuple[str, ...]) -> str:
        """The fields a change of the debate's presentation touched, in words."""
        return ", ".join(str(DEBATE_FIELD[f]) for f in fields if f in DEBATE_FIELD)

    @staticmethod
    def details_label(action: JournalAction, details: str) -> str:
        """A journal entry's details in the reader's language: the entry keeps codes (a
        contest's outcome, a role, a channel, the fields changed), written here in words."""
        code, _sep, rest = details.partition(" · ")
        if action == JournalAction.CONTEST_ANSWER and details in set(ContestOutcome):
            return str(OUTCOME[ContestOutcome(details)])
        if action in (JournalAction.ROLE_GRANT, JournalAction.ROLE_REVOKE) and details in set(Role):
            return str(ROLE[Role(details)])
        if action == JournalAction.OFFLINE_ENTRY and code in set(Channel):
            return " · ".join(filter(None, (str(CHANNEL[Channel(code)]), rest)))
        if action == JournalAction.DEBATE_EDIT:
            return TemplateHelpers.debate_fields_label(tuple(details.split(",")))
        if action == JournalAction.REDACT and details.isdigit():
            count = int(details)
            return ngettext("%(num)d passage redacted", "%(num)d passages redacted", count)
        if action == JournalAction.IMPORT:
            parts = details.split(" ", 3)
            if len(parts) == 4 and all(part.isdigit() for part in parts[:3]):
                return ngettext(
                    "%(num)d contribution imported from %(source)s (#%(first)s to #%(last)s)",
                    "%(num)d contributions imported from %(source)s (#%(first)s to #%(last)s)",
                    int(parts[0]),
                    source=parts[3],
                    first=parts[1],
                    last=parts[2],
                )
        if action == JournalAction.VOCABULARY:
            # "+ curation: Signal faible": the family's code said in words.
            sign, _space, rest = details.partition(" ")
            code, colon, name = rest.partition(": ")
            if colon and code in set(TagFamily):
                return f"{sign} {TAG_FAMILY[TagFamily(code)]} : {name}"
        return details

    @staticmethod
    def flag_label(reason: FlagReason) -> str:
        return str(FLAG_REASON[reason])

    @staticmethod
    def debates_with_charter() -> list[Debate]:
        """Open debates with a charter of their own (linked from the registration form)."""
        return list(
            db.session.scalars(
                db.select(Debate)
                .where(Debate.phase == Phase.OPEN, Debate.charter_source != "")
                .order_by(Debate.opens_on.desc(), Debate.id)
            )
        )

    @staticmethod
    def family_label(family: TagFamily) -> str:
        return str(TAG_FAMILY[family])

    @staticmethod
    def actions() -> list[JournalAction]:
        """The actions a debate's journal can hold (the site's own are not among them)."""
        site = {JournalAction.SITE_SUSPEND, JournalAction.SITE_LIFT_SUSPENSION}
        return [action for action in JournalAction if action not in site]


def install(app) -> None:
    # A global, not a context variable: macros imported from _macros.html see globals only.
    app.jinja_env.globals["moderation"] = TemplateHelpers()
