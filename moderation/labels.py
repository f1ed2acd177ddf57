"""Human labels for the moderation codes, translated at render time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.models import Transcription
from moderation.models import ContestOutcome, FlagReason, JournalAction, TagFamily

FLAG_REASON = {
    FlagReason.PERSONAL_ATTACK: _l("Insult or personal attack"),
    FlagReason.PERSONAL_DATA: _l("Someone's personal data"),
    FlagReason.OFF_TOPIC: _l("Off the subject of the debate"),
    FlagReason.ADVERTISING: _l("Advertising or propaganda"),
    FlagReason.ILLEGAL: _l("Illegal content"),
    FlagReason.OTHER: _l("Something else"),
}

TAG_FAMILY = {
    TagFamily.ARGUMENT: _l("Argument type (shown to the public)"),
    TagFamily.CURATION: _l("Curation (staff only)"),
}

TRANSCRIPTION = {
    Transcription.VERBATIM: _l("verbatim"),
    Transcription.SUMMARY: _l("a faithful summary"),
}

OUTCOME = {
    ContestOutcome.PENDING: _l("awaiting the committee"),
    ContestOutcome.UPHELD: _l("masking upheld"),
    ContestOutcome.OVERTURNED: _l("masking overturned, contribution restored"),
}

ACTION = {
    JournalAction.PUBLISH: _l("Published"),
    JournalAction.MASK: _l("Masked"),
    JournalAction.RESTORE: _l("Restored"),
    JournalAction.REFILE: _l("Re-filed under other themes"),
    JournalAction.DUPLICATE: _l("Marked as a duplicate"),
    JournalAction.LOCK: _l("Thread locked"),
    JournalAction.UNLOCK: _l("Thread unlocked"),
    JournalAction.REDACT: _l("Personal data redacted"),
    JournalAction.CHANGE_KIND: _l("Kind changed"),
    JournalAction.TAG: _l("Tagged"),
    JournalAction.UNTAG: _l("Tag removed"),
    JournalAction.DISMISS_FLAGS: _l("Reports dismissed"),
    JournalAction.SUSPEND: _l("Participant suspended from the debate"),
    JournalAction.LIFT_SUSPENSION: _l("Suspension lifted"),
    JournalAction.ROLE_GRANT: _l("Role given"),
    JournalAction.ROLE_REVOKE: _l("Role taken back"),
    JournalAction.OFFLINE_ENTRY: _l("Offline contribution entered"),
    JournalAction.IMPORT: _l("Contributions imported"),
    JournalAction.CHARTER_EDIT: _l("Charter edited"),
    JournalAction.VOCABULARY: _l("Tag vocabulary changed"),
    JournalAction.CONTEST_ANSWER: _l("Contest answered"),
    JournalAction.DISMISS_CANDIDATE: _l("Weak-signal candidate dismissed"),
    JournalAction.SET_ASIDE: _l("Set aside in the report, with a reason"),
    JournalAction.PUBLISH_REPORT: _l("Report published"),
    JournalAction.SITE_SUSPEND: _l("Account suspended from the whole site"),
    JournalAction.SITE_LIFT_SUSPENSION: _l("Account suspension lifted"),
    JournalAction.OPEN_DEBATE: _l("Debate opened to contributions"),
    JournalAction.CLOSE_DEBATE: _l("Debate closed to contributions"),
    JournalAction.DEBATE_EDIT: _l("Debate's presentation changed"),
}

# The fields of a debate that ``moderation.console`` journals by name when they change.
DEBATE_FIELD = {
    "title": _l("title"),
    "summary": _l("summary of the project"),
    "easy_summary": _l("easy-to-read summary"),
    "owner_name": _l("project owner's name"),
    "opens_on": _l("opening date"),
    "closes_on": _l("closing date"),
    "moderation_mode": _l("moderation mode"),
    "answer_deadline_days": _l("answer deadline"),
    "contact_email": _l("contact address"),
}

NEED = {
    "all_needs": _l("Everything that needs a moderator"),
    "pending": _l("Awaiting publication"),
    "flagged": _l("Reported by participants"),
    "unclassified": _l("Not yet classified"),
    "everything": _l("All contributions"),
}
