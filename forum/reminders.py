"""Reminders sent by ``flask --app app send-reminders`` (run it from cron, e.g. hourly).

Lower packages cannot know what a higher one wants to remind people of, so each registers
a function here when it is installed (``register``): the questions package its deadline
reminders to the project owner, for instance. Each function queues its e-mails (through
``forum.mail``), records what it sent so that nothing goes twice, commits, and returns how
many reminders it queued. The command runs them all, in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from flask_babel import ngettext

Reminder = Callable[[], int]

_reminders: list[Reminder] = []


def register(reminder: Reminder) -> None:
    """Have ``send-reminders`` call ``reminder``; registering it again changes nothing
    (an app is created many times in one process: tests, workers)."""
    if reminder not in _reminders:
        _reminders.append(reminder)


def send_all() -> int:
    """Run every registered reminder; how many reminders they queued in all."""
    return sum(reminder() for reminder in list(_reminders))


@click.command("send-reminders")
def send_reminders_command() -> None:
    """Queue the reminder e-mails that are due (deadlines of the project owner's answers,
    ...), each once; ``send-mail`` then sends them."""
    queued = send_all()
    click.echo(ngettext("%(num)d reminder queued.", "%(num)d reminders queued.", queued))
