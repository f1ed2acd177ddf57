"""A journal entry keeps codes, said in its reader's language: an English-speaking moderator's
act reads in French to a French reader, and the reverse."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from moderation.models import JournalAction
from moderation.template_helpers import TemplateHelpers

label = TemplateHelpers.details_label


@pytest.mark.parametrize(
    ("locale", "redacted", "imported"),
    [
        (
            "fr",
            "3 passages retirés",
            "12 contributions importées depuis registre.csv (n° 40 à 51)",
        ),
        (
            "en",
            "3 passages redacted",
            "12 contributions imported from registre.csv (#40 to #51)",
        ),
    ],
)
def test_codes_are_said_in_the_readers_language(app, locale, redacted, imported):
    with app.test_request_context("/"), force_locale(locale):
        assert label(JournalAction.REDACT, "3") == redacted
        assert label(JournalAction.REDACT, "1").startswith("1 passage ")
        assert label(JournalAction.IMPORT, "12 40 51 registre.csv") == imported
        assert label(JournalAction.VOCABULARY, "+ curation: Signal faible").startswith("+ ")
        assert "curation:" not in label(JournalAction.VOCABULARY, "+ curation: Signal faible")
        # Entries written before codes were kept read as they were written.
        assert label(JournalAction.REDACT, "2 passage(s) redacted") == "2 passage(s) redacted"
