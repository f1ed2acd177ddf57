"""Translated labels of the answer circuit's codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from questions.models import AnswerEventKind, AnswerState

# Where an answer stands in the circuit owner → committee → public (questions.circuit).
CIRCUIT = {
    AnswerState.SENT: _l("with the project owner"),
    AnswerState.DRAFT: _l("draft in progress"),
    AnswerState.SUBMITTED: _l("awaiting the committee's validation"),
    AnswerState.RETURNED: _l("sent back by the committee"),
    AnswerState.PUBLISHED: _l("answer published"),
}

ANSWER_EVENT = {
    AnswerEventKind.SUBMITTED: _l("submitted to the committee"),
    AnswerEventKind.RETURNED: _l("sent back by the committee"),
    AnswerEventKind.PUBLISHED: _l("validated and published"),
    AnswerEventKind.MARKED_INCOMPLETE: _l("judged incomplete by the person who asked"),
}
