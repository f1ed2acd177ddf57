"""The report: drafting with history, citations, coverage, publication and what follows."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from forum.extensions import db
from forum.models import Kind, Notification, Phase, Status
from moderation import masking
from moderation.models import JournalAction
from synthesis import report, weak_signals
from synthesis.models import Citation, Report
from tests import builders
from tests.builders_moderation import ARTICLE_2, journal_rows
from tests.builders_synthesis import make_world, publish_report
from tests.conftest import login, post_form


def _closed_world():
    world = make_world(phase=Phase.CLOSED)
    world.debate.closes_on = date.today() - timedelta(days=3)
    db.session.commit()
    return world


def _said(world, title, body, **kw):
    return builders.make_contribution(world.debate, world.participant, title=title, body=body, **kw)


def test_sections_keep_their_history(app):
    world = make_world()
    draft = report.start_report(world.debate, world.committee)
    assert len(draft.sections) == 6 and draft.sections[0].body_source == "[[statistics]]"
    section = draft.sections[1]

    report.save_section(world.debate, section, world.committee, "Par thème", "Première version.")
    report.save_section(world.debate, section, world.committee, "Par thème", "Seconde version.")

    assert [r.body_source for r in section.revisions] == [
        "",
        "Première version.",
        "Seconde version.",
    ]
    assert section.body_source == "Seconde version."


def test_a_bad_citation_is_refused_and_the_text_kept(app, client):
    world = make_world()
    other = builders.make_debate("ailleurs")
    foreign = builders.make_contribution(other, world.participant, title="Ailleurs")
    mine = _said(world, "Les arbres", "Les platanes de l'avenue font de l'ombre l'été.")
    section = report.start_report(world.debate, world.committee).sections[1]
    login(client, world.committee)
    url = f"/synthesis/{world.debate.slug}/report/sections/{section.id}"

    response = post_form(client, url, {"title": "Thèmes", "body": f"Voir [[cite:{foreign.id}]]."})
    assert response.status_code == 422
    assert f"Voir [[cite:{foreign.id}]]." in response.get_data(as_text=True)

    words = f"[[cite:{mine.id}|des mots qui n'y sont pas]]"
    assert post_form(client, url, {"title": "Thèmes", "body": words}).status_code == 422

    exact = f"[[cite:{mine.id}|font de l'ombre l'été]]"
    assert post_form(client, url, {"title": "Thèmes", "body": exact}).status_code == 302
    db.session.refresh(section)
    assert section.body_source == exact


def test_a_draft_and_an_open_debates_report_are_not_public(app, client):
    world = make_world()  # open
    item = _said(world, "Les arbres", "Les platanes de l'avenue font de l'ombre l'été.")
    section = report.start_report(world.debate, world.committee).sections[1]
    report.insert_citation(world.debate, world.committee, section, item.id)
    login(client, world.committee)
    slug = world.debate.slug

    assert client.get(f"/debates/{slug}/report").status_code == 404
    assert client.get(f"/debates/{slug}/report.pdf").status_code == 404
    assert client.get(f"/synthesis/{slug}/report/preview").status_code == 200
    response = post_form(
        client, f"/synthesis/{slug}/report/publish", {}, form_url=f"/synthesis/{slug}/report"
    )
    assert response.status_code == 302
    assert (
        db.session.scalar(db.select(Report.status).where(Report.debate_id == world.debate.id))
        == "draft"
    )
    assert client.get(f"/debates/{slug}/report").status_code == 404
    assert app.test_client().get(f"/debates/{slug}/report").status_code == 404


def test_publication_renders_citations_backlinks_notifies_and_prints(app, client):
    world = _closed_world()
    quoted = _said(
        world,
        "Le parking de l'hôpital",
        "Les patients dialysés n'auront plus où se garer près du service de néphrologie.",
    )
    whole = _said(world, "Les arbres", "Les platanes de l'avenue font de l'ombre l'été.")
    draft = report.start_report(world.debate, world.committee)
    report.save_section(
        world.debate,
        draft.sections[2],
        world.committee,
        "Signaux faibles",
        f"Une parole rare :\n\n[[cite:{quoted.id}|patients dialysés n'auront plus où se garer]]"
        f"\n\nEt l'ombre {whole and f'[[cite:{whole.id}]]'} en été.",
    )
    login(client, world.committee)
    slug = world.debate.slug

    response = publish_report(client, slug)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/debates/{slug}/report"
    )

    html = app.test_client().get(f"/debates/{slug}/report").get_data(as_text=True)
    assert '<figure class="citation" id="cite-1">' in html
    assert "patients dialysés n&#x27;auront plus où se garer" in html
    assert f"/contributions/{quoted.id}" in html and 'id="note-2"' in html
    # Inside a sentence, only the note's number; the note has the quote (the first words).
    assert '<span class="citation-mark" id="cite-2">' in html and '<q cite="' not in html
    assert '<q class="note-quote">Les platanes de l&#39;avenue font de l&#39;ombre' in html

    thread = app.test_client().get(f"/contributions/{quoted.id}").get_data(as_text=True)
    assert f'/debates/{slug}/report#cite-1"' in thread and 'class="cited-in-report"' in thread
    cited = db.session.scalars(db.select(Citation.contribution_id).order_by(Citation.number)).all()
    assert cited == [quoted.id, whole.id]
    notes = db.session.scalars(db.select(Notification).where(Notification.kind == "cited")).all()
    assert {n.contribution_id for n in notes} == {quoted.id, whole.id}
    assert world.debate.phase == Phase.REPORTED
    assert journal_rows(JournalAction.PUBLISH_REPORT)

    pdf = app.test_client().get(f"/debates/{slug}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "dialysés" in " ".join(text.split())
    assert "Annex" in text or "Annexe" in text

    annex = app.test_client().get(f"/debates/{slug}/report/annex").get_data(as_text=True)
    assert f"/contributions/{whole.id}#c{whole.id}" in annex


def test_the_coverage_check_lists_what_the_draft_neither_cites_nor_sets_aside(app, client):
    world = _closed_world()
    question = _said(
        world, "Combien ?", "Combien de rames faudra-t-il acheter ?", kind=Kind.QUESTION
    )
    proposal = _said(
        world, "Un bus", "Un bus à haut niveau de service coûterait moins.", kind=Kind.PROPOSAL
    )
    signal = _said(world, "Les chauves-souris", "Une colonie vit sous le pont des Arches.")
    weak_signals.confirm(world.debate, signal.id, world.committee, "")
    draft = report.start_report(world.debate, world.committee)

    missing = {e.contribution.id for e in report.coverage(world.debate, draft).missing}
    assert missing == {question.id, proposal.id, signal.id}

    report.insert_citation(world.debate, world.committee, draft.sections[4], proposal.id)
    login(client, world.committee)
    response = post_form(
        client,
        f"/synthesis/{world.debate.slug}/report/set-aside",
        {"contribution_id": question.id, "reason": "Question technique, transmise."},
        form_url=f"/synthesis/{world.debate.slug}/report",
    )
    assert response.status_code == 302

    coverage = report.coverage(world.debate, draft)
    assert {e.contribution.id for e in coverage.missing} == {signal.id}
    assert [row.reason for _item, row in coverage.set_aside] == ["Question technique, transmise."]
    assert journal_rows(JournalAction.SET_ASIDE)[-1].contribution_id == question.id


def test_the_legal_timeline(app):
    assert report.add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert report.add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    world = _closed_world()
    timeline = report.timeline(world.debate, None, today=world.debate.closes_on)
    assert timeline.report_due == report.add_months(world.debate.closes_on, 2)
    assert timeline.report_days_left == (timeline.report_due - world.debate.closes_on).days


def test_the_owner_links_the_decision_from_the_report(app, client):
    world = _closed_world()
    report.start_report(world.debate, world.committee)
    from synthesis import documents

    with app.test_request_context("/"):
        documents.publish(world.debate, world.committee)
    decision = builders.make_document(world.debate, title="Décision de la Métropole")
    login(client, world.owner)
    url = f"/debates/{world.debate.slug}/report/decision"

    response = post_form(client, url, {"document": decision.id, "decided_on": "2027-01-10"})

    assert response.status_code == 302
    html = app.test_client().get(f"/debates/{world.debate.slug}/report").get_data(as_text=True)
    assert f"/documents/{decision.id}" in html and "Décision de la Métropole" in html


def test_a_masked_contribution_cannot_be_cited(app):
    world = make_world()
    item = _said(world, "Insulte", "Texte insultant.")
    masking.mask(item, world.moderator, "Insulte.", ARTICLE_2)
    section = report.start_report(world.debate, world.committee).sections[1]
    try:
        report.insert_citation(world.debate, world.committee, section, item.id)
    except Exception as error:  # noqa: BLE001 — the service refuses with a domain error
        assert "cannot be cited" in str(error) or "ne peut pas" in str(error)
    else:
        raise AssertionError("a masked contribution was cited")
    assert item.status == Status.MASKED
