"""Computing a debate's weak-signal candidates from the committee's page.

A debate of a few thousand contributions is computed within the request. A larger one is
computed by a thread of the web process after the request (``forum.background``), as a
report's PDF is printed: the page shows the computation's state — waiting, running with
its stage and percentage, done or failed — and the time of the last one. ``flask
weak-signals`` computes the same way, in the foreground, for cron or an operator.

One row per debate (``WeakSignalRun``) holds the state. Whoever computes claims it first
with one UPDATE (waiting, or running but abandoned for ``CLAIM_MINUTES``), so that the
thread, another worker and the command never compute the same debate at once.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from forum import background
from forum.errors import InvalidInput
from forum.extensions import db
from forum.models import Contribution, Debate, Status, User, utcnow
from moderation.rules import require_staff
from synthesis import weak_signals
from synthesis.models import RunState, WeakSignalRun

# From this many published contributions, the page computes in the background.
BACKGROUND_FROM = 2000
# A computation claimed longer ago than this was abandoned (its worker was killed).
CLAIM_MINUTES = 30
# The stages of a computation, and how far along each one starts.
STAGES = {
    "read": (5, _l("reading the contributions")),
    "vectorise": (20, _l("cleaning and analysing the words")),
    "compare": (45, _l("comparing every contribution with every other")),
    "propose": (80, _l("writing the reasons")),
    "write": (95, _l("keeping the candidates")),
}


def latest(debate: Debate) -> WeakSignalRun | None:
    return db.session.scalar(db.select(WeakSignalRun).where(WeakSignalRun.debate_id == debate.id))


def stage_label(run: WeakSignalRun) -> str:
    return str(STAGES[run.stage][1]) if run.stage in STAGES else ""


def in_background(debate: Debate) -> bool:
    """Whether the page computes this debate's candidates after the request."""
    size = db.session.scalar(
        db.select(db.func.count(Contribution.id)).where(
            Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED
        )
    )
    return size >= current_app.config.get("PALABRE_WEAK_SIGNALS_BACKGROUND_FROM", BACKGROUND_FROM)


def _abandoned_before() -> datetime:
    return utcnow() - timedelta(minutes=CLAIM_MINUTES)


def request(debate: Debate, actor: User | None) -> WeakSignalRun:
    """Ask for a computation (``InvalidInput`` while one is under way)."""
    if actor is not None:
        require_staff(actor, debate)
    run = latest(debate)
    if run is None:
        run = WeakSignalRun(debate_id=debate.id, state=RunState.WAITING)
        db.session.add(run)
    elif run.state in (RunState.WAITING, RunState.RUNNING) and (
        run.started_at is None or run.started_at >= _abandoned_before()
    ):
        raise InvalidInput(_("The candidates are already being computed."))
    run.state, run.stage, run.percent, run.error = RunState.WAITING, "", 0, ""
    run.claim, run.started_at, run.finished_at = None, None, None
    run.requested_at = utcnow()
    run.requested_by_id = actor.id if actor is not None else None
    db.session.commit()
    return run


def _claim(debate_id: int) -> str | None:
    """Take the waiting computation of a debate: one UPDATE, so only one computer gets it."""
    claim = secrets.token_hex(16)
    now = utcnow()
    taken = db.session.execute(
        db.update(WeakSignalRun)
        .where(
            WeakSignalRun.debate_id == debate_id,
            or_(
                WeakSignalRun.state == RunState.WAITING,
                (WeakSignalRun.state == RunState.RUNNING)
                & (WeakSignalRun.started_at < _abandoned_before()),
            ),
        )
        .values(state=RunState.RUNNING, claim=claim, started_at=now, stage="", percent=0)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claim if taken == 1 else None


def _record(debate_id: int, held: str, **values: object) -> None:
    """Write on the row, if the computation still holds it."""
    db.session.execute(
        db.update(WeakSignalRun)
        .where(WeakSignalRun.debate_id == debate_id, WeakSignalRun.claim == held)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def run(debate_id: int, *, parallel: bool = False) -> list[weak_signals.Candidate] | None:
    """Compute the waiting candidates of a debate and record how it went; None when
    another computer has it, or nothing waits."""
    claim = _claim(debate_id)
    if claim is None:
        return None

    def progress(stage: str) -> None:
        _record(debate_id, claim, stage=stage, percent=STAGES[stage][0])

    try:
        debate = db.session.get(Debate, debate_id)
        found = weak_signals.compute(debate, parallel=parallel, progress=progress)
    except Exception as error:  # anything computing raises: shown on the page, asked again
        db.session.rollback()
        current_app.logger.exception("computing the weak signals of debate %s failed", debate_id)
        _record(
            debate_id,
            claim,
            state=RunState.FAILED,
            error=f"{type(error).__name__}: {error}"[:1000],
            finished_at=utcnow(),
            claim=None,
        )
        return None
    _record(
        debate_id,
        claim,
        state=RunState.DONE,
        stage="",
        percent=100,
        finished_at=utcnow(),
        claim=None,
    )
    return found


def start(debate: Debate, actor: User) -> tuple[WeakSignalRun, threading.Thread | None]:
    """Compute from the page: within the request for a debate of ordinary size, else in a
    thread started now (the row says how far it is)."""
    found = request(debate, actor)
    if not in_background(debate):
        run(debate.id)
        db.session.refresh(found)
        return found, None
    thread = background.start(f"weak-signals-{debate.id}", run, debate.id)
    return found, thread


def outcome_message(run: WeakSignalRun, in_background: bool) -> str:
    """What the committee is told once it asked for a computation."""
    if in_background:
        return _(
            "The candidates are being computed in the background: this page shows how far "
            "along it is."
        )
    if run.state == RunState.FAILED:
        return _("The candidates could not be computed: %(error)s", error=run.error)
    return _("The candidates are computed again.")
