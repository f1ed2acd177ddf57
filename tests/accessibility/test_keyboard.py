"""Keyboard and small screens: the contribute form, a thread and the moderation queue are
walked with Tab only; every page type fits a 320 px wide screen.

(tests/browser/test_moderation_keyboard.py already moderates with the keyboard alone; here
the whole tab order of the queue page is checked, not one path through it.)
"""

from __future__ import annotations

import pytest

from tests.accessibility.conftest import ROLES, open_context
from tests.accessibility.test_axe import ERROR_PAGES, PAGES

pytestmark = [pytest.mark.browser, pytest.mark.audit]

# The focusable controls of a page in document order, as Tab should reach them: visible,
# enabled, not taken out of the order; one stop per group of radio buttons.
TABBABLE = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + '[tabindex]:not([tabindex="-1"])';
    const seen = new Set();
    const stops = [];
    for (const el of document.querySelectorAll(selector)) {
        if (el.disabled || el.tabIndex < 0 || el.closest('[inert]')) continue;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if ((box.width === 0 && box.height === 0) || style.visibility === 'hidden') continue;
        if (el.type === 'radio') {
            if (seen.has(el.name)) continue;
            seen.add(el.name);
        }
        el.dataset.stop = String(stops.length);
        stops.push(el.type === 'radio' ? 'radio:' + el.name : String(stops.length));
    }
    return stops;
}"""

# What the focused element looks like: its outline and shadow, and which stop it is.
FOCUSED = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
        stop: el.type === 'radio' ? 'radio:' + el.name : (el.dataset.stop ?? null),
        tag: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
        look: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | '),
        outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0,
        shadow: s.boxShadow !== 'none',
    };
}"""

UNFOCUSED_LOOK = """stop => {
    const el = document.querySelector(`[data-stop="${stop}"]`);
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
}"""

# The page's width against the screen's, measured once the page has loaded.
WIDTHS = """() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
})"""

# The elements that stick out on the right while their parent does not (where the overflow
# starts), outside any box that scrolls on its own.
WIDER_THAN_THE_SCREEN = """() => {
    const edge = document.documentElement.clientWidth + 0.5;
    const out = el => el.getBoundingClientRect().right > edge;
    return [...document.querySelectorAll('body *')].filter(el => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') return false;
        }
        return out(el) && !(el.parentElement && out(el.parentElement));
    }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].map(c => '.' + c).join('')
        + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
}"""


