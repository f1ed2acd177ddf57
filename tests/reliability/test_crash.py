"""Crash test: participants post through the real forms while the server (gunicorn's master
and workers) and the search writer are killed with ``kill -9`` at random moments and
started again. Afterwards every acknowledged post (one that got its redirect to the new
contribution) is in the database exactly once, the database passes its integrity check,
the index converges to the database, and no answer was ever a 5xx.

Bounded: a fixed number of kill cycles a few seconds apart (seeded, so a failure replays
the same schedule), about a minute in all, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select, text

from forum.extensions import db
from forum.models import Contribution, IndexTask
from forum.search.service import check_and_repair
from tests.builders import DEFAULT_PASSWORD, make_debate, make_user
from tests.conftest import DB_BACKEND
from tests.reliability import servers
from tests.reliability.webclient import CONNECTION_ERRORS, Answer, Browser

SEED = 8
CYCLES = 6
PARTICIPANTS = 4
RELATIONS = ("supports", "objects", "nuances", "asks_clarification", "provides_source")


@pytest.fixture
def app_config() -> dict:
    # Whoosh on SQLite; PostgreSQL's own full-text backend on PostgreSQL.
    return {"PALABRE_SEARCH": "postgres" if DB_BACKEND == "postgres" else "whoosh"}


@dataclass
class Acknowledged:
    id: int
    title: str
    body: str
    parent_id: int | None


@dataclass
class Journal:
    """What the participants saw, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: list[Acknowledged] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    connection_errors: int = 0

    def record(self, method: str, path: str, answer: Answer) -> None:
        with self.lock:
            self.statuses[answer.status] += 1
            if answer.status >= 500:
                self.server_errors.append(f"{method} {path} -> {answer.status}")

    def acknowledge(self, item: Acknowledged) -> None:
        with self.lock:
            self.acknowledged.append(item)

    def parents(self) -> list[int]:
        with self.lock:
            return [a.id for a in self.acknowledged]


def participant(
    number: int, email: str, slug: str, theme_id: int, port: int, journal, stop
) -> None:
    """Log in, then post contributions and replies until told to stop; never resend."""
    rng = random.Random(SEED * 100 + number)
    browser = Browser("127.0.0.1", port, timeout=20, record=journal.record)
    logged_in = False
    sent = 0
    while not stop.is_set():
        try:
            if not logged_in:
                logged_in = browser.log_in(email, DEFAULT_PASSWORD).status == 302
                if not logged_in:
                    time.sleep(0.1)
                continue
            sent += 1
            title = f"Crash {number}-{sent} {rng.randrange(10**9)}"
            body = f"Contribution {number}-{sent} : le tracé passe par la gare {sent}."
            parents = journal.parents()
            parent = rng.choice(parents) if parents and rng.random() < 0.4 else None
            if parent is None:
                answer = browser.submit(
                    f"/debates/{slug}/contribute",
                    {"kind": "opinion", "title": title, "body": body, "themes": theme_id},
                )
            else:
                answer = browser.submit(
                    f"/contributions/{parent}/reply",
                    {
                        "relation": rng.choice(RELATIONS),
                        "kind": "opinion",
                        "title": title,
                        "body": body,
                    },
                )
            new_id = answer.new_contribution_id()
            if new_id is not None:
                journal.acknowledge(Acknowledged(new_id, title, body, parent))
            elif answer.status == 302 and "/login" in answer.location:
                logged_in = False
        except CONNECTION_ERRORS:
            with journal.lock:
                journal.connection_errors += 1
            time.sleep(0.25)  # the server is down or restarting
    browser.close()


