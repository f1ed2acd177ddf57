"""Moderation pages: the queue, a contribution's moderation page, the tag vocabulary,
offline entry and import, the journal, the charter, suspensions, contests and the team —
and the participant-facing parts: flagging, contesting, the public moderation journal.

Views stay thin: rights are checked at the boundary by ``requires_debate_role``, each POST
calls one service, a service's refusal becomes a message next to its field.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from forum.errors import InvalidInput, NotFound, PalabreError
from forum.extensions import db
from forum.labels import CHANNEL, KIND
from forum.models import (
    Channel,
    Contribution,
    Debate,
    Kind,
    Role,
    Status,
    User,
)
from forum.permissions import has_role
from forum.views import attach_error, safe_next
from moderation import (
    charter,
    cli,
    contests,
    filing,
    flags,
    journal,
    masking,
    redaction,
    tags,
)
from moderation.decorators import MODERATORS, STAFF, requires_debate_role
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
from moderation.queue import NEEDS, QueueFilter, queue, queue_sizes
from moderation.template_helpers import install as install_template_helpers
from moderation.web import article_choices, contribution_of, status_of, tag_choices

bp = Blueprint("moderation", __name__, cli_group=None)
cli.register(bp.cli)
# Nested blueprints, one per subject: endpoints "moderation.entry.…", "moderation.people.…",
# "moderation.public.…".
bp.register_blueprint(entry_bp)
bp.register_blueprint(people_bp)
bp.register_blueprint(public_bp)


@bp.record_once
def _install_template_helpers(state) -> None:
    install_template_helpers(state.app)


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
    theme = args.get("theme", "")
    tag = args.get("tag", "")
    filters = QueueFilter(
        need=args.get("need") if args.get("need") in NEEDS else "all_needs",
        theme_id=int(theme) if theme.isdigit() and int(theme) in theme_ids else None,
        kind=Kind(args["kind"]) if args.get("kind") in set(Kind) else None,
        channel=Channel(args["channel"]) if args.get("channel") in set(Channel) else None,
        status=Status(args["status"]) if args.get("status") in set(Status) else None,
        tag_id=int(tag) if tag.isdigit() and int(tag) in {t.id for t in vocabulary} else None,
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
    after = request.args.get("after", "")
    page = queue(debate, filters, after=int(after) if after.isdigit() else None)
    shown_tags = tags.tags_by_contribution([i.id for i in page.items], staff=True)
    return (
        render_template(
            "moderation/queue.html",
            debate=debate,
            filter_form=filter_form,
            filters=filters,
            page=page,
            sizes=queue_sizes(debate),
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
        return _rerender_queue(debate, form)
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
            tag_id = request.form.get("tag", "")
            if not tag_id.isdigit():
                raise _invalid(_("Choose a tag."), "tag")
            added = tags.attach_many(debate, current_user, ids, tags.get_tag(debate, int(tag_id)))
            flash(_("Tag added to %(n)d contribution(s).", n=added), "success")
            return redirect(back)
        else:
            raise _invalid(_("Choose an action."), None)
    except PalabreError as error:
        attach_error(form, error)
        return _rerender_queue(debate, form, status_of(error))
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


def _invalid(message: str, field: str | None) -> PalabreError:
    return InvalidInput(message, field=field)


def _rerender_queue(debate: Debate, form: BulkForm, status: int = 422):
    return _queue(debate, form, status)


# --- One contribution ----------------------------------------------------------------


def _detail_forms(debate: Debate, item: Contribution) -> dict[str, FlaskForm]:
    mask_form = MaskForm(formdata=None)
    mask_form.article.choices = article_choices(debate)
    refile_form = RefileForm(formdata=None)
    refile_form.themes.choices = [SelectChoice(t.id, t.name) for t in debate.themes]
    refile_form.themes.data = [t.id for t in item.themes]
    kind_form = KindForm(formdata=None)
    kind_form.kind.data = item.kind.value
    duplicate_form = DuplicateForm(formdata=None)
    duplicate_form.original.data = item.duplicate_of_id
    tag_form = TagForm(formdata=None)
    tag_form.tag.choices = tag_choices(debate)
    redact_form = RedactForm(formdata=None)
    redact_form.article.choices = article_choices(debate)
    return {
        "publish_form": PublishForm(formdata=None),
        "mask_form": mask_form,
        "restore_form": ReasonForm(formdata=None, prefix="restore"),
        "refile_form": refile_form,
        "kind_form": kind_form,
        "duplicate_form": duplicate_form,
        "lock_form": ReasonForm(formdata=None, prefix="lock"),
        "redact_form": redact_form,
        "dismiss_form": NoteForm(formdata=None, prefix="dismiss"),
        "tag_form": tag_form,
        "action_form": ActionForm(formdata=None),
    }


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


def _done(item: Contribution, message: str):
    flash(message, "success")
    return redirect(
        url_for("moderation.contribution_page", slug=item.debate.slug, contribution_id=item.id)
    )


@bp.get("/moderation/<slug>/contributions/<int:contribution_id>")
@requires_debate_role(*STAFF)
def contribution_page(debate: Debate, contribution_id: int):
    """Everything about one contribution for staff: text, reports, tags, history, actions."""
    return _detail(debate, contribution_of(debate, contribution_id))


def _run(debate, item, form_name, form, action, message):
    """Validate ``form``, call ``action``; on refusal show the page again with the error."""
    if form.validate_on_submit():
        try:
            action(form)
        except PalabreError as error:
            attach_error(form, error)
            return _detail(debate, item, status_of(error), **{form_name: form})
        return _done(item, message)
    return _detail(debate, item, 422, **{form_name: form})


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/publish")
@requires_debate_role(*MODERATORS)
def publish(debate: Debate, contribution_id: int):
    """Publish a contribution held for moderation."""
    item = contribution_of(debate, contribution_id)
    return _run(
        debate,
        item,
        "publish_form",
        PublishForm(),
        lambda f: masking.publish(item, current_user, f.reason.data or ""),
        _("The contribution is published."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/mask")
@requires_debate_role(*MODERATORS)
def mask(debate: Debate, contribution_id: int):
    """Mask a contribution, citing the charter."""
    item = contribution_of(debate, contribution_id)
    form = MaskForm()
    form.article.choices = article_choices(debate)
    return _run(
        debate,
        item,
        "mask_form",
        form,
        lambda f: masking.mask(item, current_user, f.reason.data, f.article.data or ""),
        _("The contribution is masked; its author is told why."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/restore")
@requires_debate_role(*MODERATORS)
def restore(debate: Debate, contribution_id: int):
    """Make a masked contribution visible again."""
    item = contribution_of(debate, contribution_id)
    return _run(
        debate,
        item,
        "restore_form",
        ReasonForm(prefix="restore"),
        lambda f: masking.restore(item, current_user, f.reason.data),
        _("The contribution is visible again."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/refile")
@requires_debate_role(*MODERATORS)
def refile(debate: Debate, contribution_id: int):
    """File a contribution under other themes."""
    item = contribution_of(debate, contribution_id)
    form = RefileForm()
    form.themes.choices = [SelectChoice(t.id, t.name) for t in debate.themes]
    return _run(
        debate,
        item,
        "refile_form",
        form,
        lambda f: filing.refile(item, current_user, f.themes.data, f.reason.data),
        _("The contribution is filed under its new themes."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/kind")
@requires_debate_role(*MODERATORS)
def change_kind(debate: Debate, contribution_id: int):
    """Say that an opinion is a question to the project owner, or the reverse."""
    item = contribution_of(debate, contribution_id)
    return _run(
        debate,
        item,
        "kind_form",
        KindForm(),
        lambda f: filing.change_kind(item, current_user, Kind(f.kind.data), f.reason.data),
        _("The kind of the contribution is changed."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/duplicate")
@requires_debate_role(*MODERATORS)
def duplicate(debate: Debate, contribution_id: int):
    """Mark a contribution as a duplicate of another (or not)."""
    item = contribution_of(debate, contribution_id)
    return _run(
        debate,
        item,
        "duplicate_form",
        DuplicateForm(),
        lambda f: filing.mark_duplicate(item, current_user, f.original.data, f.reason.data),
        _("Saved."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/lock")
@requires_debate_role(*MODERATORS)
def lock(debate: Debate, contribution_id: int):
    """Lock the thread: it takes no more replies."""
    item = contribution_of(debate, contribution_id)
    return _run(
        debate,
        item,
        "lock_form",
        ReasonForm(prefix="lock"),
        lambda f: filing.set_locked(item, current_user, True, f.reason.data),
        _("The thread is locked."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/unlock")
@requires_debate_role(*MODERATORS)
def unlock(debate: Debate, contribution_id: int):
    """Unlock the thread."""
    item = contribution_of(debate, contribution_id)
    return _run(
        debate,
        item,
        "lock_form",
        ReasonForm(prefix="lock"),
        lambda f: filing.set_locked(item, current_user, False, f.reason.data),
        _("The thread is unlocked."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/redact")
@requires_debate_role(*MODERATORS)
def redact(debate: Debate, contribution_id: int):
    """Remove personal data from a contribution, leaving a visible mark."""
    item = contribution_of(debate, contribution_id)
    form = RedactForm()
    form.article.choices = article_choices(debate)
    return _run(
        debate,
        item,
        "redact_form",
        form,
        lambda f: redaction.redact(
            item, current_user, f.passages.data.splitlines(), f.reason.data, f.article.data or ""
        ),
        _("The passages are redacted."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/dismiss-flags")
@requires_debate_role(*MODERATORS)
def dismiss_flags(debate: Debate, contribution_id: int):
    """Close the reports on a contribution that breaks no rule."""
    item = contribution_of(debate, contribution_id)
    return _run(
        debate,
        item,
        "dismiss_form",
        NoteForm(prefix="dismiss"),
        lambda f: flags.dismiss_flags(item, current_user, f.note.data or ""),
        _("The reports are closed."),
    )


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/tags")
@requires_debate_role(*STAFF)
def attach_tag(debate: Debate, contribution_id: int):
    """Tag a contribution (moderators and committee members)."""
    item = contribution_of(debate, contribution_id)
    form = TagForm()
    form.tag.choices = tag_choices(debate)

    def action(f):
        tags.attach(item, tags.get_tag(debate, f.tag.data), current_user, f.note.data or "")

    return _run(debate, item, "tag_form", form, action, _("Tag added."))


@bp.post("/moderation/<slug>/contributions/<int:contribution_id>/tags/<int:tag_id>/remove")
@requires_debate_role(*STAFF)
def detach_tag(debate: Debate, contribution_id: int, tag_id: int):
    """Remove a tag from a contribution."""
    item = contribution_of(debate, contribution_id)
    try:
        tag = tags.get_tag(debate, tag_id)
    except NotFound:
        abort(404)
    return _run(
        debate,
        item,
        "action_form",
        ActionForm(),
        lambda f: tags.detach(item, tag, current_user),
        _("Tag removed."),
    )


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
    if form.validate_on_submit():
        try:
            tags.create_tag(
                debate,
                current_user,
                TagFamily(form.family.data),
                form.name.data,
                form.description.data,
            )
        except PalabreError as error:
            attach_error(form, error)
            return _vocabulary_page(debate, status_of(error), form)
        flash(_("Tag added to the vocabulary."), "success")
        return redirect(url_for("moderation.vocabulary", slug=debate.slug))
    return _vocabulary_page(debate, 422, form)


@bp.post("/moderation/<slug>/tags/defaults")
@requires_debate_role(*MODERATORS)
def default_tags(debate: Debate):
    """Add the usual tags the vocabulary lacks."""
    if ActionForm().validate_on_submit():
        added = tags.add_default_vocabulary(debate, current_user)
        flash(_("%(n)d tag(s) added.", n=added), "success")
    return redirect(url_for("moderation.vocabulary", slug=debate.slug))


@bp.post("/moderation/<slug>/tags/<int:tag_id>")
@requires_debate_role(*MODERATORS)
def rename_tag(debate: Debate, tag_id: int):
    """Rename a tag or change its description."""
    try:
        tag = tags.get_tag(debate, tag_id)
    except NotFound:
        abort(404)
    form = TagEditForm()
    if form.validate_on_submit():
        try:
            tags.rename_tag(debate, current_user, tag, form.name.data, form.description.data)
        except PalabreError as error:
            flash(error.message, "error")
            return _vocabulary_page(debate, status_of(error))
        flash(_("Tag saved."), "success")
        return redirect(url_for("moderation.vocabulary", slug=debate.slug))
    flash(_("A tag needs a name."), "error")
    return _vocabulary_page(debate, 422)


@bp.post("/moderation/<slug>/tags/<int:tag_id>/delete")
@requires_debate_role(*MODERATORS)
def delete_tag(debate: Debate, tag_id: int):
    """Remove an unused tag from the vocabulary."""
    try:
        tag = tags.get_tag(debate, tag_id)
    except NotFound:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            tags.delete_tag(debate, current_user, tag)
        except PalabreError as error:
            flash(error.message, "error")
            return _vocabulary_page(debate, status_of(error))
        flash(_("Tag removed from the vocabulary."), "success")
    return redirect(url_for("moderation.vocabulary", slug=debate.slug))


# --- Journal, charter ----------------------------------------------------------------


@bp.get("/moderation/<slug>/journal")
@requires_debate_role(*STAFF)
def staff_journal(debate: Debate):
    """Every staff action on this debate, newest first, with filters."""
    args = request.args

    def _int(name):
        value = args.get(name, "")
        return int(value) if value.isdigit() else None

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
        users={
            u.id: u
            for u in db.session.scalars(
                db.select(User).where(
                    User.id.in_({r.target_user_id for r in rows if r.target_user_id})
                )
            )
        },
    )


@bp.route("/moderation/<slug>/charter", methods=["GET", "POST"])
@requires_debate_role(*MODERATORS)
def edit_charter(debate: Debate):
    """Edit the debate's moderation charter."""
    form = CharterForm()
    status = 200
    if request.method == "GET":
        form.charter.data = debate.charter_source
    elif form.validate_on_submit():
        try:
            charter.update_charter(debate, current_user, form.charter.data)
        except PalabreError as error:
            attach_error(form, error)
            status = status_of(error)
        else:
            flash(_("The charter is saved."), "success")
            return redirect(url_for("forum.charter", slug=debate.slug))
    else:
        status = 422
    return (
        render_template(
            "moderation/charter.html", debate=debate, form=form, articles=charter.articles(debate)
        ),
        status,
    )
