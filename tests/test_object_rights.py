"""Nobody reads or changes another person's private data by changing an id in a URL or a
form: notifications, data export, account settings, pending contributions, answer drafts,
flags, contests, private files and report drafts.

Route-level decisions for every role are in ``tests/test_rights_matrix.py`` (including
draft debates, pending contributions and another debate's objects on every route); these
tests look at what each page actually shows, and at what a request changes.
"""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import delete

from forum import documents, notifications, photos
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    DebateRole,
    DocumentKind,
    ModerationMode,
    Notification,
    Phase,
    Role,
    Status,
    User,
)
from forum.permissions import roles_in
from moderation import contests, flags, masking
from moderation.models import Contest, Flag, FlagReason
from moderation.uploads import store_scan
from questions import circuit as questions
from synthesis import report
from tests import builders
from tests.builders_moderation import ARTICLE_2, CHARTER, image_bytes
from tests.builders_questions import make_question, upload
from tests.conftest import login, post_form


@pytest.fixture
def people(app):
    """Two participants, the debate's team, and staff of another debate."""
    debate = builders.make_debate("objets", moderation_mode=ModerationMode.A_PRIORI)
    debate.charter_source = CHARTER
    other = builders.make_debate("objets-voisin")
    team = {
        "alice": builders.make_user("Alice"),
        "bruno": builders.make_user("Bruno"),
        "owner": builders.make_user("Maîtrise"),
        "moderator": builders.make_user("Modération"),
        "committee": builders.make_user("Commission"),
        "other_staff": builders.make_user("Voisine"),
    }
    builders.grant(team["owner"], debate, Role.OWNER)
    builders.grant(team["moderator"], debate, Role.MODERATOR)
    builders.grant(team["committee"], debate, Role.COMMITTEE)
    builders.grant(team["other_staff"], other, Role.MODERATOR)
    builders.grant(team["other_staff"], other, Role.COMMITTEE)
    db.session.commit()
    return {"debate": debate, "other": other, **team}


def _as(client, user: User | None):
    """The client, logged out, then logged in as ``user`` (None: stays anonymous)."""
    client.delete_cookie("session")
    client.delete_cookie("remember_token")
    if user is not None:
        login(client, user)
    return client


