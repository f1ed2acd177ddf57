"""Posting and reading contributions: new ones, replies, threads and lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from forum import debates, notifications, photos, suspensions
from forum.debates import check_themes_open
from forum.errors import InvalidInput, NotAllowed, NotFound
from forum.extensions import db
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Kind,
    ModerationMode,
    Relation,
    Status,
    Theme,
    User,
    contribution_themes,
    utcnow,
)
from forum.pagination import Ordering, Page, paginate
from forum.permissions import AnyUser, can_see_contribution, is_staff
from forum.photos import PhotoUpload
from forum.sanitize import clean_plain, render_markdown
from forum.search import enqueue as enqueue_index_task

# Kinds a participant chooses when posting online. Stakeholder papers come from
# organisations and are entered by the debate's staff.
PARTICIPANT_KINDS = (Kind.OPINION, Kind.QUESTION, Kind.PROPOSAL)

_signals = Namespace()
# Sent in the publishing transaction, for a contribution just published (posted in a
# debate moderated afterwards, or released when its author confirms their address): the
# question circuit hands a published question to the project owner (``questions``).
published = _signals.signal("contribution-published")


@dataclass(frozen=True)
class NewContribution:
    kind: Kind
    title: str
    body: str
    theme_ids: Sequence[int] = ()
    photos: Sequence[PhotoUpload] = ()


@dataclass(frozen=True)
class NewReply:
    relation: Relation
    body: str
    kind: Kind = Kind.OPINION
    title: str = ""
    photos: Sequence[PhotoUpload] = ()
    source_url: str = ""


def _limits() -> tuple[int, int]:
    config = current_app.config
    return config["PALABRE_MAX_TITLE_CHARS"], config["PALABRE_MAX_BODY_CHARS"]


def _check_text(title: str, body: str, *, title_required: bool) -> tuple[str, str]:
    max_title, max_body = _limits()
    title = clean_plain(title)
    if title_required and not title:
        raise InvalidInput(_("Give your contribution a title."), field="title")
    if len(title) > max_title:
        raise InvalidInput(
            _("The title is too long: %(n)d characters at most.", n=max_title), field="title"
        )
    if not body.strip():
        raise InvalidInput(_("Write your contribution before sending it."), field="body")
    if len(body) > max_body:
        raise InvalidInput(
            _(
                "Your text is too long: %(n)d characters at most (it has %(m)d).",
                n=max_body,
                m=len(body),
            ),
            field="body",
        )
    return title, body.strip()


SOURCE_URL_MAX = 2000
SOURCE_SCHEMES = ("http", "https")
# Characters an address never holds as typed (RFC 3986): a browser would encode them, and
# a quote or an angle bracket in an address is an attempt to leave the attribute.
_NOT_IN_ADDRESS = frozenset('"<>`\\{}|^')


def check_source_url(url: str, relation: Relation | None) -> str:
    """The address of the source a reply provides, checked: http or https, a host, no
    space; empty if none was given. Only a reply that provides a source takes one."""
    url = (url or "").strip()
    if not url:
        return ""
    if relation != Relation.PROVIDES_SOURCE:
        raise InvalidInput(
            _(
                "Only a reply that provides a source takes a source's address: choose "
                "“provides a source”, or leave the address empty."
            ),
            field="source_url",
        )
    if len(url) > SOURCE_URL_MAX:
        raise InvalidInput(
            _("The address is too long: %(n)d characters at most.", n=SOURCE_URL_MAX),
            field="source_url",
        )
    parts = urlsplit(url)
    # Browsers drop tabs and line breaks inside an address and trim control characters:
    # any such character could make the link go somewhere other than what is shown.
    unprintable = any(not ch.isprintable() or ch.isspace() or ch in _NOT_IN_ADDRESS for ch in url)
    if unprintable or parts.scheme.lower() not in SOURCE_SCHEMES or not parts.hostname:
        raise InvalidInput(
            _(
                "Give the source's web address, starting with http:// or https:// "
                "(for example https://www.example.org/report.pdf)."
            ),
            field="source_url",
        )
    return url


def _check_can_post(debate: Debate, author: User | None) -> None:
    if author is None or not author.is_authenticated:
        raise NotAllowed(_("Log in to take part in the debate."))
    if not author.is_active:
        raise NotAllowed(_("Your account is suspended: you cannot post."))
    refusal = debates.posting_refusal(debate)
    if refusal is not None:
        raise NotAllowed(refusal)
    suspensions.check_not_suspended(author, debate)


def _initial_status(debate: Debate, author: User) -> Status:
    """Pending in a debate moderated before publication, or until the author confirms
    their e-mail address (``forum.verification`` publishes it then)."""
    if debate.moderation_mode == ModerationMode.A_PRIORI or author.email_verified_at is None:
        return Status.PENDING
    return Status.PUBLISHED


def post_contribution(debate: Debate, author: User, data: NewContribution) -> Contribution:
    """Publish (or hold for moderation, in an a priori debate) a new contribution."""
    _check_can_post(debate, author)
    if data.kind not in PARTICIPANT_KINDS:
        raise InvalidInput(_("Choose what kind of contribution this is."), field="kind")
    title, body = _check_text(data.title, data.body, title_required=True)
    theme_ids = set(data.theme_ids)
    if not theme_ids:
        raise InvalidInput(_("Choose at least one theme."), field="themes")
    themes = [theme for theme in debate.themes if theme.id in theme_ids]  # loaded for the form
    if len(themes) != len(theme_ids):
        raise InvalidInput(_("Choose themes of this debate only."), field="themes")
    check_themes_open(themes)
    checked_photos = photos.check(data.photos)
    contribution = _new(debate, author, data.kind, title, body, themes)
    photos.attach(contribution, checked_photos)
    enqueue_index_task(contribution.id)
    published.send(contribution)
    _commit_keeping_objects()
    return contribution


def thread_locked(item: Contribution) -> bool:
    """Moderators lock a thread on its root contribution; no reply is taken anywhere in it."""
    root = item if item.root_id in (None, item.id) else db.session.get(Contribution, item.root_id)
    return bool(root is not None and root.locked)


def post_reply(parent: Contribution, author: User, data: NewReply) -> Contribution:
    """Answer a contribution, declaring how the reply relates to it."""
    debate = parent.debate
    _check_can_post(debate, author)
    if parent.status == Status.MASKED:
        raise NotAllowed(_("This contribution was masked by moderation: it cannot be answered."))
    if thread_locked(parent):
        raise NotAllowed(_("A moderator has locked this thread: it takes no more replies."))
    if not can_see_contribution(author, parent):
        raise NotFound(_("This contribution does not exist."))
    if data.kind not in PARTICIPANT_KINDS:
        raise InvalidInput(_("Choose what kind of contribution this is."), field="kind")
    title, body = _check_text(data.title, data.body, title_required=False)
    source_url = check_source_url(data.source_url, data.relation)
    checked_photos = photos.check(data.photos)
    reply = _new(debate, author, data.kind, title, body, list(parent.themes), parent, data.relation)
    reply.source_url = source_url
    photos.attach(reply, checked_photos)
    enqueue_index_task(reply.id)
    published.send(reply)
    notifications.notify_reply(reply)  # not when replying to oneself
    _commit_keeping_objects()
    return reply


def _new(
    debate: Debate,
    author: User,
    kind: Kind,
    title: str,
    body: str,
    themes: list[Theme],
    parent: Contribution | None = None,
    relation: Relation | None = None,
) -> Contribution:
    """Insert a contribution (flushed: it has its id), under ``parent`` if it is a reply."""
    status = _initial_status(debate, author)
    now = utcnow()
    contribution = Contribution(
        debate_id=debate.id,
        author_id=author.id,
        kind=kind,
        title=title,
        body_source=body,
        body_html=render_markdown(body),
        channel=Channel.ONLINE,
        status=status,
        created_at=now,
        published_at=now if status == Status.PUBLISHED else None,
        themes=themes,
    )
    if parent is not None:
        contribution.parent_id = parent.id
        contribution.root_id = parent.root_id or parent.id
        contribution.depth = parent.depth + 1
        contribution.relation = relation
    db.session.add(contribution)
    db.session.flush()
    if contribution.root_id is None:
        # A new thread is its own root, known once inserted. A plain statement sets it: a
        # change through the session would take a second flush of the unit of work.
        db.session.connection().execute(
            update(Contribution)
            .where(Contribution.id == contribution.id)
            .values(root_id=contribution.id, updated_at=contribution.updated_at)
        )
        set_committed_value(contribution, "root_id", contribution.id)
    return contribution


def _commit_keeping_objects() -> None:
    """Commit without expiring what the session holds: the redirect that follows a post
    needs the new contribution's id and status and the author's language, exactly as they
    were just written; reading them back would cost two more queries."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def get_visible(contribution_id: int, viewer: AnyUser | None) -> Contribution:
    """The contribution, if this viewer may see it; else ``NotFound``."""
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or not can_see_contribution(viewer, contribution):
        raise NotFound(_("This contribution does not exist."))
    return contribution


