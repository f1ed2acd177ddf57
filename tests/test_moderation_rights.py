"""Who may use each moderation route: every route of the blueprint, seven kinds of visitor.

The routes come from ``app.url_map``: a new route without a decision below fails here.
"""

from __future__ import annotations

import re

import pytest

from forum import mail
from forum.extensions import db
from forum.models import Channel, DebateRole, Role, Status
from moderation import masking
from moderation.models import Contest, Tag, TagFamily
from tests import builders
from tests.builders_moderation import ARTICLE_2, image_bytes, make_team, vocabulary
from tests.conftest import CSRF_INPUT, login

VISITORS = (
    "anonymous",
    "participant",
    "owner",
    "other_moderator",
    "committee",
    "moderator",
    "admin",
)

# Who is allowed, per endpoint. Everyone else: login redirect when anonymous, else 403.
STAFF = {"committee", "moderator", "admin"}
MODERATORS = {"moderator", "admin"}
COMMITTEE = {"committee", "admin"}
ADMINS = {"admin"}
MEMBERS = {"participant", "owner", "other_moderator", "committee", "moderator", "admin"}
AUTHOR = {"participant"}
EVERYONE = set(VISITORS)

RIGHTS = {
    "moderation.queue_page": STAFF,
    "moderation.queue_bulk": MODERATORS,
    "moderation.contribution_page": STAFF,
    "moderation.publish": MODERATORS,
    "moderation.mask": MODERATORS,
    "moderation.restore": MODERATORS,
    "moderation.refile": MODERATORS,
    "moderation.change_kind": MODERATORS,
    "moderation.duplicate": MODERATORS,
    "moderation.lock": MODERATORS,
    "moderation.unlock": MODERATORS,
    "moderation.redact": MODERATORS,
    "moderation.dismiss_flags": MODERATORS,
    "moderation.attach_tag": STAFF,
    "moderation.detach_tag": STAFF,
    "moderation.vocabulary": STAFF,
    "moderation.create_tag": MODERATORS,
    "moderation.default_tags": MODERATORS,
    "moderation.rename_tag": MODERATORS,
    "moderation.delete_tag": MODERATORS,
    "moderation.entry.enter_offline": MODERATORS,
    "moderation.entry.import_csv": MODERATORS,
    "moderation.entry.import_confirm": MODERATORS,
    "moderation.staff_journal": STAFF,
    "moderation.edit_charter": MODERATORS,
    "moderation.people.suspend": MODERATORS,
    "moderation.people.lift_suspension": MODERATORS,
    "moderation.people.contest_list": COMMITTEE,
    "moderation.people.contest_page": COMMITTEE,
    "moderation.people.team_page": COMMITTEE,
    "moderation.people.revoke_role": COMMITTEE,
    "moderation.admin.account_suspension": ADMINS,
    "moderation.admin.lift_account_suspension": ADMINS,
    "moderation.admin.outbox": ADMINS,
    "moderation.admin.outbox_message": ADMINS,
    "moderation.admin.site_journal": ADMINS,
    # The committee's console, and the administrators' list of debates.
    "moderation.console.debates_list": ADMINS,
    "moderation.console.new_debate": ADMINS,
    "moderation.console.home": COMMITTEE,
    "moderation.console.settings": COMMITTEE,
    "moderation.console.themes": COMMITTEE,
    "moderation.console.edit_theme": COMMITTEE,
    "moderation.console.move_theme": COMMITTEE,
    "moderation.console.retire_theme": COMMITTEE,
    "moderation.console.restore_theme": COMMITTEE,
    # Participant-facing parts.
    "moderation.public.flag": MEMBERS,
    "moderation.public.contest": AUTHOR,
    "moderation.public.public_journal": EVERYONE,
    "moderation.public.scan": EVERYONE,
}


@pytest.fixture
def world(app, client):
    team = make_team("tram")
    tags = vocabulary(team.debate)
    item = builders.make_contribution(team.debate, team.participant, title="Un avis")
    masked = builders.make_contribution(team.debate, team.participant, title="Masqué")
    masking.mask(masked, team.moderator, "Insulte.", ARTICLE_2)
    contest_row = Contest(
        journal_entry_id=db.session.scalar(db.select(db.func.max(builders_journal_id()))),
        contribution_id=masked.id,
        author_id=team.participant.id,
        text="Je conteste.",
    )
    db.session.add(contest_row)
    target = builders.make_user("Cible")
    # Suspension pages know only those who took part in the debate.
    builders.make_contribution(team.debate, target, title="L'avis de la cible")
    scanned = builders.make_contribution(
        team.debate, team.moderator, title="Registre", channel=Channel.PAPER
    )
    from moderation.uploads import store_scan

    stored = store_scan(image_bytes())
    scanned.scan_file, scanned.scan_type = stored.filename, stored.mimetype
    db.session.commit()
    clients = {}
    for visitor in VISITORS:
        visitor_client = app.test_client()
        user = None if visitor == "anonymous" else getattr(team, visitor)
        if user is not None:
            login(visitor_client, user)
        page = visitor_client.get("/login" if user is None else "/")
        visitor_client.token = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)
        clients[visitor] = visitor_client
    return {
        "team": team,
        "tags": tags,
        "item": item,
        "masked": masked,
        "contest": contest_row,
        "target": target,
        "scanned": scanned,
        "clients": clients,
    }


