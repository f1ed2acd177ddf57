"""Domain errors raised by services and turned into form errors or pages by views."""

from __future__ import annotations


class PalabreError(Exception):
    """A rule of the debate was not met. ``message`` is translated and shown to the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(PalabreError):
    """The user may not do this (right missing, or the debate's phase forbids it)."""


class NotFound(PalabreError):
    """The thing does not exist, or is not visible to this user."""


class InvalidInput(PalabreError):
    """The input breaks a rule (empty text, unknown theme, taken pseudonym...)."""
