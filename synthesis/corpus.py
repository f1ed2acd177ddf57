"""A debate's published contributions, read once in plain rows for the committee's tools
(weak signals, argument groups), and their similarity computed once per state of the
debate.

Reading uses column queries (no ORM objects): a debate of 100,000 contributions loads in
seconds and a few hundred megabytes.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
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
    User,
    contribution_themes,
)
from moderation.models import ContributionTag, Tag, TagFamily
from synthesis import similarity, synonyms
from synthesis.own_words import Cleaner, redaction_notices

# Two contributions at least this alike say the same thing (cosine of TF-IDF vectors:
# measured on the demo debates, pairs above it are the same argument in other words).
CLOSE_THRESHOLD = 0.28
# Below this similarity to every other contribution, a contribution is unlike the others;
# the few rows above it are its kin (a rare argument may be shared by two or three people).
KIN_THRESHOLD = 0.15
# A rare argument is made by this many contributions at most.
RARE_AT_MOST = 3


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
    author: str = ""  # the author's pseudonym ("" for a transcription)
    attribution: str = ""
    transcription: str | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.body}"

    @property
    def transcribed(self) -> bool:
        return self.offline or self.transcription is not None

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

    def own_texts(self) -> tuple[list[str], list[list[str]]]:
        """Each contribution's own words (``synthesis.own_words``), and the sites its
        links point to: what every comparison reads."""
        cleaner = Cleaner(
            redaction_notices(_site_locales()),
            {row.author for row in self.rows if row.author},
            {(row.attribution, row.event) for row in self.rows if row.attribution},
        )
        texts, sources = [], []
        for row in self.rows:
            parent = self.index.get(row.parent_id) if row.parent_id is not None else None
            title, body = (
                cleaner.clean(
                    text,
                    parent=self.rows[parent].text if parent is not None else "",
                    transcribed=row.transcribed,
                    attribution=row.attribution,
                )
                for text in (row.title, row.body)
            )
            # One line of title first: reasons prefer the title's words. A transcription's
            # title is the transcriber's ("Courrier d'un habitant âgé"), not the person's.
            heading = "" if row.transcribed else " ".join(title.text.split())
            texts.append(f"{heading}\n{body.text}")
            sources.append(list(dict.fromkeys(title.sources + body.sources)))
        return texts, sources


def _site_locales() -> list[str]:
    from flask import current_app

    from forum.extensions import babel

    found = {str(locale) for locale in babel.list_translations()}
    return sorted(found | {current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")})


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
                db.func.coalesce(User.pseudonym, ""),
                Contribution.attribution,
                type_coerce(Contribution.transcription, String),
            )
            .outerjoin(User, User.id == Contribution.author_id)
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


# Told the stage reached ("vectorise", "compare"), for a computation shown in progress.
Progress = Callable[[str], None]


@dataclass
class Analysis:
    """A corpus with its TF-IDF matrix and neighbourhood."""

    corpus: DebateCorpus
    terms: similarity.TermMatrix
    near: similarity.Neighbourhood
    project: np.ndarray  # each row's similarity to the project file
    own: list[str] = field(default_factory=list)  # each row's own words (own_words)
    sources: list[list[str]] = field(default_factory=list)  # the sites each row links to
    thread: np.ndarray | None = None  # each reply's similarity to its thread around it


def analyse(
    corpus: DebateCorpus, *, parallel: bool = False, progress: Progress | None = None
) -> Analysis:
    """Clean, vectorise and compare every contribution with every other, in one pass
    (``parallel``: analyse the words in several processes, for the command line).

    Only a contributor's own words are compared (``synthesis.own_words``), with the
    concepts of the synonym list they name (``synthesis.synonyms``)."""
    own, sources = corpus.own_texts()
    if progress:
        progress("vectorise")
    terms = similarity.term_matrix(map(synonyms.with_concepts, own), parallel=parallel)
    if progress:
        progress("compare")
    online = np.array([not row.offline for row in corpus.rows], dtype=bool)
    near = similarity.neighbourhood(
        terms,
        close_threshold=CLOSE_THRESHOLD,
        among=online,
        kin_threshold=KIN_THRESHOLD,
        kin_at_most=RARE_AT_MOST - 1,
    )
    project = similarity.similarity_to(terms, corpus.project_text)
    parents = np.array(
        [corpus.index.get(row.parent_id, -1) if row.parent_id else -1 for row in corpus.rows],
        dtype=np.int64,
    )
    thread = similarity.thread_similarity(terms, parents)
    return Analysis(corpus, terms, near, project, own, sources, thread)


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
