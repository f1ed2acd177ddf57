"""The phases of a debate, run by its committee: where the debate stands and its next step,
and one confirmation page per step saying in plain words what it will do
(``moderation.lifecycle`` does it)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from forum.errors import InvalidInput
from forum.models import Debate, Phase
from forum.web import COMMITTEE, requires_debate_role
from forum.when import site_today
from moderation import lifecycle
from moderation.forms import PhaseForm
from moderation.web import submit
from questions.circuit import QuestionStatus
from questions.overview import pending_views

bp = Blueprint("phases", __name__)


def _refusal(debate: Debate, target: Phase) -> str | None:
    """Why the step to ``target`` cannot be taken from the debate's phase, if it cannot."""
    try:
        lifecycle.check_step(debate, target)
    except InvalidInput as error:
        return error.message
    return None


@bp.get("/manage/<slug>/phase")
@requires_debate_role(*COMMITTEE)
def phase_page(debate: Debate):
    """Where the debate stands, what comes next, and a warning if its closing date passed."""
    return render_template(
        "moderation/console/phase.html",
        debate=debate,
        next_phase=lifecycle.next_phase(debate),
        past_closing=lifecycle.is_past_closing(debate),
    )


def _step(debate: Debate, target: Phase, template: str, context: Callable[[], dict]):
    """A confirmation page: GET says what the step will do (``context`` adds what the
    page lists); POST with the box ticked takes it and goes back to the phase page."""
    form = PhaseForm()
    take = lifecycle.open_debate if target == Phase.OPEN else lifecycle.close_debate
    response, status = submit(
        form,
        lambda: take(debate, current_user),
        lambda change: " ".join(change.messages()),
        url_for("phases.phase_page", slug=debate.slug),
    )
    if response is not None:
        return response
    return render_template(
        template,
        debate=debate,
        form=form,
        today=site_today(),
        refusal=_refusal(debate, target),
        **context(),
    ), status


@bp.route("/manage/<slug>/phase/open", methods=["GET", "POST"])
@requires_debate_role(*COMMITTEE)
def open_page(debate: Debate):
    """Open the debate, after saying what opening does, or everything that stops it."""
    return _step(
        debate,
        Phase.OPEN,
        "moderation/console/phase_open.html",
        lambda: {"missing": lifecycle.missing_to_open(debate)},
    )


@bp.route("/manage/<slug>/phase/close", methods=["GET", "POST"])
@requires_debate_role(*COMMITTEE)
def close_page(debate: Debate):
    """Close the debate, after saying what closing does and which questions wait: they
    stay answerable."""
    return _step(
        debate,
        Phase.CLOSED,
        "moderation/console/phase_close.html",
        lambda: {
            "waiting": [v for v in pending_views(debate) if v.status != QuestionStatus.ANSWERED]
        },
    )
