"""Search as the rest of Palabre calls it: find, find similar, rebuild, check.

The backend (Whoosh or PostgreSQL, by ``PALABRE_SEARCH``) only finds contribution ids; this
module decides what a viewer may find, loads the contributions from the database and checks
them again there (the index may lag a moment behind a masking: the database has the last
word), and cuts the excerpts.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from forum.extensions import db
from forum.models import Contribution, Debate, DebateRole, IndexTask, Phase, Role, Status
from forum.permissions import STAFF_ROLES, AnyUser, has_role, is_admin, remembered_in_request
from forum.sanitize import html_to_text
from forum.search import analysis, similar_lists
from forum.search.backend import Backend, Filters, Order, Visibility
from forum.search.documents import all_documents, count_contributions
from forum.search.query import ParsedQuery, QuerySyntaxError, parse
from forum.visible_text import visible_text

log = logging.getLogger(__name__)

PER_PAGE = 20
MAX_PAGE = 50  # 1,000 results: past that, a narrower search serves better
SUGGEST_BELOW = 3  # "did you mean" when a search finds fewer results than this
SIMILAR_TERMS = 15
SIMILAR_CANDIDATES = 25
# A word held by more than this share of the index says little about what a text is about,
# and its postings are what a similar search costs (a word in 600,000 of a million
# contributions: tens of megabytes and seconds to rank). Below SIMILAR_ALWAYS_USED
# documents a word is used whatever its share: a small debate has few words to go by.
SIMILAR_MAX_SHARE = 0.05
SIMILAR_ALWAYS_USED = 1_000


class SearchBusy(RuntimeError):
    """Another process is writing the index (a rebuild or the worker): try again later."""


def get_backend() -> Backend:
    return current_app.extensions["palabre_search"]


# --- Who may find what -------------------------------------------------------------------


def visibility_for(viewer: AnyUser | None) -> Visibility:
    """Published contributions of public debates for everyone; pending and masked ones too
    where the viewer is a moderator or committee member; everything for an admin.

    Asked once per viewer and request (a contribution page asks it for the similar panel
    and again for its search)."""
    viewer_id = viewer.id if viewer is not None and viewer.is_authenticated else None
    return remembered_in_request(("search visibility", viewer_id), lambda: _visibility_for(viewer))


def _visibility_for(viewer: AnyUser | None) -> Visibility:
    if is_admin(viewer):
        return Visibility(everything=True)
    roles: dict[int, set[Role]] = {}
    if viewer is not None and viewer.is_authenticated:
        for debate_id, role in db.session.execute(
            select(DebateRole.debate_id, DebateRole.role).where(DebateRole.user_id == viewer.id)
        ):
            roles.setdefault(debate_id, set()).add(role)
    staff = frozenset(d for d, held in roles.items() if held & STAFF_ROLES)
    drafts = db.session.scalars(select(Debate.id).where(Debate.phase == Phase.DRAFT))
    hidden = frozenset(d for d in drafts if d not in roles)
    return Visibility(staff_debate_ids=staff, hidden_debate_ids=hidden)


def is_staff_somewhere(visibility: Visibility) -> bool:
    return visibility.everything or bool(visibility.staff_debate_ids)


def may_find(item: Contribution, visibility: Visibility) -> bool:
    """The same rule as the index's filter, applied to the database's current row."""
    if visibility.everything or item.debate_id in visibility.staff_debate_ids:
        return True
    return item.status == Status.PUBLISHED and item.debate_id not in visibility.hidden_debate_ids


def _allowed_filters(filters: Filters, visibility: Visibility) -> Filters:
    """Status and tag filters are for staff; for anyone else they are dropped."""
    staff = visibility.everything or (
        filters.debate_id in visibility.staff_debate_ids
        if filters.debate_id is not None
        else bool(visibility.staff_debate_ids)
    )
    if staff:
        return filters
    return Filters(
        debate_id=filters.debate_id,
        theme_id=filters.theme_id,
        kind=filters.kind,
        channel=filters.channel,
        date_from=filters.date_from,
        date_to=filters.date_to,
        exclude_root_id=filters.exclude_root_id,
    )


def _load(ids: list[int], visibility: Visibility, *, details: bool = True) -> list[Contribution]:
    """The contributions, in the order given, that the viewer may find now; with their
    themes and debates for result cards (``details``), else with their authors only."""
    if not ids:
        return []
    options = (
        (
            selectinload(Contribution.author),
            selectinload(Contribution.themes),
            selectinload(Contribution.debate),
        )
        if details
        else (joinedload(Contribution.author),)
    )
    rows = db.session.scalars(
        select(Contribution).where(Contribution.id.in_(ids)).options(*options)
    ).all()
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id and may_find(by_id[i], visibility)]


# --- Searching ---------------------------------------------------------------------------


@dataclass
class Result:
    contribution: Contribution
    title: Markup
    excerpt: Markup


@dataclass
class SearchResults:
    query: str
    results: list[Result] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    suggestion: str | None = None
    message: str | None = None  # why nothing was searched (unreadable or empty query)
    error: bool = False


@dataclass
class Found:
    """What the index found for a query, before anything is read from the database: the
    first step of ``search``."""

    text: str
    page: int
    parsed: ParsedQuery | None = None
    filters: Filters | None = None
    ids: tuple[int, ...] = ()
    has_next: bool = False
    message: str | None = None
    error: bool = False


def find(
    text: str,
    filters: Filters,
    viewer: AnyUser | None,
    *,
    order: Order = Order.RELEVANCE,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Found:
    """The ids of the contributions matching ``text`` that this viewer may find, a page at
    a time; a query that cannot be read comes back with a plain message and no ids."""
    text = " ".join((text or "").split())
    found = Found(text=text, page=max(1, min(page, MAX_PAGE)))
    try:
        parsed = parse(text)
    except QuerySyntaxError as error:
        found.message, found.error = str(error.message), True
        return found
    if parsed.is_empty:
        if text:
            found.message = _("These words are too common to search for: add a more specific word.")
        return found
    visibility = visibility_for(viewer)
    found.filters = _allowed_filters(filters, visibility)
    try:
        hits = get_backend().search(
            parsed, found.filters, visibility, order, (found.page - 1) * per_page, per_page
        )
    except Exception:
        return _unavailable(found)
    found.parsed, found.ids = parsed, tuple(hits.ids)
    found.has_next = hits.has_next and found.page < MAX_PAGE
    return found


def _unavailable(found: Found) -> Found:
    # A broken index is for the operators' log, not the visitor's page.
    db.session.rollback()
    log.exception("search failed for %r", found.text)
    message = _("The search is unavailable for a moment: please try again later.")
    return replace(found, message=message, error=True, parsed=None, ids=(), has_next=False)


def search(
    text: str,
    filters: Filters,
    viewer: AnyUser | None,
    *,
    order: Order = Order.RELEVANCE,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """Contributions matching ``text`` that this viewer may read, a page at a time (see
    ``find``)."""
    return results(find(text, filters, viewer, order=order, page=page, per_page=per_page), viewer)


def results(found: Found, viewer: AnyUser | None) -> SearchResults:
    """What ``find`` found for this viewer, read from the database (which has the last
    word on what they may find), with excerpts; a "did you mean" for a first page with
    few results."""
    if found.parsed is not None:
        visibility = visibility_for(viewer)
        try:
            items = _load(list(found.ids), visibility)
            shown = {item.id: visible_text(item, viewer) for item in items}
            texts = {
                cid: (text.title, html_to_text(text.body_html))
                for cid, text in shown.items()
                if not text.withheld
            }
            excerpts = get_backend().excerpts(found.parsed, texts)
        except Exception:
            found = _unavailable(found)
    outcome = SearchResults(
        query=found.text, page=found.page, message=found.message, error=found.error
    )
    if found.parsed is None:
        return outcome
    outcome.results = [
        Result(item, *excerpts.get(item.id, (Markup(""), Markup("")))) for item in items
    ]
    outcome.has_next = found.has_next
    if outcome.page == 1 and len(outcome.results) < SUGGEST_BELOW:
        outcome.suggestion = _suggestion(found.parsed, found.filters, visibility)
    return outcome


def _suggestion(parsed: ParsedQuery, filters: Filters, visibility: Visibility) -> str | None:
    """The query with its unknown words corrected, if that query finds something.

    The backend proposes a known term close to an unknown one; the word shown is that term
    as written in a contribution this viewer may read (so the words of masked or pending
    texts are never offered to the public).
    """
    backend = get_backend()
    words = parsed.plain_terms()
    if not words:
        return None
    frequencies = backend.doc_frequencies({w.term for w in words})
    corrected: dict[str, str] = {}
    for word in words:
        if frequencies.get(word.term):
            continue
        term = backend.suggest_term(word.original, word.term)
        written = _written_as(term, visibility) if term else None
        if written:
            corrected[word.original] = written
    if not corrected:
        return None
    text = " ".join(corrected.get(token, token) for token in parsed.text.split())
    try:
        hits = backend.search(parse(text), filters, visibility, Order.RELEVANCE, 0, 1)
    except QuerySyntaxError:
        return None
    return text if _load(hits.ids, visibility) else None


def _written_as(term: str, visibility: Visibility) -> str | None:
    """How ``term`` is written in a contribution the viewer may find ("platan" ->
    "platanes"), lower-cased; None if no such contribution."""
    for item in _load(get_backend().match_any([term], Filters(), visibility, 3), visibility):
        text = f"{item.title or ''}\n{html_to_text(item.body_html)}"
        for located in analysis.located_terms(text):
            if located.text == term:
                return text[located.start : located.end].lower()
    return None


SIMILAR_SHOWN = 5


def similar(
    contribution: Contribution, viewer: AnyUser | None, limit: int = 5
) -> list[Contribution]:
    """Other contributions of the same debate whose words are closest to this one's, outside
    its own thread, most similar first. Similarity is a property of the text only."""
    visibility = visibility_for(viewer)
    if _is_public(contribution, visibility):
        # The same for every reader who is not staff: found once, stored for every worker.
        ids = similar_lists.read(contribution)
        if ids is None:  # not found yet by the index writer, or a day old
            ids = _similar_ids(contribution, visibility, SIMILAR_SHOWN + 5)
            similar_lists.write(contribution, ids)
    else:
        ids = _similar_ids(contribution, visibility, limit + 5)
    # Loaded and checked again now: a contribution masked or an author erased since the
    # list was stored does not show.
    found = [c for c in _load(ids, visibility, details=False) if c.id != contribution.id]
    return found[:limit]


def store_similar(contribution_ids: list[int]) -> None:
    """Find and store, for the public, the similar contributions of these published ones:
    the index writer calls it once it has indexed them, so that their pages find the list
    made (``similar_lists``)."""
    if not contribution_ids:
        return
    visibility = visibility_for(None)
    items = db.session.scalars(
        select(Contribution).where(
            Contribution.id.in_(contribution_ids), Contribution.status == Status.PUBLISHED
        )
    ).all()
    for item in items:
        similar_lists.write(item, _similar_ids(item, visibility, SIMILAR_SHOWN + 5))
    db.session.rollback()  # nothing written in this session: end its read transaction


def _is_public(contribution: Contribution, visibility: Visibility) -> bool:
    """Whether the viewer sees the contribution's debate as the public does (not staff)."""
    return not (visibility.everything or contribution.debate_id in visibility.staff_debate_ids)


