"""Who may open each page of the questions blueprint — derived from the app's URL map, so
that a new route cannot be added without saying who may use it."""

from __future__ import annotations

import pytest

from forum import documents, notifications
from forum.errors import NotAllowed
from forum.extensions import db
from forum.models import DocumentKind, Role, Status
from questions import circuit as questions
from tests import builders
from tests.builders_questions import make_question, staff
from tests.conftest import login

# For each endpoint: the status a GET gets from the owner of debate A, on debate A's
# objects ("own") and on debate B's ("other"). None: the route takes no GET.
OWNER_EXPECTATIONS = {
    "questions.questions_page": (200, 200),
    "questions.dashboard": (403, 403),
    "questions.owner_inbox": (200, 403),
    "questions.answer": (200, 403),
    "questions.review": (403, 403),
    "questions.incomplete": (403, 403),
    "documents.new_document": (200, 403),
    "documents.edit_document": (200, 403),
    "documents.document_file": (200, 200),
    "feeds.debate_feed": (200, 200),
    "feeds.theme_feed": (200, 200),
    "questions.answers_feed": (200, 200),
    "account.notifications_page": (200, 200),
    "account.mark_read": (None, None),
    "account.preferences": (200, 200),
    "account.unsubscribe_confirm": (200, 200),
    "account.unsubscribe": (None, None),
    "moderation.admin.outbox": (403, 403),
    "moderation.admin.outbox_message": (403, 403),
}
# Routes anyone may open without logging in.
PUBLIC = {
    "questions.questions_page",
    "documents.document_file",
    "feeds.debate_feed",
    "feeds.theme_feed",
    "questions.answers_feed",
    "account.unsubscribe_confirm",
    "account.unsubscribe",
}


@pytest.fixture
def world(app):
    """Two debates; the owner of A is no one in B. Questions and documents in both."""
    a = builders.make_debate("debat-a")
    b = builders.make_debate("debat-b")
    owner, member, moderator = staff(a)
    staff(b)
    asker = builders.make_user()
    objects = {}
    for debate in (a, b):
        question = make_question(debate, asker, title=f"Question {debate.slug}")
        doc = documents.create_document(
            debate,
            builders.make_user(admin=True),
            documents.DocumentData(kind=DocumentKind.PROJECT_FILE, title="Dossier"),
            upload=_pdf(),
        )
        objects[debate.slug] = {"question": question, "document": doc, "debate": debate}
    return {"owner": owner, "member": member, "moderator": moderator, **objects}


def _pdf():
    from tests.builders_questions import upload

    return upload()


def _values(rule, scope, user) -> dict:
    values = {}
    for arg in rule.arguments:
        if arg == "slug":
            values[arg] = scope["debate"].slug
        elif arg == "question_id":
            values[arg] = scope["question"].id
        elif arg == "document_id":
            values[arg] = scope["document"].id
        elif arg == "theme_slug":
            values[arg] = scope["debate"].themes[0].slug
        elif arg == "token":
            values[arg] = notifications.unsubscribe_token(user.id, "reply")
        elif arg == "name":
            values[arg] = "20260101-000000-1-0a1b2c3d.eml"
        else:  # pragma: no cover - a new kind of argument must be taught to this test
            raise AssertionError(f"unknown URL argument {arg!r} in {rule.rule}")
    return values


