"""Stored HTML rendered again from its Markdown source, after the renderer changed.

Every ``…_html`` column is derived from a ``…_source`` column by ``forum.sanitize``; when
the renderer learns something new (bare addresses became links), the texts written before
keep their old HTML until they are rendered again. ``flask --app app render-texts`` does
it for every registered pair of columns; packages register their own next to their models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import click
from flask_babel import gettext as _

from forum.extensions import db
from forum.models import Contribution, Debate, Document
from forum.sanitize import render_markdown

BATCH = 500


@dataclass(frozen=True)
class Rendered:
    """A model whose ``html`` column is rendered from its ``source`` column."""

    model: type
    source: str
    html: str


RENDERED: list[Rendered] = []


def register_rendered(model: type, source: str, html: str) -> None:
    """Declare that ``model.html`` is ``render_markdown(model.source)``."""
    entry = Rendered(model, source, html)
    if entry not in RENDERED:
        RENDERED.append(entry)


register_rendered(Contribution, "body_source", "body_html")
register_rendered(Debate, "summary_source", "summary_html")
register_rendered(Debate, "easy_summary_source", "easy_summary_html")
register_rendered(Debate, "charter_source", "charter_html")
register_rendered(Document, "summary_source", "summary_html")


def rerender(entry: Rendered, progress: Callable[[int], None] | None = None) -> int:
    """Render every row of ``entry`` again, a batch per transaction; return how many
    changed. Only changed rows are written, so pages whose text is the same keep their
    render tokens (``forum.render_tokens``)."""
    model, changed, last = entry.model, 0, 0
    while True:
        rows = db.session.scalars(
            db.select(model).where(model.id > last).order_by(model.id).limit(BATCH)
        ).all()
        if not rows:
            return changed
        for row in rows:
            html = render_markdown(getattr(row, entry.source) or "")
            if html != getattr(row, entry.html):
                setattr(row, entry.html, html)
                changed += 1
        last = rows[-1].id
        db.session.commit()
        if progress is not None:
            progress(len(rows))


def rerender_all() -> dict[str, int]:
    """Every registered text rendered again: ``{"table.column": rows changed}``."""
    return {f"{entry.model.__tablename__}.{entry.html}": rerender(entry) for entry in RENDERED}


@click.command("render-texts")
def render_texts_command() -> None:
    """Render every stored text again from its Markdown (after an upgrade of the renderer)."""
    for column, changed in rerender_all().items():
        click.echo(_("%(column)s: %(n)d text(s) rendered again", column=column, n=changed))
