"""Bulk import of transcribed contributions from a CSV file (questionnaires, registers,
letters): validate every row first, report each rejected row with its line number and
reason, then import all the valid rows in one transaction, or none.

The file is UTF-8 (with or without a byte order mark), separated by ``,`` or ``;``, with a
header row naming the columns ``kind, channel, date, event, attribution, themes, title,
body`` (any order; an optional ``transcription`` column says ``verbatim`` or ``summary``,
verbatim when absent). ``themes`` lists theme names or slugs separated by ``;``; ``kind``,
``channel`` and ``transcription`` are codes or the labels the interface shows, in French or
English; dates are ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (``moderation.import_format``).

Speed matters (a national debate gathers hundreds of thousands of paper pages): rows are
checked in Python, then written with executemany-style bulk inserts — contributions,
their themes and their search-index tasks — never one ORM object at a time.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from multiprocessing import get_context
from operator import itemgetter

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Table, bindparam, insert, update

from forum.errors import InvalidInput
from forum.extensions import db
from forum.labels import CHANNEL, KIND
from forum.models import (
    Contribution,
    Debate,
    IndexAction,
    IndexTask,
    Kind,
    Status,
    Transcription,
    User,
    contribution_themes,
    utcnow,
)
from forum.sanitize import clean_plain, render_markdown_many
from moderation import import_format
from moderation.journal import record
from moderation.labels import TRANSCRIPTION
from moderation.models import JournalAction
from moderation.offline import (
    MAX_ATTRIBUTION,
    MAX_EVENT,
    OFFLINE_CHANNELS,
    default_attribution,
    occurred_at,
)
from moderation.rules import require_moderator, require_transcription_phase

COLUMNS = ("kind", "channel", "date", "event", "attribution", "themes", "title", "body")
OPTIONAL_COLUMNS = ("transcription",)
# Rendering Markdown dominates the cost; large files are rendered by several processes.
PARALLEL_FROM = 5_000
CHUNK = 2_000


PREVIEW_LINES = 20  # the first lines of a file shown, as they will be imported


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    cells: dict[str, str] | None = None  # as written, for the lines of the preview


@dataclass
class ImportReport:
    """What a file holds: the rows ready to import, and the rejected ones with reasons."""

    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str | None = None

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.errors)


_SPACES = re.compile(" {2,}")


def _plain(text: str) -> str:
    """``clean_plain``, faster for the usual case: printable text has no character to
    remove and no whitespace but spaces, so only runs of spaces are collapsed."""
    if text.isprintable():
        return _SPACES.sub(" ", text).strip()
    return clean_plain(text)


def _title_from(body: str, limit: int) -> str:
    """A title for an untitled transcription: the start of its text, cut at a word."""
    text = _plain(body[: limit * 2].replace("\n", " ").lstrip("#>*-_ "))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


class _RowChecker:
    def __init__(self, debate: Debate) -> None:
        self.themes: dict[str, int] = {}
        for theme in debate.themes:
            self.themes[theme.slug.casefold()] = theme.id
            self.themes[clean_plain(theme.name).casefold()] = theme.id
        self.kinds = import_format.vocabulary(KIND, Kind)
        self.channels = import_format.vocabulary(CHANNEL, OFFLINE_CHANNELS)
        self.modes = import_format.vocabulary(TRANSCRIPTION, Transcription)
        config = current_app.config
        self.max_title = config["PALABRE_MAX_TITLE_CHARS"]
        self.max_body = config["PALABRE_MAX_BODY_CHARS"]
        self.today = date.today()
        # What was said after the closing is not part of the debate (told once per file).
        self.closes_on = debate.closes_on
        self.after_closing = (
            _(
                "the date is after the debate's closing date, %(day)s",
                day=format_date(debate.closes_on, "d MMMM yyyy"),
            )
            if debate.closes_on is not None
            else ""
        )
        self.attributions: dict[tuple, str] = {}
        self._plain: dict[str, str] = {}

    @staticmethod
    def expected(labels: dict, members) -> list[str]:
        """What an error message lists: each member's label as the reader sees it."""
        return [f"{labels[member]} ({member.value})" for member in members]

    def plain(self, value: str) -> str:
        """``clean_plain``, remembered: events, themes and names repeat across a file."""
        cleaned = self._plain.get(value)
        if cleaned is None:
            cleaned = self._plain[value] = clean_plain(value)
        return cleaned

    def check(self, row: dict[str, str]) -> dict:
        kind = self.kinds.get(import_format.folded(row["kind"]))
        if kind is None:
            raise ValueError(
                _(
                    "unknown kind “%(value)s” (expected: %(codes)s)",
                    value=row["kind"],
                    codes=", ".join(self.expected(KIND, Kind)),
                )
            )
        channel = self.channels.get(import_format.folded(row["channel"]))
        if channel is None:
            raise ValueError(
                _(
                    "unknown channel “%(value)s” (expected: %(codes)s)",
                    value=row["channel"].strip(),
                    codes=", ".join(self.expected(CHANNEL, OFFLINE_CHANNELS)),
                )
            )
        try:
            occurred_on = import_format.read_date(row["date"])
        except ValueError:
            raise ValueError(
                _(
                    "the date “%(value)s” is not a date written YYYY-MM-DD or DD/MM/YYYY",
                    value=row["date"],
                )
            ) from None
        if occurred_on > self.today:
            raise ValueError(_("the date is in the future"))
        if self.closes_on is not None and occurred_on > self.closes_on:
            raise ValueError(self.after_closing)
        event = self.plain(row["event"])
        if not event:
            raise ValueError(_("the event (meeting, place or register) is empty"))
        if len(event) > MAX_EVENT:
            raise ValueError(_("the event is longer than %(n)d characters", n=MAX_EVENT))
        names = [part.strip() for part in row["themes"].split(";") if part.strip()]
        if not names:
            raise ValueError(_("no theme is given"))
        theme_ids = []
        for name in names:
            theme_id = self.themes.get(self.plain(name).casefold())
            if theme_id is None:
                raise ValueError(_("unknown theme “%(value)s”", value=name))
            if theme_id not in theme_ids:
                theme_ids.append(theme_id)
        body = row["body"].strip()
        if not body:
            raise ValueError(_("the text is empty"))
        if len(body) > self.max_body:
            raise ValueError(_("the text is longer than %(n)d characters", n=self.max_body))
        title = _plain(row["title"]) or _title_from(body, min(80, self.max_title))
        if len(title) > self.max_title:
            raise ValueError(_("the title is longer than %(n)d characters", n=self.max_title))
        attribution = self.plain(row["attribution"])
        if len(attribution) > MAX_ATTRIBUTION:
            raise ValueError(
                _("the attribution is longer than %(n)d characters", n=MAX_ATTRIBUTION)
            )
        if not attribution:
            key = (channel, event, occurred_on)
            if key not in self.attributions:
                self.attributions[key] = default_attribution(channel, event, occurred_on)
            attribution = self.attributions[key]
        mode_code = (row.get("transcription") or "").strip() or Transcription.VERBATIM.value
        mode = self.modes.get(import_format.folded(mode_code))
        if mode is None:
            raise ValueError(_("the transcription is “verbatim” or “summary”"))
        return {
            "kind": kind,
            "channel": channel,
            "occurred_on": occurred_on,
            "event": event,
            "attribution": attribution,
            "transcription": mode,
            "title": title,
            "body_source": body,
            "theme_ids": theme_ids,
        }


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            _("The file is not in UTF-8: save it as “CSV UTF-8” and send it again."), field="file"
        ) from error


