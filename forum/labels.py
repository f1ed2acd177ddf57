"""Human labels for the codes of the model, translated at render time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.models import Channel, DocumentKind, Kind, ModerationMode, Phase, Relation, Role

KIND = {
    Kind.OPINION: _l("Opinion"),
    Kind.QUESTION: _l("Question"),
    Kind.PROPOSAL: _l("Proposal"),
    Kind.STAKEHOLDER_PAPER: _l("Stakeholder paper"),
}

# How a reply is introduced in a thread: "objects", "supports"... A label, never a tally.
RELATION = {
    Relation.SUPPORTS: _l("supports"),
    Relation.OBJECTS: _l("objects"),
    Relation.NUANCES: _l("nuances / complements"),
    Relation.ASKS_CLARIFICATION: _l("asks for clarification"),
    Relation.PROVIDES_SOURCE: _l("provides a source"),
}

CHANNEL = {
    Channel.ONLINE: _l("Online"),
    Channel.PUBLIC_MEETING: _l("Public meeting"),
    Channel.WORKSHOP: _l("Workshop"),
    Channel.MOBILE_DEBATE: _l("Mobile debate"),
    Channel.PAPER: _l("Paper register"),
    Channel.LETTER: _l("Letter"),
    Channel.EMAIL: _l("E-mail"),
    Channel.SOCIAL_NETWORK: _l("Social network"),
}

PHASE = {
    Phase.DRAFT: _l("In preparation"),
    Phase.OPEN: _l("Open"),
    Phase.CLOSED: _l("Closed"),
    Phase.REPORTED: _l("Report published"),
}

MODERATION_MODE = {
    ModerationMode.A_PRIORI: _l("Contributions are read by a moderator before publication."),
    ModerationMode.A_POSTERIORI: _l(
        "Contributions are published at once and read by a moderator afterwards."
    ),
}

DOCUMENT_KIND = {
    DocumentKind.PROJECT_FILE: _l("Project file"),
    DocumentKind.STUDY: _l("Study"),
    DocumentKind.MINUTES: _l("Meeting minutes"),
    DocumentKind.OTHER: _l("Document"),
    DocumentKind.COMMITTEE_NOTES: _l("Notes of the debate committee"),
    DocumentKind.ANSWER_ANNEX: _l("Annex to an answer"),
}

ROLE = {
    Role.MODERATOR: _l("Moderator"),
    Role.COMMITTEE: _l("Debate committee"),
    Role.OWNER: _l("Project owner"),
}

ORDER = {
    "oldest": _l("Oldest first"),
    "newest": _l("Newest first"),
    "shuffled": _l("Shuffled"),
}

LOGIN_REQUIRED = _l("Log in to take part in the debate.")

# Optional profile fields, declared for the statistics of audience and diversity only.
AGE_BAND = {
    "under-18": _l("Under 18"),
    "18-24": _l("18 to 24"),
    "25-34": _l("25 to 34"),
    "35-49": _l("35 to 49"),
    "50-64": _l("50 to 64"),
    "65-plus": _l("65 or over"),
}
GENDER = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "other": _l("In another way"),
}
