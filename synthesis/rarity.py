"""Which contributions make an argument almost no one else makes.

Rare means one or a few people: a group of at most ``RARE_AT_MOST`` contributions alike
one another (their *kin*, above ``KIN_THRESHOLD``) and unlike every other contribution
and the project file. Two or three people making the same rare argument in their own
words are one group, proposed once with the others named; none is lost because they
resemble each other. Words meet through the analyser's stems, the synonym list's concepts
(``synthesis.synonyms``) and, for the rare ones left alone, character n-grams of their
terms ("néphrologue" and "néphrologie", which stems keep apart).

A reply is read with its thread: one that pursues its parent's subject (alike its parent
and siblings taken together) is not "unlike every other contribution"; its parent may
be. A reply bringing a subject nobody else raised is.

A stance without an argument ("Je suis contre.", "Bravo !") is never rare: too few words
are left once stop words and stance words are set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from forum.search.analysis import WORD_PATTERN, terms
from synthesis import similarity, synonyms
from synthesis.corpus import KIN_THRESHOLD, RARE_AT_MOST, Analysis
from synthesis.own_words import words_of

UNLIKE_THRESHOLD = KIN_THRESHOLD
PROJECT_THRESHOLD = 0.12
# A reply at least this alike the rest of its thread pursues its subject.
THREAD_THRESHOLD = 0.05
# Fewer distinct words than this, once stop words and stance words are set aside, and a
# contribution states a position without an argument.
MIN_CONTENT_TERMS = 6
# In a large debate only part of the vocabulary is compared (``similarity``): a
# contribution is judged unlike the others only if most of its weight was compared.
MIN_COMPARED_SHARE = 0.5
# Two rare contributions this alike in their terms' character n-grams say the same thing
# in other word forms. (A bar on words lower than kinship was tried: in a debate of a
# hundred contributions, two rare ones share an ordinary word such as "habitants" often
# enough to be paired wrongly.)
NGRAM_THRESHOLD = 0.35
# More rare contributions left alone than this, and something else is wrong with the
# corpus than paraphrase: they are not paired.
PAIRED_AT_MOST = 5000
NGRAM_SIZE = 4
# Words that state a position rather than argue it ("Je suis pour", "Bravo !").
_STANCE_WORDS = (
    "bravo merci accord daccord contre pour oui non super nul nulle génial excellent honte "
    "projet avis suis pense trouve favorable défavorable opposé opposée soutiens soutien "
    "totalement complètement absolument vraiment bien mal bon bonne mauvais mauvaise idée "
    "top catastrophe scandale inutile utile approuve refuse veux voulons"
)
STANCE_TERMS = frozenset(terms(_STANCE_WORDS))
_WORD = re.compile(WORD_PATTERN)


def content_counts(analysis: Analysis) -> np.ndarray:
    """Distinct terms of each contribution that are not stance words."""
    matrix = analysis.terms.matrix
    stance = np.zeros(matrix.shape[1], dtype=bool)
    for term in STANCE_TERMS:
        column = analysis.terms.vocabulary.columns.get(term)
        # Reading the project's summary may add terms to the vocabulary after the matrix
        # was built: such a column is in no contribution.
        if column is not None and column < matrix.shape[1]:
            stance[column] = True
    lengths = np.diff(matrix.indptr)
    counts = np.zeros(matrix.shape[0], dtype=np.int64)
    nonempty = lengths > 0
    if matrix.nnz:
        counts[nonempty] = np.add.reduceat(
            (~stance[matrix.indices]).astype(np.int64), matrix.indptr[:-1][nonempty]
        )
    return counts


def substantive(analysis: Analysis) -> np.ndarray:
    """The contributions that argue: enough words of their own, and not a mere reaction."""
    reactions = np.array([row.reaction for row in analysis.corpus.rows], dtype=bool)
    return (content_counts(analysis) >= MIN_CONTENT_TERMS) & ~reactions


@dataclass(frozen=True)
class RareGroup:
    """A rare argument: the contribution proposed (the group's earliest that may be) and
    the others making it."""

    position: int
    others: list[int]


def rare_groups(analysis: Analysis, arguing: np.ndarray) -> list[RareGroup]:
    """Every rare argument of the corpus, once each."""
    near = analysis.near
    labels, rare = similarity.kin_groups(near, RARE_AT_MOST)
    eligible = (
        arguing
        & rare
        & (analysis.project < PROJECT_THRESHOLD)
        & (near.compared_share >= MIN_COMPARED_SHARE)
        & ~pursuing(analysis, rare & arguing)
    )
    members: dict[int, list[int]] = {}
    for position in np.flatnonzero(rare & arguing).tolist():
        members.setdefault(int(labels[position]), []).append(position)
    groups = [sorted(found) for found in members.values()]
    groups = _pair_rare(analysis, groups)
    found = []
    for group in groups:
        proposed = [p for p in group if eligible[p]]
        if proposed:
            found.append(RareGroup(proposed[0], [p for p in group if p != proposed[0]]))
    return sorted(found, key=lambda g: g.position)


def pursuing(analysis: Analysis, rare: np.ndarray) -> np.ndarray:
    """The replies that pursue their thread's subject: alike the thread around them, or
    answering (at any depth) a contribution itself rare, whose proposal brings its thread
    to the committee."""
    thread = analysis.thread if analysis.thread is not None else np.zeros(len(rare))
    corpus = analysis.corpus
    under_rare = np.zeros(len(rare), dtype=bool)
    for position, row in enumerate(corpus.rows):
        parent = corpus.index.get(row.parent_id) if row.parent_id else None
        # Rows are in id order, parents before their replies.
        if parent is not None and parent < position:
            under_rare[position] = rare[parent] or under_rare[parent]
    return (thread >= THREAD_THRESHOLD) | under_rare


def _pair_rare(analysis: Analysis, groups: list[list[int]]) -> list[list[int]]:
    """Join the rare contributions left alone that speak of the same thing in other words:
    naming the same idea of the synonym list, which few others name, or alike in their
    terms' character n-grams."""
    # Only rows compared on most of their words: in a very large debate the rows made of
    # common words only are compared on none and look alone (``MIN_COMPARED_SHARE``).
    compared = analysis.near.compared_share >= MIN_COMPARED_SHARE
    alone = [g[0] for g in groups if len(g) == 1 and compared[g[0]]]
    # Not a few rare ones: comparing their n-grams would cost the square of many.
    by_grams = alone if len(alone) <= PAIRED_AT_MOST else []
    pairs = similarity.alike_pairs(
        by_grams,
        [analysis.own[p] for p in by_grams],
        gram_threshold=NGRAM_THRESHOLD,
        gram_size=NGRAM_SIZE,
    )
    pairs = sorted(set(pairs) | set(_sharing_a_rare_concept(analysis, alone)))
    if not pairs:
        return groups
    head: dict[int, int] = {}
    for first, second in pairs:  # sorted: the earliest of a group heads it
        root = head.get(first, first)
        if second not in head and sum(1 for h in head.values() if h == root) < RARE_AT_MOST - 1:
            head[second] = root
    joined: dict[int, list[int]] = {}
    for member, root in head.items():
        joined.setdefault(root, [root]).append(member)
    taken = {p for members in joined.values() for p in members}
    kept = [g for g in groups if not (len(g) == 1 and g[0] in taken)]
    return kept + [sorted(m) for m in joined.values()]


def _sharing_a_rare_concept(analysis: Analysis, alone: list[int]) -> list[tuple[int, int]]:
    """Pairs of rare contributions naming the same idea of the synonym list, which few
    others name ("dialysée" and "insuffisance rénale")."""
    terms_ = analysis.terms
    concepts = {
        column
        for term, column in terms_.vocabulary.columns.items()
        if term.startswith(synonyms.CONCEPT_PREFIX)
        and column < len(terms_.document_frequency)
        and terms_.document_frequency[column] <= RARE_AT_MOST
    }
    if not concepts:
        return []
    naming: dict[int, list[int]] = {}
    matrix = terms_.matrix
    for position in alone:
        row = matrix.indices[matrix.indptr[position] : matrix.indptr[position + 1]]
        for column in concepts.intersection(row.tolist()):
            naming.setdefault(column, []).append(position)
    return [
        (first, second)
        for rows in naming.values()
        for i, first in enumerate(rows)
        for second in rows[i + 1 :]
    ]


class OwnWords:
    """Reads back, for a reason, the words a contributor wrote: never a term of the
    analysis shown in another person's spelling, never a word that cleaning left out."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._term_of: dict[int, str] | None = None

    def term_of(self, column: int) -> str:
        if self._term_of is None:
            self._term_of = {c: t for t, c in self.analysis.terms.vocabulary.columns.items()}
        return self._term_of[column]

    def distinctive(self, position: int, *, at_most_in: int, limit: int = 4) -> list[str]:
        """The row's heaviest rare terms, as the contributor wrote them (title's first)."""
        own = self.analysis.own[position]
        written: dict[str, str] = {}
        for word in _WORD.findall(own.lower()):
            found = terms(word)
            if found and found[0] not in written:
                written[found[0]] = word.strip("'’")
        title = own.split("\n", 1)[0]
        columns = similarity.distinctive_columns(
            self.analysis.terms,
            position,
            at_most_in=at_most_in,
            limit=limit * 3,
            prefer=self.analysis.terms.vocabulary.columns_of(title),
        )
        shown = [written[t] for t in map(self.term_of, columns) if t in written][:limit]
        shown = [similarity.readable(word) for word in shown]
        # A reason shows only words of the contributor's own cleaned text.
        assert set(shown) <= words_of(own), (shown, own)
        return shown
