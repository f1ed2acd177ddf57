"""Moderation pages: the queue, a contribution's moderation page, the tag vocabulary,
offline entry and import, the journal, the charter, suspensions, contests and the team —
and the participant-facing parts: flagging, contesting, the public moderation journal.

Views stay thin: rights are checked at the boundary by ``requires_debate_role``, each POST
calls one service, a service's refusal becomes a message next to its field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from forum import reminders
from forum.errors import InvalidInput, PalabreError
from forum.ids import parse_id
from forum.labels import CHANNEL, KIND
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Kind,
    Role,
    Status,
)
from forum.permissions import has_role
from forum.redirects import safe_next
from forum.web import MODERATORS, STAFF, attach_error, requires_debate_role
from moderation import (
    charter,
    cli,
    contests,
    filing,
    flags,
    journal,
    lifecycle,
    masking,
    redaction,
    tags,
)
from moderation.admin_views import bp as admin_bp
from moderation.console_views import bp as console_bp
from moderation.entry_views import bp as entry_bp
from moderation.forms import (
    ActionForm,
    BulkForm,
    CharterForm,
    DuplicateForm,
    KindForm,
    MaskForm,
    NoteForm,
    PublishForm,
    QueueFilterForm,
    ReasonForm,
    RedactForm,
    RefileForm,
    TagEditForm,
    TagForm,
    VocabularyForm,
)
from moderation.labels import FLAG_REASON, NEED
from moderation.models import JournalAction, TagFamily
from moderation.people_views import bp as people_bp
from moderation.public_views import bp as public_bp
from moderation.queue import NEEDS, QUEUE_COUNT_CAP, QueueFilter, queue, queue_sizes
from moderation.template_helpers import install as install_template_helpers
from moderation.web import (
    article_choices,
    contribution_of,
    status_of,
    submit,
    tag_choices,
    tag_of,
)

bp = Blueprint("moderation", __name__, cli_group=None)
cli.register(bp.cli)
# Nested blueprints, one per subject: endpoints "moderation.entry.…", "moderation.people.…",
# "moderation.public.…", "moderation.admin.…", "moderation.console.…".
bp.register_blueprint(admin_bp)
bp.register_blueprint(console_bp)
bp.register_blueprint(entry_bp)
bp.register_blueprint(people_bp)
bp.register_blueprint(public_bp)


@bp.record_once
def _install_template_helpers(state) -> None:
    install_template_helpers(state.app)
    # `flask send-reminders` also tells committees whose debate is past its closing date.
    reminders.register(lifecycle.tell_committees_past_closing)


# --- The queue -----------------------------------------------------------------------


def _queue_filter(debate: Debate) -> tuple[QueueFilterForm, QueueFilter]:
    form = QueueFilterForm(request.args)
    form.need.choices = [SelectChoice(n, NEED[n]) for n in NEEDS]
    any_ = SelectChoice("", _("Any"))
    form.theme.choices = [any_] + [SelectChoice(str(t.id), t.name) for t in debate.themes]
    form.kind.choices = [any_] + [SelectChoice(k.value, KIND[k]) for k in Kind]
    form.channel.choices = [any_] + [SelectChoice(c.value, CHANNEL[c]) for c in Channel]
    form.status.choices = [any_] + [
        SelectChoice(Status.PENDING.value, _("awaiting moderation")),
        SelectChoice(Status.PUBLISHED.value, _("published")),
        SelectChoice(Status.MASKED.value, _("masked")),
    ]
    vocabulary = tags.vocabulary(debate)
    form.tag.choices = [any_] + [SelectChoice(str(t.id), t.name) for t in vocabulary]
    args = request.args
    theme_ids = {t.id for t in debate.themes}
    theme = parse_id(args.get("theme"))
    tag = parse_id(args.get("tag"))
    filters = QueueFilter(
        need=args.get("need") if args.get("need") in NEEDS else "all_needs",
        theme_id=theme if theme in theme_ids else None,
        kind=Kind(args["kind"]) if args.get("kind") in set(Kind) else None,
        channel=Channel(args["channel"]) if args.get("channel") in set(Channel) else None,
        status=Status(args["status"]) if args.get("status") in set(Status) else None,
        tag_id=tag if tag in {t.id for t in vocabulary} else None,
    )
    form.need.data = filters.need
    return form, filters


def _bulk_form(debate: Debate) -> BulkForm:
    form = BulkForm()
    form.article.choices = article_choices(debate)
    form.tag.choices = [SelectChoice("", _("— choose a tag —"))] + tag_choices(debate)
    return form


@bp.get("/moderation/<slug>/")
@requires_debate_role(*STAFF)
def queue_page(debate: Debate):
    """What needs a moderator in this debate: pending, reported, unclassified."""
    return _queue(debate)


def _queue(debate: Debate, bulk: BulkForm | None = None, status: int = 200):
    filter_form, filters = _queue_filter(debate)
    page = queue(debate, filters, after=parse_id(request.args.get("after")))
    shown_tags = tags.tags_by_contribution([i.id for i in page.items], staff=True)
    size_cap = current_app.config.get("PALABRE_QUEUE_COUNT_CAP", QUEUE_COUNT_CAP)
    return (
        render_template(
            "moderation/queue.html",
            debate=debate,
            filter_form=filter_form,
            filters=filters,
            page=page,
            sizes=queue_sizes(debate, size_cap),
            size_cap=size_cap,
            shown_tags=shown_tags,
            bulk=bulk or _bulk_form(debate),
            moderator=has_role(current_user, debate, Role.MODERATOR),
            need_labels=NEED,
            flag_reasons=FLAG_REASON,
            next_url=url_for(
                "moderation.queue_page",
                slug=debate.slug,
                **{k: v for k, v in request.args.items() if k != "after"},
                after=page.next_after,
            )
            if page.next_after
            else None,
        ),
        status,
    )


@bp.post("/moderation/<slug>/queue")
@requires_debate_role(*MODERATORS)
def queue_bulk(debate: Debate):
    """Apply one action to the selected contributions of the queue."""
    form = _bulk_form(debate)
    back = safe_next(request.form.get("next"), url_for("moderation.queue_page", slug=debate.slug))
    if not form.validate_on_submit():
        return _queue(debate, form, 422)
    action = request.form.get("action", "")
    ids = form.selected.data or []
    try:
        if action == "publish":
            result = masking.publish_many(debate, current_user, ids)
        elif action == "mask":
            result = masking.mask_many(
                debate, current_user, ids, form.reason.data or "", form.article.data or ""
            )
        elif action == "tag":
            if form.tag.data is None:
                raise InvalidInput(_("Choose a tag."), field="tag")
            added = tags.attach_many(debate, current_user, ids, tags.get_tag(debate, form.tag.data))
            flash(_("Tag added to %(n)d contribution(s).", n=added), "success")
            return redirect(back)
        else:
            raise InvalidInput(_("Choose an action."))
    except PalabreError as error:
        attach_error(form, error)
        return _queue(debate, form, status_of(error))
    if result.done:
        message = (
            _("%(n)d contribution(s) published.", n=len(result.done))
            if action == "publish"
            else _("%(n)d contribution(s) masked.", n=len(result.done))
        )
        flash(message, "success")
    for contribution_id, reason in result.skipped:
        flash(
            _("Contribution #%(id)d skipped: %(reason)s", id=contribution_id, reason=reason), "info"
        )
    return redirect(back)


# --- One contribution ----------------------------------------------------------------
#
# Each action of a contribution's page is one form of that page. ``_FORMS`` builds each
# form, blank for the page or from the request for its POST; ``contribution_action`` does
# what every action does with it (validate, call one service, show the page on refusal).


def _with_articles(form_class: type[FlaskForm]) -> Callable[..., FlaskForm]:
    def build(debate: Debate, item: Contribution, **options) -> FlaskForm:
        form = form_class(**options)
        form.article.choices = article_choices(debate)
        return form

    return build


def _refile_form(debate: Debate, item: Contribution, **options) -> RefileForm:
    form = RefileForm(**options)
    form.themes.choices = [SelectChoice(t.id, t.name) for t in debate.themes]
    return form


def _tag_form(debate: Debate, item: Contribution, **options) -> TagForm:
    form = TagForm(**options)
    form.tag.choices = tag_choices(debate)
    return form


def _plain(form_class: type[FlaskForm], prefix: str = "") -> Callable[..., FlaskForm]:
    return lambda debate, item, **options: form_class(prefix=prefix, **options)


_FORMS: dict[str, Callable[..., FlaskForm]] = {
    "publish_form": _plain(PublishForm),
    "mask_form": _with_articles(MaskForm),
    "restore_form": _plain(ReasonForm, "restore"),
    "refile_form": _refile_form,
    "kind_form": _plain(KindForm),
    "duplicate_form": _plain(DuplicateForm),
    "lock_form": _plain(ReasonForm, "lock"),
    "redact_form": _with_articles(RedactForm),
    "dismiss_form": _plain(NoteForm, "dismiss"),
    "tag_form": _tag_form,
    "action_form": _plain(ActionForm),
}


def _detail_forms(debate: Debate, item: Contribution) -> dict[str, FlaskForm]:
    forms = {name: build(debate, item, formdata=None) for name, build in _FORMS.items()}
    forms["refile_form"].themes.data = [t.id for t in item.themes]
    forms["kind_form"].kind.data = item.kind.value
    forms["duplicate_form"].original.data = item.duplicate_of_id
    return forms


def _detail(debate: Debate, item: Contribution, status: int = 200, **failed: FlaskForm):
    forms = _detail_forms(debate, item)
    forms.update(failed)
    root = filing.thread_root(item)
    return (
        render_template(
            "moderation/contribution.html",
            debate=debate,
            item=item,
            root=root,
            flags=flags.open_flags(item),
            shown_tags=tags.tags_by_contribution([item.id], staff=True).get(item.id, []),
            history=journal.contribution_journal(item),
            duplicates=filing.duplicates_of(item),
            decision=contests.masking_decision(item),
            moderator=has_role(current_user, debate, Role.MODERATOR),
            switchable=item.kind in filing.SWITCHABLE_KINDS,
            **forms,
        ),
        status,
    )


@bp.get("/moderation/<slug>/contributions/<int:contribution_id>")
@requires_debate_role(*STAFF)
def contribution_page(debate: Debate, contribution_id: int):
    """Everything about one contribution for staff: text, reports, tags, history, actions."""
    return _detail(debate, contribution_of(debate, contribution_id))


def contribution_action(form_name: str, message: str) -> Callable:
    """Turn ``action(item, form, **route_values)`` into the POST view of one form of a
    contribution's page: the form is validated, ``action`` calls one service, success
    redirects to the page with ``message``; a refusal shows the page again, the error next
    to its field. The view receives ``debate`` and ``contribution_id`` (see
    ``requires_debate_role``); an unknown contribution is a 404."""

    def decorator(action: Callable[..., object]) -> Callable:
        @wraps(action)
        def view(debate: Debate, contribution_id: int, **values: Any):
            item = contribution_of(debate, contribution_id)
            form = _FORMS[form_name](debate, item)
            page = url_for(
                "moderation.contribution_page", slug=debate.slug, contribution_id=item.id
            )
            done, status = submit(form, lambda: action(item, form, **values), message, page)
            return done or _detail(debate, item, status, **{form_name: form})

        return view

    return decorator


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/publish")
@requires_debate_role(*MODERATORS)
@contribution_action("publish_form", _l("The contribution is published."))
def publish(item: Contribution, form: PublishForm) -> None:
    """Publish a contribution held for moderation."""
    masking.publish(item, current_user, form.reason.data or "")


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/mask")
@requires_debate_role(*MODERATORS)
@contribution_action("mask_form", _l("The contribution is masked; its author is told why."))
def mask(item: Contribution, form: MaskForm) -> None:
    """Mask a contribution, citing the charter."""
    masking.mask(item, current_user, form.reason.data, form.article.data or "")


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/restore")
@requires_debate_role(*MODERATORS)
@contribution_action("restore_form", _l("The contribution is visible again."))
def restore(item: Contribution, form: ReasonForm) -> None:
    """Make a masked contribution visible again."""
    masking.restore(item, current_user, form.reason.data)


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/refile")
@requires_debate_role(*MODERATORS)
@contribution_action("refile_form", _l("The contribution is filed under its new themes."))
def refile(item: Contribution, form: RefileForm) -> None:
    """File a contribution under other themes."""
    filing.refile(item, current_user, form.themes.data, form.reason.data)


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/kind")
@requires_debate_role(*MODERATORS)
@contribution_action("kind_form", _l("The kind of the contribution is changed."))
def change_kind(item: Contribution, form: KindForm) -> None:
    """Say that an opinion is a question to the project owner, or the reverse."""
    filing.change_kind(item, current_user, Kind(form.kind.data), form.reason.data)


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/duplicate")
@requires_debate_role(*MODERATORS)
@contribution_action("duplicate_form", _l("Saved."))
def duplicate(item: Contribution, form: DuplicateForm) -> None:
    """Mark a contribution as a duplicate of another (or not)."""
    filing.mark_duplicate(item, current_user, form.original.data, form.reason.data)


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/lock")
@requires_debate_role(*MODERATORS)
@contribution_action("lock_form", _l("The thread is locked."))
def lock(item: Contribution, form: ReasonForm) -> None:
    """Lock the thread: it takes no more replies."""
    filing.set_locked(item, current_user, True, form.reason.data)


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/unlock")
@requires_debate_role(*MODERATORS)
@contribution_action("lock_form", _l("The thread is unlocked."))
def unlock(item: Contribution, form: ReasonForm) -> None:
    """Unlock the thread."""
    filing.set_locked(item, current_user, False, form.reason.data)


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/redact")
@requires_debate_role(*MODERATORS)
@contribution_action("redact_form", _l("The passages are redacted."))
def redact(item: Contribution, form: RedactForm) -> None:
    """Remove personal data from a contribution, leaving a visible mark."""
    passages = form.passages.data.splitlines()
    redaction.redact(item, current_user, passages, form.reason.data, form.article.data or "")


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/dismiss-flags")
@requires_debate_role(*MODERATORS)
@contribution_action("dismiss_form", _l("The reports are closed."))
def dismiss_flags(item: Contribution, form: NoteForm) -> None:
    """Close the reports on a contribution that breaks no rule."""
    flags.dismiss_flags(item, current_user, form.note.data or "")


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/tags")
@requires_debate_role(*STAFF)
@contribution_action("tag_form", _l("Tag added."))
def attach_tag(item: Contribution, form: TagForm) -> None:
    """Tag a contribution (moderators and committee members)."""
    tags.attach(item, tags.get_tag(item.debate, form.tag.data), current_user, form.note.data or "")


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/tags/<int:tag_id>/remove")
@requires_debate_role(*STAFF)
@contribution_action("action_form", _l("Tag removed."))
def detach_tag(item: Contribution, form: ActionForm, tag_id: int) -> None:
    """Remove a tag from a contribution."""
    tags.detach(item, tag_of(item.debate, tag_id), current_user)


# --- Tag vocabulary ------------------------------------------------------------------


def _vocabulary_page(debate: Debate, status: int = 200, form: VocabularyForm | None = None):
    return (
        render_template(
            "moderation/vocabulary.html",
            debate=debate,
            vocabulary=tags.vocabulary(debate),
            form=form or VocabularyForm(formdata=None),
            edit_form=TagEditForm(formdata=None),
            action_form=ActionForm(formdata=None),
            moderator=has_role(current_user, debate, Role.MODERATOR),
            families=TagFamily,
        ),
        status,
    )


@bp.get("/moderation/<slug>/tags")
@requires_debate_role(*STAFF)
def vocabulary(debate: Debate):
    """The debate's tag vocabulary, in its two families."""
    return _vocabulary_page(debate)


