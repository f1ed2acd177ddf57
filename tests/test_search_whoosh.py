"""The Whoosh backend, through Whoosh's documented API: ranking, visibility, phrases,
the similar panel's query, reading without copying, and full builds.

An index of synthetic French contributions (three segments, some documents deleted) is
searched with every kind of query the search page accepts.
"""

from __future__ import annotations

import tracemalloc

import pytest

from forum.search import analysis
from forum.search.backend import Filters, Order, Visibility
from forum.search.documents import SearchDocument
from forum.search.query import parse
from forum.search.whoosh_backend import WhooshBackend
from tests.builders_search import corpus_documents

QUARTIER = analysis.terms("quartier")[0]
SIZE = 450
QUERIES = [
    "tramway",
    "vélos",
    "quartier station",
    "ligne OR piste",
    "arbres -bruit",
    '"piste cyclable"',
    '"la ligne"',
    "stationn*",
    "coût -tunnel -viaduc",
    '"station" quartier',
    '"piste cyclable" OR tramway',
    'quartier -"la ligne"',
    "introuvablemot",
]


def _documents() -> list[SearchDocument]:
    return corpus_documents(
        SIZE,
        7,
        lambda number, _item: {
            "debate_id": 1 + number % 2,
            "root_id": number - number % 3 or number,
            "status": "masked" if number % 17 == 0 else "published",
        },
    )


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    index = WhooshBackend(tmp_path_factory.mktemp("ranking"))
    documents = _documents()
    # Three segments, and deletions in the first one.
    for start in range(0, SIZE, SIZE // 3):
        index.apply(documents[start : start + SIZE // 3], [])
    index.apply([], [5, 6, 7, 200, 300])
    yield index
    index.close()



def _search(backend, text, filters=None, visibility=None, limit=900):
    return backend.search(
        parse(text), filters or Filters(), visibility or Visibility(), Order.RELEVANCE, 0, limit
    )


@pytest.mark.parametrize("text", QUERIES)
def test_every_kind_of_query_pages_through_its_results(backend, text):
    """Pages follow each other without gap or repeat, and say when there is a next one."""
    public = Visibility()
    for filters in (Filters(), Filters(theme_id=2), Filters(debate_id=1, kind="opinion")):
        everything = _search(backend, text, filters, public).ids
        paged, offset = [], 0
        while True:
            page = backend.search(parse(text), filters, public, Order.RELEVANCE, offset, 20)
            paged += page.ids
            offset += 20
            if not page.has_next:
                break
        assert paged == everything, (text, filters)


def test_common_words_find_many_and_hidden_documents_stay_hidden(backend):
    page = _search(backend, "tramway", limit=500)
    assert len(page.ids) > 30
    assert not {5, 6, 7, 200, 300} & set(page.ids)  # deleted
    assert all(n % 17 for n in page.ids)  # masked ones are not public
    staff = _search(backend, "tramway", visibility=Visibility(everything=True), limit=500)
    assert any(n % 17 == 0 for n in staff.ids)


def test_a_phrase_is_confirmed_on_positions(backend):
    """Both words in a document are not enough: they must follow each other."""
    apart = _search(backend, "piste cyclable")
    together = _search(backend, '"piste cyclable"')
    assert set(together.ids) < set(apart.ids)
    assert together.ids


def test_a_text_about_the_word_ranks_above_a_passing_mention(tmp_path):
    """BM25F, Whoosh's own: the word's frequency counts, weighed by the text's length."""
    index = WhooshBackend(tmp_path / "index")
    filler = " Le projet traverse la ville du nord au sud et dessert les quartiers."
    documents = corpus_documents(
        3,
        1,
        lambda number, _item: {
            "title": "",
            "plain_body": (
                ("Le téléphérique, encore le téléphérique : un téléphérique plutôt qu'un bus.")
                if number == 2
                else "Un téléphérique a été évoqué." + filler * 4
            )
        },
    )
    index.apply(documents, [])
    try:
        ranked = _search(index, "téléphérique").ids
        assert ranked[0] == documents[1].id and len(ranked) == 3
    finally:
        index.close()


def test_any_of_several_words_finds_outside_the_thread(backend):
    """What the "similar contributions" panel asks: any of a text's rarest words."""
    terms = analysis.terms("quartier station arbres bruit chantier")
    everywhere = backend.match_any(terms, Filters(), Visibility(), 12)
    assert len(everywhere) == 12
    outside = backend.match_any(terms, Filters(exclude_root_id=3), Visibility(), 900)
    assert outside and not {3, 4, 5} & set(outside)  # thread 3 holds 3, 4 and 5
    assert backend.match_any([], Filters(), Visibility(), 12) == []


def test_a_worker_reads_the_index_without_copying_it(tmp_path):
    """Searchers read the segments' files: Whoosh's memory-mapped reading copies every
    part of a segment it opens into memory of the process, a copy of the index per worker."""
    index = WhooshBackend(tmp_path / "index")
    index.apply(_documents(), [])
    index.close()
    on_disk = sum(f.stat().st_size for f in (tmp_path / "index").rglob("*.seg"))
    tracemalloc.start()
    try:
        index.search(parse("tramway"), Filters(), Visibility(), Order.RELEVANCE, 0, 20)
        index.match_any(["tramway", QUARTIER], Filters(), Visibility(), 5)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        index.close()
    assert on_disk > 200_000
    assert peak < on_disk / 4, (peak, on_disk)


@pytest.mark.parametrize("processes", [1, 2])
def test_a_rebuilt_index_is_updated_merged_and_searched_as_usual(tmp_path, processes):
    backend = WhooshBackend(tmp_path)
    if processes == 2:  # Whoosh's multiprocessing writer, as for a large corpus
        backend.parallel_from = 0
    documents = _documents()
    counted: list[int] = []
    backend.rebuild(documents, len(documents), counted.append)
    assert sum(counted) == len(documents)
    staff = Visibility(everything=True)

    def found(text):
        return set(_search(backend, text, visibility=staff).ids)

    before = found("tramway")
    assert before
    gone = sorted(before)[:3]
    changed = documents[0]
    changed.plain_body = "Un texte tout neuf sur les téléphériques urbains."
    # Whoosh's writer deletes from and adds to the built segment, several times, so that
    # its merge policy folds the small new segments into the big one.
    backend.apply([changed], gone)
    for number in range(12):
        backend.apply([documents[10 + number]], [])
    backend.close()
    assert found("tramway") == before - set(gone) - {changed.id}
    assert found("téléphérique") == {changed.id}
    assert found("tramways") == found("TRAMWAY")
    backend.close()


def test_a_rebuild_that_fails_leaves_the_index_in_use(tmp_path):
    backend = WhooshBackend(tmp_path)
    documents = _documents()
    backend.rebuild(documents, len(documents), lambda _n: None)
    before = set(_search(backend, "tramway").ids)

    def broken():
        yield from documents[:100]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        backend.rebuild(broken(), len(documents), lambda _n: None)
    backend.close()
    assert set(_search(backend, "tramway").ids) == before
    assert len(list(tmp_path.glob("build-*"))) == 1
    backend.close()