def integrity_problems() -> list[str]:
    """The database's own integrity check, plus the thread structure's consistency."""
    problems: list[str] = []
    if db.engine.dialect.name == "sqlite":
        result = [row[0] for row in db.session.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            problems += result
        problems += [str(row) for row in db.session.execute(text("PRAGMA foreign_key_check"))]
    else:
        # amcheck verifies every B-tree index against its table's ordering invariants.
        db.session.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
        indexes = db.session.scalars(
            text(
                "SELECT c.oid::regclass::text FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE a.amname = 'btree' AND n.nspname = 'public'"
            )
        ).all()
        for name in indexes:
            db.session.execute(
                text("SELECT bt_index_check(CAST(:n AS regclass), true)"), {"n": name}
            )
    orphans = db.session.scalar(
        text(
            "SELECT count(*) FROM contributions c "
            "LEFT JOIN contributions p ON p.id = c.parent_id "
            "WHERE c.parent_id IS NOT NULL AND (p.id IS NULL OR c.root_id <> p.root_id "
            "OR c.depth <> p.depth + 1)"
        )
    )
    if orphans:
        problems.append(f"{orphans} replies out of their thread")
    rootless = db.session.scalar(
        text("SELECT count(*) FROM contributions WHERE parent_id IS NULL AND root_id <> id")
    )
    if rootless:
        problems.append(f"{rootless} top-level contributions not their own root")
    db.session.rollback()
    return problems


def wait_for_posts(journal: Journal, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while len(journal.acknowledged) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def wait_for_drained_index(timeout: float = 60.0) -> int:
    """Wait for the (running) search writer to apply every task; return what is left."""
    deadline = time.monotonic() + timeout
    while True:
        left = db.session.scalar(select(func.count()).select_from(IndexTask)) or 0
        db.session.rollback()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_killed_server_and_search_writer_lose_nothing(app, tmp_path):
    debate = make_debate(themes=("Tracé", "Coût"))
    people = [make_user(f"Crash{n}") for n in range(PARTICIPANTS)]
    slug, theme_id = debate.slug, debate.themes[0].id
    emails = [person.email for person in people]
    db.session.commit()
    db.session.remove()

    port = servers.free_port()
    env = servers.environment_of(app)
    server = servers.gunicorn(env, port, tmp_path / "gunicorn.log", workers=2)
    writer = servers.search_writer(env, tmp_path / "search-writer.log")
    journal = Journal()
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=participant,
            args=(n, emails[n], slug, theme_id, port, journal, stop),
            daemon=True,
        )
        for n in range(PARTICIPANTS)
    ]
    rng = random.Random(SEED)
    restarts: list[float] = []
    started = time.monotonic()
    # Each kind of kill twice, in a seeded order.
    targets = ["server", "writer", "both"] * (CYCLES // 3)
    rng.shuffle(targets)
    try:
        server.start()
        writer.start()
        servers.wait_until_serving(server, port)
        for thread in threads:
            thread.start()
        for target in targets:
            # Kill while posts are flowing: after a couple of new ones, at a random moment.
            wait_for_posts(journal, len(journal.acknowledged) + 2)
            time.sleep(rng.uniform(0.0, 2.0))
            if target in ("server", "both"):
                server.kill()
            if target in ("writer", "both"):
                writer.kill()
            time.sleep(rng.uniform(0.0, 0.5))
            if not writer.running:
                writer.start()
            if not server.running:
                server.start()
                restarts.append(servers.wait_until_serving(server, port))
        wait_for_posts(journal, len(journal.acknowledged) + 2)  # and after the last restart
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        left = wait_for_drained_index()
    finally:
        stop.set()
        server.stop()
        writer.stop()

    logs = (tmp_path / "gunicorn.log").read_text()[-3000:]
    assert not journal.server_errors, (journal.server_errors[:10], logs)
    assert server.kills + writer.kills == CYCLES + CYCLES // 3
    assert len(journal.acknowledged) >= 2 * (CYCLES + 1), (journal.statuses, logs)
    assert left == 0, "the search writer did not apply every index task"

    # Every acknowledged post exactly once, as it was sent; no title twice at all.
    rows = db.session.execute(
        select(
            Contribution.id, Contribution.title, Contribution.body_source, Contribution.parent_id
        ).where(Contribution.title.like("Crash %"))
    ).all()
    by_title: dict[str, list] = {}
    for row in rows:
        by_title.setdefault(row.title, []).append(row)
    assert all(len(found) == 1 for found in by_title.values())
    for ack in journal.acknowledged:
        found = by_title.get(ack.title)
        assert found, f"acknowledged contribution #{ack.id} is missing"
        row = found[0]
        assert (row.id, row.body_source.strip(), row.parent_id) == (
            ack.id,
            ack.body,
            ack.parent_id,
        )

    assert integrity_problems() == []
    report = check_and_repair()
    assert report.in_step, (report.missing, report.stale, report.extra)
    assert report.checked >= len(journal.acknowledged)
    print(
        f"\n{CYCLES} kill cycles ({server.kills} server, {writer.kills} writer kills), "
        f"{len(journal.acknowledged)} posts acknowledged, {len(rows)} stored, "
        f"{journal.connection_errors} connection errors, answers {dict(journal.statuses)}; "
        f"server restarts took {', '.join(f'{s:.1f}' for s in restarts)} s; "
        f"{time.monotonic() - started:.0f} s in all"
    )
