"""The French analyser: accents folded before stemming, plurals, elisions, stop words."""

from __future__ import annotations

import pytest
from whoosh.analysis import LanguageAnalyzer

from forum.search import analysis


def test_accents_are_folded_before_stemming():
    # Whoosh's stock French analyser stems first, so the two spellings part ways...
    stock = LanguageAnalyzer("fr")
    assert [t.text for t in stock("fiscalité")] != [t.text for t in stock("FISCALITE")]
    # ...ours folds first: one term whatever the accents and the case.
    assert analysis.terms("fiscalité") == analysis.terms("FISCALITE") == ["fiscalit"]
    assert analysis.terms("Fiscalités") == ["fiscalit"]


@pytest.mark.parametrize(
    ("written", "searched"),
    [
        ("vélos", "velo"),
        ("Écoles", "école"),
        ("aménagements", "aménager"),
        ("hôpitaux", "hopital"),
        ("CŒUR", "coeur"),
        ("Piétons", "pieton"),
        ("taxes", "TAXE"),
    ],
)
def test_forms_of_a_word_meet_on_one_term(written, searched):
    assert analysis.terms(written) == analysis.terms(searched)
    assert len(analysis.terms(written)) == 1


def test_elisions_are_split_off():
    assert analysis.terms("l'école") == analysis.terms("école")
    assert analysis.terms("d’aménagement") == analysis.terms("aménagement")
    assert analysis.terms("qu'il jusqu'à l'hôpital") == analysis.terms("hôpital")
    assert analysis.terms("aujourd'hui") == ["aujourd'hui"]  # not an elision


def test_stop_words_are_dropped_folded_or_not():
    assert analysis.terms("le la les de des à et été être") == []
    assert analysis.terms("A ÉTÉ") == []
    assert "ete" in analysis.STOP_WORDS and "été" not in analysis.STOP_WORDS


def test_located_terms_point_at_the_words_in_the_original_text():
    text = "Les vélos de l'École, « Écoles »"
    found = list(analysis.located_terms(text))
    assert [t.text for t in found] == ["velo", "ecol", "ecol"]
    assert [text[t.start : t.end] for t in found] == ["vélos", "École", "Écoles"]
    assert [t.position for t in found] == [0, 1, 2]  # stop words leave no gap


def test_prefixes_and_spelling_words():
    assert analysis.analyse_prefix("aménag") == "amenag"
    assert analysis.analyse_prefix("fiscalité") == "fiscalit"
    assert analysis.spelling_words("Les vélos de l'École en 2026") == ["velos", "ecole"]


def test_the_whoosh_analyser_gives_the_same_terms_and_offsets():
    text = "L'aménagement des pistes cyclables"
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analysis.FrenchAnalyzer()(text, positions=True, chars=True)
    ]
    assert tokens == [(t.text, t.position, t.start, t.end) for t in analysis.located_terms(text)]
    assert [t.text for t in analysis.FrenchAnalyzer()(text)] == analysis.terms(text)
