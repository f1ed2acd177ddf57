"""The organiser's console (moderation/console.py, moderation/console_views.py): an
administrator lists and creates debates and names their committee; the committee edits its
debate's texts, dates and settings, changes after opening going to the public journal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Debate, DebateRole, ModerationMode, Phase, Role
from moderation import console
from moderation.models import JournalAction
from tests import builders
from tests.builders_moderation import journal_rows, make_team
from tests.conftest import post_form


@pytest.fixture
def team(app):
    return make_team()


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def debate_count() -> int:
    return db.session.scalar(db.select(db.func.count(Debate.id)))


# --- Administrators: the list and a new debate ------------------------------------------


def test_the_admin_list_shows_every_debate_with_its_phase_and_console(client, login_as, team):
    draft = builders.make_debate("en-preparation", title="Parc éolien", phase=Phase.DRAFT)
    login_as(team.admin)

    html = page_text(client, "/admin/debates")

    assert "Parc éolien" in html and "En préparation" in html
    assert f'href="/manage/{draft.slug}/"' in html and 'href="/manage/tram/"' in html
    assert 'href="/admin/debates/new"' in html and "Nouveau débat" in html


def test_an_admin_creates_a_draft_debate_with_its_committee(client, login_as, team):
    first = builders.make_user("Annie Commissaire", email="annie@example.org")
    second = builders.make_user("Bruno")
    login_as(team.admin)

    response = post_form(
        client,
        "/admin/debates/new",
        {
            "slug": "parc-eolien",
            "title": "Parc éolien en mer",
            "committee": "ANNIE@example.org\n\n  bruno  \nannie@example.org",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/parc-eolien/")
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == "parc-eolien"))
    assert debate.phase == Phase.DRAFT and debate.title == "Parc éolien en mer"
    members = {
        (r.user_id, r.role)
        for r in db.session.scalars(db.select(DebateRole).where(DebateRole.debate_id == debate.id))
    }
    assert members == {(first.id, Role.COMMITTEE), (second.id, Role.COMMITTEE)}
    granted = journal_rows(JournalAction.ROLE_GRANT)
    assert {row.target_user_id for row in granted if row.debate_id == debate.id} == {
        first.id,
        second.id,
    }
    home = page_text(client, response.headers["Location"])
    assert "Console de la commission" in home and "En préparation" in home


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"slug": "tram"}, "Un débat utilise déjà cet identifiant d&#39;adresse."),
        ({"slug": "Parc Éolien"}, "lettres minuscules"),
        ({"committee": "annie@example.org\npersonne-inconnue"}, "personne-inconnue"),
    ],
)
def test_a_refused_new_debate_keeps_the_text_and_saves_nothing(
    client, login_as, team, data, field_message
):
    builders.make_user("Annie", email="annie@example.org")
    login_as(team.admin)
    before = debate_count()
    form = {"slug": "parc-eolien", "title": "Parc éolien en mer", "committee": "annie@example.org"}
    form.update(data)

    response = post_form(client, "/admin/debates/new", form, form_url="/admin/debates/new")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_message in html
    assert "Parc éolien en mer" in html and "annie@example.org" in html
    assert debate_count() == before
    assert not journal_rows(JournalAction.ROLE_GRANT) or all(
        row.debate_id == team.debate.id for row in journal_rows(JournalAction.ROLE_GRANT)
    )


def test_an_unknown_member_is_named_by_the_field(client, login_as, team):
    login_as(team.admin)

    response = post_form(
        client,
        "/admin/debates/new",
        {"slug": "parc-eolien", "title": "Parc", "committee": "qui@example.org"},
    )

    html = response.get_data(as_text=True)
    assert 'id="committee-error"' in html
    assert "Aucun compte ne porte ce nom ou cette adresse : qui@example.org." in html


def test_the_project_owner_of_a_debate_is_refused_as_its_committee_member(app, team):
    with pytest.raises(InvalidInput) as refused:
        console.committee_accounts(f"{team.owner.email}\n{team.committee.pseudonym}", team.debate)

    assert refused.value.field == "committee"
    assert team.owner.pseudonym in refused.value.message


@pytest.mark.parametrize("who", ["participant", "moderator", "owner", "committee"])
def test_only_administrators_create_debates(client, login_as, team, who):
    login_as(getattr(team, who))

    assert client.get("/admin/debates").status_code == 403
    assert client.get("/admin/debates/new").status_code == 403


# --- The console's home -----------------------------------------------------------------


def test_the_console_home_lists_its_sections_with_links(client, login_as, team):
    login_as(team.committee)

    html = page_text(client, "/manage/tram/")

    assert "<h1>Console de la commission</h1>" in html
    assert "Ouvert" in html and "le public le lit et y participe" in html
    for link in (
        "/manage/tram/settings",
        "/manage/tram/themes",
        "/manage/tram/documents",
        "/moderation/tram/team",
        "/moderation/tram/",
        "/synthesis/tram/",
    ):
        assert f'href="{link}' in html, link
    assert 'id="console-phase"' in html


def test_the_debate_page_links_the_console_for_its_committee_and_admins(client, login_as, team):
    login_as(team.committee)
    assert 'href="/manage/tram/"' in page_text(client, "/debates/tram")
    assert "Console de la commission" in page_text(client, "/debates/tram")


@pytest.mark.parametrize("who", ["participant", "moderator", "owner", "other_moderator"])
def test_the_console_link_is_not_shown_to_others(client, login_as, team, who):
    login_as(getattr(team, who))
    page = page_text(client, "/debates/tram")
    assert 'href="/manage/tram/"' not in page and "Console de la commission" not in page


@pytest.mark.parametrize("who", ["participant", "moderator", "owner", "other_committee"])
def test_the_console_refuses_all_but_its_committee_and_admins(client, login_as, team, who):
    if who == "other_committee":
        user = builders.make_user("Commission voisine")
        other = db.session.scalar(db.select(Debate).where(Debate.slug == "tram-autre"))
        builders.grant(user, other, Role.COMMITTEE)
    else:
        user = getattr(team, who)
    login_as(user)

    for url in ("/manage/tram/", "/manage/tram/settings", "/manage/tram/themes"):
        assert client.get(url).status_code == 403, url
    response = post_form(
        client, "/manage/tram/settings", {"title": "Pris"}, form_url="/debates/tram/contribute"
    )
    assert response.status_code == 403
    assert db.session.get(Debate, team.debate.id).title != "Pris"


def test_anonymous_visitors_are_sent_to_log_in_and_unknown_debates_are_404(client, login_as, team):
    assert "/login" in client.get("/manage/tram/").headers["Location"]
    login_as(team.admin)
    assert client.get("/manage/no-such-debate/").status_code == 404


# --- Texts, dates and settings ------------------------------------------------------------


def settings_form(**changes) -> dict:
    form = {
        "slug": "tram",
        "title": "Prolongement du tramway",
        "summary": "Le projet prolonge la ligne de tramway de **quatre stations**.",
        "easy_summary": "Un tramway plus long. Vous pouvez donner votre avis.",
        "owner_name": "Métropole de Belcombe",
        "opens_on": (date.today() - timedelta(days=10)).isoformat(),
        "closes_on": (date.today() + timedelta(days=50)).isoformat(),
        "moderation_mode": "a_posteriori",
        "answer_deadline_days": "15",
        "contact_email": "",
    }
    form.update(changes)
    return form


def test_the_committee_edits_the_texts_and_settings(client, login_as, team):
    login_as(team.committee)

    response = post_form(
        client,
        "/manage/tram/settings",
        settings_form(
            title="Prolongement de la ligne T2",
            summary="Quatre stations, **deux parkings** relais.<script>alert(1)</script>",
            easy_summary="Un tram plus long.",
            owner_name="Métropole",
            moderation_mode="a_priori",
            answer_deadline_days="21",
            contact_email="Commission@Example.org",
        ),
    )

    assert response.status_code == 302
    debate = db.session.get(Debate, team.debate.id)
    assert debate.title == "Prolongement de la ligne T2"
    assert "<strong>deux parkings</strong>" in debate.summary_html
    assert "<script>" not in debate.summary_html
    assert debate.easy_summary_html.strip() == "<p>Un tram plus long.</p>"
    assert debate.moderation_mode == ModerationMode.A_PRIORI
    assert debate.answer_deadline_days == 21
    assert debate.contact_email == "Commission@example.org"
    public = page_text(client.application.test_client(), "/debates/tram")
    assert 'href="mailto:Commission@example.org"' in public
    assert "Prolongement de la ligne T2" in public and "deux parkings" in public


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"opens_on": "2027-03-01", "closes_on": "2027-02-01"},
            "closes_on",
            "Le débat ne peut pas se clore avant de s&#39;ouvrir.",
        ),
        ({"answer_deadline_days": "0"}, "answer_deadline_days", "Entre 1 et 90 jours."),
        ({"answer_deadline_days": "91"}, "answer_deadline_days", "Entre 1 et 90 jours."),
        ({"contact_email": "pas-une-adresse"}, "contact_email", "adresse électronique"),
        ({"title": "   "}, "title", ""),
        ({"slug": "autre-adresse"}, "slug", "en préparation"),
    ],
)
def test_refused_settings_keep_the_text_and_change_nothing(
    client, login_as, team, changes, field, message
):
    login_as(team.committee)
    form = settings_form(summary="Un texte **tout neuf** que je ne veux pas perdre.", **changes)

    response = post_form(client, "/manage/tram/settings", form)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in html and message in html
    assert "Un texte **tout neuf** que je ne veux pas perdre." in html
    debate = db.session.get(Debate, team.debate.id)
    assert "tout neuf" not in debate.summary_source and debate.slug == "tram"
    assert not journal_rows(JournalAction.DEBATE_EDIT)


def test_the_slug_changes_while_in_draft_only_and_the_page_says_why(client, login_as, team):
    draft = builders.make_debate("brouillon", phase=Phase.DRAFT)
    builders.grant(team.committee, draft, Role.COMMITTEE)
    login_as(team.committee)

    assert "moteurs de recherche" in page_text(client, "/manage/tram/settings")
    assert "moteurs de recherche" not in page_text(client, "/manage/brouillon/settings")
    response = post_form(
        client, "/manage/brouillon/settings", settings_form(slug="parc-eolien", title="Parc")
    )
    assert response.status_code == 302
    assert db.session.get(Debate, draft.id).slug == "parc-eolien"
    taken = post_form(client, "/manage/parc-eolien/settings", settings_form(slug="tram"))
    assert taken.status_code == 422
    assert "Un débat utilise déjà cet identifiant d&#39;adresse." in taken.get_data(as_text=True)
    # In preparation, nothing is journaled: the public has seen nothing yet.
    assert not journal_rows(JournalAction.DEBATE_EDIT)


def test_a_change_after_opening_is_in_the_public_journal_without_the_old_text(
    client, login_as, team
):
    login_as(team.committee)

    post_form(
        client,
        "/manage/tram/settings",
        settings_form(
            summary="Une présentation corrigée.",
            closes_on=(date.today() + timedelta(days=60)).isoformat(),
        ),
    )

    [entry] = journal_rows(JournalAction.DEBATE_EDIT)
    assert entry.details == "summary,closes_on" and entry.actor_id == team.committee.id
    visitor = client.application.test_client()
    html = page_text(visitor, "/debates/tram/moderation-journal")
    assert "Présentation du débat modifiée : présentation du projet, date de clôture" in html
    assert "quatre stations" not in html and "Commissaire" not in html
    visitor.get("/lang/en")
    english = page_text(visitor, "/debates/tram/moderation-journal")
    assert "Debate&#39;s presentation changed: summary of the project, closing date" in english


def test_saving_unchanged_settings_journals_nothing(client, login_as, team):
    login_as(team.admin)

    response = post_form(client, "/manage/tram/settings", settings_form())

    assert response.status_code == 302
    assert not journal_rows(JournalAction.DEBATE_EDIT)
