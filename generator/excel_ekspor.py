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
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from generator import __version__
from generator.compute.capaian import Hasil
from generator.compute.scale import Kategori
from generator.crosscheck import program_units, renstra_indicators
from generator.excel_layout import (
    ANGGARAN,
    DATA_ROW,
    FORMAT,
    HEADER_ROW,
    JENIS_PEMBANDING,
    JENIS_PK,
    LEGEND,
    LIST_SHEET,
    META_SHEET,
    NILAI_DASAR,
    PETUNJUK,
    PK,
    POLARITAS,
    PROGRAM,
    TINGKAT,
    TITLE_ROW,
    TOTAL_KEY,
    VERSION,
    Kolom,
    Lembar,
    Tahun,
    baris_by_kode,
    derived_renstra,
    indikator,
    indikator_labels,
    kinerja_rows,
    label_of,
    labels_of,
    pemilik,
    pk_in_force,
    program_indicators,
    renstra_ukur,
    title,
    ukur_by_id,
    unit_labels,
)
from generator.excel_layout import PEMBANDING as PEMBANDING_SHEET
from generator.excel_sel import target_text
from generator.numbers import round_half_up
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
    _petunjuk(book.create_sheet("Petunjuk"), data)
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
    ] + ([(NILAI_DASAR, _nilai_dasar_rows(data))] if data.year.kinerja.nilai_dasar else [])


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
            label_of(POLARITAS, ind.polaritas),
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
    units = labels_of(unit_labels(data))
    rows = []
    for _, unit, _ in program_units(data.year):
        row = found[unit.kode]
        unit_label = units.get(unit.unit, unit.unit) if unit.unit else None
        head = (label_of(TINGKAT, row.tingkat), unit.kode, unit.nama, unit_label)
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
    labels = labels_of(indikator_labels(data))
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
            values = (
                labels.get(ident, ident),
                k + 1,
                label_of(JENIS_PEMBANDING, item.jenis),
                item.nama,
                item.nilai,
                item.sumber,
            )
            rows.append(BarisXl((*values, *computed)))
    return rows + _spare(PEMBANDING_SHEET)


def _pk_rows(data: Tahun) -> list[BarisXl]:
    ukur = ukur_by_id(data)
    found = baris_by_kode(data.hasil.program)
    names = {p.kode: p.nama for p in data.year.program.program}
    in_force = pk_in_force(data.year)
    labels = labels_of(indikator_labels(data))
    sasaran_locked = frozenset({PK.col("Jumlah"), PK.col("Sumber")})
    anggaran_locked = frozenset({PK.col("Target")})
    rows = []
    for pk in data.year.pk.perjanjian:
        jenis = label_of(JENIS_PK, pk.jenis)
        for s in pk.sasaran:
            u = ukur.get(s.indikator)
            capaian = _percent(data, u.capaian) if u and pk.jenis == in_force else None
            satuan = u.satuan if u else None
            label = labels.get(s.indikator, s.indikator)
            values: tuple[Any, ...] = (jenis, "Sasaran", label, satuan, s.target)
            values += (None, None, capaian, None)
            rows.append(BarisXl(values, sasaran_locked))
        for a in pk.anggaran:
            row = found.get(a.program)
            pagu = row.dana.pagu if row and row.dana else None
            nama = names.get(a.program)
            values = (jenis, "Anggaran", a.program, nama, None, a.jumlah, a.sumber, None, pagu)
            rows.append(BarisXl(values, anggaran_locked))
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
    first = lembar.pertama
    heading = put(ws, TITLE_ROW, first, title(lembar, data))
    heading.font = Font(bold=True, size=12)
    put(ws, TITLE_ROW + 1, first, LEGEND).font = Font(italic=True)
    for c, kolom in enumerate(lembar.kolom, start=1):
        cell = put(ws, HEADER_ROW, c, kolom.judul)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = ws.column_dimensions[get_column_letter(c)]
        dimension.width = kolom.lebar
        dimension.hidden = kolom.sembunyi
    ws.row_dimensions[HEADER_ROW].height = _height(lembar, [k.judul for k in lembar.kolom])
    open_cells: dict[int, list[int]] = {}
    for r, row in enumerate(rows, start=DATA_ROW):
        for c in _write_row(ws, lembar, r, row):
            open_cells.setdefault(c, []).append(r)
        ws.row_dimensions[r].height = _height(lembar, [_cell_value(v) for v in row.nilai])
    for c, cells in open_cells.items():
        _validate(ws, lembar.kolom[c - 1], c, cells, lists)
    ws.freeze_panes = lembar.beku
    _print_setup(ws, data, f"{HEADER_ROW}:{HEADER_ROW}")
    # No password: the lock prevents accidental edits; import ignores computed columns anyway.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _write_row(ws: Worksheet, lembar: Lembar, r: int, row: BarisXl) -> list[int]:
    """Write one row; return the columns of its open (input) cells."""
    opened = []
    for c, (kolom, value) in enumerate(zip(lembar.kolom, row.nilai, strict=True), start=1):
        cell = put(ws, r, c, _cell_value(value))
        cell.number_format = _NUMBER_FORMATS[kolom.format]
        cell.alignment = Alignment(wrap_text=kolom.format == "teks", vertical="top")
        open_ = (kolom.jenis == "masukan" and c not in row.terkunci) or (
            row.cadangan and kolom.baru
        )
        if open_:
            cell.protection = Protection(locked=False)
            opened.append(c)
        else:
            cell.fill = _LOCKED_FILL
    return opened


_LINE_HEIGHT = 15.0  # points per line of 11-point text
_MAX_HEIGHT = 409.0  # Excel's largest row height


