"""Open data: every table as CSV, JSON and .xlsx, and per report year a laporan.json and an .xlsx.

Machine values are read back from the very text the reader sees ("2.273.853.295",
"96,19 %"), so a download always round-trips to the published numbers:
``.`` decimal point, no thousands separators.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator import __version__
from generator.schema.kabupaten import LICENCE
from generator.tables import Sel, Tabel

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook


@dataclasses.dataclass(frozen=True)
class Provenans:
    """Where a downloaded file comes from."""

    kabupaten: str
    kecamatan: str
    tahun: int
    commit_data: str | None
    tanggal_build: dt.date
    generator: str = f"lkjip {__version__}"
    lisensi: str = LICENCE


def columns(tabel: Tabel) -> list[str]:
    """Flatten (possibly two-level) header rows into one column name per data column."""
    return [" ".join(texts) for texts in tabel.kolom_kepala()]


def _expand(row: Sequence[Sel], numeric: Sequence[bool]) -> list[Sel]:
    """One cell per column. A text cell spanning columns (a total row's "Jumlah" over
    No and Uraian) lands in the first text column of its span, not in a number column."""
    out: list[Sel] = []
    for cell in row:
        span = [Sel("")] * cell.kolom
        start = len(out)
        text_columns = [
            k for k in range(cell.kolom) if start + k < len(numeric) and not numeric[start + k]
        ]
        at = text_columns[0] if cell.kolom > 1 and not cell.angka and text_columns else 0
        span[at] = cell
        out += span
    return out


def _numeric_columns(tabel: Tabel, width: int) -> list[bool]:
    """Columns whose single-column body cells are all numbers (e.g. "No")."""
    numeric = [True] * width
    seen = [False] * width
    for row in tabel.isi:
        c = 0
        for cell in row:
            if cell.kolom == 1 and c < width and cell.teks.strip() not in ("", "–"):
                seen[c] = True
                numeric[c] = numeric[c] and cell.angka
            c += cell.kolom
    return [n and s for n, s in zip(numeric, seen, strict=True)]


def _unique(names: Sequence[str]) -> list[str]:
    """Column names made unique: a CSV header may not repeat a label."""
    out: list[str] = []
    for name in names:
        label, n = name, 2
        while label in out:
            label, n = f"{name} ({n})", n + 1
        out.append(label)
    return out


_UNIT_SUFFIX = re.compile(r"(-?[\d.,]+)\s*[A-Za-z%/ ]*")  # fullmatch only


def machine_value(cell: Sel) -> int | Decimal | str | None:
    """The value of a cell for machines: a number where the cell shows one, else its text."""
    text = cell.teks.strip()
    if text in ("", "–", "N/A"):
        return None
    if not cell.angka:
        return text
    candidate = text.removeprefix("Rp").strip()
    match = _UNIT_SUFFIX.fullmatch(candidate)
    if not match or not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", match.group(1)):
        return text
    # Our own display format: '.' always groups thousands, ',' is the decimal mark.
    value = Decimal(match.group(1).replace(".", "").replace(",", "."))
    return int(value) if "," not in match.group(1) else value


def level(row: Sequence[Sel]) -> str | None:
    """The hierarchy level of a row (program/kegiatan/sub_kegiatan), when it has one."""
    for cell in row:
        if cell.kelas in ("program", "kegiatan", "sub_kegiatan"):
            return cell.kelas
    return None


def records(tabel: Tabel) -> tuple[list[str], list[list[int | Decimal | str | None]]]:
    """Column names and machine rows of a table; hierarchical tables get a 'Tingkat' column."""
    names = columns(tabel)
    numeric = _numeric_columns(tabel, len(names))
    rows = [[machine_value(c) for c in _expand(row, numeric)] for row in tabel.isi]
    levels = [level(row) for row in tabel.isi]
    if any(levels) and "Tingkat" not in names:  # a shown "Tingkat" column already says it
        names = ["Tingkat", *names]
        rows = [[lv, *row] for lv, row in zip(levels, rows, strict=True)]
    return _unique(names), rows


# A spreadsheet program opening a CSV runs a cell starting with one of these as a formula
# (OWASP "CSV Injection"); tab and carriage return hide such a start from a quick look.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell for a CSV: one that would start a formula gets a leading apostrophe.

    Only text is escaped; numbers (``-5``, ``-2.5``) are written as numbers by ``csv_cell``.
    """
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_cell(value: int | Decimal | str | None) -> str:
    """One machine value as CSV text: empty, a plain number, or escaped text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def table_csv(tabel: Tabel) -> bytes:
    """The table as UTF-8 CSV; no text cell can be read as a formula."""
    names, rows = records(tabel)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_text(name) for name in names])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def table_json(tabel: Tabel, nomor: str, provenans: Provenans) -> bytes:
    """The table as JSON: title, number, source, provenance and one object per row."""
    names, rows = records(tabel)
    payload = {
        "judul": tabel.judul,
        "nomor": nomor or None,
        "sumber": tabel.sumber,
        "catatan": list(tabel.catatan),
        "provenans": provenans,
        "kolom": names,
        "baris": [dict(zip(names, row, strict=True)) for row in rows],
    }
    return dumps(payload)


def dumps(payload: Any) -> bytes:
    """JSON text: numbers as JSON numbers (up to 15 significant digits), UTF-8."""
    return json.dumps(jsonable(payload), ensure_ascii=False, indent=1).encode("utf-8")


def jsonable(value: Any) -> Any:
    """Convert models, dataclasses, Decimals and dates to JSON-ready values."""
    if isinstance(value, BaseModel):
        return jsonable(value.model_dump(mode="python"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return data | _derived(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
            return int(value)
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [jsonable(v) for v in items]
    return value


def _derived(value: Any) -> dict[str, Any]:
    """Values exposed as properties (e.g. Dana.sisa) that a download must still carry."""
    out = {}
    for name in ("sisa", "serapan"):
        if isinstance(getattr(type(value), name, None), property):
            out[name] = jsonable(getattr(value, name))
    return out


def workbook(tables: Sequence[tuple[str, Tabel]], provenans: Provenans) -> bytes:
    """An .xlsx workbook with one sheet per table and a provenance sheet; text is never a formula."""
    from openpyxl import Workbook

    from generator.xlsx import saving

    # Write-only mode streams rows out: about twice as fast, and nothing here edits a cell
    # after writing it.
    book = Workbook(write_only=True)
    with saving(book):
        return _fill(book, tables, provenans)


def table_xlsx(label: str, tabel: Tabel, provenans: Provenans) -> bytes:
    """One table as an .xlsx, next to its CSV: opens right in any locale's Excel (numbers are
    numbers, not text split at the locale's list separator), where the standard CSV (RFC 4180,
    UTF-8, "." decimals) often does not."""
    return workbook([(label, tabel)], provenans)


def _fill(book: Workbook, tables: Sequence[tuple[str, Tabel]], provenans: Provenans) -> bytes:
    from openpyxl.styles import Font

    from generator.xlsx import text_cell, write_only_row

    info = book.create_sheet("Provenans")
    for key, value in dataclasses.asdict(provenans).items():
        info.append(write_only_row(info, [key, str(value)]))
    used: set[str] = set()
    bold = Font(bold=True)
    for label, tabel in tables:
        sheet = book.create_sheet(_sheet_name(label, used))
        names, rows = records(tabel)
        heading = [f"{label} {tabel.judul}".strip(), *names]
        cells = [text_cell(sheet, text) for text in heading]
        for cell in cells:
            cell.font = bold
        sheet.append(cells[:1])
        sheet.append(cells[1:])
        for row in rows:
            values = [float(v) if isinstance(v, Decimal) else v for v in row]
            sheet.append(write_only_row(sheet, values))
        if tabel.sumber:
            sheet.append(write_only_row(sheet, [f"Sumber: {tabel.sumber}"]))
    stamp = dt.datetime.combine(provenans.tanggal_build, dt.time())
    book.properties.created = book.properties.modified = stamp  # reproducible bytes
    buffer = io.BytesIO()
    book.save(buffer)
    return _stamp_zip(buffer.getvalue(), stamp)


def _stamp_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Date the workbook by the build, not the wall clock: openpyxl stamps every zip member
    and the "modified" property with the time of saving, so two builds of the same data a
    minute apart gave different bytes (and a parallel build differed from a serial one)."""
    stamp = max(stamp, dt.datetime(1980, 1, 1))  # the earliest date a zip can hold
    modified = f"{stamp:%Y-%m-%dT%H:%M:%S}Z".encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                # Only the date: the start tag keeps the namespaces it declares (a strict
                # XML parser, such as openpyxl's with lxml, refuses an undeclared prefix).
                content = re.sub(
                    rb"(<dcterms:modified [^>]*>)[^<]*<",
                    rb"\g<1>" + modified + b"<",
                    content,
                    count=1,
                )
            info = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            target.writestr(info, content)
    return buffer.getvalue()