def _similar_ids(contribution: Contribution, visibility: Visibility, limit: int) -> list[int]:
    backend = get_backend()
    frequencies = Counter(
        analysis.terms(f"{contribution.title or ''}\n{html_to_text(contribution.body_html)}")
    )
    if not frequencies:
        return []
    candidates = [term for term, _count in frequencies.most_common(SIMILAR_CANDIDATES)]
    terms = similar_terms(frequencies, backend.doc_frequencies(candidates), backend.doc_count())
    if not terms:
        return []  # only common words: anything found would be similar by chance
    filters = Filters(
        debate_id=contribution.debate_id,
        exclude_root_id=contribution.root_id or contribution.id,
    )
    return list(backend.match_any(terms, filters, visibility, limit))


def similar_terms(
    frequencies: Counter, document_frequency: dict[str, int], total: int
) -> list[str]:
    """The words a similar search goes by: of the text's words (``frequencies``: how often
    the text uses each), those the fewest documents hold and the text uses most (tf-idf),
    leaving out those too common to tell anything (``SIMILAR_MAX_SHARE``)."""
    total = max(total, 1)
    ceiling = max(total * SIMILAR_MAX_SHARE, SIMILAR_ALWAYS_USED)
    usable = [term for term in document_frequency if document_frequency[term] <= ceiling]

    def weight(term: str) -> float:
        return frequencies[term] * math.log(1 + total / max(document_frequency[term], 1))

    return sorted(usable, key=lambda t: (-weight(t), t))[:SIMILAR_TERMS]


