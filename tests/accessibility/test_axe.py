"""axe-core audits every page type, in French and English, for the visitor and each role.

The list of pages is derived from the application's routes: a new GET route that is neither
audited here nor excluded with a reason (a file, a feed, JSON, a redirect) fails the suite.
Each role's browser context visits every page; the pages it may not see (403, 404, a
redirect to the login form) are skipped for that role, and every page type must have been
audited by at least one role in each language.

axe is evaluated in the page through Playwright's ``page.evaluate`` (Chromium's DevTools
protocol), which the page's Content-Security-Policy does not govern: the policy (no inline
script) stays as served, and ``bypass_csp`` is not needed. ``add_script_tag(content=...)``
would be an inline script, refused by the policy.
"""

from __future__ import annotations

import pytest

from tests.accessibility.conftest import AXE_SCRIPT, ROLES, open_context

pytestmark = [pytest.mark.browser, pytest.mark.audit]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# GET routes that are not HTML pages, with the reason.
EXCLUDED = {
    "static": "static files",
    "account.export_data": "JSON download of one's own data",
    "api.debates": "JSON API",
    "api.contributions": "JSON API",
    "moderation.public.scan": "file download (scan of a paper contribution)",
    "documents.document_file": "file download",
    "documents.version_file": "file download (an earlier version of a document's file)",
    "questions.answers_feed": "Atom feed",
    "feeds.debate_feed": "Atom feed",
    "feeds.theme_feed": "Atom feed",
    "synthesis.report_pdf": "PDF download",
    "synthesis.open_data_csv": "CSV download",
    "synthesis.open_data_spreadsheet_csv": "CSV download",
    "synthesis.open_data_json": "JSON download",
    "forum.set_language": "redirect (language switch)",
    "forum.photo": "image file (a contribution's photo)",
    "health.healthz": "JSON health check for load balancers",
}

