"""Forms of the public side. Field validators check shape; services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from forum.accounts import PASSWORD_MIN, PSEUDONYM_MAX, PSEUDONYM_MIN
from forum.contributions import PARTICIPANT_KINDS
from forum.labels import KIND, RELATION
from forum.models import Relation

LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: usable without JavaScript and by a screen reader."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RegisterForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        description=_l("Never shown to anyone. Used to log in and to reach you."),
    )
    pseudonym = StringField(
        _l("Pseudonym"),
        validators=[DataRequired(), Length(min=PSEUDONYM_MIN, max=PSEUDONYM_MAX)],
        description=_l("The name shown with your contributions."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=256)],
        description=_l("At least %(n)d characters.", n=PASSWORD_MIN),
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    accept_charter = BooleanField(
        _l("I have read the charter of the debates and I accept it."),
        validators=[DataRequired(message=_l("You must accept the charter to take part."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Stay logged in on this device"))


class AccountForm(FlaskForm):
    pseudonym = StringField(
        _l("Pseudonym"),
        validators=[DataRequired(), Length(min=PSEUDONYM_MIN, max=PSEUDONYM_MAX)],
    )
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class ContributionForm(FlaskForm):
    kind = RadioField(
        _l("Kind of contribution"),
        choices=[SelectChoice(kind.value, KIND[kind]) for kind in PARTICIPANT_KINDS],
        default="opinion",
        validators=[DataRequired(message=_l("Choose what kind of contribution this is."))],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(
        _l("Your contribution"),
        validators=[DataRequired()],
        description=_l(
            "Paragraphs, *emphasis*, **strong**, lists, > quotes and [links](https://…)."
        ),
        render_kw={"rows": 10},
    )
    themes = MultiCheckboxField(
        _l("Themes"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one theme."))],
        description=_l("Choose one or more themes your contribution is about."),
    )


class ReplyForm(FlaskForm):
    relation = RadioField(
        _l("Your reply"),
        choices=[SelectChoice(relation.value, RELATION[relation]) for relation in Relation],
        validators=[DataRequired(message=_l("Say how your reply relates to this contribution."))],
    )
    kind = RadioField(
        _l("Kind of contribution"),
        choices=[SelectChoice(kind.value, KIND[kind]) for kind in PARTICIPANT_KINDS],
        default="opinion",
        validators=[DataRequired()],
    )
    title = StringField(_l("Title (optional)"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(
        _l("Your text"),
        validators=[DataRequired()],
        description=_l(
            "Paragraphs, *emphasis*, **strong**, lists, > quotes and [links](https://…)."
        ),
        render_kw={"rows": 8},
    )
