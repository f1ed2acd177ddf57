"""Read-only open-data API (JSON): debates and their published contributions.

Documented in docs/API.md. It returns no count of any kind (PRODUCT.md section 1).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, request, url_for

from forum import debates as debate_service
from forum.author_codes import author_code
from forum.contributions import public_contributions
from forum.errors import NotFound
from forum.extensions import db
from forum.models import Contribution, Debate, Phase, Status
from forum.sanitize import html_to_text
from forum.security import open_data_limit
from forum.visible_text import public_text

bp = Blueprint("api", __name__, url_prefix="/api/v1")

API_PAGE_SIZE = 100


def debate_json(debate: Debate) -> dict[str, Any]:
    return {
        "slug": debate.slug,
        "title": debate.title,
        "summary": html_to_text(debate.summary_html),
        "phase": debate.phase.value,
        "owner": debate.owner_name,
        "opens_on": debate.opens_on.isoformat() if debate.opens_on else None,
        "closes_on": debate.closes_on.isoformat() if debate.closes_on else None,
        "themes": [{"slug": t.slug, "name": t.name} for t in debate.themes],
        "url": url_for("forum.debate", slug=debate.slug, _external=True),
        "contributions_url": url_for("api.contributions", slug=debate.slug, _external=True),
    }


def contribution_json(item: Contribution) -> dict[str, Any]:
    text = public_text(item)  # the open data hold only words the public may read
    return {
        "id": item.id,
        "url": url_for("forum.contribution", contribution_id=item.id, _external=True),
        "kind": item.kind.value,
        "title": text.title,
        "body_text": html_to_text(text.body_html),
        "parent_id": item.parent_id,
        "relation": item.relation.value if item.relation else None,
        # The address of the source a "provides a source" reply points to.
        "source_url": item.source_url or None,
        "themes": [t.slug for t in item.themes],
        "channel": item.channel.value,
        "created_at": item.created_at.isoformat(timespec="seconds") + "Z",
        # Pseudonymised as in the open-data files (forum.author_codes), never the pseudonym.
        "author": author_code(item.debate_id, item.author_id),
        # Offline contributions: where and when they were made, as transcribed.
        "event": item.event or None,
        "occurred_on": item.occurred_on.isoformat() if item.occurred_on else None,
    }


@bp.get("/debates")
@open_data_limit()
def debates():
    """Every public debate (drafts excluded)."""
    rows = db.session.scalars(
        db.select(Debate).where(Debate.phase != Phase.DRAFT).order_by(Debate.id)
    )
    return {"debates": [debate_json(d) for d in rows]}


@bp.get("/debates/<slug>/contributions")
@open_data_limit()
def contributions(slug: str):
    """Published contributions of a debate, oldest first, ``?page=N`` (from 1)."""
    try:
        debate = debate_service.get_debate(slug, None)
    except NotFound:
        abort(404)
    raw_page = request.args.get("page", "1")
    # ASCII digits only: int() would also read "١٢" (Arabic-Indic) or "１" (full width).
    digits = raw_page.isascii() and raw_page.isdigit()
    page = int(raw_page) if digits and 0 < int(raw_page) < 10**7 else None
    if page is None:
        return {"error": "page must be a whole number from 1", "status": 400}, 400
    size = current_app.config.get("PALABRE_API_PAGE_SIZE", API_PAGE_SIZE)
    query = (
        public_contributions(debate)
        .where(Contribution.status == Status.PUBLISHED)
        .order_by(Contribution.created_at, Contribution.id)
        .offset((page - 1) * size)
        .limit(size + 1)
    )
    rows = list(db.session.scalars(query))
    more = len(rows) > size
    return {
        "debate": debate.slug,
        "page": page,
        "next": url_for("api.contributions", slug=slug, page=page + 1, _external=True)
        if more
        else None,
        "contributions": [contribution_json(c) for c in rows[:size]],
    }
