"""The demo's questions, answers, minutes and notifications (after ``demo.tram``).

Builds, on the demo debate: answered questions (one revised, one with an annex, one
answered late, one judged incomplete by the person who asked), an answer awaiting the
committee, one sent back, a draft, overdue and soon-due questions; the date, place and
transcribed contributions of the two public meetings (the documents' PDFs come from
``demo.document_pdfs``); a note of the committee;
notifications waiting for the demo accounts, and their e-mails in the outbox (when no SMTP
server is configured). Dates are relative to today. Safe to run twice. The texts are in
``demo/data/tram_questions.yaml``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app

from demo.content import load
from forum import mail
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Document,
    DocumentKind,
    Kind,
    Notification,
    OutgoingMail,
    Relation,
    Status,
    Theme,
    User,
    meeting_contributions,
    utcnow,
)
from forum.notifications import notify
from forum.sanitize import render_markdown
from forum.search import enqueue
from questions.models import (
    Answer,
    AnswerEvent,
    AnswerEventKind,
    AnswerState,
    AnswerVersion,
    IncompleteMark,
)

SLUG = load("tram")["debate"]["slug"]
OWNER = "maitre-ouvrage@palabre.example"
COMMITTEE = "commission@palabre.example"
PARTICIPANT = "participant@palabre.example"

TEXTS = load("tram_questions")
ANSWERS = TEXTS["answers"]
NOTICES = TEXTS["notifications"]


def _backdate(moment: datetime) -> None:
    """Give the notifications and mails just created the time of the event they tell."""
    for obj in db.session.new:
        if isinstance(obj, Notification | OutgoingMail) and obj.created_at is None:
            obj.created_at = moment
            if isinstance(obj, OutgoingMail):
                obj.not_before = moment


def _user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def _questions(debate: Debate) -> dict[str, Contribution]:
    """The demo's contributions by their key in ``tram_contributions.yaml``, found by title."""
    found = {}
    for spec in load("tram_contributions")["contributions"]:
        if spec["kind"] != "question" and spec["channel"] == "online":
            continue
        item = db.session.scalar(
            db.select(Contribution).where(
                Contribution.debate_id == debate.id, Contribution.title == spec["title"]
            )
        )
        if item is not None:
            found[spec["key"]] = item
    return found


class _Circuit:
    """Writes answers with the dates they would have had."""

    def __init__(self, debate: Debate, owner: User, committee: User, now: datetime) -> None:
        self.debate, self.owner, self.committee, self.now = debate, owner, committee, now

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def answer(self, question: Contribution, state: AnswerState, sent_days_ago: float) -> Answer:
        answer = Answer(
            question_id=question.id,
            state=state,
            sent_at=question.published_at or self.ago(sent_days_ago),
            drafted_by_id=self.owner.id,
        )
        db.session.add(answer)
        db.session.flush()
        return answer

    def event(
        self,
        answer: Answer,
        kind: AnswerEventKind,
        when: datetime,
        actor: User | None,
        comment: str = "",
    ) -> None:
        db.session.add(
            AnswerEvent(
                answer=answer,
                kind=kind,
                actor_id=actor.id if actor else None,
                comment=comment,
                created_at=when,
            )
        )

    def publish(
        self,
        question: Contribution,
        answer: Answer,
        body: str,
        days_ago: float,
        note: str = "",
        document: Document | None = None,
    ) -> AnswerVersion:
        when = self.ago(days_ago)
        self.event(answer, AnswerEventKind.SUBMITTED, when - timedelta(hours=20), self.owner)
        version = AnswerVersion(
            answer=answer,
            number=len(answer.versions) + 1,
            body_source=body,
            body_html=render_markdown(body),
            change_note=note,
            document_id=document.id if document else None,
            written_by_id=self.owner.id,
            validated_by_id=self.committee.id,
            published_at=when,
        )
        db.session.add(version)
        answer.draft_source, answer.draft_html = body, version.body_html
        answer.draft_document_id = version.document_id
        answer.drafted_at = when - timedelta(hours=20)
        answer.state = AnswerState.PUBLISHED
        answer.answered_at = answer.answered_at or when
        answer.reopened_at = None
        self.event(answer, AnswerEventKind.PUBLISHED, when, self.committee)
        db.session.flush()
        if question.author_id:
            revised = version.number > 1
            notify(
                question.author_id,
                "answer",
                NOTICES["revised" if revised else "answered"].format(title=question.title),
                contribution_id=question.id,
            )
            _backdate(when)
        return version

    def draft(self, answer: Answer, body: str, days_ago: float) -> None:
        answer.draft_source, answer.draft_html = body, render_markdown(body)
        answer.drafted_at = self.ago(days_ago)


