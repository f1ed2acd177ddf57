"""``/healthz``: may a load balancer send this server traffic?

It checks the database (a trivial query on a real table) and the search index (see
``forum.search.health``) and answers 200 with ``{"status": "ok", ...}``, or 503 with what
failed. It is cheap, sets no cookie, loads no user and is never rate limited.
"""

from __future__ import annotations

import time

from flask import Blueprint, current_app, jsonify
from sqlalchemy import select, text

from forum.extensions import db, limiter
from forum.models import Debate
from forum.search.health import index_health

bp = Blueprint("health", __name__)


def _database() -> dict:
    started = time.perf_counter()
    try:
        db.session.execute(text("SELECT 1")).all()
        db.session.execute(select(Debate.id).limit(1)).all()
    except Exception as error:  # whatever the driver raises, the database is unusable
        db.session.rollback()
        return {"ok": False, "error": f"{type(error).__name__}: {_first_line(error)}"}
    return {"ok": True, "seconds": round(time.perf_counter() - started, 4)}


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else ""


@bp.get("/healthz")
@limiter.exempt
def healthz():
    checks: dict = {"database": _database()}
    if checks["database"]["ok"]:
        lag = float(current_app.config.get("PALABRE_HEALTH_MAX_INDEX_LAG") or 0)
        found = index_health(lag)
        checks["index"] = {"ok": found.ok, "backend": found.backend, **found.details}
        if found.problem:
            checks["index"]["error"] = found.problem.splitlines()[0]
    else:
        checks["index"] = {"ok": False, "error": "not checked: the database is unusable"}
    healthy = all(check["ok"] for check in checks.values())
    db.session.rollback()
    response = jsonify({"status": "ok" if healthy else "unavailable", **checks})
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
