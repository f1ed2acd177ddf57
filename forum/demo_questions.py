"""The demo's questions, answers, minutes and notifications (after ``forum.demo``).

Builds, on the demo debate: answered questions (one revised, one with an annex, one
answered late, one judged incomplete by the person who asked), an answer awaiting the
committee, one sent back, a draft, overdue and soon-due questions; the date, place, PDF
and transcribed contributions of the two public meetings; a note of the committee;
notifications waiting for the demo accounts, and their e-mails in the outbox (when no SMTP
server is configured). Dates are relative to today. Safe to run twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app

from forum import demo_content as content
from forum import documents, mail
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
    utcnow,
)
from forum.notifications import notify
from forum.question_models import (
    Answer,
    AnswerEvent,
    AnswerEventKind,
    AnswerState,
    AnswerVersion,
    IncompleteMark,
    meeting_contributions,
)
from forum.sanitize import render_markdown
from forum.search import enqueue

SLUG = content.DEBATE["slug"]
OWNER = "maitre-ouvrage@palabre.example"
COMMITTEE = "commission@palabre.example"
PARTICIPANT = "participant@palabre.example"

ANSWERS = {
    "c11": (
        "Le coût de 318 M€ HT comprend une **provision pour aléas de 12 %**, conformément"
        " aux recommandations de l'État pour les projets à ce stade d'étude. Le coût au "
        "kilomètre (46 M€, matériel roulant compris) est dans la moyenne des extensions "
        "de tramway récentes en France.\n\n"
        "Pour limiter le risque de dérapage, la Métropole s'engage à publier chaque "
        "année, si le projet est poursuivi, un état de l'avancement des dépenses, et à "
        "réunir un comité de suivi ouvert aux associations."
    ),
    "c14_v1": (
        "Les travaux sur l'avenue de la Libération dureraient **environ 26 mois**, en "
        "deux phases : déviation des réseaux (eau, gaz, électricité) pendant 10 mois, "
        "puis pose de la plateforme et des voies pendant 16 mois. L'accès aux logements "
        "et aux commerces sera maintenu pendant toute la durée du chantier."
    ),
    "c14_v2": (
        "Les travaux sur l'avenue de la Libération dureraient **environ 26 mois**, en "
        "deux phases : déviation des réseaux (eau, gaz, électricité) pendant 10 mois, "
        "puis pose de la plateforme et des voies pendant 16 mois. L'accès aux logements "
        "et aux commerces sera maintenu pendant toute la durée du chantier.\n\n"
        "**Précisions apportées depuis la première réponse.** L'étude de phasage découpe "
        "l'avenue en quatre sections d'environ 400 mètres ; chaque section ne serait en "
        "travaux lourds que 7 à 9 mois. Le tronçon entre la rue des Tanneurs et la place "
        "de la Halle serait traité en premier, hors période des fêtes de fin d'année."
    ),
    "c26": (
        "Le diagnostic préalable recense 286 platanes sur l'avenue de la Libération. Le "
        "tracé de référence en supprimerait **141**, dont 31 sont dépérissants. La "
        "Métropole s'engage à planter **deux arbres pour un arbre abattu**, d'essences "
        "variées et adaptées à la chaleur, le long de la ligne et dans les rues voisines.\n\n"
        "Le plan des plantations envisagées est joint à cette réponse. Il sera précisé "
        "dans l'étude d'impact."
    ),
    "c75": (
        "Le dossier prévoit la suppression de 380 places sur l'avenue. La Métropole "
        "étudie trois mesures : l'ouverture aux riverains, la nuit, du parking de la "
        "Halle (220 places), un tarif résident dans les rues voisines, et des places de "
        "livraison réservées aux commerçants. Une note détaillée sur le stationnement "
        "sera publiée avant la fin du débat, comme le maître d'ouvrage s'y est engagé "
        "lors de la réunion d'ouverture."
    ),
    "c22": (
        "Le plan de financement prévisionnel ne repose pas sur une hausse des tarifs : "
        "les recettes des voyageurs couvrent environ 30 % des dépenses de fonctionnement "
        "du réseau, et le prolongement serait financé par l'investissement de la "
        "Métropole, de l'État, de la Région et du Département. Les tarifs du réseau "
        "évoluent chaque année par délibération du conseil de la Métropole, "
        "indépendamment du projet."
    ),
    "c24": (
        "En semaine, le tram circulerait toutes les 6 minutes en heure de pointe, toutes "
        "les 10 minutes en journée et toutes les 15 minutes après 21 heures, jusqu'à 0 h "
        "30."
    ),
    "c25": (
        "Le premier départ de Saint-Orens est envisagé à 5 h 05 en semaine, pour une "
        "arrivée à Pont-Vieux à 5 h 29. Un départ plus matinal peut être étudié pour les "
        "relèves du centre hospitalier."
    ),
    "c31": ("Les rames et les quais disposeront d'annonces sonores et visuelles."),
    "c95": ("Les vélos seront admis dans les rames en dehors des heures de pointe."),
    "camille": (
        "Le parc relais du terminus serait **gratuit pour les abonnés** du réseau, sur "
        "présentation de leur carte, comme les trois parcs relais existants. Les autres "
        "usagers paieraient un forfait journalier incluant un aller-retour en tram."
    ),
}


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF written byte by byte (no library needed)."""

    def text(value: str) -> bytes:
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("cp1252", "replace")

    stream = b"BT /F1 16 Tf 56 780 Td (" + text(title) + b") Tj /F1 11 Tf"
    for line in lines:
        stream += b" 0 -22 Td (" + text(line) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _attach_pdf(document: Document, title: str, lines: list[str]) -> None:
    data = _pdf(title, lines)
    document.file_name = documents.store_bytes(data, "application/pdf")
    document.file_type = "application/pdf"
    document.file_size = len(data)


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
    """The demo's contributions by their key in ``demo_content``, found by their title."""
    found = {}
    for spec in content.CONTRIBUTIONS:
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
                (
                    "Le maître d'ouvrage a révisé la réponse à votre question"
                    if revised
                    else "Le maître d'ouvrage a répondu à votre question"
                )
                + f" « {question.title} ».",
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
            note="Calendrier détaillé par section, d'après l'étude de phasage.",
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
        reason = (
            "La réponse donne les fréquences en semaine, mais rien sur le dimanche "
            "matin, qui était le cœur de ma question."
        )
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
            f"La personne qui a posé la question « {question.title} » juge la réponse "
            f"incomplète : {reason}",
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
            f"Une réponse du maître d'ouvrage attend votre validation : « {question.title} ».",
            contribution_id=question.id,
        )
        _backdate(circuit.ago(2))
    if "c31" in found:  # sent back by the committee
        question = found["c31"]
        answer = circuit.answer(question, AnswerState.RETURNED, 20)
        circuit.draft(answer, ANSWERS["c31"], 6)
        circuit.event(answer, AnswerEventKind.SUBMITTED, circuit.ago(5), owner)
        comment = (
            "La réponse est trop brève : précisez le calendrier de mise en accessibilité "
            "des stations existantes de la ligne T2 et les dispositifs prévus pour les "
            "personnes sourdes et malentendantes."
        )
        circuit.event(answer, AnswerEventKind.RETURNED, circuit.ago(4), committee, comment)
        notify(
            owner.id,
            "answer_returned",
            f"La commission vous a renvoyé la réponse à « {question.title} » : {comment}",
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
                f"Une nouvelle question attend votre réponse : « {question.title} ».",
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
    meetings = (
        ("réunion publique d'ouverture", 33, "Halle aux Grains, Belcombe", ("c75", "c76")),
        ("Saint-Orens", 19, "Espace Vaurèze, Saint-Orens-les-Prés", ("c77", "c78", "c79")),
    )
    minutes = [d for d in debate.documents if d.kind == DocumentKind.MINUTES]
    for words, days_ago, place, keys in meetings:
        document = next((d for d in minutes if words in d.title), None)
        if document is None:
            continue
        document.meeting_on = today - timedelta(days=days_ago)
        document.meeting_place = place
        if not document.file_name:
            _attach_pdf(
                document,
                document.title,
                [
                    f"Réunion du {document.meeting_on:%d/%m/%Y} — {place}",
                    "Compte rendu établi par la commission particulière du débat public.",
                    "Document de démonstration de Palabre.",
                ],
            )
        ids = [found[key].id for key in keys if key in found]
        if ids:
            db.session.execute(
                meeting_contributions.insert(),
                [{"document_id": document.id, "contribution_id": cid} for cid in ids],
            )


def _annex(debate: Debate, owner: User, today: date) -> Document:
    annex = Document(
        debate_id=debate.id,
        kind=DocumentKind.ANSWER_ANNEX,
        title="Plan des plantations envisagées le long de la ligne",
        summary_source="",
        summary_html="",
        published_on=today - timedelta(days=20),
        uploaded_by_id=owner.id,
        public=True,
    )
    _attach_pdf(
        annex,
        annex.title,
        [
            "Avenue de la Libération : deux arbres plantés pour un arbre abattu.",
            "Document de démonstration de Palabre.",
        ],
    )
    db.session.add(annex)
    db.session.flush()
    return annex


def _note_of_the_committee(debate: Debate, committee: User, today: date) -> None:
    text = (
        "La commission rappelle que le maître d'ouvrage s'est engagé à répondre à chaque "
        "question dans un délai de quinze jours. Chaque réponse est relue par la commission "
        "avant publication ; une réponse jugée incomplète par la personne qui a posé la "
        "question lui est renvoyée."
    )
    note = Document(
        debate_id=debate.id,
        kind=DocumentKind.COMMITTEE_NOTES,
        title="Note de la commission sur les réponses du maître d'ouvrage",
        summary_source=text,
        summary_html=render_markdown(text),
        published_on=today - timedelta(days=14),
        uploaded_by_id=committee.id,
        public=True,
    )
    _attach_pdf(note, note.title, ["Document de démonstration de Palabre."])
    db.session.add(note)


def _participant_thread(debate: Debate, circuit: _Circuit, participant: User, now) -> None:
    """Camille's question, answered, and a reply to it: two notifications waiting."""
    theme = db.session.scalar(
        db.select(Theme).where(Theme.debate_id == debate.id, Theme.slug == "intermodalite")
    )
    asked = now - timedelta(days=18)
    question = Contribution(
        debate_id=debate.id,
        author_id=participant.id,
        kind=Kind.QUESTION,
        title="Le parc relais du terminus sera-t-il gratuit pour les abonnés ?",
        body_source=(
            "Je viens de Castelbrun en voiture et je prendrais volontiers le tram à "
            "Saint-Orens. Le parc relais sera-t-il gratuit pour les abonnés, comme "
            "ceux de la ligne T1 ?"
        ),
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
    lea = _user("lea@demo.palabre.example")
    if lea is not None:
        replied = now - timedelta(days=16)
        body = (
            "Bonne question. À Pont-Vieux, le parc relais est plein dès 8 heures : "
            "il faudrait aussi savoir combien de places sont prévues à Saint-Orens."
        )
        reply = Contribution(
            debate_id=debate.id,
            author_id=lea.id,
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
            relation=Relation.NUANCES,
        )
        db.session.add(reply)
        db.session.flush()
        enqueue(reply.id)
        notify(
            participant.id,
            "reply",
            f"Léa S. a répondu à votre contribution « {question.title} ».",
            contribution_id=reply.id,
        )
        _backdate(replied)
    answer = circuit.answer(question, AnswerState.PUBLISHED, 18)
    circuit.publish(question, answer, ANSWERS["camille"], 6)
