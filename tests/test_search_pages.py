"""The search page, the header's search box, the theme index and the similar panel."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from forum import accounts
from forum.extensions import db
from forum.models import Role, Status
from forum.search.service import reindex
from tests.builders import grant, make_contribution, make_debate, make_user
from tests.builders_moderation import make_team
from tests.builders_search import app_config, catch_up  # noqa: F401 - the fixture
from tests.conftest import login, make_app
from tests.test_query_counts import counting
from tests.test_render_cache import (
    fresh_page_at,
    mask_on_another_server,
    on_another_server,
    without_csrf,
)


@pytest.fixture
def debate(app):
    debate = make_debate(themes=("Tracé", "Coût"))
    debate.themes[0].description = "Où passe la ligne, où s'arrête-t-elle."
    db.session.commit()
    return debate


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_every_page_has_a_labelled_search_box(client, debate):
    for url in ("/", f"/debates/{debate.slug}"):
        html = page(client, url)
        assert 'role="search"' in html and 'for="site-search-q"' in html
        assert 'action="/search"' in html
    # On a debate's pages the box searches that debate.
    assert f'name="debate" value="{debate.slug}"' in page(client, f"/debates/{debate.slug}")


def test_search_page_shows_marked_excerpts_and_keeps_the_query(client, debate):
    item = make_contribution(
        debate, make_user(), title="Pistes", body="Des pistes cyclables pour les vélos."
    )
    reindex()
    html = page(client, "/search?q=velo")
    assert f"/contributions/{item.id}" in html
    assert "<mark>vélos</mark>" in html
    assert 'value="velo"' in html  # the query stays in the box


def test_a_site_without_contributions_searches_its_empty_index(client, debate):
    reindex()  # an index with no document at all
    html = page(client, "/search?q=velo")
    assert "/contributions/" not in html
    assert "indisponible" not in html  # "no result", not "search is unavailable"
    item = make_contribution(debate, make_user(), title="Premier", body="Des vélos enfin.")
    html = page(client, f"/contributions/{item.id}")  # its similar panel searches too
    assert "Premier" in html


def test_an_unreadable_query_is_shown_back_with_a_plain_message(client, debate):
    html = page(client, "/search?q=%22tram")
    assert 'role="alert"' in html and "tram" in html


def test_a_wrong_date_is_an_error_next_to_its_field(client, debate):
    html = page(client, "/search?q=tram&date_from=demain")
    assert 'aria-invalid="true"' in html


def test_staff_filters_only_for_staff(client, debate, login_as):
    assert 'name="status"' not in page(client, "/search?q=tram")
    moderator = make_user()
    grant(moderator, debate, Role.MODERATOR)
    login_as(moderator)
    assert 'name="status"' in page(client, "/search?q=tram")


def test_pending_contributions_are_found_by_staff_only(client, debate, login_as):
    item = make_contribution(
        debate, make_user(), title="Tunnel", body="Un tunnel.", status=Status.PENDING
    )
    reindex()
    assert f"/contributions/{item.id}" not in page(client, "/search?q=tunnel")
    moderator = make_user()
    grant(moderator, debate, Role.COMMITTEE)
    login_as(moderator)
    assert f"/contributions/{item.id}" in page(client, "/search?q=tunnel&status=pending")


def test_did_you_mean_links_to_the_corrected_search(client, debate):
    make_contribution(debate, make_user(), title="Platanes", body="Les platanes de l'avenue.")
    reindex()
    html = page(client, f"/search?q=platnes&debate={debate.slug}")
    assert f"/search?q=platanes&amp;debate={debate.slug}" in html


def test_the_theme_index_lists_themes_with_descriptions_and_contributions(client, debate):
    route, cost = debate.themes
    author = make_user()
    filed = make_contribution(debate, author, title="Station Hôpital", themes=[route])
    unfiled = make_contribution(debate, author, title="Sans thème", themes=[])
    html = page(client, f"/debates/{debate.slug}/themes")
    assert "Où passe la ligne" in html
    assert f"/contributions/{filed.id}" in html
    assert f"/contributions/{unfiled.id}" not in html  # the public sees no unfiled list
    assert "Not yet filed" not in html and "Pas encore classées" not in html
    assert f"/debates/{debate.slug}/themes" in page(client, f"/debates/{debate.slug}")
    _ = cost


def test_staff_see_the_contributions_filed_under_no_theme(client, debate, login_as):
    unfiled = make_contribution(debate, make_user(), title="Sans thème", themes=[])
    moderator = make_user()
    grant(moderator, debate, Role.MODERATOR)
    login_as(moderator)
    html = page(client, f"/debates/{debate.slug}/themes")
    assert f"/contributions/{unfiled.id}" in html


def test_the_contribution_page_shows_similar_contributions(client, debate, login_as):
    author = make_user()
    first = make_contribution(
        debate,
        author,
        title="Parking relais",
        body="Il faut un parking relais gratuit au terminus du tramway pour les voitures.",
    )
    echo = make_contribution(
        debate,
        make_user(),
        title="Un parking au terminus",
        body="Un parking relais gratuit au terminus du tramway, pour laisser sa voiture.",
    )
    other = make_contribution(
        debate, author, title="Arbres", body="Replanter des arbres le long des quais."
    )
    reindex()
    html = page(client, f"/contributions/{echo.id}")
    assert 'class="similar"' in html
    panel = html.split('class="similar"')[1]
    assert f"/contributions/{first.id}" in panel
    assert f"/contributions/{other.id}" not in panel
    assert "duplicate" not in panel  # only moderators get the duplicate control
    moderator = make_user()
    grant(moderator, debate, Role.MODERATOR)
    login_as(moderator)
    panel = page(client, f"/contributions/{echo.id}").split('class="similar"')[1]
    assert f'name="original" value="{first.id}"' in panel
    assert f"/moderation/{debate.slug}/contributions/{echo.id}/duplicate" in panel


def test_similar_contributions_are_ordered_by_text_and_skip_the_thread(app, debate):
    from forum.search.service import similar

    author = make_user()
    item = make_contribution(
        debate,
        author,
        title="Bruit du chantier",
        body="Le bruit du chantier la nuit, "
        "les vibrations des engins et la poussière sur les balcons.",
    )
    reply = make_contribution(debate, author, body="Le bruit du chantier la nuit.", parent=item)
    close = make_contribution(
        debate,
        author,
        title="Chantier de nuit",
        body="Les vibrations des engins de chantier la nuit et la poussière sur nos balcons.",
    )
    far = make_contribution(debate, author, title="Chantier", body="Le chantier du pont.")
    hidden = make_contribution(
        debate,
        author,
        title="Vibrations",
        body="Vibrations, poussière, balcons, engins.",
        status=Status.MASKED,
    )
    reindex()
    found = [c.id for c in similar(item, None)]
    assert found[0] == close.id
    assert far.id in found
    assert reply.id not in found and item.id not in found and hidden.id not in found


@pytest.mark.parametrize("seconds", [300, 0])
def test_word_frequencies_of_similar_searches_are_kept_like_similar_ids(app, debate, seconds):
    """How common a word is only weighs which words a similar search uses: counted once
    and kept as long as similar ids are (``PALABRE_SIMILAR_SECONDS``), unless that is 0."""
    from forum.search.service import _kept_frequencies, get_backend

    app.config["PALABRE_SIMILAR_SECONDS"] = seconds
    author = make_user()
    make_contribution(debate, author, title="Passerelle", body="Une passerelle sur le canal.")
    reindex()
    with app.test_request_context("/"):
        backend = get_backend()
        before = _kept_frequencies(backend, ["passerel"])
    for n in range(3):
        make_contribution(debate, author, title=f"Passerelle {n}", body="Encore la passerelle.")
    reindex()
    with app.test_request_context("/"):
        after = _kept_frequencies(backend, ["passerel"])
        counted = backend.doc_frequencies(["passerel"])
    assert counted["passerel"] == before["passerel"] + 3
    assert after == (before if seconds else counted)


def test_similar_searches_leave_out_words_too_common_to_tell():
    """A word most contributions hold says nothing of what a text is about, and its
    postings are what a similar search costs: past 5 % of the index (and 1,000
    documents, so that a small debate keeps its words) it is not used."""
    from collections import Counter

    from forum.search.service import similar_terms

    used = Counter({"tram": 6, "pont": 1, "passerel": 2, "quai": 1})
    held = {"tram": 600_000, "pont": 40_000, "passerel": 300, "quai": 50_001}
    assert similar_terms(used, held, 1_000_000) == ["passerel", "pont"]
    # A small debate: the 1,000 documents' floor, not 5 % of 2,000.
    held = {"tram": 1_500, "pont": 900, "passerel": 30, "quai": 1_000}
    assert similar_terms(used, held, 2_000) == ["passerel", "pont", "quai"]
    assert similar_terms(used, {"tram": 1_800, "pont": 1_900}, 2_000) == []
    # Within the ceiling, the rarer and the more used first.
    held = {"tram": 10, "pont": 10, "passerel": 10, "quai": 400}
    assert similar_terms(used, held, 2_000) == ["tram", "passerel", "pont", "quai"]


def page_keeping_nothing(app, tmp_path, url: str) -> str:
    """The page as another server on the same database and index renders it, keeping no
    rendered HTML."""
    fresh = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path / "fresh",
        PALABRE_RENDER_CACHE_MB=0,
        PALABRE_INDEX_PATH=app.config["PALABRE_INDEX_PATH"],
        PALABRE_SEARCH=app.config["PALABRE_SEARCH"],
    )
    with fresh.app_context():
        html = page(fresh.test_client(), url)
        db.session.remove()
        db.engine.dispose()
    return html


def filters(html: str) -> str:
    return html.split('<fieldset class="search-filters">')[1].split("</fieldset>")[0]


def test_kept_filters_show_each_search_its_own_choices(app, client, debate, login_as, tmp_path):
    """The filter fields are kept rendered (forum/search/views.py): each search still gets
    its own selections, dates, language, staff fields and the themes as they are now."""
    first = filters(page(client, "/search?q=tram"))
    assert filters(page(client, "/search?q=tram")) == first
    assert filters(page_keeping_nothing(app, tmp_path, "/search?q=tram")) == first

    for chosen, shown in (
        ("kind=question", '<option selected value="question">'),
        ("date_from=2026-01-05", 'value="2026-01-05"'),
        (f"debate={debate.slug}", f'<option selected value="{debate.slug}">'),
    ):
        assert shown in filters(page(client, f"/search?q=tram&{chosen}"))
        assert shown not in filters(page(client, "/search?q=tram"))

    debate.themes[0].name = "Tracé et gares"
    db.session.commit()
    assert "Tracé et gares" in filters(page(client, "/search?q=tram"))

    # The same dates, kept without an error (no words, no check), then checked.
    wrong = "date_from=2026-05-01&date_to=2026-01-01"
    assert 'aria-invalid="true"' not in filters(page(client, f"/search?{wrong}"))
    assert 'aria-invalid="true"' in filters(page(client, f"/search?q=tram&{wrong}"))

    client.get("/lang/en")
    assert "Narrow the search" in page(client, "/search?q=tram")
    assert "Narrow the search" not in first

    moderator = make_user()
    grant(moderator, debate, Role.MODERATOR)
    login_as(moderator)
    assert 'name="status"' in filters(page(client, "/search?q=tram"))


def results(html: str) -> str:
    return html.split('class="result-list"')[1].split("</ol>")[0]


def test_result_parts_are_kept_and_follow_what_they_show(app, client, login_as, tmp_path):
    """The line under a result's title and its themes and tags are kept like cards
    (forum/card_list.py): the same as rendered afresh, cheaper the second time, and never
    shown after a change to what they show; staff get their curation tags."""
    from markupsafe import escape

    from moderation import tags as tag_service
    from tests.builders_moderation import vocabulary

    team = make_team()
    tags = vocabulary(team.debate)
    theme = team.debate.themes[0]
    author = make_user("Ysaline")
    item = make_contribution(
        team.debate, author, title="Pistes", body="Des pistes cyclables.", themes=[theme]
    )
    reindex()
    url = "/search?q=pistes"
    with counting() as rendered:
        first = results(page(client, url))
    with counting() as kept:
        assert results(page(client, url)) == first
    assert len(kept) < len(rendered)  # no authors, themes or tags read again
    assert "Ysaline" in first and escape(theme.name) in first
    assert results(page_keeping_nothing(app, tmp_path, url)) == first

    accounts.update_settings(author, pseudonym="Ysaline Autre", locale="fr")
    assert "Ysaline Autre" in results(page(client, url))
    tag_service.attach(item, tags["usage-expertise"], team.moderator)
    tag_service.attach(item, tags["weak-signal"], team.moderator)
    shown = results(page(client, url))
    assert escape(tags["usage-expertise"].name) in shown
    assert escape(tags["weak-signal"].name) not in shown  # a curation tag: staff only
    theme.name = "Vélo et piétons"
    db.session.commit()
    assert "Vélo et piétons" in results(page(client, url))

    moderator = app.test_client()
    login(moderator, team.moderator)
    assert escape(tags["weak-signal"].name) in results(page(moderator, url))
    assert escape(tags["weak-signal"].name) not in results(page(client, url))


# --- A visitor's search page, kept (forum/public_pages.py) --------------------------------


def served_kept(client, url: str) -> bool:
    """Whether a view of ``url`` was served without loading any result."""
    with counting() as seen:
        page(client, url)
    return not [s for s in seen if "contributions.body_html" in s]


def kept_whole(app, url: str) -> bool:
    """Whether the worker's store holds a visitor's page of ``url`` (not just its scopes)."""
    store = app.extensions.get("palabre_public_pages")
    return bool(store) and any(
        key[0].endswith(url) and value.body is not None
        for key, (_expires, value) in store._items.items()
    )


@pytest.fixture
def found(app):
    """A debate with contributions the search for "velo" finds (enough for no "did you
    mean" to be looked for), the first of them, and its team."""
    team = make_team()
    item = make_contribution(
        team.debate,
        make_user("Ysaline"),
        title="Pistes",
        body="Des pistes cyclables pour les vélos, et un passage par la rue des Lilas.",
    )
    for title in ("Stationnement", "Sécurité"):
        make_contribution(team.debate, make_user(), title=title, body="Des arceaux à vélos.")
    reindex()
    return team, item


def test_a_visitors_search_page_is_kept_and_follows_what_it_finds(app, client, found, tmp_path):
    team, item = found
    url = "/search?q=velo"
    html = page(client, url)
    assert f"/contributions/{item.id}" in html and "<mark>vélos</mark>" in html
    # Kept from its second rendering (one asked once is not worth its room in the store).
    assert not served_kept(client, url)
    # The site's token, the form's choices and the search, then the tokens of what the page
    # shows: no result loaded.
    with counting() as seen:
        assert page(client, url) == html
    assert not [s for s in seen if "contributions.body_html" in s]
    assert len([s for s in seen if "render_tokens" in s]) == 2
    assert page(client, url) == html == fresh_page_at(app, tmp_path, url)
    assert page(client, "/search?q=velo&kind=opinion") != html  # its own page

    # A contribution the search now finds shows once indexed.
    other = make_contribution(
        team.debate, make_user("Zoé"), title="Garage", body="Un abri à vélos à la gare."
    )
    assert f"/contributions/{other.id}" not in page(client, url)  # not indexed yet
    reindex()
    assert f"/contributions/{other.id}" in page(client, url)
    # Masked on another server: gone at once, though the index still finds it.
    mask_on_another_server(app, tmp_path / "other", team, other.id)
    assert f"/contributions/{other.id}" not in page(client, url)
    assert f"/contributions/{other.id}" not in page(client, url)
    # What a result shows: its author's name, the debate.
    accounts.update_settings(item.author, pseudonym="Ysaline Autre", locale="fr")
    assert "Ysaline Autre" in page(client, url)
    team.debate.title = "Le tramway, deuxième phase"
    db.session.commit()
    assert "Le tramway, deuxième phase" in page(client, url)
    assert page(client, url) == fresh_page_at(app, tmp_path, url)


def search_while(client, url: str, when, change, *, moment="before_cursor_execute") -> bool:
    """A visitor's view of ``url`` (their session made, the search asked once before: this
    rendering is the one kept), ``change()`` run once just before (or after, with
    ``moment="after_cursor_execute"``) the first statement of which ``when(statement,
    parameters)`` holds; whether it ran."""
    done: list[bool] = []

    def hook(_conn, _cursor, statement, parameters, _context, _many):
        given = parameters.values() if isinstance(parameters, dict) else parameters or ()
        if not done and when(statement, [str(v) for v in given]):
            done.append(True)
            change()

    client.get("/")
    page(client, url)
    event.listen(db.engine, moment, hook)
    try:
        page(client, url)
    finally:
        event.remove(db.engine, moment, hook)
    db.session.expire_all()
    return bool(done)


def test_a_result_changed_while_the_page_renders_is_never_served_stale(
    app, client, found, tmp_path
):
    """Its title corrected on another server just after this page loaded the results (a
    change of the contribution's row alone: its thread's token): the page must not be kept
    under the new token. (On SQLite a request reads one snapshot and cannot see the change;
    on PostgreSQL it does.)"""
    team, item = found
    item_id = item.id

    def correct():
        on_another_server(
            app,
            tmp_path / "other",
            team,
            item_id,
            lambda row, _m: setattr(row, "title", "Pistes cyclables"),
        )

    def loading_results(statement, _values):
        return "contributions.body_html" in statement

    assert search_while(
        client, "/search?q=velo", loading_results, correct, moment="after_cursor_execute"
    )
    assert "Pistes cyclables" in page(client, "/search?q=velo")


def test_a_search_page_is_kept_for_visitors_only(app, client, found, tmp_path):
    team, item = found
    url = "/search?q=velo"
    page(client, url)
    assert 'name="status"' not in page(client, url)  # kept for visitors
    for someone in (team.moderator, make_user("Octave")):
        theirs = app.test_client()
        login(theirs, someone)
        theirs.get("/")
        html = page(theirs, url)
        assert someone.pseudonym in html and 'href="/login' not in html
        assert without_csrf(html) == without_csrf(fresh_page_at(app, tmp_path, url, someone))
    moderator = app.test_client()
    login(moderator, team.moderator)
    assert 'name="status"' in page(moderator, url)


def test_pages_made_of_the_index_words_or_of_its_failure_are_not_kept(app, client, found):
    team, item = found
    client.get("/")  # the visitor's session made: their next page may be kept
    for url in ("/search?q=pistte", "/search?q=%22tram"):  # "did you mean", unreadable
        for _ in range(3):
            page(client, url)
        assert not kept_whole(app, url)  # rendered each time
    assert "Vouliez-vous dire" in page(client, "/search?q=pistte")
    page(client, "/search?q=velo")
    assert not kept_whole(app, "/search?q=velo")  # asked once
    page(client, "/search?q=velo")
    assert kept_whole(app, "/search?q=velo")  # kept when nothing forbids it


def test_a_debate_renamed_while_the_search_form_is_made_is_never_served_stale(
    app, client, found, tmp_path
):
    """Renamed on another server after this search read the debates its form offers (and
    its results show): the page, and the results' parts, must not be kept under the new
    site token. (Meaningful on PostgreSQL, as above.)"""
    team, item = found

    def rename():
        on_another_server(
            app,
            tmp_path / "other",
            team,
            item.id,
            lambda row, _m: setattr(row.debate, "title", "Tramway, deuxième phase"),
        )

    # The debates are read just before the themes.
    assert search_while(client, "/search?q=velo", lambda s, _v: "FROM themes" in s, rename)
    html = page(client, "/search?q=velo")
    assert html.count("Tramway, deuxième phase") >= 4  # the filter and each result
