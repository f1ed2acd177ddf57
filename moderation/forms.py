"""Forms of the moderation side. Field validators check shape; services check the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from forum.forms import IdField, IdMultipleField, IdSelectField, MultiCheckboxField
from forum.labels import CHANNEL, KIND
from forum.models import Kind, Role, Transcription
from moderation.filing import SWITCHABLE_KINDS
from moderation.labels import FLAG_REASON, OUTCOME, TAG_FAMILY, TRANSCRIPTION
from moderation.models import ContestOutcome, FlagReason, TagFamily
from moderation.offline import OFFLINE_CHANNELS

REASON_HINT = _l("Shown to the author and, for a masking, in the contribution's place.")


def _reason(required: bool = True, description=REASON_HINT) -> TextAreaField:
    return TextAreaField(
        _l("Reason"),
        validators=[DataRequired()] if required else [Optional()],
        description=description,
        render_kw={"rows": 3},
    )


class ActionForm(FlaskForm):
    """A button that needs nothing but its CSRF token."""


class ReasonForm(FlaskForm):
    reason = _reason()


class PublishForm(FlaskForm):
    reason = _reason(required=False, description=_l("Optional, for the journal."))


class MaskForm(FlaskForm):
    # The service checks the article against the charter (and says which field is wrong).
    article = SelectField(_l("Charter article applied"), choices=[], validate_choice=False)
    reason = _reason()


class RefileForm(FlaskForm):
    themes = MultiCheckboxField(
        _l("Themes"),
        validators=[DataRequired(message=_l("Choose at least one theme."))],
    )
    reason = _reason()


class KindForm(FlaskForm):
    kind = RadioField(
        _l("Kind of contribution"),
        choices=[SelectChoice(k.value, KIND[k]) for k in SWITCHABLE_KINDS],
        validators=[DataRequired()],
    )
    reason = _reason()


class DuplicateForm(FlaskForm):
    original = IdField(
        _l("Duplicate of contribution number"),
        validators=[Optional()],
        description=_l("Leave empty to say it is not a duplicate after all."),
    )
    reason = _reason()


class RedactForm(FlaskForm):
    article = SelectField(_l("Charter article applied"), choices=[], validate_choice=False)
    passages = TextAreaField(
        _l("Passages to redact"),
        validators=[DataRequired()],
        description=_l(
            "Copy each passage exactly as written, one per line (a phone number, a name). "
            "It is replaced by a visible mark and removed for good."
        ),
        render_kw={"rows": 3},
    )
    reason = _reason()


class NoteForm(FlaskForm):
    note = TextAreaField(
        _l("Note (optional)"), validators=[Optional(), Length(max=1000)], render_kw={"rows": 2}
    )


class TagForm(FlaskForm):
    tag = IdSelectField(_l("Tag"), choices=[], validators=[DataRequired()])
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Seen by staff only."),
        render_kw={"rows": 2},
    )


class VocabularyForm(FlaskForm):
    family = RadioField(
        _l("Family"),
        choices=[SelectChoice(f.value, TAG_FAMILY[f]) for f in TagFamily],
        default=TagFamily.ARGUMENT.value,
        validators=[DataRequired()],
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    description = StringField(_l("Description (optional)"), validators=[Length(max=500)])


class TagEditForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    description = StringField(_l("Description (optional)"), validators=[Length(max=500)])


class CharterForm(FlaskForm):
    charter = TextAreaField(
        _l("Charter"),
        validators=[DataRequired()],
        description=_l(
            "Markdown. Start each article on its own line with “Article N — Title”: masking "
            "decisions cite these articles."
        ),
        render_kw={"rows": 24},
    )


class OfflineForm(FlaskForm):
    channel = SelectField(
        _l("Channel"),
        choices=[SelectChoice(c.value, CHANNEL[c]) for c in OFFLINE_CHANNELS],
        validators=[DataRequired()],
    )
    occurred_on = DateField(
        _l("Date"),
        validators=[DataRequired(message=_l("Give the date it was made."))],
    )
    event = StringField(
        _l("Meeting, place or register"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: public meeting of 12 March, Halle aux Grains."),
    )
    kind = RadioField(
        _l("Kind of contribution"),
        choices=[SelectChoice(k.value, KIND[k]) for k in Kind],
        default=Kind.OPINION.value,
        validators=[DataRequired()],
    )
    themes = MultiCheckboxField(
        _l("Themes"),
        validators=[DataRequired(message=_l("Choose at least one theme."))],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("What was said"), validators=[DataRequired()], render_kw={"rows": 8})
    transcription = RadioField(
        _l("The text is"),
        choices=[SelectChoice(t.value, TRANSCRIPTION[t]) for t in Transcription],
        default=Transcription.VERBATIM.value,
        validators=[DataRequired()],
    )
    attribution = StringField(
        _l("Name of the person (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "Only if the person agreed to be named. Otherwise leave empty: the contribution "
            "is attributed to “a participant” of the meeting or register."
        ),
    )
    consent = BooleanField(_l("This person agreed to be named"))
    scan = FileField(
        _l("Scan or photo (optional)"),
        description=_l("JPEG, PNG, WebP or PDF. Hide any personal data before sending it."),
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        description=_l(
            "UTF-8, separated by commas or semicolons, with a header row: kind, channel, "
            "date, event, attribution, themes, title, body."
        ),
    )


class ImportConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


class FlagForm(FlaskForm):
    reason = RadioField(
        _l("What is wrong?"),
        choices=[SelectChoice(r.value, FLAG_REASON[r]) for r in FlagReason],
        validators=[DataRequired(message=_l("Choose a reason."))],
    )
    note = TextAreaField(
        _l("Details (optional)"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Only the moderators read this."),
        render_kw={"rows": 3},
    )


class ContestForm(FlaskForm):
    text = TextAreaField(
        _l("Why do you contest this decision?"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("The debate's committee reads it, not the moderator who decided."),
        render_kw={"rows": 6},
    )


class ContestAnswerForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice(o.value, OUTCOME[o]) for o in ContestOutcome if o != ContestOutcome.PENDING
        ],
        validators=[DataRequired()],
    )
    answer = TextAreaField(
        _l("Answer to the author"),
        validators=[DataRequired(), Length(max=5000)],
        render_kw={"rows": 5},
    )


class SuspendForm(FlaskForm):
    reason = _reason(description=_l("Shown to the person."))
    until = DateField(
        _l("Until (optional)"),
        validators=[Optional()],
        description=_l("Included. Leave empty to suspend until a moderator lifts it."),
    )


class AccountSuspendForm(FlaskForm):
    """An administrator's suspension of a whole account."""

    reason = _reason(description=_l("Sent to the person by e-mail."))
    until = DateField(
        _l("Until (optional)"),
        validators=[Optional()],
        description=_l("Included. Leave empty to suspend until an administrator lifts it."),
    )


