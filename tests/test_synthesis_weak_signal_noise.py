"""Weak signals read only what a person said, threads as context, rare pairs kept together.

Each test builds a small corpus: a common argument in many paraphrases (the tram costs too
much), a rare one planted, and contributions that say the common argument with noise
around it. Compared as stored, the noise made them look unlike everything else.
"""

from __future__ import annotations

import re

from forum.extensions import db
from forum.models import Channel, Relation, Transcription
from moderation.redaction import redact
from synthesis import weak_signals
from synthesis.corpus import analyse, load
from synthesis.own_words import words_of
from tests import builders
from tests.builders_synthesis import COST_SENTENCES, make_world, plant, similar_corpus


def _candidates(debate):
    return {c.contribution_id: c for c in weak_signals.weak_signal_candidates(debate)}


def _common_with(debate, noise: str, *, title: str = "Le coût du tramway"):
    """The common argument, in its usual words, with ``noise`` around it."""
    return builders.make_contribution(
        debate,
        builders.make_user(),
        title=title,
        body=f"{COST_SENTENCES[0]}\n\n{noise}",
        themes=[debate.themes[0]],
    )


def _shown_words(reasons: list[str]) -> set[str]:
    return {w.lower() for reason in reasons for w in re.findall(r"“([^”]+)”", reason)}


def test_redaction_notices_in_either_language_never_make_a_candidate(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)
    redacted = _common_with(
        world.debate,
        "Zébulon Craquelin et Hortense Vermillon le disent, demandez à Zébulon Craquelin, "
        "à Hortense Vermillon, à Zébulon Craquelin, à Hortense Vermillon.",
    )
    redact(
        redacted,
        world.moderator,
        ["Zébulon Craquelin", "Hortense Vermillon"],
        "Noms de tiers.",
    )
    # A text redacted while the site spoke English keeps the English notice.
    english = _common_with(world.debate, " ".join(["\\[redacted by moderation\\]"] * 6))

    found = _candidates(world.debate)

    assert "retiré par la modération" in db.session.get(type(redacted), redacted.id).body_source
    assert odd.id in found
    assert redacted.id not in found and english.id not in found


