"""The number of SQL statements a page costs does not grow with the data it shows.

Each test measures a page, adds many more rows of what the page lists, and measures again:
the count must stay the same (no query per contribution, per reply, per photo or per tag;
no deeper page costing more than the first).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

from forum.extensions import db
from forum.models import Channel, Contribution, ContributionPhoto, Kind, Relation, Status
from forum.pagination import Ordering, encode_cursor
from forum.search.service import reindex
from moderation import tags as tag_service
from moderation.models import Flag, FlagReason
from tests import builders
from tests.builders_moderation import make_team, vocabulary
from tests.builders_questions import answer_and_publish, make_question
from tests.conftest import csrf_token


@contextmanager
def counting() -> Iterator[list[str]]:
    """The statements sent to the database while the block runs."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


class Cost:
    """The statements of one page; equal to another page's when their counts are equal
    (a failure shows the statements that only one of them ran)."""

    def __init__(self, statements: list[str]) -> None:
        self.statements = statements

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cost) and len(self.statements) == len(other.statements)

    def __repr__(self) -> str:
        return f"{len(self.statements)} statements"


def queries(client, url: str) -> Cost:
    with counting() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return Cost(statements)


def _shape(statement: str) -> str:
    """A statement without the length of its ``IN (…)`` lists, columns elided."""
    statement = re.sub(r"IN \([^()]*\)", "IN (…)", statement)
    return re.sub(r"SELECT .*? FROM", "SELECT … FROM", statement, flags=re.DOTALL)


def assert_same(*costs: Cost) -> None:
    """Every page ran as many statements as the first; else show which ones differ.

    ``PALABRE_QUERY_COUNTS=<file>`` appends the counts to that file (for the figures in
    docs/PERFORMANCE.md)."""
    first = costs[0]
    report = os.environ.get("PALABRE_QUERY_COUNTS")
    if report:
        test = os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[-1].split(" ")[0]
        with open(report, "a") as out:
            out.write(f"{test}: {[len(c.statements) for c in costs]}\n")
    for other in costs[1:]:
        if other != first:
            mine, theirs = (
                Counter(map(_shape, first.statements)),
                Counter(map(_shape, other.statements)),
            )
            shown = [f"+{n} × {s}" for s, n in (theirs - mine).items()]
            shown += [f"-{n} × {s}" for s, n in (mine - theirs).items()]
            raise AssertionError(f"{first} then {other}:\n" + "\n".join(shown))


def _reply_tree(root, team, authors, count: int, tags) -> None:
    """``count`` replies under ``root``: chains and siblings, several authors, some tagged,
    one masked, one pending."""
    parents = [root]
    relations = list(Relation)
    for n in range(count):
        parent = parents[n % len(parents)] if n % 3 else parents[-1]
        status = Status.MASKED if n == 3 else Status.PENDING if n == 4 else Status.PUBLISHED
        reply = builders.make_contribution(
            team.debate,
            authors[n % len(authors)],
            title="",
            body=f"Réponse {n} : le tracé doit passer par la gare.",
            parent=parent,
            relation=relations[n % len(relations)],
            kind=Kind.QUESTION if n % 7 == 0 else Kind.OPINION,
            status=status,
        )
        if n % 2 == 0:
            tag_service.attach(reply, tags[n % len(tags)], team.moderator)
        parents.append(reply)


def test_thread_page_costs_the_same_with_5_or_50_replies(app, client, login_as):
    team = make_team()
    tags = list(vocabulary(team.debate).values())
    authors = [builders.make_user() for _ in range(6)]
    small = builders.make_contribution(team.debate, team.participant, title="Petit fil")
    big = builders.make_contribution(team.debate, team.participant, title="Grand fil")
    _reply_tree(small, team, authors, 5, tags)
    _reply_tree(big, team, authors, 50, tags)

    assert_same(
        queries(client, f"/contributions/{small.id}"), queries(client, f"/contributions/{big.id}")
    )
    login_as(team.moderator)  # staff see masked and pending replies, and every tag
    client.get("/")  # (the "logged in" message shows there)
    assert_same(
        queries(client, f"/contributions/{small.id}"), queries(client, f"/contributions/{big.id}")
    )


