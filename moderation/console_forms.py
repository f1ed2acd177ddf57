"""Forms of the organiser's console. Field validators check shape; the services in
``moderation.console`` and ``moderation.console_themes`` check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from forum.labels import MODERATION_MODE
from forum.models import ModerationMode

SLUG_HINT = _l(
    "The debate's address: lower-case letters, digits and hyphens (e.g. tram-line-2). "
    "It cannot change once the debate is open."
)


class NewDebateForm(FlaskForm):
    slug = StringField(
        _l("Address (slug)"), validators=[DataRequired(), Length(max=80)], description=SLUG_HINT
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    committee = TextAreaField(
        _l("Committee members"),
        validators=[DataRequired()],
        description=_l(
            "One existing account per line, by its e-mail address or its pseudonym. "
            "The project owner cannot be one of them."
        ),
        render_kw={"rows": 4},
    )


class DebateSettingsForm(FlaskForm):
    slug = StringField(
        _l("Address (slug)"), validators=[DataRequired(), Length(max=80)], description=SLUG_HINT
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(
        _l("Summary of the project"),
        validators=[Optional(), Length(max=50_000)],
        description=_l("Markdown, as in contributions: **bold**, lists, links."),
        render_kw={"rows": 10},
    )
    easy_summary = TextAreaField(
        _l("Easy-to-read summary (FALC)"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("Short sentences and everyday words, for everyone to understand."),
        render_kw={"rows": 6},
    )
    owner_name = StringField(
        _l("Name of the project owner"), validators=[Optional(), Length(max=200)]
    )
    opens_on = DateField(_l("Opening date"), validators=[Optional()])
    closes_on = DateField(_l("Closing date"), validators=[Optional()])
    moderation_mode = RadioField(
        _l("Moderation"),
        choices=[SelectChoice(m.value, MODERATION_MODE[m]) for m in ModerationMode],
        validators=[DataRequired()],
    )
    answer_deadline_days = IntegerField(
        _l("Answer deadline (days)"),
        validators=[
            InputRequired(),
            NumberRange(min=1, max=90, message=_l("Between %(min)s and %(max)s days.")),
        ],
        description=_l("How long the project owner has to answer a question (15 is usual)."),
    )
    contact_email = EmailField(
        _l("Contact address of the debate"),
        validators=[
            Optional(),
            Email(check_deliverability=False, message=_l("This is not an e-mail address.")),
            Length(max=254),
        ],
        description=_l("Shown on the debate's page, for the public to write to the committee."),
    )


class ThemeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = StringField(
        _l("Description (optional)"), validators=[Optional(), Length(max=500)]
    )


class ThemeMoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])