@dataclass
class Thread:
    """The contributions of a thread one viewer sees, from its top down."""

    items: list[Contribution]  # the top first, each before its replies
    replies: dict[int, tuple[int, ...]]  # who replies to whom, in chronological order

    @property
    def top(self) -> Contribution:
        return self.items[0]


def thread_shape(
    visible: dict[int, int | None], top_id: int
) -> tuple[list[int], dict[int, tuple[int, ...]]]:
    """Who replies to whom among the ``visible`` contributions (id -> parent id, in
    chronological order), from ``top_id`` down: the ids in the page's order and each one's
    replies. What hangs under a contribution not visible is not shown either."""
    children: dict[int, list[int]] = {}
    for cid, parent in visible.items():
        if cid != top_id and parent in visible:
            children.setdefault(parent, []).append(cid)
    order: list[int] = []
    stack = [top_id]
    while stack:  # a loop, not recursion: threads can be deep
        cid = stack.pop()
        order.append(cid)
        stack.extend(children.get(cid, ()))
    reached = set(order)
    return order, {cid: tuple(kids) for cid, kids in children.items() if cid in reached}


# Rows shown on a tagged page are read again even when the session holds them: the page's
# tag is made of render tokens read before it (``forum.revalidation``), and a contribution
# loaded earlier in the request may predate them — a moderator's redaction landing in
# between would otherwise be served under the new tag.
FRESH = {"populate_existing": True}


