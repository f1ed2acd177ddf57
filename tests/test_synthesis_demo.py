"""The demo: a second debate, closed, whose report is published; loading twice is harmless."""

from __future__ import annotations

from demo.cli import demo_loaders, reindex_demo
from demo.content import load
from forum.extensions import db
from forum.models import Debate, Phase
from synthesis import report
from synthesis.models import Citation


def test_the_demo_has_a_closed_debate_with_a_published_report(app, client):
    # The search index is rebuilt by the last loader: not what this test is about.
    loaders = [loader for loader in demo_loaders() if loader is not reindex_demo]
    for _round in range(2):
        for loader in loaders:
            loader()

    slug = load("cycling")["debate"]["slug"]
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == slug))
    assert debate.phase == Phase.REPORTED
    assert db.session.scalar(db.select(db.func.count()).select_from(Debate)) == 2
    published = report.published_report(debate)
    assert db.session.scalar(db.select(db.func.count()).select_from(Citation)) >= 8
    assert report.pdf_path(published).read_bytes().startswith(b"%PDF-")
    page = client.get(f"/debates/{debate.slug}/report").get_data(as_text=True)
    assert "figure" in page and "tricycle" in page
    assert client.get("/debates/tram-t2-saint-orens").status_code == 200
