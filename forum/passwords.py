"""Password rules: long enough, and not one that attackers try first."""

from __future__ import annotations

from functools import cache

PASSWORD_MIN = 10

# Common French choices that the (mostly English) list below does not hold.
_FRENCH_COMMON = [
    "motdepasse",
    "motdepasse1",
    "motdepasse123",
    "azertyuiop",
    "azertyuiop1",
    "azerty1234",
    "azerty12345",
    "azerty123456",
    "jetaime123",
    "jetaimemonamour",
    "bonjour123",
    "bonjour1234",
    "soleil1234",
    "soleil12345",
    "doudou1234",
    "chouchou12",
    "chocolat12",
    "chocolat123",
    "marseille13",
    "parisienne",
    "loulou1234",
    "vivelafrance",
    "allezlom13",
    "princesse1",
    "nicolas123",
    "camille123",
    "toulouse31",
    "bordeaux33",
    "lyon696969",
    "0123456789",
    "1234567890",
    "administrateur",
    "utilisateur",
    "palabre123",
    "palabredebat",
]


@cache
def _common() -> frozenset[str]:
    """The 30,000 most frequent leaked passwords (zxcvbn's list) and French favourites.

    zxcvbn's lists weigh ~13 MB: loaded by the first password check, not at start."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_FRENCH_COMMON)


def is_common(password: str) -> bool:
    """True if the password (ignoring case and surrounding spaces) is a common one."""
    return password.strip().lower() in _common()