def _page(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


# --- What is mine in my account -----------------------------------------------------------


def test_my_notifications_are_mine_alone(client, people):
    alice, bruno = people["alice"], people["bruno"]
    notifications.notify(alice.id, "reply", "NOTE-POUR-ALICE")
    db.session.commit()
    _as(client, bruno)
    status, page = _page(client, "/notifications")
    assert status == 200 and "NOTE-POUR-ALICE" not in page
    # Another person's id in the query or the form changes nothing.
    assert "NOTE-POUR-ALICE" not in _page(client, f"/notifications?user_id={alice.id}")[1]
    post_form(client, "/notifications/read", {"user_id": alice.id}, form_url="/notifications")
    mine = db.session.scalar(db.select(Notification).where(Notification.user_id == alice.id))
    assert mine.read_at is None
    _as(client, alice)
    assert "NOTE-POUR-ALICE" in _page(client, "/notifications")[1]


def test_my_data_export_holds_nothing_of_anyone_else(client, people):
    alice, bruno = people["alice"], people["bruno"]
    builders.make_contribution(people["debate"], alice, title="TEXTE-D-ALICE")
    notifications.notify(alice.id, "reply", "NOTE-POUR-ALICE")
    db.session.commit()
    _as(client, bruno)
    for url in ("/account/export", f"/account/export?user_id={alice.id}&id={alice.id}"):
        response = client.get(url)
        assert response.status_code == 200
        data = json.loads(response.get_data(as_text=True))
        text = json.dumps(data, ensure_ascii=False)
        assert data["account"]["email"] == bruno.email
        for secret in (alice.email, "TEXTE-D-ALICE", "NOTE-POUR-ALICE"):
            assert secret not in text, secret


def test_account_settings_change_the_logged_in_account_only(client, people):
    alice, bruno = people["alice"], people["bruno"]
    _as(client, bruno)
    response = post_form(
        client,
        "/account",
        {
            "pseudonym": "Bruno Bis",
            "locale": "fr",
            "age_band": "",
            "gender": "",
            "area": "",
            # What a curious person might add to the form:
            "id": alice.id,
            "user_id": alice.id,
            "email": alice.email,
            "is_admin": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, alice.id).pseudonym == "Alice"
    bruno = db.session.get(User, bruno.id)
    assert bruno.pseudonym == "Bruno Bis"
    assert bruno.email != alice.email and not bruno.is_admin


# --- Contributions ------------------------------------------------------------------------


def test_a_pending_contribution_is_for_its_author_and_the_debates_staff(client, people):
    debate, alice = people["debate"], people["alice"]
    pending = builders.make_contribution(
        debate, alice, title="ATTENTE-ALICE", body="Corps en attente.", status=Status.PENDING
    )
    theme = debate.themes[0]
    public_lists = (
        f"/debates/{debate.slug}",
        f"/debates/{debate.slug}/contributions",
        f"/debates/{debate.slug}/themes/{theme.slug}",
        f"/debates/{debate.slug}/feed.atom",
        f"/api/v1/debates/{debate.slug}/contributions",
        "/search?q=attente",
    )
    for who in (None, people["bruno"], people["owner"], people["other_staff"]):
        _as(client, who)
        assert client.get(f"/contributions/{pending.id}").status_code == 404, who
        reply = client.get(f"/contributions/{pending.id}/reply")
        assert reply.status_code == (302 if who is None else 404), who
        for url in public_lists:
            assert "ATTENTE-ALICE" not in _page(client, url)[1], (who, url)
    for who in (alice, people["moderator"], people["committee"]):
        _as(client, who)
        status, page = _page(client, f"/contributions/{pending.id}")
        assert status == 200 and "ATTENTE-ALICE" in page, who


def test_nobody_changes_another_persons_contribution(client, people):
    """Participants have no edit route: replying adds a contribution, and the moderators'
    actions (redact, re-file, change kind) refuse them."""
    debate, alice = people["debate"], people["alice"]
    item = builders.make_contribution(debate, alice, title="Avis d'Alice", body="Texte.")
    _as(client, people["bruno"])
    base = f"/moderation/{debate.slug}/contributions/{item.id}"
    for action in ("redact", "refile", "kind", "mask"):
        response = post_form(client, f"{base}/{action}", {"body": "Réécrit."}, form_url="/")
        assert response.status_code == 403, action
    editing = [
        rule.rule
        for rule in client.application.url_map.iter_rules()
        if "contribution_id" in rule.arguments
        and "POST" in rule.methods
        and not rule.rule.startswith(("/moderation/", "/synthesis/"))
    ]
    assert sorted(editing) == [
        "/contributions/<int:contribution_id>/contest",
        "/contributions/<int:contribution_id>/flag",
        "/contributions/<int:contribution_id>/reply",
    ]
    db.session.expire_all()
    kept = db.session.get(Contribution, item.id)
    assert (kept.title, kept.body_source) == ("Avis d'Alice", "Texte.")


def test_only_the_author_contests_a_masking(client, people):
    debate, alice = people["debate"], people["alice"]
    item = builders.make_contribution(debate, alice, title="Masquée")
    masking.mask(item, people["moderator"], "Insulte.", ARTICLE_2)
    for who in (people["bruno"], people["owner"], people["committee"]):
        _as(client, who)
        assert client.get(f"/contributions/{item.id}/contest").status_code == 403
        response = post_form(
            client, f"/contributions/{item.id}/contest", {"text": "Au nom d'Alice."}, form_url="/"
        )
        assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Contest)) == 0


def test_the_reply_page_of_a_draft_debate_shows_nothing_to_outsiders(client, people):
    """Found by the rights matrix: the reply form showed a draft debate's contribution (with
    a 403 status) to anyone who guessed its id."""
    draft = builders.make_debate("objets-brouillon", phase=Phase.DRAFT)
    builders.grant(people["moderator"], draft, Role.MODERATOR)
    item = builders.make_contribution(draft, people["moderator"], title="PROJET-NON-ANNONCE")
    for who in (people["bruno"], people["other_staff"], people["owner"]):
        _as(client, who)
        status, page = _page(client, f"/contributions/{item.id}/reply")
        assert status == 404 and "PROJET-NON-ANNONCE" not in page, who
        response = post_form(
            client,
            f"/contributions/{item.id}/reply",
            {"relation": "supports", "kind": "opinion", "body": "Je réponds."},
            form_url="/",
        )
        assert response.status_code == 404
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Contribution)
            .where(Contribution.parent_id == item.id)
        )
        == 0
    )


