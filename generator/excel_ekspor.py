"""Build the input workbook of one kecamatan-year: rows per sheet, styles, locks, dropdowns.

Pure: data in, ``bytes`` out. Computed columns hold the results of
``generator.compute.report.hitung`` (rounded as printed), locked so they cannot be edited.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator import __version__
from generator.compute.capaian import Hasil, round_half_up
from generator.compute.scale import Kategori
from generator.crosscheck import program_units, renstra_indicators
from generator.excel_layout import (
    ANGGARAN,
    DATA_ROW,
    FORMAT,
    HEADER_ROW,
    LEGEND,
    LIST_SHEET,
    META_SHEET,
    NILAI_DASAR,
    PETUNJUK,
    PK,
    PROGRAM,
    TITLE_ROW,
    TOTAL_KEY,
    VERSION,
    Lembar,
    Tahun,
    baris_by_kode,
    derived_renstra,
    indikator,
    kinerja_rows,
    pk_in_force,
    program_indicators,
    renstra_ukur,
    title,
    ukur_by_id,
)
from generator.excel_layout import PEMBANDING as PEMBANDING_SHEET
from generator.excel_sel import target_text
from generator.schema.base import Rentang
from generator.schema.tahun import SubKegiatan
from generator.xlsx import put, saving
from generator.yamlsource import Loc

_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
_NUMBER_FORMATS = {"rupiah": "#,##0", "persen": "0.00", "angka": "General", "teks": "@"}


@dataclass(frozen=True)
class BarisXl:
    """One exported row; ``terkunci`` lists input columns locked on this row only."""

    nilai: tuple[Any, ...]
    terkunci: frozenset[int] = frozenset()
    cadangan: bool = False  # an empty row for a new entry: its new-key columns are open


def build_workbook(data: Tahun, sidik: Mapping[str, str]) -> bytes:
    """The .xlsx bytes of the year's input tables; text cells are never formulas."""
    book = Workbook()
    with saving(book):
        return _fill(book, data, sidik)


def _fill(book: Workbook, data: Tahun, sidik: Mapping[str, str]) -> bytes:
    first = book.active
    assert first is not None
    book.remove(first)
    _petunjuk(book.create_sheet("Petunjuk"))
    values = _list_values(data)
    lists = _list_formulas(values)
    for lembar, rows in _sheets(data):
        _write_sheet(book.create_sheet(lembar.nama), lembar, rows, data, lists)
    _write_lists(book.create_sheet(LIST_SHEET), values)
    _meta(book.create_sheet(META_SHEET), data, sidik)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheets(data: Tahun) -> list[tuple[Lembar, list[BarisXl]]]:
    return [
        (indikator(data.tahun), _indikator_rows(data)),
        (PROGRAM, _program_rows(data)),
        (ANGGARAN, _anggaran_rows(data)),
        (PEMBANDING_SHEET, _pembanding_rows(data)),
        (PK, _pk_rows(data)),
        (NILAI_DASAR, _nilai_dasar_rows(data)),
    ]


# --- rows ------------------------------------------------------------------------------


def _percent(data: Tahun, hasil: Hasil) -> Decimal | str:
    """A computed percentage rounded as printed, or "N/A" when it cannot be computed."""
    if hasil.nilai is None:
        return "N/A"
    return round_half_up(hasil.nilai, data.kab.settings.aturan.desimal)


def _label(kategori: Kategori | None) -> str:
    return kategori.label if kategori else "–"


def _group(data: Tahun, loc: Loc) -> str:
    tujuan = data.kec.renstra.tujuan[int(loc[1])]
    if len(loc) == 4:
        return f"Tujuan {tujuan.kode or int(loc[1]) + 1}"
    sasaran = tujuan.sasaran[int(loc[3])]
    return f"Sasaran {sasaran.kode or int(loc[3]) + 1}"


def _indikator_rows(data: Tahun) -> list[BarisXl]:
    ukur = renstra_ukur(data.hasil)
    kinerja = kinerja_rows(data.year)
    realisasi_col = indikator(data.tahun).col("Realisasi")
    rows = []
    for loc, ind in renstra_indicators(data.kec):
        u = ukur[ind.id]
        row = kinerja[ind.id][1] if ind.id in kinerja else None
        derived = derived_renstra(ind, row)
        realisasi = u.realisasi if derived else (row.realisasi if row else None)
        values = (
            ind.id,
            _group(data, loc),
            ind.nama,
            ind.satuan,
            ind.polaritas,
            ind.target.get(data.tahun),
            realisasi,
            row.sumber_data if row else None,
            u.target if u.target is not None else "N/A",
            _percent(data, u.capaian),
            _label(u.kategori),
        )
        rows.append(BarisXl(values, frozenset({realisasi_col}) if derived else frozenset()))
    return rows


