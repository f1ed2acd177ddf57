"""Moderation at work in the demo debate: a tag vocabulary and a tagged corpus, flags,
masked contributions citing the charter (one of them contested), a redaction, offline
contributions with their meeting and attribution, and the journal all this leaves.

Registered in ``app._demo_loaders``; runs after the forum's part; safe to run twice.
"""

from __future__ import annotations

from datetime import timedelta

from forum import contributions as forum_contributions
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Kind,
    Relation,
    Status,
    Transcription,
    User,
)
from moderation import contests, filing, flags, masking, offline, redaction, tags
from moderation.models import ContestOutcome, FlagReason, Tag
from moderation.offline import default_attribution

DEMO_SLUG = "tram-t2-saint-orens"
ARTICLE_2 = "Article 2 — Pas d'attaques personnelles"
ARTICLE_3 = "Article 3 — Données personnelles d'autrui"
ARTICLE_4 = "Article 4 — Rester dans le sujet"
ARTICLE_5 = "Article 5 — Pas de publicité ni de propagande"

# Offline contributions of the base demo: title prefix -> (event, transcription mode).
EVENTS = {
    "Atelier « Arbres": (
        "Atelier « Arbres, paysage et chaleur », maison de quartier des Tanneries",
        Transcription.SUMMARY,
    ),
    "Réunion d'ouverture": (
        "Réunion publique d'ouverture, Halle aux Grains",
        Transcription.SUMMARY,
    ),
    "Réunion de Saint-Orens": (
        "Réunion publique de Saint-Orens-les-Prés, espace Vaurèze",
        Transcription.SUMMARY,
    ),
    "Marché de Saint-Orens": (
        "Débat mobile au marché de Saint-Orens-les-Prés",
        Transcription.SUMMARY,
    ),
    "Débat mobile à l'hôpital": (
        "Débat mobile au centre hospitalier des Coteaux",
        Transcription.SUMMARY,
    ),
    "Registre de la mairie": (
        "Registre du débat, mairie de Saint-Orens-les-Prés",
        Transcription.VERBATIM,
    ),
    "Courrier d'une habitante": ("Courrier adressé à la commission", Transcription.VERBATIM),
    "Courriel de parents": ("Courriel adressé à la commission", Transcription.VERBATIM),
    "Atelier avec des lycéens": (
        "Atelier avec deux classes du lycée des Capucins",
        Transcription.SUMMARY,
    ),
    "Relevé sur les réseaux sociaux": (
        "Page de la commission sur les réseaux sociaux",
        Transcription.VERBATIM,
    ),
}
NAMED = {"Courriel de parents": "Association des parents d'élèves du lycée des Capucins"}

# Curation tags on a few contributions, by title prefix: (tag slug, note).
CURATION = (
    (
        "Débat mobile à l'hôpital",
        "weak-signal",
        "Seule mention des patients dialysés : absent du dossier.",
    ),
    (
        "Registre de la mairie",
        "weak-signal",
        "Inondation du passage des Moulins : entendu une seule fois, sur papier.",
    ),
    ("Courrier d'une habitante", "weak-signal", "Personne sans internet dépendante du bus 32."),
    ("Marché de Saint-Orens", "new-argument", "Station intermédiaire aux jardins familiaux."),
    ("Atelier avec des lycéens", "new-argument", "Sécurité à bord le soir : absente du dossier."),
    ("Réunion de Saint-Orens : qui paiera", "needs-answer", "Constats préalables aux travaux."),
    ("Réunion d'ouverture : « Où vont", "needs-answer", ""),
    (
        "Réunion de Saint-Orens : « La décision",
        "to-deepen",
        "Confiance dans le débat : à reprendre dans le compte rendu.",
    ),
)

OPINION_PRO = ("favorable", "je suis pour", "enfin", "indispensable", "liberté", "soutien")
OPINION_CON = ("contre", "opposé", "inutile", "gaspill", "trop cher", "trop tard", "alibi")


def _user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == email))


def _by_title(debate: Debate, prefix: str) -> Contribution | None:
    return db.session.scalar(
        db.select(Contribution)
        .where(Contribution.debate_id == debate.id, Contribution.title.startswith(prefix))
        .order_by(Contribution.id)
        .limit(1)
    )