def test_a_transcription_header_framing_and_attribution_never_make_a_candidate(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    transcribed = builders.make_contribution(
        world.debate,
        world.moderator,
        title="Relevé sur les réseaux sociaux",
        body=(
            "*Message publié en réponse à une publication de la commission sur les réseaux "
            "sociaux, transcrit avec l'accord de son auteur, abonné de longue date.*\n\n"
            "Une habitante rencontrée au stand du marché forain a formulé l'avis suivant, "
            "rapporté en fin de matinée par l'équipe :\n\n"
            f"> {COST_SENTENCES[1]} {COST_SENTENCES[2]}"
        ),
        channel=Channel.SOCIAL_NETWORK,
        themes=[world.debate.themes[0]],
    )
    transcribed.event = "Page de la commission"
    transcribed.attribution = "Auteur d'un message sur un réseau social, le 3 novembre"
    transcribed.transcription = Transcription.VERBATIM
    db.session.commit()

    found = _candidates(world.debate)

    assert transcribed.id not in found


def test_text_quoted_from_the_parent_is_not_the_replys_own(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)
    sentences = odd.body_source.split(" : ")
    reply = builders.make_contribution(
        world.debate,
        builders.make_user(),
        parent=odd,
        relation=Relation.OBJECTS,
        title="Le vrai sujet reste le coût",
        body=(
            f"> {odd.body_source}\n\n{COST_SENTENCES[0]} Vous écrivez que "
            f"{sentences[1]} {COST_SENTENCES[4]}"
        ),
    )

    found = _candidates(world.debate)

    assert odd.id in found and reply.id not in found
    # The reply copies the rare argument's words: it does not make the argument again.
    assert f"#{reply.id}" not in " ".join(found[odd.id].reasons)


def test_links_and_email_addresses_never_make_a_candidate_and_a_domain_is_a_source(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    linked = _common_with(
        world.debate,
        "Voir https://www.observatoire-exemple.org/ressources/etudes-mobilite/rapport-final"
        "-annexes-techniques-grenoble-strasbourg et [la synthèse](https://exemple.fr/"
        "documents/benchmark-tramways-europeens-bordeaux-montpellier), ou écrire à "
        "collectif.riverains-vigilants@association-exemple.fr.",
    )
    odd = plant(
        world.debate,
        "Le parking de l'hôpital des Coteaux disparaît dans le tracé : les patients "
        "dialysés n'auront plus où se garer près du service de néphrologie (voir "
        "https://sante-exemple.org/parkings/hopitaux-coteaux-plan).",
    )

    found = _candidates(world.debate)

    assert linked.id not in found
    reasons = " ".join(found[odd.id].reasons)
    assert "sante-exemple.org" in reasons
    assert not {"parkings", "hopitaux", "plan"} & _shown_words(found[odd.id].reasons)


def test_numbers_and_dates_alone_never_make_a_candidate(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    numbered = [
        _common_with(
            world.debate,
            "Le 12 mars 2025, 2 400 voyageurs, 18h30, 06 41 22 87 13, 12/03/2025, 2031, "
            "3e, 1er juin 2026, 45 %, 25-50, 300 000 000, 2009.",
        ),
        # Numbers and a stance: nothing argued.
        builders.make_contribution(
            world.debate,
            builders.make_user(),
            title="Contre",
            body="Je suis contre : 2032, 1 750, 7h15, 04/11/2024, 60 %, 3 avril 2027, 940.",
        ),
    ]

    found = _candidates(world.debate)

    assert not {item.id for item in numbered} & set(found)


def test_pseudonyms_and_names_of_people_never_make_a_candidate(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    named = [
        builders.make_user(p)
        for p in (
            "Zéphyrine Barbenoire",
            "Grégoire_31",
            "Anatolie",
            "Philomène Courtepaille",
            "Barnabé_du_Lac",
            "Eulalie Tournesol",
            "Firmin Gribouille",
        )
    ]
    for person in named:
        builders.make_contribution(
            world.debate, person, title="Le coût", body=" ".join(COST_SENTENCES[1:4])
        )
    naming = [
        _common_with(
            world.debate,
            "Comme l'écrivent Zéphyrine Barbenoire, Grégoire_31 et Anatolie, et comme le "
            "rappelle @Anatolie : Barbenoire, Zéphyrine, Grégoire_31, Anatolie.",
        ),
        # Names and a stance: nothing argued.
        builders.make_contribution(
            world.debate,
            builders.make_user(),
            title="Bravo",
            body="Bravo à Philomène Courtepaille, à @Barnabé_du_Lac, à Eulalie Tournesol et "
            "à Firmin Gribouille, d'accord avec Philomène et Eulalie !",
        ),
    ]

    found = _candidates(world.debate)

    assert not {item.id for item in naming} & set(found)


def test_every_word_a_reason_shows_is_the_contributors_own(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(
        world.debate,
        "Le parking de l'hôpital des Coteaux disparaît \\[retiré par la modération\\] : "
        "les patients dialysés de Zébulon42 n'auront plus où se garer près de la "
        "néphrologie, écrit-il le 4 mai 2026 (https://exemple.org/modération/ressources).",
    )
    builders.make_contribution(
        world.debate, builders.make_user("Zébulon42"), title="Le coût", body=COST_SENTENCES[2]
    )
    analysis = analyse(load(world.debate))

    found = _candidates(world.debate)

    own = analysis.own[analysis.corpus.index[odd.id]]
    shown = _shown_words(found[odd.id].reasons)
    assert shown and shown <= words_of(own)
    assert not {"modération", "ressources", "retiré", "zébulon42"} & words_of(own)


def test_a_reply_pursuing_its_threads_subject_is_not_unlike_every_other(app):
    world = make_world()
    common = similar_corpus(world.debate, 30)
    # Answers a common contribution (on the debt the tram makes) on its subject, in other
    # words: only "métropole" and a synonym of the debate vocabulary are shared.
    assert COST_SENTENCES[3] in common[1].body_source
    on_cost = builders.make_contribution(
        world.debate,
        builders.make_user(),
        parent=common[1],
        relation=Relation.NUANCES,
        title="Et les intérêts de l'emprunt ?",
        body="Et qui remboursera les intérêts de l'emprunt pendant trente ans ? Nos enfants "
        "hériteront des échéances, avec une métropole qui s'endette déjà pour la piscine.",
    )
    # Answers a rare contribution, on its subject: the rare one is proposed, not the reply.
    rare = plant(
        world.debate,
        "Les rames passeront sous les fenêtres de la maison de retraite des Glycines : les "
        "résidents, qui dorment mal, seront réveillés à chaque passage dès cinq heures.",
        title="La maison de retraite des Glycines",
    )
    on_rare = builders.make_contribution(
        world.debate,
        builders.make_user(),
        parent=rare,
        relation=Relation.NUANCES,
        title="Les soignants aussi",
        body="Et les aides-soignantes de nuit des Glycines, qui se reposent l'après-midi "
        "entre deux gardes, elles aussi auront besoin de calme pour récupérer.",
    )

    found = _candidates(world.debate)

    assert on_cost.id not in found and on_rare.id not in found
    assert rare.id in found


def test_a_reply_bringing_a_subject_nobody_raised_is_proposed(app):
    world = make_world()
    common = similar_corpus(world.debate, 30)
    reply = builders.make_contribution(
        world.debate,
        builders.make_user(),
        parent=common[0],
        relation=Relation.NUANCES,
        title="Les chauves-souris des piles",
        body="Une colonie de chauves-souris protégées hiberne dans les piles de la passerelle "
        "des Arches ; des travaux d'hiver détruiraient leurs gîtes, un inventaire est requis.",
    )

    found = _candidates(world.debate)

    assert "unlike_others" in found[reply.id].kinds_of_reason


def test_a_pair_saying_the_same_in_different_words_is_proposed_once_naming_the_other(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    first = plant(
        world.debate,
        "Les personnes en fauteuil roulant ne pourront pas monter dans les rames si les "
        "quais ne sont pas exactement au niveau du plancher : une marche suffit à bloquer.",
        title="Fauteuil roulant et quais",
    )
    second = plant(
        world.debate,
        "Pour les PMR, il faut des accès de plain-pied et des rampes douces aux stations : "
        "sinon une personne à mobilité réduite restera sur le trottoir.",
        title="Accès de plain-pied",
    )

    found = _candidates(world.debate)

    assert first.id in found and second.id not in found
    assert f"#{second.id}" in " ".join(found[first.id].reasons)
