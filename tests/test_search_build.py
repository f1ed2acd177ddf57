"""A full build by ``forum.search.whoosh_build`` is the index Whoosh's own writer makes.

The same synthetic contributions are indexed twice, once through Whoosh's ``IndexWriter``
and once by the build module, and the two indexes are compared through Whoosh's reader:
every term of every field with its statistics and postings (ids, weights, encoded
positions), every stored field, length and column value. Then the built index is used as
the site uses it: updated and merged by Whoosh's writer, and searched.
"""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index

from forum.search import whoosh_build
from forum.search.backend import Filters, Order, Visibility
from forum.search.documents import SearchDocument
from forum.search.query import parse
from forum.search.whoosh_backend import WhooshBackend, _fields, schema
from tests.builders_search import corpus_documents

SIZE = 700  # common words get several blocks of 128 postings
EXTRA = " Écoles, vélos : l'aménagement « fiscalité »."


def _documents(size: int = SIZE) -> list[SearchDocument]:
    return corpus_documents(
        size,
        11,
        lambda number, item: {
            "debate_id": 1 + number % 3,
            "root_id": number - number % 4 or number,
            "status": ("pending", "masked", "published", "published")[number % 4],
            "plain_body": item.body + EXTRA * (number % 3),
            "theme_ids": [1 + item.theme] + ([9] if number % 5 == 0 else []),
            "tag_ids": [number % 7] if number % 2 else [],
        },
    )


def _with_whoosh_writer(folder, documents):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema())
    writer = ix.writer()
    for document in documents:
        writer.add_document(**_fields(document))
    writer.commit()
    return whoosh_index.open_dir(str(folder))


def _with_builder(folder, documents, procs=1):
    folder.mkdir()
    whoosh_index.create_in(str(folder), schema())
    ix = whoosh_index.open_dir(str(folder))
    counted = []
    done = whoosh_build.build(ix, (_fields(d) for d in documents), counted.append, procs=procs)
    assert done == len(documents) == sum(counted)
    return whoosh_index.open_dir(str(folder))


def _postings(reader, fieldname, term):
    matcher = reader.postings(fieldname, term)
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return out


def _terms(reader):
    return [(field, term) for field, term in reader.all_terms()]


def test_a_build_holds_what_whooshs_writer_writes(tmp_path):
    documents = _documents()
    expected = _with_whoosh_writer(tmp_path / "whoosh", documents).reader()
    built = _with_builder(tmp_path / "built", documents).reader()
    try:
        assert built.doc_count_all() == expected.doc_count_all() == SIZE
        assert _terms(built) == _terms(expected)
        for fieldname, term in _terms(expected):
            mine, theirs = built.term_info(fieldname, term), expected.term_info(fieldname, term)
            assert (
                mine.weight(),
                mine.doc_frequency(),
                mine.min_length(),
                mine.max_length(),
                mine.max_weight(),
                mine.min_id(),
                mine.max_id(),
            ) == (
                theirs.weight(),
                theirs.doc_frequency(),
                theirs.min_length(),
                theirs.max_length(),
                theirs.max_weight(),
                theirs.min_id(),
                theirs.max_id(),
            ), (fieldname, term)
            assert _postings(built, fieldname, term) == _postings(expected, fieldname, term)
        for fieldname in ("text", "debate", "themes", "tags", "status"):
            assert built.field_length(fieldname) == expected.field_length(fieldname)
            assert [built.doc_field_length(n, fieldname) for n in range(SIZE)] == [
                expected.doc_field_length(n, fieldname) for n in range(SIZE)
            ]
        assert list(built.all_stored_fields()) == list(expected.all_stored_fields())
        created = schema()["created"].column_type
        assert list(built.column_reader("created", created)) == list(
            expected.column_reader("created", created)
        )
        # The text field has several blocks for its common words: the test covers them.
        assert max(expected.doc_frequency("text", t) for f, t in _terms(expected)) > 3 * 128
    finally:
        built.close()
        expected.close()


def test_two_builder_processes_give_the_same_results(tmp_path):
    documents = _documents(1300)  # three batches: both builders get some
    single = _with_builder(tmp_path / "one", documents)
    double = _with_builder(tmp_path / "two", documents, procs=2)
    assert len(double.reader().leaf_readers()) == 2
    with single.searcher() as one, double.searcher() as two:
        for term in ("velo", "ecol", "amenag", "quarti"):
            hits_one = {one.stored_fields(n)["id"] for n in one.document_numbers(text=term)}
            hits_two = {two.stored_fields(n)["id"] for n in two.document_numbers(text=term)}
            assert hits_one == hits_two and hits_one


def test_a_builder_that_fails_fails_the_build(tmp_path):
    whoosh_index.create_in(str(tmp_path), schema())
    ix = whoosh_index.open_dir(str(tmp_path))
    broken = [_fields(d) for d in _documents(600)]
    broken[550]["created"] = "not a number"  # in the second batch, in a child process
    with pytest.raises(RuntimeError, match="builder failed"):
        whoosh_build.build(ix, iter(broken), lambda _n: None, procs=2)


def test_a_built_index_is_updated_merged_and_searched_as_usual(tmp_path):
    backend = WhooshBackend(tmp_path)
    documents = _documents(300)
    backend.rebuild(documents, len(documents), lambda _n: None)
    staff = Visibility(everything=True)

    def found(text):
        page = backend.search(parse(text), Filters(), staff, Order.RELEVANCE, 0, 500)
        return set(page.ids)

    before = found("vélos")
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
    assert found("vélos") == before - set(gone) - {changed.id}
    assert found("téléphérique") == {changed.id}
    assert found("velo") == found("VÉLOS")
    backend.close()


def test_a_phrase_reads_positions_only_where_its_candidates_are(tmp_path):
    backend = WhooshBackend(tmp_path)
    documents = _documents()
    backend.rebuild(documents, len(documents), lambda _n: None)
    ranker = backend._kept().ranker
    found = ranker.matches(parse('"écoles vélos"'))
    assert len(found.ids) > 3 * 128  # candidates in several blocks of postings
    assert len(ranker.top(found, None, None, 3)) == 3
    positions = found.phrases[0]
    blocks = sum(len(postings.starts) for term in positions for *_, postings, _r in term.parts)
    read = sum(len(term._blocks) for term in positions)
    # At most a block per word for each of the 3 documents confirmed, not all of them.
    assert 0 < read <= 3 * len(positions) < blocks
    backend.close()
