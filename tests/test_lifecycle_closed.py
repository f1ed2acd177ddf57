"""Closed means closed: once its committee closed it, or once its closing date has passed
(in the site's time zone) even while its phase is still open, a debate takes no
contribution, reply or question, by any path, and its pages say since when. What goes on
after the closing goes on: the owner answers, moderators moderate, offline transcription
and CSV import."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import Contribution, Kind, Phase, Status
from forum.when import site_today
from moderation import lifecycle
from questions import circuit as questions
from questions.models import AnswerState
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team, offline_entry
from tests.builders_questions import make_question
from tests.conftest import login, post_form
from tests.test_contribute import sign_in
from tests.test_revalidation import again, tagged

BODY = "Le tracé devrait passer par la gare."


def _close_by_committee(team) -> None:
    lifecycle.close_debate(team.debate, team.committee)


def _let_the_date_pass(team) -> None:
    team.debate.closes_on = site_today() - timedelta(days=1)
    db.session.commit()


CLOSINGS = [_close_by_committee, _let_the_date_pass]


@pytest.fixture(params=CLOSINGS, ids=lambda f: f.__name__.strip("_"))
def closed(request, app):
    """A debate with a thread and a question, then closed one way or the other."""
    team = make_team()
    thread = builders.make_contribution(team.debate, team.participant, title="Par la gare")
    question = make_question(team.debate, team.participant, title="Et le dimanche ?")
    request.param(team)
    db.session.expire_all()
    return team, thread, question


def _count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Contribution))


def _since(team) -> str:
    day = team.debate.closes_on
    return f"Le débat est clos depuis le {day.day} "


def test_no_contribution_or_question_is_taken_and_the_text_is_kept(client, closed):
    team, thread, question = closed
    author = builders.make_user("Bastien")
    sign_in(client, author)
    assert team.debate.phase == Phase.CLOSED or team.debate.closes_on < site_today()
    page = client.get("/debates/tram/contribute")
    assert page.status_code == 403 and _since(team) in page.get_data(as_text=True)
    before = _count()
    for kind in (Kind.OPINION, Kind.QUESTION, Kind.PROPOSAL):
        response = post_form(
            client,
            "/debates/tram/contribute",
            {
                "kind": kind.value,
                "title": "Une idée tardive",
                "body": BODY,
                "themes": [team.debate.themes[0].id],
            },
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 403, kind
        assert _since(team) in html and BODY in html
    assert _count() == before


def test_no_reply_is_taken(client, closed):
    team, thread, question = closed
    sign_in(client, builders.make_user("Bastien"))
    before = _count()
    for parent in (thread, question):
        url = f"/contributions/{parent.id}/reply"
        page = client.get(url)
        assert page.status_code == 403 and _since(team) in page.get_data(as_text=True)
        response = post_form(client, url, {"relation": "objects", "kind": "opinion", "body": BODY})
        assert response.status_code == 403
        assert BODY in response.get_data(as_text=True)
    assert _count() == before


def test_the_service_refuses_too(closed):
    team, thread, question = closed
    from forum import contributions
    from forum.errors import NotAllowed

    with pytest.raises(NotAllowed):
        contributions.post_contribution(
            team.debate,
            team.participant,
            contributions.NewContribution(
                Kind.QUESTION, "Encore une", BODY, [team.debate.themes[0].id]
            ),
        )
    with pytest.raises(NotAllowed):
        contributions.post_reply(thread, team.participant, contributions.NewReply("supports", BODY))


def test_the_pages_offer_no_way_to_post_and_say_since_when(client, closed):
    team, thread, question = closed
    debate_page = client.get("/debates/tram").get_data(as_text=True)
    assert _since(team) in debate_page
    # The current stage itself says it: "Clos", or "Ouvert — date de clôture passée…".
    current = re.search(r'aria-current="step">(.*?)</li>', debate_page, re.S).group(1)
    assert "Clos" in current or "date de clôture passée" in current
    assert 'href="/debates/tram/contribute"' not in debate_page
    listing = client.get("/debates/tram/contributions").get_data(as_text=True)
    assert "/debates/tram/contribute" not in listing
    questions_page = client.get("/debates/tram/questions").get_data(as_text=True)
    assert "/debates/tram/contribute" not in questions_page
    for item in (thread, question):
        html = client.get(f"/contributions/{item.id}").get_data(as_text=True)
        assert f"/contributions/{item.id}/reply" not in html


def test_an_open_debate_within_its_dates_still_offers_to_post(client, app):
    """The other side of the pages above: the links they check for do exist."""
    team = make_team()
    thread = builders.make_contribution(team.debate, team.participant, title="Par la gare")
    team.debate.closes_on = site_today()  # its last day: still open all day
    db.session.commit()
    assert 'href="/debates/tram/contribute"' in client.get("/debates/tram").get_data(as_text=True)
    html = client.get(f"/contributions/{thread.id}").get_data(as_text=True)
    assert f"/contributions/{thread.id}/reply" in html


def test_the_owner_still_answers_and_the_committee_validates(client, closed):
    team, thread, question = closed
    login(client, team.owner)
    sent = post_form(
        client, f"/questions/{question.id}/answer", {"body": "Oui, dès 6 h 30.", "send": "1"}
    )
    assert sent.status_code == 302
    client.delete_cookie("session")
    login(client, team.committee)
    published = post_form(client, f"/questions/{question.id}/review", {"publish": "1"})
    assert published.status_code == 302
    db.session.expire_all()
    assert questions.get_answer(question).state == AnswerState.PUBLISHED


def test_moderators_still_moderate(client, closed):
    team, thread, question = closed
    login(client, team.moderator)
    url = f"/moderation/tram/contributions/{thread.id}"
    response = post_form(
        client, f"{url}/mask", {"article": ARTICLE_2, "reason": "Attaque."}, form_url=url
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Contribution, thread.id).status == Status.MASKED


def test_offline_entry_and_csv_import_still_work(client, runner, closed, tmp_path):
    team, thread, question = closed
    login(client, team.moderator)
    before = _count()
    response = post_form(client, "/moderation/tram/offline", offline_entry(team))
    assert response.status_code == 302
    yesterday = (site_today() - timedelta(days=1)).isoformat()
    rows = (
        "kind,channel,date,event,attribution,themes,title,body\n"
        f"opinion,paper,{yesterday},Registre de la mairie,,Tracé et stations,Un avis,Texte.\n"
    )
    path = tmp_path / "registre.csv"
    path.write_text(rows, encoding="utf-8")
    result = runner.invoke(args=["import-contributions", "tram", str(path)])
    assert result.exit_code == 0, result.output
    html = post_form(
        client,
        "/moderation/tram/import",
        {"file": (io.BytesIO(rows.encode()), "registre.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    confirmed = post_form(
        client,
        "/moderation/tram/import/confirm",
        {"token": token},
        form_url="/moderation/tram/import",
    )
    assert confirmed.status_code in (302, 303)
    db.session.expire_all()
    assert _count() == before + 3


# --- The public pages change at once ---------------------------------------------------------


def test_closing_gives_the_public_pages_a_new_tag(client, app):
    team = make_team()
    thread = builders.make_contribution(team.debate, team.participant, title="Par la gare")
    urls = ["/debates/tram", f"/contributions/{thread.id}", "/debates/tram/contributions"]
    tags = {url: tagged(client, url).headers["ETag"] for url in urls}
    for url, etag in tags.items():
        assert again(client, url, etag).status_code == 304
    lifecycle.close_debate(team.debate, team.committee)
    for url, etag in tags.items():
        response = again(client, url, etag)
        assert response.status_code == 200, url
        assert "/debates/tram/contribute" not in response.get_data(as_text=True)
        assert f"/contributions/{thread.id}/reply" not in response.get_data(as_text=True)


# --- What was said after the closing is not part of the debate ------------------------------


def test_an_offline_contribution_made_after_the_closing_is_refused(client, app):
    team = make_team()
    team.debate.closes_on = site_today() - timedelta(days=3)
    db.session.commit()
    login(client, team.moderator)
    client.get("/lang/en")
    before = _count()
    late = (site_today() - timedelta(days=1)).isoformat()
    response = post_form(client, "/moderation/tram/offline", offline_entry(team, occurred_on=late))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "after the debate&#39;s closing date" in html
    assert "Le coût inquiète un habitant" in html  # the text is kept
    in_time = (site_today() - timedelta(days=4)).isoformat()
    response = post_form(
        client, "/moderation/tram/offline", offline_entry(team, occurred_on=in_time)
    )
    assert response.status_code == 302
    assert _count() == before + 1


def test_a_csv_row_made_after_the_closing_is_rejected_with_its_line(app):
    from moderation import importing

    team = make_team()
    team.debate.closes_on = site_today() - timedelta(days=3)
    db.session.commit()
    late = (site_today() - timedelta(days=1)).isoformat()
    in_time = (site_today() - timedelta(days=5)).isoformat()
    rows = (
        "kind,channel,date,event,attribution,themes,title,body\n"
        f"opinion,paper,{in_time},Registre,,Tracé et stations,À temps,Texte.\n"
        f"opinion,paper,{late},Registre,,Tracé et stations,Trop tard,Texte.\n"
    )
    report = importing.check_file(team.debate, rows.encode())
    assert [row["title"] for row in report.rows] == ["À temps"]
    [error] = report.errors
    assert error.line == 3 and "postérieure à la date de clôture du débat" in error.message