def walk_with_tab(page) -> list[dict]:
    """Tab from the top of the page to its end; the stops reached, in order."""
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    stops = page.evaluate(TABBABLE)
    reached = []
    for _ in range(len(stops) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["stop"] is None or (reached and focused["stop"] == reached[0]["stop"]):
            break  # left the page (the browser's own controls) or came round again
        reached.append(focused)
    assert [f["stop"] for f in reached] == stops, (
        "Tab does not reach every control in document order: "
        + ", ".join(f"{f['stop']}={f['tag']}" for f in reached)
    )
    return reached


def assert_focus_always_visible(page, reached: list[dict]) -> None:
    page.evaluate("() => document.activeElement?.blur()")
    for focused in reached:
        assert focused["outline"] >= 2 or focused["shadow"], f"no focus indicator: {focused}"
        if focused["stop"].startswith("radio:"):
            continue
        unfocused = page.evaluate(UNFOCUSED_LOOK, focused["stop"])
        assert unfocused != focused["look"], f"focus changes nothing on {focused['tag']}"


@pytest.mark.parametrize(
    ("role", "path", "controls"),
    [
        ("participant", "/debates/{slug}/contribute", ("textarea#body", "input#title")),
        ("participant", "/contributions/{root}", ("a[href*='/reply']",)),
        ("moderator", "/moderation/{slug}/", ("button[value=publish]", "#reason")),
    ],
    ids=["contribute-form", "thread", "moderation-queue"],
)
def test_tab_reaches_every_control_in_order_with_a_visible_focus(
    site, a11y_browser, role, path, controls
):
    context, page = open_context(a11y_browser, site, role, "fr")
    try:
        page.goto(site.url + path.format(**site.ids))
        reached = walk_with_tab(page)
        print(f"\n{path}: {len(reached)} tab stops in order, each with a visible focus")
        assert len(reached) >= 5
        assert reached[0]["tag"] == "a" and page.evaluate(
            "() => document.querySelector('[data-stop=\"0\"]').classList.contains('skip-link')"
        ), "the skip link is not the first tab stop"
        for selector in controls:
            stop = page.eval_on_selector(selector, "el => el.dataset.stop")
            assert stop in [f["stop"] for f in reached], f"{selector} is not reached by Tab"
        assert_focus_always_visible(page, reached)
    finally:
        context.close()


def test_the_skip_link_moves_focus_to_the_main_content(site, a11y_browser):
    context, page = open_context(a11y_browser, site, "visitor", "en")
    try:
        page.goto(f"{site.url}/debates/{site.ids['slug']}")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
        assert page.evaluate(
            "() => { const b = document.activeElement.getBoundingClientRect();"
            " return b.left >= 0 && b.top >= 0 && b.width > 0; }"
        ), "the skip link stays off screen when focused"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        page.keyboard.press("Tab")  # the next stop is inside the main content
        assert page.evaluate("() => !!document.activeElement.closest('main')")
    finally:
        context.close()


def test_errors_of_an_empty_contribution_are_tied_to_their_fields(site, a11y_browser):
    context, page = open_context(a11y_browser, site, "participant", "fr")
    try:
        page.goto(f"{site.url}/debates/{site.ids['slug']}/contribute")
        with page.expect_navigation():
            page.click("main form.stacked button[type=submit]")
        ties = page.evaluate(
            """() => [...document.querySelectorAll('main .error[id]')].map(error => {
                const owners = [...document.querySelectorAll('[aria-describedby]')].filter(
                    el => el.getAttribute('aria-describedby').split(' ').includes(error.id));
                return {id: error.id, owners: owners.map(el => el.tagName.toLowerCase()
                    + (el.getAttribute('aria-invalid') === 'true' ? ':invalid' : '')
                    + (el.id ? '#' + el.id : ''))};
            })"""
        )
        assert ties, "an empty contribution shows no error next to its fields"
        fields = {tie["id"].removesuffix("-error") for tie in ties}
        assert "body" in fields
        for tie in ties:
            assert tie["owners"], f"{tie['id']} is tied to no field"
            field = tie["id"].removesuffix("-error")
            assert any(o.endswith(f"#{field}") or o.startswith("fieldset") for o in tie["owners"])
            assert any(":invalid" in o or o.startswith("fieldset") for o in tie["owners"])
        assert page.locator("main .form-errors[role=alert]").count() == 1
    finally:
        context.close()


def test_no_page_scrolls_sideways_at_320_pixels(site, a11y_browser):
    """WCAG 1.4.10 (reflow): no horizontal scrolling at 320 CSS pixels, on every page type
    as each role sees it (the header's menu and the staff's tags change with the role)."""
    too_wide = []
    checked: dict[str, set[str]] = {}
    targets = [(e, u) for e, urls in PAGES.items() for u in urls]
    targets += [("error", u) for u in ERROR_PAGES]
    for role in ROLES:
        context, page = open_context(
            a11y_browser, site, role, "fr", viewport={"width": 320, "height": 640}
        )
        try:
            for endpoint, template in targets:
                url = site.url + template.format(**site.ids)
                response = page.goto(url, wait_until="load")
                if page.url.split("?")[0] != url.split("?")[0] or response.status == 403:
                    continue  # not for this role
                checked.setdefault(endpoint, set()).add(role)
                widths = page.evaluate(WIDTHS)
                if widths["scroll"] > widths["client"]:
                    culprits = ", ".join(page.evaluate(WIDER_THAN_THE_SCREEN))
                    too_wide.append(f"{role} {template}: {widths['scroll']}px: {culprits}")
        finally:
            context.close()
    by_role = {r: sum(r in roles for roles in checked.values()) for r in ROLES}
    print(f"\npage types checked at 320 px, per role: {by_role}")
    assert not too_wide, "pages wider than a 320 px screen:\n" + "\n".join(too_wide)
    assert set(checked) >= set(PAGES), set(PAGES) - set(checked)
    assert {r for roles in checked.values() for r in roles} == set(ROLES)