def _as_articles():
    """What a contribution's article in a thread shows besides its own row."""
    return (
        selectinload(Contribution.author),
        selectinload(Contribution.themes),
        selectinload(Contribution.photos),
    )


def load_articles(ids: list[int]) -> list[Contribution]:
    """Contributions by id, with what their articles in a thread show."""
    return list(
        db.session.scalars(
            db.select(Contribution)
            .where(Contribution.id.in_(ids))
            .options(*_as_articles())
            .execution_options(**FRESH)
        )
    )


def load_thread(contribution: Contribution, viewer: AnyUser | None) -> Thread:
    """The whole thread that ``contribution`` belongs to, as this viewer sees it, in
    bounded queries.

    Replies are in chronological order under each contribution. A pending reply shows only
    to its author and staff; its own replies (if any) are hidden with it.
    """
    root_id = contribution.root_id or contribution.id
    rows = db.session.scalars(
        db.select(Contribution)
        .where(Contribution.root_id == root_id)
        .options(*_as_articles())
        .order_by(Contribution.created_at, Contribution.id)
        .execution_options(**FRESH)
    ).all()
    staff = is_staff(viewer, contribution.debate)
    viewer_id = viewer.id if viewer is not None and viewer.is_authenticated else None
    shown = {
        row.id: row
        for row in rows
        if not (row.status == Status.PENDING and not staff and row.author_id != viewer_id)
    }
    # The root itself pending and not ours: show from what we may see.
    top_id = root_id if root_id in shown else contribution.id
    shown.setdefault(top_id, contribution)
    order, replies = thread_shape({cid: row.parent_id for cid, row in shown.items()}, top_id)
    return Thread([shown[cid] for cid in order], replies)


