"""The block-at-a-time ranking of the Whoosh backend gives Whoosh's own results.

An index of synthetic French contributions (three segments, some documents deleted) is
searched both ways — ``forum.search.ranking`` and Whoosh's document-at-a-time collector —
with every kind of query the search page accepts; the pages must be the same.
"""

from __future__ import annotations

import tracemalloc

import pytest
import whoosh.query as wq

from forum.search import analysis, ranking
from forum.search.backend import Filters, Order, Visibility
from forum.search.documents import SearchDocument
from forum.search.query import parse
from forum.search.whoosh_backend import WhooshBackend, compile_query
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


def _whoosh_page(backend, text, filters, visibility, offset, limit):
    return backend._run(
        compile_query(parse(text)), filters, visibility, limit, Order.RELEVANCE, offset
    )


@pytest.mark.parametrize("text", QUERIES)
def test_each_kind_of_query_ranks_as_whoosh_does(backend, text):
    public = Visibility()
    for filters in (Filters(), Filters(theme_id=2), Filters(debate_id=1, kind="opinion")):
        for offset in (0, 20):
            page = backend.search(parse(text), filters, public, Order.RELEVANCE, offset, 20)
            expected = _whoosh_page(backend, text, filters, public, offset, 20)
            assert (page.ids, page.has_next) == expected, (text, filters, offset)


def test_common_words_find_many_and_hidden_documents_stay_hidden(backend):
    page = backend.search(parse("tramway"), Filters(), Visibility(), Order.RELEVANCE, 0, 500)
    assert len(page.ids) > 30
    assert not {5, 6, 7, 200, 300} & set(page.ids)  # deleted
    assert all(n % 17 for n in page.ids)  # masked ones are not public


def test_a_phrase_is_confirmed_on_positions(backend):
    """Both words in a document are not enough: they must follow each other."""
    apart = backend.search(
        parse("piste cyclable"), Filters(), Visibility(), Order.RELEVANCE, 0, 900
    )
    together = backend.search(
        parse('"piste cyclable"'), Filters(), Visibility(), Order.RELEVANCE, 0, 900
    )
    assert set(together.ids) < set(apart.ids)
    assert together.ids


def test_postings_of_a_segment_are_read_once(backend):
    ranking.forget_cached()
    backend.search(parse("quartier"), Filters(), Visibility(), Order.RELEVANCE, 0, 20)
    segments = {r.segment().segment_id() for r, _ in backend.searcher().reader().leaf_readers()}
    cached = [key for key in ranking._cache._items if key[1:3] == ("text", QUARTIER)]
    assert {key[0] for key in cached} == segments  # one entry per segment
    backend.search(parse("quartier"), Filters(), Visibility(), Order.RELEVANCE, 0, 20)
    assert [key for key in ranking._cache._items if key[1:3] == ("text", QUARTIER)] == cached


def test_any_of_several_words_ranks_as_whoosh_does(backend):
    """What the "similar contributions" panel asks: any of a text's rarest words."""
    terms = analysis.terms("quartier station arbres bruit chantier")
    for filters in (Filters(), Filters(exclude_root_id=3)):
        found = backend.match_any(terms, filters, Visibility(), 12)
        expected = backend._run(
            wq.Or([wq.Term("text", t) for t in terms]), filters, Visibility(), 12
        )[0]
        assert found == expected and len(found) == 12


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


def test_decoded_postings_are_kept_within_their_memory_budget(backend):
    """Similar-contribution searches bring a stream of rare words, each a few postings: the
    cache is bounded in bytes of memory, not in postings (which let it grow without end)."""
    words = list(backend.searcher().lexicon("text"))
    assert len(words) > 1500
    ranking.set_budget(0.4)  # MB: 300 KB for postings
    backend.match_any(["tramway"], Filters(exclude_root_id=1), Visibility(), 5)  # imports
    tracemalloc.start()
    try:
        for number, word in enumerate(words):
            # As the panel asks: the page's own thread left out.
            thread = Filters(exclude_root_id=1 + number % SIZE)
            backend.match_any([word.decode()], thread, Visibility(), 5)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        ranking.set_budget(24)
    assert ranking._cache.size <= 300_000
    assert held < 600_000, held
    # Nor does the searcher keep each thread left out (its filters are a handful).
    assert len(backend._kept().ranker._facets) < 10
