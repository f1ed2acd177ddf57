"""Forms of the committee's side. Field validators check shape; services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from forum.forms import IdField, IdSelectField

CITATION_HINT = _l(
    "Markdown: paragraphs, *emphasis*, **strong**, lists, > quotes and [links](https://…). "
    "[[cite:123]] quotes contribution 123, [[cite:123|exact words]] quotes a passage of it, "
    "[[statistics]] inserts the figures of the statistics page."
)


class ActionForm(FlaskForm):
    """A button that does one thing (compute, publish…): only the CSRF token."""


class PublishForm(FlaskForm):
    """Publishing the report: the box is needed when the confirmation page lists warnings
    (checked by ``synthesis.publication.publish``)."""

    confirm = BooleanField(_l("I have read these warnings and I publish"))


class DecisionForm(FlaskForm):
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Why you confirm or dismiss it; kept in the journal."),
        render_kw={"rows": 2},
    )
    confirm = SubmitField(_l("Confirm as a weak signal"))
    dismiss = SubmitField(_l("Dismiss"))


class SectionForm(FlaskForm):
    title = StringField(_l("Title of the section"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), description=CITATION_HINT, render_kw={"rows": 18})
    note = StringField(
        _l("What changed (optional)"),
        validators=[Optional(), Length(max=300)],
        description=_l("Kept in the section's history."),
    )


class NewSectionForm(FlaskForm):
    title = StringField(
        _l("Title of the new section"), validators=[DataRequired(), Length(max=200)]
    )


class CiteForm(FlaskForm):
    contribution_id = IdField(validators=[InputRequired()])
    section = IdSelectField(_l("Section"), validators=[InputRequired()])
    quote = StringField(
        _l("Words quoted (optional)"),
        description=_l("Copy a few words of the contribution; otherwise its first words."),
        validators=[Optional(), Length(max=300)],
    )


class SetAsideForm(FlaskForm):
    contribution_id = IdField(validators=[InputRequired()])
    reason = TextAreaField(
        _l("Why the report does not cite it"),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"rows": 2},
    )


class MoveForm(FlaskForm):
    theme_id = IdField(validators=[InputRequired()])
    key = IdField(validators=[InputRequired()], minimum=0)  # 0: not yet typed
    anchor_id = IdField(validators=[InputRequired()])
    direction = HiddenField(validators=[DataRequired()])


class SectionMoveForm(FlaskForm):
    direction = HiddenField(validators=[DataRequired()])


class OwnerDecisionForm(FlaskForm):
    document = IdSelectField(
        _l("The document that publishes your decision"),
        validators=[InputRequired()],
        description=_l("Publish it first among the debate's documents, then choose it here."),
    )
    decided_on = DateField(_l("Date of the decision"), validators=[Optional()])