# --- Flags and contests -------------------------------------------------------------------


def test_a_flag_and_its_note_are_for_the_debates_moderators(client, people):
    debate, alice = people["debate"], people["alice"]
    item = builders.make_contribution(debate, people["bruno"], title="Signalée")
    flags.flag(item, alice, FlagReason.OFF_TOPIC, "NOTE-DE-SIGNALEMENT")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(Flag)) == 1
    for who in (None, people["bruno"], people["owner"], people["other_staff"]):
        _as(client, who)
        for url in (f"/contributions/{item.id}", f"/contributions/{item.id}/flag"):
            assert "NOTE-DE-SIGNALEMENT" not in _page(client, url)[1], (who, url)
        assert client.get(f"/moderation/{debate.slug}/contributions/{item.id}").status_code in (
            302,
            403,
        )
    _as(client, people["moderator"])
    status, page = _page(client, f"/moderation/{debate.slug}/contributions/{item.id}")
    assert status == 200 and "NOTE-DE-SIGNALEMENT" in page


def test_a_contest_is_read_by_that_debates_committee_only(client, people):
    debate, alice = people["debate"], people["alice"]
    item = builders.make_contribution(debate, alice, title="Contestée")
    masking.mask(item, people["moderator"], "Insulte.", ARTICLE_2)
    contest = contests.file_contest(item, alice, "CONTESTATION-D-ALICE")
    for who in (people["bruno"], people["owner"], people["moderator"]):
        _as(client, who)
        assert client.get(f"/moderation/{debate.slug}/contests/{contest.id}").status_code == 403
        assert "CONTESTATION-D-ALICE" not in _page(client, f"/contributions/{item.id}")[1]
    # The committee of another debate, on its own debate's pages, with this contest's id.
    _as(client, people["other_staff"])
    other = people["other"].slug
    assert client.get(f"/moderation/{other}/contests/{contest.id}").status_code == 404
    assert "CONTESTATION-D-ALICE" not in _page(client, f"/moderation/{other}/contests")[1]
    _as(client, people["committee"])
    status, page = _page(client, f"/moderation/{debate.slug}/contests/{contest.id}")
    assert status == 200 and "CONTESTATION-D-ALICE" in page


# --- Files --------------------------------------------------------------------------------


def test_an_unpublished_document_and_its_file_are_for_the_debates_team(client, people):
    debate = people["debate"]
    doc = documents.create_document(
        debate,
        people["owner"],
        documents.DocumentData(kind=DocumentKind.STUDY, title="ETUDE-NON-PUBLIEE"),
        upload=upload(),
    )
    doc.public = False
    db.session.commit()
    urls = (
        f"/debates/{debate.slug}/documents/{doc.id}",
        f"/debates/{debate.slug}/documents/{doc.id}/file",
    )
    for who in (None, people["bruno"], people["other_staff"]):
        _as(client, who)
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
        assert "ETUDE-NON-PUBLIEE" not in _page(client, f"/debates/{debate.slug}")[1]
    # Another debate's slug with this document's id finds nothing either.
    _as(client, people["other_staff"])
    other = people["other"].slug
    assert client.get(f"/debates/{other}/documents/{doc.id}/file").status_code == 404
    assert client.get(f"/debates/{other}/documents/{doc.id}/edit").status_code == 404
    for who in (people["owner"], people["committee"]):
        _as(client, who)
        assert all(client.get(url).status_code == 200 for url in urls), who


