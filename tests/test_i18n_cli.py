"""Operators' commands speak the site's language (PALABRE_LANGUAGE), French or English."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Role
from forum.search import enqueue
from tests import builders

SITE_LANGUAGES = [{"BABEL_DEFAULT_LOCALE": "fr"}, {"BABEL_DEFAULT_LOCALE": "en"}]
SENT = {"fr": "envoyés : 0, en échec : 0", "en": "sent: 0, failed: 0"}
GRANTED = {
    "fr": "Alice a désormais le rôle « Équipe de modération » dans le débat tram",
    "en": "Alice now has the role “Moderator” in the debate tram",
}


def succeeded(runner, args: list[str]) -> str:
    """The output of the command ``args``, which must have succeeded."""
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_send_mail_reports_in_the_sites_language(app, runner, app_config):
    said = succeeded(runner, ["send-mail"])
    assert said.strip() == SENT[app_config["BABEL_DEFAULT_LOCALE"]]


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_grant_reports_in_the_sites_language(app, runner, app_config):
    builders.make_user("Alice", email="alice@example.org")
    builders.make_debate("tram")
    result = succeeded(runner, ["grant", "alice@example.org", Role.MODERATOR.value, "tram"])
    assert result.strip() == GRANTED[app_config["BABEL_DEFAULT_LOCALE"]]


IMPORTED = {
    "fr": [
        "ligne 3 : ",
        "1 ligne(s) valide(s), 1 rejetée(s).",
        "Essai à blanc : rien n'a été enregistré.",
    ],
    "en": ["line 3: ", "1 valid row(s), 1 rejected.", "Dry run: nothing was written."],
}
UNKNOWN_DEBATE = {
    "fr": "Aucun débat n'a l'adresse « bus ».",
    "en": "No debate has the address “bus”.",
}
IMPORT_CSV = (
    "kind,channel,date,event,attribution,themes,title,body\n"
    "opinion,paper,2026-01-05,Registre de la mairie,,{theme},Un avis,Le tracé est bien.\n"
    "remarque,paper,2026-01-05,Registre,,{theme},Titre,Texte\n"
)


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_import_contributions_reports_in_the_sites_language(app, runner, app_config, tmp_path):
    debate = builders.make_debate("tram")
    path = tmp_path / "registre.csv"
    path.write_text(IMPORT_CSV.format(theme=debate.themes[0].slug), encoding="utf-8")
    language = app_config["BABEL_DEFAULT_LOCALE"]
    result = succeeded(runner, ["import-contributions", "tram", str(path), "--dry-run"])
    for line in IMPORTED[language]:
        assert line in result, (line, result)
    unknown = runner.invoke(args=["import-contributions", "bus", str(path)])
    assert unknown.exit_code == 1
    assert UNKNOWN_DEBATE[language] in unknown.output


REINDEX_CHECKED = {
    "fr": [
        "1 contribution comparée avec l'index de recherche",
        "  absentes de l'index, ajoutées : 0",
        "  périmées dans l'index, mises à jour : 0",
        "  dans l'index sans contribution, retirées : 0",
        "l'index est à jour",
    ],
    "en": [
        "checked 1 contribution against the search index",
        "  missing from the index, added: 0",
        "  stale in the index, updated: 0",
        "  in the index without a contribution, removed: 0",
        "the index is in step",
    ],
}
WORKER_DONE = {
    "fr": ["1 tâche d'indexation appliquée", "terminé : 1 tâche d'indexation appliquée"],
    "en": ["applied 1 index task", "done: 1 index task applied"],
}


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_search_commands_report_in_the_sites_language(app, runner, app_config):
    language = app_config["BABEL_DEFAULT_LOCALE"]
    item = builders.make_contribution(builders.make_debate("tram"), builders.make_user("Alice"))
    enqueue(item.id)
    db.session.commit()
    worker = succeeded(runner, ["search-worker", "--once"])
    assert worker.splitlines() == WORKER_DONE[language]
    checked = succeeded(runner, ["reindex", "--check"])
    assert checked.splitlines() == REINDEX_CHECKED[language]


PURGED = {
    "fr": ("0 profil serait effacé", "0 profil effacé"),
    "en": ("0 profiles would be cleared", "0 profiles cleared"),
}


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_purge_profiles_reports_in_the_sites_language(app, runner, app_config):
    would, done = PURGED[app_config["BABEL_DEFAULT_LOCALE"]]
    dry = succeeded(runner, ["purge-profiles", "--dry-run"])
    assert dry.strip() == would
    purged = succeeded(runner, ["purge-profiles"])
    assert purged.strip() == done


DEMO_ACCOUNTS = {
    "fr": [
        "Démo de Palabre — comptes (adresse e-mail / mot de passe) :",
        "(Administration)",
        "(Équipe de modération)",
        "(Commission du débat)",
        "(Maître d'ouvrage)",
        "(Participant)",
    ],
    "en": [
        "Palabre demo — accounts (e-mail / password):",
        "(Administrator)",
        "(Moderator)",
        "(Debate committee)",
        "(Project owner)",
        "(Participant)",
    ],
}
SYNTHETIC = {
    "fr": [
        "participants écrits",
        "contributions écrites",
        "enregistré",
        "Débat « debat-national » : ",
        "L'index de recherche ne les connaît pas encore : lancez flask --app app reindex.",
    ],
    "en": [
        "participants written",
        "contributions written",
        "committed",
        "Debate “debat-national”: ",
        "The search index does not know them yet: run flask --app app reindex.",
    ],
}
SYNTHETIC_AGAIN = {
    "fr": "Le débat « debat-national » existe déjà : rien à faire.",
    "en": "The debate “debat-national” already exists: nothing to do.",
}


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_demo_prints_its_accounts_in_the_sites_language(app, runner, app_config):
    result = succeeded(runner, ["demo"])
    for line in DEMO_ACCOUNTS[app_config["BABEL_DEFAULT_LOCALE"]]:
        assert line in result, (line, result)


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_synthetic_demo_reports_in_the_sites_language(app, runner, app_config):
    language = app_config["BABEL_DEFAULT_LOCALE"]
    result = succeeded(runner, ["demo", "--size", "40"])
    for line in SYNTHETIC[language]:
        assert line in result, (line, result)
    again = runner.invoke(args=["demo", "--size", "40"])
    assert again.output.splitlines()[-1] == SYNTHETIC_AGAIN[language]


RESTORE_REFUSED = {
    "fr": (
        "Cela remplace toute la base par la sauvegarde. Continuer ?",
        "aucune sauvegarde à l'emplacement ",
    ),
    "en": ("This replaces the whole database with the backup. Go on?", "no backup at "),
}


@pytest.mark.parametrize("app_config", SITE_LANGUAGES)
def test_restore_asks_and_refuses_in_the_sites_language(app, runner, app_config, tmp_path):
    question, missing = RESTORE_REFUSED[app_config["BABEL_DEFAULT_LOCALE"]]
    declined = runner.invoke(args=["restore", str(tmp_path / "none.backup")], input="n\n")
    assert declined.exit_code == 1
    assert question in declined.output
    result = runner.invoke(args=["restore", str(tmp_path / "none.backup"), "--yes"])
    assert result.exit_code == 1
    assert f"{missing}{tmp_path / 'none.backup'}" in result.output
