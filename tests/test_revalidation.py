"""Visitors' pages revalidated over HTTP (forum/revalidation.py, forum/render_tokens.py).

A visitor's page carries an ETag made of the render tokens of what it shows. These tests
take the page, ask again with its tag (304, nothing rendered), change something through
the service people use, and ask again: the change must give the page a new tag and show at
once — made in this worker or on another server on the same database. Readers who see more
than the public (staff, authors, anyone logged in) are never given a tag.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import template_rendered
from markupsafe import escape
from sqlalchemy import event, update

from forum import accounts, backup, privacy, render_tokens
from forum.extensions import db
from forum.models import Contribution, Notification, Phase, Status
from forum.search.service import reindex
from moderation import filing, masking, redaction
from moderation import tags as tag_service
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team, vocabulary
from tests.builders_questions import answer_and_publish, make_question
from tests.conftest import csrf_token, make_app
from tests.test_query_counts import counting


def page(client, item: Contribution) -> str:
    response = client.get(f"/contributions/{item.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def tagged(client, url: str):
    """The page at ``url`` as a visitor takes it: with its tag, for shared caches (the
    first view of a thread finds and stores its similar list, which the tag includes)."""
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200 and response.headers.get("ETag"), url
    assert response.cache_control.public and response.cache_control.no_cache
    assert "Cookie" in response.vary
    return response


def again(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": etag})


@contextmanager
def templates_rendered(app) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_sender, template, context, **_extra):
        seen.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


def pending_reply(team, author, parent: Contribution, body: str) -> Contribution:
    """A reply awaiting moderation: its author and staff see it, the public does not."""
    return builders.make_contribution(
        team.debate, author, title="", body=body, parent=parent, status=Status.PENDING
    )


@pytest.fixture
def thread(app):
    """A thread of a root and three replies by three people, one of them masked."""
    team = make_team()
    author = builders.make_user("Bérénice")
    root = builders.make_contribution(
        team.debate, team.participant, title="Le tracé par la gare", body="Passer par la gare."
    )
    reply = builders.make_contribution(
        team.debate, author, title="", body="Une réponse sur les horaires.", parent=root
    )
    builders.make_contribution(
        team.debate, builders.make_user(), title="", body="Une autre réponse.", parent=reply
    )
    masked = builders.make_contribution(
        team.debate, author, title="", body="Des mots que seule l'autrice relit.", parent=root
    )
    masking.mask(masked, team.moderator, "Hors sujet", ARTICLE_2)
    return team, root, reply, masked, author


# --- A page unchanged is not rendered again ------------------------------------------------


def test_a_visitor_holding_the_page_gets_304_without_rendering(app, client, thread):
    team, root, reply, masked, author = thread
    url = f"/contributions/{root.id}"
    first = tagged(client, url)
    with templates_rendered(app) as rendered, counting() as statements:
        response = again(client, url, first.headers["ETag"])
    assert response.status_code == 304 and not response.get_data()
    assert response.headers["ETag"] == first.headers["ETag"]
    assert rendered == []
    assert len(statements) <= 4, statements  # the thread's root, the similar list, tokens
    # A tag from another page, or none, gets the page.
    assert again(client, url, '"something-else"').status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/debates/{slug}", "/debates/{slug}/contributions", "/debates/{slug}/themes/{theme}"],
)
def test_front_page_and_lists_are_revalidated_too(app, client, thread, url):
    team, root, reply, masked, author = thread
    url = url.format(slug=team.debate.slug, theme=team.debate.themes[0].slug)
    first = tagged(client, url)
    assert again(client, url, first.headers["ETag"]).status_code == 304
    root.title = "Le tracé par la gare, revu"
    db.session.commit()
    changed = again(client, url, first.headers["ETag"])
    assert changed.status_code == 200 and "revu" in changed.get_data(as_text=True)


def test_a_list_page_other_than_the_first_is_not_tagged(app, client, thread):
    team, root, reply, masked, author = thread
    response = client.get(f"/debates/{team.debate.slug}/contributions?order=oldest")
    assert response.status_code == 200 and "ETag" not in response.headers


def test_nothing_personal_is_tagged(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    login_as(team.participant)
    response = client.get(f"/contributions/{root.id}")
    assert response.status_code == 200 and "ETag" not in response.headers
    assert not response.cache_control.public


def test_a_waiting_message_shows_once_and_is_not_tagged(app, client, thread):
    team, root, reply, masked, author = thread
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Un message pour vous seul")]
    response = client.get(f"/contributions/{root.id}")
    assert "Un message pour vous seul" in response.get_data(as_text=True)
    assert "ETag" not in response.headers
    assert "Un message pour vous seul" not in tagged(client, f"/contributions/{root.id}").text


def test_each_language_has_its_own_tag(app, client, thread):
    team, root, reply, masked, author = thread
    url = f"/contributions/{root.id}"
    french = tagged(client, url).headers["ETag"]
    english_client = app.test_client()
    english_client.get("/lang/en")
    english = english_client.get(url, headers={"If-None-Match": french})
    assert english.status_code == 200 and english.headers.get("ETag") != french


def test_a_page_that_became_missing_is_not_revalidated(app, client, thread):
    team, root, reply, masked, author = thread
    url = f"/contributions/{reply.id}"
    etag = tagged(client, url).headers["ETag"]
    team.debate.phase = Phase.DRAFT
    db.session.commit()
    assert again(client, url, etag).status_code == 404


# --- Every change shows at once ----------------------------------------------------------


def _reply(team, root, reply, masked, author):
    builders.make_contribution(team.debate, author, title="", body="Arrivée tardive.", parent=reply)
    return "Arrivée tardive.", None


def _mask(team, root, reply, masked, author):
    masking.mask(reply, team.moderator, "Propos injurieux", ARTICLE_2)
    return "Propos injurieux", "Une réponse sur les horaires."


def _restore(team, root, reply, masked, author):
    masking.restore(masked, team.moderator, "Erreur de modération")
    return "Des mots que seule", None


def _tag(team, root, reply, masked, author):
    tag = vocabulary(team.debate)["usage-expertise"]
    tag_service.attach(reply, tag, team.moderator)
    return str(escape(tag.name)), None


def _pseudonym(team, root, reply, masked, author):
    accounts.update_settings(author, pseudonym="Bérénice Nouvelle", locale="fr")
    return "Bérénice Nouvelle", None


def _erasure(team, root, reply, masked, author):
    privacy.erase_identity(author)
    db.session.commit()
    return None, "Bérénice"


def _theme(team, root, reply, masked, author):
    theme = root.themes[0]
    theme.name = "Gares et correspondances"
    db.session.commit()
    return "Gares et correspondances", None


def _closed(team, root, reply, masked, author):
    team.debate.phase = Phase.CLOSED
    db.session.commit()
    return None, f"/contributions/{reply.id}/reply"


def _locked(team, root, reply, masked, author):
    filing.set_locked(reply, team.moderator, True, "Le fil tourne en rond")
    return 'class="locked-notice"', f"/contributions/{reply.id}/reply"


def _duplicate(team, root, reply, masked, author):
    elsewhere = builders.make_contribution(
        team.debate, builders.make_user(), title="Encore la gare", body="Par la gare."
    )
    filing.mark_duplicate(elsewhere, team.moderator, root.id, "Même argument")
    return f"/contributions/{elsewhere.id}#c{elsewhere.id}", None


def _bulk_statement(team, root, reply, masked, author):
    db.session.execute(
        update(Contribution).where(Contribution.id == reply.id).values(title="Titre refait")
    )
    db.session.commit()
    return "Titre refait", None


CHANGES = [
    _reply,
    _mask,
    _restore,
    _tag,
    _pseudonym,
    _erasure,
    _theme,
    _closed,
    _locked,
    _duplicate,
    _bulk_statement,
]



@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_change_gives_the_page_a_new_tag_and_shows(app, client, thread, change):
    team, root, reply, masked, author = thread
    url = f"/contributions/{root.id}"
    first = tagged(client, url)
    before = first.get_data(as_text=True)
    assert again(client, url, first.headers["ETag"]).status_code == 304
    shown, gone = change(team, root, reply, masked, author)
    response = again(client, url, first.headers["ETag"])
    assert response.status_code == 200 and response.headers["ETag"] != first.headers["ETag"]
    after = response.get_data(as_text=True)
    if shown is not None:
        assert shown in after and shown not in before
    if gone is not None:
        assert gone in before and gone not in after


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_change_shows_to_a_logged_in_writer_at_once(app, client, login_as, thread, change):
    team, root, reply, masked, author = thread
    writer = builders.make_user("Scripte")
    builders.make_contribution(team.debate, writer, title="", body="Mon avis.", parent=root)
    login_as(writer)
    before = page(client, root)
    shown, gone = change(team, root, reply, masked, author)
    after = page(client, root)
    if shown is not None:
        assert shown in after and shown not in before
    if gone is not None:
        assert gone in before and gone not in after


def test_an_owner_answer_gives_the_question_a_new_tag(app, client):
    team = make_team()
    question = make_question(team.debate, team.participant)
    url = f"/contributions/{question.id}"
    etag = tagged(client, url).headers["ETag"]
    answer_and_publish(question, team.owner, team.committee, body="Dès 6 h 30, chaque dimanche.")
    response = again(client, url, etag)
    assert response.status_code == 200 and "Dès 6 h 30, chaque dimanche." in response.text


def on_another_server(app, folder, team, contribution_id: int, change) -> None:
    """Another server on the same database makes ``change(contribution, moderator)``."""
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], folder)
    with other.app_context():
        change(
            db.session.get(Contribution, contribution_id),
            db.session.get(type(team.moderator), team.moderator.id),
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_a_change_made_by_another_server_gives_a_new_tag(app, client, thread, tmp_path):
    team, root, reply, masked, author = thread
    url = f"/contributions/{root.id}"
    etag = tagged(client, url).headers["ETag"]
    on_another_server(
        app,
        tmp_path / "other",
        team,
        reply.id,
        lambda item, moderator: masking.mask(item, moderator, "Hors charte", ARTICLE_2),
    )
    response = again(client, url, etag)
    assert response.status_code == 200 and "Hors charte" in response.text


@contextmanager
def at_first_token_reading(change) -> Iterator[list[bool]]:
    """Run ``change()`` once, just after a request of the block first reads render tokens."""
    done: list[bool] = []

    def after(_conn, _cursor, statement, _params, _context, _many):
        if not done and statement.lstrip().startswith("SELECT") and "render_tokens" in statement:
            done.append(True)
            change()

    event.listen(db.engine, "after_cursor_execute", after)
    try:
        yield done
    finally:
        event.remove(db.engine, "after_cursor_execute", after)


@pytest.mark.parametrize("url", ["/contributions/{root}", "/debates/{slug}/themes/{theme}"])
def test_a_change_landing_while_the_page_renders_is_never_hidden(
    app, client, thread, tmp_path, url
):
    """The tokens are read before the page: a change landing between them and what the
    page reads leaves a page whose tag is already stale, so the next request renders it."""
    team, root, reply, masked, author = thread
    url = url.format(root=root.id, slug=team.debate.slug, theme=team.debate.themes[0].slug)
    root_id = root.id

    def redact():
        on_another_server(
            app,
            tmp_path / "other",
            team,
            root_id,
            lambda item, moderator: redaction.redact(
                item, moderator, ["Passer par"], "Données personnelles"
            ),
        )

    with at_first_token_reading(redact) as done:
        raced = client.get(url)
    assert done and raced.status_code == 200
    response = again(client, url, raced.headers["ETag"])
    assert response.status_code == 200 and response.headers["ETag"] != raced.headers["ETag"]


def test_cards_change_with_their_contribution(app, client, thread):
    team, root, reply, masked, author = thread
    tags = vocabulary(team.debate)
    url = f"/debates/{team.debate.slug}/themes/{team.debate.themes[0].slug}"
    etag = tagged(client, url).headers["ETag"]
    accounts.update_settings(author, pseudonym="Bérénice Nouvelle", locale="fr")
    tag_service.attach(root, tags["usage-expertise"], team.moderator)
    response = again(client, url, etag)
    assert response.status_code == 200
    assert "Bérénice Nouvelle" in response.text
    assert str(escape(tags["usage-expertise"].name)) in response.text
    etag = response.headers["ETag"]
    masking.mask(reply, team.moderator, "Propos injurieux", ARTICLE_2)
    response = again(client, url, etag)
    assert response.status_code == 200 and f"/contributions/{reply.id}" not in response.text


def test_staff_cards_show_curation_tags_that_the_public_cards_do_not(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    weak = vocabulary(team.debate)["weak-signal"]
    tag_service.attach(root, weak, team.moderator)
    url = f"/debates/{team.debate.slug}/themes/{team.debate.themes[0].slug}"
    assert str(escape(weak.name)) not in tagged(client, url).text
    login_as(team.moderator)
    assert str(escape(weak.name)) in client.get(url).text
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert str(escape(weak.name)) not in client.get(url).text


# --- Similar contributions --------------------------------------------------------------------


def similar_pair(team, second_author: str = "Anatole") -> tuple[Contribution, Contribution]:
    """Two contributions in two threads whose words are close, indexed: each is similar
    to the other. The first is by Ysaline."""
    first = builders.make_contribution(
        team.debate,
        builders.make_user("Ysaline"),
        title="Parking relais",
        body="Il faut un parking relais gratuit au terminus du tramway pour les voitures.",
    )
    echo = builders.make_contribution(
        team.debate,
        builders.make_user(second_author),
        title="Un parking au terminus",
        body="Un parking relais gratuit au terminus du tramway, pour laisser sa voiture.",
    )
    reindex()
    return first, echo


def test_similar_contributions_are_checked_again_at_each_view(app, client):
    team = make_team()
    first, echo = similar_pair(team)
    url = f"/contributions/{echo.id}"
    client.get(url)  # finds and stores the similar list
    response = tagged(client, url)
    panel = response.text.split('class="similar"')[1]
    assert f"/contributions/{first.id}" in panel and "Ysaline" in panel
    accounts.update_settings(first.author, pseudonym="Ysaline Autre", locale="fr")
    response = again(client, url, response.headers["ETag"])
    assert response.status_code == 200 and "Ysaline Autre" in response.text
    masking.mask(first, team.moderator, "Propos injurieux", ARTICLE_2)
    response = again(client, url, response.headers["ETag"])
    assert response.status_code == 200
    assert f"/contributions/{first.id}" not in response.text.split('class="thread"')[1]


# --- Tokens ----------------------------------------------------------------------------


def _tokens(root) -> tuple[int, int]:
    return render_tokens.tokens(render_tokens.SITE, render_tokens.thread_scope(root.id))


def test_a_rolled_back_change_draws_no_token(app, thread):
    team, root, reply, masked, author = thread
    before = _tokens(root)
    reply.title = "Jamais enregistré"
    db.session.flush()
    db.session.rollback()
    assert _tokens(root) == before
    reply = db.session.get(Contribution, reply.id)
    reply.title = "Enregistré"
    db.session.commit()
    after = _tokens(root)
    assert after[0] == before[0] and after[1] != before[1]


def test_a_savepoint_rolled_back_keeps_what_was_changed_before_it(app, thread):
    team, root, reply, masked, author = thread
    before = _tokens(root)
    reply.title = "Changé avant le point de sauvegarde"
    db.session.flush()
    savepoint = db.session.begin_nested()
    author.pseudonym = "Jamais"
    db.session.flush()
    savepoint.rollback()
    db.session.commit()
    after = _tokens(root)
    assert after[1] != before[1]


def test_writes_no_page_shows_draw_no_token(app, thread):
    team, root, reply, masked, author = thread
    before = _tokens(root)
    db.session.add(
        Notification(user_id=author.id, kind="reply", message="Réponse", contribution_id=reply.id)
    )
    author.locale = "en"  # not shown on any page
    db.session.commit()
    builders.make_user("Nouvelle venue")  # shown nowhere until she writes
    assert _tokens(root) == before


def test_a_restore_changes_every_page(app, client, thread, tmp_path):
    team, root, reply, masked, author = thread
    backup.backup(tmp_path / "before.backup")
    page(client, root)
    site_before = _tokens(root)[0]
    backup.restore(tmp_path / "before.backup")
    assert _tokens(root)[0] != site_before


def test_every_table_says_what_it_redraws():
    """Each package registers its tables next to its models: the journal and flags redraw
    nothing, tags and contests their thread; anything else the whole site."""
    shown_nowhere = render_tokens.tables_shown_nowhere()
    assert {"flags", "moderation_journal", "report_sections"} <= shown_nowhere


def test_the_page_of_each_contribution_marks_its_own(app, client, thread):
    team, root, reply, masked, author = thread
    html = page(client, reply)
    assert html.count(" current ") == 1
    assert f'class="contribution current status-published" id="c{reply.id}"' in html
    html = page(client, root)
    assert f'class="contribution current status-published" id="c{root.id}"' in html


def test_a_very_deep_thread_is_shown_whole(app, client):
    """Threads are nested lists written without recursion: a long chain of replies to
    replies (people answering each other back and forth) must not exhaust the stack."""
    team = make_team()
    people = [builders.make_user("Aline"), builders.make_user("Basile")]
    last = root = builders.make_contribution(team.debate, people[0], title="Un long échange")
    for n in range(400):
        last = builders.make_contribution(
            team.debate, people[n % 2], title="", body=f"Relance {n}.", parent=last
        )
    html = page(client, last)
    assert html.count('<ol class="replies"') == 400 and html.count("</ol>") >= 400
    assert "Relance 399." in html and f'id="c{root.id}"' in html
