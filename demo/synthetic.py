"""A national-size synthetic debate: ``flask --app app demo --size N``.

N contributions of French text from ``demo.corpus``, in threads (replies with their
relation, some of them deep), filed under themes, from every channel, by about N/4
participants, with questions sent to the project owner and some of them answered.

Everything is written with bulk inserts in one transaction: ``COPY`` on PostgreSQL,
``executemany`` elsewhere. Ids are chosen here (after the largest existing one) so that
replies, themes and answers can point at rows not yet written; PostgreSQL's sequences are
moved past them at the end. The search index is not fed row by row: the command tells
the operator to run ``flask reindex`` (or runs it with ``--reindex``).

The text of the first 20,000 contributions is written by ``demo.corpus``; beyond that,
contributions reuse its paragraphs in new combinations (writing a million fresh texts
would take most of the time budget on its own). The same size and seed give the same data.
Names and fixed texts are in ``demo/data/synthetic.yaml``; bulk writing in ``demo.bulk``.
"""

from __future__ import annotations

import html
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import Connection, select

from demo import corpus
from demo.bulk import bulk_insert, move_sequences, next_id, skip_reference_checks
from demo.content import load
from demo.tram import DEMO_PASSWORD, STAFF_ACCOUNTS, demo_user
from forum.accounts import hash_password, pseudonym_key, unused_pseudonym
from forum.debates import slugify
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    DebateRole,
    Kind,
    ModerationMode,
    Phase,
    Relation,
    Role,
    Status,
    Theme,
    User,
    contribution_themes,
    utcnow,
)
from forum.sanitize import render_markdown_many
from questions.models import Answer, AnswerState, AnswerVersion

SLUG = "debat-national"
TEXT_POOL = 20_000  # contributions whose text is written fresh; the others reuse paragraphs
TOP_LEVEL_SHARE = 0.4  # the rest are replies
MAX_THREAD = 300  # replies in one thread at most (a huge thread is a page nobody reads)
MAX_DEPTH = 16
SPAN = timedelta(days=90)

_TEXTS = load("synthetic")
_FIRST_NAMES = _TEXTS["first_names"]
_LAST_NAMES = _TEXTS["last_names"]
_RELATIONS = (
    (Relation.SUPPORTS,) * 4
    + (Relation.OBJECTS,) * 4
    + (Relation.NUANCES,) * 3
    + (Relation.ASKS_CLARIFICATION,) * 2
    + (Relation.PROVIDES_SOURCE,)
)
_REPLY_KINDS = (Kind.OPINION,) * 7 + (Kind.QUESTION,) * 2 + (Kind.PROPOSAL,)
_MEETINGS = tuple(_TEXTS["meetings"])
_MASK_REASONS = tuple((item["reason"], item["article"]) for item in _TEXTS["mask_reasons"])
_ANSWER_OPENERS = tuple(_TEXTS["answer_openers"])


@dataclass(frozen=True)
class Generated:
    """What ``generate`` wrote: the debate, the id ranges of its rows, and counts."""

    debate_id: int
    first_contribution_id: int
    contributions: int
    first_user_id: int
    users: int
    moderator_id: int
    threads: int
    questions: int
    answered: int


# --- Text ----------------------------------------------------------------------------------


class _Texts:
    """Titles and bodies: fresh ones from ``demo.corpus``, then paragraphs recombined."""

    def __init__(self, size: int, seed: int, rng: random.Random) -> None:
        self.rng = rng
        fresh = list(corpus.contributions(min(size, TEXT_POOL), seed=seed))
        self.fresh = fresh
        self.titles = [item.title for item in fresh]
        self.paragraphs: list[tuple[str, str]] = []
        self.shapes: list[int] = []  # paragraphs per fresh body: the lengths to imitate
        self.fresh_html = render_markdown_many([item.body for item in fresh])
        for item in fresh:
            parts = item.body.split("\n\n")
            self.shapes.append(len(parts))
            self.paragraphs.extend(zip(parts, render_markdown_many(parts), strict=True))

    def get(self, index: int) -> tuple[str, str, str, corpus.SyntheticContribution | None]:
        """(title, body, body HTML, the corpus item if the text is fresh)."""
        if index < len(self.fresh):
            item = self.fresh[index]
            return item.title, item.body, self.fresh_html[index], item
        rng = self.rng
        chosen = [rng.choice(self.paragraphs) for _ in range(rng.choice(self.shapes))]
        body = "\n\n".join(source for source, _html in chosen)
        return rng.choice(self.titles), body, "".join(h for _s, h in chosen), None


# --- The debate ----------------------------------------------------------------------------


def _debate(slug: str, size: int, now: datetime) -> tuple[Debate, list[Theme]]:
    spec = _TEXTS["debate"]
    count = f"{size:,}".replace(",", "\u202f")
    summary = spec["summary"].format(count=count)
    debate = Debate(
        slug=slug,
        title=spec["title"],
        summary_source=summary,
        summary_html=f"<p>{html.escape(summary)}</p>\n",
        owner_name=spec["owner_name"],
        charter_source=spec["charter"],
        charter_html=f"<p>{html.escape(spec['charter'])}</p>\n",
        phase=Phase.OPEN,
        opens_on=(now - SPAN).date(),
        closes_on=(now + timedelta(days=30)).date(),
        moderation_mode=ModerationMode.A_POSTERIORI,
        answer_deadline_days=15,
    )
    themes = [
        Theme(slug=slugify(name), name=name, description="", position=position)
        for position, name in enumerate(corpus.THEMES)
    ]
    debate.themes = themes
    db.session.add(debate)
    return debate, themes


