"""The team page (GET/POST /moderation/<slug>/team, POST .../team/<id>/revoke): the debate's
committee gives and takes roles to existing accounts; the project owner is never staff of
the same debate, whichever way a role is given."""

from __future__ import annotations

import html
import re

import pytest

from forum.debates import grant_role
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import DebateRole, Role
from moderation.models import JournalAction
from tests import builders
from tests.builders_moderation import journal_rows, make_team
from tests.conftest import login, post_form

TEAM = "/moderation/tram/team"


@pytest.fixture
def team(app):
    return make_team()


def _page(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def _roles(team, user) -> set[Role]:
    return set(
        db.session.scalars(
            db.select(DebateRole.role).where(
                DebateRole.user_id == user.id, DebateRole.debate_id == team.debate.id
            )
        )
    )


def _role_id(team, user, role: Role) -> int:
    return db.session.scalar(
        db.select(DebateRole.id).where(
            DebateRole.user_id == user.id,
            DebateRole.debate_id == team.debate.id,
            DebateRole.role == role,
        )
    )


def _revoke(client, role_id: int):
    return post_form(client, f"{TEAM}/{role_id}/revoke", {}, form_url=TEAM)


def test_the_committee_gives_roles_by_email_or_pseudonym(client, team):
    newcomer = builders.make_user("Nouvelle Animatrice", email="nouvelle@example.org")
    colleague = builders.make_user("Collègue", email="collegue@example.org")
    login(client, team.committee)
    response = post_form(client, TEAM, {"account": "Nouvelle Animatrice", "role": "moderator"})
    assert response.status_code == 302
    response = post_form(client, TEAM, {"account": " COLLEGUE@example.org ", "role": "committee"})
    assert response.status_code == 302
    assert _roles(team, newcomer) == {Role.MODERATOR}
    assert _roles(team, colleague) == {Role.COMMITTEE}
    shown = _page(client.get(TEAM))
    assert "Le rôle est donné à Collègue." in shown
    assert "Nouvelle Animatrice" in shown and "Collègue" in shown
    rows = journal_rows(JournalAction.ROLE_GRANT)
    assert {(r.actor_id, r.target_user_id, r.details) for r in rows} == {
        (team.committee.id, newcomer.id, "moderator"),
        (team.committee.id, colleague.id, "committee"),
    }


def test_the_committee_reads_pseudonyms_never_addresses(client, team):
    login(client, team.committee)
    shown = _page(client.get(TEAM))
    for person in (team.moderator, team.committee, team.owner):
        assert person.pseudonym in shown
        assert person.email not in shown
    assert "@" not in re.sub(r"<[^>]+>", "", shown.split("<main", 1)[-1])


def test_an_unknown_account_is_refused_with_the_text_kept(client, team):
    login(client, team.committee)
    response = post_form(
        client, TEAM, {"account": "personne@nulle-part.example", "role": "moderator"}
    )
    assert response.status_code == 422
    shown = _page(response)
    assert "Aucun compte n'a cette adresse électronique ni ce pseudonyme." in shown
    assert 'value="personne@nulle-part.example"' in shown


@pytest.mark.parametrize("who", ["committee", "admin"])
def test_the_committee_and_administrators_take_a_role_back_journaled(client, team, who):
    actor = getattr(team, who)
    login(client, actor)
    response = _revoke(client, _role_id(team, team.moderator, Role.MODERATOR))
    assert response.status_code == 302
    assert _roles(team, team.moderator) == set()
    [row] = journal_rows(JournalAction.ROLE_REVOKE)
    assert (row.actor_id, row.target_user_id, row.details) == (
        actor.id,
        team.moderator.id,
        "moderator",
    )


def test_the_committee_cannot_take_away_its_last_committee_role(client, team):
    login(client, team.committee)
    response = _revoke(client, _role_id(team, team.committee, Role.COMMITTEE))
    assert response.status_code == 422
    shown = _page(response)
    assert "C'est le dernier rôle de membre de la commission de ce débat" in shown
    # The page shown again gives roles through its own address, not the refused one.
    assert f'action="{TEAM}"' in shown
    assert _roles(team, team.committee) == {Role.COMMITTEE}
    assert journal_rows(JournalAction.ROLE_REVOKE) == []
    # With a second member, one may step down.
    builders.grant(builders.make_user("Seconde"), team.debate, Role.COMMITTEE)
    assert _revoke(client, _role_id(team, team.committee, Role.COMMITTEE)).status_code == 302
    assert _roles(team, team.committee) == set()


def test_an_administrator_may_take_the_last_committee_role(client, team):
    login(client, team.admin)
    assert _revoke(client, _role_id(team, team.committee, Role.COMMITTEE)).status_code == 302
    assert _roles(team, team.committee) == set()


def test_moderators_and_the_owner_do_not_run_the_team(client, team):
    for person in (team.moderator, team.owner, team.participant, team.other_moderator):
        login(client, person)
        assert client.get(TEAM).status_code == 403
        client.delete_cookie("session")


# --- The project owner is never staff of the same debate --------------------------------


def test_the_team_page_refuses_to_make_the_owner_staff_naming_the_conflict(client, team):
    login(client, team.committee)
    response = post_form(client, TEAM, {"account": team.owner.pseudonym, "role": "committee"})
    assert response.status_code == 422
    shown = _page(response)
    assert (
        f"{team.owner.pseudonym} est le maître d'ouvrage de ce débat : le maître d'ouvrage, "
        "partie au débat, ne peut jamais aussi le modérer ni siéger à sa commission."
    ) in shown
    assert f'value="{team.owner.pseudonym}"' in shown
    assert _roles(team, team.owner) == {Role.OWNER}
    assert journal_rows(JournalAction.ROLE_GRANT) == []


def test_the_team_page_refuses_to_make_staff_the_owner(client, team):
    login(client, team.committee)
    response = post_form(client, TEAM, {"account": team.moderator.email, "role": "owner"})
    assert response.status_code == 422
    shown = _page(response)
    assert f"{team.moderator.pseudonym} modère ce débat" in shown
    assert "Retirez d'abord le rôle de modérateur." in shown
    assert f'value="{team.moderator.email}"' in shown
    assert _roles(team, team.moderator) == {Role.MODERATOR}


def test_the_operator_command_keeps_the_owner_apart(runner, team):
    result = runner.invoke(args=["grant", team.committee.email, "owner", "tram"])
    assert result.exit_code != 0
    assert f"{team.committee.pseudonym} siège à la commission de ce débat" in result.output
    result = runner.invoke(args=["grant", team.owner.email, "moderator", "tram"])
    assert result.exit_code != 0
    assert f"{team.owner.pseudonym} est le maître d'ouvrage de ce débat" in result.output
    assert _roles(team, team.committee) == {Role.COMMITTEE}
    assert _roles(team, team.owner) == {Role.OWNER}
    assert journal_rows(JournalAction.ROLE_GRANT) == []


def test_the_service_keeps_the_owner_apart(team):
    with pytest.raises(InvalidInput) as refused:
        grant_role(team.owner, team.debate, Role.MODERATOR)
    assert team.owner.pseudonym in refused.value.message
    with pytest.raises(InvalidInput):
        grant_role(team.moderator, team.debate, Role.OWNER)
    # Another debate is another matter: a moderator here may own a project elsewhere.
    other = builders.make_debate("autre-projet")
    grant_role(team.moderator, other, Role.OWNER)
    assert db.session.scalar(
        db.select(DebateRole.id).where(
            DebateRole.user_id == team.moderator.id, DebateRole.debate_id == other.id
        )
    )


def test_the_person_given_a_role_is_told_where_to_start_in_their_language(client, team):
    """A new committee member learns of their (draft) debate and reaches its console."""
    from forum.models import Notification, OutgoingMail

    french = builders.make_user("Nouvelle Commissaire", email="commissaire@example.org")
    english = builders.make_user("New Moderator", email="mod@example.org", locale="en")
    login(client, team.committee)
    post_form(client, TEAM, {"account": "commissaire@example.org", "role": "committee"})
    post_form(client, TEAM, {"account": "mod@example.org", "role": "moderator"})

    def told(user) -> tuple[str, list[str]]:
        [note] = db.session.scalars(
            db.select(Notification).where(
                Notification.user_id == user.id, Notification.kind == "role_given"
            )
        ).all()
        mails = db.session.scalars(
            db.select(OutgoingMail.subject).where(OutgoingMail.to_address == user.email)
        ).all()
        return note.message, list(mails)

    message, subjects = told(french)
    assert "Vous êtes désormais « Commission du débat »" in message
    assert "/manage/tram/" in message and subjects == ["Palabre — Votre rôle dans un débat"]
    message, subjects = told(english)
    assert "You are now “Moderator”" in message and "/moderation/tram/" in message
    assert subjects == ["Palabre — Your role in a debate"]


def test_the_team_page_leads_back_to_the_console(client, team):
    login(client, team.committee)
    shown = _page(client.get(TEAM))
    assert 'href="/manage/tram/"' in shown and "Console de la commission" in shown
