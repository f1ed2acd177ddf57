"""Kept thread pages (forum/render_cache.py, forum/thread_page.py).

A thread rendered for the public is kept and served again while nothing it shows has
changed. These tests warm the kept page, change something through the service people use,
and read the page again: the change must show at once — in this worker and in another one
on the same database — and readers who see more than the public (staff, authors in the
thread) must never be served the public page.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import template_rendered
from markupsafe import escape
from sqlalchemy import event, update

from forum import accounts, backup, contributions, photos, privacy, render_cache
from forum.extensions import db
from forum.models import Contribution, Kind, Notification, Phase, Relation, Status
from forum.search.service import reindex
from moderation import filing, masking, redaction
from moderation import tags as tag_service
from tests import builders
from tests.builders_moderation import ARTICLE_2, image_bytes, make_team, vocabulary
from tests.builders_questions import answer_and_publish, make_question
from tests.conftest import csrf_token, login, make_app, post_form
from tests.test_query_counts import counting


def page(client, item: Contribution) -> str:
    response = client.get(f"/contributions/{item.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def without_csrf(html: str) -> str:
    """A page without its session's CSRF tokens (the logout form's, for one)."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def statements(client, item: Contribution) -> int:
    with counting() as seen:
        page(client, item)
    return len(seen)


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


def test_the_public_is_served_the_kept_page_identical_to_a_fresh_one(app, client, thread, tmp_path):
    team, root, reply, masked, author = thread
    first = page(client, reply)
    kept = page(client, reply)
    assert kept == first

    # Another server on the same database, keeping nothing, renders the same page.
    uncached = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other", PALABRE_RENDER_CACHE_MB=0
    )
    with uncached.app_context():
        assert page(uncached.test_client(), reply) == kept
        db.session.remove()
        db.engine.dispose()


def test_a_kept_page_costs_fewer_statements_than_a_fresh_one(app, client, thread):
    team, root, reply, masked, author = thread
    first = statements(client, root)
    again = statements(client, root)
    assert again < first, (first, again)
    # The tree, its authors, themes, photos, tags, answers and citations are not loaded.
    assert first - again >= 5


def test_the_page_of_each_contribution_marks_its_own(app, client, thread):
    team, root, reply, masked, author = thread
    page(client, root)  # kept with no contribution marked
    html = page(client, reply)
    assert html.count(" current ") == 1
    assert f'class="contribution current status-published" id="c{reply.id}"' in html
    html = page(client, root)
    assert f'class="contribution current status-published" id="c{root.id}"' in html
    assert f'class="contribution current status-published" id="c{reply.id}"' not in html


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


@pytest.mark.parametrize("viewer", ["public", "writer"])
@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_change_shows_on_the_next_view(app, client, login_as, thread, change, viewer):
    team, root, reply, masked, author = thread
    public = app.test_client()
    if viewer == "writer":  # served the kept thread with their own reply in it
        writer = builders.make_user("Scripte")
        builders.make_contribution(team.debate, writer, title="", body="Mon avis.", parent=root)
        login_as(writer)

    def view() -> str:
        page(public, root)  # keeps the public thread if it is not kept
        return page(client, root)

    before = view()
    view()  # now served from what was kept
    shown, gone = change(team, root, reply, masked, author)
    after = view()
    assert after != before
    if shown is not None:
        assert shown in after and shown not in before
    if gone is not None:
        assert gone in before and gone not in after


def test_an_owner_answer_shows_on_the_next_view(app, client):
    team = make_team()
    question = make_question(team.debate, team.participant)
    assert "Dès 6 h 30, chaque dimanche." not in page(client, question)
    answer_and_publish(question, team.owner, team.committee, body="Dès 6 h 30, chaque dimanche.")
    assert "Dès 6 h 30, chaque dimanche." in page(client, question)


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


def mask_on_another_server(app, folder, team, contribution_id: int) -> None:
    """Another server on the same database masks the contribution, as its moderator."""
    on_another_server(
        app,
        folder,
        team,
        contribution_id,
        lambda item, moderator: masking.mask(item, moderator, "Hors charte", ARTICLE_2),
    )


@contextmanager
def at_first_token_reading(change) -> Iterator[list[bool]]:
    """Run ``change()`` once, just before a request of the block first reads render tokens
    (after it has read the contributions it loads before them)."""
    done: list[bool] = []

    def before(_conn, _cursor, statement, _params, _context, _many):
        if not done and statement.lstrip().startswith("SELECT") and "render_tokens" in statement:
            done.append(True)
            change()

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield done
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _redact_root_elsewhere(app, tmp_path, team, root):
    root_id = root.id
    return lambda: on_another_server(
        app,
        tmp_path / "other",
        team,
        root_id,
        lambda item, moderator: redaction.redact(
            item, moderator, ["Passer par"], "Données personnelles"
        ),
    )


