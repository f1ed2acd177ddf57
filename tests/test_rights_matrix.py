"""Who may use each route of the whole site: every endpoint and method of ``app.url_map``,
asked by seven kinds of visitor.

The routes come from the URL map, the answers from ``DECISIONS`` below: a route without a
row fails ``test_every_route_has_a_decision`` by name, so a new page cannot ship without
someone deciding who may use it. Each visitor is a real logged-in client; POSTs carry a
valid CSRF token and minimal data, since what is checked is the access decision (sent to
log in, refused, hidden, or let through to the form or the action), not the action itself.

The per-area matrices (``test_moderation_rights``, ``test_questions_rights``,
``test_synthesis_rights``) go deeper in their area; this one covers every route at once.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient

from forum import documents, notifications
from forum.extensions import db
from forum.models import (
    Channel,
    Debate,
    DebateRole,
    DocumentKind,
    Phase,
    Role,
    Status,
    Theme,
    User,
    utcnow,
)
from forum.search import writer
from moderation import masking
from moderation.models import Contest, JournalEntry, Tag, TagFamily
from moderation.uploads import store_scan
from questions import circuit as questions
from synthesis import report
from synthesis.models import ReportStatus
from tests import builders
from tests.builders_moderation import ARTICLE_2, CHARTER, image_bytes, vocabulary
from tests.builders_questions import PDF_BYTES, answer_and_publish, make_question, upload
from tests.conftest import CSRF_INPUT, login, module_app

# --- The visitors and the answers they may get -----------------------------------------

ROLES = (
    "anonymous",
    "participant",  # also the author of the contributions, question, flag and contest used
    "owner",  # project owner of the debate
    "moderator",
    "committee",
    "admin",
    "other_staff",  # moderator and committee member of another debate
)
ALL = frozenset(ROLES)
MEMBERS = ALL - {"anonymous"}

OK = "ok"  # let through: the page, the form (even refused as invalid), or the action
LOGIN = "login"  # sent to the login page
FORBIDDEN = "403"
HIDDEN = "404"
NOT_ALLOWED = "405"

Decision = dict[str, str]


def public() -> Decision:
    return dict.fromkeys(ROLES, OK)


def allowed(*roles: str) -> Decision:
    """``roles`` pass; an anonymous visitor is sent to log in; anyone else gets 403."""
    unknown = set(roles) - ALL
    assert not unknown, unknown
    return {
        role: OK if role in roles else LOGIN if role == "anonymous" else FORBIDDEN for role in ROLES
    }


def members() -> Decision:
    return allowed(*MEMBERS)


STAFF = ("moderator", "committee", "admin")
MODERATORS = ("moderator", "admin")
COMMITTEE = ("committee", "admin")
OWNER = ("owner", "admin")
ADMIN = ("admin",)

# One row per endpoint: a decision for all its methods, or one per method.
DECISIONS: dict[str, Decision | dict[str, Decision]] = {
    "static": public(),
    "health.healthz": public(),
    # Public pages of the forum.
    "forum.home": public(),
    "forum.set_language": public(),
    "forum.debate": public(),
    "forum.easy_read": public(),
    "forum.charter": public(),
    "forum.debate_contributions": public(),
    "forum.theme": public(),
    "forum.document": public(),
    "forum.contribution": public(),
    "forum.photo": public(),  # a published contribution's photo; masked ones: tests/test_photos
    "search.search": public(),
    "search.theme_index_page": public(),
    "api.debates": public(),
    "api.contributions": public(),
    "questions.questions_page": public(),
    "documents.document_file": public(),
    "documents.version_file": public(),  # a private annex's versions: test_documents_versions
    "feeds.debate_feed": public(),
    "feeds.theme_feed": public(),
    "questions.answers_feed": public(),
    "moderation.public.public_journal": public(),
    "moderation.public.scan": public(),
    "synthesis.report_page": public(),
    "synthesis.report_pdf": public(),
    "synthesis.annex": public(),
    "synthesis.statistics_page": public(),
    "synthesis.open_data": public(),
    "synthesis.open_data_csv": public(),
    "synthesis.open_data_spreadsheet_csv": public(),
    "synthesis.open_data_json": public(),
    "account.privacy_policy": public(),
    "account.accessibility": public(),
    # Accounts: logged-in visitors are sent on to their account (a redirect, not a refusal).
    "forum.register": public(),
    "forum.login": public(),
    "forum.logout": public(),
    "account.forgot_password": public(),
    "account.reset_password": public(),  # the token is the proof
    "account.verify_email": public(),  # the token is the proof
    "account.unsubscribe_confirm": public(),  # the token is the proof
    "account.unsubscribe": public(),
    # What belongs to the person logged in.
    "forum.account": members(),
    "account.export_data": members(),
    "account.erase_account": members(),
    "account.resend_confirmation": members(),
    "account.notifications_page": members(),
    "account.mark_read": members(),
    "account.preferences": members(),
    # Taking part in a debate.
    "forum.contribute": members(),
    "forum.reply": members(),
    "moderation.public.flag": members(),
    "moderation.public.contest": allowed("participant"),  # the author of the masked one
    "questions.incomplete": allowed("participant"),  # the person who asked
    # The project owner.
    "questions.owner_inbox": allowed(*OWNER),
    "questions.answer": allowed(*OWNER),
    "synthesis.owner_decision": allowed(*OWNER),
    "documents.new_document": allowed("owner", *STAFF),
    # The document used is a project file: moderators publish minutes only.
    "documents.edit_document": allowed("owner", *COMMITTEE),
    "documents.replace_file": allowed("owner", *COMMITTEE),
    # Those who publish the project file, studies and notes (moderators: minutes only).
    "documents.manage_documents": allowed("owner", *COMMITTEE),
    # Staff of the debate.
    "questions.dashboard": allowed(*STAFF),
    "questions.review": allowed(*COMMITTEE),
    "moderation.queue_page": allowed(*STAFF),
    "moderation.contribution_page": allowed(*STAFF),
    "moderation.vocabulary": allowed(*STAFF),
    "moderation.staff_journal": allowed(*STAFF),
    "moderation.attach_tag": allowed(*STAFF),
    "moderation.detach_tag": allowed(*STAFF),
    "moderation.queue_bulk": allowed(*MODERATORS),
    "moderation.publish": allowed(*MODERATORS),
    "moderation.mask": allowed(*MODERATORS),
    "moderation.restore": allowed(*MODERATORS),
    "moderation.refile": allowed(*MODERATORS),
    "moderation.change_kind": allowed(*MODERATORS),
    "moderation.duplicate": allowed(*MODERATORS),
    "moderation.lock": allowed(*MODERATORS),
    "moderation.unlock": allowed(*MODERATORS),
    "moderation.redact": allowed(*MODERATORS),
    "moderation.dismiss_flags": allowed(*MODERATORS),
    "moderation.create_tag": allowed(*MODERATORS),
    "moderation.default_tags": allowed(*MODERATORS),
    "moderation.rename_tag": allowed(*MODERATORS),
    "moderation.delete_tag": allowed(*MODERATORS),
    "moderation.edit_charter": allowed(*MODERATORS),
    "moderation.entry.enter_offline": allowed(*MODERATORS),
    "moderation.entry.import_csv": allowed(*MODERATORS),
    "moderation.entry.import_confirm": allowed(*MODERATORS),
    "moderation.people.suspend": allowed(*MODERATORS),
    "moderation.people.lift_suspension": allowed(*MODERATORS),
    "moderation.people.contest_list": allowed(*COMMITTEE),
    "moderation.people.contest_page": allowed(*COMMITTEE),
    # The committee runs its debate's team (the project owner never does).
    "moderation.people.team_page": allowed(*COMMITTEE),
    "moderation.people.revoke_role": allowed(*COMMITTEE),
    "synthesis.workspace_page": allowed(*STAFF),
    "synthesis.theme_page": allowed(*STAFF),
    "synthesis.weak_signals_page": allowed(*STAFF),
    "synthesis.compute_weak_signals": allowed(*STAFF),
    "synthesis.decide": allowed(*STAFF),
    "synthesis.report_edit": allowed(*STAFF),
    "synthesis.section_page": allowed(*STAFF),
    "synthesis.section_history": allowed(*STAFF),
    "synthesis.report_preview": allowed(*STAFF),
    "synthesis.move_argument": allowed(*COMMITTEE),
    "synthesis.start_report": allowed(*COMMITTEE),
    "synthesis.add_section": allowed(*COMMITTEE),
    "synthesis.save_section": allowed(*COMMITTEE),
    "synthesis.move_section": allowed(*COMMITTEE),
    "synthesis.cite": allowed(*COMMITTEE),
    "synthesis.set_aside": allowed(*COMMITTEE),
    "synthesis.publication.publish": allowed(*COMMITTEE),  # the confirmation page, then publishing
    "synthesis.publication.retry_pdf": allowed(*COMMITTEE),
    # The committee's console (moderation/console_views.py).
    "moderation.console.home": allowed(*COMMITTEE),
    "moderation.console.settings": allowed(*COMMITTEE),
    "moderation.console.themes": allowed(*COMMITTEE),
    "moderation.console.edit_theme": allowed(*COMMITTEE),
    "moderation.console.move_theme": allowed(*COMMITTEE),
    "moderation.console.retire_theme": allowed(*COMMITTEE),
    "moderation.console.restore_theme": allowed(*COMMITTEE),
    # The phases of the debate (POSTs without the confirmation box change nothing).
    "phases.phase_page": allowed(*COMMITTEE),
    "phases.open_page": allowed(*COMMITTEE),
    "phases.close_page": allowed(*COMMITTEE),
    # Administrators only.
    "moderation.console.debates_list": allowed(*ADMIN),
    "moderation.console.new_debate": allowed(*ADMIN),
    "moderation.admin.account_suspension": allowed(*ADMIN),
    "moderation.admin.lift_account_suspension": allowed(*ADMIN),
    "moderation.admin.site_journal": allowed(*ADMIN),
    "moderation.admin.outbox": allowed(*ADMIN),
    "moderation.admin.outbox_message": allowed(*ADMIN),
}


def decision_for(endpoint: str, method: str) -> Decision | None:
    row = DECISIONS.get(endpoint)
    if row is None:
        return None
    if set(row) <= {"GET", "POST", "PUT", "PATCH", "DELETE"}:
        return row.get(method)  # type: ignore[return-value]
    return row  # type: ignore[return-value]


def walked_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every route of the app, HEAD and OPTIONS aside."""
    return sorted(
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


# --- A world shared by the module: one team in a debate of each phase, one other debate --


@pytest.fixture(scope="module")
def rights_app(tmp_path_factory, migrated_db, request) -> Iterator[Flask]:
    yield from module_app(tmp_path_factory, migrated_db, request, "rights")


class World:
    """The objects whose ids fill the routes' arguments, and one client per visitor."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.users: dict[str, User] = {}
        self.clients: dict[str, FlaskClient] = {}

    # Debates where the visitors hold their roles.
    def team_debate(self, slug: str, phase: Phase = Phase.OPEN) -> Debate:
        debate = builders.make_debate(slug, phase=phase)
        for role_name, role in (
            ("owner", Role.OWNER),
            ("moderator", Role.MODERATOR),
            ("committee", Role.COMMITTEE),
        ):
            builders.grant(self.users[role_name], debate, role)
        return debate

    def client_for(self, role: str) -> FlaskClient:
        client = self.app.test_client()
        user = self.users.get(role)
        if user is not None:
            login(client, user)
        page = client.get("/login" if user is None else "/account")
        client.token = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)
        return client


@pytest.fixture(scope="module")
def world(rights_app) -> World:
    w = World(rights_app)
    w.users = {
        "participant": builders.make_user("Camille"),
        "owner": builders.make_user("Métropole"),
        "moderator": builders.make_user("Modératrice"),
        "committee": builders.make_user("Commissaire"),
        "admin": builders.make_user("Admin", admin=True),
        "other_staff": builders.make_user("Équipe voisine"),
    }
    participant = w.users["participant"]
    w.other = other = builders.make_debate("droits-voisin")
    builders.grant(w.users["other_staff"], other, Role.MODERATOR)
    builders.grant(w.users["other_staff"], other, Role.COMMITTEE)

    # The open debate: forum, questions and moderation routes.
    w.debate = w.team_debate("droits")
    w.debate.charter_source = CHARTER
    db.session.commit()
    w.tags = vocabulary(w.debate)
    w.item = builders.make_contribution(w.debate, participant, title="Un avis")
    w.photo_name = with_photo(w.item)
    builders.make_contribution(
        w.debate, w.users["moderator"], parent=w.item, relation=None, title=""
    )
    w.masked = builders.make_contribution(w.debate, participant, title="Masqué")
    masking.mask(w.masked, w.users["moderator"], "Insulte.", ARTICLE_2)
    w.contest = Contest(
        journal_entry_id=db.session.scalar(db.select(db.func.max(JournalEntry.id))),
        contribution_id=w.masked.id,
        author_id=participant.id,
        text="Je conteste.",
    )
    db.session.add(w.contest)
    w.scanned = builders.make_contribution(
        w.debate, w.users["moderator"], title="Registre", channel=Channel.PAPER
    )
    stored = store_scan(image_bytes())
    w.scanned.scan_file, w.scanned.scan_type = stored.filename, stored.mimetype
    db.session.commit()
    w.question = make_question(w.debate, participant)
    answer_and_publish(w.question, w.users["owner"], w.users["committee"])
    w.document = documents.create_document(
        w.debate,
        w.users["admin"],
        documents.DocumentData(kind=DocumentKind.PROJECT_FILE, title="Dossier"),
        upload=upload(),
    )

    # The closed debate whose report the committee is writing.
    w.closed = w.team_debate("droits-clos", Phase.CLOSED)
    w.signal = builders.make_contribution(w.closed, participant, title="Signal faible")
    w.section_id = report.start_report(w.closed, w.users["committee"]).sections[0].id

    # The debate whose report is published.
    w.reported = w.team_debate("droits-rapport", Phase.CLOSED)
    builders.make_contribution(w.reported, participant, title="Au compte rendu")
    _publish_quickly(w.reported, w.users["committee"])

    # An e-mail in the outbox.
    outbox = Path(rights_app.instance_path) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    message = EmailMessage()
    message["Subject"], message["To"], message["From"] = "Bonjour", "a@example.org", "p@x.org"
    message.set_content("Bonjour.")
    w.outbox_name = "20260101-000000-1-0a1b2c3d.eml"
    (outbox / w.outbox_name).write_bytes(bytes(message))

    # What outsiders must not reach by naming it: a draft debate and everything in it, and
    # a contribution waiting for moderation (its author is none of the visitors).
    w.draft = w.team_debate("droits-brouillon", Phase.DRAFT)
    w.draft_item = builders.make_contribution(w.draft, w.users["moderator"], title="Brouillon")
    w.draft_question = make_question(w.draft, w.users["moderator"], title="Question cachée")
    w.draft_document = documents.create_document(
        w.draft,
        w.users["admin"],
        documents.DocumentData(kind=DocumentKind.PROJECT_FILE, title="Dossier caché"),
        upload=upload(),
    )
    w.draft_section_id = report.start_report(w.draft, w.users["committee"]).sections[0].id
    w.pending = builders.make_contribution(
        w.debate, builders.make_user("Auteur"), title="En attente", status=Status.PENDING
    )

    writer.apply_pending()  # the search index is up to date, so /healthz answers 200
    w.clients = {role: w.client_for(role) for role in ROLES}
    return w


# --- Filling a route's arguments ---------------------------------------------------------

REPORTED_ROUTES = {
    "synthesis.report_page",
    "synthesis.report_pdf",
    "synthesis.annex",
    "synthesis.owner_decision",
    "synthesis.statistics_page",
    "synthesis.open_data",
    "synthesis.open_data_csv",
    "synthesis.open_data_spreadsheet_csv",
    "synthesis.open_data_json",
}
# Minimal data is the CSRF token alone, except where a form is checked before the object
# it acts on: then enough for the object to be looked up.
FORM_DATA = {"synthesis.move_section": {"direction": "down"}}
# Routes that end a session: each check uses a client logged in for it alone.
SESSION_ENDING = {"forum.logout", "account.erase_account"}


def _fresh_contribution(w: World) -> int:
    return builders.make_contribution(w.debate, w.users["participant"], title="Neuf").id


def _fresh_participant(w: World) -> int:
    """A new account that wrote in the open debate: suspension pages know only those."""
    user = builders.make_user()
    builders.make_contribution(w.debate, user, title="Un avis de plus")
    return user.id


def _fresh_tag(w: World) -> int:
    tag = Tag(
        debate_id=w.debate.id,
        family=TagFamily.CURATION,
        slug=f"jetable-{uuid.uuid4().hex[:8]}",
        name="Jetable",
    )
    db.session.add(tag)
    db.session.commit()
    return tag.id


def _fresh_theme(w: World) -> int:
    """A theme of the open debate that the console's actions may rename, move or retire."""
    theme = Theme(debate_id=w.debate.id, slug=f"jetable-{uuid.uuid4().hex[:8]}", name="Jetable")
    db.session.add(theme)
    db.session.commit()
    return theme.id


def _fresh_role(w: World) -> int:
    row = DebateRole(user_id=builders.make_user().id, debate_id=w.debate.id, role=Role.COMMITTEE)
    db.session.add(row)
    db.session.commit()
    return row.id


def _publish_quickly(debate: Debate, actor: User) -> None:
    """A published report without the PDF rendering (tests/test_synthesis_report publishes
    through the service): only who may read it matters here."""
    current = report.start_report(debate, actor)
    current.status = ReportStatus.PUBLISHED
    current.published_at = utcnow()
    current.published_by_id = actor.id
    current.published_html = "<p>Compte rendu.</p>"
    current.pdf_file = f"{uuid.uuid4().hex}.pdf"
    (report.reports_folder() / current.pdf_file).write_bytes(PDF_BYTES)
    debate.phase = Phase.REPORTED
    db.session.commit()


def _fresh_question_to_review(w: World) -> int:
    """A question whose answer waits for the committee (validating it publishes it)."""
    question = make_question(w.debate, w.users["participant"], title="À valider")
    questions.submit_answer(question, w.users["owner"], questions.AnswerDraft(body="Oui."))
    return question.id


def _reset_token(w: World) -> str:
    from forum.verification import _serializer

    user = builders.make_user()
    return _serializer("reset").dumps({"user": user.id, "pw": user.password_hash[-16:]})


def _verify_token(w: World) -> str:
    from forum.verification import _serializer

    user = builders.make_user(verified=False)
    return _serializer("verify").dumps({"user": user.id, "email": user.email})


def with_photo(item) -> str:
    """Give a contribution one photo; return the stored file's name."""
    from forum import photos

    photos.attach(item, photos.check([photos.PhotoUpload(io.BytesIO(image_bytes()), "Un plan")]))
    db.session.commit()
    return item.photos[0].file_name


def _values(w: World, endpoint: str, method: str, arguments: set[str]) -> dict:
    """Real values for a route's arguments: fresh objects where the action would change
    what the next visitor sees (a locked thread, a deleted tag, a published report)."""
    changes = method != "GET"
    values: dict = {}
    for name in sorted(arguments):
        if name == "slug":
            if endpoint == "synthesis.publication.publish":
                # Refused as the debate is still open, after the access check: no PDF to
                # render for each visitor let through.
                values[name] = w.debate.slug
            elif endpoint in REPORTED_ROUTES:
                values[name] = w.reported.slug
            elif endpoint.startswith("synthesis."):
                values[name] = w.closed.slug
            else:
                values[name] = w.debate.slug
        elif name == "theme_slug":
            debate = w.closed if endpoint.startswith("synthesis.") else w.debate
            values[name] = debate.themes[0].slug
        elif name == "contribution_id":
            if endpoint == "moderation.public.contest":
                values[name] = w.masked.id
            elif endpoint == "moderation.public.scan":
                values[name] = w.scanned.id
            elif endpoint == "synthesis.decide":
                values[name] = w.signal.id
            elif changes and endpoint.startswith("moderation."):
                values[name] = _fresh_contribution(w)
            else:
                values[name] = w.item.id
        elif name == "tag_id":
            values[name] = _fresh_tag(w) if changes else w.tags["pro"].id
        elif name == "user_id" and endpoint.startswith("moderation.people."):
            # Someone who took part in the debate: anyone else is not found there.
            values[name] = _fresh_participant(w)
        elif name == "user_id":
            values[name] = builders.make_user().id
        elif name == "role_id":
            values[name] = _fresh_role(w)
        elif name == "theme_id":
            values[name] = _fresh_theme(w) if changes else w.debate.themes[0].id
        elif name == "contest_id":
            values[name] = w.contest.id
        elif name == "question_id":
            review = endpoint == "questions.review" and changes
            values[name] = _fresh_question_to_review(w) if review else w.question.id
        elif name == "document_id":
            values[name] = w.document.id
        elif name == "version":
            values[name] = 1
        elif name == "section_id":
            values[name] = w.section_id
        elif name == "name":
            values[name] = w.photo_name if endpoint == "forum.photo" else w.outbox_name
        elif name == "code":
            values[name] = "fr"
        elif name == "filename":
            values[name] = "css/palabre.css"
        elif name == "token" and endpoint == "account.reset_password":
            values[name] = _reset_token(w)
        elif name == "token" and endpoint == "account.verify_email":
            values[name] = _verify_token(w)
        elif name == "token" and endpoint.startswith("account.unsubscribe"):
            values[name] = notifications.unsubscribe_token(w.users["participant"].id, "reply")
        else:
            raise AssertionError(
                f"{endpoint}: no value for the URL argument {name!r}; "
                "teach tests/test_rights_matrix.py::_values to build one"
            )
    return values


# --- Asking and classifying --------------------------------------------------------------


def classify(method: str, response, templates: list[str]) -> str:
    status = response.status_code
    if "errors/csrf.html" in templates:
        return "CSRF refused (the test's token is wrong)"
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        return LOGIN if re.search(r"(^|/)login(\?|$)", location) else OK
    if status in (200, 201, 204, 422):
        return OK
    if status == 400 and method != "GET":  # let in, then the minimal form was refused
        return OK
    return {403: FORBIDDEN, 404: HIDDEN, 405: NOT_ALLOWED}.get(status, f"status {status}")


def route_arguments(rule: str) -> set[str]:
    return set(re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule))