# --- Keeping the index in step -----------------------------------------------------------


@dataclass
class CheckReport:
    checked: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def in_step(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def _pending_task_ids() -> list[int]:
    return list(db.session.scalars(select(IndexTask.id)))


def _forget_tasks(ids: list[int]) -> None:
    for start in range(0, len(ids), 5000):
        db.session.execute(
            IndexTask.__table__.delete().where(IndexTask.id.in_(ids[start : start + 5000]))
        )
    db.session.commit()


def rebuild(backend: Backend, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the database (the caller holds the writer lock).

    Tasks already recorded are covered by the rebuild and forgotten; tasks recorded while it
    runs stay for the writer.
    """
    covered = _pending_task_ids()
    total = count_contributions()
    backend.rebuild(all_documents(), total, progress or (lambda _n: None))
    similar_lists.forget_all()  # found in the old index
    _forget_tasks(covered)
    return total


def reindex(progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the index from scratch; returns the number of contributions indexed."""
    backend = get_backend()
    with backend.writer_lock() as held:
        if not held:
            raise SearchBusy("another process is writing the search index")
        return rebuild(backend, progress)


def check_and_repair(batch: int = 500) -> CheckReport:
    """Compare the index with the database and repair the difference: documents missing
    from the index, stale ones (their fingerprint differs), and ones that should not be
    there (no such contribution any more)."""
    backend = get_backend()
    report = CheckReport()
    with backend.writer_lock() as held:
        if not held:
            raise SearchBusy("another process is writing the search index")
        indexed = dict(backend.fingerprints())
        pending = []
        seen: set[int] = set()
        for document in all_documents():
            seen.add(document.id)
            fingerprint = indexed.get(document.id)
            if fingerprint == document.fingerprint:
                continue
            (report.missing if fingerprint is None else report.stale).append(document.id)
            pending.append(document)
            if len(pending) >= batch:
                backend.apply(pending, [])
                db.session.commit()
                pending = []
        report.extra = sorted(set(indexed) - seen)
        backend.apply(pending, report.extra)
        db.session.commit()
        report.checked = len(seen)
    return report


@dataclass
class SimilarPanel:
    """What the contribution page shows: similar contributions, and for moderators the
    moderation package's "mark as duplicate" action when it is installed."""

    items: list[Contribution] = field(default_factory=list)
    can_mark_duplicate: bool = False



def similar_panel(contribution: Contribution, viewer: AnyUser | None) -> SimilarPanel:
    """``similar`` for a page: a search failure is logged and the page shows no panel."""
    visibility = visibility_for(viewer)
    if not (contribution.status == Status.PUBLISHED or may_find(contribution, visibility)):
        return SimilarPanel()  # a masked text's neighbours would hint at its words
    try:
        items = similar(contribution, viewer, SIMILAR_SHOWN)
    except Exception:
        db.session.rollback()
        log.exception("similar contributions of #%s could not be searched", contribution.id)
        return SimilarPanel()
    can_mark = "moderation.duplicate" in current_app.view_functions and has_role(
        viewer, contribution.debate, Role.MODERATOR
    )
    return SimilarPanel(items, can_mark)