def _argument_tag(item: Contribution) -> str | None:
    if item.status != Status.PUBLISHED:
        return None
    if item.kind == Kind.PROPOSAL:
        return "alternative"
    if item.kind == Kind.QUESTION or item.relation in (
        Relation.ASKS_CLARIFICATION,
        Relation.PROVIDES_SOURCE,
    ):
        return "question-of-fact"
    if item.relation == Relation.SUPPORTS:
        return "pro"
    if item.relation == Relation.OBJECTS:
        return "con"
    if item.channel != Channel.ONLINE:
        return "testimony"
    text = f"{item.title} {item.body_source}".lower()
    if any(word in text for word in OPINION_CON):
        return "con"
    if any(word in text for word in OPINION_PRO):
        return "pro"
    return "usage-expertise"


def load_moderation_demo() -> None:
    """Add moderation to the demo debate, unless it is already there."""
    debate = db.session.scalar(db.select(Debate).where(Debate.slug == DEMO_SLUG))
    if debate is None:
        return
    if db.session.scalar(db.select(Tag.id).where(Tag.debate_id == debate.id).limit(1)):
        return  # already loaded
    moderator = _user("moderation@palabre.example")
    committee = _user("commission@palabre.example")
    participant = _user("participant@palabre.example")
    if moderator is None or committee is None or participant is None:
        return

    _describe_offline_contributions(debate)
    tags.add_default_vocabulary(debate, moderator)
    vocabulary = {t.slug: t for t in tags.vocabulary(debate)}
    _new_offline_entry(debate, moderator)
    _moderation_cases(debate, moderator, committee, participant)
    _tag_corpus(debate, moderator, committee, vocabulary)


def _describe_offline_contributions(debate: Debate) -> None:
    """The base demo's transcriptions get their meeting, date and attribution."""
    items = db.session.scalars(
        db.select(Contribution).where(
            Contribution.debate_id == debate.id, Contribution.channel != Channel.ONLINE
        )
    )
    for item in items:
        for prefix, (event, mode) in EVENTS.items():
            if item.title.startswith(prefix):
                item.event = event
                item.transcription = mode
                item.occurred_on = item.created_at.date()
                item.attribution = NAMED.get(prefix) or default_attribution(
                    item.channel, event, item.occurred_on
                )
                break
    db.session.commit()


def _new_offline_entry(debate: Debate, moderator: User) -> None:
    meeting = "Atelier « Vélo et tram », maison des associations"
    theme_ids = [t.id for t in debate.themes if t.slug in {"intermodalite", "trace"}]
    when = db.session.scalar(db.select(db.func.max(Contribution.created_at))) - timedelta(days=4)
    for title, body, name in (
        (
            "Atelier vélo : des arceaux à chaque station, pas seulement au terminus",
            "Les participants ont demandé des arceaux abrités à chacune des huit stations, "
            "et un passage cyclable continu le long de la plateforme, y compris sur le pont "
            "des Arches.",
            "",
        ),
        (
            "Atelier vélo : une cycliste de la Garenne décrit son trajet quotidien",
            "« Je fais 9 km chaque matin par la rocade, faute de piste. Avec le tram, je "
            "laisserais mon vélo à la station des Prés-Verts si je savais qu'il y serait "
            "encore le soir. »",
            "Hélène R., cycliste de La Garenne",
        ),
    ):
        offline.enter_offline(
            debate,
            moderator,
            offline.OfflineContribution(
                channel=Channel.WORKSHOP,
                occurred_on=when.date(),
                event=meeting,
                kind=Kind.OPINION if name else Kind.PROPOSAL,
                title=title,
                body=body,
                transcription=Transcription.VERBATIM if name else Transcription.SUMMARY,
                theme_ids=theme_ids,
                attribution=name,
                named_with_consent=bool(name),
            ),
        )


def _reply(parent: Contribution, author: User, body: str, relation: Relation) -> Contribution:
    return forum_contributions.post_reply(
        parent, author, forum_contributions.NewReply(relation=relation, body=body)
    )