def _ask(
    w: World, role: str, endpoint: str, method: str, rule: str, hidden: dict | None = None
) -> tuple[str, str, int]:
    arguments = route_arguments(rule)
    values = _values(w, endpoint, method, arguments)
    values.update({k: v for k, v in (hidden or {}).items() if k in arguments})
    url = w.app.url_map.bind("localhost").build(endpoint, values, method=method)
    client = w.client_for(role) if endpoint in SESSION_ENDING else w.clients[role]
    templates: list[str] = []

    def seen(_sender, template, **_extra):
        templates.append(template.name)

    with template_rendered.connected_to(seen, w.app):
        if method == "GET":
            response = client.get(url)
        else:
            data = {"csrf_token": client.token, **FORM_DATA.get(endpoint, {})}
            response = client.open(url, method=method, data=data)
    response.close()
    if endpoint in SESSION_ENDING and role != "anonymous":
        # Logging out ends every session of the account: the shared client logs in again.
        w.clients[role] = w.client_for(role)
    return classify(method, response, templates), url, response.status_code


# --- The tests ---------------------------------------------------------------------------


def test_every_route_has_a_decision(rights_app):
    missing = sorted(
        f"{method} {rule} ({endpoint})"
        for endpoint, method, rule in walked_rules(rights_app)
        if decision_for(endpoint, method) is None
    )
    assert not missing, (
        "routes with no rights decision — add a row to DECISIONS in "
        "tests/test_rights_matrix.py saying who may use each: " + "; ".join(missing)
    )
    endpoints = {endpoint for endpoint, _m, _r in walked_rules(rights_app)}
    stale = sorted(set(DECISIONS) - endpoints)
    assert not stale, f"decisions for routes that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_decided_answer_on_every_route(world, role):
    wrong = []
    checked = 0
    for endpoint, method, rule in walked_rules(world.app):
        decision = decision_for(endpoint, method)
        if decision is None:
            continue  # reported by test_every_route_has_a_decision
        got, url, status = _ask(world, role, endpoint, method, rule)
        checked += 1
        if got != decision[role]:
            wrong.append(f"{method} {url} ({endpoint}): {got} [{status}], decided {decision[role]}")
    assert not wrong, f"{len(wrong)} wrong answers as {role}:\n" + "\n".join(wrong)
    assert checked >= len(DECISIONS)