def _sheet_name(label: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", label)[:28] or "Tabel"
    name, n = base, 2
    while name in used:
        name, n = f"{base} {n}", n + 1
    used.add(name)
    return name


@functools.cache
def laporan_schema() -> dict[str, Any]:
    """JSON Schema of laporan.json, generated from the same models and result types."""
    from pydantic import ConfigDict, TypeAdapter, create_model

    from generator.compute.report import HasilLaporan
    from generator.schema import (
        EvaluasiFile,
        KabupatenFile,
        KecamatanFile,
        KinerjaFile,
        LaporanFile,
        PkFile,
        ProgramFile,
        RenstraFile,
    )

    masukan = create_model(
        "Masukan",
        __config__=ConfigDict(extra="forbid"),
        kabupaten=(KabupatenFile, ...),
        kecamatan=(KecamatanFile, ...),
        renstra=(RenstraFile, ...),
        laporan=(LaporanFile, ...),
        pk=(PkFile, ...),
        program=(ProgramFile, ...),
        kinerja=(KinerjaFile, ...),
        evaluasi=(EvaluasiFile, ...),
        narasi=(dict[str, str], ...),
    )
    root = create_model(
        "LaporanJson", provenans=(Provenans, ...), masukan=(masukan, ...), hasil=(HasilLaporan, ...)
    )
    schema = TypeAdapter(root).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "laporan.json — masukan dan hasil hitungan satu LKjIP kecamatan"
    dana = schema.get("$defs", {}).get("Dana", {}).get("properties", {})
    dana["sisa"] = {"type": "integer", "description": "pagu − realisasi"}
    dana["serapan"] = {"$ref": "#/$defs/Hasil", "description": "realisasi ÷ pagu × 100"}
    return schema
