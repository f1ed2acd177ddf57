"""Publishing the committee's report (synthesis/publication.py, synthesis/documents.py):
the confirmation page and its warnings, publication refused until the debate is closed,
and the PDF printed out of the request — pending, ready or failed with a way to retry —
by a thread of the web process or ``flask render-reports``.

The PDF is printed here by the service or the command the thread and cron use; the thread
itself is tested once, waiting for the state with a bounded poll.
"""

from __future__ import annotations

import time
from pathlib import Path

from markupsafe import escape

from forum.extensions import db
from forum.models import Notification, Phase
from synthesis import documents, publication, report, weak_signals
from synthesis.models import PdfState, Report, ReportStatus
from tests import builders
from tests.builders_questions import answer_and_publish, make_question
from tests.builders_synthesis import make_world, plant, publish_report, similar_corpus
from tests.conftest import login, post_form
from tests.test_revalidation import again, tagged

BOX_FR = "J'ai lu ces avertissements et je publie"
PREPARING = "Le PDF du compte rendu est en préparation"
UNAVAILABLE = "PDF indisponible pour le moment"
RETRY = "Relancer la préparation du PDF"


def _page(client, slug: str) -> str:
    response = client.get(f"/synthesis/{slug}/report/publish")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _closed_world(slug: str = "tram"):
    world = make_world(slug, phase=Phase.CLOSED)
    return world, report.start_report(world.debate, world.committee)


def _fill_every_section(world, draft, body: str = "Le texte de la commission.") -> None:
    for section in draft.sections:
        report.save_section(world.debate, section, world.committee, section.title, body)


def _current(debate) -> Report:
    db.session.commit()  # a fresh read: the renderer wrote in its own transaction
    return db.session.scalar(db.select(Report).where(Report.debate_id == debate.id))


def _cited_everywhere(world, draft):
    """A draft with a text in every section and a citation under every theme."""
    themes = list(world.debate.themes)
    cited = [
        builders.make_contribution(
            world.debate, world.participant, title=f"Sur {theme.name}", themes=[theme]
        )
        for theme in themes
    ]
    body = "\n\n".join(f"[[cite:{item.id}]]" for item in cited)
    _fill_every_section(world, draft, body)
    return cited


# --- The warnings, one kind at a time -------------------------------------------------------


def test_sections_with_no_text_are_listed_with_a_link_to_write_them(app, client):
    world, draft = _closed_world()
    report.save_section(
        world.debate, draft.sections[1], world.committee, draft.sections[1].title, "Écrit."
    )
    login(client, world.committee)

    html = _page(client, world.debate.slug)

    assert "Sections sans texte" in html
    for section in draft.sections:  # the first holds the figures, the second was written
        link = f'/synthesis/{world.debate.slug}/report/sections/{section.id}"'
        assert (link in html) == (section.position > 1), section.title


def test_themes_no_citation_covers_are_listed_and_the_rule_is_said(app, client):
    world, draft = _closed_world()
    covered, left = world.debate.themes[0], world.debate.themes[1]
    item = builders.make_contribution(world.debate, world.participant, themes=[covered])
    report.insert_citation(world.debate, world.committee, draft.sections[1], item.id)
    login(client, world.committee)

    html = _page(client, world.debate.slug)

    assert "Thèmes que le compte rendu ne couvre pas" in html
    assert "Un thème est couvert quand le compte rendu cite au moins une contribution" in html
    assert f"/synthesis/{world.debate.slug}/themes/{left.slug}" in html
    assert str(escape(left.name)) in html and str(escape(covered.name)) not in html


def test_weak_signal_candidates_neither_cited_nor_dismissed_are_listed(app, client):
    world, draft = _closed_world()
    similar_corpus(world.debate, 12)
    odd = plant(world.debate)
    weak_signals.compute(world.debate)
    shown = [c.contribution.id for c in weak_signals.current_candidates(world.debate)]
    assert odd.id in shown
    login(client, world.committee)

    html = _page(client, world.debate.slug)
    assert "Signaux faibles ni cités ni écartés" in html
    assert f"/contributions/{odd.id}#c{odd.id}" in html
    assert f"/synthesis/{world.debate.slug}/weak-signals" in html

    for other in shown:
        if other != odd.id:
            weak_signals.dismiss(world.debate, other, world.committee, "Déjà connu.")
    report.insert_citation(world.debate, world.committee, draft.sections[2], odd.id)
    assert "Signaux faibles ni cités ni écartés" not in _page(client, world.debate.slug)


def test_questions_still_unanswered_are_listed(app, client):
    world, _draft = _closed_world()
    waiting = make_question(world.debate, world.participant, title="Et le dimanche ?")
    answered = make_question(world.debate, world.participant, title="Et la nuit ?")
    answer_and_publish(answered, world.owner, world.committee)
    login(client, world.committee)

    html = _page(client, world.debate.slug)

    assert "Questions encore sans réponse" in html
    assert f"/contributions/{waiting.id}#c{waiting.id}" in html
    assert f"/contributions/{answered.id}#c{answered.id}" not in html
    assert f"/debates/{world.debate.slug}/questions/dashboard" in html