def test_the_decisions_are_not_all_the_same(world):
    """A guard against a table that says "ok" everywhere: every kind of refusal is used,
    and each role is refused somewhere and let in somewhere."""
    answers = {
        role: {decision_for(e, m)[role] for e, m, _r in walked_rules(world.app)} for role in ROLES
    }
    for role, seen in answers.items():
        assert OK in seen, role
        assert seen & {LOGIN, FORBIDDEN}, role
    assert answers["anonymous"] >= {OK, LOGIN}


def _draft_values(w: World) -> dict:
    return {
        "slug": w.draft.slug,
        "theme_slug": w.draft.themes[0].slug,
        "contribution_id": w.draft_item.id,
        "question_id": w.draft_question.id,
        "document_id": w.draft_document.id,
        "section_id": w.draft_section_id,
    }


REFUSED = {LOGIN, FORBIDDEN, HIDDEN}


@pytest.mark.parametrize("role", ["anonymous", "participant", "other_staff"])
def test_no_route_lets_an_outsider_into_a_draft_debate(world, role):
    """Every route naming a draft debate or something in it (contribution, question,
    document, theme, report section) refuses those who hold no role in it."""
    hidden = _draft_values(world)
    let_in = []
    for endpoint, method, rule in walked_rules(world.app):
        if not route_arguments(rule) & set(hidden):
            continue
        got, url, status = _ask(world, role, endpoint, method, rule, hidden)
        if got not in REFUSED:
            let_in.append(f"{method} {url} ({endpoint}): {got} [{status}]")
    assert not let_in, f"{role} reaches a draft debate through:\n" + "\n".join(let_in)


