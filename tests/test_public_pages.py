"""Whole thread pages kept for visitors who are not logged in (forum/public_pages.py).

The page is served as it was rendered while nothing it shows has changed: these tests warm
it, check it costs one statement and equals what a server keeping nothing renders, then
change something through the services people use — in the thread, among the similar
contributions beside it, while it renders — and read it again. Nothing personal may be
kept or served: a logged-in visitor's page, a waiting message, another language.
"""

from __future__ import annotations

import pytest
from flask import before_render_template
from markupsafe import escape

from forum import accounts
from forum.extensions import db
from forum.models import Contribution, Phase
from moderation import masking
from moderation import tags as tag_service
from tests import builders
from tests.builders_moderation import ARTICLE_2, make_team, vocabulary
from tests.conftest import login, make_app
from tests.test_query_counts import counting
from tests.test_render_cache import (
    at_first_token_reading,
    fresh_page,
    fresh_page_at,
    mask_on_another_server,
    on_another_server,
    page,
    similar_pair,
    without_csrf,
)


@pytest.fixture
def thread(app):
    """A thread with a reply, and a contribution elsewhere whose words are close."""
    team = make_team()
    root, echo = similar_pair(team)
    reply = builders.make_contribution(
        team.debate, builders.make_user("Bérénice"), title="", body="Et les vélos ?", parent=root
    )
    return team, root, reply, echo


def warmed(client, item: Contribution) -> str:
    """The page once kept (by its first view)."""
    page(client, item)
    return page(client, item)


def statements(client, item: Contribution) -> int:
    """The statements of one view of ``item``'s page (its address read before)."""
    url = f"/contributions/{item.id}"
    with counting() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def similar_panel(html: str) -> str:
    return html.split('class="similar"')[1] if 'class="similar"' in html else ""


def test_a_kept_page_costs_one_statement_and_equals_a_fresh_one(app, client, thread, tmp_path):
    team, root, reply, echo = thread
    html = page(client, root)
    assert f"/contributions/{echo.id}" in similar_panel(html)  # the page has both parts
    assert statements(client, root) == 1  # kept by its first view: the tokens of all it shows
    assert page(client, root) == html == fresh_page(app, tmp_path, root)


def test_a_page_is_not_kept_when_the_store_is_off(app, tmp_path, thread):
    team, root, reply, echo = thread
    other = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "off", PALABRE_PAGE_CACHE_MB=0
    )
    with other.app_context():
        visitor = other.test_client()
        warmed(visitor, root)
        assert statements(visitor, root) > 1
        db.session.remove()
        db.engine.dispose()


def test_a_reply_shows_on_the_next_view(app, client, thread):
    team, root, reply, echo = thread
    warmed(client, root)
    builders.make_contribution(
        team.debate, builders.make_user(), title="", body="Une navette aussi.", parent=root
    )
    assert "Une navette aussi." in page(client, root)
    assert statements(client, root) == 1  # kept again at once: it knew what it shows


def test_the_similar_contributions_beside_it_are_followed(app, client, thread):
    team, root, reply, echo = thread
    assert "Anatole" in similar_panel(warmed(client, root))
    accounts.update_settings(echo.author, pseudonym="Anatole Autre", locale="fr")
    assert "Anatole Autre" in similar_panel(page(client, root))
    page(client, root)
    masking.mask(echo, team.moderator, "Propos injurieux", ARTICLE_2)
    assert f"/contributions/{echo.id}" not in similar_panel(page(client, root))
    page(client, root)
    # Masked, it is still among the similar ids kept: its restoring shows too.
    masking.restore(echo, team.moderator, "Erreur de modération")
    assert f"/contributions/{echo.id}" in similar_panel(page(client, root))
    page(client, root)
    echo.title = "Un parking gratuit au terminus"
    db.session.commit()
    assert "Un parking gratuit au terminus" in similar_panel(page(client, root))


@pytest.mark.parametrize("rendering", ["first", "after a change"])
def test_a_change_landing_while_the_page_renders_is_never_hidden(
    app, client, thread, tmp_path, rendering
):
    team, root, reply, echo = thread
    if rendering == "after a change":  # the stale page gives the scopes to read first
        warmed(client, root)
        builders.make_contribution(
            team.debate, builders.make_user(), title="", body="Une navette aussi.", parent=root
        )
    reply_id = reply.id

    def mask_meanwhile(_sender, template, context, **_extra):
        # Everything the page shows is loaded: another server masks the reply now,
        # before this page is kept.
        if template.name == "forum/contribution.html":
            before_render_template.disconnect(mask_meanwhile, app)
            mask_on_another_server(app, tmp_path / "other", team, reply_id)

    before_render_template.connect(mask_meanwhile, app)
    assert "Et les vélos ?" in page(client, root)  # rendered from what was read before
    db.session.expire_all()
    assert "Et les vélos ?" not in page(client, root)


