"""The search page (reachable from every page's header) and a debate's theme index."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum import debates as debate_service
from forum import labels
from forum.errors import NotFound
from forum.ids import parse_id
from forum.models import Channel, Debate, Kind, Role, Status
from forum.permissions import has_role
from forum.search import TAG_VOCABULARIES, service
from forum.search.backend import Filters, Order
from forum.search.forms import SearchForm
from forum.search.themes import theme_index
from forum.security import rate_limit

bp = Blueprint("search", __name__)

STATUS_LABELS = {
    Status.PUBLISHED: _l("Published"),
    Status.PENDING: _l("Awaiting moderation"),
    Status.MASKED: _l("Masked"),
}


def _choices(form: SearchForm, visible, selected, staff: bool, visibility) -> None:
    everything = SelectChoice("", _("All"))
    form.debate.choices = [SelectChoice("", _("All debates"))] + [
        SelectChoice(d.slug, d.title) for d in visible
    ]
    if selected is not None:
        themes = selected.themes
        form.theme.choices = [everything] + [SelectChoice(str(t.id), t.name) for t in themes]
    else:
        form.theme.choices = [everything] + [
            SelectChoice(str(t.id), t.name, optgroup=d.title) for d in visible for t in d.themes
        ]
    form.kind.choices = [everything] + [SelectChoice(k.value, labels.KIND[k]) for k in Kind]
    form.channel.choices = [everything] + [
        SelectChoice(c.value, labels.CHANNEL[c]) for c in Channel
    ]
    if staff:
        form.status.choices = [everything] + [
            SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()
        ]
        debate_ids = (
            [selected.id]
            if selected is not None
            else sorted(
                d.id
                for d in visible
                if visibility.everything or d.id in visibility.staff_debate_ids
            )
        )
        tags = [pair for vocabulary in TAG_VOCABULARIES for pair in vocabulary(debate_ids)]
        form.tag.choices = [everything] + [SelectChoice(str(t), name) for t, name in tags]


@dataclass
class _Asked:
    """A search as the request asks it, with the form's choices for this viewer."""

    form: SearchForm
    selected: Debate | None
    staff: bool
    found: service.Found | None  # what the index found; None when nothing is searched


def _asked() -> _Asked:
    form = SearchForm(formdata=request.args)
    visible = [d for _phase, group in debate_service.debates_by_phase(current_user) for d in group]
    by_slug = {d.slug: d for d in visible}
    selected = by_slug.get(form.debate.data or "")
    visibility = service.visibility_for(current_user)
    staff = service.is_staff_somewhere(visibility)
    _choices(form, visible, selected, staff, visibility)
    if not ((form.q.data or "").strip() and form.validate()):
        return _Asked(form, selected, staff, None)
    theme_id = parse_id(form.theme.data)
    if selected is not None and theme_id not in {t.id for t in selected.themes}:
        theme_id = None
    order = Order(form.order.data) if form.order.data in set(Order) else Order.RELEVANCE
    filters = Filters(
        debate_id=selected.id if selected is not None else None,
        theme_id=theme_id,
        kind=form.kind.data if form.kind.data in set(Kind) else None,
        channel=form.channel.data if form.channel.data in set(Channel) else None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        status=form.status.data if staff and form.status.data in set(Status) else None,
        # Only the tags offered: those of the debates the viewer works on.
        tag_id=parse_id(form.tag.data)
        if staff and form.tag.data in {str(choice.value) for choice in form.tag.choices}
        else None,
    )
    page = parse_id(request.args.get("page")) or 1
    found = service.find(form.q.data, filters, current_user, order=order, page=page)
    return _Asked(form, selected, staff, found)


@bp.get("/search")
@rate_limit("PALABRE_LIMIT_SEARCH")
def search():
    """Search every contribution one may read, with filters, by relevance or by date."""
    asked = _asked()
    results = service.results(asked.found, current_user) if asked.found is not None else None
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "search/search.html",
        form=asked.form,
        results=results,
        staff=asked.staff,
        args=args,
        selected_debate=asked.selected,
        status_labels=STATUS_LABELS,
    )


@bp.get("/debates/<slug>/themes")
def theme_index_page(slug: str):
    """A debate's theme index: each theme, what it covers, and its latest contributions."""
    try:
        debate = debate_service.get_debate(slug, current_user)
    except NotFound:
        abort(404)
    index = theme_index(debate, current_user)
    # Filing is the moderators' (the moderation package's page, when it is installed).
    can_file = has_role(current_user, debate, Role.MODERATOR) and (
        "moderation.contribution_page" in current_app.view_functions
    )
    return render_template("search/theme_index.html", debate=debate, index=index, can_file=can_file)
