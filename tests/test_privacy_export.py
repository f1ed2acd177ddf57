"""The data export holds everything Palabre keeps on the person — written by them or about
them — and no table that refers to a person can be left out of it unnoticed."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

from forum import notifications, privacy
from forum.extensions import db
from forum.models import Contribution, Kind
from moderation import contests, masking, suspension, tags
from moderation.models import Contest, ContestOutcome
from synthesis import report
from tests import builders
from tests.builders_moderation import ARTICLE_2, image_bytes, make_team, vocabulary
from tests.conftest import login, post_form

# Columns that name a person without a foreign key (the journal keeps plain ids).
PERSON_COLUMN = re.compile(
    r"(^|_)(user_id|author_id|actor_id)$|_by_id$|(^|(?<!by)_)(email|address)$"
)


def _export(client) -> str:
    response = client.get("/account/export")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def _posted(response) -> Contribution:
    assert response.status_code == 302, response.get_data(as_text=True)
    contribution_id = int(re.search(r"/contributions/(\d+)", response.location).group(1))
    return db.session.get(Contribution, contribution_id)


def test_the_export_holds_everything_written_by_or_about_me(app, client):
    team = make_team("tram")
    debate, me, moderator = team.debate, team.participant, team.moderator
    other = builders.make_user("Dominique")
    theirs = builders.make_contribution(debate, other, title="Un autre avis")
    login(client, me)
    theme = str(debate.themes[0].id)

    opinion = _posted(
        post_form(
            client,
            f"/debates/{debate.slug}/contribute",
            {
                "kind": "opinion",
                "title": "Avis MARQUEUR-AVIS",
                "body": "Texte MARQUEUR-TEXTE",
                "themes": theme,
                "photos-0-file": (io.BytesIO(image_bytes("PNG")), "jardin.png"),
                "photos-0-alt_text": "Photo MARQUEUR-PHOTO",
            },
            content_type="multipart/form-data",
        )
    )
    question = _posted(
        post_form(
            client,
            f"/debates/{debate.slug}/contribute",
            {
                "kind": "question",
                "title": "Question MARQUEUR-QUESTION",
                "body": "Pourquoi ?",
                "themes": theme,
            },
        )
    )
    reply = _posted(
        post_form(
            client,
            f"/contributions/{theirs.id}/reply",
            {"relation": "objects", "kind": "opinion", "body": "Réponse MARQUEUR-REPONSE"},
        )
    )
    flagged = post_form(
        client,
        f"/contributions/{theirs.id}/flag",
        {"reason": "off_topic", "note": "Note MARQUEUR-SIGNALEMENT"},
    )
    assert flagged.status_code == 302
    # Others' flags on my words stay theirs: who reported whom is not for me to learn.
    other_client = app.test_client()
    login(other_client, other)
    post_form(
        other_client,
        f"/contributions/{opinion.id}/flag",
        {"reason": "other", "note": "Note MARQUEUR-AUTRUI"},
    )

    # A moderator masks my opinion (I am told the reason) and tags it with a working note.
    masking.mask(opinion, moderator, "Raison MARQUEUR-MASQUAGE", ARTICLE_2)
    tags.attach(reply, vocabulary(debate)["weak-signal"], moderator, "Note MARQUEUR-INTERNE")
    contested = post_form(
        client, f"/contributions/{opinion.id}/contest", {"text": "Contestation MARQUEUR-CONTEST"}
    )
    assert contested.status_code == 302
    contests.answer_contest(
        db.session.scalar(db.select(Contest)),
        team.committee,
        ContestOutcome.UPHELD,
        "Réponse MARQUEUR-DECISION",
    )
    suspension.suspend(
        debate, moderator, me, "Raison MARQUEUR-SUSPENSION", date.today() + timedelta(days=3)
    )
    suspension.lift(debate, moderator, me, "Levée MARQUEUR-LEVEE")
    # (a suspension from one debate leaves my session as it is)

    kinds = notifications.kinds_for(me)
    saved = post_form(
        client,
        "/account/notifications",
        {f"site_{kind}": "y" for kind in kinds},  # no e-mail of any kind
    )
    assert saved.status_code == 302

    text = _export(client)
    data = json.loads(text)
    for marker in (
        "MARQUEUR-AVIS",
        "MARQUEUR-TEXTE",
        "MARQUEUR-PHOTO",
        "MARQUEUR-QUESTION",
        "MARQUEUR-REPONSE",
        "MARQUEUR-SIGNALEMENT",
        "MARQUEUR-MASQUAGE",
        "MARQUEUR-CONTEST",
        "MARQUEUR-DECISION",
        "MARQUEUR-SUSPENSION",
        "MARQUEUR-LEVEE",
    ):
        assert marker in text, marker
    assert "MARQUEUR-AUTRUI" not in text and "MARQUEUR-INTERNE" not in text
    assert other.email not in text and moderator.email not in text

    assert data["account"]["email"] == me.email and data["account"]["charter_accepted_at"]
    by_id = {item["id"]: item for item in data["contributions"]}
    assert by_id[question.id]["kind"] == Kind.QUESTION.value
    assert by_id[reply.id]["parent_id"] == theirs.id
    assert by_id[opinion.id]["status"] == "masked" and by_id[opinion.id]["mask_article"]
    [photo] = by_id[opinion.id]["photos"]
    assert photo["type"] == "image/png" and photo["width"] > 0
    [flag] = data["flags"]
    assert (flag["contribution_id"], flag["reason"]) == (theirs.id, "off_topic")
    [contest] = data["contests"]
    assert contest["outcome"] == "upheld"
    assert {"mask", "suspend", "lift_suspension"} <= {
        entry["action"] for entry in data["moderation_decisions_about_me"]
    }
    assert any(n["kind"] == "masked" for n in data["notifications"])
    assert data["emails_waiting"]  # the masking was mailed before I turned mail off
    assert not any(choice["by_email"] for choice in data["notification_preferences"].values())
    assert "kept" in data["sessions"]


def test_the_export_holds_what_staff_did(app, client):
    team = make_team("tram")
    debate, committee = team.debate, team.committee
    item = builders.make_contribution(debate, team.participant, title="Un avis")
    tags.attach(item, vocabulary(debate)["weak-signal"], committee, "Note MARQUEUR-ETIQUETTE")
    draft = report.start_report(debate, committee)
    report.save_section(
        debate,
        draft.sections[1],
        committee,
        "Par thème",
        "Texte MARQUEUR-SECTION",
        "Note MARQUEUR-REVISION",
    )
    login(client, committee)

    text = _export(client)

    for marker in ("MARQUEUR-ETIQUETTE", "MARQUEUR-SECTION", "MARQUEUR-REVISION"):
        assert marker in text, marker
    data = json.loads(text)
    assert {"debate": debate.slug, "role": "committee"} in [
        {"debate": role["debate"], "role": role["role"]} for role in data["roles"]
    ]
    assert team.participant.email not in text


def _tables_referring_to_a_person() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, table in db.Model.metadata.tables.items():
        columns = [
            column.name
            for column in table.columns
            if any(key.column.table.name == "users" for key in column.foreign_keys)
            or PERSON_COLUMN.search(column.name)
        ]
        if columns or name == "users":
            found[name] = columns
    return found


def test_every_table_that_refers_to_a_person_is_exported_or_declared(app):
    found = _tables_referring_to_a_person()
    # The enumeration itself is sound: it sees the tables it must see.
    assert {"users", "contributions", "flags", "moderation_journal", "outgoing_mails"} <= set(found)
    forgotten = {
        name: columns
        for name, columns in found.items()
        if name not in privacy.covered_tables() and name not in privacy.not_personal
    }
    assert not forgotten, (
        "tables that refer to a person but are neither exported (forum.privacy.register) "
        f"nor declared not personal (forum.privacy.declare_not_personal): {forgotten}"
    )
    # And no part claims a table that does not exist.
    known = set(db.Model.metadata.tables)
    assert privacy.covered_tables() | set(privacy.not_personal) <= known