@bp.post("/moderation/<slug>/tags")
@requires_debate_role(*MODERATORS)
def create_tag(debate: Debate):
    """Add a tag to the vocabulary."""
    form = VocabularyForm()
    done, status = submit(
        form,
        lambda: tags.create_tag(
            debate, current_user, TagFamily(form.family.data), form.name.data, form.description.data
        ),
        _("Tag added to the vocabulary."),
        url_for("moderation.vocabulary", slug=debate.slug),
    )
    return done or _vocabulary_page(debate, status, form)


@bp.post("/moderation/<slug>/tags/defaults")
@requires_debate_role(*MODERATORS)
def default_tags(debate: Debate):
    """Add the usual tags the vocabulary lacks."""
    if ActionForm().validate_on_submit():
        added = tags.add_default_vocabulary(debate, current_user)
        flash(_("%(n)d tag(s) added.", n=added), "success")
    return redirect(url_for("moderation.vocabulary", slug=debate.slug))


def _change_vocabulary(debate: Debate, change: Callable[[], object], done: str):
    """Rename or remove a tag; the vocabulary page says why when it is refused."""
    try:
        change()
    except PalabreError as error:
        flash(error.message, "error")
        return _vocabulary_page(debate, status_of(error))
    flash(done, "success")
    return redirect(url_for("moderation.vocabulary", slug=debate.slug))