def load_questions_demo() -> None:
    """Add the questions' part of the demo to the demo debate, unless it is there already."""
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == SLUG))
    owner, committee, participant = _user(OWNER), _user(COMMITTEE), _user(PARTICIPANT)
    if debate is None or owner is None or committee is None or participant is None:
        return None
    already = db.session.scalar(
        db.select(Answer.id)
        .join(Contribution, Contribution.id == Answer.question_id)
        .where(Contribution.debate_id == debate.id)
        .limit(1)
    )
    if already is not None:
        return None

    now = utcnow()
    today = date.today()
    found = _questions(debate)
    circuit = _Circuit(debate, owner, committee, now)
    _minutes(debate, found, today)
    annex = _annex(debate, owner, today)

    if "c11" in found:
        answer = circuit.answer(found["c11"], AnswerState.PUBLISHED, 36)
        circuit.publish(found["c11"], answer, ANSWERS["c11"], 27)
    if "c14" in found:
        answer = circuit.answer(found["c14"], AnswerState.PUBLISHED, 34)
        circuit.publish(found["c14"], answer, ANSWERS["c14_v1"], 26)
        circuit.publish(
            found["c14"],
            answer,
            ANSWERS["c14_v2"],
            10,
            note=TEXTS["revision_note"],
        )
    if "c26" in found:
        answer = circuit.answer(found["c26"], AnswerState.PUBLISHED, 31)
        circuit.publish(found["c26"], answer, ANSWERS["c26"], 20, document=annex)
    if "c75" in found:
        answer = circuit.answer(found["c75"], AnswerState.PUBLISHED, 33)
        circuit.publish(found["c75"], answer, ANSWERS["c75"], 21)
    if "c22" in found:  # answered after its deadline
        answer = circuit.answer(found["c22"], AnswerState.PUBLISHED, 27)
        circuit.publish(found["c22"], answer, ANSWERS["c22"], 8)
    if "c24" in found:  # judged incomplete by the person who asked
        question = found["c24"]
        answer = circuit.answer(question, AnswerState.PUBLISHED, 24)
        version = circuit.publish(question, answer, ANSWERS["c24"], 12)
        marked = circuit.ago(5)
        reason = TEXTS["incomplete_reason"]
        db.session.add(
            IncompleteMark(
                version=version, user_id=question.author_id, reason=reason, created_at=marked
            )
        )
        circuit.event(answer, AnswerEventKind.MARKED_INCOMPLETE, marked, question.author, reason)
        answer.reopened_at = marked
        answer.state = AnswerState.SENT
        notify(
            owner.id,
            "new_question",
            NOTICES["incomplete"].format(title=question.title, reason=reason),
            contribution_id=question.id,
        )
        _backdate(marked)
    if "c25" in found:  # submitted, awaiting the committee
        question = found["c25"]
        answer = circuit.answer(question, AnswerState.SUBMITTED, 22)
        circuit.draft(answer, ANSWERS["c25"], 3)
        circuit.event(answer, AnswerEventKind.SUBMITTED, circuit.ago(2), owner)
        notify(
            committee.id,
            "answer_submitted",
            NOTICES["submitted"].format(title=question.title),
            contribution_id=question.id,
        )
        _backdate(circuit.ago(2))
    if "c31" in found:  # sent back by the committee
        question = found["c31"]
        answer = circuit.answer(question, AnswerState.RETURNED, 20)
        circuit.draft(answer, ANSWERS["c31"], 6)
        circuit.event(answer, AnswerEventKind.SUBMITTED, circuit.ago(5), owner)
        comment = TEXTS["returned_comment"]
        circuit.event(answer, AnswerEventKind.RETURNED, circuit.ago(4), committee, comment)
        notify(
            owner.id,
            "answer_returned",
            NOTICES["returned"].format(title=question.title, comment=comment),
            contribution_id=question.id,
        )
        _backdate(circuit.ago(4))
    if "c95" in found:  # a draft in progress, due soon
        answer = circuit.answer(found["c95"], AnswerState.DRAFT, 12)
        circuit.draft(answer, ANSWERS["c95"], 1)
    for key in ("c81", "c82", "c83"):  # recent questions: the owner was told
        if key in found:
            question = found[key]
            circuit.answer(question, AnswerState.SENT, 0)
            notify(
                owner.id,
                "new_question",
                NOTICES["new_question"].format(title=question.title),
                contribution_id=question.id,
            )
            _backdate(question.published_at or now)

    _participant_thread(debate, circuit, participant, now)
    _note_of_the_committee(debate, committee, today)
    db.session.commit()
    if not current_app.config.get("PALABRE_SMTP_HOST"):
        mail.send_pending()  # the demo's e-mails, written to the outbox for all to see
    return None