def _program_rows(data: Tahun) -> list[BarisXl]:
    found = baris_by_kode(data.hasil.program)
    unit_cols = frozenset({PROGRAM.col("Nama"), PROGRAM.col("Unit")})
    indicator_cols = frozenset(range(PROGRAM.col("Indikator"), PROGRAM.col("Realisasi") + 1))
    rows = []
    for _, unit, _ in program_units(data.year):
        row = found[unit.kode]
        head = (row.tingkat, unit.kode, unit.nama, unit.unit)
        if not unit.indikator:
            rows.append(BarisXl((*head, None, None, None, None, None, None, None), indicator_cols))
        for n, ind in enumerate(unit.indikator):
            u = row.indikator[n]
            derived = ind.realisasi_triwulan is not None
            locked = (unit_cols if n else frozenset()) | (
                {PROGRAM.col("Realisasi")} if derived else frozenset()
            )
            values = (
                *head,
                n + 1,
                ind.nama,
                ind.satuan,
                ind.target,
                u.realisasi if derived else ind.realisasi,
                _percent(data, u.capaian),
                _label(u.kategori),
            )
            rows.append(BarisXl(values, locked))
    return rows


def _anggaran_rows(data: Tahun) -> list[BarisXl]:
    found = baris_by_kode(data.hasil.program)
    inputs = frozenset(range(ANGGARAN.col("Pagu Induk"), ANGGARAN.col("Realisasi") + 1))
    rows = []
    for _, unit, unbudgeted in program_units(data.year):
        if not isinstance(unit, SubKegiatan):
            continue
        if unbudgeted:
            values = (unit.kode, unit.nama, None, None, None, None, None, None, None)
            rows.append(BarisXl((*values, "tanpa anggaran"), inputs))
            continue
        dana = found[unit.kode].dana
        pagu = unit.anggaran.pagu if unit.anggaran else None
        stages = (pagu.induk, pagu.pergeseran, pagu.perubahan) if pagu else (None, None, None)
        realisasi = unit.anggaran.realisasi if unit.anggaran else None
        computed = (dana.pagu, _percent(data, dana.serapan), dana.sisa) if dana else (None,) * 3
        note = None if unit.anggaran else "belum diisi"
        rows.append(BarisXl((unit.kode, unit.nama, *stages, realisasi, *computed, note)))
    total = data.hasil.total
    head = (TOTAL_KEY, "Jumlah seluruh sub kegiatan", None, None, None, total.realisasi)
    serapan = _percent(data, total.serapan)
    rows.append(BarisXl((*head, total.pagu, serapan, total.sisa, None), inputs))
    return rows


def _pembanding_rows(data: Tahun) -> list[BarisXl]:
    ukur = ukur_by_id(data)
    owners: list[tuple[str, Sequence[Any]]] = [
        (row.indikator, row.pembanding) for row in data.year.kinerja.indikator
    ]
    owners += [(i, w.indikator.pembanding) for i, w in program_indicators(data.year).items()]
    rows = []
    for ident, items in owners:
        u = ukur.get(ident)
        for k, item in enumerate(items):
            banding = u.pembanding[k] if u else None
            computed = (
                (u.realisasi if u else None),
                _percent(data, banding.rasio) if banding else None,
                banding.selisih if banding else None,
            )
            values = (ident, k + 1, item.jenis, item.nama, item.nilai, item.sumber)
            rows.append(BarisXl((*values, *computed)))
    return rows + _spare(PEMBANDING_SHEET)


def _pk_rows(data: Tahun) -> list[BarisXl]:
    ukur = ukur_by_id(data)
    found = baris_by_kode(data.hasil.program)
    names = {p.kode: p.nama for p in data.year.program.program}
    in_force = pk_in_force(data.year)
    sumber_col = frozenset({PK.col("Sumber")})
    rows = []
    for pk in data.year.pk.perjanjian:
        for s in pk.sasaran:
            u = ukur.get(s.indikator)
            capaian = _percent(data, u.capaian) if u and pk.jenis == in_force else None
            nama = u.nama if u else None
            values = (pk.jenis, "sasaran", s.indikator, nama, s.target, None, capaian, None)
            rows.append(BarisXl(values, sumber_col))
        for a in pk.anggaran:
            row = found.get(a.program)
            pagu = row.dana.pagu if row and row.dana else None
            nama = names.get(a.program)
            rows.append(
                BarisXl((pk.jenis, "anggaran", a.program, nama, a.jumlah, a.sumber, None, pagu))
            )
    return rows + _spare(PK)


def _nilai_dasar_rows(data: Tahun) -> list[BarisXl]:
    return [
        BarisXl((name, item.keterangan, item.nilai))
        for name, item in data.year.kinerja.nilai_dasar.items()
    ]