def public_contributions(debate: Debate, *, details: bool = True) -> Select[tuple[Contribution]]:
    """Published contributions of a debate (masked ones keep their notice in threads only),
    with their authors and themes unless ``details`` is false."""
    query = db.select(Contribution).where(
        Contribution.debate_id == debate.id, Contribution.status == Status.PUBLISHED
    )
    if details:
        query = query.options(selectinload(Contribution.author), selectinload(Contribution.themes))
    return query


def load_details(items: list[Contribution]) -> None:
    """Load the authors and themes of ``items`` at once (for a list loaded without them),
    and their own rows again (``FRESH``)."""
    if items:
        db.session.scalars(
            db.select(Contribution)
            .where(Contribution.id.in_([item.id for item in items]))
            .options(selectinload(Contribution.author), selectinload(Contribution.themes))
            .execution_options(**FRESH)
        ).all()


def list_contributions(
    debate: Debate,
    ordering: Ordering,
    *,
    theme: Theme | None = None,
    top_level_only: bool = False,
    after: str | None = None,
    before: str | None = None,
    per_page: int | None = None,
    details: bool = True,
) -> Page:
    """A page of a debate's published contributions, optionally within one theme (without
    authors and themes if ``details`` is false)."""
    query = public_contributions(debate, details=details)
    if theme is not None:
        query = query.join(
            contribution_themes, contribution_themes.c.contribution_id == Contribution.id
        ).where(contribution_themes.c.theme_id == theme.id)
    if top_level_only:
        query = query.where(Contribution.parent_id.is_(None))
    return paginate(
        query,
        ordering,
        session=db.session,
        after=after,
        before=before,
        per_page=per_page or current_app.config["PALABRE_PER_PAGE"],
    )


# Built once each: a list page tagged for visitors asks one of them at every view. The same
# filter and order as ``list_contributions`` (were they to differ, a page's tag would not
# follow what it lists).
_FIRST_PAGE = (
    db.select(Contribution.id)
    .join(Debate, Debate.id == Contribution.debate_id)
    .where(Debate.slug == db.bindparam("slug"), Contribution.status == Status.PUBLISHED)
    .order_by(Ordering().sort_key().asc(), Contribution.id.asc())
    .limit(db.bindparam("rows"))
)
_FIRST_PAGE_OF_THEME = (
    _FIRST_PAGE.join(contribution_themes, contribution_themes.c.contribution_id == Contribution.id)
    .join(Theme, Theme.id == contribution_themes.c.theme_id)
    .where(Theme.slug == db.bindparam("theme_slug"), Theme.debate_id == Debate.id)
)


def first_page_listing(slug: str, theme_slug: str | None) -> tuple[tuple[int, ...], bool]:
    """Which contributions page 1 of a debate's list (or of one of its themes) shows in the
    default order, and whether a next page follows: ``page_listing`` of the page that
    ``list_contributions`` gives, told from the slugs alone in one query."""
    per_page = current_app.config["PALABRE_PER_PAGE"]
    values = {"slug": slug, "rows": per_page + 1}
    if theme_slug is None:
        ids = tuple(db.session.scalars(_FIRST_PAGE, values))
    else:
        ids = tuple(db.session.scalars(_FIRST_PAGE_OF_THEME, {**values, "theme_slug": theme_slug}))
    return ids[:per_page], len(ids) > per_page


def page_listing(page: Page) -> tuple[tuple[int, ...], bool]:
    """The contributions a page shows, and whether a next page follows."""
    return tuple(item.id for item in page.items), page.next_cursor is not None


def contributions_by(author: User, viewer: AnyUser | None) -> list[Contribution]:
    """Everything an author wrote, newest first: all of it for the author, else what is public."""
    query = (
        db.select(Contribution)
        .where(Contribution.author_id == author.id)
        .options(selectinload(Contribution.debate), selectinload(Contribution.themes))
        .order_by(Contribution.created_at.desc(), Contribution.id.desc())
    )
    if viewer is None or not viewer.is_authenticated or viewer.id != author.id:
        query = query.where(Contribution.status == Status.PUBLISHED)
    return list(db.session.scalars(query))
