"""No popularity signals (PRODUCT.md section 1): a walk over every public page of the demo.

The walk follows every link of the site from the home page, as an anonymous visitor in
French and as a logged-in participant in English, and fails on:
- a control (button, form, link) to like, vote, support, follow, sign or react;
- a number in the places that describe a contribution, a person or a theme (the meta
  line, theme lists, titles of cards, thread actions) other than a date;
- a count phrase anywhere ("12 réponses", "3 likes", "40 views"...).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from demo.tram import load_demo
from forum.extensions import db
from forum.models import User
from tests.conftest import login

CONTROL_WORDS = re.compile(
    r"\b(like[sd]?|j'aime|vote[sr]?|voter|upvote|downvote|endorse|applaud|clap|react(ion)?s?|"
    r"star|recommend|follow(ers?)?|abonnés?|soutenir|pétition|petition|signer|sign|karma|"
    r"trending|popular(ité|ity)?|populaires?|top)\b",
    re.IGNORECASE,
)
COUNT_PHRASE = re.compile(
    r"\b\d[\d\s.,]*\s*(réponses?|replies|likes?|j'aime|votes?|vues?|views?|soutiens?|"
    r"supporters?|abonnés?|followers?|partages?|shares?|signalements?|flags?|commentaires?|"
    r"comments?|points|badges?|contributions?|messages?|étoiles?|stars?)\b",
    re.IGNORECASE,
)
# Regions that describe a contribution, a person or a theme: no number but a date there.
WATCHED_CLASSES = {
    "meta",
    "theme-index",
    "theme-nav",
    "theme-tags",
    "card-title",
    "relation",
    "actions",
    "order-switch",
    "reply-title",
    "main-nav",
}
# Words people wrote (titles, pseudonyms, theme names and descriptions) may hold numbers.
USER_TEXT_CLASSES = {"user-text", "author", "pseudonym", "hint"}
CONTROL_TAGS = {"button", "form", "a", "input", "select"}
# The statistics page is the one public place with numbers, by design (audience and
# diversity, PRODUCT.md section 1); tests/test_synthesis_statistics.py checks it instead.
SKIPPED_PATHS = ("/lang/", "/logout", "/static/", "/statistics/")


class PageScan(HTMLParser):
    """Collects links, control descriptions and the text of watched regions (dates removed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.controls: list[str] = []
        self.watched_text: list[str] = []
        self.all_text: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []
        self._in_time = 0
        self._control_depth = 0
        self._control_text: list[str] = []

    def _watching(self) -> bool:
        watched = any(entry[1] for entry in self._stack)
        return watched and not any(entry[2] for entry in self._stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        void = tag in {"input", "br", "img", "meta", "link", "hr"}
        if not void:
            self._stack.append(
                (tag, bool(classes & WATCHED_CLASSES), bool(classes & USER_TEXT_CLASSES))
            )
        if tag == "time":
            self._in_time += 1
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in CONTROL_TAGS:
            described = " ".join(
                str(attributes.get(name) or "")
                for name in ("class", "id", "name", "value", "aria-label", "title", "action")
            )
            if tag == "a":
                described = " ".join(
                    str(attributes.get(name) or "") for name in ("class", "id", "aria-label")
                )
            self.controls.append(described)
            if tag in {"button", "a"}:
                self._control_depth += 1

    def handle_endtag(self, tag):
        if tag == "time":
            self._in_time = max(0, self._in_time - 1)
        if tag in {"button", "a"} and self._control_depth:
            self._control_depth -= 1
        while self._stack:
            open_tag = self._stack.pop()[0]
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.all_text.append(data)
        if self._stack and self._stack[-1][0] in {"button"}:
            self.controls.append(data)
        if self._watching() and not self._in_time:
            self.watched_text.append(data)


def _walk(client, start="/", limit=600):
    seen: set[str] = set()
    queue = [start]
    pages: dict[str, str] = {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == 302 and "/login" in response.headers["Location"]:
            continue  # a page for members only, seen in the participant's walk
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[url] = html
        scan = PageScan()
        scan.feed(html)
        for href in scan.links:
            href = urldefrag(href).url
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue
            if href.startswith(SKIPPED_PATHS) or href.startswith("/api/"):
                continue
            if href.startswith(("/login", "/register")):
                href = parts.path  # the same page whatever "next" says
            if href not in seen:
                queue.append(href)
    assert len(seen) < limit, "the walk did not finish: raise the limit"
    return pages


def _violations(pages: dict[str, str]) -> list[str]:
    found = []
    for url, html in pages.items():
        scan = PageScan()
        scan.feed(html)
        for control in scan.controls:
            if CONTROL_WORDS.search(control):
                found.append(f"{url}: popularity control {control.strip()!r}")
        watched = " ".join(scan.watched_text)
        for number in re.findall(r"\d+", watched):
            found.append(f"{url}: number {number!r} next to a contribution, person or theme")
        text = "\n|\n".join(scan.all_text)  # a phrase never spans two elements
        for match in COUNT_PHRASE.finditer(text):
            found.append(f"{url}: count phrase {match.group(0)!r}")
    return found


@pytest.fixture
def demo(app):
    load_demo()
    return app

@pytest.mark.audit
def test_anonymous_walk_of_the_demo_in_french_shows_no_popularity_signal(demo, client):
    pages = _walk(client)
    contribution_pages = [url for url in pages if url.startswith("/contributions/")]
    assert len(contribution_pages) >= 60  # the walk really reached the threads
    assert any("/themes/" in url for url in pages)
    assert _violations(pages) == []

@pytest.mark.audit
def test_participant_walk_in_english_shows_no_popularity_signal(demo, client):
    participant = db.session.scalar(
        db.select(User).where(User.email == "participant@palabre.example")
    )
    login(client, participant, "palabre-demo-2026")
    client.get("/lang/en")
    pages = _walk(client)
    assert "/account" in pages
    assert 'lang="en"' in pages["/"]
    assert _violations(pages) == []


def test_the_walk_catches_a_count_and_a_like_button():
    """The detector itself must fail on what it is meant to catch."""
    page = (
        '<p class="meta">par Alice · <time>1 mars 2026</time> · 12</p>'
        '<form action="/like"><button class="like">J\'aime</button></form>'
        "<p>Ce fil a 14 réponses.</p>"
        '<ul class="theme-index"><li><a href="/t">Tracé</a> (3)</li></ul>'
    )
    problems = _violations({"/fake": page})
    assert any("number '12'" in p for p in problems)
    assert any("popularity control" in p for p in problems)
    assert any("14 réponses" in p for p in problems)
    assert any("number '3'" in p for p in problems)