def test_a_card_rendered_while_its_contribution_is_redacted_is_not_kept_stale(
    app, client, thread, tmp_path
):
    team, root, reply, masked, author = thread
    with at_first_token_reading(_redact_root_elsewhere(app, tmp_path, team, root)) as done:
        theme_page(client, team)  # its cards were listed before the redaction
    assert done
    db.session.expire_all()
    assert "Passer par la gare" not in theme_page(client, team)


def test_an_article_rendered_while_it_is_redacted_is_not_kept_stale(
    app, client, login_as, thread, tmp_path
):
    team, root, reply, masked, author = thread
    login_as(builders.make_user("Lectrice"))  # served the public's kept thread
    with at_first_token_reading(_redact_root_elsewhere(app, tmp_path, team, root)) as done:
        page(client, root)  # the page's contribution was read before the redaction
    assert done
    db.session.expire_all()
    assert "Passer par la gare" not in page(client, root)


def test_a_change_made_by_another_server_shows_here(app, client, thread, tmp_path):
    team, root, reply, masked, author = thread
    page(client, root)
    assert "Une réponse sur les horaires." in page(client, root)
    mask_on_another_server(app, tmp_path / "other", team, reply.id)
    db.session.expire_all()
    assert "Une réponse sur les horaires." not in page(client, root)


def test_a_change_in_another_language_shows_too(app, client, thread):
    team, root, reply, masked, author = thread
    client.get("/lang/en")
    english = page(client, root)
    assert "Reply to this contribution" in english
    client.get("/lang/fr")
    assert "Répondre à cette contribution" in page(client, root)
    masking.mask(reply, team.moderator, "Propos injurieux", ARTICLE_2)
    client.get("/lang/en")
    assert "Une réponse sur les horaires." not in page(client, root)


# --- A new contribution adds its article and changes no other ---------------------------


@contextmanager
def articles_rendered(app) -> Iterator[list[int]]:
    """The ids of the thread articles rendered while the block runs."""
    seen: list[int] = []

    def record(_sender, template, context, **_extra):
        if template.name == "forum/_thread.html":
            seen.extend(c.id for c in context["items"])

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


def fresh_page(app, tmp_path, item: Contribution, user=None) -> str:
    """The page as another server on the same database and search index renders it,
    keeping nothing."""
    return fresh_page_at(app, tmp_path, f"/contributions/{item.id}", user)


def fresh_page_at(app, tmp_path, url: str, user=None) -> str:
    """``fresh_page`` for any address."""
    uncached = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path / "fresh",
        PALABRE_RENDER_CACHE_MB=0,
        PALABRE_PAGE_CACHE_MB=0,
        PALABRE_INDEX_PATH=app.config["PALABRE_INDEX_PATH"],
        PALABRE_SEARCH=app.config["PALABRE_SEARCH"],
    )
    with uncached.app_context():
        other = uncached.test_client()
        if user is not None:
            login(other, user)
            other.get("/")  # (the "logged in" message shows there)
        response = other.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
    return html


def test_a_reply_renders_its_own_article_only(app, client, login_as, thread, tmp_path):
    team, root, reply, masked, author = thread
    page(client, root)
    late = contributions.post_reply(
        reply,
        author,
        contributions.NewReply(relation=Relation.NUANCES, body="Arrivée tardive."),
    )
    with articles_rendered(app) as rendered:
        html = page(client, root)
    assert rendered == [late.id]
    assert "Arrivée tardive." in html
    assert html == fresh_page(app, tmp_path, root)
    with articles_rendered(app) as rendered:
        assert page(client, root) == html
    assert rendered == []

    # Its author sees their reply as its author (no "report" link on it): rendered for
    # them, never taken for the public's article.
    login_as(author)
    client.get("/")  # (the "logged in" message shows there)
    assert without_csrf(page(client, root)) == without_csrf(fresh_page(app, tmp_path, root, author))
    assert page(app.test_client(), root) == html


