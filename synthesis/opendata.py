"""Open data: a closed debate's published contributions as CSV and JSON, streamed.

Rows are read by blocks of ``BATCH`` ids (keyset on the id) and written as they come, so
that a debate of any size is exported without being loaded into memory. Authors are
pseudonymised as the API does it (``forum.author_codes``); no e-mail address, no masked or
pending contribution, no staff-only tag is ever exported.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Iterator

from flask import current_app
from flask_babel import gettext as _

from forum import csv_files
from forum.author_codes import author_code
from forum.errors import NotFound
from forum.extensions import db
from forum.mail import external_url
from forum.models import Contribution, Debate, Phase, Status, Theme, contribution_themes
from moderation.models import ContributionTag, Tag, TagFamily

BATCH = 500
LICENCE_NAME = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
FIELDS = (
    "id",
    "url",
    "thread_id",
    "parent_id",
    "relation",
    "source_url",
    "kind",
    "channel",
    "event",
    "date_made",
    "published_at",
    "author",
    "themes",
    "tags",
    "duplicate_of",
    "title",
    "text",
)


def licence() -> tuple[str, str]:
    config = current_app.config
    return (
        config.get("PALABRE_OPEN_DATA_LICENCE") or LICENCE_NAME,
        config.get("PALABRE_OPEN_DATA_LICENCE_URL") or LICENCE_URL,
    )


def exportable(debate: Debate) -> None:
    """Only a closed debate (or one whose report is out) is exported, as a whole."""
    if debate.phase not in (Phase.CLOSED, Phase.REPORTED):
        raise NotFound(_("The open data of a debate is published once it is closed."))


def records(debate: Debate) -> Iterator[dict]:
    """Each published contribution as a flat record, by blocks of ids."""
    after = 0
    while True:
        rows = db.session.execute(
            db.select(
                Contribution.id,
                Contribution.root_id,
                Contribution.parent_id,
                Contribution.relation,
                Contribution.source_url,
                Contribution.kind,
                Contribution.channel,
                Contribution.event,
                Contribution.occurred_on,
                Contribution.created_at,
                Contribution.published_at,
                Contribution.author_id,
                Contribution.duplicate_of_id,
                Contribution.title,
                Contribution.body_source,
            )
            .where(
                Contribution.debate_id == debate.id,
                Contribution.status == Status.PUBLISHED,
                Contribution.id > after,
            )
            .order_by(Contribution.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        themes: dict[int, list[str]] = defaultdict(list)
        for cid, name in db.session.execute(
            db.select(contribution_themes.c.contribution_id, Theme.name)
            .join(Theme, Theme.id == contribution_themes.c.theme_id)
            .where(contribution_themes.c.contribution_id.in_(ids))
            .order_by(Theme.position)
        ):
            themes[cid].append(name)
        tags: dict[int, list[str]] = defaultdict(list)
        for cid, name in db.session.execute(
            db.select(ContributionTag.contribution_id, Tag.name)
            .join(Tag, Tag.id == ContributionTag.tag_id)
            .where(ContributionTag.contribution_id.in_(ids), Tag.family == TagFamily.ARGUMENT)
            .order_by(Tag.position)
        ):
            tags[cid].append(name)
        for row in rows:
            made = row.occurred_on or row.created_at.date()
            yield {
                "id": row.id,
                "url": external_url("forum.contribution", contribution_id=row.id),
                "thread_id": row.root_id or row.id,
                "parent_id": row.parent_id,
                "relation": row.relation.value if row.relation else None,
                "source_url": row.source_url or None,
                "kind": row.kind.value,
                "channel": row.channel.value,
                "event": row.event or None,
                "date_made": made.isoformat(),
                "published_at": row.published_at.isoformat() + "Z" if row.published_at else None,
                "author": author_code(debate.id, row.author_id),
                "themes": themes.get(row.id, []),
                "tags": tags.get(row.id, []),
                "duplicate_of": row.duplicate_of_id,
                "title": row.title,
                "text": row.body_source,
            }
        after = ids[-1]


def csv_lines(debate: Debate, *, for_spreadsheets: bool = False) -> Iterator[str]:
    """The CSV file, a line at a time (lists joined with " | "); no text cell begins
    with a formula character (``forum.csv_files``). For spreadsheets: separated by ``;``
    after a byte order mark, else by commas, plain UTF-8, for programs."""
    buffer = io.StringIO()
    if for_spreadsheets:
        buffer.write(csv_files.BOM)
    writer = csv_files.writer(buffer, csv_files.SPREADSHEET if for_spreadsheets else ",")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(FIELDS)
    yield flush()
    for record in records(debate):
        writer.writerow(
            [
                " | ".join(record[name]) if isinstance(record[name], list) else record[name]
                for name in FIELDS
            ]
        )
        yield flush()


def spreadsheet_csv_lines(debate: Debate) -> Iterator[str]:
    """The CSV file that French-language spreadsheet software opens as it is."""
    return csv_lines(debate, for_spreadsheets=True)


def json_chunks(debate: Debate) -> Iterator[str]:
    """The JSON document: the debate, the licence, then the contributions one by one."""
    name, url = licence()
    head = {
        "debate": {
            "slug": debate.slug,
            "title": debate.title,
            "url": external_url("forum.debate", slug=debate.slug),
        },
        "licence": {"name": name, "url": url},
        "fields": list(FIELDS),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "contributions": ['
    first = True
    for record in records(debate):
        yield ("" if first else ",") + "\n" + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]}\n"
