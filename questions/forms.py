"""Forms of the question circuit: the owner's answer, the committee's review, and the
asker's "this answer leaves something out". Field validators check shape; services check
the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.forms import MARKDOWN_HINT


class AnswerForm(FlaskForm):
    """The project owner's answer: saved as a draft, then submitted to the committee."""

    body = TextAreaField(
        _l("The answer"), validators=[DataRequired()], description=MARKDOWN_HINT,
        render_kw={"rows": 12},
    )
    change_note = StringField(
        _l("What changed (for a revision)"),
        validators=[Optional(), Length(max=300)],
        description=_l("Shown with the answer's history, e.g. “Figures of the 2026 study added”."),
    )
    annex = FileField(
        _l("Attach a document (optional)"),
        description=_l("A PDF file or an image. It is published with the answer."),
    )
    annex_title = StringField(_l("Title of the attached document"), validators=[Length(max=200)])
    remove_annex = BooleanField(_l("Remove the attached document"))
    save = SubmitField(_l("Save the draft"))
    send = SubmitField(_l("Submit to the committee"))


class ReviewForm(FlaskForm):
    """The committee's decision on a submitted answer."""

    comment = TextAreaField(
        _l("Comment for the project owner"),
        validators=[Optional()],
        description=_l("Required to send the answer back: say what to change."),
        render_kw={"rows": 5},
    )
    publish = SubmitField(_l("Validate and publish"))
    send_back = SubmitField(_l("Send back to the project owner"))


class IncompleteForm(FlaskForm):
    reason = TextAreaField(
        _l("What does the answer leave out?"),
        validators=[DataRequired(message=_l("Say what the answer leaves out."))],
        render_kw={"rows": 6},
    )
