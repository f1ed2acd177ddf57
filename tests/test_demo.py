"""`flask --app app demo`: a realistic debate, every feature of the core at work, run twice."""

from __future__ import annotations

from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    DebateRole,
    Kind,
    Relation,
    Role,
    Status,
    User,
)


def test_demo_builds_a_realistic_debate_and_is_safe_to_run_twice(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output

    # The accounts are printed with their password, for each role.
    for email in (
        "admin@palabre.example",
        "moderation@palabre.example",
        "commission@palabre.example",
        "maitre-ouvrage@palabre.example",
        "participant@palabre.example",
    ):
        assert email in first.output
    assert "palabre-demo-2026" in first.output

    # The open debate; a second one, closed with its report published, comes from synthesis.
    assert db.session.scalar(db.select(db.func.count()).select_from(Debate)) == 2
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == "tram-t2-saint-orens"))
    assert debate.is_open
    assert 5 <= len(debate.themes) <= 8
    assert debate.documents and debate.charter_html and debate.easy_summary_html

    items = db.session.scalars(db.select(Contribution)).all()
    assert len(items) >= 60
    assert {c.kind for c in items} == set(Kind)
    assert {c.relation for c in items if c.relation} == set(Relation)
    assert any(c.status == Status.PENDING for c in items)
    assert any(c.channel != Channel.ONLINE for c in items)
    assert max(c.depth for c in items) >= 3
    by_id = {c.id: c for c in items}
    for item in items:
        root = item
        while root.parent_id is not None:
            root = by_id[root.parent_id]
        assert item.root_id == root.id
        assert item.themes, f"contribution {item.id} has no theme"

    roles = {(r.user.email, r.role) for r in db.session.scalars(db.select(DebateRole)).all()}
    assert ("moderation@palabre.example", Role.MODERATOR) in roles
    assert ("commission@palabre.example", Role.COMMITTEE) in roles
    assert ("maitre-ouvrage@palabre.example", Role.OWNER) in roles
    # The demo adds its roles directly: they too keep the project owner apart from the
    # staff of each debate (forum.debates.role_conflict).
    held: dict[tuple[int, int], set[Role]] = {}
    for row in db.session.scalars(db.select(DebateRole)):
        held.setdefault((row.user_id, row.debate_id), set()).add(row.role)
    assert not [roles for roles in held.values() if Role.OWNER in roles and len(roles) > 1]
    admin = db.session.scalar(db.select(User).where(User.email == "admin@palabre.example"))
    assert admin.is_admin


def test_demo_pages_render(runner, client):
    assert runner.invoke(args=["demo"]).exit_code == 0
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == "tram-t2-saint-orens"))
    assert client.get(f"/debates/{debate.slug}").status_code == 200
    deepest = db.session.scalar(db.select(Contribution).order_by(Contribution.depth.desc()))
    page = client.get(f"/contributions/{deepest.id}").get_data(as_text=True)
    assert page.count('<ol class="replies"') >= 3