def _questions_rules(app):
    """The question circuit's routes, and the pages of documents, feeds, notifications and
    the outbox that an owner uses beside them."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("questions.") or rule.endpoint in OWNER_EXPECTATIONS
    ]


def test_every_route_of_the_blueprint_is_classified(app):
    endpoints = {rule.endpoint for rule in _questions_rules(app)}
    assert endpoints == set(OWNER_EXPECTATIONS)
    assert {e for e in app.view_functions if e.startswith("questions.")} <= endpoints


def test_the_owner_acts_in_their_own_debate_only(world, client, app):
    login(client, world["owner"])
    for rule in _questions_rules(app):
        own, other = OWNER_EXPECTATIONS[rule.endpoint]
        if "GET" not in rule.methods:
            assert own is None and other is None, rule.endpoint
            continue
        for scope, expected in ((world["debat-a"], own), (world["debat-b"], other)):
            url = app.url_map.bind("localhost").build(
                rule.endpoint, _values(rule, scope, world["owner"])
            )
            status = client.get(url).status_code
            assert status == expected, f"{rule.endpoint} {url}: {status} != {expected}"


def test_logged_out_visitors_are_sent_to_log_in_except_on_public_routes(world, client, app):
    for rule in _questions_rules(app):
        if "GET" not in rule.methods:
            continue
        url = app.url_map.bind("localhost").build(
            rule.endpoint, _values(rule, world["debat-a"], world["owner"])
        )
        response = client.get(url)
        if rule.endpoint in PUBLIC:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_the_committee_validates_and_moderators_see_the_dashboard_only(world, client):
    slug = "debat-a"
    question = world[slug]["question"]
    login(client, world["moderator"])
    assert client.get(f"/debates/{slug}/questions/dashboard").status_code == 200
    assert client.get(f"/questions/{question.id}/review").status_code == 403
    assert client.get(f"/questions/{question.id}/answer").status_code == 403
    client.delete_cookie("session")
    login(client, world["member"])
    assert client.get(f"/debates/{slug}/questions/dashboard").status_code == 200
    assert client.get(f"/questions/{question.id}/review").status_code == 200
    assert client.get(f"/questions/{question.id}/answer").status_code == 403
    assert client.get("/debates/debat-b/questions/dashboard").status_code == 403


def test_the_owner_writes_answers_in_their_debate_only_and_never_validates(world):
    owner = world["owner"]
    other = world["debat-b"]["question"]
    with pytest.raises(NotAllowed):
        questions.save_draft(other, owner, questions.AnswerDraft(body="Pas mon débat."))
    db.session.rollback()
    own = world["debat-a"]["question"]
    questions.submit_answer(own, owner, questions.AnswerDraft(body="Ma réponse."))
    with pytest.raises(NotAllowed):
        questions.validate_answer(own, owner)


def test_the_owner_publishes_its_own_kinds_of_document_only(world):
    owner = world["owner"]
    debate = world["debat-a"]["debate"]
    assert documents.kinds_allowed(owner, debate) == [
        DocumentKind.PROJECT_FILE,
        DocumentKind.STUDY,
        DocumentKind.OTHER,
    ]
    for kind in (DocumentKind.MINUTES, DocumentKind.COMMITTEE_NOTES):
        with pytest.raises(NotAllowed):
            documents.create_document(
                debate, owner, documents.DocumentData(kind=kind, title="Pas à moi")
            )
        db.session.rollback()
    assert documents.kinds_allowed(world["moderator"], debate) == [DocumentKind.MINUTES]
    assert documents.kinds_allowed(builders.make_user(), debate) == []


def test_the_owner_never_sees_pending_or_masked_questions(world, client):
    debate = world["debat-a"]["debate"]
    asker = builders.make_user()
    pending = make_question(debate, asker, title="En attente", status=Status.PENDING)
    masked = make_question(debate, asker, title="Masquée", status=Status.MASKED)
    login(client, world["owner"])
    for item in (pending, masked):
        assert client.get(f"/questions/{item.id}/answer").status_code == 404
    inbox = client.get("/debates/debat-a/questions/to-answer").get_data(as_text=True)
    assert "En attente" not in inbox and "Masquée" not in inbox
    assert "Question debat-a" in inbox


def test_the_owner_holds_no_moderation_right(world, client, app):
    owner = world["owner"]
    debate = world["debat-a"]["debate"]
    from forum.permissions import has_role, is_staff

    assert has_role(owner, debate, Role.OWNER) and not is_staff(owner, debate)
    moderation_pages = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("moderation.")
        and "GET" in rule.methods
        and set(rule.arguments) == {"slug"}
        and "journal" not in rule.endpoint
    ]
    if "moderation" in app.blueprints:
        assert moderation_pages  # the moderators' pages of a debate exist and are checked
    login(client, owner)
    for rule in moderation_pages:
        url = app.url_map.bind("localhost").build(rule.endpoint, {"slug": debate.slug})
        assert client.get(url).status_code in (403, 404), url