def test_with_nothing_missing_the_page_says_so_and_asks_for_no_box(app, client):
    world, draft = _closed_world()
    _cited_everywhere(world, draft)
    login(client, world.committee)

    html = _page(client, world.debate.slug)

    assert "Rien ne manque" in html and BOX_FR not in html
    url = f"/synthesis/{world.debate.slug}/report/publish"
    assert post_form(client, url, {}).status_code == 302
    assert _current(world.debate).status == ReportStatus.PUBLISHED


# --- Publishing ----------------------------------------------------------------------------


def test_with_warnings_publishing_needs_the_box_and_the_page_comes_back_whole(app, client):
    world, _draft = _closed_world()
    make_question(world.debate, world.participant, title="Et le dimanche ?")
    login(client, world.committee)
    url = f"/synthesis/{world.debate.slug}/report/publish"
    before = _page(client, world.debate.slug)
    assert BOX_FR in before

    response = post_form(client, url, {})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Cochez la case pour indiquer que vous avez lu les avertissements" in html
    for heading in ("Sections sans texte", "Thèmes que le compte rendu ne couvre pas"):
        assert heading in html
    assert "Et le dimanche ?" in html and BOX_FR in html
    assert _current(world.debate).status == ReportStatus.DRAFT
    assert world.debate.phase == Phase.CLOSED


def test_an_open_debate_is_refused_with_the_reason_and_the_phase_page(app, client):
    world = make_world()  # open
    report.start_report(world.debate, world.committee)
    login(client, world.committee)
    slug = world.debate.slug

    html = _page(client, slug)
    assert "Le débat est encore ouvert" in html and f'href="/manage/{slug}/phase"' in html
    assert BOX_FR not in html

    response = post_form(client, f"/synthesis/{slug}/report/publish", {"confirm": "y"})
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Le débat est encore ouvert" in shown
    assert _current(world.debate).status == ReportStatus.DRAFT
    assert client.get(f"/debates/{slug}/report").status_code == 404