def builders_journal_id():
    from moderation.models import JournalEntry

    return JournalEntry.id


def _values(world, endpoint: str, arguments: set[str]) -> dict:
    """Real ids for a route's arguments (fresh ones where the route destroys its target)."""
    team = world["team"]
    values = {}
    if "slug" in arguments:
        values["slug"] = team.debate.slug
    if "contribution_id" in arguments:
        values["contribution_id"] = (
            world["masked"].id
            if endpoint == "moderation.public.contest"
            else world["scanned"].id
            if endpoint == "moderation.public.scan"
            else world["item"].id
        )
    if "tag_id" in arguments:
        if endpoint == "moderation.delete_tag":
            fresh = Tag(
                debate_id=team.debate.id,
                family=TagFamily.CURATION,
                slug=f"jetable-{db.session.scalar(db.select(db.func.count()).select_from(Tag))}",
                name="Jetable",
            )
            db.session.add(fresh)
            db.session.commit()
            values["tag_id"] = fresh.id
        else:
            values["tag_id"] = world["tags"]["pro"].id
    if "user_id" in arguments:
        values["user_id"] = world["target"].id
    if "contest_id" in arguments:
        values["contest_id"] = world["contest"].id
    if "role_id" in arguments:
        member = builders.make_user()
        row = DebateRole(user_id=member.id, debate_id=team.debate.id, role=Role.COMMITTEE)
        db.session.add(row)
        db.session.commit()
        values["role_id"] = row.id
    if "theme_id" in arguments:
        values["theme_id"] = team.debate.themes[-1].id
    if "name" in arguments:  # an e-mail of the outbox
        outbox = mail.outbox_dir()
        outbox.mkdir(parents=True, exist_ok=True)
        values["name"] = "20260101-000000-1-0a1b2c3d.eml"
        (outbox / values["name"]).write_bytes(b"Subject: Essai\nTo: a@example.org\n\nCorps.\n")
    return values


def _expand(rule, values: dict) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: str(values[m.group(1)]), rule.rule)


def test_every_moderation_route_gives_each_visitor_exactly_the_right_answer(app, world):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("moderation.")]
    endpoints = {r.endpoint for r in rules}
    assert endpoints == set(RIGHTS), (
        f"routes without a rights decision: {sorted(endpoints - set(RIGHTS))}; "
        f"decisions without a route: {sorted(set(RIGHTS) - endpoints)}"
    )
    wrong = []
    checked = 0
    for rule in sorted(rules, key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for visitor in VISITORS:
                url = _expand(rule, _values(world, rule.endpoint, set(rule.arguments)))
                visitor_client = world["clients"][visitor]
                if method == "GET":
                    response = visitor_client.get(url)
                else:
                    response = visitor_client.post(url, data={"csrf_token": visitor_client.token})
                checked += 1
                got = _answer(response)
                expected = (
                    "allowed"
                    if visitor in RIGHTS[rule.endpoint]
                    else "login"
                    if visitor == "anonymous"
                    else "forbidden"
                )
                if got != expected:
                    wrong.append(
                        f"{method} {url} as {visitor}: {got} "
                        f"({response.status_code}), expected {expected}"
                    )
    assert wrong == []
    assert checked >= len(rules) * len(VISITORS)


def _answer(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303) and "/login" in location:
        return "login"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code in (200, 302, 303, 422):
        return "allowed"
    return f"status {response.status_code}"


def test_the_owner_sees_nothing_that_is_not_public(client, world):
    team = world["team"]
    pending = builders.make_contribution(team.debate, team.participant, status=Status.PENDING)
    owner = world["clients"]["owner"]
    assert owner.get(f"/contributions/{pending.id}").status_code == 404
    page = owner.get(f"/contributions/{world['item'].id}").get_data(as_text=True)
    assert "/moderation/tram/" not in page
    assert owner.get("/moderation/tram/").status_code == 403