def _staff(debate: Debate) -> dict[Role, int]:
    password_hash = hash_password(DEMO_PASSWORD)
    ids: dict[Role, int] = {}
    for email, pseudonym, admin, role in STAFF_ACCOUNTS:
        user = demo_user(email, pseudonym, password_hash, admin=admin)
        if role is not None:
            db.session.add(DebateRole(user=user, debate=debate, role=role))
            db.session.flush()
            ids[role] = user.id
    return ids


def _users(connection: Connection, count: int, first_id: int, rng: random.Random, now) -> int:
    password_hash = hash_password(DEMO_PASSWORD)
    seen: dict[str, int] = {}
    taken = set(db.session.scalars(select(User.pseudonym_key)))

    def rows():
        for offset in range(count):
            name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
            number = seen.get(name, 0)
            seen[name] = number + 1
            pseudonym = name if number == 0 else f"{name} {number + 1}"
            pseudonym = unused_pseudonym(pseudonym, taken.__contains__)
            key = pseudonym_key(pseudonym)
            taken.add(key)
            joined = now - SPAN - timedelta(days=rng.randrange(30))
            user_id = first_id + offset
            yield (
                user_id,
                f"participant{user_id}@synthetique.palabre.example",
                pseudonym,
                key,
                password_hash,
                "fr",
                True,
                False,
                joined,
                joined,
                joined,
                secrets.token_hex(8),
            )

    return bulk_insert(
        connection,
        User.__table__,
        (
            "id",
            "email",
            "pseudonym",
            "pseudonym_key",
            "password_hash",
            "locale",
            "active",
            "is_admin",
            "created_at",
            "charter_accepted_at",
            "email_verified_at",
            "session_nonce",
        ),
        rows(),
    )


_CONTRIBUTION_COLUMNS = (
    "id",
    "debate_id",
    "author_id",
    "parent_id",
    "root_id",
    "depth",
    "relation",
    "kind",
    "title",
    "body_source",
    "body_html",
    "channel",
    "status",
    "created_at",
    "updated_at",
    "published_at",
    "mask_reason",
    "mask_article",
    "masked_at",
    "locked",
    "event",
    "occurred_on",
    "attribution",
    "transcription",
)


@dataclass
class _Thread:
    themes: tuple[int, ...]
    size: int
    last: int  # the newest contribution in the thread (a reply to it makes the thread deeper)


