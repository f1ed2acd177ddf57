"""Whatever the committee types in a section, the report renders: text that looks like the
placeholders used while citations are rendered stays as typed, never read as a citation."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.extensions import db
from forum.models import Phase
from synthesis import citations, report
from tests import builders
from tests.builders_synthesis import make_world, publish_report
from tests.conftest import login, post_form

# What an earlier rendering used as placeholders, and ways around a filter of them.
MARKER_LIKE = (
    "PALABRECITPALABRECITATIONATION7END",
    "PALABRECITATION1END",
    "PALABRECITATION99999999999999999999END",
    "PALABRESTATISTICSEND",
    "PALABRESTATISPALABRESTATISTICSENDTICSEND",
    "PALABRECITATIONPALABRECITATION3ENDEND",
)


def _report_world(body: str):
    world = make_world(phase=Phase.CLOSED)
    world.debate.closes_on = date.today() - timedelta(days=3)
    db.session.commit()
    item = builders.make_contribution(
        world.debate, world.participant, title="Les arbres", body="Les platanes font de l'ombre."
    )
    draft = report.start_report(world.debate, world.committee)
    report.save_section(
        world.debate, draft.sections[1], world.committee, "Par thème", body.format(id=item.id)
    )
    return world


def test_marker_like_text_previews_and_publishes_as_typed(app, client):
    text = " ".join(MARKER_LIKE)
    world = _report_world(f"Avant {text} et [[cite:{{id}}]] puis\n\n{text}\n\n[[statistics]]")
    slug = world.debate.slug
    login(client, world.committee)

    preview = client.get(f"/synthesis/{slug}/report/preview")
    assert preview.status_code == 200
    assert preview.get_data(as_text=True).count(text) == 2

    response = publish_report(client, slug)
    assert response.status_code == 302
    page = app.test_client().get(f"/debates/{slug}/report").get_data(as_text=True)
    assert page.count(text) == 2
    assert page.count('class="note-ref"') >= 1  # the real citation is still rendered


def test_a_citation_number_past_the_id_range_is_refused_not_an_error(app, client):
    world = make_world()
    section = report.start_report(world.debate, world.committee).sections[1]
    login(client, world.committee)
    url = f"/synthesis/{world.debate.slug}/report/sections/{section.id}"
    body = f"Voir [[cite:{2**63}]]."

    response = post_form(client, url, {"title": "Thèmes", "body": body})

    assert response.status_code == 422
    assert body in response.get_data(as_text=True)


SECTION_TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                *MARKER_LIKE,
                "PALABRE",
                "CITATION",
                "CITE",
                "END",
                "STATISTICS",
                "[[cite:{id}]]",
                "[[cite:{id}|ombre]]",
                f"[[cite:{2**70}]]",
                "[[statistics]]",
                "<p>",
                "</p>",
                "\n\n",
                " ",
                "7",
                "> ",
                "`",
                "*",
            ]
        ),
        max_size=30,
    ).map("".join),
)


def test_any_section_text_renders(app):
    world = make_world()
    item = builders.make_contribution(
        world.debate, world.participant, title="Les arbres", body="Les platanes font de l'ombre."
    )

    @settings(
        max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(first=SECTION_TEXT, second=SECTION_TEXT)
    def render(first, second):
        sources = [(1, first.replace("{id}", str(item.id))), (2, second)]
        rendering = citations.render(world.debate, sources, statistics_html=lambda: "<p>S</p>")
        assert set(rendering.html) == {1, 2}
        assert [note.number for note in rendering.notes] == list(
            range(1, len(rendering.notes) + 1)
        )

    render()
