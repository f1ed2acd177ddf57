"""The tag vocabulary of a debate, and tagging contributions.

Two families: argument types (pro, con, alternative…) are shown to the public as labels;
curation tags (weak signal, needs an answer…) are seen by staff only. No count of tags is
ever shown to the public.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from forum.debates import slugify
from forum.errors import InvalidInput, NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, User
from forum.sanitize import clean_plain
from forum.search import enqueue, register_enricher, register_tag_vocabulary
from moderation.journal import record
from moderation.models import ContributionTag, JournalAction, Tag, TagFamily
from moderation.rules import optional_note, require_moderator, require_staff

# The vocabulary a debate starts with (moderators then add, rename or remove).
DEFAULT_VOCABULARY = (
    (TagFamily.ARGUMENT, "pro", _l("For the project")),
    (TagFamily.ARGUMENT, "con", _l("Against the project")),
    (TagFamily.ARGUMENT, "alternative", _l("Alternative")),
    (TagFamily.ARGUMENT, "question-of-fact", _l("Question of fact")),
    (TagFamily.ARGUMENT, "usage-expertise", _l("Usage expertise")),
    (TagFamily.ARGUMENT, "testimony", _l("Testimony")),
    (TagFamily.CURATION, "weak-signal", _l("Weak signal")),
    (TagFamily.CURATION, "new-argument", _l("New argument")),
    (TagFamily.CURATION, "needs-answer", _l("Needs an answer")),
    (TagFamily.CURATION, "to-deepen", _l("To deepen")),
    (TagFamily.CURATION, "off-topic", _l("Off-topic")),
)
MAX_TAG_NAME = 80


def vocabulary(debate: Debate) -> list[Tag]:
    return list(
        db.session.scalars(
            db.select(Tag)
            .where(Tag.debate_id == debate.id)
            .order_by(Tag.family, Tag.position, Tag.id)
        )
    )


def get_tag(debate: Debate, tag_id: int) -> Tag:
    tag = db.session.get(Tag, tag_id)
    if tag is None or tag.debate_id != debate.id:
        raise NotFound(_("This tag does not exist."))
    return tag


def _check_name(debate: Debate, name: str, *, except_id: int | None = None) -> tuple[str, str]:
    name = clean_plain(name)
    if not name:
        raise InvalidInput(_("A tag needs a name."), field="name")
    if len(name) > MAX_TAG_NAME:
        raise InvalidInput(
            _("A tag name has %(n)d characters at most.", n=MAX_TAG_NAME), field="name"
        )
    slug = slugify(name)
    clash = db.session.scalar(db.select(Tag.id).where(Tag.debate_id == debate.id, Tag.slug == slug))
    if clash is not None and clash != except_id:
        raise InvalidInput(_("This vocabulary already has a tag of this name."), field="name")
    return name, slug


def create_tag(
    debate: Debate, actor: User, family: TagFamily, name: str, description: str = ""
) -> Tag:
    """Add a tag to the debate's vocabulary."""
    require_moderator(actor, debate)
    name, slug = _check_name(debate, name)
    position = (
        db.session.scalar(db.select(db.func.max(Tag.position)).where(Tag.debate_id == debate.id))
        or 0
    ) + 1
    tag = Tag(
        debate_id=debate.id,
        family=family,
        slug=slug,
        name=name,
        description=clean_plain(description or "")[:500],
        position=position,
    )
    db.session.add(tag)
    record(actor, JournalAction.VOCABULARY, debate, details=f"+ {family.value}: {name}")
    db.session.commit()
    return tag


def rename_tag(debate: Debate, actor: User, tag: Tag, name: str, description: str = "") -> Tag:
    require_moderator(actor, debate)
    old = tag.name
    tag.name, tag.slug = _check_name(debate, name, except_id=tag.id)
    tag.description = clean_plain(description or "")[:500]
    record(actor, JournalAction.VOCABULARY, debate, details=f"{old} → {tag.name}")
    db.session.commit()
    return tag


def delete_tag(debate: Debate, actor: User, tag: Tag) -> None:
    """Remove an unused tag from the vocabulary (a used one must be detached first)."""
    require_moderator(actor, debate)
    used = db.session.scalar(
        db.select(ContributionTag.tag_id).where(ContributionTag.tag_id == tag.id)
    )
    if used is not None:
        raise InvalidInput(_("This tag is attached to contributions: it cannot be removed."))
    record(actor, JournalAction.VOCABULARY, debate, details=f"− {tag.family.value}: {tag.name}")
    db.session.delete(tag)
    db.session.commit()


def add_default_vocabulary(debate: Debate, actor: User | None, *, commit: bool = True) -> int:
    """Add the usual tags that the vocabulary lacks; returns how many were added."""
    if actor is not None:
        require_moderator(actor, debate)
    existing = {t.slug for t in vocabulary(debate)}
    added = 0
    for position, (family, slug, name) in enumerate(DEFAULT_VOCABULARY):
        if slug in existing:
            continue
        db.session.add(
            Tag(debate_id=debate.id, family=family, slug=slug, name=str(name), position=position)
        )
        added += 1
    if added:
        record(actor, JournalAction.VOCABULARY, debate, details=f"+ {added}")
    if commit:
        db.session.commit()
    return added


