"""The search form: a GET form, so that a search is a link one can keep or share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from forum.search.backend import Order
from forum.search.query import MAX_QUERY_CHARS

ORDER_LABELS = {
    Order.RELEVANCE: _l("Closest to the words searched"),
    Order.NEWEST: _l("Newest first"),
    Order.OLDEST: _l("Oldest first"),
}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(
        _l("Words to look for"),
        validators=[Optional(), Length(max=MAX_QUERY_CHARS)],
        description=_l(
            'Every word is looked for. "Quotes" for a phrase, vél* for '
            "words starting with vél, OR between alternatives, -word to "
            "leave a word out."
        ),
    )
    debate = SelectField(_l("Debate"), choices=[], validate_choice=False)
    theme = SelectField(_l("Theme"), choices=[], validate_choice=False)
    kind = SelectField(_l("Kind"), choices=[], validate_choice=False)
    channel = SelectField(_l("Where it was said"), choices=[], validate_choice=False)
    date_from = DateField(_l("From (date)"), validators=[Optional()])
    date_to = DateField(_l("To (date)"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    tag = SelectField(_l("Tag"), choices=[], validate_choice=False)
    order = SelectField(
        _l("Order"),
        choices=[SelectChoice(order.value, label) for order, label in ORDER_LABELS.items()],
        default=Order.RELEVANCE.value,
        validate_choice=False,
    )

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The end date comes before the start date."))