def test_theme_page_deep_in_the_list_costs_what_the_first_page_costs(app, client):
    team = make_team()
    theme = team.debate.themes[0]
    authors = [builders.make_user() for _ in range(10)]
    items = [
        builders.make_contribution(
            team.debate, authors[n % 10], title=f"Avis {n}", themes=[theme, team.debate.themes[1]]
        )
        for n in range(70)
    ]
    url = f"/debates/{team.debate.slug}/themes/{theme.slug}"
    # Page 1 rendered with a query string (a visitor's page 1 is tagged for revalidation).
    first = queries(client, f"{url}?order=oldest")
    deep = queries(client, f"{url}?after={encode_cursor(Ordering(), items[45])}")
    newest = queries(
        client, f"{url}?order=newest&after={encode_cursor(Ordering('newest'), items[60])}"
    )
    shuffled = queries(client, f"{url}?order=shuffled&seed=12345")
    assert_same(first, deep, newest, shuffled)


def test_theme_page_of_many_threads_costs_what_one_thread_costs(app, client):
    team = make_team()
    theme = team.debate.themes[0]
    tags = list(vocabulary(team.debate).values())
    author = builders.make_user()

    def add_thread(n: int) -> None:
        body = "Une remarque singulière." if n == 0 else "Une remarque."
        item = builders.make_contribution(
            team.debate, author, title=f"Fil {n}", body=body, themes=[theme]
        )
        tag_service.attach(item, tags[n % len(tags)], team.moderator)

    add_thread(0)
    url = f"/debates/{team.debate.slug}/themes/{theme.slug}"
    one = queries(client, url)
    for n in range(1, 20):  # a full page of cards, each from a thread of its own
        add_thread(n)
    many = queries(client, url)
    assert_same(one, many)
    reindex()  # and the search page's results: one, then a page of twenty
    assert_same(queries(client, "/search?q=singulière"), queries(client, "/search?q=remarque"))


def test_moderation_queue_costs_the_same_with_more_waiting(app, client, login_as):
    team = make_team()
    tags = list(vocabulary(team.debate).values())
    authors = [builders.make_user() for _ in range(8)]

    def add(count: int) -> None:
        for n in range(count):
            item = builders.make_contribution(
                team.debate,
                authors[n % 8],
                title=f"À lire {n}",
                status=Status.PENDING if n % 3 == 0 else Status.PUBLISHED,
                channel=Channel.PAPER if n % 5 == 0 else Channel.ONLINE,
            )
            if n % 4 == 1:
                db.session.add(
                    Flag(
                        contribution_id=item.id,
                        user_id=authors[(n + 1) % 8].id,
                        reason=FlagReason.OFF_TOPIC,
                    )
                )
                db.session.commit()
            if n % 3 == 0:  # pending and classified: still in the queue, with its tag
                tag_service.attach(item, tags[n % len(tags)], team.moderator)

    login_as(team.moderator)
    url = f"/moderation/{team.debate.slug}/"
    add(6)
    few = queries(client, url)
    add(80)
    many = queries(client, url)
    assert_same(few, many, queries(client, f"{url}?need=everything"))


def test_questions_page_costs_the_same_with_more_questions(app, client):
    team = make_team()
    asker = builders.make_user()

    def add(count: int) -> None:
        for n in range(count):
            question = make_question(team.debate, asker, title=f"Question {n} ?")
            if n % 2 == 0:
                answer_and_publish(question, team.owner, team.committee, body=f"Réponse {n}.")

    url = f"/debates/{team.debate.slug}/questions"
    add(3)
    few = queries(client, url)
    add(30)
    assert_same(few, queries(client, url))


