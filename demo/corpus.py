"""Synthetic French contributions, for benchmarks and large demo debates.

The text is made, not collected: sentences assembled from a vocabulary of a public debate
on a transport project (nouns, adjectives and verbs in their inflected forms, place names,
figures), with the word frequencies of real text (a few words very common, most rare) and
the lengths of real contributions (a median of about seventy words, a long tail of
stakeholder papers). The same seed always gives the same corpus. The words and phrases
are in ``demo/data/corpus.yaml``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from demo.content import load
from forum.models import Channel, Kind

_BANK = load("corpus")
THEMES = tuple(_BANK["themes"])
_OPENERS = tuple(_BANK["openers"])
_CLOSERS = tuple(_BANK["closers"])
_PLACES_A = tuple(_BANK["place_starts"])
_PLACES_B = tuple(_BANK["place_ends"])
_STREETS = tuple(_BANK["streets"])
_STREET_NAMES = tuple(_BANK["street_names"])
_QUESTIONS = tuple(_BANK["questions"])


@dataclass(frozen=True)
class SyntheticContribution:
    title: str
    body: str
    theme: int  # index in THEMES
    extra_theme: int | None
    kind: Kind
    channel: Channel
    minutes_ago: int


# Nouns as (singular, plural, gender); adjectives as (masculine, feminine); verbs as
# (infinitive, 3rd person singular, 3rd plural, past participle, conditional).
NOUNS = [tuple(row) for row in _BANK["nouns"]]
ADJECTIVES = [tuple(row) for row in _BANK["adjectives"]]
VERBS = [tuple(row) for row in _BANK["verbs"]]

_ONSETS = tuple(_BANK["syllables"]["onsets"])
_VOWELS = tuple(_BANK["syllables"]["vowels"])
_NOUN_ENDINGS = tuple(_BANK["syllables"]["noun_endings"])
_ADJ_ENDINGS = tuple(_BANK["syllables"]["adjective_endings"])
_TAIL_SIZE = 60_000


def _tail_vocabulary(rng: random.Random) -> list[str]:
    """The long tail of rare words that makes a real vocabulary: French-looking words
    built from syllables and suffixes ("brouvation", "plinaire"), each a distinct term."""
    words: set[str] = set()
    while len(words) < _TAIL_SIZE:
        stem = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 3)))
        ending = rng.choice(_NOUN_ENDINGS + _ADJ_ENDINGS)
        words.add(stem + ending)
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered


def _zipf_weights(n: int, exponent: float = 1.0, first_rank: int = 1) -> list[float]:
    """Cumulative weights of ranks ``first_rank``… under Zipf's law."""
    return list(accumulate(1.0 / (rank**exponent) for rank in range(first_rank, first_rank + n)))