# Every audited page type: endpoint -> URLs (formatted with the world's ids).
PAGES: dict[str, tuple[str, ...]] = {
    "forum.home": ("/",),
    "forum.login": ("/login",),
    "forum.register": ("/register",),
    "forum.account": ("/account",),
    "forum.debate": ("/debates/{slug}", "/debates/{closed}"),
    "forum.debate_contributions": ("/debates/{slug}/contributions",),
    "forum.charter": ("/debates/{slug}/charter",),
    "forum.contribute": ("/debates/{slug}/contribute",),
    "forum.contribution": ("/contributions/{root}", "/contributions/{masked}"),
    "forum.reply": ("/contributions/{root}/reply",),
    "forum.document": ("/debates/{slug}/documents/{document}",),
    "forum.easy_read": ("/debates/{slug}/easy-read",),
    "forum.theme": ("/debates/{slug}/themes/{theme}",),
    "account.accessibility": ("/accessibility",),
    "account.privacy_policy": ("/privacy",),
    "account.erase_account": ("/account/erase",),
    "account.forgot_password": ("/password/forgot",),
    "account.reset_password": ("/password/reset/{reset}", "/password/reset/not-a-token"),
    "account.verify_email": ("/verify-email/not-a-token",),
    "search.search": ("/search", "/search?q=h%C3%B4pital"),
    "search.theme_index_page": ("/debates/{slug}/themes",),
    "moderation.public.flag": ("/contributions/{root}/flag",),
    "moderation.public.contest": ("/contributions/{masked}/contest",),
    "moderation.public.public_journal": ("/debates/{slug}/moderation-journal",),
    "moderation.queue_page": ("/moderation/{slug}/",),
    "moderation.contribution_page": ("/moderation/{slug}/contributions/{masked}",),
    "moderation.edit_charter": ("/moderation/{slug}/charter",),
    "moderation.staff_journal": ("/moderation/{slug}/journal",),
    "moderation.vocabulary": ("/moderation/{slug}/tags",),
    "moderation.entry.enter_offline": ("/moderation/{slug}/offline",),
    "moderation.entry.import_csv": ("/moderation/{slug}/import",),
    "moderation.people.team_page": ("/moderation/{slug}/team",),
    "moderation.people.contest_list": ("/moderation/{slug}/contests",),
    "moderation.people.contest_page": ("/moderation/{slug}/contests/{contest}",),
    "moderation.people.suspend": ("/moderation/{slug}/users/{participant_id}/suspend",),
    "moderation.admin.account_suspension": ("/admin/users/{participant_id}/suspension",),
    "moderation.admin.site_journal": ("/admin/journal",),
    "questions.questions_page": ("/debates/{slug}/questions",),
    "questions.dashboard": ("/debates/{slug}/questions/dashboard",),
    "questions.owner_inbox": ("/debates/{slug}/questions/to-answer",),
    "questions.answer": ("/questions/{open_question}/answer",),
    "questions.review": ("/questions/{reviewed}/review",),
    "questions.incomplete": ("/questions/{question}/incomplete",),
    "documents.new_document": ("/debates/{slug}/documents/new",),
    "documents.edit_document": ("/debates/{slug}/documents/{document}/edit",),
    "documents.replace_file": ("/debates/{slug}/documents/{document}/replace",),
    "documents.manage_documents": ("/manage/{slug}/documents",),
    "account.notifications_page": ("/notifications",),
    "account.preferences": ("/account/notifications",),
    "moderation.admin.outbox": ("/admin/outbox",),
    "moderation.admin.outbox_message": ("/admin/outbox/{outbox}",),
    "account.unsubscribe_confirm": ("/unsubscribe/{unsubscribe}",),
    "synthesis.report_page": ("/debates/{closed}/report",),
    "synthesis.annex": ("/debates/{closed}/report/annex",),
    "synthesis.owner_decision": ("/debates/{closed}/report/decision",),
    "synthesis.open_data": ("/open-data/{closed}",),
    "synthesis.statistics_page": ("/statistics/{closed}", "/statistics/{slug}"),
    "synthesis.workspace_page": ("/synthesis/{slug}/",),
    "synthesis.report_edit": ("/synthesis/{slug}/report",),
    "synthesis.report_preview": ("/synthesis/{slug}/report/preview",),
    "synthesis.publication.publish": (
        "/synthesis/{slug}/report/publish",  # an open debate: the reason, no form
        "/synthesis/{to_publish}/report/publish",  # the warnings and the box
    ),
    "synthesis.section_page": ("/synthesis/{slug}/report/sections/{section}",),
    "synthesis.section_history": ("/synthesis/{slug}/report/sections/{section}/history",),
    "synthesis.theme_page": ("/synthesis/{slug}/themes/{theme}",),
    "synthesis.weak_signals_page": ("/synthesis/{slug}/weak-signals",),
    "moderation.console.debates_list": ("/admin/debates",),
    "moderation.console.new_debate": ("/admin/debates/new",),
    "moderation.console.home": ("/manage/{slug}/",),
    "moderation.console.settings": ("/manage/{slug}/settings",),
    "moderation.console.themes": ("/manage/{slug}/themes",),
    "phases.phase_page": ("/manage/{slug}/phase", "/manage/{closed}/phase"),
    "phases.open_page": ("/manage/{slug}/phase/open",),
    "phases.close_page": ("/manage/{slug}/phase/close",),
}
# Error pages are page types too.
ERROR_PAGES = ("/debates/no-such-debate",)
# Statuses of a page a role may see: the page itself, or an expired/invalid link's page.
SHOWN = {200, 400, 404}

AUDIT = """async tags => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
    });
    return {
        rules: result.passes.length + result.violations.length + result.incomplete.length
            + result.inapplicable.length,
        violations: result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
        })),
    };
}"""


