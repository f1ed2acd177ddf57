"""Moderation's part of the synthetic national-size debate (``demo --size N``).

``demo.synthetic`` writes the debate; this adds the usual tag vocabulary, tags on about a
third of the contributions (the rest stays in the "unclassified" queue) and a few open
reports, with the same bulk writer.
"""

from __future__ import annotations

import random
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from demo.bulk import bulk_insert
from demo.synthetic import Generated
from forum.extensions import db
from forum.models import Debate, utcnow
from moderation.models import ContributionTag, Flag, FlagReason, Tag
from moderation.tags import add_default_vocabulary

TAGGED_SHARE = 0.3
FLAGGED_SHARE = 0.002


def tag_synthetic(generated: Generated, seed: int = 2026) -> tuple[int, int]:
    """Tag and flag the generated contributions; returns (tags attached, open flags)."""
    rng = random.Random(seed + 7)
    debate = db.session.get(Debate, generated.debate_id)
    add_default_vocabulary(debate, None, commit=False)
    db.session.flush()
    tag_ids = list(db.session.scalars(select(Tag.id).where(Tag.debate_id == debate.id)))
    connection = db.session.connection()
    now = utcnow().replace(microsecond=0)
    first = generated.first_contribution_id

    def tag_rows():
        for ident in range(first, first + generated.contributions):
            if rng.random() < TAGGED_SHARE:
                for tag_id in rng.sample(tag_ids, rng.choice((1, 1, 2))):
                    yield ident, tag_id, generated.moderator_id, now - timedelta(days=1)

    def flag_rows():
        reasons = list(FlagReason)
        for ident in range(first, first + generated.contributions):
            if rng.random() < FLAGGED_SHARE:
                user_id = generated.first_user_id + rng.randrange(generated.users)
                yield ident, user_id, rng.choice(reasons), now - timedelta(hours=3)

    tags = bulk_insert(
        connection,
        ContributionTag.__table__,
        ("contribution_id", "tag_id", "tagged_by_id", "tagged_at"),
        tag_rows(),
    )
    flags = bulk_insert(
        connection,
        Flag.__table__,
        ("contribution_id", "user_id", "reason", "created_at"),
        flag_rows(),
    )
    return tags, flags


def build_synthetic_debate(size: int, *, echo=print) -> Generated:
    """The whole synthetic debate, tags included, in one transaction; then the statistics
    the query planner needs are refreshed."""
    import time

    from demo.bulk import analyse
    from demo.synthetic import generate

    started = time.monotonic()

    def progress(message: str) -> None:
        echo(f"[{time.monotonic() - started:7.1f} s] {message}")

    try:
        generated = generate(size, progress=progress)
        tags, flags = tag_synthetic(generated)
        progress(_("%(tags)d tags and %(flags)d open reports written", tags=tags, flags=flags))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    progress(_("committed"))
    analyse()
    db.session.commit()
    progress(_("planner statistics refreshed"))
    return generated
