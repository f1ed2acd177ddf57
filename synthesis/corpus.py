"""A debate's published contributions, read once in plain rows for the committee's tools
(weak signals, argument groups), and their similarity computed once per state of the
debate.

Reading uses column queries (no ORM objects): a debate of 100,000 contributions loads in
seconds and a few hundred megabytes.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import String, type_coerce

from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    DocumentKind,
    Kind,
    Relation,
    Status,
    contribution_themes,
)
from moderation.models import ContributionTag, Tag, TagFamily
from synthesis import similarity

# Two contributions at least this alike say the same thing (cosine of TF-IDF vectors:
# measured on the demo debates, pairs above it are the same argument in other words).
CLOSE_THRESHOLD = 0.28


@dataclass
class Row:
    id: int
    parent_id: int | None
    root_id: int | None
    relation: Relation | None
    kind: Kind
    channel: Channel
    title: str
    body: str
    event: str

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"

    @property
    def offline(self) -> bool:
        return self.channel != Channel.ONLINE

    @property
    def reaction(self) -> bool:
        """A reply that supports or asks about its parent reacts to an argument rather than
        making one of its own."""
        return self.relation in (Relation.SUPPORTS, Relation.ASKS_CLARIFICATION)


@dataclass
class DebateCorpus:
    """The published contributions of a debate, in id order, with their themes and tags."""

    debate_id: int
    rows: list[Row]
    themes: dict[int, list[int]]  # contribution id -> theme ids
    argument_tags: dict[int, list[int]]  # contribution id -> argument-type tag ids
    replied: set[int]  # ids of contributions that have a published reply
    project_text: str
    index: dict[int, int] = field(default_factory=dict)  # contribution id -> row

    def __post_init__(self) -> None:
        self.index = {row.id: position for position, row in enumerate(self.rows)}


def _project_text(debate: Debate) -> str:
    """What the project file says: the debate's presentation and its project documents."""
    parts = [debate.title, debate.summary_source]
    parts += [
        f"{doc.title}\n{doc.summary_source}"
        for doc in debate.documents
        if doc.kind in (DocumentKind.PROJECT_FILE, DocumentKind.STUDY) and doc.public
    ]
    return "\n".join(parts)


def load(debate: Debate) -> DebateCorpus:
    """Read a debate's published contributions, themes, argument tags and replies."""
    published = (Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
    # Codes are read as the strings they are stored as (the enums are string enums, so
    # they compare equal): converting 300,000 values one by one costs seconds.
    rows = [
        Row(*values)
        for values in db.session.execute(
            db.select(
                Contribution.id,
                Contribution.parent_id,
                Contribution.root_id,
                type_coerce(Contribution.relation, String),
                type_coerce(Contribution.kind, String),
                type_coerce(Contribution.channel, String),
                Contribution.title,
                Contribution.body_source,
                Contribution.event,
            )
            .where(*published)
            .order_by(Contribution.id)
        )
    ]
    themes: dict[int, list[int]] = defaultdict(list)
    for contribution_id, theme_id in db.session.execute(
        db.select(contribution_themes.c.contribution_id, contribution_themes.c.theme_id)
        .join(Contribution, Contribution.id == contribution_themes.c.contribution_id)
        .where(*published)
    ):
        themes[contribution_id].append(theme_id)
    tags: dict[int, list[int]] = defaultdict(list)
    for contribution_id, tag_id in db.session.execute(
        db.select(ContributionTag.contribution_id, ContributionTag.tag_id)
        .join(Tag, Tag.id == ContributionTag.tag_id)
        .join(Contribution, Contribution.id == ContributionTag.contribution_id)
        .where(*published, Tag.family == TagFamily.ARGUMENT)
    ):
        tags[contribution_id].append(tag_id)
    replied = set(
        db.session.scalars(
            db.select(Contribution.parent_id)
            .where(*published, Contribution.parent_id.is_not(None))
            .distinct()
        )
    )
    return DebateCorpus(debate.id, rows, dict(themes), dict(tags), replied, _project_text(debate))


@dataclass
class Analysis:
    """A corpus with its TF-IDF matrix and neighbourhood."""

    corpus: DebateCorpus
    terms: similarity.TermMatrix
    near: similarity.Neighbourhood
    project: np.ndarray  # each row's similarity to the project file


def analyse(corpus: DebateCorpus, *, parallel: bool = False) -> Analysis:
    """Vectorise the corpus and compare every contribution with every other, in one pass
    (``parallel``: analyse the words in several processes, for the command line)."""
    terms = similarity.term_matrix((row.text for row in corpus.rows), parallel=parallel)
    online = np.array([not row.offline for row in corpus.rows], dtype=bool)
    near = similarity.neighbourhood(terms, close_threshold=CLOSE_THRESHOLD, among=online)
    project = similarity.similarity_to(terms, corpus.project_text)
    return Analysis(corpus, terms, near, project)


# The workspace reads the same analysis on every page of a debate: it is kept while the
# debate's published contributions and tags stay the same (a handful of debates at most).
_cache: dict[tuple[str, int], tuple[tuple, Analysis]] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 4


def _state(debate: Debate) -> tuple:
    contributions = db.session.execute(
        db.select(
            db.func.count(Contribution.id),
            db.func.max(Contribution.id),
            db.func.max(Contribution.updated_at),
        ).where(Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
    ).one()
    tagged = db.session.execute(
        db.select(db.func.count(), db.func.max(ContributionTag.tagged_at))
        .select_from(ContributionTag)
        .join(Tag, Tag.id == ContributionTag.tag_id)
        .where(Tag.debate_id == debate.id)
    ).one()
    return (*contributions, *tagged, debate.summary_source)


def analysis_of(debate: Debate) -> Analysis:
    """The debate's analysis, computed again only when its corpus or tags changed."""
    state = _state(debate)
    key = (str(db.engine.url), debate.id)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None and found[0] == state:
            return found[1]
    result = analyse(load(debate))
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE and key not in _cache:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (state, result)
    return result
