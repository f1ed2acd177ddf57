"""Every message of the interface has its French translation and its English entry.

The catalogue is extracted from the source exactly as ``make extract-messages`` does (the
Makefile's own ``pybabel extract`` line, written into a temporary file), then compared with
``translations/fr`` (a translation, not fuzzy, for each message) and ``translations/en``.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _extract_command(output: Path) -> list[str]:
    """The Makefile's extraction command, its output sent to ``output``."""
    recipe = ROOT.joinpath("Makefile").read_text()
    line = re.search(r"^\t\$\(BIN\)/pybabel extract (.+?)(?: >/dev/null)?$", recipe, re.M)
    assert line, "the Makefile's extract-messages recipe has no `pybabel extract` line"
    arguments = shlex.split(line.group(1))
    arguments[arguments.index("-o") + 1] = str(output)
    return [str(BIN / "pybabel"), "extract", *arguments]


def _catalogue(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def test_every_message_has_a_french_translation_and_an_english_entry(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(_extract_command(template), cwd=ROOT, check=True, capture_output=True)
    extracted = [m for m in _catalogue(template) if m.id]
    assert len(extracted) > 1000, "the extraction found almost nothing: is babel.cfg read?"

    french = _catalogue(ROOT / "translations/fr/LC_MESSAGES/messages.po", "fr")
    english = _catalogue(ROOT / "translations/en/LC_MESSAGES/messages.po", "en")
    untranslated, fuzzy, missing_en = [], [], []
    for message in extracted:
        where = f"{message.id!r} ({message.locations[0][0]}:{message.locations[0][1]})"
        found = french.get(message.id, message.context)
        if found is None or not _translated(found):
            untranslated.append(where)
        elif found.fuzzy:
            fuzzy.append(where)
        if english.get(message.id, message.context) is None:
            missing_en.append(where)
    assert not untranslated, "without a French translation:\n" + "\n".join(untranslated)
    assert not fuzzy, "French translations marked fuzzy:\n" + "\n".join(fuzzy)
    assert not missing_en, "missing from translations/en:\n" + "\n".join(missing_en)
