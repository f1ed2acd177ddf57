"""One small world served to Chromium, shared by the accessibility tests of this package.

The world has everything a page type needs to show its full shape: an open debate with
themes, a reply thread, a masked and contested contribution, a flag, a question with its
published answer, a document, a draft report; and a closed debate whose report is published
(for the synthesis pages). The same people hold the same role on both debates.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from forum import mail, notifications, verification
from forum.extensions import db
from forum.models import Phase, Relation, Role, Status
from moderation import contests, flags, masking, tags
from moderation.models import FlagReason
from questions import circuit as questions
from synthesis import documents as report_documents
from synthesis import report
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team, vocabulary
from tests.builders_questions import answer_and_publish, make_question
from tests.conftest import fresh_database, make_app

AXE_SCRIPT = Path(__file__).resolve().parents[2] / ".npm-test/node_modules/axe-core/axe.min.js"
ROLES = ("visitor", "participant", "moderator", "committee", "owner", "admin")
LANGUAGES = ("fr", "en")


@dataclass
class Site:
    """The served world: its base URL, its people by role, and the ids pages need."""

    app: Flask
    url: str
    emails: dict[str, str]
    ids: dict[str, object] = field(default_factory=dict)


def _build_world(app: Flask) -> tuple[dict[str, str], dict[str, object]]:
    team = make_team("ouvert")
    debate = team.debate
    vocabs = vocabulary(debate)
    other = builders.make_user("Dominique")
    themes = debate.themes
    root = builders.make_contribution(
        debate,
        team.participant,
        title="Desservir l'hôpital",
        body="Le tracé devrait passer **devant l'hôpital**.",
        themes=themes[:2],
    )
    reply = builders.make_contribution(
        debate,
        other,
        title="",
        body="D'accord, et la clinique aussi.",
        parent=root,
        relation=Relation.SUPPORTS,
    )
    builders.make_contribution(
        debate,
        team.participant,
        title="",
        body="Et la gare ?",
        parent=reply,
        relation=Relation.ASKS_CLARIFICATION,
    )
    masked = builders.make_contribution(
        debate, team.participant, title="Un avis masqué", body="Des propos déplacés."
    )
    masking.mask(masked, team.moderator, "Propos injurieux.", ARTICLE_2)
    contest = contests.file_contest(masked, team.participant, "Je conteste ce masquage.")
    builders.make_contribution(
        debate, other, title="En attente", body="Une contribution à relire.", status=Status.PENDING
    )
    flags.flag(root, other, FlagReason.OFF_TOPIC, "Hors sujet ?")
    # A curation tag's note is a sentence: staff pages must wrap it, not scroll sideways.
    tags.attach(
        root,
        vocabs["weak-signal"],
        team.moderator,
        "Seule mention des patients dialysés : absente du dossier du maître d'ouvrage.",
    )
    question = make_question(debate, team.participant)
    answer_and_publish(question, team.owner, team.committee)
    open_question = make_question(debate, other, title="Et le samedi soir ?")
    reviewed = make_question(debate, other, title="Et les vélos ?")
    questions.submit_answer(
        reviewed, team.owner, questions.AnswerDraft(body="Oui, à bord.", change_note="")
    )
    document = builders.make_document(debate)
    draft = report.start_report(debate, team.committee)

    # A long title, as real debates have: the search filters' list of debates must fit.
    closed = builders.make_debate(
        "clos",
        title="Réaménagement de la place du Marché et des rues adjacentes du centre ancien",
        phase=Phase.CLOSED,
    )
    closed.closes_on = date.today() - timedelta(days=3)
    db.session.commit()
    for person, role in (
        (team.moderator, Role.MODERATOR),
        (team.committee, Role.COMMITTEE),
        (team.owner, Role.OWNER),
    ):
        builders.grant(person, closed, role)
    cited = builders.make_contribution(
        closed, team.participant, title="Des arbres", body="Gardons les platanes de la place."
    )
    closed_report = report.start_report(closed, team.committee)
    report.save_section(
        closed,
        closed_report.sections[1],
        team.committee,
        "Par thème",
        f"Une parole : [[cite:{cited.id}|Gardons les platanes]]",
    )
    decision = builders.make_document(closed, title="Décision du maître d'ouvrage")
    # A closed debate whose report waits for publication: its confirmation page warns.
    to_publish = builders.make_debate("a-publier", title="Parc des Berges", phase=Phase.CLOSED)
    builders.grant(team.committee, to_publish, Role.COMMITTEE)
    make_question(to_publish, team.participant, title="Et les crues ?")
    report.start_report(to_publish, team.committee)
    with app.test_request_context():
        report_documents.publish_and_print(closed, team.committee)
        report.set_owner_decision(closed, team.owner, decision.id, None)
        # One e-mail in the outbox, and the tokens of the links e-mails carry.
        mail.queue(team.participant.email, "Bienvenue", "Bonjour,\n\nBienvenue sur Palabre.")
        mail.send_pending()
        outbox_name = mail.outbox_messages()[0].name
        unsubscribe = notifications.unsubscribe_token(team.participant.id, "all")
        reset = verification._serializer("reset").dumps(
            {"user": team.participant.id, "pw": team.participant.password_hash[-16:]}
        )
    emails = {
        "participant": team.participant.email,
        "moderator": team.moderator.email,
        "committee": team.committee.email,
        "owner": team.owner.email,
        "admin": team.admin.email,
    }
    ids = {
        "slug": debate.slug,
        "closed": closed.slug,
        "to_publish": to_publish.slug,
        "theme": themes[0].slug,
        "root": root.id,
        "reply": reply.id,
        "masked": masked.id,
        "contest": contest.id,
        "question": question.id,
        "open_question": open_question.id,
        "reviewed": reviewed.id,
        "document": document.id,
        "section": draft.sections[1].id,
        "participant_id": team.participant.id,
        "outbox": outbox_name,
        "unsubscribe": unsubscribe,
        "reset": reset,
    }
    return emails, ids


@pytest.fixture(scope="package")
def a11y_database(tmp_path_factory, migrated_db, request) -> Iterator[str]:
    """A database of its own for the package's world (as ``database_url``, package-wide)."""
    yield from fresh_database(tmp_path_factory.mktemp("a11y"), migrated_db, request)


@pytest.fixture(scope="package")
def site(tmp_path_factory, a11y_database) -> Iterator[Site]:
    instance = tmp_path_factory.mktemp("a11y-instance")
    app = make_app(a11y_database, instance, TESTING=False, PALABRE_BASE_URL="http://127.0.0.1")
    with app.app_context():
        emails, ids = _build_world(app)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # E-mails link to this server, as a deployment's to its public address.
    app.config["PALABRE_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(app, f"http://127.0.0.1:{server.server_port}", emails, ids)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="package")
def a11y_browser(browser):
    """The test process's one browser (see tests/browser_support.py)."""
    return browser


def open_context(browser, site: Site, role: str, language: str, **options):
    """A browser context logged in as ``role`` (or not, for the visitor), speaking ``language``."""
    context = browser.new_context(locale="fr-FR", **options)
    page = context.new_page()
    if role != "visitor":
        page.goto(f"{site.url}/login")
        page.fill("#email", site.emails[role])
        page.fill("#password", builders.DEFAULT_PASSWORD)
        with page.expect_navigation():
            page.click("main form.stacked button[type=submit]")
    page.goto(f"{site.url}/lang/{language}")
    return context, page