def test_an_authors_view_serves_the_next_reader_and_their_next_view(
    app, client, login_as, thread, tmp_path
):
    team, root, reply, masked, author = thread
    login_as(author)  # she wrote a reply and the masked one
    page(client, root)  # rendered as she sees it: every other article is the public's
    with articles_rendered(app) as rendered:
        html = page(app.test_client(), root)
    assert sorted(rendered) == sorted([reply.id, masked.id])
    assert html == fresh_page(app, tmp_path, root)

    late = builders.make_contribution(
        team.debate, builders.make_user(), title="", body="Plus tard.", parent=root
    )
    with articles_rendered(app) as rendered:
        html = page(client, root)
    assert rendered == [late.id]
    assert without_csrf(html) == without_csrf(fresh_page(app, tmp_path, root, author))


def test_a_pending_reply_renders_nothing_for_the_public(app, client, thread):
    team, root, reply, masked, author = thread
    before = page(client, root)
    pending_reply(team, builders.make_user(), reply, "Pas encore relue.")
    with articles_rendered(app) as rendered:
        assert page(client, root) == before
    assert rendered == []


def test_a_reply_under_a_pending_one_stays_hidden(app, client, thread, tmp_path):
    team, root, reply, masked, author = thread
    page(client, root)
    waiting = pending_reply(team, builders.make_user(), reply, "Pas encore relue.")
    builders.make_contribution(
        team.debate, builders.make_user(), title="", body="Sous la relue.", parent=waiting
    )
    html = page(client, root)
    assert "Sous la relue." not in html
    assert html == fresh_page(app, tmp_path, root)


def test_a_question_asked_in_a_thread_keeps_every_other_page(app, client, thread, tmp_path):
    team, root, reply, masked, author = thread
    other = builders.make_contribution(team.debate, author, title="Un autre fil")
    page(client, root), page(client, other)
    site, figures = render_cache.tokens(render_cache.SITE, render_cache.ANSWERS)
    question = contributions.post_reply(
        reply,
        author,
        contributions.NewReply(
            relation=Relation.ASKS_CLARIFICATION,
            kind=Kind.QUESTION,
            body="Quels horaires le dimanche ?",
        ),
    )
    after = render_cache.tokens(render_cache.SITE, render_cache.ANSWERS)
    assert after[0] == site and after[1] != figures  # the owner's figures are recomputed
    with articles_rendered(app) as rendered:
        page(client, other)
        html = page(client, root)
    assert rendered == [question.id]
    assert 'class="question-status status-awaiting"' in html
    assert html == fresh_page(app, tmp_path, root)


def test_new_contributions_draw_the_growth_token_only(app, thread):
    team, root, reply, masked, author = thread

    def both() -> tuple[int, int]:
        return render_cache.tokens(
            render_cache.thread_scope(root.id), render_cache.growth_scope(root.id)
        )

    content, growth = both()
    late = contributions.post_reply(
        reply,
        author,
        contributions.NewReply(
            relation=Relation.PROVIDES_SOURCE,
            body="Un plan du carrefour.",
            photos=[photos.PhotoUpload(io.BytesIO(image_bytes()), "Le carrefour")],
        ),
    )
    after = both()
    assert after[0] == content and after[1] != growth
    # Changed again in the transaction that added it (the builder inserts, then sets the
    # root in a second flush): still only a new article.
    builders.make_contribution(team.debate, author, title="", body="Encore une.", parent=root)
    again = both()
    assert again[0] == content and again[1] != after[1]
    # Changed once others may have seen it: its article changes.
    late.title = "Retouchée"
    db.session.commit()
    assert both()[0] != content


# --- Who is served the kept page ----------------------------------------------------------