def test_scans_and_photos_of_a_pending_contribution_stay_private(client, people):
    debate, alice = people["debate"], people["alice"]
    paper = builders.make_contribution(
        debate, people["moderator"], title="Courrier", channel=Channel.PAPER, status=Status.PENDING
    )
    stored = store_scan(image_bytes())
    paper.scan_file, paper.scan_type = stored.filename, stored.mimetype
    pictured = builders.make_contribution(debate, alice, title="Photo", status=Status.PENDING)
    photos.attach(
        pictured, photos.check([photos.PhotoUpload(io.BytesIO(image_bytes()), "Le carrefour")])
    )
    db.session.commit()
    photo_name = pictured.photos[0].file_name
    scan_url = f"/contributions/{paper.id}/scan"
    photo_url = f"/contributions/{pictured.id}/photos/{photo_name}"
    for who in (None, people["bruno"], people["owner"], people["other_staff"]):
        _as(client, who)
        assert client.get(scan_url).status_code == 404, who
        assert client.get(photo_url).status_code == 404, who
    # A photo's name under another contribution's id is not found.
    visible = builders.make_contribution(debate, people["bruno"], title="Publiée")
    _as(client, people["bruno"])
    assert client.get(f"/contributions/{visible.id}/photos/{photo_name}").status_code == 404
    _as(client, alice)
    assert client.get(photo_url).status_code == 200
    _as(client, people["moderator"])
    assert client.get(scan_url).status_code == 200
    assert client.get(photo_url).status_code == 200


# --- Answers and the report ---------------------------------------------------------------


def test_an_answer_draft_is_the_owners_until_the_committee_publishes_it(client, people):
    debate, alice = people["debate"], people["alice"]
    question = make_question(debate, alice, title="Question d'Alice")
    questions.save_draft(question, people["owner"], questions.AnswerDraft(body="REPONSE-BROUILLON"))
    public_pages = (
        f"/contributions/{question.id}",
        f"/debates/{debate.slug}/questions",
        f"/debates/{debate.slug}/answers.atom",
    )
    for who in (None, alice, people["bruno"], people["other_staff"]):
        _as(client, who)
        for url in public_pages:
            assert "REPONSE-BROUILLON" not in _page(client, url)[1], (who, url)
        if who is not None:
            for action in ("answer", "review", "incomplete"):
                status = client.get(f"/questions/{question.id}/{action}").status_code
                assert status == 403, (who, action)
    _as(client, people["owner"])
    status, page = _page(client, f"/questions/{question.id}/answer")
    assert status == 200 and "REPONSE-BROUILLON" in page


def test_a_report_draft_is_read_by_the_debates_staff_only(client, people):
    debate = builders.make_debate("objets-clos", phase=Phase.CLOSED)
    for name, role in (("owner", Role.OWNER), ("moderator", Role.MODERATOR)):
        builders.grant(people[name], debate, role)
    builders.grant(people["committee"], debate, Role.COMMITTEE)
    draft = report.start_report(debate, people["committee"])
    section = draft.sections[0]
    report.save_section(debate, section, people["committee"], section.title, "SECTION-EN-COURS", "")
    staff_urls = (
        f"/synthesis/{debate.slug}/report",
        f"/synthesis/{debate.slug}/report/preview",
        f"/synthesis/{debate.slug}/report/sections/{section.id}",
        f"/synthesis/{debate.slug}/report/sections/{section.id}/history",
    )
    for who in (None, people["alice"], people["owner"], people["other_staff"]):
        _as(client, who)
        for url in (f"/debates/{debate.slug}/report", f"/debates/{debate.slug}/report.pdf"):
            assert client.get(url).status_code == 404, (who, url)
        for url in staff_urls:
            status, page = _page(client, url)
            assert status in (302, 403) and "SECTION-EN-COURS" not in page, (who, url)
    # Another debate's committee, naming this section under its own debate.
    _as(client, people["other_staff"])
    other = people["other"].slug
    assert client.get(f"/synthesis/{other}/report/sections/{section.id}").status_code == 404
    _as(client, people["committee"])
    status, page = _page(client, f"/synthesis/{debate.slug}/report/preview")
    assert status == 200 and "SECTION-EN-COURS" in page


def test_roles_read_in_a_request_follow_a_grant_and_a_removal_in_it(app):
    """A request reads a person's roles once; a write in it makes it read them again."""
    debate = builders.make_debate("roles")
    person = builders.make_user("Recrue")
    with app.test_request_context("/"):
        assert roles_in(person, debate) == frozenset()
        builders.grant(person, debate, Role.MODERATOR)
        assert roles_in(person, debate) == {Role.MODERATOR}
        db.session.execute(delete(DebateRole).where(DebateRole.user_id == person.id))
        assert roles_in(person, debate) == frozenset()
