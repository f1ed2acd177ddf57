"""Words that say the same thing: the debate vocabulary's synonym groups
(``synthesis/data/synonyms_fr.yaml``), so that "fauteuil roulant" and "PMR" meet.

Each group becomes one extra term, a *concept*, added to every text that names it in any
of its words; the concept is a term no one wrote, so it is never shown as a distinctive
word (reasons show only a contributor's own words). Variants are matched on the search
analyser's terms, so plurals and accents do not matter. Nothing is downloaded: the list
is a file of the project, written for public debates on planning and transport.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from forum.search.analysis import terms

DATA = Path(__file__).parent / "data" / "synonyms_fr.yaml"
# A concept's term: a word no one writes, that the analyser keeps as it is (consonants
# after the prefix: the stemmer leaves them alone).
CONCEPT_PREFIX = "zsyn"
_LETTERS = "bcdfghjklmnpqrstvwxz"


def concept_word(index: int) -> str:
    return CONCEPT_PREFIX + _LETTERS[index // len(_LETTERS)] + _LETTERS[index % len(_LETTERS)]


@lru_cache(maxsize=1)
def _variants() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First term of each variant -> (its terms, its concept word), longest first."""
    groups = yaml.safe_load(DATA.read_text(encoding="utf-8")) or []
    found: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for index, group in enumerate(groups):
        word = concept_word(index)
        for variant in group:
            analysed = tuple(terms(str(variant)))
            if analysed:
                found.setdefault(analysed[0], []).append((analysed, word))
    for entries in found.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return found


def concepts(text: str) -> list[str]:
    """The concept words of the groups ``text`` names, once per mention."""
    variants = _variants()
    analysed = terms(text)
    found = []
    position = 0
    while position < len(analysed):
        step = 1
        for variant, word in variants.get(analysed[position], ()):
            if tuple(analysed[position : position + len(variant)]) == variant:
                found.append(word)
                step = len(variant)
                break
        position += step
    return found


def with_concepts(text: str) -> str:
    """``text`` followed by the concept words of the groups it names."""
    found = concepts(text)
    return f"{text}\n{' '.join(found)}" if found else text