def test_every_get_route_is_audited_or_excluded_with_a_reason(site):
    routes = {
        rule.endpoint for rule in site.app.url_map.iter_rules() if "GET" in (rule.methods or ())
    }
    unknown = routes - set(PAGES) - set(EXCLUDED)
    assert not unknown, f"GET routes neither audited for accessibility nor excluded: {unknown}"
    assert not (set(PAGES) | set(EXCLUDED)) - routes, "stale entries in the audit lists"


# Public pages whose content changes most with who is looking (moderation and answer
# controls, one's own contributions): audited again for each role, not only the visitor.
# (The header, which also changes, is on every page each role audits.)
ROLE_VARIANTS = {"forum.debate", "forum.contribution", "questions.questions_page"}
STAFF = {"moderator", "committee", "owner"}


def _inject_axe(page, source: str) -> None:
    """Through the DevTools protocol, which the page's CSP does not govern (an inline
    <script> would be refused, as any injected script should be)."""
    page.evaluate(source + "\n;undefined")


def _audit(page, source: str) -> dict:
    _inject_axe(page, source)
    return page.evaluate(AUDIT, WCAG_TAGS)


def _worth_auditing(endpoint: str, role: str, seen_by: dict[str, set[str]]) -> bool:
    """Each page type for the least privileged roles that can see it (every staff role
    separately), and the role-dependent public pages for every role."""
    if endpoint in ROLE_VARIANTS or endpoint == "error":
        return True
    roles = seen_by.get(endpoint, set())
    if role == "visitor":
        return True
    if role == "participant" or role in STAFF:
        return not roles & {"visitor", "participant"}
    return not roles  # the admin: what no other role could see


def test_axe_is_live_and_reports_a_planted_fault(site, a11y_browser):
    context, page = open_context(a11y_browser, site, "visitor", "fr")
    try:
        page.goto(site.url + "/")
        page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
        result = _audit(page, AXE_SCRIPT.read_text())
        assert result["rules"] >= 50
        assert "image-alt" in {v["id"] for v in result["violations"]}
    finally:
        context.close()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_wcag_violation_on_any_page_for_any_role(site, a11y_browser, language):
    assert AXE_SCRIPT.exists(), "axe-core is missing: `make axe-deps` installs it"
    source = AXE_SCRIPT.read_text()
    seen_by: dict[str, set[str]] = {}
    problems: list[str] = []
    audits = 0
    rules = 0
    targets = [(e, u) for e, urls in PAGES.items() for u in urls]
    targets += [("error", u) for u in ERROR_PAGES]
    for role in ROLES:
        context, page = open_context(a11y_browser, site, role, language)
        try:
            for endpoint, template in targets:
                if not _worth_auditing(endpoint, role, seen_by):
                    continue
                url = site.url + template.format(**site.ids)
                response = page.goto(url)
                status = response.status if response else 0
                if page.url.split("?")[0] != url.split("?")[0] or status not in SHOWN:
                    continue  # not for this role: a redirect to the login form, a 403
                if status == 404 and endpoint != "error":
                    continue
                assert page.evaluate("document.documentElement.lang") == language, url
                result = _audit(page, source)
                audits += 1
                rules = max(rules, result["rules"])
                seen_by.setdefault(endpoint, set()).add(role)
                for violation in result["violations"]:
                    problems.append(
                        f"{role} {url}: {violation['id']} ({violation['impact']}) "
                        f"{violation['help']}\n    " + "\n    ".join(violation["nodes"])
                    )
        finally:
            context.close()
    by_role = {r: sum(r in roles for roles in seen_by.values()) for r in ROLES}
    print(f"\naxe ({language}): {audits} audits, {len(seen_by)} page types, {rules} rules")
    print(f"page types audited per role: {by_role}")
    assert not problems, "\n".join(problems)
    never = set(PAGES) - set(seen_by)
    assert not never, f"page types no role could see in {language}: {never}"
    # Every role was audited on some page of its own.
    assert {r for roles in seen_by.values() for r in roles} == set(ROLES)
