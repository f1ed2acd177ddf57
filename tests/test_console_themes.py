"""A debate's theme index edited from the committee's console (moderation/console_themes.py):
add, rename and describe, reorder, retire and bring back — and the public pages made fresh
by every change to the debate's texts or themes (forum/render_tokens.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from forum import contributions
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Channel, Contribution, Debate, Kind, Theme, Transcription
from moderation import offline
from tests import builders
from tests.builders_moderation import make_team, offline_entry
from tests.conftest import login, post_form
from tests.test_revalidation import again, tagged


@pytest.fixture
def team(app):
    return make_team()


def themes_of(debate_id: int) -> list[Theme]:
    return list(
        db.session.scalars(
            db.select(Theme).where(Theme.debate_id == debate_id).order_by(Theme.position, Theme.id)
        )
    )


def theme_named(debate_id: int, name: str) -> Theme:
    return next(t for t in themes_of(debate_id) if t.name == name)


THEMES = "/manage/tram/themes"


def client_of(client, user):
    """Another browser, logged in as ``user``."""
    other = client.application.test_client()
    login(other, user)
    return other


def test_the_themes_page_lists_each_theme_with_its_forms_and_no_count(client, login_as, team):
    builders.make_contribution(team.debate, team.participant)
    login_as(team.committee)

    html = client.get(THEMES).get_data(as_text=True)

    assert "<h1>Thèmes</h1>" in html
    for name in ("Tracé et stations", "Coût et financement", "Environnement"):
        assert f"Enregistrer le thème « {name} »" in html
        assert f"Retirer « {name} »" in html
    assert "Monter « Tracé et stations »" not in html  # the first cannot go up
    assert "Descendre « Environnement »" not in html  # nor the last down
    assert "contribution" not in html.split("<h1>")[1].split("Ajouter un thème")[0].replace(
        "nouvelle contribution", ""
    ).replace("ses contributions", "")


def test_the_committee_adds_a_theme_at_the_end(client, login_as, team):
    login_as(team.committee)

    response = post_form(
        client, THEMES, {"new-name": "Santé & bruit", "new-description": "Les nuisances."}
    )

    assert response.status_code == 302
    last = themes_of(team.debate.id)[-1]
    assert (last.name, last.slug, last.description) == (
        "Santé & bruit",
        "sante-bruit",
        "Les nuisances.",
    )
    assert "Santé &amp; bruit" in client.get("/debates/tram").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("environnement", "Le débat a déjà un thème de ce nom."),
        ("Environnement !", "Un autre thème a déjà l&#39;adresse « environnement »"),
        ("", ""),
    ],
)
def test_a_refused_theme_keeps_the_text(client, login_as, team, name, message):
    login_as(team.committee)

    response = post_form(client, THEMES, {"new-name": name, "new-description": "Ma description."})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="new-name-error"' in html and message in html
    assert 'value="Ma description."' in html
    assert len(themes_of(team.debate.id)) == 3


def test_the_committee_renames_and_describes_a_theme_its_address_unchanged(client, login_as, team):
    cost = theme_named(team.debate.id, "Coût et financement")
    login_as(team.committee)

    response = post_form(
        client,
        f"{THEMES}/{cost.id}",
        {f"theme-{cost.id}-name": "Coût", f"theme-{cost.id}-description": "Qui paie quoi."},
        form_url=THEMES,
    )

    assert response.status_code == 302
    renamed = db.session.get(Theme, cost.id)
    assert (renamed.name, renamed.description, renamed.slug) == (
        "Coût",
        "Qui paie quoi.",
        "cout-et-financement",
    )


def test_a_refused_rename_shows_by_its_own_theme_with_the_text(client, login_as, team):
    cost = theme_named(team.debate.id, "Coût et financement")
    login_as(team.committee)

    response = post_form(
        client,
        f"{THEMES}/{cost.id}",
        {f"theme-{cost.id}-name": "Environnement", f"theme-{cost.id}-description": "Gardé."},
        form_url=THEMES,
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="theme-{cost.id}-name-error"' in html
    assert 'value="Gardé."' in html
    assert db.session.get(Theme, cost.id).name == "Coût et financement"


def test_the_committee_reorders_the_themes(client, login_as, team):
    route, cost, environment = themes_of(team.debate.id)
    login_as(team.committee)

    post_form(client, f"{THEMES}/{environment.id}/move", {"direction": "up"}, form_url=THEMES)
    assert [t.name for t in themes_of(team.debate.id)] == [
        route.name,
        environment.name,
        cost.name,
    ]
    post_form(client, f"{THEMES}/{route.id}/move", {"direction": "down"}, form_url=THEMES)
    post_form(client, f"{THEMES}/{route.id}/move", {"direction": "down"}, form_url=THEMES)
    post_form(client, f"{THEMES}/{route.id}/move", {"direction": "down"}, form_url=THEMES)

    assert [t.name for t in themes_of(team.debate.id)] == [
        environment.name,
        cost.name,
        route.name,
    ]
    html = client.get("/debates/tram").get_data(as_text=True)
    assert html.index(environment.name) < html.index(cost.name) < html.index(route.name)


def retire(client, theme: Theme):
    return post_form(client, f"{THEMES}/{theme.id}/retire", {}, form_url=THEMES)


def test_a_retired_theme_keeps_its_contributions_and_page_and_can_be_refiled(
    client, login_as, team
):
    route = theme_named(team.debate.id, "Tracé et stations")
    item = builders.make_contribution(team.debate, team.participant, title="Par la gare")
    login_as(team.committee)

    assert retire(client, route).status_code == 302

    assert db.session.get(Theme, route.id).retired_at is not None
    assert [t.id for t in db.session.get(Contribution, item.id).themes] == [route.id]
    visitor = client.application.test_client()
    theme_page = visitor.get(f"/debates/tram/themes/{route.slug}")
    assert theme_page.status_code == 200 and "Par la gare" in theme_page.get_data(as_text=True)
    assert "retiré : ne reçoit plus" in visitor.get("/debates/tram").get_data(as_text=True)
    moderation_page = client_of(client, team.moderator).get(
        f"/moderation/tram/contributions/{item.id}"
    )
    assert f'value="{route.id}"' in moderation_page.get_data(as_text=True)


def test_a_retired_theme_is_not_offered_and_is_refused_when_posted(client, login_as, team):
    route = theme_named(team.debate.id, "Tracé et stations")
    login_as(team.committee)
    retire(client, route)
    participant = client_of(client, team.participant)

    form = participant.get("/debates/tram/contribute").get_data(as_text=True)
    assert "Tracé et stations" not in form and "Environnement" in form
    response = post_form(
        participant,
        "/debates/tram/contribute",
        {
            "kind": "opinion",
            "title": "Encore le tracé",
            "body": "Un avis sur le tracé.",
            "themes": [str(route.id)],
        },
    )

    assert response.status_code == 422
    assert "Encore le tracé" in response.get_data(as_text=True)
    assert (
        db.session.scalar(db.select(Contribution.id).where(Contribution.title == "Encore le tracé"))
        is None
    )


def test_the_services_refuse_a_retired_theme_posted_anyway(client, login_as, team):
    """The forms no longer offer it; a contribution sent under it anyway (an old form, a
    crafted request) is refused by the services themselves, online and offline."""
    route = theme_named(team.debate.id, "Tracé et stations")
    login_as(team.committee)
    retire(client, route)
    debate = db.session.get(Debate, team.debate.id)

    with pytest.raises(InvalidInput) as online:
        contributions.post_contribution(
            debate,
            team.participant,
            contributions.NewContribution(
                kind=Kind.OPINION, title="Le tracé", body="Un avis.", theme_ids=[route.id]
            ),
        )
    data = offline_entry(team, themes=[route.id])
    with pytest.raises(InvalidInput) as offline_refusal:
        offline.enter_offline(
            debate,
            team.moderator,
            offline.OfflineContribution(
                channel=Channel.PUBLIC_MEETING,
                occurred_on=date.today() - timedelta(days=3),
                event=data["event"],
                kind=Kind.OPINION,
                title=data["title"],
                body=data["body"],
                transcription=Transcription.SUMMARY,
                theme_ids=[route.id],
            ),
        )

    for refusal in (online, offline_refusal):
        assert refusal.value.field == "themes"
        assert "Tracé et stations" in refusal.value.message
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0


def test_a_retired_theme_is_brought_back(client, login_as, team):
    route = theme_named(team.debate.id, "Tracé et stations")
    login_as(team.committee)
    retire(client, route)

    response = post_form(client, f"{THEMES}/{route.id}/restore", {}, form_url=THEMES)

    assert response.status_code == 302
    assert db.session.get(Theme, route.id).retired_at is None
    participant = client_of(client, team.participant)
    assert "Tracé et stations" in participant.get("/debates/tram/contribute").get_data(as_text=True)


def test_a_theme_of_another_debate_is_not_found(client, login_as, team):
    other = db.session.scalar(db.select(Debate).where(Debate.slug == "tram-autre"))
    login_as(team.admin)

    response = post_form(client, f"{THEMES}/{other.themes[0].id}/retire", {}, form_url=THEMES)

    assert response.status_code == 404
    assert db.session.get(Theme, other.themes[0].id).retired_at is None


# --- Public pages made fresh ---------------------------------------------------------------


def test_a_visitors_debate_page_changes_after_a_settings_edit_and_a_theme_rename(
    client, login_as, team
):
    visitor = client.application.test_client()
    first = tagged(visitor, "/debates/tram")
    assert again(visitor, "/debates/tram", first.headers["ETag"]).status_code == 304
    login_as(team.committee)

    post_form(
        client,
        "/manage/tram/settings",
        {
            "slug": "tram",
            "title": "Tramway : la ligne prolongée",
            "summary": "Le projet.",
            "easy_summary": "",
            "owner_name": "Métropole",
            "opens_on": (date.today() - timedelta(days=10)).isoformat(),
            "closes_on": (date.today() + timedelta(days=50)).isoformat(),
            "moderation_mode": "a_posteriori",
            "answer_deadline_days": "15",
            "contact_email": "",
        },
    )

    after_edit = again(visitor, "/debates/tram", first.headers["ETag"])
    assert after_edit.status_code == 200
    assert "Tramway : la ligne prolongée" in after_edit.get_data(as_text=True)
    second = tagged(visitor, "/debates/tram")
    cost = theme_named(team.debate.id, "Coût et financement")
    post_form(
        client,
        f"{THEMES}/{cost.id}",
        {f"theme-{cost.id}-name": "Financement", f"theme-{cost.id}-description": ""},
        form_url=THEMES,
    )

    after_rename = again(visitor, "/debates/tram", second.headers["ETag"])
    assert after_rename.status_code == 200
    assert "Financement" in after_rename.get_data(as_text=True)
    assert after_rename.headers["ETag"] not in {first.headers["ETag"], second.headers["ETag"]}
