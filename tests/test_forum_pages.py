"""Public pages: home, debates, themes, documents, easy-read, charter, errors, languages."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, timedelta
from html.parser import HTMLParser

from forum.extensions import db
from forum.models import Debate, DocumentKind, Phase, Role, Status
from forum.models import utcnow as now
from tests import builders
from tests.conftest import login

# --- Helpers -------------------------------------------------------------------------


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def find_tags(html: str, tag: str, **attrs: str) -> list[dict[str, str | None]]:
    """Attributes of every ``tag`` whose attributes include ``attrs`` (``class_`` for class)."""
    if "class_" in attrs:
        attrs["class"] = attrs.pop("class_")
    parser = _TagCollector()
    parser.feed(html)
    return [
        found
        for name, found in parser.tags
        if name == tag and all(found.get(key) == value for key, value in attrs.items())
    ]


def find_tag(html: str, tag: str, **attrs: str) -> dict[str, str | None] | None:
    found = find_tags(html, tag, **attrs)
    return found[0] if found else None


def meta(html: str, prop: str) -> str:
    tag = find_tag(html, "meta", property=prop)
    assert tag is not None, f"no <meta property={prop!r}>"
    return tag["content"] or ""


def html_lang(html: str) -> str | None:
    match = re.search(r"<html\s+lang=\"([^\"]*)\"", html)
    return match.group(1) if match else None


def section(html: str, heading_id: str) -> str:
    """The markup of the <section> labelled by the heading ``heading_id``."""
    match = re.search(rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no section {heading_id!r}"
    return match.group(1)


def text_of(fragment: str) -> str:
    return html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", fragment).split()))


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def english(client) -> None:
    assert client.get("/lang/en").status_code == 302


def set_dates(debate: Debate, opens_on: date | None, closes_on: date | None) -> None:
    debate.opens_on, debate.closes_on = opens_on, closes_on
    db.session.commit()


# --- Home ----------------------------------------------------------------------------


def test_home_lists_open_debates_before_closed_ones_with_their_dates(client):
    closed = builders.make_debate("bridge", title="Bridge over the river", phase=Phase.CLOSED)
    set_dates(closed, date(2031, 3, 14), date(2031, 6, 30))
    reported = builders.make_debate("port", title="Port extension", phase=Phase.REPORTED)
    set_dates(reported, date(2032, 1, 2), date(2032, 2, 3))
    tram = builders.make_debate("tram", title="Tram extension", phase=Phase.OPEN)
    set_dates(tram, date(2030, 1, 5), date(2030, 2, 20))
    wind = builders.make_debate("wind", title="Wind farm offshore", phase=Phase.OPEN)
    set_dates(wind, date(2030, 9, 1), None)
    builders.make_debate("secret", title="Draft on the airport", phase=Phase.DRAFT)
    english(client)

    html = page(client, "/")

    assert "<h1>Public debates</h1>" in html
    positions = [
        html.index(title)
        for title in ("Wind farm offshore", "Tram extension", "Bridge over the river")
    ]
    assert positions == sorted(positions), "open debates first, latest opening first"
    assert html.index("Bridge over the river") < html.index("Port extension")
    assert html.index('id="phase-open"') < html.index('id="phase-closed"')
    assert html.index('id="phase-closed"') < html.index('id="phase-reported"')
    assert "Draft on the airport" not in html
    assert 'id="phase-draft"' not in html
    for day in ("5 January 2030", "20 February 2030", "1 September 2030", "14 March 2031"):
        assert day in html, day
    assert 'href="/debates/tram"' in html
    assert "Métropole de Belcombe" in html


def test_home_without_debates_says_so(client):
    english(client)
    assert "No debate is open yet." in page(client, "/")


# --- Draft debates ---------------------------------------------------------------------


def _draft_with_content():
    draft = builders.make_debate("airport", title="Secret airport draft", phase=Phase.DRAFT)
    moderator = builders.make_user("Writer")
    builders.grant(moderator, draft, Role.MODERATOR)
    document = builders.make_document(draft, title="Draft project file")
    contribution = builders.make_contribution(draft, moderator, title="Test entry")
    urls = [
        "/debates/airport",
        "/debates/airport/contributions",
        f"/debates/airport/themes/{draft.themes[0].slug}",
        "/debates/airport/easy-read",
        "/debates/airport/charter",
        f"/debates/airport/documents/{document.id}",
        f"/contributions/{contribution.id}",
    ]
    return draft, urls


def test_draft_debate_is_invisible_to_the_public_and_other_debates_staff(app):
    draft, urls = _draft_with_content()
    other = builders.make_debate("other", title="Another debate")
    participant = builders.make_user("Participant")
    other_owner = builders.make_user("OtherOwner")
    builders.grant(other_owner, other, Role.OWNER)
    other_moderator = builders.make_user("OtherModerator")
    builders.grant(other_moderator, other, Role.MODERATOR)

    for viewer in (None, participant, other_owner, other_moderator):
        client = app.test_client()
        if viewer is not None:
            login(client, viewer)
        name = viewer.pseudonym if viewer else "anonymous"
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, (name, url)
            assert response.mimetype == "text/html", (name, url)
            assert "Secret airport draft" not in response.get_data(as_text=True), (name, url)
        assert "Secret airport draft" not in page(client, "/"), name
        assert "Another debate" in page(client, "/"), name
        if viewer is not None:
            assert client.get("/debates/airport/contribute").status_code == 404, name
        assert "airport" not in client.get("/api/v1/debates").get_data(as_text=True), name
        assert client.get("/api/v1/debates/airport/contributions").status_code == 404, name


def test_draft_debate_is_visible_to_its_staff_owner_and_admins(app):
    draft, urls = _draft_with_content()
    viewers = [builders.make_user("Admin", admin=True)]
    for role in (Role.MODERATOR, Role.COMMITTEE, Role.OWNER):
        person = builders.make_user(f"Draft{role.value.title()}")
        builders.grant(person, draft, role)
        viewers.append(person)

    for viewer in viewers:
        client = app.test_client()
        login(client, viewer)
        for url in urls[:-1]:
            assert client.get(url).status_code == 200, (viewer.pseudonym, url)
        assert "Secret airport draft" in page(client, "/debates/airport"), viewer.pseudonym
        home = page(client, "/")
        assert "Secret airport draft" in home, viewer.pseudonym
        assert 'id="phase-draft"' in home, viewer.pseudonym
        # The open-data API is public: it never lists a draft, whoever asks.
        assert "airport" not in client.get("/api/v1/debates").get_data(as_text=True)


# --- Debate page ---------------------------------------------------------------------


def test_debate_page_shows_the_project_phase_dates_themes_documents_and_how_to_take_part(
    client,
):
    debate = builders.make_debate(
        "tram", title="Tram extension", themes=("Route and stations", "Cost", "Environment")
    )
    set_dates(debate, date(2030, 1, 5), date(2030, 2, 20))
    project_file = builders.make_document(debate, title="Project file of the owner")
    study = builders.make_document(debate, title="Traffic study", kind=DocumentKind.STUDY)
    english(client)

    html = page(client, "/debates/tram")

    assert "<h1>Tram extension</h1>" in html
    assert "<strong>quatre stations</strong>" in section(html, "project")
    assert 'href="/debates/tram/easy-read"' in html
    facts = text_of(re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1))
    stages = text_of(re.search(r'<ol class="phase-steps"[^>]*>(.*?)</ol>', html, re.S).group(1))
    assert "Open current stage From 5 January 2030 to 20 February 2030" in stages
    assert "Métropole de Belcombe" in facts

    themes = section(html, "themes")
    links = [tag["href"] for tag in find_tags(themes, "a")]
    assert links[:3] == [
        "/debates/tram/themes/route-and-stations",
        "/debates/tram/themes/cost",
        "/debates/tram/themes/environment",
    ]
    index = re.search(r'<ul class="theme-index">(.*?)</ul>', themes, re.S).group(1)
    assert text_of(index) == "Route and stations Cost Environment"
    assert not re.search(r"\d", text_of(index)), "no count next to a theme"

    documents = section(html, "documents")
    for document, kind in ((project_file, "Project file"), (study, "Study")):
        assert f'href="/debates/tram/documents/{document.id}"' in documents
        assert document.title in documents
        assert kind in documents

    take_part = section(html, "take-part")
    assert "How to take part" in take_part
    assert 'href="/debates/tram/contribute"' in take_part
    assert 'href="/debates/tram/charter"' in take_part
    assert "published at once and read by a moderator afterwards" in take_part
    assert "within 15 days" in take_part


def test_closed_debate_page_offers_no_way_to_contribute(client):
    builders.make_debate("bridge", phase=Phase.CLOSED)
    english(client)
    html = page(client, "/debates/bridge")
    take_part = section(html, "take-part")
    assert "not open to contributions" in take_part
    assert "/debates/bridge/contribute" not in html
    stages = re.search(r'<ol class="phase-steps"[^>]*>(.*?)</ol>', html, re.S).group(1)
    assert "Closed current stage" in text_of(stages)


def test_debate_page_shows_the_latest_top_level_published_contributions(client):
    debate = builders.make_debate("tram")
    author = builders.make_user("Author")
    start = now() - timedelta(days=30)
    items = [
        builders.make_contribution(
            debate, author, title=f"Opinion number {n}", created_at=start + timedelta(days=n)
        )
        for n in range(1, 9)
    ]
    builders.make_contribution(
        debate, author, title="A reply", parent=items[0], created_at=start + timedelta(days=20)
    )
    builders.make_contribution(
        debate, author, title="Awaiting", status=Status.PENDING, created_at=now()
    )
    builders.make_contribution(
        debate, author, title="Hidden", status=Status.MASKED, created_at=now()
    )
    english(client)

    latest = section(page(client, "/debates/tram"), "latest")

    shown = re.findall(r"Opinion number (\d)", latest)
    assert shown == ["8", "7", "6", "5", "4", "3"], "the six newest, newest first"
    for absent in ("A reply", "Awaiting", "Hidden"):
        assert absent not in latest
    assert 'href="/debates/tram/contributions?order=newest"' in latest


def test_debate_page_without_contributions_says_so(client):
    builders.make_debate("tram")
    english(client)
    assert "No contribution yet." in section(page(client, "/debates/tram"), "latest")


# --- Themes, documents, easy-read, charter ------------------------------------------------


def test_theme_page_lists_only_the_contributions_of_that_theme(client):
    debate = builders.make_debate("tram", themes=("Route", "Cost"))
    other = builders.make_debate("other", themes=("Route", "Noise"))
    author = builders.make_user()
    route, cost = debate.themes
    builders.make_contribution(debate, author, title="About the route", themes=[route])
    builders.make_contribution(debate, author, title="About the cost", themes=[cost])
    builders.make_contribution(debate, author, title="About both", themes=[route, cost])
    builders.make_contribution(other, author, title="Other debate route", themes=other.themes[:1])
    builders.make_contribution(
        debate, author, title="Pending route", themes=[route], status=Status.PENDING
    )
    english(client)

    html = page(client, "/debates/tram/themes/route")

    assert "Theme: Route" in text_of(html)
    assert "About the route" in html and "About both" in html
    for absent in ("About the cost", "Other debate route", "Pending route"):
        assert absent not in html, absent
    cost_page = page(client, "/debates/tram/themes/cost")
    assert "About the cost" in cost_page and "About both" in cost_page
    assert "About the route" not in cost_page
    # A theme of another debate is not a theme of this one.
    assert client.get("/debates/tram/themes/noise").status_code == 404


def test_document_page(client):
    debate = builders.make_debate("tram", title="Tram extension")
    document = builders.make_document(
        debate, title="Traffic study 2030", kind=DocumentKind.STUDY, summary="Counts of *cars*."
    )
    other = builders.make_debate("other")
    foreign = builders.make_document(other, title="Not of the tram")
    english(client)

    html = page(client, f"/debates/tram/documents/{document.id}")

    assert "<h1>Traffic study 2030</h1>" in html
    assert "Counts of <em>cars</em>." in html
    assert "Study" in html
    assert date.today().strftime("%Y") in html
    assert 'href="/debates/tram"' in html
    assert client.get(f"/debates/tram/documents/{foreign.id}").status_code == 404
    assert client.get(f"/debates/other/documents/{foreign.id}").status_code == 200


def test_easy_read_page(client):
    builders.make_debate("tram", title="Tram extension")
    english(client)
    html = page(client, "/debates/tram/easy-read")
    assert "Tram extension — easy to read" in html
    assert "Un tramway plus long. Vous pouvez donner votre avis." in html


def test_easy_read_page_without_summary_says_so(client):
    debate = builders.make_debate("tram")
    debate.easy_summary_html = ""
    db.session.commit()
    english(client)
    html = page(client, "/debates/tram/easy-read")
    assert "No easy-to-read summary yet." in html
    assert "easy-read" not in section(page(client, "/debates/tram"), "project")


def test_charter_page(client):
    builders.make_debate("tram")
    english(client)
    html = page(client, "/debates/tram/charter")
    assert "Moderation charter" in html
    assert "Article 1 — Respecter les personnes." in html


def test_charter_page_falls_back_to_the_general_charter(client):
    debate = builders.make_debate("tram")
    debate.charter_html = ""
    db.session.commit()
    english(client)
    assert "general charter of Palabre" in page(client, "/debates/tram/charter")


# --- Not found -----------------------------------------------------------------------


def test_unknown_things_give_an_html_404_page(client):
    debate = builders.make_debate("tram")
    document = builders.make_document(debate)
    english(client)
    for url in (
        "/debates/nowhere",
        "/debates/nowhere/contributions",
        "/debates/nowhere/easy-read",
        "/debates/nowhere/charter",
        "/debates/nowhere/themes/route",
        f"/debates/nowhere/documents/{document.id}",
        "/debates/tram/themes/no-such-theme",
        "/debates/tram/documents/999999",
        "/debates/tram/documents/not-a-number",
        "/contributions/999999",
        "/contributions/not-a-number",
        "/no/such/page",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html", url
        html = response.get_data(as_text=True)
        assert "<h1>Page not found</h1>" in html, url
        assert html_lang(html) == "en", url
        assert 'href="#main"' in html, url


def test_unknown_things_in_the_api_give_a_json_404(client):
    response = client.get("/api/v1/debates/nowhere/contributions")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


# --- Languages -----------------------------------------------------------------------


def test_language_switch_changes_the_language_of_pages(client):
    builders.make_debate("tram")
    assert html_lang(page(client, "/")) == "fr"

    response = client.get("/lang/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = page(client, "/")
    assert html_lang(home) == "en"
    assert "<h1>Public debates</h1>" in home
    assert meta(home, "og:locale") == "en_GB"
    assert html_lang(page(client, "/debates/tram")) == "en"

    response = client.get("/lang/fr?next=/debates/tram")
    assert response.headers["Location"] == "/debates/tram"
    home = page(client, "/")
    assert html_lang(home) == "fr"
    assert meta(home, "og:locale") == "fr_FR"


def test_language_switch_ignores_unknown_languages(client):
    english(client)
    response = client.get("/lang/de?next=/")
    assert response.status_code == 302
    assert html_lang(page(client, "/")) == "en"


def test_language_switch_does_not_redirect_elsewhere(client):
    for target in (
        "https://evil.example",
        "https://evil.example/",
        "//evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
    ):
        response = client.get("/lang/en", query_string={"next": target})
        assert response.status_code == 302, target
        assert response.headers["Location"] == "/", target


def test_language_switch_link_comes_back_to_the_same_page(client):
    builders.make_debate("tram")
    html = page(client, "/debates/tram?order=newest")
    switch = find_tag(html, "a", hreflang="en")
    assert switch is not None
    response = client.get(switch["href"])
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/debates/tram?order=newest")
    assert html_lang(page(client, "/debates/tram")) == "en"


def test_pages_are_french_by_default_whatever_the_browser_says(client):
    # docs/DECISIONS.md: a French public debate speaks French; Accept-Language is ignored.
    builders.make_debate("tram")
    browser_english = {"Accept-Language": "en-GB,en;q=0.9"}
    for url in ("/", "/debates/tram", "/login", "/register", "/debates/nowhere"):
        html = client.get(url, headers=browser_english).get_data(as_text=True)
        assert html_lang(html) == "fr", url
    english(client)
    assert html_lang(page(client, "/debates/tram")) == "en"


def test_every_page_has_a_language_switch_and_a_skip_link(client, login_as):
    debate = builders.make_debate("tram")
    document = builders.make_document(debate)
    author = builders.make_user("Author")
    contribution = builders.make_contribution(debate, author)
    public = [
        "/",
        "/login",
        "/register",
        "/debates/tram",
        "/debates/tram/contributions",
        f"/debates/tram/themes/{debate.themes[0].slug}",
        f"/debates/tram/documents/{document.id}",
        "/debates/tram/easy-read",
        "/debates/tram/charter",
        f"/contributions/{contribution.id}",
        "/debates/nowhere",
    ]
    logged_in = [
        "/",
        "/account",
        "/debates/tram/contribute",
        f"/contributions/{contribution.id}/reply",
    ]

    def check(url: str, other_language: str) -> None:
        html = client.get(url).get_data(as_text=True)
        skip = find_tag(html, "a", class_="skip-link")
        assert skip is not None and skip["href"] == "#main", url
        assert find_tag(html, "main", id="main") is not None, url
        assert html.index('class="skip-link"') < html.index("<header"), url
        switch = re.search(r'<nav aria-label="[^"]*" class="lang-switch">(.*?)</nav>', html, re.S)
        assert switch, url
        link = find_tag(switch.group(1), "a", hreflang=other_language)
        assert link is not None and link["href"].startswith(f"/lang/{other_language}?next="), url

    for url in public:
        check(url, "en")
    login_as(author)
    english(client)
    for url in logged_in:
        check(url, "fr")


# --- Open Graph ----------------------------------------------------------------------


def test_debate_page_has_open_graph_title_and_description(client):
    builders.make_debate("tram", title="Tram extension to the hospital")
    html = page(client, "/debates/tram")
    assert "Tram extension to the hospital" in meta(html, "og:title")
    assert "Le projet prolonge la ligne de tramway de quatre stations." in meta(
        html, "og:description"
    )
    assert "**" not in meta(html, "og:description")
    assert meta(html, "og:url").endswith("/debates/tram")
    assert find_tag(html, "meta", name="description")["content"] == meta(html, "og:description")


def test_contribution_page_has_open_graph_title_and_excerpt(client):
    debate = builders.make_debate("tram", title="Tram extension")
    author = builders.make_user()
    body = "The line should serve the *hospital*. " + "It matters for patients. " * 20
    item = builders.make_contribution(
        debate, author, title='Serve the "hospital" & clinic', body=body
    )

    html = page(client, f"/contributions/{item.id}")

    assert 'Serve the "hospital" & clinic' in meta(html, "og:title")
    assert "Tram extension" in meta(html, "og:title")
    description = meta(html, "og:description")
    assert description.startswith("The line should serve the hospital.")
    assert len(description) <= 201 and description.endswith("…")
    assert meta(html, "og:type") == "article"
    # The quote in the title is escaped: it cannot close the attribute.
    assert '"hospital" &' not in html.split("<body")[0]


def test_masked_contribution_does_not_leak_through_open_graph(client):
    debate = builders.make_debate("tram")
    author = builders.make_user()
    item = builders.make_contribution(
        debate, author, title="Masked one", body="Insulting words here.", status=Status.MASKED
    )
    html = page(client, f"/contributions/{item.id}")
    assert "Insulting words" not in meta(html, "og:description")
    assert "Insulting words" not in html
