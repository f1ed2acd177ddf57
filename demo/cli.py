"""``flask --app app demo [--size N] [--reindex]``: the demo debates, or a synthetic one."""

from __future__ import annotations

import click
from flask_babel import gettext as _
from flask_migrate import upgrade

from forum.extensions import db
from forum.models import Debate


def reindex_demo() -> None:
    """Demo loader (the last): rebuild the search index from the demo data."""
    from forum.search.service import reindex

    reindex()


def demo_loaders():
    """Each part of the demo, in dependency order (the open debate first)."""
    from demo.cycling import load_synthesis_demo
    from demo.document_pdfs import load_document_pdfs
    from demo.moderation import load_moderation_demo
    from demo.photos import load_photos_demo
    from demo.questions import load_questions_demo
    from demo.tram import load_demo

    # The search index is rebuilt last, once every package's demo data is in.
    return [
        load_demo,
        load_photos_demo,
        load_moderation_demo,
        load_questions_demo,
        load_synthesis_demo,
        load_document_pdfs,  # every document of the demo gets its PDF
        reindex_demo,
    ]


@click.command("demo")
@click.option("--size", type=click.IntRange(min=1), help="A synthetic debate of N contributions.")
@click.option("--reindex", is_flag=True, help="With --size: rebuild the search index after.")
def demo_command(size: int | None, reindex: bool) -> None:
    """Apply migrations and create the demo debate (safe to run twice).

    ``--size N`` creates instead a national-size synthetic debate (``demo.synthetic``).
    """
    upgrade()
    if size is not None:
        _synthetic_demo(size, reindex)
        return
    lines: list[str] = []
    for loader in demo_loaders():
        lines = loader() or lines
    click.echo("")
    click.echo(_("Palabre demo — accounts (e-mail / password):"))
    for line in lines:
        click.echo(f"  {line}")


def _synthetic_demo(size: int, reindex: bool) -> None:
    from demo.synthetic import SLUG
    from demo.synthetic_moderation import build_synthetic_debate
    from forum.search.service import reindex as rebuild_index

    if db.session.scalar(db.select(Debate.id).where(Debate.slug == SLUG)) is not None:
        click.echo(_("The debate “%(slug)s” already exists: nothing to do.", slug=SLUG))
        return
    generated = build_synthetic_debate(size, echo=click.echo)
    click.echo(
        _(
            "Debate “%(slug)s”: %(contributions)d contributions in %(threads)d threads, "
            "%(users)d participants, %(questions)d questions.",
            slug=SLUG,
            contributions=generated.contributions,
            threads=generated.threads,
            users=generated.users,
            questions=generated.questions,
        )
    )
    if reindex:
        click.echo(_("Search index: %(n)d contributions indexed.", n=rebuild_index()))
    else:
        click.echo(
            _(
                "The search index does not know them yet: run %(command)s.",
                command="flask --app app reindex",
            )
        )
