"""The three orders of a list of contributions, and paging through them by their links.

Oldest first (the default), newest first, and shuffled with a seed carried in the links:
no other order exists (PRODUCT.md section 1), and no query string can break a list page.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from itertools import product
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from forum.models import Relation, Status
from forum.pagination import Ordering
from tests import builders

PER_PAGE = 10
TOTAL = 45
CONTRIBUTION_HREF = re.compile(r"^/contributions/(\d+)$")


@pytest.fixture
def app_config() -> dict:
    return {"PALABRE_PER_PAGE": PER_PAGE}


class ListPage(HTMLParser):
    """What a list page shows: its cards in order, its pager links, its order links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[int] = []
        self.rel: dict[str, str] = {}
        self.order_links: list[str] = []
        self._in_card_title = False
        self._in_order_switch = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "card-title" in classes:
            self._in_card_title = True
        if "order-switch" in classes:
            self._in_order_switch = 1
        elif self._in_order_switch and tag == "nav":
            self._in_order_switch += 1
        if tag != "a":
            return
        href = attributes.get("href") or ""
        if self._in_card_title:
            match = CONTRIBUTION_HREF.match(href)
            if match:
                self.ids.append(int(match.group(1)))
            self._in_card_title = False
        rel = attributes.get("rel")
        if rel in ("next", "prev"):
            assert rel not in self.rel, f"two rel={rel} links"
            self.rel[rel] = href
        if self._in_order_switch:
            self.order_links.append(href)

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_order_switch:
            self._in_order_switch -= 1


def get_page(client, url: str) -> ListPage:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return ListPage(response.get_data(as_text=True))


def walk(client, url: str) -> list[ListPage]:
    """Every page of a list, from ``url``, following rel="next" links only."""
    pages = [get_page(client, url)]
    while "next" in pages[-1].rel:
        assert len(pages) <= TOTAL, "the next links loop"
        pages.append(get_page(client, pages[-1].rel["next"]))
    return pages


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def shuffled(items, seed: int) -> list[int]:
    """The order the database must produce: the Python twin of the SQL shuffle key.

    The pages agreeing with it proves that the SQL key, the key in the cursors and the
    tie-break all agree, so paging neither skips nor repeats anything.
    """
    ordering = Ordering("shuffled", seed)
    return [c.id for c in sorted(items, key=lambda c: (ordering.key_of(c), c.id))]


@pytest.fixture
def corpus(app):
    """A debate with 45 published contributions under its first theme, and others around.

    Some share the same second (the order must still be total), some are replies, and
    others must never be listed under that theme: published under another theme only,
    pending, masked, or in another debate.
    """
    debate = builders.make_debate("tram")
    first, second, third = debate.themes
    people = [builders.make_user(f"Personne{i}") for i in range(3)]
    start = datetime(2026, 3, 1, 9, 0, 0)
    listed = []
    for n in range(TOTAL):
        # Items 10 to 14 were posted in the same instant (an offline batch entered at once);
        # the others are spread over days, not in id order.
        when = (
            start + timedelta(hours=10) if 10 <= n < 15 else start + timedelta(hours=(n * 7) % 53)
        )
        parent = listed[n - 3] if n % 9 == 8 else None
        listed.append(
            builders.make_contribution(
                debate,
                people[n % 3],
                title=f"Contribution {n}",
                themes=[first, second] if n % 4 == 0 else [first],
                parent=parent,
                relation=Relation.NUANCES if parent else None,
                created_at=when,
            )
        )
    elsewhere = [
        builders.make_contribution(
            debate,
            people[0],
            title=f"Ailleurs {n}",
            themes=[third],
            created_at=start + timedelta(minutes=n * 13),
        )
        for n in range(6)
    ]
    for status in (Status.PENDING, Status.MASKED):
        builders.make_contribution(
            debate,
            people[1],
            title=f"Jamais listée {status}",
            themes=[first],
            status=status,
            created_at=start,
        )
    other_debate = builders.make_debate("autre")
    builders.make_contribution(other_debate, people[2], themes=other_debate.themes[:1])
    return {
        "debate": debate,
        "theme": first,
        "listed": listed,
        "all": listed + elsewhere,
    }