def test_nothing_personal_is_kept_or_served(app, client, thread):
    team, root, reply, echo = thread
    warmed(client, root)
    member = app.test_client()
    login(member, team.participant)
    member.get("/")  # (the "logged in" message shows there)
    theirs = page(member, root)
    assert team.participant.pseudonym in theirs and "Se déconnecter" in theirs
    assert statements(member, root) > 1  # rendered for them, never the public's kept page
    public = page(client, root)
    assert team.participant.pseudonym not in public.split("</header>")[0]
    assert "csrf_token" not in public


def test_a_waiting_message_shows_once_and_is_not_kept(app, client, thread):
    team, root, reply, echo = thread
    warmed(client, root)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Votre message a bien été envoyé.")]
    assert "Votre message a bien été envoyé." in page(client, root)
    assert "Votre message a bien été envoyé." not in page(client, root)
    assert "Votre message a bien été envoyé." not in page(app.test_client(), root)


def test_each_language_has_its_own_page(app, client, thread):
    team, root, reply, echo = thread
    french = warmed(client, root)
    assert "Répondre à cette contribution" in french
    english = app.test_client()
    english.get("/lang/en")
    assert "Reply to this contribution" in warmed(english, root)
    assert statements(english, root) == 1
    assert page(client, root) == french


def test_an_address_with_a_query_string_is_rendered_each_time(app, client, thread):
    team, root, reply, echo = thread
    url = f"/contributions/{root.id}?from=newsletter"
    for _ in range(3):
        assert client.get(url).status_code == 200
    with counting() as seen:
        client.get(url)
    assert len(seen) > 1


def test_a_page_that_became_missing_is_not_served(app, client, thread):
    team, root, reply, echo = thread
    warmed(client, reply)
    team.debate.phase = Phase.DRAFT  # seen by its staff only
    db.session.commit()
    assert client.get(f"/contributions/{reply.id}").status_code == 404


def test_a_page_rendered_again_reads_its_threads_tokens_once(app, client, thread):
    team, root, reply, echo = thread
    warmed(client, root)
    builders.make_contribution(
        team.debate, builders.make_user(), title="", body="Une navette aussi.", parent=root
    )
    url = f"/contributions/{root.id}"
    with counting() as seen:
        assert "Une navette aussi." in client.get(url).get_data(as_text=True)
    readings = [s for s in seen if s.lstrip().startswith("SELECT") and "render_tokens" in s]
    # Those the page's list gives, read before anything; then the similar contributions'.
    assert len(readings) == 2


# --- A debate's front page ------------------------------------------------------------


