"""Bulk writing for the synthetic debate: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from forum.extensions import db

BATCH = 5_000


def _column_default(column) -> Any:
    default = column.default
    if default is None or default.is_sequence:
        return None
    if default.is_callable:
        return default.arg(None)
    return default.arg


def _sql_value(value: Any) -> Any:
    """Enum members are written as their code (``"opinion"``)."""
    return value.value if hasattr(value, "value") and not isinstance(value, bool) else value


def bulk_insert(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Write ``rows`` (tuples in the order of ``columns``) into ``table``, fast.

    Columns of the table not named get their model default (evaluated once), so a column
    added later by another part of Palabre does not break the generator. PostgreSQL is fed
    through ``COPY``; other databases through ``executemany`` by batches.
    """
    missing = [
        c for c in table.columns if c.name not in columns and c is not table.autoincrement_column
    ]
    extra_names = [c.name for c in missing if c.default is not None]
    extra_values = tuple(_sql_value(_column_default(c)) for c in missing if c.default is not None)
    names = [*columns, *extra_names]
    written = 0
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        quoted = ", ".join(f'"{name}"' for name in names)
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(tuple(_sql_value(v) for v in row) + extra_values)
                written += 1
        return written
    statement = table.insert()
    batch: list[dict[str, Any]] = []
    for row in rows:
        values = tuple(_sql_value(v) for v in row) + extra_values
        batch.append(dict(zip(names, values, strict=True)))
        if len(batch) >= BATCH:
            connection.execute(statement, batch)
            written += len(batch)
            batch = []
    if batch:
        connection.execute(statement, batch)
        written += len(batch)
    return written


def move_sequences(connection: Connection, tables: Iterable[str]) -> None:
    """PostgreSQL: let the next ``INSERT`` take an id past the ones written here."""
    if connection.dialect.name != "postgresql":
        return
    for name in tables:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {name}), 0) + 1, false)"
            )
        )


def skip_reference_checks(connection: Connection) -> None:
    """PostgreSQL, as a superuser: no foreign-key trigger per row for this transaction.

    The rows written here point only at rows written before them (by construction), and
    checking a reference costs more than writing the row: half the time of a large load.
    Other users keep the checks (only a superuser may switch them off).
    """
    if connection.dialect.name != "postgresql":
        return
    if connection.execute(text("SELECT current_setting('is_superuser')")).scalar() == "on":
        connection.execute(text("SET LOCAL session_replication_role = replica"))


def next_id(model) -> int:
    """The id after the largest one of ``model``'s table."""
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def analyse() -> None:
    """After a bulk load: the planner's statistics (both databases need them) and, on
    PostgreSQL, a vacuum — the visibility map that index-only scans read, which autovacuum
    would otherwise build in the background for minutes while the site already serves."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
        return
    db.session.connection().execute(text("ANALYZE"))