def attach(item: Contribution, tag: Tag, actor: User, note: str = "") -> ContributionTag:
    """Tag a contribution (moderators and committee members); tagging again updates the note."""
    require_staff(actor, item.debate)
    if tag.debate_id != item.debate_id:
        raise NotFound(_("This tag does not exist."))
    note = optional_note(note)
    link = db.session.get(ContributionTag, (item.id, tag.id))
    if link is None:
        link = ContributionTag(contribution_id=item.id, tag_id=tag.id, tagged_by_id=actor.id)
        db.session.add(link)
    link.note = note
    record(
        actor, JournalAction.TAG, item.debate_id, contribution=item, reason=note, details=tag.name
    )
    enqueue(item.id)
    db.session.commit()
    return link


def detach(item: Contribution, tag: Tag, actor: User) -> None:
    """Remove a tag from a contribution."""
    require_staff(actor, item.debate)
    link = db.session.get(ContributionTag, (item.id, tag.id))
    if link is None:
        raise InvalidInput(_("This contribution does not have this tag."))
    db.session.delete(link)
    record(actor, JournalAction.UNTAG, item.debate_id, contribution=item, details=tag.name)
    enqueue(item.id)
    db.session.commit()


def attach_many(debate: Debate, actor: User, ids: Iterable[int], tag: Tag) -> int:
    """Put one tag on several contributions of the debate (those that lack it)."""
    require_staff(actor, debate)
    if tag.debate_id != debate.id:
        raise NotFound(_("This tag does not exist."))
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise InvalidInput(_("Select at least one contribution."), field="selected")
    rows = db.session.scalars(
        db.select(Contribution.id).where(
            Contribution.debate_id == debate.id, Contribution.id.in_(ids)
        )
    ).all()
    added = 0
    for contribution_id in rows:
        if db.session.get(ContributionTag, (contribution_id, tag.id)) is not None:
            continue
        db.session.add(
            ContributionTag(contribution_id=contribution_id, tag_id=tag.id, tagged_by_id=actor.id)
        )
        record(actor, JournalAction.TAG, debate, contribution=contribution_id, details=tag.name)
        enqueue(contribution_id)
        added += 1
    db.session.commit()
    return added


@dataclass(frozen=True)
class ShownTag:
    tag: Tag
    note: str
    tagged_by: User | None


def tags_in_thread(root_id: int, *, staff: bool) -> dict[int, list[ShownTag]]:
    """The tags of every contribution of one thread, in one query."""
    ids = db.select(Contribution.id).where(Contribution.root_id == root_id)
    return tags_by_contribution(ids, staff=staff)


def tags_by_contribution(ids: Iterable[int], *, staff: bool) -> dict[int, list[ShownTag]]:
    """The tags of these contributions: all of them for staff, argument types otherwise."""
    if isinstance(ids, list | tuple | set) and not ids:
        return {}
    query = (
        db.select(ContributionTag, Tag)
        .join(Tag, Tag.id == ContributionTag.tag_id)
        .where(ContributionTag.contribution_id.in_(ids))
        .order_by(Tag.family, Tag.position, Tag.id)
    )
    if staff:  # who tagged is shown to staff only: nobody else's page loads them
        query = query.options(selectinload(ContributionTag.tagged_by))
    else:
        query = query.where(Tag.family == TagFamily.ARGUMENT)
    found: dict[int, list[ShownTag]] = defaultdict(list)
    for link, tag in db.session.execute(query):
        found[link.contribution_id].append(
            ShownTag(tag, link.note if staff else "", link.tagged_by if staff else None)
        )
    return found


# --- Tags in the search index (the staff's tag filter on the search page) ---------------


def index_facts(contribution_ids: Sequence[int]) -> dict[int, dict[str, list[int]]]:
    """The tag ids of these contributions, added to their search documents."""
    if not contribution_ids:
        return {}
    found: dict[int, list[int]] = defaultdict(list)
    for contribution_id, tag_id in db.session.execute(
        db.select(ContributionTag.contribution_id, ContributionTag.tag_id).where(
            ContributionTag.contribution_id.in_(contribution_ids)
        )
    ):
        found[contribution_id].append(tag_id)
    return {cid: {"tags": sorted(ids)} for cid, ids in found.items()}


def search_vocabulary(debate_ids: Sequence[int]) -> list[tuple[int, str]]:
    """The tags staff may filter the search on: those of the debates they work on (with
    the debate's title when there are several, as each debate has its own vocabulary)."""
    if not debate_ids:
        return []
    rows = db.session.execute(
        db.select(Tag.id, Tag.name, Debate.title)
        .join(Debate, Debate.id == Tag.debate_id)
        .where(Tag.debate_id.in_(debate_ids))
        .order_by(Debate.title, Tag.family, Tag.position, Tag.id)
    ).all()
    if len(set(debate_ids)) == 1:
        return [(row.id, row.name) for row in rows]
    return [(row.id, f"{row.name} — {row.title}") for row in rows]


# Registered once, when this module is first imported (by the moderation blueprint).
register_enricher(index_facts)
register_tag_vocabulary(search_vocabulary)