def lists(corpus) -> list[tuple[str, list]]:
    """(URL of the list, contributions it must show) for the debate list and a theme page."""
    return [
        ("/debates/tram/contributions", corpus["all"]),
        (f"/debates/tram/themes/{corpus['theme'].slug}", corpus["listed"]),
    ]


def oldest_first(items) -> list[int]:
    return [c.id for c in sorted(items, key=lambda c: (c.created_at, c.id))]


# --- Paging forwards and backwards -----------------------------------------------------


def test_next_links_visit_every_contribution_once_in_order(client, corpus):
    for (url, items), order in product(lists(corpus), [None, "oldest", "newest"]):
        expected = oldest_first(items)
        if order == "newest":
            expected.reverse()
        start = url if order is None else f"{url}?order={order}"
        pages = walk(client, start)
        assert [len(p.ids) for p in pages[:-1]] == [PER_PAGE] * (len(pages) - 1)
        assert 1 <= len(pages[-1].ids) <= PER_PAGE
        assert len(pages) == -(-len(items) // PER_PAGE)
        seen = [i for page in pages for i in page.ids]
        assert seen == expected
        assert "prev" not in pages[0].rel
        for page in pages[1:]:
            if order is not None:
                assert query(page.rel["prev"])["order"] == [order]


def test_prev_links_go_back_to_exactly_the_previous_page(client, corpus):
    for (url, _items), order in product(lists(corpus), ["oldest", "newest", "shuffled"]):
        start = f"{url}?order={order}" + ("&seed=777" if order == "shuffled" else "")
        pages = walk(client, start)
        assert len(pages) >= 5
        for previous, page in zip(pages, pages[1:], strict=False):
            back = get_page(client, page.rel["prev"])
            assert back.ids == previous.ids
            # ...and forwards again lands on the same page.
            assert get_page(client, back.rel["next"]).ids == page.ids
        first_again = get_page(client, pages[1].rel["prev"])
        assert "prev" not in first_again.rel
        # Walking back from the last page, by rel="prev" only, reaches the first.
        backwards = [pages[-1]]
        while "prev" in backwards[-1].rel:
            assert len(backwards) <= len(pages)
            backwards.append(get_page(client, backwards[-1].rel["prev"]))
        assert [p.ids for p in reversed(backwards)] == [p.ids for p in pages]


# --- Shuffled --------------------------------------------------------------------------


def test_shuffled_order_is_stable_for_a_seed_and_complete(client, corpus):
    for url, items in lists(corpus):
        first = walk(client, f"{url}?order=shuffled&seed=12345")
        for page in first[1:]:
            assert query(page.rel["prev"])["seed"] == ["12345"]
        for page in first[:-1]:
            assert query(page.rel["next"])["seed"] == ["12345"]
            assert query(page.rel["next"])["order"] == ["shuffled"]
        order_a = [i for page in first for i in page.ids]
        again = [i for page in walk(client, f"{url}?order=shuffled&seed=12345") for i in page.ids]
        assert again == order_a
        assert sorted(order_a) == sorted(c.id for c in items)
        assert len(set(order_a)) == len(items)
        assert order_a == shuffled(items, 12345)

        order_b = [i for page in walk(client, f"{url}?order=shuffled&seed=999") for i in page.ids]
        assert sorted(order_b) == sorted(order_a)
        assert order_b != order_a
        assert order_a not in (oldest_first(items), oldest_first(items)[::-1])

    # Without a seed, the first page draws one and every link carries it.
    url, items = lists(corpus)[0]
    pages = walk(client, f"{url}?order=shuffled")
    seeds = {query(page.rel["next"])["seed"][0] for page in pages[:-1]}
    assert len(seeds) == 1
    seed = seeds.pop()
    assert seed.isdigit()
    assert [i for page in pages for i in page.ids] == shuffled(items, int(seed))


def test_seeds_give_genuinely_different_orders():
    """Not the same order rotated: near seeds differ, and the first place goes round."""
    items = [SimpleNamespace(id=i) for i in range(1, 46)]
    orders = {tuple(shuffled(items, seed)) for seed in range(1, 61)}
    assert len(orders) == 60
    rotations_of_first = {
        tuple(order[k:] + order[:k]) for order in [shuffled(items, 1)] for k in range(45)
    }
    assert len(orders & rotations_of_first) <= 1
    first_places = {shuffled(items, seed)[0] for seed in range(1, 61)}
    assert len(first_places) >= 20


def test_a_bad_seed_gives_a_fresh_valid_one(client, corpus):
    url, items = lists(corpus)[0]
    for seed in ["abc", "-5", "1e3", "", "99999999999999999999999", "4294967291", "٣"]:
        pages = walk(client, f"{url}?{urlencode({'order': 'shuffled', 'seed': seed})}")
        carried = query(pages[0].rel["next"])["seed"][0]
        assert carried.isdigit(), seed
        assert [i for page in pages for i in page.ids] == shuffled(items, int(carried)), seed


# --- No other order; nothing breaks a list ---------------------------------------------


UNKNOWN_ORDERS = [
    "popular",
    "top",
    "trending",
    "hot",
    "most_discussed",
    "votes",
    "replies",
    "OLDEST",
    "",
]


def test_there_is_no_other_order(client, corpus):
    """Popularity orders do not exist: any unknown order is oldest first."""
    for (url, items), order in product(lists(corpus), UNKNOWN_ORDERS):
        page = get_page(client, f"{url}?{urlencode({'order': order})}")
        assert page.ids == oldest_first(items)[:PER_PAGE], order
        assert query(page.rel["next"])["order"] == ["oldest"], order

    for url, _items in lists(corpus):
        for order in ("oldest", "newest", "shuffled"):
            page = get_page(client, f"{url}?order={order}")
            offered = {query(href)["order"][0] for href in page.order_links}
            # The current order is shown as text, the two others as links.
            assert offered == {"oldest", "newest", "shuffled"} - {order}


MALFORMED = [
    {"after": "garbage"},
    {"after": "2026-13-45~1"},
    {"after": "2026-13-45T99:99~1"},
    {"before": "~"},
    {"after": "~"},
    {"after": "~~~"},
    {"after": "2026-03-01T09:00:00~abc"},
    {"after": "2026-03-01T09:00:00~-1"},
    {"after": "2026-03-01T09:00:00~99999999999999999999999"},
    {"after": "2026-03-01T09:00:00~9999999999"},
    {"after": "0001-01-01T00:00:00~1"},
    {"before": "9999-12-31T23:59:59.999999~1"},
    {"after": "99999999999999999999999~1", "order": "shuffled", "seed": "5"},
    {"after": "-99999999999999999999999~1", "order": "shuffled", "seed": "5"},
    {"before": "12~99999999999999999999999", "order": "shuffled", "seed": "5"},
    {"after": "2026-03-01T09:00:00+02:00~3"},
    {"after": "2026-03-01T09:00:00~3", "before": "2026-03-02T09:00:00~9"},
    {"after": "2026-03-01T09:00:00~3", "order": "shuffled"},
    {"before": "x" * 2000},
    {"after": "\x00~1"},
    {"order": "unknown"},
    {"order": "shuffled", "seed": "abc"},
    {"order": "newest", "seed": "abc", "after": "abc"},
    {"order": ["newest", "shuffled"]},
]


def test_malformed_query_strings_give_a_page_never_an_error(client, corpus):
    for (url, items), params in product(lists(corpus), MALFORMED):
        response = client.get(f"{url}?{urlencode(params, doseq=True)}")
        assert response.status_code == 200, (params, response.status_code)
        page = ListPage(response.get_data(as_text=True))
        ids = {c.id for c in items}
        assert set(page.ids) <= ids
        assert len(page.ids) <= PER_PAGE

    # A malformed "after" cursor is ignored: the list starts at its beginning.
    for url, items in lists(corpus):
        for cursor in ("garbage", "2026-13-45~1", "~", "99999999999999999999999~1"):
            page = get_page(client, f"{url}?{urlencode({'after': cursor})}")
            assert page.ids == oldest_first(items)[:PER_PAGE], cursor

    # A cursor past the end gives an empty page, without a next link.
    page = get_page(client, f"{lists(corpus)[0][0]}?after=2100-01-01T00:00:00~1")
    assert page.ids == []
    assert "next" not in page.rel
    # An unknown theme or debate is a 404, not an error.
    assert client.get("/debates/tram/themes/no-such-theme").status_code == 404
    assert client.get("/debates/no-such-debate/contributions").status_code == 404