def test_contribution_page_costs_the_same_with_photos_and_tags(app, client, login_as):
    team = make_team()
    tags = list(vocabulary(team.debate).values())
    plain = builders.make_contribution(team.debate, team.participant, title="Une photo")
    rich = builders.make_contribution(team.debate, team.participant, title="Des photos")
    for item, position in [(plain, 1), (rich, 1), (rich, 2), (rich, 3)]:
        db.session.add(
            ContributionPhoto(
                contribution_id=item.id,
                position=position,
                file_name=f"photo-{item.id}-{position}.jpg",
                thumb_name=f"thumb-{item.id}-{position}.jpg",
                mimetype="image/jpeg",
                width=1200,
                height=800,
                thumb_width=320,
                thumb_height=213,
                alt_text=f"Le carrefour, vue {position}",
            )
        )
    db.session.commit()
    tag_service.attach(plain, tags[0], team.moderator)
    for tag in tags[:4]:
        tag_service.attach(rich, tag, team.moderator)
    for n in range(6):
        reply = builders.make_contribution(
            team.debate,
            team.participant,
            title="",
            body=f"Photo {n}",
            parent=rich,
            relation=Relation.PROVIDES_SOURCE,
        )
        db.session.add(
            ContributionPhoto(
                contribution_id=reply.id,
                position=1,
                file_name=f"r{n}.jpg",
                thumb_name=f"rt{n}.jpg",
                mimetype="image/jpeg",
                width=10,
                height=10,
                thumb_width=10,
                thumb_height=10,
                alt_text="Un arbre",
            )
        )
        db.session.commit()
    builders.make_contribution(
        team.debate,
        team.participant,
        title="",
        body="Un mot",
        parent=plain,
        relation=Relation.SUPPORTS,
    )
    assert_same(
        queries(client, f"/contributions/{plain.id}"), queries(client, f"/contributions/{rich.id}")
    )
    login_as(team.moderator)
    client.get("/")  # (the "logged in" message shows there)
    assert_same(
        queries(client, f"/contributions/{plain.id}"), queries(client, f"/contributions/{rich.id}")
    )


@contextmanager
def counting_commits() -> Iterator[list[str]]:
    """Like ``counting``, with ``COMMIT`` where each transaction ended."""
    with counting() as statements:
        mark = lambda _conn: statements.append("COMMIT")  # noqa: E731
        event.listen(db.engine, "commit", mark)
        try:
            yield statements
        finally:
            event.remove(db.engine, "commit", mark)


def test_posting_writes_each_row_once_and_reads_nothing_back(app, client, login_as):
    """A post is answered from what it wrote: no row is read again after the commit, a new
    thread's root is set by one plain statement, a reply's place goes in its INSERT."""
    team = make_team()
    theme = team.debate.themes[0]
    login_as(team.participant)
    url = f"/debates/{team.debate.slug}/contribute"
    form = {"csrf_token": csrf_token(client, url), "kind": "opinion", "themes": str(theme.id)}

    with counting_commits() as posting:
        response = client.post(url, data={**form, "title": "Un arrêt", "body": "Au lycée."})
    assert response.status_code == 302
    thread_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    with counting_commits() as replying:
        response = client.post(
            f"/contributions/{thread_id}/reply",
            data={**form, "relation": "supports", "title": "", "body": "Oui, et le soir."},
        )
    assert response.status_code == 302
    reply_id = int(response.headers["Location"].split("#c")[-1])

    for statements in (posting, replying):  # (the test's own session commits after each)
        after = statements[statements.index("COMMIT") :]
        assert set(after) == {"COMMIT"}, "\n".join(s[:70] for s in statements)
    assert sum(s.startswith("SELECT themes") for s in posting) == 1  # those of the form
    updates = [s for s in posting if s.startswith("UPDATE contributions")]
    assert len(updates) == 1 and "SET root_id=" in updates[0], posting
    assert not any(s.startswith("UPDATE contributions") for s in replying), replying
    rows = db.session.execute(
        select(Contribution.root_id, Contribution.parent_id, Contribution.depth)
        .where(Contribution.id.in_([thread_id, reply_id]))
        .order_by(Contribution.id)
    ).all()
    assert [tuple(r) for r in rows] == [(thread_id, None, 0), (thread_id, thread_id, 1)]