@pytest.mark.parametrize("role", ["anonymous", "participant", "owner", "other_staff"])
def test_no_route_shows_a_pending_contribution_to_anyone_but_its_author_and_staff(world, role):
    """A contribution waiting for moderation is its author's and the moderators' business:
    the project owner, other participants and staff of other debates get nothing."""
    hidden = {"contribution_id": world.pending.id}
    let_in = []
    for endpoint, method, rule in walked_rules(world.app):
        if "contribution_id" not in route_arguments(rule):
            continue
        got, url, status = _ask(world, role, endpoint, method, rule, hidden)
        if got not in REFUSED:
            let_in.append(f"{method} {url} ({endpoint}): {got} [{status}]")
    assert not let_in, f"{role} reaches a pending contribution through:\n" + "\n".join(let_in)


# Arguments naming an object that belongs to one debate (theme slugs are looked up in the
# debate of the URL, and people are not objects of a debate).
DEBATE_OBJECTS = {
    "contribution_id",
    "tag_id",
    "contest_id",
    "section_id",
    "role_id",
    "document_id",
    "theme_id",
}


def test_staff_cannot_reach_another_debates_objects_through_their_own(world):
    """Staff of debate B, on the pages of B, naming an object of debate A (a contribution, a
    tag, a contest, a report section, a role, a document): refused or not found, never
    acted upon."""
    let_in = []
    checked = 0
    for endpoint, method, rule in walked_rules(world.app):
        arguments = route_arguments(rule)
        if "slug" not in arguments or not arguments & DEBATE_OBJECTS:
            continue
        got, url, status = _ask(
            world, "other_staff", endpoint, method, rule, {"slug": world.other.slug}
        )
        checked += 1
        if got not in REFUSED:
            let_in.append(f"{method} {url} ({endpoint}): {got} [{status}]")
    assert not let_in, "another debate's objects reached through:\n" + "\n".join(let_in)
    assert checked >= 25


def test_actions_answer_a_get_with_405(world):
    """A route that only acts (POST) has no GET that could act on a link or a prefetch:
    even an administrator's GET is refused with 405."""
    rules = list(world.app.url_map.iter_rules())
    readable = {rule.rule for rule in rules if "GET" in rule.methods}
    actions = [rule for rule in rules if "POST" in rule.methods and rule.rule not in readable]
    wrong = []
    for rule in actions:
        values = _values(world, rule.endpoint, "GET", route_arguments(rule.rule))
        url = world.app.url_map.bind("localhost").build(rule.endpoint, values, method="POST")
        status = world.clients["admin"].get(url).status_code
        if status != 405:
            wrong.append(f"GET {url} ({rule.endpoint}): {status}")
    assert len(actions) >= 30
    assert not wrong, "actions reachable by GET:\n" + "\n".join(wrong)