def check_file(debate: Debate, data: bytes | str) -> ImportReport:
    """Read and validate every row; nothing is written."""
    report = ImportReport()
    try:
        text = _decode(data)
    except InvalidInput as error:
        report.file_error = error.message
        return report
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=import_format.separator(text))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        report.file_error = _("The file is empty.")
        return report
    except csv.Error as error:
        report.file_error = _("The file is not a readable CSV file (%(error)s).", error=str(error))
        return report
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        report.file_error = _(
            "The header row must name the columns %(columns)s "
            "(missing: %(missing)s; unknown: %(unknown)s).",
            columns=", ".join(COLUMNS),
            missing=", ".join(missing) or "—",
            unknown=", ".join(unknown) or "—",
        )
        return report
    checker = _RowChecker(debate)
    width = len(header)
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.errors.append(RowError(line, _("unreadable line (%(error)s)", error=str(error))))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(value.strip() for value in values):
            continue  # blank lines are not rows
        if len(values) != width:
            report.errors.append(
                RowError(
                    start,
                    _(
                        "%(found)d values instead of %(expected)d",
                        found=len(values),
                        expected=width,
                    ),
                    dict(zip(header, values, strict=False)) if start <= PREVIEW_LINES + 1 else None,
                )
            )
            continue
        cells = dict(zip(header, values, strict=True))
        try:
            report.rows.append({**checker.check(cells), "line": start})
        except ValueError as error:
            shown = cells if start <= PREVIEW_LINES + 1 else None
            report.errors.append(RowError(start, str(error), shown))
    if not report.rows and not report.errors:
        report.file_error = _("The file has no row under its header.")
    return report