def front(client, team) -> str:
    response = client.get(f"/debates/{team.debate.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def latest(html: str) -> str:
    """The front page's "latest contributions" section."""
    return html.split('id="latest"')[1]


def front_statements(client, team) -> int:
    url = f"/debates/{team.debate.slug}"  # read before counting
    with counting() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_a_debate_front_page_is_kept_and_follows_what_it_lists(app, client, tmp_path):
    team = make_team()
    tag = vocabulary(team.debate)["usage-expertise"]
    author = builders.make_user("Ysaline")
    first = builders.make_contribution(team.debate, author, title="Le premier fil", body="Un.")
    html = front(client, team)
    assert "Le premier fil" in latest(html)
    assert front_statements(client, team) == 1  # kept: the tokens of all it shows
    assert front(client, team) == html

    # A reply starts no thread: the page stays as kept.
    builders.make_contribution(team.debate, author, title="", body="Une réponse.", parent=first)
    assert front_statements(client, team) == 1

    # A new thread shows at once; masked on another server, it goes at once.
    newer = builders.make_contribution(
        team.debate, builders.make_user("Zoé"), title="Un nouveau fil", body="Deux."
    )
    assert "Un nouveau fil" in latest(front(client, team))
    mask_on_another_server(app, tmp_path / "other", team, newer.id)
    assert "Un nouveau fil" not in latest(front(client, team))

    # What a card shows (its author's name, its tags), and the debate itself.
    accounts.update_settings(author, pseudonym="Ysaline Autre", locale="fr")
    assert "Ysaline Autre" in latest(front(client, team))
    assert front_statements(client, team) == 1
    tag_service.attach(first, tag, team.moderator)  # its thread's token only
    assert str(escape(tag.name)) in latest(front(client, team))
    team.debate.owner_name = "Société du tramway"
    db.session.commit()
    assert "Société du tramway" in front(client, team)


def test_a_debate_front_page_kept_for_visitors_is_never_served_to_staff(app, client, login_as):
    team = make_team()
    builders.make_contribution(team.debate, team.participant, title="Un fil", body="Un.")
    queue = f'href="/moderation/{team.debate.slug}/"'
    assert queue not in front(client, team)
    assert front_statements(client, team) == 1  # kept for visitors
    login_as(team.moderator)
    assert queue in front(client, team)


def test_a_reader_who_sees_what_visitors_see_gets_their_page_with_their_own_links(
    app, client, thread, tmp_path
):
    """A logged-in reader with no role in the debate and nothing written in the thread sees
    the visitors' page but for the header's account links: it is served to them with
    theirs. Whoever sees more (an author of the thread, staff) gets their own rendering;
    so does a reader with a message waiting, or when the page has changed."""
    team, root, reply, echo = thread
    warmed(client, root)  # kept by a visitor
    reader = builders.make_user("Octave")
    other = app.test_client()
    login(other, reader)
    assert "Votre session est ouverte" in page(other, root)  # a message waiting: rendered
    html = page(other, root)
    assert statements(other, root) <= 4  # them, whether they see it as visitors, tokens, news
    assert without_csrf(html) == without_csrf(fresh_page(app, tmp_path, root, reader))
    assert "Octave" in html and "/logout" in html and 'href="/login' not in html

    for someone in (reply.author, team.moderator):
        theirs = app.test_client()
        login(theirs, someone)
        theirs.get("/")
        assert without_csrf(page(theirs, root)) == without_csrf(
            fresh_page(app, tmp_path, root, someone)
        )

    builders.make_contribution(
        team.debate, builders.make_user(), title="", body="Une navette aussi.", parent=root
    )
    assert "Une navette aussi." in page(other, root)


def test_a_reader_with_no_role_gets_the_visitors_front_page_with_their_own_links(
    app, client, tmp_path
):
    team = make_team()
    builders.make_contribution(team.debate, team.participant, title="Un fil", body="Un.")
    html = front(client, team)  # kept by a visitor
    reader = builders.make_user("Octave")
    other = app.test_client()
    login(other, reader)
    other.get("/")
    assert front_statements(other, team) <= 4  # them, their roles, tokens, news
    theirs = front(other, team)
    assert "Octave" in theirs and 'href="/login' not in theirs and theirs != html
    assert without_csrf(theirs) == without_csrf(
        fresh_page_at(app, tmp_path, f"/debates/{team.debate.slug}", reader)
    )

    moderator = app.test_client()
    login(moderator, team.moderator)
    moderator.get("/")
    queue = f'href="/moderation/{team.debate.slug}/"'
    assert queue in front(moderator, team)  # staff: their own page

    builders.make_contribution(team.debate, builders.make_user(), title="Un autre fil", body=".")
    assert "Un autre fil" in front(other, team)


# --- A theme's page, a debate's list of contributions --------------------------------------


def theme_url(team, theme) -> str:
    return f"/debates/{team.debate.slug}/themes/{theme.slug}"


def read(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def cost(client, url: str) -> int:
    """The statements of one view of ``url`` (read before counting)."""
    with counting() as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_a_theme_page_is_kept_and_follows_what_it_lists(app, client, tmp_path):
    team = make_team()
    theme, elsewhere = team.debate.themes[:2]
    url = theme_url(team, theme)
    author = builders.make_user("Ysaline")
    first = builders.make_contribution(
        team.debate, author, title="Le premier avis", body="Un.", themes=[theme]
    )
    html = read(client, url)
    assert "Le premier avis" in html
    assert cost(client, url) == 2  # which contributions it lists, the tokens of all it shows
    assert read(client, url) == html == fresh_page_at(app, tmp_path, url)

    # Another theme's contribution, a reply in another thread: still the page kept.
    other = builders.make_contribution(
        team.debate, author, title="Ailleurs", body=".", themes=[elsewhere]
    )
    builders.make_contribution(team.debate, author, title="", body="Oui.", parent=other)
    assert cost(client, url) == 2
    # One filed under it shows at once; masked on another server, it goes at once.
    second = builders.make_contribution(
        team.debate, builders.make_user("Zoé"), title="Le deuxième avis", body=".", themes=[theme]
    )
    assert "Le deuxième avis" in read(client, url)
    mask_on_another_server(app, tmp_path / "other", team, second.id)
    assert "Le deuxième avis" not in read(client, url)

    # What a card shows, and the theme's own words.
    accounts.update_settings(author, pseudonym="Ysaline Autre", locale="fr")
    assert "Ysaline Autre" in read(client, url)
    tag = vocabulary(team.debate)["usage-expertise"]
    tag_service.attach(first, tag, team.moderator)
    assert str(escape(tag.name)) in read(client, url)
    theme.description = "Les arrêts et les correspondances."
    db.session.commit()
    assert "Les arrêts et les correspondances." in read(client, url)
    assert read(client, url) == fresh_page_at(app, tmp_path, url)

    # A debate's list of all its contributions, alike.
    everything = f"/debates/{team.debate.slug}/contributions"
    assert "Ailleurs" in read(client, everything)
    assert cost(client, everything) == 2
    builders.make_contribution(team.debate, author, title="Un dernier avis", body=".")
    assert "Un dernier avis" in read(client, everything)


def test_a_contribution_beyond_a_full_first_page_leaves_it_kept(app, client, tmp_path):
    team = make_team()
    theme = team.debate.themes[0]
    url = theme_url(team, theme)
    author = builders.make_user()
    for n in range(app.config["PALABRE_PER_PAGE"]):
        builders.make_contribution(team.debate, author, title=f"Avis {n}", themes=[theme])
    assert 'rel="next"' not in read(client, url)
    builders.make_contribution(team.debate, author, title="Avis suivant", themes=[theme])
    html = read(client, url)
    assert 'rel="next"' in html and "Avis suivant" not in html  # a next page: shown at once

    # Oldest first, a new contribution lands on the last page: page 1 is still the one kept.
    builders.make_contribution(team.debate, author, title="Encore un avis", themes=[theme])
    assert cost(client, url) == 2
    assert read(client, url) == html == fresh_page_at(app, tmp_path, url)


def test_a_list_changing_while_its_page_renders_is_not_kept_under_the_old_list(
    app, client, tmp_path
):
    """Masked after the page read its list, before it loaded its cards: the page shows the
    new list and must not be kept under the old one, which the restoring brings back."""
    team = make_team()
    theme = team.debate.themes[0]
    url = theme_url(team, theme)
    builders.make_contribution(team.debate, team.participant, title="Un avis", themes=[theme])
    shaky = builders.make_contribution(
        team.debate, builders.make_user(), title="Un avis contesté", themes=[theme]
    )
    shaky_id = shaky.id
    with at_first_token_reading(
        lambda: mask_on_another_server(app, tmp_path / "other", team, shaky_id)
    ) as done:
        assert "Un avis contesté" not in read(client, url)
    assert done
    on_another_server(
        app,
        tmp_path / "other",
        team,
        shaky_id,
        lambda item, moderator: masking.restore(item, moderator, "Erreur de modération"),
    )
    db.session.expire_all()
    assert "Un avis contesté" in read(client, url)


def test_a_reader_with_no_role_gets_the_visitors_theme_page_and_staff_their_own(
    app, client, tmp_path
):
    team = make_team()
    theme = team.debate.themes[0]
    url = theme_url(team, theme)
    item = builders.make_contribution(
        team.debate, team.participant, title="Un avis", themes=[theme]
    )
    curation = vocabulary(team.debate)["weak-signal"]  # staff see it on the card
    tag_service.attach(item, curation, team.moderator)
    html = read(client, url)  # kept by a visitor
    assert str(escape(curation.name)) not in html
    reader = builders.make_user("Octave")
    other = app.test_client()
    login(other, reader)
    other.get("/")
    assert cost(other, url) <= 5  # them, the list, their roles, tokens, news
    theirs = read(other, url)
    assert "Octave" in theirs and 'href="/login' not in theirs and theirs != html
    assert without_csrf(theirs) == without_csrf(fresh_page_at(app, tmp_path, url, reader))

    moderator = app.test_client()
    login(moderator, team.moderator)
    moderator.get("/")
    staff_page = read(moderator, url)
    assert str(escape(curation.name)) in staff_page
    assert without_csrf(staff_page) == without_csrf(
        fresh_page_at(app, tmp_path, url, team.moderator)
    )
