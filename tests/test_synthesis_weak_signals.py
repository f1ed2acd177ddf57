"""Weak-signal candidates: what is proposed and why, what is not, and human decisions."""

from __future__ import annotations

import json
from datetime import timedelta

from forum.extensions import db
from forum.models import Channel, Kind, Phase, Relation, utcnow
from moderation.models import ContributionTag, JournalAction, Tag
from synthesis import weak_signals
from synthesis.models import WeakSignalCandidate
from tests import builders
from tests.builders_moderation import journal_rows
from tests.builders_synthesis import ODD_ECHOES, make_world, plant, similar_corpus
from tests.conftest import login, post_form


def _by_id(found):
    return {c.contribution_id: c for c in found}


def test_a_planted_odd_one_out_is_proposed_with_its_reason_and_the_common_ones_are_not(app):
    world = make_world()
    common = similar_corpus(world.debate, 30)
    odd = plant(world.debate)

    found = _by_id(weak_signals.weak_signal_candidates(world.debate))

    assert odd.id in found
    assert "unlike_others" in found[odd.id].kinds_of_reason
    reason = " ".join(found[odd.id].reasons)
    assert "No other contribution speaks of" in reason or "Aucune autre contribution" in reason
    assert "parking" in reason and "dialysés" in reason
    assert not {c.id for c in common} & set(found)