def _height(lembar: Lembar, values: Sequence[Any]) -> float:
    """A row height that shows every wrapped line (the viewer does not size rows itself)."""
    lines = 1
    for kolom, value in zip(lembar.kolom, values, strict=True):
        if kolom.sembunyi or value is None:
            continue
        per_line = max(1, int(kolom.lebar * 1.1) - 1)  # characters of a column width unit
        text = str(value)
        lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in text.split("\n")))
    return min(_MAX_HEIGHT, lines * _LINE_HEIGHT)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers grouped as (first, last)."""
    runs: list[tuple[int, int]] = []
    for r in sorted(rows):
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


_TEXT_LIMIT = 2000  # characters; far above any real name or source, below Excel's cell limit


def _validate(ws: Worksheet, kolom: Kolom, c: int, rows: list[int], lists: dict[str, str]) -> None:
    """Excel's own data validation on the open cells of one column, with Indonesian
    messages. Import checks every value again; this stops most mistakes while typing."""
    letter = get_column_letter(c)
    for first, last in _runs(rows) if kolom.validasi in ("target", "tersedia") else [(0, 0)]:
        check = _rule(kolom, f"{letter}{first}", lists)
        check.promptTitle = kolom.judul[:32]
        check.showInputMessage = True
        check.showErrorMessage = True
        check.errorTitle = "Isian tidak valid"
        check.errorStyle = "stop"
        ws.add_data_validation(check)
        if first:
            check.add(f"{letter}{first}:{letter}{last}")
        else:
            for a, b in _runs(rows):
                check.add(f"{letter}{a}:{letter}{b}")


def _rule(kolom: Kolom, cell: str, lists: dict[str, str]) -> DataValidation:
    """The validation rule and its messages; ``cell`` is the top-left cell of its range
    (a custom formula is relative to it)."""
    if kolom.pilihan or kolom.daftar:
        if kolom.pilihan:
            formula = '"' + ",".join(label for _, label in kolom.pilihan) + '"'
        else:
            formula = lists.get(kolom.daftar or "", '""')
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.prompt = "Pilih dari daftar (klik panah di kanan sel)."
        check.error = f"Pilih salah satu nilai dari daftar untuk kolom '{kolom.judul}'."
        return check
    aturan = kolom.validasi
    if aturan == "rupiah":
        check = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        check.prompt = "Rupiah: bilangan bulat tanpa 'Rp', titik ribuan atau sen, mis. 2149489000."
        check.error = "Rupiah harus bilangan bulat 0 atau lebih, tanpa 'Rp' dan tanpa sen."
        return check
    if aturan == "angka":
        check = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+15",
            formula2="1E+15",
            allow_blank=True,
        )
        check.prompt = "Angka, mis. 88,61."
        check.error = "Isi dengan angka, mis. 88,61."
        return check
    if aturan in ("target", "tersedia"):
        na = f'OR(UPPER(TRIM({cell}))="N/A",TRIM({cell})="-")'
        if aturan == "target":
            # a range such as 60-70: text with a dash that is neither first nor last
            dash = f'IFERROR(FIND("-",{cell},2)<LEN(TRIM({cell})),FALSE)'
            formula = f"OR(ISNUMBER({cell}),{na},{dash})"
            check = DataValidation(type="custom", formula1=formula, allow_blank=True)
            check.prompt = "Angka (mis. 84), rentang (mis. '60-70) atau N/A bila tidak tersedia."
            check.error = "Isi dengan angka (mis. 84), rentang (mis. '60-70) atau N/A."
            return check
        formula = f"OR(ISNUMBER({cell}),{na})"
        check = DataValidation(type="custom", formula1=formula, allow_blank=True)
        check.prompt = "Angka (mis. 88,61), atau N/A bila data tidak tersedia."
        check.error = "Isi dengan angka (mis. 88,61) atau N/A."
        return check
    check = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(_TEXT_LIMIT),
        allow_blank=True,
    )
    check.prompt = "Teks bebas."
    check.error = f"Teks paling panjang {_TEXT_LIMIT} karakter."
    return check


def _header_text(text: str) -> str:
    """Text for a print header/footer: "&" starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def _print_setup(ws: Worksheet, data: Tahun, title_rows: str | None) -> None:
    """Landscape A4, one page wide (as many pages down as needed), headers on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3)
    ws.print_options.gridLines = True
    if title_rows:
        ws.print_title_rows = title_rows
    header, footer = ws.oddHeader, ws.oddFooter
    assert header is not None and footer is not None  # openpyxl creates both
    header.left.text = _header_text(f"LKjIP {pemilik(data)}, tahun {data.tahun}")
    header.right.text = "&A"  # the sheet name
    footer.center.text = "Halaman &P dari &N"


def _list_values(data: Tahun) -> dict[str, list[str]]:
    """Choices too long for an inline dropdown list: indicator and unit names, and what a
    new PK row can name (an indicator's name or a program's code)."""
    indicators = list(indikator_labels(data))
    return {
        "indikator": indicators,
        "unit": list(unit_labels(data)),
        "pk": indicators + [p.kode for p in data.year.program.program],
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


def _petunjuk(ws: Worksheet, data: Tahun) -> None:
    ws.column_dimensions["A"].width = 110
    for r, line in enumerate(PETUNJUK, start=1):
        cell = put(ws, r, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1:
            cell.font = Font(bold=True, size=13)
        elif line[:2].rstrip(".").isdigit():
            cell.font = Font(bold=True)
        ws.row_dimensions[r].height = max(1, -(-len(line) // 118)) * _LINE_HEIGHT
    _print_setup(ws, data, None)
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
