"""Writing .xlsx cells safely, for every workbook lkjip makes (open data and ``excel ekspor``).

* Text is always a string cell. openpyxl turns a ``str`` starting with ``=`` into a formula
  and ``#N/A`` into an error cell; a name a contributor typed as ``=HYPERLINK(...)`` would
  then run in the reader's spreadsheet program. ``put`` and ``write_only_row`` force the
  string type on every ``str``; numbers stay numbers.
* Characters XML cannot hold (C0 controls other than tab, newline and carriage return)
  make openpyxl raise mid-save; they are replaced by U+FFFD so a stray control character in
  the data never crashes a build.
* openpyxl streams each worksheet through a temporary file ``openpyxl.*`` in the temp
  folder and removes it only after a successful save (or at interpreter exit, which a
  build's worker processes never reach). ``saving`` removes the ones a failed save leaves
  behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet import _writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

REPLACEMENT = "\ufffd"


def clean_text(value: str) -> str:
    """``value`` with the characters a worksheet cannot hold replaced by U+FFFD."""
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)


def _as_text(cell: Cell, value: Any) -> None:
    """Give ``cell`` its value; a ``str`` stays a string cell whatever its first character."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"
    else:
        cell.value = value


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell of a normal worksheet (``ws.cell(row, column, value)``, text as text)."""
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell)
    _as_text(cell, value)
    return cell


def text_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    """One cell for a write-only worksheet, text as text."""
    cell: Cell = WriteOnlyCell(sheet)
    _as_text(cell, value)
    return cell


def write_only_row(sheet: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Cell | None]:
    """A row for ``sheet.append``: empty cells stay ``None``, text is text."""
    return [None if v is None else text_cell(sheet, v) for v in values]


@contextlib.contextmanager
def saving(book: Workbook) -> Iterator[None]:
    """Fill and save ``book`` inside this block; if it fails, leave nothing behind.

    openpyxl keeps the names of its temporary files in
    ``openpyxl.worksheet._writer.ALL_TEMP_FILES`` (its only record of them) and removes
    each after a good save. A write-only sheet also holds an open row stream that would
    complain on stderr ("Exception ignored in ...") when garbage-collected after a failure.
    """
    before = len(_writer.ALL_TEMP_FILES)
    try:
        yield
    except BaseException:
        for ws in book.worksheets:
            rows = getattr(ws, "_rows", None)
            if isinstance(ws, WriteOnlyWorksheet) and rows is not None:
                with contextlib.suppress(Exception):
                    rows.close()
        for path in _writer.ALL_TEMP_FILES[before:]:
            with contextlib.suppress(FileNotFoundError):
                Path(path).unlink()
        del _writer.ALL_TEMP_FILES[before:]
        raise
