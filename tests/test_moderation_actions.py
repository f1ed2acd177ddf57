"""Each moderation action, through its page: what it changes, and the journal row it writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from forum.extensions import db
from forum.models import (
    Contribution,
    DebateSuspension,
    IndexTask,
    Kind,
    ModerationMode,
    Notification,
    Status,
)
from moderation import tags
from moderation.journal import JournalIsAppendOnly
from moderation.labels import ACTION, OUTCOME
from moderation.models import (
    Contest,
    ContestOutcome,
    ContributionTag,
    JournalAction,
    JournalEntry,
    Tag,
    TagFamily,
)
from moderation.redaction import redaction_mark
from tests import builders
from tests.builders_moderation import (
    ARTICLE_2,
    ARTICLE_3,
    journal_rows,
    mails_to,
    make_team,
    reload,
    vocabulary,
)
from tests.conftest import login, post_form


@pytest.fixture
def team(app):
    return make_team()


@pytest.fixture
def item(team):
    return builders.make_contribution(
        team.debate,
        team.participant,
        title="Un avis",
        body="Le tracé devrait passer par l'hôpital.",
    )


def page_url(team, item, action=""):
    base = f"/moderation/{team.debate.slug}/contributions/{item.id}"
    return f"{base}/{action}" if action else base


def act(client, team, item, action, data):
    return post_form(client, page_url(team, item, action), data, form_url=page_url(team, item))


def notifications_of(user, kind):
    return list(
        db.session.scalars(
            db.select(Notification).where(
                Notification.user_id == user.id, Notification.kind == kind
            )
        )
    )


def index_tasks_for(item):
    return db.session.scalars(
        db.select(IndexTask).where(IndexTask.contribution_id == item.id)
    ).all()


def test_publish_a_pending_contribution(client, app):
    team = make_team("apriori", moderation_mode=ModerationMode.A_PRIORI)
    item = builders.make_contribution(team.debate, team.participant, status=Status.PENDING)
    login(client, team.moderator)

    response = act(client, team, item, "publish", {"reason": ""})

    assert response.status_code == 302
    assert reload(item).status == Status.PUBLISHED
    [row] = journal_rows(JournalAction.PUBLISH)
    assert (row.actor_id, row.contribution_id, row.debate_id) == (
        team.moderator.id,
        item.id,
        team.debate.id,
    )
    assert notifications_of(team.participant, "published")


def test_mask_leaves_a_notice_with_reason_and_article_and_keeps_the_thread(client, team, item):
    reply = builders.make_contribution(
        team.debate, team.committee, title="", parent=item, body="Je réponds."
    )
    login(client, team.moderator)
    before = len(index_tasks_for(item))

    response = act(
        client, team, item, "mask", {"article": ARTICLE_2, "reason": "Attaque contre un voisin."}
    )

    assert response.status_code == 302
    stored = reload(item)
    assert stored.status == Status.MASKED
    assert (stored.mask_reason, stored.mask_article) == ("Attaque contre un voisin.", ARTICLE_2)
    [row] = journal_rows(JournalAction.MASK)
    assert (row.reason, row.charter_article, row.actor_id) == (
        "Attaque contre un voisin.",
        ARTICLE_2,
        team.moderator.id,
    )
    assert len(index_tasks_for(item)) == before + 1
    # The author is told why: in the site, and by e-mail.
    [note] = notifications_of(team.participant, "masked")
    assert "Attaque contre un voisin." in note.message
    [mail] = mails_to(team.participant)
    assert "Attaque contre un voisin." in mail.body and ARTICLE_2 in mail.body
    assert f"/contributions/{item.id}" in mail.body

    # The public page: the notice with reason and article in its place, the reply intact.
    client.post("/logout", data={"csrf_token": ""})
    anonymous = client.application.test_client()
    html = anonymous.get(f"/contributions/{reply.id}").get_data(as_text=True)
    assert "Attaque contre un voisin." in html
    assert ARTICLE_2.split(" — ")[1].replace("'", "&#39;") in html
    assert "Le tracé devrait passer" not in html
    assert "Je réponds." in html


def test_mask_needs_a_reason_and_a_charter_article(client, team, item):
    login(client, team.moderator)
    response = act(client, team, item, "mask", {"article": "", "reason": "Hors charte."})
    assert response.status_code == 422
    response = act(client, team, item, "mask", {"article": ARTICLE_2, "reason": " "})
    assert response.status_code == 422
    assert reload(item).status == Status.PUBLISHED
    assert journal_rows() == []


def test_restore(client, team, item):
    login(client, team.moderator)
    act(client, team, item, "mask", {"article": ARTICLE_2, "reason": "Insulte."})
    response = act(client, team, item, "restore-not-a-route", {})
    assert response.status_code == 404
    response = post_form(
        client,
        page_url(team, item, "restore"),
        {"restore-reason": "Relu : pas d'insulte."},
        form_url=page_url(team, item),
    )
    assert response.status_code == 302
    stored = reload(item)
    assert stored.status == Status.PUBLISHED and stored.mask_reason == ""
    [row] = journal_rows(JournalAction.RESTORE)
    assert row.reason == "Relu : pas d'insulte."
    assert notifications_of(team.participant, "restored")


def test_refile_under_other_themes(client, team, item):
    login(client, team.moderator)
    cost, environment = team.debate.themes[1], team.debate.themes[2]
    response = act(
        client,
        team,
        item,
        "refile",
        {"themes": [cost.id, environment.id], "reason": "Parle du coût."},
    )
    assert response.status_code == 302
    assert {t.id for t in reload(item).themes} == {cost.id, environment.id}
    [row] = journal_rows(JournalAction.REFILE)
    assert row.reason == "Parle du coût." and cost.slug in row.details
    # The theme page lists it now.
    assert "Un avis" in client.get(f"/debates/tram/themes/{cost.slug}").get_data(as_text=True)


def test_change_an_opinion_into_a_question_and_back(client, team, item):
    login(client, team.moderator)
    response = act(
        client, team, item, "kind", {"kind": "question", "reason": "Demande une réponse."}
    )
    assert response.status_code == 302
    assert reload(item).kind == Kind.QUESTION
    act(client, team, item, "kind", {"kind": "opinion", "reason": "Finalement un avis."})
    assert reload(item).kind == Kind.OPINION
    rows = journal_rows(JournalAction.CHANGE_KIND)
    assert [r.details for r in rows] == ["opinion → question", "question → opinion"]


def test_mark_as_duplicate_links_both_ways(client, team, item):
    copy = builders.make_contribution(team.debate, team.committee, title="Le même avis")
    login(client, team.moderator)
    response = act(client, team, copy, "duplicate", {"original": item.id, "reason": "Même idée."})
    assert response.status_code == 302
    assert reload(copy).duplicate_of_id == item.id
    [row] = journal_rows(JournalAction.DUPLICATE)
    assert row.contribution_id == copy.id
    original_page = client.get(f"/contributions/{item.id}").get_data(as_text=True)
    copy_page = client.get(f"/contributions/{copy.id}").get_data(as_text=True)
    assert f'href="/contributions/{copy.id}#c{copy.id}"' in original_page
    assert f'href="/contributions/{item.id}#c{item.id}"' in copy_page


def test_lock_a_thread_refuses_replies(client, team, item):
    reply = builders.make_contribution(team.debate, team.committee, title="", parent=item)
    login(client, team.moderator)
    response = act(client, team, reply, "lock", {"lock-reason": "Le fil tourne en rond."})
    assert response.status_code == 302
    assert reload(item).locked
    [row] = journal_rows(JournalAction.LOCK)
    assert row.contribution_id == item.id

    login_page = client.application.test_client()
    login(login_page, team.participant)
    page = login_page.get(f"/contributions/{item.id}").get_data(as_text=True)
    assert f"/contributions/{item.id}/reply" not in page
    response = post_form(
        login_page,
        f"/contributions/{reply.id}/reply",
        {"relation": "supports", "kind": "opinion", "body": "Encore un mot."},
    )
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Contribution)) == 2

    act(client, team, item, "unlock", {"lock-reason": "On reprend."})
    assert not reload(item).locked
    assert journal_rows(JournalAction.UNLOCK)


def test_redaction_removes_personal_data_for_good_and_leaves_a_mark(client, team):
    item = builders.make_contribution(
        team.debate,
        team.participant,
        title="Mon voisin Jean Dupuis",
        body="Appelez Jean Dupuis au 06 12 34 56 78 (le soir).",
    )
    login(client, team.moderator)
    response = act(
        client,
        team,
        item,
        "redact",
        {"passages": "Jean Dupuis\n06 12 34 56 78", "reason": "Un voisin.", "article": ARTICLE_3},
    )
    assert response.status_code == 302
    stored = reload(item)
    for text_ in (stored.body_source, stored.body_html, stored.title):
        assert "Dupuis" not in text_ and "06 12" not in text_
    assert redaction_mark() in stored.body_html and redaction_mark() in stored.title
    assert "<a" not in stored.body_html  # the mark never becomes a link
    [row] = journal_rows(JournalAction.REDACT)
    assert row.charter_article == ARTICLE_3
    for value in (row.reason, row.details, row.charter_article):
        assert "Dupuis" not in value and "06 12" not in value
    assert redaction_mark() in client.get(f"/contributions/{item.id}").get_data(as_text=True)


def test_redaction_refuses_a_passage_that_is_not_there(client, team, item):
    login(client, team.moderator)
    response = act(client, team, item, "redact", {"passages": "absent", "reason": "Données."})
    assert response.status_code == 422
    assert "absent" in response.get_data(as_text=True)  # the moderator's input is kept
    assert journal_rows() == []


def test_tag_and_untag_by_committee_member_with_a_note(client, team, item):
    tags = vocabulary(team.debate)
    login(client, team.committee)
    response = act(
        client, team, item, "tags", {"tag": tags["weak-signal"].id, "note": "Seul à le dire."}
    )
    assert response.status_code == 302
    link = db.session.get(ContributionTag, (item.id, tags["weak-signal"].id))
    assert (link.note, link.tagged_by_id) == ("Seul à le dire.", team.committee.id)
    [row] = journal_rows(JournalAction.TAG)
    assert row.actor_id == team.committee.id and row.details == tags["weak-signal"].name

    response = post_form(
        client,
        page_url(team, item, f"tags/{tags['weak-signal'].id}/remove"),
        {},
        form_url=page_url(team, item),
    )
    assert response.status_code == 302
    assert db.session.get(ContributionTag, (item.id, tags["weak-signal"].id)) is None
    assert journal_rows(JournalAction.UNTAG)


def test_argument_tags_are_public_curation_tags_are_staff_only(client, team, item):
    tags = vocabulary(team.debate)
    login(client, team.moderator)
    act(client, team, item, "tags", {"tag": tags["pro"].id, "note": ""})
    act(client, team, item, "tags", {"tag": tags["weak-signal"].id, "note": "note interne"})
    for url in (f"/contributions/{item.id}", "/debates/tram/contributions"):
        staff_page = client.get(url).get_data(as_text=True)
        assert tags["weak-signal"].name in staff_page and "note interne" in staff_page
    anonymous = client.application.test_client()
    for url in (f"/contributions/{item.id}", "/debates/tram/contributions"):
        public = anonymous.get(url).get_data(as_text=True)
        assert tags["pro"].name in public
        assert tags["weak-signal"].name not in public and "note interne" not in public


def test_dismiss_flags(client, team, item):
    from moderation import flags as flag_service
    from moderation.models import Flag, FlagReason

    flag_service.flag(item, team.committee, FlagReason.OFF_TOPIC)
    login(client, team.moderator)
    response = post_form(
        client,
        page_url(team, item, "dismiss-flags"),
        {"dismiss-note": "Dans le sujet."},
        form_url=page_url(team, item),
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(Flag)).handled_at is not None
    [row] = journal_rows(JournalAction.DISMISS_FLAGS)
    assert row.reason == "Dans le sujet."


def test_a_debate_suspension_is_journaled_keeps_the_session_and_is_lifted(client, team, item):
    victim_client = client.application.test_client()
    login(victim_client, team.participant)
    assert victim_client.get("/account").status_code == 200

    login(client, team.moderator)
    url = f"/moderation/tram/users/{team.participant.id}/suspend"
    until = (date.today() + timedelta(days=7)).isoformat()
    response = post_form(client, url, {"reason": "Insultes répétées.", "until": until})
    assert response.status_code == 302
    [row] = journal_rows(JournalAction.SUSPEND)
    assert (row.debate_id, row.target_user_id, row.reason, row.details) == (
        team.debate.id,
        team.participant.id,
        "Insultes répétées.",
        until,
    )
    # A suspension from one debate: the session goes on, the account is not suspended;
    # taking part in this debate is refused (tests/test_suspension_scope.py goes further).
    assert victim_client.get("/account").status_code == 200
    db.session.expire_all()
    assert team.participant.is_active and not team.participant.is_suspended
    assert "Insultes répétées." in victim_client.get("/account").get_data(as_text=True)

    response = post_form(
        client,
        f"/moderation/tram/users/{team.participant.id}/lift",
        {"lift-reason": "Excuses."},
        form_url=url,
    )
    assert response.status_code == 302
    [lifted] = journal_rows(JournalAction.LIFT_SUSPENSION)
    assert (lifted.debate_id, lifted.target_user_id) == (team.debate.id, team.participant.id)
    assert "Insultes répétées." not in victim_client.get("/account").get_data(as_text=True)


def test_a_suspension_ends_by_itself_at_its_end_date(team):
    team.participant.suspended_at = builders.utcnow() - timedelta(days=3)
    team.participant.suspended_until = builders.utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert not team.participant.is_suspended and team.participant.is_active


def test_team_members_cannot_be_suspended(client, team):
    # The committee member took part (wrote here): the page knows them, the rule refuses.
    builders.make_contribution(team.debate, team.committee, title="Du comité")
    login(client, team.moderator)
    url = f"/moderation/tram/users/{team.committee.id}/suspend"
    response = post_form(client, url, {"reason": "Essai."})
    assert response.status_code == 403
    assert journal_rows() == []


def test_charter_edit_is_journaled_and_gives_the_articles(client, team):
    login(client, team.moderator)
    response = post_form(
        client, "/moderation/tram/charter", {"charter": "**Article 1 — Respect**\n\nRespectez."}
    )
    assert response.status_code == 302
    assert journal_rows(JournalAction.CHARTER_EDIT)
    item = builders.make_contribution(team.debate, team.participant)
    form = client.get(f"/moderation/tram/contributions/{item.id}")
    assert "Article 1 — Respect" in form.get_data(as_text=True)


def test_admin_gives_and_takes_back_a_role(client, team):
    newcomer = builders.make_user("Nouvelle")
    login(client, team.admin)
    response = post_form(
        client, "/moderation/tram/team", {"account": newcomer.email, "role": "moderator"}
    )
    assert response.status_code == 302
    [row] = journal_rows(JournalAction.ROLE_GRANT)
    assert (row.target_user_id, row.details) == (newcomer.id, "moderator")
    # The owner can never become a moderator.
    response = post_form(
        client, "/moderation/tram/team", {"account": team.owner.email, "role": "moderator"}
    )
    assert response.status_code == 422
    assert len(journal_rows(JournalAction.ROLE_GRANT)) == 1


def test_contest_goes_to_the_committee_and_its_answer_to_the_author(client, team, item):
    # The moderator who decides also sits on the committee: they may not answer.
    builders.grant(team.moderator, team.debate, builders.Role.COMMITTEE)
    login(client, team.moderator)
    act(client, team, item, "mask", {"article": ARTICLE_2, "reason": "Insulte."})

    author = client.application.test_client()
    login(author, team.participant)
    assert "/contest" in author.get(f"/contributions/{item.id}").get_data(as_text=True)
    response = post_form(
        author, f"/contributions/{item.id}/contest", {"text": "Je n'insultais personne."}
    )
    assert response.status_code == 302
    contest = db.session.scalar(db.select(Contest))
    # Once only.
    response = post_form(author, f"/contributions/{item.id}/contest", {"text": "Encore."})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Contest)) == 1
    # It reaches the committee, not the moderator who decided (a committee member too).
    assert notifications_of(team.committee, "new_contest")
    assert notifications_of(team.moderator, "new_contest") == []
    committee_page = client.application.test_client()
    login(committee_page, team.committee)
    assert "Je n&#39;insultais personne." in committee_page.get(
        f"/moderation/tram/contests/{contest.id}"
    ).get_data(as_text=True)
    # A moderator who is not on the committee cannot read contests at all.
    plain_moderator = builders.make_user("Modérateur2")
    builders.grant(plain_moderator, team.debate, builders.Role.MODERATOR)
    other = client.application.test_client()
    login(other, plain_moderator)
    assert other.get(f"/moderation/tram/contests/{contest.id}").status_code == 403

    url = f"/moderation/tram/contests/{contest.id}"
    response = client.get(url)
    assert response.status_code == 200  # readable, but not answerable by the decider
    response = post_form(client, url, {"outcome": "overturned", "answer": "Non."})
    assert response.status_code == 403

    committee = client.application.test_client()
    login(committee, team.committee)
    response = post_form(
        committee, url, {"outcome": "overturned", "answer": "Critique d'une idée."}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert contest.outcome == ContestOutcome.OVERTURNED
    assert reload(item).status == Status.PUBLISHED
    [answer] = journal_rows(JournalAction.CONTEST_ANSWER)
    assert (answer.actor_id, answer.details) == (team.committee.id, "overturned")
    [note] = notifications_of(team.participant, "contest_answered")
    assert "Critique d'une idée." in note.message
    assert any("Critique d'une idée." in m.body for m in mails_to(team.participant))

    # The public journal: the decision, its article, contested and the outcome; no person.
    public = client.application.test_client().get("/debates/tram/moderation-journal")
    html = public.get_data(as_text=True)
    assert ARTICLE_2.split(" — ")[0] in html
    with client.application.test_request_context():
        assert str(OUTCOME[ContestOutcome.OVERTURNED]) in html
        assert str(ACTION[JournalAction.MASK]) in html
    assert "Insulte." not in html and team.moderator.pseudonym not in html
    assert team.participant.pseudonym not in html


def test_the_journal_is_append_only(team, item):
    from moderation import masking

    masking.mask(item, team.moderator, "Insulte.", ARTICLE_2)
    row = db.session.scalar(db.select(JournalEntry))
    row.reason = "autre chose"
    with pytest.raises(JournalIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    row = db.session.scalar(db.select(JournalEntry))
    db.session.delete(row)
    with pytest.raises(JournalIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(JournalIsAppendOnly):
        db.session.execute(db.update(JournalEntry).values(reason="x"))
    db.session.rollback()
    # Below the application, the database refuses too.
    with db.engine.connect() as connection, pytest.raises(Exception, match="append-only"):
        connection.execute(text("UPDATE moderation_journal SET reason = 'x'"))
    with db.engine.connect() as connection, pytest.raises(Exception, match="append-only"):
        connection.execute(text("DELETE FROM moderation_journal"))
    assert db.session.scalar(db.select(JournalEntry)).reason == "Insulte."


def test_staff_journal_lists_and_filters(client, team, item):
    from moderation import masking

    masking.mask(item, team.moderator, "Insulte.", ARTICLE_2)
    masking.restore(item, team.moderator, "Relu.")
    login(client, team.committee)
    html = client.get("/moderation/tram/journal?action=mask").get_data(as_text=True)
    assert "Insulte." in html and "Relu." not in html
    html = client.get("/moderation/tram/journal").get_data(as_text=True)
    assert "Insulte." in html and "Relu." in html


def test_a_role_given_by_the_operator_command_is_journaled_once(app, team):
    newcomer = builders.make_user("Nouvelle", email="nouvelle@example.org")
    runner = app.test_cli_runner()
    for _ in range(2):  # granting twice is harmless, and journaled once
        result = runner.invoke(args=["grant", "nouvelle@example.org", "committee", "tram"])
        assert result.exit_code == 0, result.output
    [row] = journal_rows(JournalAction.ROLE_GRANT)
    assert (row.actor_id, row.target_user_id, row.details) == (None, newcomer.id, "committee")


def test_moderators_manage_the_tag_vocabulary_and_each_change_is_journaled(client, team, item):
    login(client, team.moderator)
    url = "/moderation/tram/tags"
    response = post_form(client, url, {"family": "curation", "name": "À vérifier"})
    assert response.status_code == 302
    tag = db.session.scalar(db.select(Tag).where(Tag.name == "À vérifier"))
    assert tag.family == TagFamily.CURATION
    # The same name twice: refused next to the field, the typed name kept.
    response = post_form(client, url, {"family": "argument", "name": "à vérifier"})
    assert response.status_code == 422 and 'value="à vérifier"' in response.get_data(as_text=True)

    response = post_form(
        client, f"{url}/{tag.id}", {"name": "À recouper", "description": ""}, form_url=url
    )
    assert response.status_code == 302
    assert reload_tag(tag).name == "À recouper"
    assert post_form(client, f"{url}/{tag.id}", {"name": ""}, form_url=url).status_code == 422

    # A tag in use cannot be removed; an unused one can.
    tags.attach(item, reload_tag(tag), team.moderator)
    assert post_form(client, f"{url}/{tag.id}/delete", {}, form_url=url).status_code == 422
    tags.detach(item, reload_tag(tag), team.moderator)
    tag_id = tag.id
    assert post_form(client, f"{url}/{tag_id}/delete", {}, form_url=url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Tag, tag_id) is None

    response = post_form(client, f"{url}/defaults", {}, form_url=url)
    assert response.status_code == 302
    assert {t.slug for t in tags.vocabulary(team.debate)} >= {"pro", "weak-signal"}
    details = [r.details for r in journal_rows(JournalAction.VOCABULARY)]
    assert details[:3] == [
        "+ curation: À vérifier",
        "À vérifier → À recouper",
        "− curation: À recouper",
    ]
    assert len(details) == 4  # and the usual tags, in one row
    assert all(r.actor_id == team.moderator.id for r in journal_rows(JournalAction.VOCABULARY))


def reload_tag(tag):
    db.session.expire_all()
    return db.session.get(Tag, tag.id)


def test_a_suspension_without_end_date_lasts_until_lifted(client, team, item):
    login(client, team.moderator)
    url = f"/moderation/tram/users/{team.participant.id}/suspend"
    response = post_form(client, url, {"reason": "Menaces.", "until": ""})
    assert response.status_code == 302
    [row] = db.session.scalars(db.select(DebateSuspension)).all()
    assert row.until is None and row.in_force and row.reason == "Menaces."
    # A reason is required; an end date in the past is refused.
    other = builders.make_user("Autre")
    builders.make_contribution(team.debate, other, title="Autre avis")
    url = f"/moderation/tram/users/{other.id}/suspend"
    assert post_form(client, url, {"reason": ""}).status_code == 422
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert post_form(client, url, {"reason": "x", "until": yesterday}).status_code == 422
    assert len(journal_rows(JournalAction.SUSPEND)) == 1
    # The public journal lists the decision, never whom it concerns nor the reason.
    html = client.application.test_client().get("/debates/tram/moderation-journal")
    html = html.get_data(as_text=True)
    assert team.participant.pseudonym not in html and "Menaces." not in html
    with client.application.test_request_context():
        assert str(ACTION[JournalAction.SUSPEND]) in html


def test_staff_journal_filters_by_person_contribution_and_day(client, team, item):
    from moderation import masking

    other = builders.make_contribution(team.debate, team.participant, title="Autre")
    masking.mask(item, team.moderator, "Insulte.", ARTICLE_2)
    masking.mask(other, team.admin, "Publicité.", ARTICLE_2)
    login(client, team.committee)
    base = "/moderation/tram/journal"

    def shown(query):
        html = client.get(f"{base}?{query}").get_data(as_text=True)
        return {reason for reason in ("Insulte.", "Publicité.") if reason in html}

    assert shown(f"actor={team.moderator.id}") == {"Insulte."}
    assert shown(f"contribution={other.id}") == {"Publicité."}
    today = date.today()
    assert shown(f"since={today.isoformat()}&until={today.isoformat()}") == {
        "Insulte.",
        "Publicité.",
    }
    assert shown(f"until={(today - timedelta(days=1)).isoformat()}") == set()
    assert client.get(f"{base}?since=hier&actor=x&action=nope").status_code == 200


def test_no_code_path_changes_or_deletes_a_journal_row():
    """Besides the hooks and triggers, the source itself never writes to a journal row
    except by ``record`` (migrations create the table and its triggers)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    writes = re.compile(
        r"(update|delete)\(\s*(JournalEntry|journal\.JournalEntry)\b"
        r"|(UPDATE|DELETE\s+FROM)\s+moderation_journal",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for package in ("forum", "moderation", "synthesis")
        for path in (root / package).rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("restore", {"restore-reason": " "}),
        ("refile", {"themes": [2], "reason": ""}),
        ("kind", {"kind": "question", "reason": ""}),
        ("duplicate", {"original": 1, "reason": ""}),
        ("lock", {"lock-reason": ""}),
        ("redact", {"passages": "tracé", "reason": ""}),
    ],
)
def test_every_action_that_changes_what_the_public_reads_needs_a_reason(
    client, team, item, action, data
):
    from moderation import masking

    if action == "restore":
        masking.mask(item, team.moderator, "Insulte.", ARTICLE_2)
    other = builders.make_contribution(team.debate, team.committee, title="Autre")
    data = {k: (other.id if k == "original" else v) for k, v in data.items()}
    before = len(journal_rows())
    login(client, team.moderator)
    response = act(client, team, item, action, data)
    assert response.status_code == 422
    assert len(journal_rows()) == before
    stored = reload(item)
    assert (stored.kind, stored.duplicate_of_id, stored.locked) == (Kind.OPINION, None, False)
    assert "tracé" in stored.body_source
