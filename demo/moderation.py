"""Moderation at work in the demo debate: a tag vocabulary and a tagged corpus, flags,
masked contributions citing the charter (one of them contested), a redaction, offline
contributions with their meeting and attribution, and the journal all this leaves.

Registered in ``demo.cli.demo_loaders``; runs after ``demo.tram``; safe to run twice.
The texts are in ``demo/data/moderation.yaml``.
"""

from __future__ import annotations

from datetime import timedelta

from demo.content import load
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

DEMO_SLUG = load("tram")["debate"]["slug"]
TEXTS = load("moderation")
ARTICLES = TEXTS["articles"]
OPINION_PRO = tuple(TEXTS["opinion_words"]["pro"])
OPINION_CON = tuple(TEXTS["opinion_words"]["con"])


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
        for spec in TEXTS["offline_events"]:
            if item.title.startswith(spec["title_starts"]):
                event = spec["event"]
                item.event = event
                item.transcription = Transcription(spec["transcription"])
                item.occurred_on = item.created_at.date()
                item.attribution = spec.get("attribution") or default_attribution(
                    item.channel, event, item.occurred_on
                )
                break
    db.session.commit()


def _new_offline_entry(debate: Debate, moderator: User) -> None:
    workshop = TEXTS["workshop"]
    meeting = workshop["event"]
    theme_ids = [t.id for t in debate.themes if t.slug in set(workshop["themes"])]
    latest = db.session.scalar(db.select(db.func.max(Contribution.created_at)))
    when = latest - timedelta(days=workshop["days_before_latest"])
    for entry in workshop["entries"]:
        title, body, name = entry["title"], entry["body"], entry["attribution"]
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
    cases = TEXTS["cases"]
    people = {
        u.pseudonym: u
        for u in db.session.scalars(
            db.select(User).where(User.email.like("%@demo.palabre.example"))
        )
    }
    actors = {key: people.get(name) or participant for key, name in cases["people"].items()}
    actors["participant"] = participant
    first = _by_title(debate, cases["first"])
    trees = _by_title(debate, cases["trees"])
    if first is None or trees is None:
        return

    # An insult, masked (article 2); its author contests; the committee upholds.
    spec = cases["insult"]
    insult = _reply(first, actors["thibault"], spec["body"], Relation.OBJECTS)
    masking.mask(insult, moderator, spec["mask_reason"], ARTICLES["2"])
    contest = contests.file_contest(insult, actors["thibault"], spec["contest"])
    contests.answer_contest(contest, committee, ContestOutcome.UPHELD, spec["answer"])

    # Advertising, masked (article 5), not contested.
    spec = cases["advert"]
    advert = _reply(trees, actors["hugo"], spec["body"], Relation.NUANCES)
    masking.mask(advert, moderator, spec["mask_reason"], ARTICLES["5"])

    # A neighbour's name and phone number, redacted (article 3).
    spec = cases["neighbour"]
    neighbour = _reply(first, actors["gerard"], spec["body"], Relation.PROVIDES_SOURCE)
    redaction.redact(neighbour, moderator, spec["redacted"], spec["reason"], ARTICLES["3"])

    # Flags from participants: two open, one on a contribution that breaks no rule.
    for report in cases["reports"]:
        item = _by_title(debate, report["title_starts"])
        reporter = actors[report["by"]]
        if item is not None and item.status == Status.PUBLISHED and item.author_id != reporter.id:
            flags.flag(item, reporter, FlagReason(report["reason"]), report["note"])
    if flags.open_flags(first):
        flags.dismiss_flags(first, moderator, cases["dismissal"])

    # A question posted as an opinion, filed as a question for the project owner.
    asking = _by_title(debate, cases["refiled"]["title_starts"])
    if asking is not None and asking.status == Status.PUBLISHED and asking.kind == Kind.OPINION:
        filing.change_kind(asking, moderator, Kind.QUESTION, cases["refiled"]["reason"])


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
    for curation in TEXTS["curation"]:
        prefix, slug, note = curation["title_starts"], curation["tag"], curation["note"]
        item = _by_title(debate, prefix)
        if item is not None and slug in vocabulary:
            tags.attach(item, vocabulary[slug], committee, note)