def _minutes(debate: Debate, found: dict[str, Contribution], today: date) -> None:
    """Date, place, PDF and transcribed contributions of the two public meetings."""
    minutes = [d for d in debate.documents if d.kind == DocumentKind.MINUTES]
    for meeting in TEXTS["meetings"]:
        words, place = meeting["title_contains"], meeting["place"]
        days_ago, keys = meeting["days_ago"], meeting["contributions"]
        document = next((d for d in minutes if words in d.title), None)
        if document is None:
            continue
        document.meeting_on = today - timedelta(days=days_ago)
        document.meeting_place = place
        ids = [found[key].id for key in keys if key in found]
        if ids:
            db.session.execute(
                meeting_contributions.insert(),
                [{"document_id": document.id, "contribution_id": cid} for cid in ids],
            )


def _published_document(
    debate: Debate, kind: DocumentKind, spec: dict, uploader: User, today: date, summary: str = ""
) -> Document:
    """A public document from its spec (title, days_ago); its PDF comes from
    ``demo.document_pdfs``."""
    document = Document(
        debate_id=debate.id,
        kind=kind,
        title=spec["title"],
        summary_source=summary,
        summary_html=render_markdown(summary) if summary else "",
        published_on=today - timedelta(days=spec["days_ago"]),
        uploaded_by_id=uploader.id,
        public=True,
    )
    db.session.add(document)
    return document


def _annex(debate: Debate, owner: User, today: date) -> Document:
    annex = _published_document(debate, DocumentKind.ANSWER_ANNEX, TEXTS["annex"], owner, today)
    db.session.flush()
    return annex


def _note_of_the_committee(debate: Debate, committee: User, today: date) -> None:
    spec = TEXTS["committee_note"]
    _published_document(
        debate, DocumentKind.COMMITTEE_NOTES, spec, committee, today, summary=spec["text"]
    )


def _participant_thread(debate: Debate, circuit: _Circuit, participant: User, now) -> None:
    """Camille's question, answered, and a reply to it: two notifications waiting."""
    spec = TEXTS["participant_question"]
    theme = db.session.scalar(
        db.select(Theme).where(Theme.debate_id == debate.id, Theme.slug == spec["theme"])
    )
    asked = now - timedelta(days=spec["days_ago"])
    question = Contribution(
        debate_id=debate.id,
        author_id=participant.id,
        kind=Kind.QUESTION,
        title=spec["title"],
        body_source=spec["body"],
        body_html="",
        channel=Channel.ONLINE,
        status=Status.PUBLISHED,
        created_at=asked,
        updated_at=asked,
        published_at=asked,
        themes=[theme] if theme else [],
    )
    question.body_html = render_markdown(question.body_source)
    db.session.add(question)
    db.session.flush()
    question.root_id = question.id
    enqueue(question.id)
    reply_spec = spec["reply"]
    replier = _user(f"{reply_spec['author']}@demo.palabre.example")
    if replier is not None:
        replied = now - timedelta(days=reply_spec["days_ago"])
        body = reply_spec["body"]
        reply = Contribution(
            debate_id=debate.id,
            author_id=replier.id,
            kind=Kind.OPINION,
            title="",
            body_source=body,
            body_html=render_markdown(body),
            channel=Channel.ONLINE,
            status=Status.PUBLISHED,
            created_at=replied,
            updated_at=replied,
            published_at=replied,
            themes=list(question.themes),
            parent_id=question.id,
            root_id=question.id,
            depth=1,
            relation=Relation(reply_spec["relation"]),
        )
        db.session.add(reply)
        db.session.flush()
        enqueue(reply.id)
        notify(
            participant.id,
            "reply",
            NOTICES["reply"].format(author=replier.pseudonym, title=question.title),
            contribution_id=reply.id,
        )
        _backdate(replied)
    answer = circuit.answer(question, AnswerState.PUBLISHED, spec["days_ago"])
    circuit.publish(question, answer, ANSWERS[spec["answer"]], 6)
