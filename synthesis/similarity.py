"""How alike the contributions of a debate are: TF-IDF vectors and sparse matrix products.

Texts become terms with the search's French analyser (``forum.search.analysis``: accents
folded, elisions split, stop words dropped, Snowball stems), so "vélos" and "Vélo" meet.
Each contribution is a row of a sparse matrix, weighted by TF-IDF (sub-linear term
frequency, smoothed inverse document frequency) and normalised, so that the product of
two rows is their cosine similarity. The whole corpus is compared in one pass of sparse
matrix products, a block of rows at a time: no pair is ever visited in a Python loop.

Comparing every pair costs the square of the corpus. The words that most contributions
use ("tramway", "projet") make almost every pair similar a little and say nothing about
which argument is made; so the product runs over the vocabulary from its rarest term
upwards, within a budget of term pairs (``PAIR_BUDGET``). A debate of a few thousand
contributions is compared on its whole vocabulary; a very large one on the words that
set contributions apart. Norms always count every term: a contribution made only of the
debate's common words is near nothing (it carries no argument of its own).

Similar contributions are grouped by the connected components of the graph whose edges
join pairs above a threshold: a rare argument made by three people in their own words is
one group of three, not three near-neighbours.

The only module of Palabre that imports numpy and scipy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from multiprocessing import get_context
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # SciPy is imported where it is used: web workers never need it
    from scipy import sparse

from forum.search.analysis import ELISIONS, WORD_PATTERN, terms

# Term pairs (the sum over terms of their document frequency squared) one comparison may
# cost: some sixty million products of floats, a few seconds on one core.
PAIR_BUDGET = 60_000_000
ROWS_PER_BLOCK = 2000

_WORD = re.compile(WORD_PATTERN)


def readable(word: str) -> str:
    """A word as a reason shows it: quotes and elided article removed ("l'hôpital" -> "hôpital")."""
    word = word.strip("'’")
    head, sep, rest = word.replace("’", "'").partition("'")
    return rest if sep and rest and head in ELISIONS else word


class Vocabulary(dict):
    """Token (a lower-cased run of characters between spaces) -> the columns of its terms.

    Splitting on spaces is done by ``str.split``, much faster than a regular expression;
    each distinct token ("vélo,", "saint-orens") is then analysed once with the search's
    analyser, which finds its words. ``surface`` keeps the first word seen for each term,
    so that a reason can say "hôpital" rather than the stem "hopital".
    """

    def __init__(self) -> None:
        super().__init__()
        self.columns: dict[str, int] = {}
        self.surface: list[str] = []

    def __missing__(self, token: str) -> tuple[int, ...]:
        found = []
        for word in _WORD.findall(token):
            analysed = terms(word)
            if not analysed:
                continue
            column = self.columns.get(analysed[0])
            if column is None:
                column = self.columns[analysed[0]] = len(self.surface)
                self.surface.append(readable(word))
            found.append(column)
        self[token] = columns = tuple(found)
        return columns

    def columns_of(self, text: str) -> list[int]:
        return list(chain.from_iterable(map(self.__getitem__, text.lower().split())))


@dataclass
class TermMatrix:
    """The corpus as normalised TF-IDF rows, and what is needed to read it back."""

    matrix: sparse.csr_matrix
    document_frequency: np.ndarray
    idf: np.ndarray
    vocabulary: Vocabulary

    @property
    def size(self) -> int:
        return self.matrix.shape[0]

    def words(self, columns: Iterable[int]) -> list[str]:
        return [self.vocabulary.surface[c] for c in columns]

    def vector(self, text: str) -> sparse.csr_matrix:
        """A text outside the corpus (the project file) in the corpus's space; its words
        that no contribution uses are left out, as they can match nothing."""
        from scipy import sparse

        known = [c for c in self.vocabulary.columns_of(text) if c < self.idf.shape[0]]
        row = np.zeros(len(known), dtype=np.int32)
        counts = sparse.csr_matrix(
            (np.ones(len(known), dtype=np.float32), (row, np.array(known, dtype=np.int32))),
            shape=(1, self.idf.shape[0]),
        )
        counts.sum_duplicates()
        return _weigh(counts, self.idf)


def _weigh(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sub-linear TF times IDF, rows scaled to unit length."""
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    squares = np.zeros(weighted.shape[0], dtype=np.float64)
    nonempty = np.diff(weighted.indptr) > 0
    if weighted.nnz:
        sums = np.add.reduceat(
            weighted.data.astype(np.float64) ** 2, weighted.indptr[:-1][nonempty]
        )
        squares[nonempty] = sums
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    weighted.data = (weighted.data / np.repeat(norms, np.diff(weighted.indptr))).astype(np.float32)
    return weighted


# A corpus this large is analysed by several processes (forked: on the command line only).
PARALLEL_FROM = 20_000
_texts_to_share: list[str] = []


