"""Operators' commands speak the site's language (PALABRE_LANGUAGE), French or English."""

from __future__ import annotations

import pytest

from forum.models import Role
from tests import builders

SITE_LANGUAGES = [{"BABEL_DEFAULT_LOCALE": "fr"}, {"BABEL_DEFAULT_LOCALE": "en"}]
SENT = {"fr": "envoyés : 0, en échec : 0", "en": "sent: 0, failed: 0"}
GRANTED = {
    "fr": "Alice a désormais le rôle « Équipe de modération » dans le débat tram",
    "en": "Alice now has the role “Moderator” in the debate tram",
}


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_send_mail_reports_in_the_sites_language(app, runner, app_config):
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == SENT[app_config["BABEL_DEFAULT_LOCALE"]]


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_grant_reports_in_the_sites_language(app, runner, app_config):
    builders.make_user("Alice", email="alice@example.org")
    builders.make_debate("tram")
    result = runner.invoke(args=["grant", "alice@example.org", Role.MODERATOR.value, "tram"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == GRANTED[app_config["BABEL_DEFAULT_LOCALE"]]
