"""Builders for synthesis tests: a debate with its team, a corpus of similar contributions
with one odd one out, and a report ready to publish."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from forum.extensions import db
from forum.models import Channel, Contribution, Debate, Kind, Phase, Role, User
from tests import builders
from tests.builders_moderation import make_team

# Five ways of saying that the tram costs too much: any three of them make a contribution,
# so every such contribution has many close neighbours.
COST_SENTENCES = (
    "Le coût du tramway est trop élevé pour les finances de la métropole.",
    "Trois cents millions d'euros pour une ligne de tramway, c'est beaucoup trop cher.",
    "Les impôts locaux vont augmenter pour payer ce tramway hors de prix.",
    "La dette de la métropole va exploser avec un budget pareil pour le tramway.",
    "Un projet de tramway aussi coûteux n'est pas raisonnable pour nos finances.",
)
ODD_ONE_OUT = (
    "Le parking de l'hôpital des Coteaux disparaît dans le tracé : les patients dialysés, "
    "qui viennent trois fois par semaine en voiture depuis les hameaux, n'auront plus où "
    "se garer près du service de néphrologie."
)
# The same rare argument, in two other people's words.
ODD_ECHOES = (
    "Ma mère est dialysée à l'hôpital des Coteaux : sans le parking, comment fera-t-elle "
    "pour venir en voiture trois fois par semaine au service de néphrologie ?",
    "Pensez aux patients en dialyse : le parking de l'hôpital des Coteaux leur est "
    "indispensable, la néphrologie reçoit des gens des hameaux sans bus.",
)


@dataclass
class World:
    debate: Debate
    moderator: User
    committee: User
    owner: User
    participant: User
    admin: User
    other_committee: User  # committee member of another debate
    other_moderator: User


def make_world(slug: str = "tram", *, phase: Phase = Phase.OPEN) -> World:
    team = make_team(slug, phase=phase)
    other_committee = builders.make_user("Commission voisine")
    other = db.session.scalar(db.select(Debate).where(Debate.slug == f"{slug}-autre"))
    builders.grant(other_committee, other, Role.COMMITTEE)
    return World(
        team.debate,
        team.moderator,
        team.committee,
        team.owner,
        team.participant,
        team.admin,
        other_committee,
        team.other_moderator,
    )


def people(count: int) -> list[User]:
    return [builders.make_user() for _ in range(count)]


def similar_corpus(debate: Debate, count: int = 30, seed: int = 3) -> list[Contribution]:
    """``count`` contributions saying the tram costs too much, each in a mix of words."""
    rng = random.Random(seed)
    combos = list(itertools.combinations(range(len(COST_SENTENCES)), 3))
    authors = people(min(count, 12))
    made = []
    for n in range(count):
        chosen = combos[n % len(combos)]
        sentences = [COST_SENTENCES[i] for i in chosen]
        rng.shuffle(sentences)
        made.append(
            builders.make_contribution(
                debate,
                authors[n % len(authors)],
                title=f"Le coût du tramway, encore {n}",
                body=" ".join(sentences),
                themes=[debate.themes[0]],
            )
        )
    return made


def plant(
    debate: Debate,
    body: str = ODD_ONE_OUT,
    *,
    title: str = "Le parking de l'hôpital et les patients dialysés",
    channel: Channel = Channel.ONLINE,
    kind: Kind = Kind.OPINION,
) -> Contribution:
    item = builders.make_contribution(
        debate,
        builders.make_user(),
        title=title,
        body=body,
        themes=[debate.themes[0]],
        channel=channel,
        kind=kind,
    )
    if channel != Channel.ONLINE:
        item.event = "Réunion publique de Saint-Orens"
        db.session.commit()
    return item


def publish_report(client, slug: str):
    """Publish a report through its confirmation page, the warnings passed, then print its
    PDF at once: what the web process's thread does after the request."""
    from synthesis import publication
    from tests.conftest import post_form

    response = post_form(client, f"/synthesis/{slug}/report/publish", {"confirm": "y"})
    publication.render_waiting()
    return response