def _moderation_cases(debate: Debate, moderator: User, committee: User, participant: User) -> None:
    people = {
        u.pseudonym: u
        for u in db.session.scalars(
            db.select(User).where(User.email.like("%@demo.palabre.example"))
        )
    }
    thibault = people.get("Thibault R.") or participant
    hugo = people.get("Hugo_Coteaux") or participant
    gerard = people.get("Gérard du Faubourg") or participant
    first = _by_title(debate, "Enfin un tram pour Saint-Orens")
    trees = _by_title(debate, "Atelier « Arbres")
    if first is None or trees is None:
        return

    # An insult, masked (article 2); its author contests; the committee upholds.
    insult = _reply(
        first,
        thibault,
        "Ceux qui défendent ce tram sont des imbéciles qui n'ont jamais lu un budget.",
        Relation.OBJECTS,
    )
    masking.mask(
        insult,
        moderator,
        "Propos injurieux envers les autres participants ; l'argument sur le coût peut être "
        "reformulé sans insulte.",
        ARTICLE_2,
    )
    contest = contests.file_contest(
        insult,
        thibault,
        "Je voulais dire que le coût n'est pas assez discuté. Ce n'était pas une insulte.",
    )
    contests.answer_contest(
        contest,
        committee,
        ContestOutcome.UPHELD,
        "Le mot « imbéciles » vise des personnes, pas des idées. Vous pouvez publier votre "
        "argument sur le coût sans ce mot : il sera lu.",
    )

    # Advertising, masked (article 5), not contested.
    advert = _reply(
        trees,
        hugo,
        "Pour de l'ombre tout de suite, nos pergolas en aluminium sont en promotion ce mois-ci : "
        "devis gratuit sur notre site !",
        Relation.NUANCES,
    )
    masking.mask(advert, moderator, "Message publicitaire.", ARTICLE_5)

    # A neighbour's name and phone number, redacted (article 3).
    neighbour = _reply(
        first,
        gerard,
        "Mon voisin Paul Castel, qui a fait les travaux du tram de Montferrand, peut en "
        "témoigner : appelez-le au 06 41 22 87 13.",
        Relation.PROVIDES_SOURCE,
    )
    redaction.redact(
        neighbour,
        moderator,
        ["Paul Castel", "06 41 22 87 13"],
        "Nom et téléphone d'un tiers publiés sans son accord.",
        ARTICLE_3,
    )

    # Flags from participants: two open, one on a contribution that breaks no rule.
    reports = (
        ("Non : on nous a déjà fait le coup", participant, FlagReason.OTHER, "Ton très vif."),
        ("Encore des places de stationnement", participant, FlagReason.OFF_TOPIC, ""),
        (
            "Le parking du marché la nuit",
            hugo,
            FlagReason.ADVERTISING,
            "Parle d'un parking privé ?",
        ),
        ("Enfin un tram pour Saint-Orens", hugo, FlagReason.PERSONAL_ATTACK, ""),
    )
    for prefix, reporter, reason, note in reports:
        item = _by_title(debate, prefix)
        if item is not None and item.status == Status.PUBLISHED and item.author_id != reporter.id:
            flags.flag(item, reporter, reason, note)
    if flags.open_flags(first):
        flags.dismiss_flags(first, moderator, "Avis argumenté, dans le respect de la charte.")

    # A question posted as an opinion, filed as a question for the project owner.
    asking = _by_title(debate, "Les riverains de l'avenue")
    if asking is not None and asking.status == Status.PUBLISHED and asking.kind == Kind.OPINION:
        filing.change_kind(
            asking, moderator, Kind.QUESTION, "Demande une réponse du maître d'ouvrage."
        )


def _tag_corpus(
    debate: Debate, moderator: User, committee: User, vocabulary: dict[str, Tag]
) -> None:
    items = db.session.scalars(
        db.select(Contribution)
        .where(Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED)
        .order_by(Contribution.id)
    ).all()
    # Most of the corpus is classified; the newest few are left for the queue.
    for item in items[:-6]:
        slug = _argument_tag(item)
        if slug and slug in vocabulary:
            tags.attach(item, vocabulary[slug], moderator)
    for prefix, slug, note in CURATION:
        item = _by_title(debate, prefix)
        if item is not None and slug in vocabulary:
            tags.attach(item, vocabulary[slug], committee, note)