@dataclass(frozen=True)
class PreviewLine:
    """One line of the file as it will be imported, or as written with why it will not be."""

    line: int
    channel: str
    kind: str
    occurred_on: date | str
    attribution: str
    title: str
    first_words: str
    themes: str
    error: str = ""


def _first_words(text: str, title: str, count: int = 12) -> str:
    """The text's first words, or nothing when the title already is its start."""
    words = text.split()
    start = " ".join(words[:count])
    if title and (title.rstrip("…").startswith(start) or start.startswith(title.rstrip("…"))):
        return ""
    return start + (" …" if len(words) > count else "")


def preview(debate: Debate, report: ImportReport) -> list[PreviewLine]:
    """The first ``PREVIEW_LINES`` lines of a checked file, in the file's order."""
    names = {theme.id: theme.name for theme in debate.themes}
    lines = [
        PreviewLine(
            line=row["line"],
            channel=str(CHANNEL[row["channel"]]),
            kind=str(KIND[row["kind"]]),
            occurred_on=row["occurred_on"],
            attribution=row["attribution"],
            title=row["title"],
            first_words=_first_words(row["body_source"], row["title"]),
            themes=", ".join(names[theme_id] for theme_id in row["theme_ids"]),
        )
        for row in report.rows[:PREVIEW_LINES]
    ]
    for error in report.errors:
        if error.line > PREVIEW_LINES + 1:
            break
        cells = error.cells or {}
        lines.append(
            PreviewLine(
                line=error.line,
                channel=cells.get("channel", ""),
                kind=cells.get("kind", ""),
                occurred_on=cells.get("date", ""),
                attribution=cells.get("attribution", ""),
                title=cells.get("title", ""),
                first_words=_first_words(cells.get("body", ""), cells.get("title", "")),
                themes=cells.get("themes", ""),
                error=error.message,
            )
        )
    return sorted(lines, key=lambda line: line.line)[:PREVIEW_LINES]


def _render_all(bodies: list[str], parallel: bool) -> list[str]:
    # Forking is for the command line: a web worker renders in its own process.
    if not parallel or len(bodies) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return render_markdown_many(bodies)
    chunks = [bodies[i : i + CHUNK] for i in range(0, len(bodies), CHUNK)]
    with get_context("fork").Pool(min(os.cpu_count() or 2, 8)) as pool:
        rendered = pool.map(_render_chunk, chunks)
    return [html for chunk in rendered for html in chunk]


def _render_chunk(bodies: list[str]) -> list[str]:
    return render_markdown_many(bodies)


def _executemany(table: Table, rows: list[dict]) -> None:
    """INSERT many rows of one shape in this transaction, as one executemany.

    On SQLite the statement is compiled once and each value goes through its column's own
    bind processor (what SQLAlchemy would do), without SQLAlchemy's per-row bookkeeping,
    which costs more than the insert itself at this volume.
    """
    if not rows:
        return
    connection = db.session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), rows)
        return
    keys = list(rows[0])
    compiled = insert(table).values({key: bindparam(key) for key in keys}).compile(dialect=dialect)
    order = compiled.positiontup
    getter = itemgetter(*order)
    # The column types' own conversions for this dialect (SQLAlchemy's public API).
    processors = [table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in order]
    converting = [
        (index, convert)
        for index, processor in enumerate(processors)
        if (convert := _remembering(processor))
    ]
    params = []
    for row in rows:
        values = getter(row)
        if converting:
            values = list(values)
            for index, convert in converting:
                values[index] = convert(values[index])
        params.append(tuple(values) if len(order) > 1 else (values,))
    connection.exec_driver_sql(str(compiled), params)