class TeamForm(FlaskForm):
    account = StringField(
        _l("E-mail address or pseudonym of the account"),
        validators=[DataRequired(), Length(max=254)],
    )
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.MODERATOR.value, _l("Moderator")),
            SelectChoice(Role.COMMITTEE.value, _l("Debate committee")),
            SelectChoice(Role.OWNER.value, _l("Project owner")),
        ],
    )


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    need = SelectField(_l("Show"), choices=[])
    theme = SelectField(_l("Theme"), choices=[])
    kind = SelectField(_l("Kind"), choices=[])
    channel = SelectField(_l("Channel"), choices=[])
    status = SelectField(_l("Status"), choices=[])
    tag = SelectField(_l("Tag"), choices=[])


class BulkForm(FlaskForm):
    selected = IdMultipleField(validate_choice=False)
    # The service checks the article against the charter (and says which field is wrong).
    article = SelectField(_l("Charter article applied"), choices=[], validate_choice=False)
    reason = TextAreaField(
        _l("Reason for masking"),
        description=REASON_HINT,
        render_kw={"rows": 2},
    )
    # Its own id: the queue's filter form, on the same page, has a "tag" menu too.
    tag = IdSelectField(_l("Tag"), id="bulk-tag", choices=[], validate_choice=False)


class PhaseForm(FlaskForm):
    """The confirmation of a change of phase, after reading what it will do."""

    confirm = BooleanField(
        _l("I have read what will happen, and I confirm"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
