"""The committee's workspace: a theme as a list of distinct arguments, by argument type.

Within a theme, contributions are grouped by the moderators' argument-type tags (pro,
con, alternative, usage expertise…), then similar contributions are gathered under one
argument, with a link to every contribution that made it and the channels it came from.

Order is by theme (the index), then by argument type (the vocabulary), then editorial:
the committee may move an argument up or down; until it does, arguments come in the
order they were first made. Nothing is ever ordered by how many contributions an
argument gathered (PRODUCT.md section 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from forum.errors import NotFound
from forum.extensions import db
from forum.labels import CHANNEL
from forum.models import Channel, Contribution, Debate, Kind, Status, Theme, User
from moderation.models import ContributionTag, Tag, TagFamily
from synthesis.corpus import analysis_of
from synthesis.models import ArgumentPosition
from synthesis.report import ALTERNATIVE_SLUG, require_committee
from synthesis.weak_signals import QuestionState, question_states

UNTYPED = 0  # the tag key of contributions not yet given an argument type


@dataclass
class Argument:
    """Contributions that say the same thing; the earliest one names the argument."""

    anchor: Contribution
    members: list[Contribution]
    channels: list[str] = field(default_factory=list)

    @property
    def others(self) -> list[Contribution]:
        return [m for m in self.members if m.id != self.anchor.id]


@dataclass
class TypeBlock:
    tag: Tag | None  # None: not yet given an argument type
    arguments: list[Argument]

    @property
    def key(self) -> int:
        return self.tag.id if self.tag is not None else UNTYPED


def argument_tags(debate: Debate) -> list[Tag]:
    return list(
        db.session.scalars(
            db.select(Tag)
            .where(Tag.debate_id == debate.id, Tag.family == TagFamily.ARGUMENT)
            .order_by(Tag.position, Tag.id)
        )
    )


def _channels(members: list[Contribution]) -> list[str]:
    seen: dict[str, None] = {}
    for item in members:
        label = str(CHANNEL[item.channel])
        if item.channel != Channel.ONLINE and item.event:
            label = f"{label} — {item.event}"
        seen.setdefault(label, None)
    return list(seen)


def _ordered(debate: Debate, theme: Theme, key: int, arguments: list[Argument]) -> list[Argument]:
    positions = dict(
        db.session.execute(
            db.select(ArgumentPosition.anchor_id, ArgumentPosition.position).where(
                ArgumentPosition.theme_id == theme.id, ArgumentPosition.tag_key == key
            )
        ).all()
    )
    first_made = sorted(arguments, key=lambda a: (a.anchor.created_at, a.anchor.id))
    placed = sorted(
        (a for a in first_made if a.anchor.id in positions), key=lambda a: positions[a.anchor.id]
    )
    return placed + [a for a in first_made if a.anchor.id not in positions]


def theme_arguments(debate: Debate, theme: Theme) -> list[TypeBlock]:
    """The arguments of one theme, by argument type, in the committee's order."""
    analysis = analysis_of(debate)
    corpus = analysis.corpus
    ids = [cid for cid, themes in corpus.themes.items() if theme.id in themes]
    items = (
        {
            item.id: item
            for item in db.session.scalars(
                db.select(Contribution)
                .where(Contribution.id.in_(ids), Contribution.status == Status.PUBLISHED)
                .options(selectinload(Contribution.author))
            )
        }
        if ids
        else {}
    )
    blocks = []
    for tag in [*argument_tags(debate), None]:
        if tag is None:
            members = [cid for cid in ids if not corpus.argument_tags.get(cid)]
        else:
            members = [cid for cid in ids if tag.id in corpus.argument_tags.get(cid, ())]
        groups: dict[int, list[Contribution]] = {}
        for cid in members:
            if cid in items:
                label = int(analysis.near.groups[corpus.index[cid]])
                groups.setdefault(label, []).append(items[cid])
        arguments = []
        for group in groups.values():
            group.sort(key=lambda c: (c.created_at, c.id))
            arguments.append(Argument(group[0], group, _channels(group)))
        key = tag.id if tag is not None else UNTYPED
        if arguments:
            blocks.append(TypeBlock(tag, _ordered(debate, theme, key, arguments)))
    return blocks


def move_argument(
    debate: Debate, actor: User, theme: Theme, key: int, anchor_id: int, step: int
) -> None:
    """Move an argument one place up (-1) or down (+1) within its theme and type."""
    require_committee(actor, debate)
    if theme.debate_id != debate.id:
        raise NotFound(_("This theme does not exist."))
    block = next((b for b in theme_arguments(debate, theme) if b.key == key), None)
    anchors = [a.anchor.id for a in block.arguments] if block else []
    if anchor_id not in anchors:
        raise NotFound(_("This argument does not exist."))
    at = anchors.index(anchor_id)
    to = at + (1 if step > 0 else -1)
    if 0 <= to < len(anchors):
        anchors[at], anchors[to] = anchors[to], anchors[at]
    db.session.execute(
        db.delete(ArgumentPosition).where(
            ArgumentPosition.theme_id == theme.id, ArgumentPosition.tag_key == key
        )
    )
    for position, anchor in enumerate(anchors):
        db.session.add(
            ArgumentPosition(
                debate_id=debate.id,
                theme_id=theme.id,
                tag_key=key,
                anchor_id=anchor,
                position=position,
            )
        )
    db.session.commit()


def _load(ids: list[int]) -> dict[int, Contribution]:
    if not ids:
        return {}
    return {
        item.id: item
        for item in db.session.scalars(
            db.select(Contribution)
            .where(Contribution.id.in_(ids))
            .options(selectinload(Contribution.author), selectinload(Contribution.themes))
        )
    }


def open_questions(debate: Debate) -> list[tuple[Contribution, QuestionState]]:
    """Questions still without an answer, and those answered after their deadline."""
    states = [s for s in question_states(debate) if s.open_now or s.late]
    items = _load([s.contribution_id for s in states])
    found = [(items[s.contribution_id], s) for s in states if s.contribution_id in items]
    return sorted(found, key=lambda pair: (pair[0].created_at, pair[0].id))


def proposals(debate: Debate, limit: int = 200) -> list[Contribution]:
    """Proposals, and contributions tagged as alternatives, in chronological order."""
    query = (
        db.select(Contribution)
        .outerjoin(ContributionTag, ContributionTag.contribution_id == Contribution.id)
        .outerjoin(Tag, Tag.id == ContributionTag.tag_id)
        .where(
            Contribution.debate_id == debate.id,
            Contribution.status == Status.PUBLISHED,
            (Contribution.kind == Kind.PROPOSAL) | (Tag.slug == ALTERNATIVE_SLUG),
        )
        .distinct()
        .order_by(Contribution.created_at, Contribution.id)
        .limit(limit)
        .options(selectinload(Contribution.author), selectinload(Contribution.themes))
    )
    return list(db.session.scalars(query))


def untagged(debate: Debate, limit: int = 50) -> list[Contribution]:
    """Published contributions with no argument type yet, oldest first."""
    typed = (
        db.select(ContributionTag.contribution_id)
        .join(Tag, Tag.id == ContributionTag.tag_id)
        .where(Tag.debate_id == debate.id, Tag.family == TagFamily.ARGUMENT)
    )
    return list(
        db.session.scalars(
            db.select(Contribution)
            .where(
                Contribution.debate_id == debate.id,
                Contribution.status == Status.PUBLISHED,
                Contribution.id.not_in(typed),
            )
            .order_by(Contribution.created_at, Contribution.id)
            .limit(limit)
            .options(selectinload(Contribution.author), selectinload(Contribution.themes))
        )
    )
