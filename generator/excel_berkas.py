"""The workbook file handed to ``lkjip excel impor``: checked before openpyxl opens it.

An .xlsx is a zip of XML parts, and anyone can hand us one. Before it is parsed:

* the inflated size of every part is read from the zip directory (``ZipInfo.file_size``;
  Python's zipfile never inflates a part past it), and the total and the compression ratio
  are bounded, so a 2 MB file cannot inflate to gigabytes;
* no XML part may declare a DOCTYPE: entity tricks (XXE, "billion laughs") live there, and
  a spreadsheet program never writes one. openpyxl also parses with defusedxml;
* every worksheet is scanned (expat, streaming) for its rows and columns: a single cell at
  row 1,048,576 would otherwise make the importer walk a million empty rows.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from generator.arsip import Batas, periksa_ukuran
from generator.errors import DataErrors, UserError
from generator.excel_sel import SelIssue, sel_issue

# An exported workbook inflates to ~120 KB.
BUKU_KERJA = Batas("buku kerja", 32 * 2**20, "buku kerja hasil ekspor sekitar 0,1 MiB")
MAX_ROWS = 10_000  # per sheet; the largest example sheet has a few hundred
MAX_COLUMNS = 100
_CHUNK = 64 * 1024
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class _Stop(Exception):
    """Ends a scan early: the prolog is over, or a limit was passed."""


@dataclass(frozen=True)
class _Beyond:
    """The first cell found past the row or column limit."""

    row: int
    column: int


def check_workbook_file(path: Path) -> None:
    """Refuse a workbook that is too large, too compressed, declares a DOCTYPE or has
    too many rows or columns; raise ``UserError`` or a located ``DataErrors``."""
    try:
        with zipfile.ZipFile(path) as archive:
            periksa_ukuran(path, archive, BUKU_KERJA)
            names = _sheet_names(path, archive)
            for info in archive.infolist():
                if info.is_dir():
                    continue
                sheet = names.get(info.filename)
                with archive.open(info) as part:
                    beyond = _scan(path, info.filename, part, whole=sheet is not None)
                if beyond is not None and sheet is not None:
                    raise DataErrors([_limit_issue(sheet, beyond)])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise UserError(f"'{path}' bukan buku kerja Excel (.xlsx) yang dapat dibaca") from None


def _scan(path: Path, member: str, part: IO[bytes], whole: bool) -> _Beyond | None:
    """Refuse a DOCTYPE; with ``whole``, also find the first cell past the limits."""
    parser = expat.ParserCreate(namespace_separator=" ")
    cells = _CellCounter()

    def doctype(*_: object) -> None:
        raise UserError(
            f"'{path}': bagian {member} memuat deklarasi DOCTYPE/ENTITY XML; buku kerja "
            "seperti ini ditolak (dapat membaca berkas lain atau menghabiskan memori). "
            "Simpan ulang dari Excel atau LibreOffice, atau ekspor ulang dengan 'lkjip excel ekspor'"
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        if not whole:
            raise _Stop  # the prolog, where a DOCTYPE must stand, is over
        cells.element(name.rsplit(" ", 1)[-1], attrs)
        if cells.beyond is not None:
            raise _Stop

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    try:
        for chunk in _chunks(part):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        if member.endswith((".xml", ".rels", ".vml")):
            raise UserError(
                f"'{path}': bagian {member} bukan XML yang sah (baris {exc.lineno}, "
                f"kolom {exc.offset + 1})"
            ) from None
    return cells.beyond


def _chunks(part: IO[bytes]) -> Iterator[bytes]:
    while chunk := part.read(_CHUNK):
        yield chunk


class _CellCounter:
    """Row and column of each ``<row>`` and ``<c>`` (their ``r`` attribute is optional)."""

    def __init__(self) -> None:
        self.row = 0
        self.column = 0
        self.beyond: _Beyond | None = None

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name == "row":
            self.row = _int(attrs.get("r"), self.row + 1)
            self.column = 0
        elif name == "c":
            self.column = self._column(attrs.get("r"))
        else:
            return
        if self.row > MAX_ROWS or self.column > MAX_COLUMNS:
            self.beyond = _Beyond(self.row, self.column)

    def _column(self, ref: str | None) -> int:
        if ref is None:
            return self.column + 1
        try:
            letters, row = coordinate_from_string(ref)
            self.row = row
            return int(column_index_from_string(letters))
        except ValueError:
            return self.column + 1  # openpyxl reports a malformed reference itself


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _limit_issue(sheet: str, beyond: _Beyond) -> SelIssue:
    if beyond.row > MAX_ROWS:
        message = (
            f"sheet ini berisi baris ke-{_ribuan(beyond.row)}; paling banyak "
            f"{_ribuan(MAX_ROWS)} baris. Hapus baris berlebih atau ekspor ulang"
        )
    else:
        message = (
            f"sheet ini berisi kolom ke-{_ribuan(beyond.column)}; paling banyak "
            f"{MAX_COLUMNS} kolom. Hapus kolom berlebih atau ekspor ulang"
        )
    return sel_issue(sheet, min(beyond.row, 1_048_576), max(1, min(beyond.column, 16_384)), message)


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _sheet_names(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from xl/workbook.xml and its relationships.

    Parts under xl/worksheets/ that the workbook does not name are scanned too, by path.
    """
    names = {
        n: n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
    }
    try:
        rels = _attributes(path, archive, "xl/_rels/workbook.xml.rels", "Relationship")
        sheets = _attributes(path, archive, "xl/workbook.xml", "sheet")
    except KeyError:
        return names
    targets = {r.get("Id", ""): r.get("Target", "") for r in rels}
    for sheet in sheets:
        target = targets.get(sheet.get(f"{_REL} id", ""), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        names[posixpath.normpath(part)] = sheet.get("name", part)
    return names


def _attributes(
    path: Path, archive: zipfile.ZipFile, member: str, element: str
) -> list[dict[str, str]]:
    """The attributes of every ``element`` in a small part (after the DOCTYPE check)."""
    with archive.open(member) as part:
        _scan(path, member, part, whole=False)
    found: list[dict[str, str]] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rsplit(" ", 1)[-1] == element:
            found.append(attrs)

    parser.StartElementHandler = start
    try:
        parser.Parse(archive.read(member), True)
    except expat.ExpatError:
        return []
    return found
