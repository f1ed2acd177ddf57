"""The answer circuit: the owner drafts and submits, the committee publishes or sends back,
the answer block and its history on the thread, annexes, and "incomplete" marks."""

from __future__ import annotations

import re

import pytest

from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Document, Kind, ModerationMode, Notification, Relation
from questions import circuit as questions
from questions import overview
from questions.models import AnswerState
from tests import builders
from tests.builders_questions import (
    PDF_BYTES,
    answer_and_publish,
    days_ago,
    form_file,
    make_question,
    staff,
    upload,
)
from tests.conftest import login, post_form


@pytest.fixture
def setting(app):
    debate = builders.make_debate("tram")
    owner, member, moderator = staff(debate)
    asker = builders.make_user("Sofiane")
    question = make_question(debate, asker, published_at=days_ago(3))
    return debate, owner, member, moderator, asker, question


def _kinds(user) -> list[str]:
    return list(
        db.session.scalars(
            db.select(Notification.kind)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )


def test_owner_drafts_submits_and_the_committee_publishes(setting, client, login_as):
    debate, owner, member, _moderator, asker, question = setting
    url = f"/questions/{question.id}/answer"
    login_as(owner)
    assert client.get(url).status_code == 200
    saved = post_form(client, url, {"body": "Un brouillon *prudent*.", "save": "1"})
    assert saved.status_code == 302
    assert questions.get_answer(question).state == AnswerState.DRAFT
    thread = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    assert "prudent" not in thread  # a draft is never public

    sent = post_form(client, url, {"body": "Oui, **dès 6 h 30**.", "send": "1"})
    assert sent.status_code == 302
    assert questions.get_answer(question).state == AnswerState.SUBMITTED
    assert _kinds(member) == ["answer_submitted"]
    assert "Oui" not in client.get(f"/contributions/{question.id}").get_data(as_text=True)

    client.delete_cookie("session")
    login(client, member)
    review = client.get(f"/questions/{question.id}/review")
    assert review.status_code == 200 and "dès 6 h 30" in review.get_data(as_text=True)
    published = post_form(client, f"/questions/{question.id}/review", {"publish": "1"})
    assert published.status_code == 302
    assert questions.get_answer(question).state == AnswerState.PUBLISHED
    assert _kinds(asker) == ["answer"]

    html = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    block = re.search(r'<section class="official-answer".*?</section>', html, re.S).group(0)
    assert "<strong>dès 6 h 30</strong>" in block
    assert debate.owner_name in block
    assert "<time" in block
    assert 'aria-labelledby="answer-' in block


def test_the_answer_block_sits_above_the_publics_replies(setting, client):
    _debate, owner, member, _moderator, asker, question = setting
    builders.make_contribution(
        question.debate,
        builders.make_user(),
        title="",
        body="Moi aussi je me pose la question.",
        parent=question,
        relation=Relation.SUPPORTS,
    )
    answer_and_publish(question, owner, member, body="Réponse officielle ici.")
    html = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    assert html.index("Réponse officielle ici.") < html.index("Moi aussi je me pose la question.")


def test_the_committee_sends_back_with_a_comment_the_owner_reads(setting, client, login_as):
    _debate, owner, member, _moderator, _asker, question = setting
    questions.submit_answer(question, owner, questions.AnswerDraft(body="Trop court."))
    login_as(member)
    refused = post_form(client, f"/questions/{question.id}/review", {"send_back": "1"})
    assert refused.status_code == 422
    assert 'id="comment-error"' in refused.get_data(as_text=True)
    assert questions.get_answer(question).state == AnswerState.SUBMITTED
    back = post_form(
        client,
        f"/questions/{question.id}/review",
        {"send_back": "1", "comment": "Donnez les horaires du dimanche."},
    )
    assert back.status_code == 302
    answer = questions.get_answer(question)
    assert answer.state == AnswerState.RETURNED
    assert answer.last_return.comment == "Donnez les horaires du dimanche."
    owner_note = db.session.scalar(
        db.select(Notification)
        .where(Notification.user_id == owner.id)
        .order_by(Notification.id.desc())
    )
    assert owner_note.kind == "answer_returned" and "dimanche" in owner_note.message

    client.delete_cookie("session")
    login(client, owner)
    page = client.get(f"/questions/{question.id}/answer").get_data(as_text=True)
    assert "Donnez les horaires du dimanche." in page
    assert "Trop court." in page  # the draft is kept for the owner to rework
    questions.submit_answer(question, owner, questions.AnswerDraft(body="Dimanche : 6 h 45."))
    assert questions.get_answer(question).state == AnswerState.SUBMITTED


def test_nothing_is_changed_while_the_committee_reviews(setting):
    _debate, owner, member, _moderator, _asker, question = setting
    questions.submit_answer(question, owner, questions.AnswerDraft(body="Version soumise."))
    with pytest.raises(NotAllowed):
        questions.save_draft(question, owner, questions.AnswerDraft(body="Retouche."))
    db.session.rollback()
    with pytest.raises(NotAllowed):
        questions.send_back(question, owner, "Je me renvoie ma réponse.")
    db.session.rollback()
    other = make_question(question.debate, builders.make_user(), title="Autre")
    with pytest.raises(InvalidInput):
        questions.save_draft(other, owner, questions.AnswerDraft(body="   "))
    db.session.rollback()
    with pytest.raises(NotAllowed):  # the committee validates; the owner does not
        questions.validate_answer(question, owner)


def test_a_revision_needs_a_change_note_and_keeps_its_history_visible(setting, client, login_as):
    _debate, owner, member, _moderator, asker, question = setting
    answer_and_publish(question, owner, member, body="Première réponse.")
    login_as(owner)
    refused = post_form(
        client, f"/questions/{question.id}/answer", {"body": "Réponse complétée.", "send": "1"}
    )
    assert refused.status_code == 422
    assert questions.get_answer(question).state != AnswerState.SUBMITTED
    post_form(
        client,
        f"/questions/{question.id}/answer",
        {"body": "Réponse complétée.", "change_note": "Horaires du dimanche ajoutés.", "send": "1"},
    )
    version = questions.validate_answer(question, member)
    assert version.number == 2 and version.change_note == "Horaires du dimanche ajoutés."
    assert _kinds(asker) == ["answer", "answer"]
    messages = db.session.scalars(
        db.select(Notification.message).where(Notification.user_id == asker.id)
    ).all()
    assert messages[0] != messages[1]  # "answered", then "revised"

    html = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    block = re.search(r'<section class="official-answer".*?</section>', html, re.S).group(0)
    current = block[: block.index("<details")]
    assert "Réponse complétée." in current and "Première réponse." not in current
    history = block[block.index("<details") :]
    assert "Première réponse." in history
    assert "Horaires du dimanche ajoutés." in history
    assert history.count("<time") >= 2  # when each version was published


def test_an_annex_stays_private_until_the_answer_is_published(setting, client, login_as):
    debate, owner, member, _moderator, _asker, question = setting
    login_as(owner)
    response = post_form(
        client,
        f"/questions/{question.id}/answer",
        {
            "body": "Voir le plan joint.",
            "annex_title": "Plan des horaires",
            "annex": form_file(),
            "send": "1",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    annex = db.session.scalar(db.select(Document).where(Document.title == "Plan des horaires"))
    assert annex is not None and not annex.public
    file_url = f"/debates/{debate.slug}/documents/{annex.id}/file"
    assert client.get(file_url).status_code == 200  # the owner sees their annex
    client.delete_cookie("session")
    assert client.get(file_url).status_code == 404  # the public does not, yet
    assert client.get(f"/debates/{debate.slug}/documents/{annex.id}").status_code == 404

    questions.validate_answer(question, member)
    db.session.refresh(annex)
    assert annex.public
    served = client.get(file_url)
    assert served.status_code == 200 and served.data == PDF_BYTES
    html = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    assert file_url in html


def test_replacing_an_unpublished_annex_deletes_it(setting):
    _debate, owner, _member, _moderator, _asker, question = setting
    questions.save_draft(question, owner, questions.AnswerDraft(body="A", annex=upload()))
    first = questions.get_answer(question).draft_document
    first_id, first_name = first.id, first.file_name
    questions.save_draft(question, owner, questions.AnswerDraft(body="A", annex=upload()))
    assert db.session.get(Document, first_id) is None
    from forum.documents import upload_dir

    assert not (upload_dir() / first_name).exists()


def test_only_the_asker_marks_the_answer_incomplete_once_per_version(setting, client, login_as):
    debate, owner, member, _moderator, asker, question = setting
    answer_and_publish(question, owner, member)
    url = f"/questions/{question.id}/incomplete"

    login_as(builders.make_user())
    assert client.get(url).status_code == 403
    client.delete_cookie("session")

    login(client, asker)
    thread = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    assert url in thread
    assert post_form(client, url, {"reason": "  "}).status_code == 422
    done = post_form(client, url, {"reason": "Rien sur les jours fériés."})
    assert done.status_code == 302
    answer = questions.get_answer(question)
    assert answer.reopened_at is not None and answer.state == AnswerState.SENT
    view = questions.view_of(question, answer)
    assert view.status == questions.QuestionStatus.AWAITING
    assert view.due == questions.due_on(answer.reopened_at, debate.answer_deadline_days)
    assert _kinds(owner)[-1] == "new_question"
    assert client.get(url).status_code == 403  # once per version
    with pytest.raises(NotAllowed):
        questions.mark_incomplete(question, asker, "Encore.")
    db.session.rollback()

    client.delete_cookie("session")
    public = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    assert "Rien sur les jours fériés." in public
    assert url not in public

    answer_and_publish(
        question, owner, member, body="Jours fériés : comme le dimanche.", note="Jours fériés"
    )
    assert questions.view_of(question, questions.get_answer(question)).status == (
        questions.QuestionStatus.ANSWERED
    )
    questions.mark_incomplete(question, asker, "Et la nuit ?")  # a new version: allowed again


def test_the_public_still_replies_to_an_answered_question(setting, client, login_as):
    _debate, owner, member, _moderator, _asker, question = setting
    answer_and_publish(question, owner, member)
    html = client.get(f"/contributions/{question.id}").get_data(as_text=True)
    assert f"/contributions/{question.id}/reply" in html
    login_as(builders.make_user())
    response = post_form(
        client,
        f"/contributions/{question.id}/reply",
        {"relation": "nuances", "kind": "opinion", "body": "La réponse oublie les fériés."},
    )
    assert response.status_code == 302


def test_a_published_question_goes_to_the_owner_and_an_opinion_does_not(client, login_as):
    debate = builders.make_debate("tram")
    owner, _member, _moderator = staff(debate)
    login_as(builders.make_user())
    for kind, title in (("question", "Une question"), ("opinion", "Un avis")):
        post_form(
            client,
            "/debates/tram/contribute",
            {"kind": kind, "title": title, "body": "Texte.", "themes": [debate.themes[0].id]},
        )
    notes = db.session.scalars(
        db.select(Notification).where(Notification.user_id == owner.id)
    ).all()
    assert [n.kind for n in notes] == ["new_question"]
    assert "Une question" in notes[0].message
    item = db.session.get(type(notes[0].contribution), notes[0].contribution_id)
    assert item.kind == Kind.QUESTION
    assert questions.get_answer(item).state == AnswerState.SENT


def test_a_question_awaiting_moderation_is_not_sent_to_the_owner(client, login_as):
    debate = builders.make_debate("tram", moderation_mode=ModerationMode.A_PRIORI)
    owner, _member, _moderator = staff(debate)
    login_as(builders.make_user())
    post_form(
        client,
        "/debates/tram/contribute",
        {"kind": "question", "title": "Q", "body": "Texte.", "themes": [debate.themes[0].id]},
    )
    assert _kinds(owner) == []
    assert overview.list_questions(debate, overview.Ordering()).views == []