class _Writer:
    """Writes one contribution after another from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = random.Random(seed + 1)
        # Each word's rank in frequency is fixed by the seed; frequencies follow Zipf's law.
        self.nouns = NOUNS[:]
        rng.shuffle(self.nouns)
        self.adjectives = ADJECTIVES[:]
        rng.shuffle(self.adjectives)
        self.verbs = VERBS[:]
        rng.shuffle(self.verbs)
        # Flatter than Zipf's 1.0 for the debate's core vocabulary: a text draws a noun for
        # every group of words, and the commonest (say "tramway") should be in about half of
        # the contributions, not in all of them.
        self.noun_weights = _zipf_weights(len(self.nouns), 0.5)
        self.adj_weights = _zipf_weights(len(self.adjectives), 0.7)
        self.verb_weights = _zipf_weights(len(self.verbs), 0.7)
        self.places = [a + "-" + b.capitalize() for a in _PLACES_A for b in _PLACES_B]
        self.tail = _tail_vocabulary(rng)
        # The tail comes after the few hundred words of the core vocabulary in frequency.
        self.tail_weights = _zipf_weights(len(self.tail), 1.05, first_rank=300)

    def _rare(self) -> str:
        return self.rng.choices(self.tail, cum_weights=self.tail_weights)[0]

    def _noun(self) -> tuple[str, ...]:
        return self.rng.choices(self.nouns, cum_weights=self.noun_weights)[0]

    def _adj(self, gender: str, plural: bool) -> str:
        masc, fem = self.rng.choices(self.adjectives, cum_weights=self.adj_weights)[0]
        word = fem if gender == "f" else masc
        if plural and not word.endswith(("s", "x")):
            word = word[:-1] + "aux" if word.endswith("al") and gender == "m" else word + "s"
        return word

    def _verb(self) -> tuple[str, ...]:
        return self.rng.choices(self.verbs, cum_weights=self.verb_weights)[0]

    def _group(self) -> str:
        singular, plural, gender = self._noun()
        rng = self.rng
        many = rng.random() < 0.35
        word = plural if many else singular
        if many:
            det = rng.choice(("les", "des", "ces", "nos", "plusieurs"))
        elif word[0] in "aeiouhéèêâ":
            det = rng.choice(("l'", "cet " if gender == "m" else "cette ", "notre "))
            det = det if det == "l'" else det
        else:
            det = rng.choice(
                ("le ", "ce ", "notre ", "un ")
                if gender == "m"
                else ("la ", "cette ", "notre ", "une ")
            )
        text = f"{det}{word}" if det.endswith(("'", " ")) else f"{det} {word}"
        if rng.random() < 0.45:
            text += " " + self._adj(gender, many)
        if rng.random() < 0.5:
            text += " " + rng.choice(("et la", "avec le", "sans", "comme le", "dit")) + " "
            text += self._rare()
        if rng.random() < 0.3:
            s2, p2, g2 = self._noun()
            text += " " + rng.choice(("du", "de la", "des", "pour les", "près de la")) + " "
            text += p2 if rng.random() < 0.4 else s2
        return text

    def _place(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"à {rng.choice(self.places)}"
        where = rng.choice(("dans la", "sur la", "près de la"))
        return f"{where} {rng.choice(_STREETS)} {rng.choice(_STREET_NAMES)}"

    def sentence(self) -> str:
        rng = self.rng
        roll = rng.random()
        inf, sing, plur, part, cond = self._verb()
        if roll < 0.3:
            text = f"{self._group()} {rng.choice((sing, cond))} {self._group()}"
        elif roll < 0.5:
            text = f"il faudrait {inf} {self._group()} {self._place()}"
        elif roll < 0.65:
            of = rng.choice(("du", "des"))
            text = f"{self._group()} a été {part} sans tenir compte {of} {self._noun()[1]}"
        elif roll < 0.78:
            amount = rng.choice((2, 3, 5, 8, 12, 15, 40, 120, 350))
            unit = rng.choice(
                ("millions d'euros", "minutes", "mètres", "kilomètres", "arbres", "places")
            )
            text = f"{self._group()} représente {amount} {unit} de plus {self._place()}"
        elif roll < 0.9:
            other = self._verb()[0]
            text = f"pourquoi ne pas {inf} {self._group()} plutôt que de {other} {self._group()}"
        else:
            text = f"{self._group()} et {self._group()} {plur} {self._group()} {self._place()}"
        opener = rng.choice(_OPENERS)
        text = f"{opener} {text}" if opener else text
        text = text[0].upper() + text[1:]
        return text + (
            "?" if text.startswith(("Pourquoi", "Je ne comprends")) and rng.random() < 0.5 else "."
        )

    def title(self) -> str:
        rng = self.rng
        singular, plural, gender = self._noun()
        roll = rng.random()
        if roll < 0.4:
            noun = plural if rng.random() < 0.3 else singular
            return f"{noun.capitalize()} {self._adj(gender, False)}"
        if roll < 0.7:
            return f"{self._verb()[0].capitalize()} {self._group()}"
        return self._group().capitalize()

    def body(self) -> str:
        rng = self.rng
        # Lengths of real contributions: log-normal, median ~70 words; 3 % are long papers.
        words_wanted = int(math.exp(rng.gauss(4.25, 0.7)))
        if rng.random() < 0.03:
            words_wanted = rng.randint(400, 1500)
        paragraphs, sentences, count = [], [], 0
        while count < words_wanted:
            sentence = self.sentence()
            if rng.random() < 0.08:
                inf = self._verb()[0]
                sentence = rng.choice(_QUESTIONS).format(
                    noun_pl=self._group(),
                    verb=inf,
                    det="le",
                    noun=self._noun()[0],
                    adj=self._adj("m", False),
                    place=self._place(),
                )
            sentences.append(sentence)
            count += sentence.count(" ") + 1
            if len(sentences) >= rng.randint(3, 6):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        if rng.random() < 0.2:
            paragraphs.append(rng.choice(_CLOSERS))
        return "\n\n".join(paragraphs)


_KINDS = (Kind.OPINION,) * 6 + (Kind.QUESTION,) * 2 + (Kind.PROPOSAL,) * 2
_CHANNELS = (Channel.ONLINE,) * 12 + (
    Channel.PUBLIC_MEETING,
    Channel.WORKSHOP,
    Channel.PAPER,
    Channel.LETTER,
    Channel.EMAIL,
    Channel.MOBILE_DEBATE,
)


def contributions(count: int, seed: int = 2026) -> Iterator[SyntheticContribution]:
    """``count`` synthetic contributions, always the same for the same seed."""
    writer = _Writer(seed)
    rng = writer.rng
    span = 90 * 24 * 60  # three months of debate
    theme_weights = _zipf_weights(len(THEMES), 0.6)
    for _index in range(count):
        theme = rng.choices(range(len(THEMES)), cum_weights=theme_weights)[0]
        extra = rng.randrange(len(THEMES)) if rng.random() < 0.2 else None
        body = writer.body()
        yield SyntheticContribution(
            title=writer.title(),
            body=body,
            theme=theme,
            extra_theme=extra if extra != theme else None,
            kind=Kind.STAKEHOLDER_PAPER if len(body) > 3000 else rng.choice(_KINDS),
            channel=rng.choice(_CHANNELS),
            minutes_ago=rng.randrange(span),
        )