def test_staff_see_pending_replies_that_the_kept_page_leaves_out(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    pending_reply(team, builders.make_user(), root, "En attente de relecture.")
    page(client, root)
    assert "En attente de relecture." not in page(client, root)
    login_as(team.moderator)
    html = page(client, root)
    assert "En attente de relecture." in html and "Des mots que seule" in html
    assert "staff-link" in html


def test_an_author_in_the_thread_sees_their_own_masked_words(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    assert "Des mots que seule" not in page(client, root)
    login_as(author)
    for _ in range(2):  # their own articles rendered, then kept
        html = page(client, root)
        assert "Des mots que seule" in html
        # No "report" link on one's own reply (it is there for the public), and a way to
        # contest the masking of one's own words.
        assert f"/contributions/{reply.id}/flag" not in html
        assert f"/contributions/{masked.id}/contest" in html
        assert f"/contributions/{root.id}/flag" in html
    assert "Des mots que seule" not in page(app.test_client(), root)


def test_an_author_gets_the_page_a_server_keeping_nothing_renders(
    app, client, login_as, thread, tmp_path
):
    team, root, reply, masked, author = thread
    page(app.test_client(), reply)  # the public thread is kept
    login_as(author)
    fresh = statements(client, reply)  # their own articles rendered
    kept = page(client, reply)
    assert statements(client, reply) < fresh
    uncached = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other", PALABRE_RENDER_CACHE_MB=0
    )
    with uncached.app_context():
        other = uncached.test_client()
        login(other, author)
        page(other, reply)  # the one that shows "logged in"
        assert without_csrf(page(other, reply)) == without_csrf(kept)
        db.session.remove()
        db.engine.dispose()


def test_an_author_sees_the_masking_of_their_own_reply_at_once(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    page(app.test_client(), root)  # the public thread is kept
    login_as(author)
    page(client, root)
    assert f"/contributions/{reply.id}/contest" not in page(client, root)  # kept as theirs
    masking.mask(reply, team.moderator, "Propos injurieux", ARTICLE_2)
    assert "Une réponse sur les horaires." not in page(app.test_client(), root)  # kept again
    html = page(client, root)
    assert "Propos injurieux" in html and "Une réponse sur les horaires." in html
    assert f"/contributions/{reply.id}/contest" in html


def test_an_author_who_contests_a_masking_no_longer_sees_the_link(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    public = app.test_client()
    page(public, root)
    login_as(author)
    assert f"/contributions/{masked.id}/contest" in page(client, root)  # their article kept
    answer = post_form(
        client, f"/contributions/{masked.id}/contest", {"text": "Je restais dans le sujet."}
    )
    assert answer.status_code == 302
    page(public, root)
    assert f"/contributions/{masked.id}/contest" not in page(client, root)


def test_an_author_sees_their_pending_reply_where_the_public_does_not(
    app, client, login_as, thread
):
    team, root, reply, masked, author = thread
    pending_reply(team, author, reply, "Ma relance en attente.")
    public = app.test_client()
    page(public, root)
    login_as(author)
    html = page(client, root)
    assert "Ma relance en attente." in html and "Des mots que seule" in html
    assert "Ma relance en attente." not in page(public, root)


def test_a_participant_who_wrote_nothing_here_gets_the_kept_page(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    reader = builders.make_user("Lectrice")
    login_as(reader)
    first = statements(client, root)
    html = page(client, root)
    assert statements(client, root) < first
    assert "Des mots que seule" not in html
    assert f"/contributions/{reply.id}/flag" in html


# --- Cards of list pages --------------------------------------------------------------------


def theme_page(client, team) -> str:
    theme = team.debate.themes[0]
    response = client.get(f"/debates/{team.debate.slug}/themes/{theme.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_cards_change_with_their_contribution(app, client, thread):
    team, root, reply, masked, author = thread
    tags = vocabulary(team.debate)
    first = theme_page(client, team)
    assert theme_page(client, team) == first  # served from the kept cards
    assert "Bérénice" in first
    accounts.update_settings(author, pseudonym="Bérénice Nouvelle", locale="fr")
    tag_service.attach(root, tags["usage-expertise"], team.moderator)
    html = theme_page(client, team)
    assert "Bérénice Nouvelle" in html
    assert str(escape(tags["usage-expertise"].name)) in html
    masking.mask(reply, team.moderator, "Propos injurieux", ARTICLE_2)
    assert f"/contributions/{reply.id}" not in theme_page(client, team)


def test_staff_cards_show_curation_tags_that_the_public_cards_do_not(app, client, login_as, thread):
    team, root, reply, masked, author = thread
    weak = vocabulary(team.debate)["weak-signal"]
    tag_service.attach(root, weak, team.moderator)
    theme_page(client, team)
    assert str(escape(weak.name)) not in theme_page(client, team)
    login_as(team.moderator)
    assert str(escape(weak.name)) in theme_page(client, team)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert str(escape(weak.name)) not in theme_page(client, team)


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


def test_kept_similar_contributions_are_checked_again_at_each_view(app, client):
    team = make_team()
    first, echo = similar_pair(team)
    panel = page(client, echo).split('class="similar"')[1]
    assert f"/contributions/{first.id}" in panel and "Ysaline" in panel
    accounts.update_settings(first.author, pseudonym="Ysaline Autre", locale="fr")
    panel = page(client, echo).split('class="similar"')[1]
    assert "Ysaline Autre" in panel
    masking.mask(first, team.moderator, "Propos injurieux", ARTICLE_2)
    html = page(client, echo)
    assert f"/contributions/{first.id}" not in html.split('class="thread"')[1]


@contextmanager
def panels_rendered(app) -> Iterator[list[int]]:
    """The ids of the contributions whose similar panel was rendered while the block runs."""
    seen: list[int] = []

    def record(_sender, template, context, **_extra):
        if template.name == "search/_similar.html":
            seen.append(context["item"].id)

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


def test_the_similar_panel_is_kept_for_participants_and_follows_what_it_shows(
    app, client, login_as, tmp_path
):
    """A participant's page is rendered for them, but its similar panel is the public's,
    kept under the tokens of the threads it shows and the site's."""
    team = make_team()
    first, echo = similar_pair(team)
    login_as(team.participant)
    client.get("/")  # (the "logged in" message shows there)
    html = page(client, echo)
    with panels_rendered(app) as rendered:
        assert without_csrf(page(client, echo)) == without_csrf(html)  # (tokens are timed)
    assert rendered == []  # the panel kept at the first view
    assert f"/contributions/{first.id}" in html.split('class="similar"')[1]
    assert without_csrf(html) == without_csrf(fresh_page(app, tmp_path, echo, team.participant))

    accounts.update_settings(first.author, pseudonym="Ysaline Autre", locale="fr")
    assert "Ysaline Autre" in page(client, echo).split('class="similar"')[1]
    first.title = "Un parking relais, enfin"
    db.session.commit()
    assert "Un parking relais, enfin" in page(client, echo).split('class="similar"')[1]
    client.get("/lang/en")
    assert "Similar contributions" in page(client, echo)
    client.get("/lang/fr")
    mask_on_another_server(app, tmp_path / "other", team, first.id)
    assert 'class="similar"' not in page(client, echo)  # its only neighbour, masked

    # The debate's moderators get theirs, with the "duplicate" action.
    moderator = app.test_client()
    login(moderator, team.moderator)
    assert "moderation/" in page(moderator, echo).split('class="similar"')[1]


# --- Tokens ----------------------------------------------------------------------------


def _tokens(root) -> tuple[int, int]:
    return render_cache.tokens(render_cache.SITE, render_cache.thread_scope(root.id))


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


def test_a_restore_drops_every_kept_page(app, client, thread, tmp_path):
    team, root, reply, masked, author = thread
    backup.backup(tmp_path / "before.backup")
    page(client, root)
    site_before = _tokens(root)[0]
    backup.restore(tmp_path / "before.backup")
    assert _tokens(root)[0] != site_before


def test_the_store_keeps_the_most_recently_used_within_its_budget():
    store = render_cache.KeptStore(1000)
    for n in range(10):
        store.put(n, "x" * 200)
        assert store.size <= 1000
    assert [store.get(n) is not None for n in range(10)] == [False] * 5 + [True] * 5
    store.get(5)  # used: kept when the next one comes
    store.put(10, "y" * 200)
    assert store.get(5) is not None and store.get(6) is None
    store.put("huge", "z" * 400)  # more than a quarter of the budget: not kept
    assert store.get("huge") is None


def test_kept_html_is_weighed_in_bytes_of_memory():
    plain, french = "a" * 1000, "l’arbre " * 125  # as many characters each
    assert render_cache.weight(french) > 1.9 * render_cache.weight(plain) > 1900
    assert render_cache.weight({1: plain, 2: french}) == (
        render_cache.weight(plain) + render_cache.weight(french)
    )


def test_the_store_drops_what_has_outlived_its_time():
    store = render_cache.KeptStore(10, cost=lambda _value: 1, seconds=0.05)
    store.put("ids", [1, 2, 3])
    assert store.get("ids") == [1, 2, 3]
    time.sleep(0.1)
    assert store.get("ids") is None and store.size == 0


def test_an_author_whose_reply_hangs_under_a_hidden_one_gets_the_thread(
    app, client, login_as, thread
):
    """A reply of theirs under someone else's pending reply is not in the thread they see
    (nor in the public's): the page must still be served, from either path."""
    team, root, reply, masked, author = thread
    hidden = pending_reply(team, builders.make_user(), reply, "Pas encore relue.")
    builders.make_contribution(team.debate, author, title="", body="Sous la cachée.", parent=hidden)
    login_as(author)
    for _ in range(2):
        html = page(client, root)
        assert "Pas encore relue." not in html and "Des mots que seule" in html
        page(app.test_client(), root)  # the public thread kept for the second view


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
