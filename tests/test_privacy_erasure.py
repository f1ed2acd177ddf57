"""Erasure reaches every stored rendering: the published report (HTML and PDF), the pages
kept for visitors, and the e-mails to the person, queued or in the outbox."""

from __future__ import annotations

import io
import os
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from forum import mail, notifications
from forum.extensions import db
from forum.models import OutgoingMail, Phase, User, utcnow
from synthesis import report
from synthesis.models import Citation, Report
from tests import builders
from tests.builders_synthesis import make_world, publish_report
from tests.conftest import login, post_form

ANONYMOUS = "une personne désinscrite"  # "deleted participant", in French
FACTS = re.compile(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>")


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_SMTP_HOST": None}


def _erase_through_the_page(app, user) -> None:
    own = app.test_client()
    login(own, user)
    response = post_form(
        own, "/account/erase", {"password": builders.DEFAULT_PASSWORD, "understood": "y"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def _pdf_text(app, slug: str) -> str:
    pdf = app.test_client().get(f"/debates/{slug}/report.pdf")
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    return " ".join(text.split())


@dataclass
class Published:
    slug: str
    lucie: User  # cited, and in the annex with a second contribution
    named: User  # cited too, and stays
    cited: int
    kept: int


def _report_citing_lucie(client, language: str = "fr") -> Published:
    """A closed debate's report, published through the committee's page in ``language``."""
    world = make_world(phase=Phase.CLOSED)
    world.debate.closes_on = date.today() - timedelta(days=3)
    world.committee.locale = language
    db.session.commit()
    lucie = builders.make_user("Lucie R.", email="lucie@example.org")
    theme = world.debate.themes[0]
    cited = builders.make_contribution(
        world.debate,
        lucie,
        title="Le parking",
        body="Les patients dialysés n'auront plus de place.",
        themes=[theme],
    )
    builders.make_contribution(  # in the printed annex only
        world.debate,
        lucie,
        title="Les horaires",
        body="Le dernier tram part trop tôt.",
        themes=[theme],
    )
    kept = builders.make_contribution(
        world.debate,
        world.participant,
        title="Les arbres",
        body="Les platanes font de l'ombre.",
        themes=[theme],
    )
    draft = report.start_report(world.debate, world.committee)
    report.save_section(
        world.debate,
        draft.sections[2],
        world.committee,
        "Signaux faibles",
        f"[[cite:{cited.id}|patients dialysés]]\n\nEt l'ombre [[cite:{kept.id}]] en été.",
    )
    login(client, world.committee)
    slug = world.debate.slug
    published = publish_report(client, slug)
    assert published.status_code == 302
    return Published(slug, lucie, world.participant, cited.id, kept.id)


def test_erasure_renders_the_published_report_again_without_the_name(app, client):
    done = _report_citing_lucie(client)
    slug, lucie, cited, kept = done.slug, done.lucie, done.cited, done.kept
    before = app.test_client().get(f"/debates/{slug}/report").get_data(as_text=True)
    assert "Lucie R." in before and "Lucie R." in _pdf_text(app, slug)
    figures = FACTS.findall(before)  # the audience figures, as published
    assert figures
    old_pdf = report.pdf_path(db.session.scalar(db.select(Report)))

    _erase_through_the_page(app, lucie)

    html = app.test_client().get(f"/debates/{slug}/report").get_data(as_text=True)
    assert "Lucie R." not in html
    assert ANONYMOUS in html and done.named.pseudonym in html
    # The citations keep their numbers, quotes and back-links; the figures are those published.
    assert '<figure class="citation" id="cite-1">' in html and 'id="note-2"' in html
    assert "patients dialysés" in html
    assert db.session.scalars(
        db.select(Citation.contribution_id).order_by(Citation.number)
    ).all() == [cited, kept]
    # Her account no longer counts among the authors, but the figures stay those published.
    assert FACTS.findall(html) == figures
    text = _pdf_text(app, slug)
    assert "Lucie R." not in text
    assert ANONYMOUS in text and done.named.pseudonym in text and "dialysés" in text
    assert not old_pdf.exists()  # the PDF that named her is gone
    annex = app.test_client().get(f"/debates/{slug}/report/annex").get_data(as_text=True)
    assert "Lucie R." not in annex


def test_a_report_published_in_english_is_rendered_again_in_english(app, client):
    done = _report_citing_lucie(client, "en")
    _erase_through_the_page(app, done.lucie)  # her own session is in French

    html = app.test_client().get(f"/debates/{done.slug}/report").get_data(as_text=True)
    assert "Lucie R." not in html
    assert "deleted participant" in html and '<h2 id="toc-title">Contents</h2>' in html


def test_a_restore_renders_the_report_again_for_an_erasure_made_after_the_backup(
    app, client, runner, tmp_path
):
    done = _report_citing_lucie(client)
    path = tmp_path / "before-erasure.backup"
    assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    _erase_through_the_page(app, done.lucie)

    # The backup's report names her, and its PDF is the one removed at her erasure.
    result = runner.invoke(args=["restore", str(path), "--yes"])

    assert result.exit_code == 0, result.output
    db.session.remove()
    html = app.test_client().get(f"/debates/{done.slug}/report").get_data(as_text=True)
    assert "Lucie R." not in html and ANONYMOUS in html
    text = _pdf_text(app, done.slug)
    assert "Lucie R." not in text and ANONYMOUS in text


def _outbox(app) -> list[Path]:
    folder = Path(app.instance_path) / "outbox"
    return sorted(folder.glob("*.eml")) if folder.is_dir() else []


def _notify(user, message: str = "Une réponse à votre question.") -> None:
    notifications.notify(user.id, "answer", message, contribution_id=None)
    db.session.commit()


def test_erasure_removes_the_mail_to_the_person_queued_or_in_the_outbox(app):
    lucie = builders.make_user("Lucie R.", email="lucie@example.org")
    other = builders.make_user("Léo", email="leo@example.org")
    _notify(lucie)
    _notify(other)
    assert mail.send_pending().sent == 2
    _notify(lucie, "Encore une réponse.")  # still queued at erasure
    assert len(_outbox(app)) == 2

    _erase_through_the_page(app, lucie)

    left = [path.read_text() for path in _outbox(app)]
    assert len(left) == 1 and "leo@example.org" in left[0]
    assert not any("lucie@example.org" in text for text in left)
    assert (
        db.session.scalar(
            db.select(OutgoingMail).where(OutgoingMail.to_address == "lucie@example.org")
        )
        is None
    )


def test_send_mail_removes_outbox_files_past_their_retention(app, runner):
    lucie = builders.make_user("Lucie R.", email="lucie@example.org")
    _notify(lucie, "Une réponse ancienne.")
    _notify(lucie, "Une réponse récente.")
    assert runner.invoke(args=["send-mail"]).exit_code == 0
    old, recent = _outbox(app)
    eight_days_ago = time.time() - 8 * 86_400
    os.utime(old, (eight_days_ago, eight_days_ago))
    # Two messages that failed every attempt: one long ago, one yesterday.
    for days in (8, 1):
        db.session.add(
            OutgoingMail(
                to_address=lucie.email,
                subject=f"Échec {days}",
                body="…",
                attempts=mail.MAX_ATTEMPTS,
                not_before=utcnow() - timedelta(days=days),
            )
        )
    db.session.commit()

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 0, result.output
    assert _outbox(app) == [recent]
    assert "récente" in mail.outbox_message(recent.name).body
    assert result.output.splitlines()[-1].startswith("1 ")
    db.session.expire_all()
    assert db.session.scalars(db.select(OutgoingMail.subject)).all() == ["Échec 1"]