def generate(
    size: int,
    *,
    slug: str = SLUG,
    seed: int = 2026,
    progress: Callable[[str], None] = lambda _message: None,
) -> Generated:
    """Write a debate of ``size`` contributions; one transaction, committed at the end."""
    if db.session.scalar(select(Debate.id).where(Debate.slug == slug)) is not None:
        raise ValueError(f"a debate {slug!r} already exists")
    rng = random.Random(seed)
    now = utcnow().replace(microsecond=0)
    start = now - SPAN
    debate, themes = _debate(slug, size, now)
    staff = _staff(debate)
    db.session.flush()
    theme_ids = [theme.id for theme in themes]
    connection = db.session.connection()
    skip_reference_checks(connection)

    progress(_("writing texts"))
    texts = _Texts(size, seed, rng)

    user_count = max(size // 4, 1)
    first_user = next_id(User)
    _users(connection, user_count, first_user, rng, now)
    progress(_("%(n)d participants written", n=user_count))

    first_id = next_id(Contribution)
    step = SPAN / max(size, 1)
    # Per contribution (by offset): its thread root (offset) and depth.
    roots: list[int] = []
    depths = bytearray()
    threads: dict[int, _Thread] = {}
    recent_roots: list[int] = []
    links: list[tuple[int, int]] = []  # (contribution id, theme id)
    questions: list[tuple[int, datetime]] = []  # published questions: (id, published at)

    def place_reply(offset: int) -> tuple[int, int] | None:
        """(parent offset, root offset) for a reply, or None: this one starts a thread."""
        if offset == 0 or rng.random() < TOP_LEVEL_SHARE:
            return None
        # Any earlier contribution (big threads draw more replies), or a recent thread.
        target = rng.randrange(offset) if rng.random() < 0.6 else rng.choice(recent_roots)
        root = roots[target]
        thread = threads[root]
        if thread.size >= MAX_THREAD:
            return None
        parent = target if rng.random() < 0.7 else thread.last
        if depths[parent] >= MAX_DEPTH:
            parent = root
        return parent, root

    def rows():
        for offset in range(size):
            ident = first_id + offset
            title, body, body_html, fresh = texts.get(offset)
            created = start + step * offset + timedelta(seconds=rng.random() * 0.9)
            created = created.replace(microsecond=created.microsecond // 1000 * 1000)
            placed = place_reply(offset)
            event = attribution = ""
            occurred_on = transcription = None
            author_id: int | None = first_user + int(user_count * rng.random() ** 2)
            if placed is None:
                parent_id = relation = None
                root_offset, depth = offset, 0
                channel = fresh.channel if fresh else rng.choice(corpus._CHANNELS)
                theme = fresh.theme if fresh else rng.randrange(len(theme_ids))
                extra = fresh.extra_theme if fresh else None
                thread_themes = (theme_ids[theme],) + (
                    (theme_ids[extra],) if extra is not None else ()
                )
                threads[offset] = _Thread(thread_themes, 0, offset)
                recent_roots.append(offset)
                if len(recent_roots) > 50:
                    recent_roots.pop(0)
                if fresh:
                    kind = fresh.kind
                else:
                    kind = Kind.STAKEHOLDER_PAPER if len(body) > 3000 else rng.choice(corpus._KINDS)
                if channel != Channel.ONLINE:
                    author_id = None
                    event = f"{rng.choice(_MEETINGS)} n° {rng.randrange(1, 60)}"
                    occurred_on = created.date()
                    transcription = "summary" if rng.random() < 0.7 else "verbatim"
                    if rng.random() < 0.3:
                        attribution = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
            else:
                parent_offset, root_offset = placed
                parent_id = first_id + parent_offset
                depth = depths[parent_offset] + 1
                relation = rng.choice(_RELATIONS)
                channel = Channel.ONLINE
                kind = rng.choice(_REPLY_KINDS)
                if rng.random() < 0.7:
                    title = ""
                thread = threads[root_offset]
                thread.size += 1
                thread.last = offset
            roots.append(root_offset)
            depths.append(depth)
            roll = rng.random()
            status = Status.MASKED if roll < 0.01 else Status.PENDING if roll < 0.015 else None
            status = status or Status.PUBLISHED
            mask_reason = mask_article = ""
            masked_at = None
            if status == Status.MASKED:
                mask_reason, mask_article = rng.choice(_MASK_REASONS)
                masked_at = created + timedelta(hours=2)
            published_at = created if status != Status.PENDING else None
            for theme_id in threads[root_offset].themes:
                links.append((ident, theme_id))
            if kind == Kind.QUESTION and status == Status.PUBLISHED:
                questions.append((ident, created))
            yield (
                ident,
                debate.id,
                author_id,
                parent_id,
                first_id + root_offset,
                depth,
                relation,
                kind,
                title,
                body,
                body_html,
                channel,
                status,
                created,
                created,
                published_at,
                mask_reason,
                mask_article,
                masked_at,
                False,
                event,
                occurred_on,
                attribution,
                transcription,
            )
            if offset and offset % 100_000 == 0:
                progress(_("%(n)d contributions", n=offset))

    bulk_insert(connection, Contribution.__table__, _CONTRIBUTION_COLUMNS, rows())
    progress(_("%(n)d contributions written", n=size))
    bulk_insert(connection, contribution_themes, ("contribution_id", "theme_id"), links)
    progress(_("%(n)d theme links written", n=len(links)))
    answered = _answers(connection, questions, texts, staff.get(Role.OWNER), rng, now)
    progress(
        _(
            "%(n)d questions sent to the owner, %(answered)d answered",
            n=len(questions),
            answered=answered,
        )
    )
    move_sequences(connection, ("users", "contributions", "answers", "answer_versions"))
    return Generated(
        debate_id=debate.id,
        first_contribution_id=first_id,
        contributions=size,
        first_user_id=first_user,
        users=user_count,
        moderator_id=staff[Role.MODERATOR],
        threads=len(threads),
        questions=len(questions),
        answered=answered,
    )


def _answers(
    connection: Connection,
    questions: list[tuple[int, datetime]],
    texts: _Texts,
    owner_id: int | None,
    rng: random.Random,
    now: datetime,
) -> int:
    """Each published question is sent to the owner; older ones are often answered."""
    first_answer = next_id(Answer)
    answers, versions = [], []
    for offset, (question_id, published) in enumerate(questions):
        answer_id = first_answer + offset
        answered_at = None
        if now - published > timedelta(days=20) and rng.random() < 0.6:
            answered_at = published + timedelta(days=rng.randrange(2, 25), hours=3)
            source = f"{rng.choice(_ANSWER_OPENERS)} {rng.choice(texts.paragraphs)[0]}"
            versions.append(
                (
                    answer_id,
                    1,
                    source,
                    f"<p>{html.escape(source, quote=False)}</p>\n",
                    owner_id,
                    answered_at,
                )
            )
        state = AnswerState.PUBLISHED if answered_at else AnswerState.SENT
        answers.append((answer_id, question_id, state, published, answered_at))
    bulk_insert(
        connection,
        Answer.__table__,
        ("id", "question_id", "state", "sent_at", "answered_at"),
        answers,
    )
    bulk_insert(
        connection,
        AnswerVersion.__table__,
        ("answer_id", "number", "body_source", "body_html", "written_by_id", "published_at"),
        versions,
    )
    return len(versions)
