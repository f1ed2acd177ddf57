"""The demo shows moderation at work: flags, pending, masked (citing the charter, one
contested), offline contributions with their meeting, a tagged corpus, the journal."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Channel, Contribution, Status
from moderation.models import (
    Contest,
    ContributionTag,
    Flag,
    JournalAction,
    JournalEntry,
    Tag,
    TagFamily,
)
from tests.test_doctrine import _violations, _walk


def count(model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def test_the_demo_shows_moderation_at_work_and_is_safe_to_run_twice(runner, client):
    for _ in range(2):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output

    items = db.session.scalars(db.select(Contribution)).all()
    published = [c for c in items if c.status == Status.PUBLISHED]
    masked = [c for c in items if c.status == Status.MASKED]
    assert sum(c.status == Status.PENDING for c in items) >= 4
    assert len(masked) >= 2 and all(
        c.mask_reason and c.mask_article.startswith("Article") for c in masked
    )
    assert count(Flag, Flag.handled_at.is_(None)) >= 2
    assert count(Contest) == 1
    offline = [c for c in items if c.channel != Channel.ONLINE]
    assert len(offline) >= 15 and sum(bool(c.event and c.attribution) for c in offline) >= 10

    assert count(Tag, Tag.family == TagFamily.ARGUMENT) >= 6
    tagged = set(db.session.scalars(db.select(ContributionTag.contribution_id)))
    assert len(tagged & {c.id for c in published}) > len(published) * 0.7
    weak = db.session.scalars(
        db.select(ContributionTag).join(Tag).where(Tag.slug == "weak-signal")
    ).all()
    assert len(weak) >= 3
    actions = set(db.session.scalars(db.select(JournalEntry.action)))
    assert {
        JournalAction.MASK,
        JournalAction.REDACT,
        JournalAction.TAG,
        JournalAction.CONTEST_ANSWER,
        JournalAction.OFFLINE_ENTRY,
    } <= actions

    # Still no popularity signal anywhere public, tags and the public journal included.
    pages = _walk(client)
    assert any(url.endswith("/moderation-journal") for url in pages)
    assert _violations(pages) == []
