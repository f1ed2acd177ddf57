"""The framework's floor for ``bench/load.py``: one row read, one tiny template rendered.

Registered only when ``PALABRE_BENCH_FLOOR=1`` (never in production): what any page costs
at least, measured in the same run as the real pages so that they can be compared to it.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from forum.extensions import db
from forum.models import Debate

bp = Blueprint("bench_floor", __name__)


@bp.get("/bench/floor/<int:debate_id>")
def floor(debate_id: int):
    debate = db.session.get(Debate, debate_id)
    if debate is None:
        abort(404)
    return render_template("bench/floor.html", title=debate.title)