def test_the_request_returns_before_the_pdf_exists_and_visitors_see_it_coming(app, client):
    world, draft = _closed_world()
    _cited_everywhere(world, draft)
    login(client, world.committee)
    slug = world.debate.slug
    folder = Path(app.instance_path) / "reports"

    response = post_form(client, f"/synthesis/{slug}/report/publish", {"confirm": "y"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/debates/{slug}/report")
    current = _current(world.debate)
    assert current.status == ReportStatus.PUBLISHED and world.debate.phase == Phase.REPORTED
    assert current.pdf_state == PdfState.PENDING and current.pdf_file is None
    assert not list(folder.glob("*.pdf")) if folder.exists() else True
    visitor = app.test_client()
    page = visitor.get(f"/debates/{slug}/report").get_data(as_text=True)
    assert PREPARING in page and f"/debates/{slug}/report.pdf" not in page
    waiting = visitor.get(f"/debates/{slug}/report.pdf")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "30"
    assert waiting.headers["Cache-Control"] == "no-store"
    assert PREPARING in waiting.get_data(as_text=True)

    with app.test_request_context("/"):
        assert documents.render_pdf(current.id) == PdfState.READY

    pdf = visitor.get(f"/debates/{slug}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    page = visitor.get(f"/debates/{slug}/report").get_data(as_text=True)
    assert PREPARING not in page and f"/debates/{slug}/report.pdf" in page


def test_a_visitor_holding_the_report_page_gets_it_fresh_once_the_pdf_is_ready(app, client):
    world, draft = _closed_world()
    _cited_everywhere(world, draft)
    login(client, world.committee)
    slug = world.debate.slug
    post_form(client, f"/synthesis/{slug}/report/publish", {"confirm": "y"})
    visitor, url = app.test_client(), f"/debates/{slug}/report"
    first = tagged(visitor, url)
    assert PREPARING in first.get_data(as_text=True)
    assert again(visitor, url, first.headers["ETag"]).status_code == 304

    publication.render_waiting()

    response = again(visitor, url, first.headers["ETag"])
    assert response.status_code == 200 and response.headers["ETag"] != first.headers["ETag"]
    assert f"/debates/{slug}/report.pdf" in response.get_data(as_text=True)


def test_the_thread_of_the_web_process_prints_the_pdf_after_the_request(app, client):
    app.config["PALABRE_REPORT_PDF_IN_BACKGROUND"] = True
    world, draft = _closed_world()
    _cited_everywhere(world, draft)
    login(client, world.committee)
    slug = world.debate.slug

    response = post_form(client, f"/synthesis/{slug}/report/publish", {"confirm": "y"})
    assert response.status_code == 302

    deadline = time.monotonic() + 120
    while _current(world.debate).pdf_state == PdfState.PENDING:
        assert time.monotonic() < deadline, "the PDF was not printed within two minutes"
        time.sleep(0.2)
    assert _current(world.debate).pdf_state == PdfState.READY
    pdf = app.test_client().get(f"/debates/{slug}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


# --- Failure, retry and the command ---------------------------------------------------------


def test_a_failed_rendering_is_shown_and_the_committee_prepares_it_again(app, client, tmp_path):
    # The reports folder lies under a file: the folder cannot be made, writing fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("un fichier, pas un dossier")
    app.config["PALABRE_REPORTS_DIR"] = str(blocker / "reports")
    world, draft = _closed_world()
    cited = _cited_everywhere(world, draft)
    login(client, world.committee)
    slug = world.debate.slug
    publish_report(client, slug)

    current = _current(world.debate)
    assert current.pdf_state == PdfState.FAILED and "not-a-folder" in current.pdf_error
    visitor = app.test_client()
    seen = visitor.get(f"/debates/{slug}/report").get_data(as_text=True)
    assert UNAVAILABLE in seen and RETRY not in seen and "not-a-folder" not in seen
    waiting = visitor.get(f"/debates/{slug}/report.pdf")
    assert waiting.status_code == 503 and UNAVAILABLE in waiting.get_data(as_text=True)
    committee_view = client.get(f"/debates/{slug}/report").get_data(as_text=True)
    assert RETRY in committee_view and "not-a-folder" in committee_view

    blocker.unlink()  # the operator repairs the folder
    response = post_form(
        client, f"/synthesis/{slug}/report/pdf/retry", {}, form_url=f"/debates/{slug}/report"
    )
    assert response.status_code == 302
    assert _current(world.debate).pdf_state == PdfState.PENDING
    assert PREPARING in visitor.get(f"/debates/{slug}/report").get_data(as_text=True)
    publication.render_waiting()

    assert _current(world.debate).pdf_state == PdfState.READY
    assert visitor.get(f"/debates/{slug}/report.pdf").data.startswith(b"%PDF-")
    # Publication told each cited author once; printing and retrying told no one again.
    told = db.session.scalars(
        db.select(Notification.contribution_id).where(Notification.kind == "cited")
    ).all()
    assert sorted(told) == sorted(item.id for item in cited)


def test_retry_is_refused_when_nothing_failed(app, client):
    world, draft = _closed_world()
    _cited_everywhere(world, draft)
    login(client, world.committee)
    slug = world.debate.slug
    publish_report(client, slug)

    response = post_form(
        client, f"/synthesis/{slug}/report/pdf/retry", {}, form_url=f"/debates/{slug}/report"
    )

    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert str(escape("Le PDF du compte rendu n'est pas en échec")) in shown
    assert _current(world.debate).pdf_state == PdfState.READY


def test_the_render_reports_command_prints_what_is_left_and_claims_each_report(app, client, runner):
    world, draft = _closed_world()
    _cited_everywhere(world, draft)
    login(client, world.committee)
    slug = world.debate.slug
    post_form(client, f"/synthesis/{slug}/report/publish", {"confirm": "y"})
    report_id = _current(world.debate).id

    # Another renderer holds the report: a second one leaves it alone.
    claim = documents.claim_pdf(report_id)
    assert claim is not None and documents.claim_pdf(report_id) is None
    held = runner.invoke(args=["render-reports"])
    assert held.exit_code == 0 and "autre processus" in held.output
    assert _current(world.debate).pdf_state == PdfState.PENDING

    # Its claim lapses (the process died): the command takes the report over.
    db.session.execute(
        db.update(Report)
        .where(Report.id == report_id)
        .values(pdf_claimed_at=Report.pdf_claimed_at - documents.timedelta(hours=1))
    )
    db.session.commit()
    done = runner.invoke(args=["render-reports"])
    assert done.exit_code == 0 and "PDF prêt" in done.output
    assert _current(world.debate).pdf_state == PdfState.READY
    assert app.test_client().get(f"/debates/{slug}/report.pdf").data.startswith(b"%PDF-")

    nothing = runner.invoke(args=["render-reports"])
    assert nothing.exit_code == 0 and "Aucun PDF de compte rendu à préparer" in nothing.output


def test_the_command_says_a_failure_and_exits_non_zero(app, client, runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    app.config["PALABRE_REPORTS_DIR"] = str(blocker / "reports")
    world, draft = _closed_world()
    _cited_everywhere(world, draft)
    login(client, world.committee)
    post_form(client, f"/synthesis/{world.debate.slug}/report/publish", {"confirm": "y"})

    result = runner.invoke(args=["render-reports"])

    assert result.exit_code == 1 and "n'a pas pu être préparé" in result.output
    assert _current(world.debate).pdf_state == PdfState.FAILED
