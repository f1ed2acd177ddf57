"""``flask demo --size N``: a synthetic debate of N contributions whose pages all render."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from demo.synthetic import SLUG
from demo.tram import DEMO_PASSWORD
from forum.extensions import db
from forum.models import Channel, Contribution, Debate, Status, Theme, User, contribution_themes
from moderation.models import ContributionTag, Flag
from questions.models import Answer
from tests.conftest import login

SIZE = 2000


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_demo_size_writes_a_whole_debate_whose_pages_render(app, runner, client):
    result = runner.invoke(args=["demo", "--size", str(SIZE)])
    assert result.exit_code == 0, result.output
    assert "flask --app app reindex" in result.output

    debate = db.session.scalar(select(Debate).where(Debate.slug == SLUG))
    mine = select(Contribution).where(Contribution.debate_id == debate.id)
    assert count(mine) == SIZE
    # Threads: replies with their relation, the root of their thread, some of them deep.
    replies = mine.where(Contribution.parent_id.is_not(None))
    assert SIZE * 0.4 < count(replies) < SIZE * 0.8
    assert count(replies.where(Contribution.relation.is_(None))) == 0
    assert count(mine.where(Contribution.root_id.is_(None))) == 0
    assert db.session.scalar(select(func.max(Contribution.depth))) >= 4
    parent = aliased(Contribution)
    misplaced = (
        select(Contribution.id)
        .join(parent, parent.id == Contribution.parent_id)
        .where(
            (Contribution.depth != parent.depth + 1)
            | (Contribution.root_id != parent.root_id)
            | (Contribution.created_at < parent.created_at)
        )
    )
    assert count(misplaced) == 0
    # Themes: every contribution filed, all eight themes used; channels beyond online.
    themes = db.session.scalars(select(Theme).where(Theme.debate_id == debate.id)).all()
    assert len(themes) == 8
    filed = select(contribution_themes.c.contribution_id).distinct()
    assert count(filed) == SIZE
    channels = set(db.session.scalars(select(Contribution.channel).distinct()))
    assert Channel.ONLINE in channels and len(channels) >= 4
    offline = mine.where(Contribution.channel != Channel.ONLINE)
    assert count(offline.where(Contribution.author_id.is_not(None))) == 0
    # People: about a quarter of the contributions' count, distinct pseudonyms.
    participants = select(User).where(User.email.like("%@synthetique.palabre.example"))
    assert count(participants) == SIZE // 4
    # Moderation: tags on part of the debate, a few reports; some masked, some pending.
    assert SIZE * 0.2 < count(select(ContributionTag)) < SIZE * 0.6
    assert count(select(Flag)) >= 1
    assert count(mine.where(Contribution.status == Status.MASKED)) >= 5
    # Questions are sent to the owner; the older ones are often answered.
    assert count(select(Answer)) >= SIZE * 0.1
    assert count(select(Answer).where(Answer.answered_at.is_not(None))) >= 10

    # A second run leaves the debate as it is.
    again = runner.invoke(args=["demo", "--size", str(SIZE)])
    assert again.exit_code == 0 and "existe déjà" in again.output
    assert count(mine) == SIZE

    # The pages render: debate, themes, a big thread, questions, search, moderation queue.
    big_root = db.session.execute(
        select(Contribution.root_id, func.count())
        .group_by(Contribution.root_id)
        .order_by(func.count().desc(), Contribution.root_id)
        .limit(1)
    ).first()
    assert big_root[1] >= 20
    urls = [
        f"/debates/{SLUG}",
        f"/debates/{SLUG}/contributions",
        *(f"/debates/{SLUG}/themes/{theme.slug}" for theme in themes),
        f"/contributions/{big_root[0]}",
        f"/debates/{SLUG}/questions",
        f"/search?q=tramway&debate={SLUG}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    deepest = db.session.scalar(select(Contribution.id).order_by(Contribution.depth.desc()))
    assert client.get(f"/contributions/{deepest}").status_code == 200

    moderator = db.session.scalar(select(User).where(User.email == "moderation@palabre.example"))
    login(client, moderator, DEMO_PASSWORD)
    assert client.get(f"/moderation/{SLUG}/").status_code == 200
