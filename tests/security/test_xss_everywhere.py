"""Hundreds of known XSS vectors through every field a person can write, read back in Chromium.

The vectors (tests/security/xss_vectors.py) are written through the services the forms
call (in bulk: one object per vector where a field is short, many vectors per object where
it is long), then each page that shows them is loaded once in headless Chromium. The page
is loaded with the Content-Security-Policy bypassed, so that this test judges the escaping
and the sanitiser alone; the policy is a second wall, tested elsewhere. Nothing may open a
dialog, throw, log an error, or leave behind an element or attribute able to run script.

``FIELDS`` maps every POST route of the app to the text fields it takes, or says why it
takes none: a new form that is not listed here fails the first test of this module.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import quote_plus

import pytest
from flask import Flask

from forum import accounts, contributions, documents
from forum.debates import NewDebate, create_debate
from forum.extensions import db
from forum.models import Channel, DocumentKind, Kind, Relation, Transcription, User
from forum.requests import NUL
from moderation import charter, contests, filing, flags, masking, redaction, suspension, tags
from moderation.models import ContestOutcome, FlagReason, TagFamily
from moderation.offline import OfflineContribution, enter_offline
from questions import circuit as questions
from synthesis import report, weak_signals
from tests import builders
from tests.builders_moderation import make_team
from tests.builders_questions import upload
from tests.security.xss_vectors import VECTORS

# --- Which POST route takes which text ---------------------------------------------------

# endpoint -> the user-written text fields it stores and shows again (all covered below).
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "forum.contribute": ("title", "body"),
    "forum.reply": ("title", "body", "source_url"),
    "forum.account": ("pseudonym", "area"),
    "forum.register": ("pseudonym",),
    "moderation.edit_charter": ("charter",),
    "moderation.mask": ("reason",),
    "moderation.restore": ("reason",),
    "moderation.publish": ("reason",),
    "moderation.redact": ("passages", "reason"),
    "moderation.refile": ("reason",),
    "moderation.change_kind": ("reason",),
    "moderation.duplicate": ("reason",),
    "moderation.lock": ("reason",),
    "moderation.unlock": ("reason",),
    "moderation.dismiss_flags": ("note",),
    "moderation.attach_tag": ("note",),
    "moderation.create_tag": ("name", "description"),
    "moderation.rename_tag": ("name", "description"),
    "moderation.queue_bulk": ("reason",),
    "moderation.entry.enter_offline": ("event", "title", "body", "attribution"),
    "moderation.people.suspend": ("reason",),
    "moderation.people.lift_suspension": ("reason",),
    "moderation.admin.account_suspension": ("reason",),
    "moderation.admin.lift_account_suspension": ("reason",),
    "moderation.people.contest_page": ("answer",),
    "moderation.public.flag": ("note",),
    "moderation.public.contest": ("text",),
    "questions.answer": ("body", "change_note"),
    "questions.review": ("comment",),
    "questions.incomplete": ("reason",),
    "documents.new_document": ("title", "summary", "meeting_place"),
    "documents.edit_document": ("title", "summary", "meeting_place"),
    "documents.replace_file": ("note",),
    "synthesis.add_section": ("title",),
    "synthesis.save_section": ("title", "body", "note"),
    "synthesis.set_aside": ("reason",),
    "synthesis.decide": ("note",),
    "moderation.console.new_debate": ("slug", "title", "committee"),
    "moderation.console.settings": (
        "slug",
        "title",
        "summary",
        "easy_summary",
        "owner_name",
        "contact_email",
    ),
    "moderation.console.themes": ("new-name", "new-description"),
    # Named after the theme's id on the page ("theme-12-name"): one form per theme.
    "moderation.console.edit_theme": ("name", "description"),
}

# endpoint -> why it stores no text a person wrote that a page shows again.
NOT_USER_TEXT: dict[str, str] = {
    "forum.login": "credentials, never shown",
    "forum.logout": "no field",
    "account.erase_account": "password and a box",
    "account.resend_confirmation": "no field",
    "account.forgot_password": "an e-mail address, never shown",
    "account.reset_password": "passwords",
    "account.preferences": "boxes",
    "account.mark_read": "no field",
    "account.unsubscribe": "a token in the URL",
    "moderation.detach_tag": "ids",
    "moderation.delete_tag": "ids",
    "moderation.default_tags": "no field",
    "moderation.entry.import_csv": "a CSV file: its rows go through enter_offline's checks",
    "moderation.entry.import_confirm": "a token",
    "moderation.people.team_page": "an e-mail address or pseudonym looked up, and a role",
    "moderation.people.revoke_role": "ids",
    "synthesis.move_argument": "ids and a direction",
    "synthesis.cite": "ids, and words refused unless the contribution says them",
    "synthesis.publication.publish": "a confirmation box",
    "synthesis.publication.retry_pdf": "no field",
    "phases.open_page": "a confirmation box",
    "phases.close_page": "a confirmation box",
    "synthesis.move_section": "a direction",
    "synthesis.start_report": "no field",
    "synthesis.compute_weak_signals": "no field",
    "synthesis.owner_decision": "a document chosen from a list, and a date",
    "moderation.console.move_theme": "a direction",
    "moderation.console.retire_theme": "no field",
    "moderation.console.restore_theme": "no field",
}

# GET routes that echo what the visitor typed.
ECHO_FIELDS = {"search.search": ("q",)}


def post_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}


def test_every_form_is_covered_or_declared_free_of_user_text(app):
    endpoints = post_endpoints(app)
    undecided = endpoints - set(TEXT_FIELDS) - set(NOT_USER_TEXT)
    assert not undecided, f"POST routes missing from the XSS field table: {sorted(undecided)}"
    gone = (set(TEXT_FIELDS) | set(NOT_USER_TEXT)) - endpoints
    assert not gone, f"the XSS field table names routes that no longer exist: {sorted(gone)}"
    assert not set(TEXT_FIELDS) & set(NOT_USER_TEXT)


# --- Planting the vectors ----------------------------------------------------------------


def chunks(vectors: list[str], limit: int, sep: str = "\n\n") -> list[str]:
    """The vectors packed into as few texts of at most ``limit`` characters as possible."""
    packed: list[str] = []
    current = ""
    for vector in vectors:
        candidate = f"{current}{sep}{vector}" if current else vector
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                packed.append(current)
            current = vector if len(vector) <= limit else ""
    if current:
        packed.append(current)
    return packed


# Vectors per text in fields that take Markdown or several lines: enough for every page to
# hold them all in a few dozen objects, few enough that one vector opening a code block or a
# quotation does not shelter many others.
PER_TEXT = 16
# Moderation decisions taken (each with its reasons): every one notifies and journals.
DECISIONS = 20
# Searches made (each one page): a query holds at most 300 characters, a few vectors.
SEARCHES = 12


@dataclass
class Plan:
    """What was written (field -> vectors) and which pages show it, per viewer."""

    vectors: list[str]
    tried: dict[str, set[str]] = field(default_factory=dict)
    pages: dict[str, set[str]] = field(default_factory=dict)  # viewer -> paths

    def texts(
        self,
        name: str,
        per: int,
        limit: int,
        *,
        sep: str = "\n\n",
        count: int | None = None,
        offset: int = 0,
    ) -> list[str]:
        """Texts for field ``name``: up to ``per`` vectors each, at most ``limit`` characters,
        starting at vector ``offset`` (so that one-line fields, which hold a sample, hold
        different ones); ``count`` texts, or as many as it takes to hold every vector."""
        turned = self.vectors[offset:] + self.vectors[:offset]
        fitting = [vector for vector in turned if len(vector) <= limit]
        packed: list[list[str]] = [[]]
        for vector in fitting:
            current = packed[-1]
            if len(current) >= per or len(sep.join([*current, vector])) > limit:
                if count is not None and len(packed) == count:
                    break
                packed.append(current := [])
            current.append(vector)
        while count is not None and len(packed) < count:  # fewer vectors than objects
            packed.append([fitting[len(packed) % len(fitting)]])
        for group in packed:
            self.mark(name, group)
        return [sep.join(group) for group in packed]

    def mark(self, name: str, vectors: list[str]) -> None:
        self.tried.setdefault(name, set()).update(vectors)

    def show(self, viewer: str, *paths: str) -> None:
        self.pages.setdefault(viewer, set()).update(paths)


def attempt(function, *args, **kwargs):
    """Call a service; a refusal (the input rejected) is an acceptable outcome."""
    from forum.errors import PalabreError

    try:
        return function(*args, **kwargs)
    except PalabreError:  # refused before writing anything
        return None


@contextmanager
def one_transaction():
    """Let the services run as they are but commit once at the end: each commit would
    otherwise wait for the disk, hundreds of times."""
    commit = db.session.commit
    db.session.commit = db.session.flush
    try:
        yield
    finally:
        db.session.commit = commit
    db.session.commit()


def plant(vectors: list[str]) -> tuple[Plan, dict[str, User]]:
    plan = Plan(vectors)
    team = make_team("xss")
    debate, moderator, committee, owner = team.debate, team.moderator, team.committee, team.owner
    participant = team.participant
    slug = debate.slug
    theme_ids = [theme.id for theme in debate.themes]
    people = {"moderator": moderator, "committee": committee, "owner": owner}
    people["participant"] = participant
    new = contributions.NewContribution

    # Contributions: bodies of a few vectors each, one-line fields packed to their limit.
    bodies = plan.texts("contribution body", PER_TEXT, 12000)
    titles = plan.texts("contribution title", 2, 150, sep=" ", count=len(bodies))
    names = plan.texts("pseudonym", 1, 40, count=len(bodies), offset=len(bodies))
    authors, items = [], []
    for body, title, name in zip(bodies, titles, names, strict=True):
        author = builders.make_user()
        # Refused when taken (pseudonyms compare without case or accents) or holding "@".
        attempt(accounts.update_settings, author, pseudonym=name, locale="fr")
        authors.append(author)
        items.append(
            contributions.post_contribution(
                debate, author, new(Kind.OPINION, title, body, theme_ids[:1])
            )
        )
    plan.show(
        "anonymous",
        f"/debates/{slug}/contributions",
        f"/debates/{slug}/themes/{debate.themes[0].slug}",
    )
    plan.show(
        "moderator", f"/moderation/{slug}/", f"/moderation/{slug}/contributions/{items[0].id}"
    )

    # Replies in one thread, tagged by staff with notes; tags named after vectors.
    root = contributions.post_contribution(
        debate, participant, new(Kind.QUESTION, "Racine", "Texte.", theme_ids)
    )
    bodies = plan.texts("reply body", PER_TEXT, 12000, offset=3)
    titles = plan.texts("reply title", 2, 150, sep=" ", count=len(bodies), offset=len(bodies) * 2)
    tag_names = plan.texts("tag name", 1, 75, count=len(bodies), offset=len(bodies) * 3)
    tag_descriptions = plan.texts("tag description", 4, 500, sep=" ", count=len(bodies))
    notes = plan.texts("tag note", PER_TEXT, 1000, sep="\n", count=len(bodies), offset=5)
    replies = []
    for index, body in enumerate(bodies):
        reply = contributions.post_reply(
            root,
            authors[index % len(authors)],
            contributions.NewReply(Relation.NUANCES, body, title=titles[index]),
        )
        replies.append(reply)
        # A source's address: the vectors that pass its check (http/https, no quote, angle
        # bracket or space) go in its href and its text.
        sources = [
            f"https://example.org/{index}'onmouseover='alert({index})'",
            f"https://example.org/{index}/javascript:alert({index})//'-alert({index})-'",
        ]
        contributions.post_reply(
            root,
            authors[index % len(authors)],
            contributions.NewReply(
                Relation.PROVIDES_SOURCE, "Source.", source_url=sources[index % 2]
            ),
        )
        family = TagFamily.ARGUMENT if index % 2 else TagFamily.CURATION
        tag = tags.create_tag(
            debate, moderator, family, f"{tag_names[index]} {index}", tag_descriptions[index]
        )
        tags.attach(reply, tag, moderator, note=notes[index])
    plan.show("anonymous", f"/contributions/{root.id}")
    plan.show("moderator", f"/contributions/{root.id}", f"/moderation/{slug}/tags")

    # The charter, all vectors at once.
    for text in plan.texts("charter", len(vectors), charter.MAX_CHARTER_CHARS):
        charter.update_charter(debate, moderator, text)
    plan.show("anonymous", f"/debates/{slug}/charter")
    plan.show("moderator", f"/moderation/{slug}/charter")

    # Moderation decisions and their reasons, on the contributions above.
    def reasons(name: str, offset: int = 0) -> list[str]:
        return plan.texts(name, PER_TEXT * 3, 1000, sep="\n", count=DECISIONS, offset=offset)

    masks, restores = reasons("masking reason"), reasons("restore reason", 7)
    locks, unlocks = reasons("lock reason", 11), reasons("unlock reason", 13)
    kinds, refiles = reasons("kind reason", 17), reasons("refile reason", 19)
    duplicates = reasons("duplicate reason", 23)
    flag_notes, dismissals = reasons("flag note", 29), reasons("dismiss note", 31)
    open_flags = reasons("flag note (open)", 37)
    suspensions, lifts = reasons("suspension reason", 41), reasons("lifting reason", 43)
    for index, target in enumerate(items[:DECISIONS]):
        masking.mask(target, moderator, masks[index])
        masking.restore(target, moderator, restores[index])
        filing.set_locked(target, moderator, True, locks[index])
        filing.set_locked(target, moderator, False, unlocks[index])
        filing.change_kind(target, moderator, Kind.PROPOSAL, kinds[index])
        filing.refile(target, moderator, theme_ids[:2], refiles[index])
        filing.mark_duplicate(target, moderator, root.id, duplicates[index])
        flags.flag(target, participant, FlagReason.OTHER, flag_notes[index])
        flags.dismiss_flags(target, moderator, dismissals[index])
        flags.flag(target, committee, FlagReason.OTHER, open_flags[index])
        until = date.today() + timedelta(days=3)
        suspension.suspend(debate, moderator, authors[index], suspensions[index], until)
        suspension.lift(debate, moderator, authors[index], lifts[index])
    plan.show("anonymous", f"/debates/{slug}/moderation-journal")
    plan.show("moderator", f"/moderation/{slug}/journal")

    # Site-wide suspensions, by an administrator: the site journal and the account page.
    people["admin"] = team.admin
    accounts_off, accounts_on = reasons("account suspension", 53), reasons("account lift", 59)
    for index, author in enumerate(authors[:DECISIONS]):
        until = date.today() + timedelta(days=3)
        suspension.suspend_site_wide(team.admin, author, accounts_off[index], until)
        suspension.lift_site_wide(team.admin, author, accounts_on[index])
    suspension.suspend_site_wide(team.admin, authors[0], accounts_off[0], None)
    plan.show("admin", "/admin/journal", f"/admin/users/{authors[0].id}/suspension")

    # Redaction: the passages are vectors present in the replies.
    redactions = reasons("redaction reason", 47)
    for index, reply in enumerate(replies[:DECISIONS]):
        passages = [vector for vector in vectors if vector in reply.body_source][:3]
        plan.mark("redaction passages", passages)
        redaction.redact(reply, moderator, passages, redactions[index])

    # Offline contributions: where, when, who and what, as transcribed by a moderator.
    bodies = plan.texts("offline body", PER_TEXT, 12000, offset=53)
    titles = plan.texts("offline title", 2, 150, sep=" ", count=len(bodies), offset=59)
    events = plan.texts("offline event", 3, 200, sep=" ", count=len(bodies), offset=61)
    attributions = plan.texts("offline attribution", 3, 200, sep=" ", count=len(bodies), offset=67)
    for body, title, event, attribution in zip(bodies, titles, events, attributions, strict=True):
        enter_offline(
            debate,
            moderator,
            OfflineContribution(
                channel=Channel.PUBLIC_MEETING,
                occurred_on=date.today() - timedelta(days=1),
                event=event,
                kind=Kind.OPINION,
                title=title,
                body=body,
                transcription=Transcription.VERBATIM,
                theme_ids=theme_ids[1:2],
                attribution=attribution,
                named_with_consent=True,
            ),
        )
    plan.show("anonymous", f"/debates/{slug}/themes/{debate.themes[1].slug}")

    # A masked contribution of the participant, contested; the committee answers.
    texts = plan.texts("contest text", len(vectors), contests.MAX_CONTEST_CHARS)
    answers = plan.texts("contest answer", len(vectors), 1000, count=len(texts), offset=71)
    for index, text in enumerate(texts):
        mine = contributions.post_contribution(
            debate, participant, new(Kind.OPINION, f"Mon avis {index}", "Texte.", theme_ids)
        )
        masking.mask(mine, moderator, "Article 2.")
        contest = contests.file_contest(mine, participant, text)
        contests.answer_contest(contest, committee, ContestOutcome.UPHELD, answers[index])
        plan.show("committee", f"/moderation/{slug}/contests/{contest.id}")
        plan.show("participant", f"/contributions/{mine.id}")
    plan.show("committee", f"/moderation/{slug}/contests")

    # Questions: the owner's answer (body, change note), sent back with a comment, then
    # published and judged incomplete by the asker.
    answers = plan.texts("answer body", len(vectors), 8000)
    changes = plan.texts("answer change note", 3, 200, sep=" ", count=len(answers), offset=73)
    comments = plan.texts("review comment", len(vectors), 1000, count=len(answers), offset=79)
    incompletes = plan.texts("incomplete reason", len(vectors), 1000, count=len(answers), offset=83)
    for index, text in enumerate(answers):
        question = contributions.post_contribution(
            debate, participant, new(Kind.QUESTION, f"Question {index}", "Pourquoi ?", theme_ids)
        )
        draft = questions.AnswerDraft(body=text, change_note=changes[index])
        questions.submit_answer(question, owner, draft)
        questions.send_back(question, committee, comments[index])
        plan.show("owner", f"/questions/{question.id}/answer")
        questions.submit_answer(question, owner, draft)
        questions.validate_answer(question, committee)
        questions.mark_incomplete(question, participant, incompletes[index])
        plan.show("anonymous", f"/contributions/{question.id}")
    plan.show("anonymous", f"/debates/{slug}/questions")
    plan.show("owner", f"/debates/{slug}/questions/to-answer")

    # Documents.
    summaries = plan.texts("document summary", PER_TEXT * 3, 8000, offset=89)
    titles = plan.texts("document title", 2, 200, sep=" ", count=len(summaries), offset=97)
    places = plan.texts("meeting place", 2, 200, sep=" ", count=len(summaries), offset=101)
    version_notes = plan.texts("version note", 2, 300, sep=" ", count=2, offset=103)
    for index, summary in enumerate(summaries):
        document = documents.create_document(
            debate,
            committee,
            documents.DocumentData(
                kind=DocumentKind.MINUTES,
                title=titles[index],
                summary=summary,
                meeting_on=date.today() - timedelta(days=2),
                meeting_place=places[index],
            ),
        )
        if index < 2:
            # A new version of its file, with the note that says what changed.
            documents.replace_file(document, committee, upload(), version_notes[index])
            plan.show("anonymous", f"/debates/{slug}/documents/{document.id}")
    plan.show("anonymous", f"/debates/{slug}")

    # The committee's report: sections, items set aside, weak signals dismissed.
    report.start_report(debate, committee)
    bodies = plan.texts("section body", PER_TEXT * 3, 12000, offset=103)
    titles = plan.texts("section title", 2, 200, sep=" ", count=len(bodies), offset=107)
    section_notes = plan.texts("section note", 2, 200, sep=" ", count=len(bodies), offset=109)
    sections = []
    for index, body in enumerate(bodies):
        section = report.add_section(debate, committee, titles[index])
        report.save_section(debate, section, committee, titles[index], body, section_notes[index])
        sections.append(section)
    # The report's preview shows every section; one section's own pages are enough.
    plan.show(
        "committee",
        f"/synthesis/{slug}/report/sections/{sections[0].id}",
        f"/synthesis/{slug}/report/sections/{sections[0].id}/history",
    )
    asides = reasons("set-aside reason", 113)
    decisions = reasons("weak-signal note", 127)
    for index, item in enumerate(items[:DECISIONS]):
        report.set_aside(debate, committee, item.id, asides[index])
        weak_signals.dismiss(debate, item.id, committee, decisions[index])
    plan.show(
        "committee",
        f"/synthesis/{slug}/report",
        f"/synthesis/{slug}/report/preview",
        f"/synthesis/{slug}/",
        f"/synthesis/{slug}/weak-signals",
    )

    # What operators write when they create a debate: title, summaries, owner's name,
    # theme names and descriptions.
    summaries = plan.texts("debate summaries", len(vectors), 40000)
    theme_names = plan.texts("theme name", 1, 100, offset=131)
    other = create_debate(
        NewDebate(
            slug="operateur",
            title=" ".join(vectors[:2]),
            theme_names=[f"{name} {n}" for n, name in enumerate(theme_names)],
            summary=summaries[0],
            easy_summary=summaries[0],
            owner_name=vectors[2],
            opens_on=date.today() - timedelta(days=1),
            closes_on=date.today() + timedelta(days=30),
            phase=debate.phase,
        )
    )
    descriptions = plan.texts("theme description", 1, 1000, count=len(other.themes), offset=137)
    for theme_row, description in zip(other.themes, descriptions, strict=True):
        theme_row.description = description
    plan.show(
        "anonymous",
        f"/debates/{other.slug}",
        f"/debates/{other.slug}/easy-read",
        f"/debates/{other.slug}/themes",
        f"/statistics/{other.slug}",
    )

    # The profile's area, on the participant's account page.
    area = plan.texts("profile area", 1, 80, count=1)[0]
    accounts.update_settings(
        participant, pseudonym="Camille", locale="fr", profile=accounts.Profile(area=area)
    )
    # The participant suspended from the debate: the reason on their account page.
    suspension.suspend(debate, moderator, participant, suspensions[0], None)
    plan.show("participant", "/account", "/notifications")
    plan.show("moderator", f"/moderation/{slug}/users/{participant.id}/suspend")
    plan.show("anonymous", "/")
    return plan, people


# The vectors as the services receive them: the request layer (forum/requests.py) takes NUL
# characters out of every form field before a view reads it, and this test writes through
# the services directly.
AS_SENT = list(dict.fromkeys(vector.replace(NUL, "") for vector in VECTORS))


# --- Reading the pages in Chromium ------------------------------------------------------

# Run in the page: every trace of an injected element or attribute able to run script.
SURVIVORS_JS = r"""
() => {
  const found = [];
  const ours = new Set(['link', 'meta', 'style']);
  const bad = /^\s*(javascript|vbscript|data|livescript)\s*:/i;
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\u0000-\u0020\u00ad\u200b\ufeff]/g, '');
      if (name.startsWith('on')) found.push(`${tag}[${name}]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster',
           'background', 'code', 'ping'].includes(name) && (bad.test(value) || name === 'srcdoc'))
        found.push(`${tag}[${name}=${attr.value.slice(0, 40)}]`);
      if (name === 'style' || name === 'ng-app' || name === 'v-html') found.push(`${tag}[${name}]`);
    }
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal',
         'math', 'template', 'noscript', 'marquee', 'video', 'audio', 'image',
         'isindex', 'keygen', 'area', 'map', 'link', 'meta', 'style', 'x', 'custom-tag'
        ].includes(tag) && !(ours.has(tag) && el.closest('head'))) {
      found.push(tag);
    }
    // Our images point into the site by absolute path; an injected one would not.
    if (tag === 'img' && !/^\/[^\/]/.test(el.getAttribute('src') || '')) found.push('img');
    if (tag === 'script' && !(el.src && new URL(el.src).origin === location.origin))
      found.push('script');
    if (tag === 'svg' && !el.classList.contains('chart')) found.push('svg');
  }
  return found;
}
"""


def read_pages(browser, server_url: str, cookies: dict[str, str | None], plan: Plan):
    """Load each planned page once as its viewer; return the problems found and the count
    of pages loaded."""
    problems: list[str] = []
    loaded = showing = 0
    current = {"path": ""}
    for viewer, paths in sorted(plan.pages.items()):
        context = browser.new_context(locale="fr-FR", bypass_csp=True)
        if cookies.get(viewer):
            context.add_cookies([{"name": "session", "value": cookies[viewer], "url": server_url}])
        page = context.new_page()
        page.on(
            "dialog",
            lambda d: (problems.append(f"dialog {d.message!r} on {current['path']}"), d.dismiss()),
        )
        page.on("pageerror", lambda e: problems.append(f"script error {e} on {current['path']}"))
        page.on(
            "console",
            lambda m: (
                problems.append(f"console {m.type}: {m.text} on {current['path']}")
                # A resource that fails is reported with its address by "response" below
                # (the browser's own request for /favicon.ico is not, and is no concern).
                if m.type in ("error", "warning") and "Failed to load resource" not in m.text
                else None
            ),
        )
        # An injected image, frame or style sheet would fetch something: nothing may be
        # fetched but the site's own resources, and none of them may fail.
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(server_url + "/")
                else problems.append(f"request to {r.url} on {current['path']}")
            ),
        )
        page.on(
            "response",
            lambda r: (
                problems.append(f"{r.status} for {r.url} on {current['path']}")
                if r.status >= 400
                else None
            ),
        )
        for path in sorted(paths):
            current["path"] = f"{viewer} {path}"
            response = page.goto(server_url + path, wait_until="load")
            if response is None or response.status != 200:
                problems.append(f"status {response and response.status} on {viewer} {path}")
                continue
            loaded += 1
            if "alert(" in page.inner_text("body"):
                showing += 1
            for trace in page.evaluate(SURVIVORS_JS):
                problems.append(f"{trace} on {viewer} {path}")
        context.close()
    # The vectors are there to be read, as text: most pages show some.
    if showing < loaded * 0.7:
        problems.append(f"only {showing} of {loaded} pages show the vectors as text")
    return problems, loaded


@pytest.mark.browser
@pytest.mark.audit
def test_no_vector_runs_or_survives_on_any_page(live_server, browser):
    started = time.monotonic()
    app = live_server.app
    app.config["PALABRE_PER_PAGE"] = 2000
    with app.app_context(), one_transaction():
        plan, people = plant(AS_SENT)
        logins = {viewer: user.email for viewer, user in people.items()}
    planted = time.monotonic()

    cookies: dict[str, str | None] = {"anonymous": None}
    from tests.conftest import login

    with app.app_context():
        for viewer, email in logins.items():
            client = app.test_client()
            login(client, db.session.scalar(db.select(User).where(User.email == email)))
            cookies[viewer] = client.get_cookie("session").value
    # What the search box echoes: several vectors per query, at most 300 characters.
    for query in plan.texts("search query", len(AS_SENT), 300, sep=" ", count=SEARCHES):
        plan.show("anonymous", f"/search?q={quote_plus(query)}")

    problems, loaded = read_pages(browser, live_server.url, cookies, plan)
    took = time.monotonic() - started
    pairs = sum(len(tried) for tried in plan.tried.values())
    print(
        f"\nXSS: {len(VECTORS)} vectors, {len(plan.tried)} fields, {pairs} vector×field pairs, "
        f"{loaded} pages in Chromium; planting {planted - started:.1f}s, total {took:.1f}s"
    )
    assert not problems, "\n".join(problems[:60])


@pytest.mark.browser
def test_the_checks_see_what_they_look_for(page):
    """The DOM check and the dialog listener do find an injection when there is one."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(
        '<p onclick="x">a</p><a href=" java&#9;script:x">b</a><iframe srcdoc="c"></iframe>'
        '<svg></svg><img src="x"><script>alert("ran")</script>'
    )
    found = page.evaluate(SURVIVORS_JS)
    assert {"p[onclick]", "iframe", "svg", "img", "script"} <= set(found)
    assert any(trace.startswith("a[href=") for trace in found)
    assert dialogs == ["ran"]
