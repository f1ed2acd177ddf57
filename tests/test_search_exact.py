"""A word's exact form ranks above the words that only share its stem, on every backend:
"stationnement" and "station" stem alike, and a search for the one must not put texts
that only say the other first."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from forum.extensions import db
from forum.search import analysis, enqueue
from forum.search.backend import Filters, Order
from forum.search.query import parse
from forum.search.service import get_backend, search
from tests.builders import make_contribution, make_debate, make_user
from tests.builders_search import app_config, catch_up  # noqa: F401 - the fixture


def found(query: str, **kwargs) -> list[int]:
    return [r.contribution.id for r in search(query, Filters(), None, **kwargs).results]


@pytest.fixture
def stations(app):
    debate = make_debate()
    author = make_user("Alice")
    base = datetime(2026, 3, 1, 12, 0)

    def post(title, body, days):
        return make_contribution(
            debate, author, title=title, body=body, created_at=base + timedelta(days=days)
        )

    # Texts that say "station" often and in their title, and texts that say the word
    # looked for once, in a longer text: the stem alone would rank the first ones first.
    items = {
        "station_1": post(
            "La station Jean-Jaurès",
            "La station sera-t-elle accessible ? Une station de plus, une station mieux "
            "placée : la station compte.",
            0,
        ),
        "station_2": post(
            "Stations et quais",
            "Chaque station doit avoir un abri. Les stations actuelles sont trop exposées.",
            1,
        ),
        "parking": post(
            "Où garer sa voiture ?",
            "Les habitants de l'avenue s'inquiètent : le stationnement disparaîtra pendant les "
            "travaux, et personne ne dit où les commerçants pourront se garer ensuite.",
            2,
        ),
        "parkings": post(
            "Livraisons",
            "Les commerces ont besoin d'aires de livraison et de places de stationnements "
            "courts devant leurs vitrines, faute de quoi la rue mourra.",
            3,
        ),
    }
    for item in items.values():
        enqueue(item.id)
    db.session.commit()
    catch_up()
    return items


def test_the_exact_word_ranks_above_its_stem_mates(stations):
    items = stations
    ranked = found("stationnement")
    # Both kinds are found (the stem still matches), the exact word first.
    assert set(ranked) == {item.id for item in items.values()}
    assert set(ranked[:2]) == {items["parking"].id, items["parkings"].id}
    ranked = found("station")
    assert set(ranked[:2]) == {items["station_1"].id, items["station_2"].id}


def test_the_exact_word_ranks_first_within_a_filter_and_with_other_words(stations):
    items = stations
    assert found("stationnement travaux") == [items["parking"].id]
    assert found("stationnement OR quais")[:2] != [items["station_2"].id]
    # Ordered by date, the exact form changes nothing: newest first.
    newest = found("stationnement", order=Order.NEWEST)
    assert newest == sorted(newest, reverse=True)


def test_the_exact_form_is_folded_and_singular():
    assert analysis.exact_terms("Les Stationnements, l'École") == ["stationnement", "ecole"]
    assert analysis.terms("stationnement station") == ["station", "station"]
    (word,) = parse("Stationnements").plain_terms()
    assert (word.term, word.exact) == ("station", "stationnement")


def test_an_index_built_before_the_exact_field_still_takes_writes_and_finds(app):
    """Until ``flask reindex`` rebuilds it, an older Whoosh index keeps working."""
    backend = get_backend()
    if backend.name != "whoosh":
        pytest.skip("the PostgreSQL column comes with its migration")
    from whoosh import index as whoosh_index

    from forum.search import whoosh_backend

    older = whoosh_backend.schema()
    older.remove("exact")
    build = backend.root / "build-older"
    build.mkdir(parents=True)
    whoosh_index.create_in(str(build), older)
    if backend.current.is_symlink():
        backend.current.unlink()
    backend.current.symlink_to(build.name)
    debate = make_debate()
    item = make_contribution(debate, make_user("Alice"), title="Le stationnement", body="Rare.")
    enqueue(item.id)
    db.session.commit()
    catch_up()
    assert found("stationnement") == [item.id]