def test_a_rare_argument_made_by_three_people_in_their_own_words_is_still_rare(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    first = plant(world.debate)
    echoes = [plant(world.debate, body, title=f"Dialyse {n}") for n, body in enumerate(ODD_ECHOES)]

    found = _by_id(weak_signals.weak_signal_candidates(world.debate))

    assert first.id in found  # proposed once, with its earliest contribution…
    assert not {e.id for e in echoes} & set(found)
    reason = " ".join(found[first.id].reasons)
    assert all(f"#{e.id}" in reason for e in echoes)  # …naming the others


def test_a_stance_without_an_argument_is_never_proposed(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    stances = [
        plant(world.debate, "Je suis contre.", title="Contre"),
        plant(world.debate, "Bravo !", title="Bravo"),
        plant(world.debate, "Bravissimo, quelle magnificence !", title="Oh"),
    ]

    found = _by_id(weak_signals.weak_signal_candidates(world.debate))

    assert not {s.id for s in stances} & set(found)


def test_an_argument_heard_only_offline_says_where(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(world.debate, channel=Channel.PUBLIC_MEETING)

    found = _by_id(weak_signals.weak_signal_candidates(world.debate))

    assert set(found[odd.id].kinds_of_reason) >= {"unlike_others", "offline_only"}
    assert "Réunion publique de Saint-Orens" in " ".join(found[odd.id].reasons)


def test_unanswered_questions_lone_themes_and_unreplied_proposals(app):
    world = make_world()
    similar_corpus(world.debate, 40)
    late = utcnow() - timedelta(days=40)
    question = builders.make_contribution(
        world.debate,
        world.participant,
        kind=Kind.QUESTION,
        title="Combien de rames seront achetées pour la ligne prolongée ?",
        body="Combien de rames supplémentaires faudra-t-il acheter, et où seront-elles "
        "remisées la nuit, puisque le dépôt actuel est déjà plein ?",
        themes=[world.debate.themes[0]],
        created_at=late,
    )
    lone = builders.make_contribution(
        world.debate,
        world.participant,
        title="Les chauves-souris du pont",
        body="Une colonie de chauves-souris protégées vit sous le pont ; les travaux de nuit "
        "et l'éclairage la feraient partir.",
        themes=[world.debate.themes[2]],
    )
    proposal = builders.make_contribution(
        world.debate,
        world.participant,
        kind=Kind.PROPOSAL,
        title="Une navette fluviale",
        body="Pourquoi ne pas essayer une navette fluviale sur la Vaurèze entre le centre et "
        "Saint-Orens, avant de construire quoi que ce soit ?",
        themes=[world.debate.themes[1]],
    )

    found = _by_id(weak_signals.propose(world.debate, _analysis(world.debate)))

    assert "unanswered" in found[question.id].kinds_of_reason
    assert "single_theme" in found[lone.id].kinds_of_reason
    assert "no_reply" in found[proposal.id].kinds_of_reason
    builders.make_contribution(
        world.debate,
        world.committee,
        parent=proposal,
        relation=Relation.NUANCES,
        body="Le débit de la Vaurèze l'été ne le permettrait pas.",
    )
    again = _by_id(weak_signals.propose(world.debate, _analysis(world.debate)))
    assert "no_reply" not in again.get(proposal.id, weak_signals.Candidate(0)).kinds_of_reason


def _analysis(debate):
    from synthesis.corpus import analyse, load

    return analyse(load(debate))


def test_the_list_is_a_tenth_of_the_corpus_at_most(app):
    world = make_world()
    similar_corpus(world.debate, 20)
    for n in range(10):
        builders.make_contribution(
            world.debate,
            world.participant,
            kind=Kind.PROPOSAL,
            title=f"Proposition {n}",
            body=f"Proposition numéro {n} : planter des vergers partagés, installer des "
            f"fontaines, des bancs ombragés et des jeux d'eau place {n}.",
        )

    found = weak_signals.weak_signal_candidates(world.debate)

    assert 0 < len(found) <= 30 // 10


def test_a_dismissed_candidate_stays_dismissed_until_its_thread_changes(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)
    assert odd.id in _by_id(weak_signals.compute(world.debate))

    weak_signals.dismiss(world.debate, odd.id, world.moderator, "Déjà traité en réunion.")

    assert odd.id not in _by_id(weak_signals.compute(world.debate))
    assert odd.id not in _by_id(weak_signals.compute(world.debate))
    entry = journal_rows(JournalAction.DISMISS_CANDIDATE)[-1]
    assert (entry.contribution_id, entry.reason) == (odd.id, "Déjà traité en réunion.")

    builders.make_contribution(
        world.debate,
        world.participant,
        parent=odd,
        relation=Relation.SUPPORTS,
        body="Ma voisine est dans ce cas.",
    )
    assert odd.id in _by_id(weak_signals.compute(world.debate))


def test_confirming_tags_the_contribution_and_is_journaled(app):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)
    weak_signals.compute(world.debate)

    weak_signals.confirm(world.debate, odd.id, world.committee, "À citer.")

    tag = db.session.scalar(db.select(Tag).where(Tag.slug == "weak-signal"))
    link = db.session.get(ContributionTag, (odd.id, tag.id))
    assert link is not None and link.note == "À citer."
    assert journal_rows(JournalAction.TAG)[-1].contribution_id == odd.id
    assert odd.id not in _by_id(weak_signals.compute(world.debate))
    assert [c.id for c in weak_signals.confirmed_signals(world.debate)] == [odd.id]


def test_the_command_prints_json_with_reasons(app, runner):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)

    result = runner.invoke(args=["weak-signals", world.debate.slug, "--json"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    entry = next(e for e in data if e["contribution_id"] == odd.id)
    assert entry["kinds_of_reason"] == ["unlike_others"]
    assert entry["reasons"] and all(isinstance(r, str) for r in entry["reasons"])
    assert db.session.scalar(
        db.select(WeakSignalCandidate.id).where(WeakSignalCandidate.contribution_id == odd.id)
    )
    assert runner.invoke(args=["weak-signals", "nope"]).exit_code != 0


def test_the_workspace_button_computes_and_a_moderator_decides(app, client):
    world = make_world(phase=Phase.CLOSED)
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)
    login(client, world.moderator)
    page = f"/synthesis/{world.debate.slug}/weak-signals"

    response = post_form(client, f"{page}/compute", {}, form_url=page)
    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "dialysés" in html and f"/weak-signals/{odd.id}" in html

    response = post_form(
        client, f"{page}/{odd.id}", {"note": "Hors sujet.", "dismiss": "1"}, form_url=page
    )
    assert response.status_code == 302
    assert f"/weak-signals/{odd.id}" not in client.get(page).get_data(as_text=True)
