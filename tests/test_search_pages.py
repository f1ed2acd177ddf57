"""The search page, the header's search box, the theme index and the similar panel."""

from __future__ import annotations

import pytest

from forum import accounts
from forum.extensions import db
from forum.models import Role, Status
from forum.search.service import reindex
from moderation import masking
from tests.builders import grant, make_contribution, make_debate, make_user
from tests.builders_moderation import ARTICLE_2, make_team
from tests.builders_search import app_config, catch_up  # noqa: F401 - the fixture
from tests.conftest import login
from tests.test_revalidation import on_another_server


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


def filters(html: str) -> str:
    return html.split('<fieldset class="search-filters">')[1].split("</fieldset>")[0]


def test_filters_show_each_search_its_own_choices(app, client, debate, login_as):
    """Each search gets its own selections, dates, language, staff fields and the themes
    as they are now."""
    first = filters(page(client, "/search?q=tram"))

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

    # The same dates, without an error (no words, no check), then checked.
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


def test_result_parts_follow_what_they_show(app, client, login_as):
    """The line under a result's title and its themes and tags show any change at once;
    staff get their curation tags."""
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
    first = results(page(client, url))
    assert "Ysaline" in first and escape(theme.name) in first

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


# --- A visitor's search page follows what it finds --------------------------------------


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


def test_a_visitors_search_page_follows_what_it_finds(app, client, found, tmp_path):
    team, item = found
    url = "/search?q=velo"
    html = page(client, url)
    assert f"/contributions/{item.id}" in html and "<mark>vélos</mark>" in html
    assert page(client, "/search?q=velo&kind=opinion") != html  # its own page
    # A contribution the search now finds shows once indexed.
    other = make_contribution(
        team.debate, make_user("Zoé"), title="Garage", body="Un abri à vélos à la gare."
    )
    reindex()
    assert f"/contributions/{other.id}" in page(client, url)
    # Masked on another server: gone at once, though the index still finds it.
    on_another_server(
        app,
        tmp_path / "other",
        team,
        other.id,
        lambda contribution, moderator: masking.mask(
            contribution, moderator, "Hors charte", ARTICLE_2
        ),
    )
    assert f"/contributions/{other.id}" not in page(client, url)
    # What a result shows: its author's name, the debate.
    accounts.update_settings(item.author, pseudonym="Ysaline Autre", locale="fr")
    assert "Ysaline Autre" in page(client, url)
    team.debate.title = "Le tramway, deuxième phase"
    db.session.commit()
    assert "Le tramway, deuxième phase" in page(client, url)
    assert "ETag" not in client.get(url).headers  # a search is never tagged
