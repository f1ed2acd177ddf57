"""The organiser's console: administrators list and create debates; a debate's committee
(and administrators) edit its texts, dates, settings and theme index.

Views stay thin: rights at the boundary (``admin_required``, ``requires_debate_role``),
one service per POST (``moderation.console``, ``moderation.console_themes``), a refusal
shown by its field with everything the person typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.errors import NotFound
from forum.models import Debate, ModerationMode, Phase, Theme, User
from forum.web import COMMITTEE, admin_required, requires_debate_role
from moderation import console, console_themes, lifecycle
from moderation.console_forms import DebateSettingsForm, NewDebateForm, ThemeForm, ThemeMoveForm
from moderation.forms import ActionForm
from moderation.web import submit

bp = Blueprint("console", __name__)

# --- Administrators: every debate, and a new one ------------------------------------------


@bp.get("/admin/debates")
@admin_required
def debates_list():
    """Every debate with its phase, each with a link to its console."""
    return render_template("moderation/console/debates.html", debates=console.debates_for_admin())


@bp.route("/admin/debates/new", methods=["GET", "POST"])
@admin_required
def new_debate():
    """Create a debate in preparation and name its committee."""
    form = NewDebateForm()
    done, status = submit(
        form,
        lambda: console.create_draft_debate(
            current_user, form.slug.data.strip(), form.title.data, form.committee.data
        ),
        _("The debate is created, in preparation. Its committee can now prepare it."),
        lambda debate: url_for("moderation.console.home", slug=debate.slug),
    )
    return done or (render_template("moderation/console/new.html", form=form), status)


# --- The committee's console -------------------------------------------------------------


@bp.get("/manage/<slug>/")
@requires_debate_role(*COMMITTEE)
def home(debate: Debate):
    """The console of one debate: its phase and what the committee can change."""
    return render_template(
        "moderation/console/home.html",
        debate=debate,
        past_closing=lifecycle.is_past_closing(debate),
    )


@bp.route("/manage/<slug>/settings", methods=["GET", "POST"])
@requires_debate_role(*COMMITTEE)
def settings(debate: Debate):
    """The debate's texts, dates and settings."""
    current = asdict(console.settings_of(debate))
    current["moderation_mode"] = debate.moderation_mode.value
    form = DebateSettingsForm(data=current)
    done, status = submit(
        form,
        lambda: console.update_settings(debate, current_user, _settings_from(form)),
        lambda changed: _("Saved.") if changed else _("Nothing was changed."),
        lambda _changed: url_for("moderation.console.settings", slug=debate.slug),
    )
    return done or (
        render_template(
            "moderation/console/settings.html",
            debate=debate,
            form=form,
            slug_editable=debate.phase == Phase.DRAFT,
        ),
        status,
    )


def _settings_from(form: DebateSettingsForm) -> console.DebateSettings:
    return console.DebateSettings(
        slug=(form.slug.data or "").strip(),
        title=form.title.data or "",
        summary=form.summary.data or "",
        easy_summary=form.easy_summary.data or "",
        owner_name=form.owner_name.data or "",
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        moderation_mode=ModerationMode(form.moderation_mode.data),
        answer_deadline_days=form.answer_deadline_days.data,
        contact_email=form.contact_email.data or "",
    )


# --- Themes -------------------------------------------------------------------------------


def _theme(debate: Debate, theme_id: int) -> Theme:
    try:
        return console_themes.get_theme(debate, theme_id)
    except NotFound:
        abort(404)


def _edit_form(theme: Theme, formdata: bool = False) -> ThemeForm:
    prefix = f"theme-{theme.id}"
    if formdata:
        return ThemeForm(prefix=prefix)
    return ThemeForm(
        formdata=None, prefix=prefix, data={"name": theme.name, "description": theme.description}
    )


def _themes_page(
    debate: Debate,
    status: int = 200,
    add_form: ThemeForm | None = None,
    failed: tuple[int, ThemeForm] | None = None,
):
    edit_forms = {theme.id: _edit_form(theme) for theme in debate.themes}
    if failed is not None:
        edit_forms[failed[0]] = failed[1]
    return (
        render_template(
            "moderation/console/themes.html",
            debate=debate,
            themes=sorted(debate.themes, key=lambda t: (t.position, t.id)),
            add_form=add_form or ThemeForm(formdata=None, prefix="new"),
            edit_forms=edit_forms,
            move_form=ThemeMoveForm(formdata=None),
            action_form=ActionForm(formdata=None),
        ),
        status,
    )


def _to_themes(debate: Debate) -> str:
    return url_for("moderation.console.themes", slug=debate.slug)


@bp.route("/manage/<slug>/themes", methods=["GET", "POST"])
@requires_debate_role(*COMMITTEE)
def themes(debate: Debate):
    """The theme index, each theme with its forms, and a form to add one."""
    form = ThemeForm(prefix="new")
    done, status = submit(
        form,
        lambda: console_themes.add_theme(
            debate, current_user, form.name.data, form.description.data or ""
        ),
        lambda theme: _("Theme “%(name)s” added.", name=theme.name),
        _to_themes(debate),
    )
    return done or _themes_page(debate, status, add_form=form)


@bp.post("/manage/<slug>/themes/<int:theme_id>")
@requires_debate_role(*COMMITTEE)
def edit_theme(debate: Debate, theme_id: int):
    """Rename or describe a theme."""
    theme = _theme(debate, theme_id)
    form = _edit_form(theme, formdata=True)
    done, status = submit(
        form,
        lambda: console_themes.edit_theme(
            debate, current_user, theme, form.name.data, form.description.data or ""
        ),
        _("Theme saved."),
        _to_themes(debate),
    )
    return done or _themes_page(debate, status, failed=(theme.id, form))


@bp.post("/manage/<slug>/themes/<int:theme_id>/move")
@requires_debate_role(*COMMITTEE)
def move_theme(debate: Debate, theme_id: int):
    """Move a theme one place up or down the index."""
    theme = _theme(debate, theme_id)
    form = ThemeMoveForm()
    done, status = submit(
        form,
        lambda: console_themes.move_theme(debate, current_user, theme, form.direction.data == "up"),
        _("The order of the themes is saved."),
        _to_themes(debate),
    )
    return done or _themes_page(debate, status)


@bp.post("/manage/<slug>/themes/<int:theme_id>/retire")
@requires_debate_role(*COMMITTEE)
def retire_theme(debate: Debate, theme_id: int):
    """Retire a theme: it takes no new contribution, and keeps those it has."""
    return _theme_switch(
        debate,
        theme_id,
        console_themes.retire_theme,
        _("Theme “%(name)s” retired: it takes no new contribution."),
    )


@bp.post("/manage/<slug>/themes/<int:theme_id>/restore")
@requires_debate_role(*COMMITTEE)
def restore_theme(debate: Debate, theme_id: int):
    """Bring a retired theme back: it takes new contributions again."""
    return _theme_switch(
        debate, theme_id, console_themes.restore_theme, _("Theme “%(name)s” brought back.")
    )


def _theme_switch(
    debate: Debate, theme_id: int, service: Callable[[Debate, User, Theme], None], message: str
):
    """Retire or bring back: a button, one service, back to the themes."""
    theme = _theme(debate, theme_id)
    done, status = submit(
        ActionForm(),
        lambda: service(debate, current_user, theme),
        message % {"name": theme.name},
        _to_themes(debate),
    )
    return done or _themes_page(debate, status)