def _remembering(process) -> Callable | None:
    """A column's bind processor that converts each distinct value once (dates, codes and
    timestamps repeat across a file); values without a processor pass as they are."""
    if process is None:
        return None
    seen: dict = {}

    def convert(value):
        if value is None:
            return None
        try:
            return seen[value]
        except KeyError:
            seen[value] = converted = process(value)
            return converted
        except TypeError:  # not hashable
            return process(value)

    return convert


def _insert_contributions(values: list[dict]) -> list[int]:
    """Insert the rows in bulk and return their ids, in order; each row is its own root."""
    table = Contribution.__table__
    if db.session.get_bind().dialect.name != "sqlite":
        ids = list(
            db.session.scalars(
                insert(Contribution).returning(Contribution.id, sort_by_parameter_order=True),
                values,
            )
        )
        db.session.execute(update(table).where(table.c.id.in_(ids)).values(root_id=table.c.id))
        return ids
    # SQLite has one writer at a time: once the first row is in, this transaction holds the
    # write lock, so the next ids are ours to give and one executemany inserts the rest
    # (a RETURNING per row would cost ten times more).
    first = db.session.execute(insert(table).values(values[0])).inserted_primary_key[0]
    ids = list(range(first, first + len(values)))
    db.session.execute(update(table).where(table.c.id == first).values(root_id=first))
    for row, row_id in zip(values[1:], ids[1:], strict=True):
        row["id"] = row["root_id"] = row_id
    _executemany(table, values[1:])
    return ids


def import_rows(
    debate: Debate,
    actor: User | None,
    report: ImportReport,
    *,
    source: str = "",
    parallel: bool = False,
) -> list[int]:
    """Write all the valid rows of a checked file in one transaction; returns their ids.

    ``actor`` is the moderator (None when an operator runs the command line).
    """
    if actor is not None:
        require_moderator(actor, debate)
    require_transcription_phase(debate)
    if report.file_error or not report.rows:
        raise InvalidInput(_("There is nothing to import."), field="file")
    now = utcnow()
    when: dict[date, datetime] = {}
    for row in report.rows:
        if row["occurred_on"] not in when:
            when[row["occurred_on"]] = occurred_at(row["occurred_on"])
    html = _render_all([row["body_source"] for row in report.rows], parallel)
    values = [
        {
            "debate_id": debate.id,
            "author_id": None,
            "depth": 0,
            "kind": row["kind"],
            "title": row["title"],
            "body_source": row["body_source"],
            "body_html": body_html,
            "channel": row["channel"],
            "status": Status.PUBLISHED,
            "created_at": when[row["occurred_on"]],
            "updated_at": now,
            "published_at": now,
            "event": row["event"],
            "occurred_on": row["occurred_on"],
            "attribution": row["attribution"],
            "transcription": row["transcription"],
            "parent_id": None,
            "relation": None,
            "mask_reason": "",
            "mask_article": "",
            "locked": False,
        }
        for row, body_html in zip(report.rows, html, strict=True)
    ]
    try:
        ids = _insert_contributions(values)
        _executemany(
            contribution_themes,
            [
                {"contribution_id": cid, "theme_id": theme_id}
                for cid, row in zip(ids, report.rows, strict=True)
                for theme_id in row["theme_ids"]
            ],
        )
        # The search index catches up with every new contribution (forum.search.enqueue,
        # written in bulk here for speed; same table, same transaction).
        _executemany(
            IndexTask.__table__,
            [
                {"contribution_id": cid, "action": IndexAction.UPSERT, "created_at": now}
                for cid in ids
            ],
        )
        record(
            actor,
            JournalAction.IMPORT,
            debate,
            # Codes, said in the reader's language by the journal (moderation.details_label).
            details=f"{len(ids)} {ids[0]} {ids[-1]} {source or 'CSV'}",
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return ids