@bp.post("/moderation/<slug>/tags/<int:tag_id>")
@requires_debate_role(*MODERATORS)
def rename_tag(debate: Debate, tag_id: int):
    """Rename a tag or change its description."""
    tag = tag_of(debate, tag_id)
    form = TagEditForm()
    if not form.validate_on_submit():
        flash(_("A tag needs a name."), "error")
        return _vocabulary_page(debate, 422)
    return _change_vocabulary(
        debate,
        lambda: tags.rename_tag(debate, current_user, tag, form.name.data, form.description.data),
        _("Tag saved."),
    )


@bp.post("/moderation/<slug>/tags/<int:tag_id>/delete")
@requires_debate_role(*MODERATORS)
def delete_tag(debate: Debate, tag_id: int):
    """Remove an unused tag from the vocabulary."""
    tag = tag_of(debate, tag_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("moderation.vocabulary", slug=debate.slug))
    return _change_vocabulary(
        debate,
        lambda: tags.delete_tag(debate, current_user, tag),
        _("Tag removed from the vocabulary."),
    )


# --- Journal, charter ----------------------------------------------------------------


@bp.get("/moderation/<slug>/journal")
@requires_debate_role(*STAFF)
def staff_journal(debate: Debate):
    """Every staff action on this debate, newest first, with filters."""
    args = request.args

    def _int(name):
        return parse_id(args.get(name))

    def _day(name):
        try:
            return date.fromisoformat(args.get(name, ""))
        except ValueError:
            return None

    filters = journal.JournalFilter(
        action=JournalAction(args["action"]) if args.get("action") in set(JournalAction) else None,
        actor_id=_int("actor"),
        contribution_id=_int("contribution"),
        since=_day("since"),
        until=_day("until"),
    )
    rows, next_before = journal.staff_journal(debate, filters, before=_int("before"))
    return render_template(
        "moderation/journal.html",
        debate=debate,
        rows=rows,
        filters=filters,
        next_before=next_before,
        actors=journal.journal_actors(debate),
        users=journal.target_users(rows),
    )


@bp.route("/moderation/<slug>/charter", methods=["GET", "POST"])
@requires_debate_role(*MODERATORS)
def edit_charter(debate: Debate):
    """Edit the debate's moderation charter."""
    form = CharterForm()
    if request.method == "GET":
        form.charter.data = debate.charter_source
    done, status = submit(
        form,
        lambda: charter.update_charter(debate, current_user, form.charter.data),
        _("The charter is saved."),
        url_for("forum.charter", slug=debate.slug),
    )
    return done or (
        render_template(
            "moderation/charter.html", debate=debate, form=form, articles=charter.articles(debate)
        ),
        status,
    )
