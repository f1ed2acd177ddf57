"""Forms of the public side. Field validators check shape; services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from forum.accounts import PASSWORD_MIN, PSEUDONYM_MAX, PSEUDONYM_MIN
from forum.contributions import PARTICIPANT_KINDS
from forum.ids import database_id, optional_database_id, parse_id
from forum.labels import AGE_BAND, GENDER, KIND, RELATION
from forum.models import Relation

LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]


NOT_AN_ID = _l("This is not one of the numbers offered here.")


class IdField(IntegerField):
    """The id of a database row, typed or carried by a hidden field: a whole number of
    ASCII digits within the id column's range, or a form error (never an overflow)."""

    def __init__(self, *args, minimum: int = 1, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", NOT_AN_ID)
        super().__init__(*args, **kwargs)
        self.minimum = minimum

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist:
            return
        self.data = parse_id(valuelist[0], minimum=self.minimum)
        if self.data is None and valuelist[0] not in ("", None):
            raise ValueError(self.invalid_value_message)


class IdSelectField(SelectField):
    """A choice among database rows by id; an empty choice ("— choose —") is None."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("coerce", optional_database_id)
        kwargs.setdefault("invalid_value_message", NOT_AN_ID)
        super().__init__(*args, **kwargs)


class IdMultipleField(SelectMultipleField):
    """Several database rows chosen by id."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("coerce", database_id)
        kwargs.setdefault("invalid_value_message", NOT_AN_ID)
        super().__init__(*args, **kwargs)


class MultiCheckboxField(IdMultipleField):
    """A list of checkboxes, one per row offered (by id): usable without JavaScript and by
    a screen reader."""

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
    # Optional, for the statistics of audience and diversity of the debates (aggregated,
    # groups under five hidden): never shown with a person or a contribution.
    age_band = SelectField(
        _l("Age band (optional)"),
        choices=[SelectChoice("", _l("I prefer not to say"))]
        + [SelectChoice(code, label) for code, label in AGE_BAND.items()],
        validate_choice=False,
        description=_l(
            "Only to count, on each debate's statistics page, how many people of each age "
            "took part. Never shown with your name or your contributions."
        ),
    )
    gender = SelectField(
        _l("Gender (optional)"),
        choices=[SelectChoice("", _l("I prefer not to say"))]
        + [SelectChoice(code, label) for code, label in GENDER.items()],
        validate_choice=False,
        description=_l("Only to check that women and men are heard alike. Never shown with you."),
    )
    area = StringField(
        _l("Where you live (optional)"),
        validators=[Optional(), Length(max=80)],
        description=_l(
            "A town or a neighbourhood, to see which areas the debate reached. Areas with "
            "fewer than five people are not shown."
        ),
    )


class PhotoEntryForm(Form):
    """One photo of a contribution and the text that stands for it."""

    file = FileField(_l("Photo"), render_kw={"accept": "image/jpeg,image/png,image/webp"})
    alt_text = StringField(
        _l("What the photo shows"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "Required with a photo: a sentence for people who cannot see it "
            "(read aloud by screen readers)."
        ),
    )


def number_photo_entries(form: FlaskForm, count: int) -> None:
    """Give a form ``count`` photo entries (kept as sent after a POST), labelled 1, 2, 3…"""
    while len(form.photos) < count:
        form.photos.append_entry()
    for number, entry in enumerate(form.photos, start=1):
        entry.file.label.text = _l("Photo %(n)d", n=number)
        entry.alt_text.label.text = _l("What photo %(n)d shows", n=number)


def _photo_list():
    return FieldList(FormField(PhotoEntryForm), label=_l("Photos (optional)"))


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
        validators=[DataRequired(message=_l("Choose at least one theme."))],
        description=_l("Choose one or more themes your contribution is about."),
    )
    photos = _photo_list()


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
    # Checked by the service (forum.contributions.check_source_url), which says why.
    source_url = URLField(
        _l("Address of the source (optional)"),
        description=_l(
            "If your reply provides a source: the address of the page or document, "
            "starting with https://."
        ),
        render_kw={"autocomplete": "url", "inputmode": "url"},
    )
    photos = _photo_list()


# --- Questions, answers, documents and notifications ---------------------------------

MARKDOWN_HINT = _l("Paragraphs, *emphasis*, **strong**, lists, > quotes and [links](https://…).")


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Kind of document"))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), description=MARKDOWN_HINT, render_kw={"rows": 8})
    published_on = DateField(_l("Publication date"), validators=[Optional()])
    meeting_on = DateField(
        _l("Date of the meeting"),
        validators=[Optional()],
        description=_l("For meeting minutes."),
    )
    meeting_place = StringField(
        _l("Place of the meeting"),
        validators=[Optional(), Length(max=200)],
        description=_l("For meeting minutes."),
    )
    file = FileField(_l("File"), description=_l("A PDF file or an image."))
    meeting_contributions = MultiCheckboxField(
        _l("Contributions entered for this meeting"),
        validators=[Optional()],
        description=_l("For meeting minutes: what was said there and transcribed in the debate."),
    )


class ReplaceFileForm(FlaskForm):
    """A new version of a document's file, and what changed."""

    file = FileField(_l("New file"), description=_l("A PDF file or an image."))
    note = StringField(
        _l("What changed (optional)"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: figures updated, a map added. 300 characters at most."),
    )


class PreferencesForm(FlaskForm):
    """What a person wants to be told, and how; one pair of boxes per kind is added by
    ``preferences_form``."""


def preferences_form(kinds, labels):
    """A preferences form class with "on the site" and "by e-mail" boxes for each kind."""

    class Form(PreferencesForm):
        pass

    for kind in kinds:
        setattr(Form, f"site_{kind}", BooleanField(_l("On my notifications page")))
        setattr(Form, f"mail_{kind}", BooleanField(_l("By e-mail")))
    Form.labels = labels
    return Form


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=PASSWORD_MIN, max=256)],
        description=_l("At least %(n)d characters.", n=PASSWORD_MIN),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class EraseAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=256)],
        description=_l("To be sure it is you."),
    )
    understood = BooleanField(
        _l(
            "I understand: my identity is erased for good; what I wrote stays in the public "
            'record of the debate under "deleted participant".'
        ),
        validators=[DataRequired(message=_l("Tick this box to confirm."))],
    )
