"""Computing the candidates from the committee's page: now for an ordinary debate, in a
thread of the web process for a large one, with its state shown; no shell command shown."""

from __future__ import annotations

import time

from forum.extensions import db
from forum.models import Phase
from synthesis import weak_signal_runs
from synthesis.models import RunState, WeakSignalRun
from tests.builders_synthesis import make_world, plant, similar_corpus
from tests.conftest import login, post_form


def _run(debate) -> WeakSignalRun | None:
    db.session.expire_all()
    return db.session.scalar(db.select(WeakSignalRun).where(WeakSignalRun.debate_id == debate.id))


def test_the_button_computes_and_the_page_shows_when_and_no_shell_command(app, client):
    world = make_world(phase=Phase.CLOSED)
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)
    login(client, world.committee)
    page = f"/synthesis/{world.debate.slug}/weak-signals"
    before = client.get(page).get_data(as_text=True)
    assert "Pas encore calculé" in before or "Not computed yet" in before

    response = post_form(client, f"{page}/compute", {}, form_url=page)

    assert response.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert f"/weak-signals/{odd.id}" in html
    assert _run(world.debate).state == RunState.DONE
    assert "Dernier calcul le" in html or "Last computed on" in html
    assert "flask" not in html.lower()


def test_a_large_debate_is_computed_in_a_thread_with_its_progress_shown(app, client):
    app.config["PALABRE_WEAK_SIGNALS_BACKGROUND_FROM"] = 10
    world = make_world(phase=Phase.CLOSED)
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)
    login(client, world.committee)
    page = f"/synthesis/{world.debate.slug}/weak-signals"

    response = post_form(client, f"{page}/compute", {}, form_url=page)
    assert response.status_code == 302

    deadline = time.monotonic() + 120
    while _run(world.debate).state in (RunState.WAITING, RunState.RUNNING):
        assert time.monotonic() < deadline, "the candidates were not computed in two minutes"
        time.sleep(0.2)
    assert _run(world.debate).state == RunState.DONE
    assert f"/weak-signals/{odd.id}" in client.get(page).get_data(as_text=True)


def test_a_computation_waiting_or_running_shows_its_stage_and_is_not_asked_twice(app, client):
    world = make_world(phase=Phase.CLOSED)
    similar_corpus(world.debate, 30)
    login(client, world.committee)
    page = f"/synthesis/{world.debate.slug}/weak-signals"
    weak_signal_runs.request(world.debate, world.committee)

    waiting = client.get(page).get_data(as_text=True)
    assert "en attente de démarrage" in waiting
    assert "Calculer les candidats" not in waiting  # the button waits for the end

    response = post_form(client, f"{page}/compute", {}, form_url=page)
    assert response.status_code == 302
    assert "déjà en cours de calcul" in client.get(page).get_data(as_text=True)

    # A computer takes it, and another finds nothing left to take.
    assert weak_signal_runs.run(world.debate.id) is not None
    assert weak_signal_runs.run(world.debate.id) is None
    assert _run(world.debate).state == RunState.DONE


def test_the_command_speaks_the_sites_language_and_records_the_computation(app, runner):
    world = make_world()
    similar_corpus(world.debate, 30)
    odd = plant(world.debate)

    result = runner.invoke(args=["weak-signals", world.debate.slug])

    assert result.exit_code == 0, result.output
    assert f"#{odd.id} [Différente de toutes les autres contributions]" in result.output
    assert "candidat(s) en" in result.output
    assert _run(world.debate).state == RunState.DONE
    missing = runner.invoke(args=["weak-signals", "nope"])
    assert missing.exit_code != 0 and "Aucun débat" in missing.output
