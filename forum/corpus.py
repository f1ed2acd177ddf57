"""Synthetic French contributions, for benchmarks and large demo debates.

The text is made, not collected: sentences assembled from a vocabulary of a public debate
on a transport project (nouns, adjectives and verbs in their inflected forms, place names,
figures), with the word frequencies of real text (a few words very common, most rare) and
the lengths of real contributions (a median of about seventy words, a long tail of
stakeholder papers). The same seed always gives the same corpus.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from forum.models import Channel, Kind

THEMES = (
    "Tracé et stations",
    "Coût et financement",
    "Environnement et paysage",
    "Bruit et chantier",
    "Mobilités douces",
    "Commerces et vie locale",
    "Sécurité",
    "Alternatives au projet",
)

# Nouns as (singular, plural, gender).
_NOUNS = """
tramway tramways m|ligne lignes f|station stations f|arrêt arrêts m|quartier quartiers m
vélo vélos m|piste pistes f|piéton piétons m|trottoir trottoirs m|voiture voitures f|bus bus m
parking parkings m|stationnement stationnements m|chantier chantiers m|bruit bruits m
vibration vibrations f|arbre arbres m|platane platanes m|parc parcs m|jardin jardins m
rivière rivières f|pont ponts m|tunnel tunnels m|viaduc viaducs m|coût coûts m|budget budgets m
impôt impôts m|taxe taxes f|fiscalité fiscalités f|subvention subventions f|emprunt emprunts m
dette dettes f|tarif tarifs m|billet billets m|abonnement abonnements m|commerce commerces m
commerçant commerçants m|marché marchés m|boulangerie boulangeries f|école écoles f
collège collèges m|lycée lycées m|hôpital hôpitaux m|clinique cliniques f|mairie mairies f
gare gares f|aéroport aéroports m|université universités f|étudiant étudiants m
habitant habitants m|riverain riverains m|famille familles f|enfant enfants m
personne personnes f|retraité retraités m|salarié salariés m|entreprise entreprises f
emploi emplois m|logement logements m|immeuble immeubles m|maison maisons f|rue rues f
avenue avenues f|boulevard boulevards m|carrefour carrefours m|rond-point ronds-points m
feu feux m|sécurité sécurités f|accident accidents m|éclairage éclairages m|nuit nuits f
horaire horaires m|fréquence fréquences f|correspondance correspondances f|retard retards m
trajet trajets m|temps temps m|minute minutes f|kilomètre kilomètres m|distance distances f
aménagement aménagements m|projet projets m|étude études f|dossier dossiers m
variante variantes f|alternative alternatives f|tracé tracés m|terminus terminus m
dépôt dépôts m|rame rames f|pollution pollutions f|air airs m|climat climats m
carbone carbones m|énergie énergies f|biodiversité biodiversités f|faune faunes f
flore flores f|paysage paysages m|patrimoine patrimoines m|accessibilité accessibilités f
fauteuil fauteuils m|poussette poussettes f|handicap handicaps m|concertation concertations f
réunion réunions f|registre registres m|avis avis m|question questions f|réponse réponses f
maître maîtres m|commission commissions f|élu élus m|métropole métropoles f|commune communes f
département départements m|région régions f|État États m|calendrier calendriers m
travaux travaux m|déviation déviations f|livraison livraisons f|camion camions m
poussière poussières f|inondation inondations f|sol sols m|eau eaux f|nappe nappes f
ombre ombres f|chaleur chaleurs f
""".strip()

# Adjectives as (masculine, feminine); plurals add "s" (or nothing after s/x).
_ADJECTIVES = """
nouveau nouvelle|grand grande|petit petite|long longue|court courte|cher chère|coûteux coûteuse
rapide rapide|lent lente|bruyant bruyante|calme calme|dangereux dangereuse|sûr sûre|vert verte
public publique|privé privée|local locale|central centrale|périphérique périphérique
accessible accessible|indispensable indispensable|inutile inutile|utile utile
prioritaire prioritaire|actuel actuelle|futur future|ancien ancienne|historique historique
naturel naturelle|économique économique|écologique écologique|social sociale|fiscal fiscale
financier financière|insuffisant insuffisante|excessif excessive|raisonnable raisonnable
irréaliste irréaliste|précis précise|flou floue|clair claire|sérieux sérieuse|fragile fragile
protégé protégée|quotidien quotidienne|nocturne nocturne|scolaire scolaire
commercial commerciale|piéton piétonne|cyclable cyclable|souterrain souterraine|aérien aérienne
provisoire provisoire|durable durable
""".strip()

# Verbs as (infinitive, 3rd person singular, 3rd plural, past participle, conditional).
_VERBS = """
desservir dessert desservent desservi desservirait
traverser traverse traversent traversé traverserait|relier relie relient relié relierait
coûter coûte coûtent coûté coûterait|financer finance financent financé financerait
améliorer améliore améliorent amélioré améliorerait
dégrader dégrade dégradent dégradé dégraderait|protéger protège protègent protégé protégerait
supprimer supprime suppriment supprimé supprimerait|créer crée créent créé créerait
réduire réduit réduisent réduit réduirait|augmenter augmente augmentent augmenté augmenterait
aménager aménage aménagent aménagé aménagerait
prolonger prolonge prolongent prolongé prolongerait
déplacer déplace déplacent déplacé déplacerait
préserver préserve préservent préservé préserverait|menacer menace menacent menacé menacerait
faciliter facilite facilitent facilité faciliterait|gêner gêne gênent gêné gênerait
sécuriser sécurise sécurisent sécurisé sécuriserait
élargir élargit élargissent élargi élargirait|planter plante plantent planté planterait
abattre abat abattent abattu abattrait|construire construit construisent construit construirait
étudier étudie étudient étudié étudierait|justifier justifie justifient justifié justifierait
expliquer explique expliquent expliqué expliquerait|prévoir prévoit prévoient prévu prévoirait
respecter respecte respectent respecté respecterait
compenser compense compensent compensé compenserait
informer informe informent informé informerait
consulter consulte consultent consulté consulterait
""".strip()

_OPENERS = (
    "Je pense que",
    "À mon avis,",
    "Il me semble que",
    "Nous constatons que",
    "En tant que riverain, je crains que",
    "Les habitants du quartier estiment que",
    "Notre association considère que",
    "Il faudrait vérifier si",
    "Personne n'a expliqué pourquoi",
    "Le dossier du maître d'ouvrage indique que",
    "Lors de la réunion publique, plusieurs personnes ont dit que",
    "Je ne comprends pas pourquoi",
    "Il est évident que",
    "D'après l'étude,",
    "Concrètement,",
    "Par ailleurs,",
    "En revanche,",
    "Surtout,",
    "De plus,",
    "Pourtant,",
    "",
    "",
    "",
)
_CLOSERS = (
    "Merci de nous répondre.",
    "Je souhaite une réponse précise du maître d'ouvrage.",
    "C'est une question de bon sens.",
    "Il faut en tenir compte.",
    "Je reste disponible pour en parler.",
    "Voilà mon avis.",
)
_PLACES_A = ("Saint", "Mont", "Belle", "Haute", "Val", "Pont", "Champ", "Bois", "Roche", "Font")
_PLACES_B = (
    "orens",
    "combe",
    "ville",
    "mare",
    "garde",
    "lieu",
    "roux",
    "brune",
    "vallon",
    "bruyère",
    "moulin",
    "croix",
)
_STREETS = ("rue", "avenue", "allée", "chemin", "place", "boulevard", "impasse")
_STREET_NAMES = (
    "des Tilleuls",
    "Jean-Jaurès",
    "de la République",
    "Victor-Hugo",
    "des Écoles",
    "du Moulin",
    "de la Gare",
    "Pasteur",
    "des Lilas",
    "du Stade",
    "Gambetta",
    "de l'Église",
)
_QUESTIONS = (
    "Combien coûtera {noun_pl} ?",
    "Pourquoi ne pas {verb} {det} {noun} ?",
    "Qui va {verb} {det} {noun} pendant les travaux ?",
    "Quand saurons-nous si {det} {noun} sera {adj} ?",
    "Le maître d'ouvrage peut-il {verb} {det} {noun} {place} ?",
)


@dataclass(frozen=True)
class SyntheticContribution:
    title: str
    body: str
    theme: int  # index in THEMES
    extra_theme: int | None
    kind: Kind
    channel: Channel
    minutes_ago: int


def _parse(table: str, width: int) -> list[tuple[str, ...]]:
    rows = []
    for line in table.split("\n"):
        for entry in line.split("|"):
            parts = tuple(entry.split())
            if len(parts) == width:
                rows.append(parts)
    return rows


NOUNS = _parse(_NOUNS, 3)
ADJECTIVES = _parse(_ADJECTIVES, 2)
VERBS = _parse(_VERBS, 5)


_ONSETS = (
    "b",
    "br",
    "c",
    "ch",
    "cl",
    "d",
    "f",
    "fl",
    "g",
    "gr",
    "j",
    "l",
    "m",
    "n",
    "p",
    "pl",
    "pr",
    "r",
    "s",
    "t",
    "tr",
    "v",
)
_VOWELS = ("a", "e", "i", "o", "u", "ou", "é", "ai", "au", "an", "on", "in")
_NOUN_ENDINGS = ("ation", "ement", "ité", "age", "eur", "ure", "oir", "ance", "isme", "ade")
_ADJ_ENDINGS = ("ique", "able", "aire", "el", "eux", "if", "ien")
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