def _spare(lembar: Lembar) -> list[BarisXl]:
    return [BarisXl((None,) * len(lembar.kolom), cadangan=True)] * lembar.cadangan


# --- writing -------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    """Numbers as numbers (Rupiah as integers); ranges as the text one would type."""
    if isinstance(value, Rentang):
        return target_text(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _write_sheet(
    ws: Worksheet, lembar: Lembar, rows: list[BarisXl], data: Tahun, lists: dict[str, str]
) -> None:
    heading = put(ws, TITLE_ROW, 1, title(lembar, data.kec.profil.nama, data.slug, data.tahun))
    heading.font = Font(bold=True, size=12)
    put(ws, TITLE_ROW + 1, 1, LEGEND).font = Font(italic=True)
    for c, kolom in enumerate(lembar.kolom, start=1):
        cell = put(ws, HEADER_ROW, c, kolom.judul)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(c)].width = kolom.lebar
    for r, row in enumerate(rows, start=DATA_ROW):
        _write_row(ws, lembar, r, row)
    _dropdowns(ws, lembar, DATA_ROW + len(rows) - 1, lists)
    ws.freeze_panes = lembar.beku
    # No password: the lock prevents accidental edits; import ignores computed columns anyway.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _write_row(ws: Worksheet, lembar: Lembar, r: int, row: BarisXl) -> None:
    for c, (kolom, value) in enumerate(zip(lembar.kolom, row.nilai, strict=True), start=1):
        cell = put(ws, r, c, _cell_value(value))
        cell.number_format = _NUMBER_FORMATS[kolom.format]
        cell.alignment = Alignment(wrap_text=kolom.lebar >= 30, vertical="top")
        open_ = (kolom.jenis == "masukan" and c not in row.terkunci) or (
            row.cadangan and kolom.baru
        )
        if open_:
            cell.protection = Protection(locked=False)
        else:
            cell.fill = _LOCKED_FILL


def _dropdowns(ws: Worksheet, lembar: Lembar, last_row: int, lists: dict[str, str]) -> None:
    if last_row < DATA_ROW:
        return
    for c, kolom in enumerate(lembar.kolom, start=1):
        if kolom.pilihan:
            formula = '"' + ",".join(kolom.pilihan) + '"'
        elif kolom.daftar and kolom.daftar in lists:
            formula = lists[kolom.daftar]
        else:
            continue
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.error = f"Pilih salah satu nilai dari daftar untuk kolom '{kolom.judul}'."
        check.errorTitle = "Nilai tidak dikenal"
        check.showErrorMessage = True
        ws.add_data_validation(check)
        letter = get_column_letter(c)
        check.add(f"{letter}{DATA_ROW}:{letter}{last_row}")


def _list_values(data: Tahun) -> dict[str, list[str]]:
    """Choices too long for an inline dropdown list: indicator ids and organisation units."""
    ids = [ind.id for _, ind in renstra_indicators(data.kec)]
    return {
        "indikator": ids + list(program_indicators(data.year)),
        "unit": [unit.id for unit in data.kec.profil.organisasi],
    }


def _list_formulas(values: dict[str, list[str]]) -> dict[str, str]:
    """Dropdown sources: one column of the hidden list sheet per list."""
    formulas = {}
    for c, (name, items) in enumerate(values.items(), start=1):
        if items:
            letter = get_column_letter(c)
            formulas[name] = f"{quote_sheetname(LIST_SHEET)}!${letter}$1:${letter}${len(items)}"
    return formulas


def _write_lists(ws: Worksheet, values: dict[str, list[str]]) -> None:
    ws.sheet_state = "veryHidden"
    for c, items in enumerate(values.values(), start=1):
        for r, item in enumerate(items, start=1):
            put(ws, r, c, item)


def _petunjuk(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 110
    for r, line in enumerate(PETUNJUK, start=1):
        cell = put(ws, r, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1:
            cell.font = Font(bold=True, size=13)
    ws.protection.sheet = True


def _meta(ws: Worksheet, data: Tahun, sidik: Mapping[str, str]) -> None:
    """Which kecamatan and year this workbook belongs to, and the data it was made from."""
    ws.sheet_state = "veryHidden"
    rows: list[tuple[str, Any]] = [
        ("format", FORMAT),
        ("versi", VERSION),
        ("kabupaten", data.kab.slug),
        ("kecamatan", data.kec.slug),
        ("tahun", data.tahun),
        ("lkjip", __version__),
    ]
    rows += [(f"sidik:{name}", digest) for name, digest in sorted(sidik.items())]
    for r, (key, value) in enumerate(rows, start=1):
        put(ws, r, 1, key)
        put(ws, r, 2, value)
    ws.protection.sheet = True