def _analyse(texts: Sequence[str]) -> tuple[Vocabulary, np.ndarray, np.ndarray]:
    """Each text's term columns in one flat array, and how many each text has."""
    vocabulary = Vocabulary()
    columns_of = vocabulary.__getitem__
    columns: list[int] = []
    lengths: list[int] = []
    for text in texts:
        before = len(columns)
        columns.extend(chain.from_iterable(map(columns_of, text.lower().split())))
        lengths.append(len(columns) - before)
    return vocabulary, np.array(columns, dtype=np.int32), np.array(lengths, dtype=np.int64)


def _analyse_part(bounds: tuple[int, int]) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    vocabulary, found, lengths = _analyse(_texts_to_share[bounds[0] : bounds[1]])
    return list(vocabulary.columns), vocabulary.surface, found, lengths


def _analyse_in_parallel(texts: list[str]) -> tuple[Vocabulary, np.ndarray, np.ndarray]:
    global _texts_to_share
    workers = min(os.cpu_count() or 2, 8)
    step = -(-len(texts) // workers)
    _texts_to_share = texts  # read by the forked workers, not pickled to them
    try:
        with get_context("fork").Pool(workers) as pool:
            parts = pool.map(_analyse_part, [(i, i + step) for i in range(0, len(texts), step)])
    finally:
        _texts_to_share = []
    vocabulary = Vocabulary()
    merged, all_lengths = [], []
    for terms_, surfaces, found, lengths in parts:
        mapping = np.empty(len(terms_), dtype=np.int32)
        for local, (term, word) in enumerate(zip(terms_, surfaces, strict=True)):
            column = vocabulary.columns.get(term)
            if column is None:
                column = vocabulary.columns[term] = len(vocabulary.surface)
                vocabulary.surface.append(word)
            mapping[local] = column
        merged.append(mapping[found])
        all_lengths.append(lengths)
    return vocabulary, np.concatenate(merged), np.concatenate(all_lengths)


def term_matrix(texts: Iterable[str], *, parallel: bool = False) -> TermMatrix:
    """Analyse every text once and build the corpus's TF-IDF matrix.

    ``parallel`` lets a large corpus be analysed by forked processes: for the command
    line, never inside a web worker.
    """
    texts = list(texts)
    if parallel and len(texts) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        vocabulary, found, lengths = _analyse_in_parallel(texts)
    else:
        vocabulary, found, lengths = _analyse(texts)
    from scipy import sparse

    rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    counts = sparse.csr_matrix(
        (np.ones(len(found), dtype=np.float32), (rows, found)),
        shape=(len(lengths), len(vocabulary.surface)),
    )
    del found, rows
    counts.sum_duplicates()
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    size = counts.shape[0]
    idf = (np.log((1.0 + size) / (1.0 + document_frequency)) + 1.0).astype(np.float32)
    return TermMatrix(_weigh(counts, idf), document_frequency, idf, vocabulary)


def compared_columns(document_frequency: np.ndarray, budget: int = PAIR_BUDGET) -> np.ndarray:
    """The terms compared: the rarest first, while the pairs they make fit the budget."""
    order = np.argsort(document_frequency, kind="stable")
    cost = np.cumsum(document_frequency[order].astype(np.float64) ** 2)
    return np.sort(order[cost <= budget])


@dataclass
class Neighbourhood:
    """What each row has around it, and the groups of similar rows.

    ``best`` is the highest similarity to any other row (0 when it shares no compared
    term with any). ``close`` counts the rows at least ``close_threshold`` alike (those
    saying the same thing); ``best_far`` is the highest similarity to a row that is not
    that close: a rare argument is one with few close rows and nothing else near.
    ``best_among`` is ``best`` within the rows marked in ``among``. ``groups`` labels the
    connected groups of close rows; ``edges`` holds the close pairs (both ways);
    ``compared_share`` is the part of each row's weight (its squared norm) carried by
    the compared vocabulary.
    """

    best: np.ndarray
    close: np.ndarray
    best_far: np.ndarray
    best_among: np.ndarray
    groups: np.ndarray
    edges: sparse.csr_matrix = field(repr=False)
    compared_share: np.ndarray = field(repr=False)
    kin: np.ndarray | None = field(default=None, repr=False)
    kin_edges: sparse.csr_matrix | None = field(default=None, repr=False)

    def close_rows(self, row: int) -> list[int]:
        start, stop = self.edges.indptr[row], self.edges.indptr[row + 1]
        return sorted(self.edges.indices[start:stop].tolist())


def _row_max(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Largest value of each row of CSR data (0 for an empty row)."""
    rows = len(indptr) - 1
    best = np.zeros(rows, dtype=np.float32)
    nonempty = np.diff(indptr) > 0
    if len(data):
        best[nonempty] = np.maximum.reduceat(data, indptr[:-1][nonempty])
    return best


def neighbourhood(
    terms_: TermMatrix,
    *,
    close_threshold: float,
    among: np.ndarray | None = None,
    budget: int = PAIR_BUDGET,
    rows_per_block: int = ROWS_PER_BLOCK,
    kin_threshold: float | None = None,
    kin_at_most: int = 0,
) -> Neighbourhood:
    """Compare every row with every other, a block of rows at a time.

    With ``kin_threshold``, also count each row's *kin* (the rows at least that alike, a
    lower bar than ``close_threshold``) and keep the kin pairs of the rows that have
    ``kin_at_most`` kin or fewer: the few rows a rare argument may be shared with. The
    pairs of rows with many kin are not kept (there are millions in a large debate)."""
    matrix = terms_.matrix
    size = matrix.shape[0]
    compared = matrix[:, compared_columns(terms_.document_frequency, budget)].tocsr()
    compared_t = compared.T.tocsr()
    share = np.asarray(compared.multiply(compared).sum(axis=1)).ravel()
    best = np.zeros(size, dtype=np.float32)
    close = np.zeros(size, dtype=np.int64)
    best_far = np.zeros(size, dtype=np.float32)
    best_among = np.zeros(size, dtype=np.float32)
    edge_rows: list[np.ndarray] = []
    edge_cols: list[np.ndarray] = []
    kin = np.zeros(size, dtype=np.int64)
    kin_rows: list[np.ndarray] = []
    kin_cols: list[np.ndarray] = []
    zero = np.float32(0.0)
    for start in range(0, size, rows_per_block):
        stop = min(start + rows_per_block, size)
        block = compared[start:stop] @ compared_t
        data, indices, indptr = block.data, block.indices, block.indptr
        row_of = np.repeat(np.arange(stop - start, dtype=np.int32), np.diff(indptr))
        data[indices == row_of + start] = zero  # a row is not its own neighbour
        best[start:stop] = _row_max(data, indptr)
        is_close = data >= close_threshold
        close[start:stop] = np.bincount(row_of[is_close], minlength=stop - start)
        best_far[start:stop] = _row_max(np.where(is_close, zero, data), indptr)
        if among is not None:
            best_among[start:stop] = _row_max(np.where(among[indices], data, zero), indptr)
        edge_rows.append(row_of[is_close] + start)
        edge_cols.append(indices[is_close])
        if kin_threshold is not None:
            is_kin = data >= kin_threshold
            counted = np.bincount(row_of[is_kin], minlength=stop - start)
            kin[start:stop] = counted
            keep = is_kin & (counted[row_of] <= kin_at_most)
            kin_rows.append(row_of[keep] + start)
            kin_cols.append(indices[keep])
        del block, data, indices, row_of, is_close
    rows = np.concatenate(edge_rows) if edge_rows else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(edge_cols) if edge_cols else np.zeros(0, dtype=np.int64)
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    edges = sparse.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size))
    _count, groups = connected_components(edges, directed=False)
    found = Neighbourhood(best, close, best_far, best_among, groups, edges, share)
    if kin_threshold is not None:
        rows = np.concatenate(kin_rows) if kin_rows else np.zeros(0, dtype=np.int64)
        cols = np.concatenate(kin_cols) if kin_cols else np.zeros(0, dtype=np.int64)
        found.kin = kin
        found.kin_edges = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(size, size)
        )
    return found


def kin_groups(near: Neighbourhood, at_most: int) -> tuple[np.ndarray, np.ndarray]:
    """Groups of at most ``at_most`` rows alike one another and unlike every other row.

    Returns each row's group label and whether that group is such a group: its rows have
    no kin outside it (a row with more kin than the group could hold has some)."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    assert near.kin is not None and near.kin_edges is not None
    few = near.kin <= at_most - 1
    edges = near.kin_edges.tocoo()
    inside = few[edges.row] & few[edges.col]
    size = len(few)
    graph = sparse.csr_matrix(
        (np.ones(int(inside.sum()), dtype=np.int8), (edges.row[inside], edges.col[inside])),
        shape=(size, size),
    )
    _count, labels = connected_components(graph, directed=False)
    members = np.bincount(labels, minlength=size)
    # A group touching a row with many kin is part of a common argument.
    touching = np.zeros(size, dtype=bool)
    touching[edges.row[~inside]] = True
    spoiled = np.zeros(labels.max() + 1 if size else 0, dtype=bool)
    np.logical_or.at(spoiled, labels[touching | ~few], True)
    rare = few & (members[labels] <= at_most) & ~spoiled[labels]
    return labels, rare


# How far up a thread a reply's context goes (its parent, grandparent…).
THREAD_DEPTH = 6


def thread_similarity(terms_: TermMatrix, parents: np.ndarray) -> np.ndarray:
    """Each reply's similarity to the rest of its thread around it: the contributions it
    answers (its parent, up to the thread's start) and its siblings, taken as one text;
    0 for a contribution that answers none. ``parents`` holds each row's parent row, or -1.
    """
    from scipy import sparse

    matrix = terms_.matrix
    size = matrix.shape[0]
    replies = np.flatnonzero(parents >= 0)
    result = np.zeros(size, dtype=np.float32)
    if not len(replies):
        return result
    one = np.ones(len(replies), dtype=np.float32)
    parent_of = sparse.csr_matrix((one, (replies, parents[replies])), shape=(size, size))
    around = parent_of.copy()
    reach = parent_of
    for _level in range(THREAD_DEPTH - 1):
        reach = reach @ parent_of
        if not reach.nnz:
            break
        around = around + reach
    siblings = parent_of @ parent_of.T.tocsr()  # includes the reply itself: taken off below
    around = (around + siblings).tocsr()
    around.data[:] = 1.0
    around.setdiag(0.0)
    around.eliminate_zeros()
    context = (around[replies] @ matrix).tocsr()
    dots = np.asarray(matrix[replies].multiply(context).sum(axis=1)).ravel()
    norms = np.sqrt(np.asarray(context.multiply(context).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    result[replies] = (dots / norms).astype(np.float32)
    return result


def similarity_to(terms_: TermMatrix, text: str) -> np.ndarray:
    """Each row's similarity to a text outside the corpus (the project file)."""
    if not text.strip() or terms_.size == 0:
        return np.zeros(terms_.size, dtype=np.float32)
    vector = terms_.vector(text)
    return np.asarray((terms_.matrix @ vector.T).todense()).ravel().astype(np.float32)


def distinctive_columns(
    terms_: TermMatrix,
    row: int,
    *,
    at_most_in: int,
    limit: int = 4,
    prefer: Iterable[int] = (),
) -> list[int]:
    """The heaviest terms of a row that at most ``at_most_in`` rows of the corpus use,
    those in ``prefer`` (the title's) first."""
    start, stop = terms_.matrix.indptr[row], terms_.matrix.indptr[row + 1]
    columns = terms_.matrix.indices[start:stop]
    weights = terms_.matrix.data[start:stop]
    rare = terms_.document_frequency[columns] <= at_most_in
    # Words of three letters or fewer rarely name anything ("km", "rue").
    long_enough = np.array([len(terms_.vocabulary.surface[c]) > 3 for c in columns], dtype=bool)
    keep = rare & long_enough if len(columns) else rare
    columns, weights = columns[keep], weights[keep]
    preferred = set(prefer)
    in_title = np.array([c in preferred for c in columns.tolist()], dtype=bool)
    order = np.lexsort((-weights, ~in_title))
    return columns[order][:limit].tolist()


def content_terms(terms_: TermMatrix, row: int) -> int:
    """How many distinct terms a row has (after stop words)."""
    return int(terms_.matrix.indptr[row + 1] - terms_.matrix.indptr[row])


def _gram_matrix(texts: Sequence[str], size: int, common_share: float) -> sparse.csr_matrix:
    """Binary rows of the character n-grams of each text's terms ("_velo_" -> "_vel",
    "velo", "elo_"), those most texts share left out, scaled to unit length."""
    from scipy import sparse

    from forum.search.analysis import terms

    columns: dict[str, int] = {}
    rows, cols = [], []
    for row, text in enumerate(texts):
        grams = set()
        for term in terms(text):
            padded = f"_{term}_"
            grams.update(padded[i : i + size] for i in range(len(padded) - size + 1))
        for gram in grams:
            rows.append(row)
            cols.append(columns.setdefault(gram, len(columns)))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(texts), len(columns))
    )
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = frequency <= max(2, int(len(texts) * common_share))
    matrix = matrix[:, np.flatnonzero(keep)].tocsr()
    norms = np.sqrt(np.asarray(matrix.sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def alike_pairs(
    rows: Sequence[int], texts: Sequence[str], *, gram_threshold: float, gram_size: int = 4
) -> list[tuple[int, int]]:
    """Pairs of ``rows`` (positions in the corpus) whose terms' character n-grams are at
    least ``gram_threshold`` alike: for the few rows left alone, whose word forms the
    stems keep apart. ``texts`` are those rows' texts, in the same order."""
    if len(rows) < 2:
        return []
    grams_of = _gram_matrix(texts, gram_size, common_share=0.05)
    grams = (grams_of @ grams_of.T).tocoo()
    keep = (grams.data >= gram_threshold) & (grams.row < grams.col)
    return sorted((rows[i], rows[j]) for i, j in zip(grams.row[keep], grams.col[keep], strict=True))
