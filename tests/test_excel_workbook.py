"""The exported workbook as a kecamatan official sees it: names instead of ids, Excel's own
data validation on every input cell, number formats, print setup, and an edited workbook
that imports with the right changes and the right located errors."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.cli import main
from generator.crosscheck import program_units, renstra_indicators
from generator.errors import DataErrors, UserError
from generator.excel import cmd_ekspor, default_target, plan_import
from generator.excel_layout import (
    BAGIAN_PK,
    DATA_ROW,
    HEADER_ROW,
    JENIS_PEMBANDING,
    JENIS_PK,
    LIST_SHEET,
    POLARITAS,
    TINGKAT,
)
from generator.result_checks import load_and_validate
from tests.conftest import DATA

EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]
ID_SHAPE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")  # snake_case, the shape of every id


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The exported workbook of every example year (the data folder is only read)."""
    out = tmp_path_factory.mktemp("buku")
    found = {}
    for slug in EXAMPLES:
        target = out / default_target(slug, 2024)
        cmd_ekspor(DATA, slug, 2024, target)
        found[slug] = target
    return found


def internal_ids(slug: str) -> set[str]:
    """Every id and code value of the year's data that a person should never have to read."""
    project, _ = load_and_validate(DATA / slug / "2024")
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    year = kec.tahun[0]
    ids = {kab.slug, kec.slug, slug}
    ids |= {ind.id for _, ind in renstra_indicators(kec) if ind.id}
    ids |= {ind.id for _, unit, _ in program_units(year) for ind in unit.indikator if ind.id}
    ids |= {unit.id for unit in kec.profil.organisasi}
    ids |= set(year.kinerja.nilai_dasar)
    ids |= {
        value
        for choices in (POLARITAS, TINGKAT, JENIS_PEMBANDING, JENIS_PK, BAGIAN_PK)
        for value, _ in choices
    }
    return ids


def visible_cells(book: Workbook) -> Iterator[tuple[str, str, Any]]:
    """(sheet, cell, value) of every non-empty cell in a visible sheet and column."""
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for cell in row:
                letter = cell.column_letter
                if cell.value is not None and not ws.column_dimensions[letter].hidden:
                    yield ws.title, cell.coordinate, cell.value


def input_sheets(book: Workbook) -> list[Worksheet]:
    return [ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title != "Petunjuk"]


# --- 1. names, not ids ----------------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_no_visible_cell_or_dropdown_shows_an_internal_id(
    books: dict[str, Path], slug: str
) -> None:
    book = load_workbook(books[slug])
    ids = internal_ids(slug)
    shown = [(s, c, v) for s, c, v in visible_cells(book) if isinstance(v, str)]
    assert shown
    assert [(s, c, v) for s, c, v in shown if v.strip() in ids] == []
    assert [(s, c, v) for s, c, v in shown if ID_SHAPE.fullmatch(v.strip())] == []
    assert [(s, c, v) for s, c, v in shown if f"({slug})" in v] == []  # no slug in titles
    # dropdowns list labels: inline lists and the hidden list sheet they point to
    lists = book[LIST_SHEET]
    assert isinstance(lists, Worksheet)
    items = {str(v) for row in lists.iter_rows(values_only=True) for v in row if v is not None}
    for ws in input_sheets(book):
        for dv in ws.data_validations.dataValidation:
            if dv.type == "list" and dv.formula1.startswith('"'):
                items |= set(dv.formula1.strip('"').split(","))
    assert items and not items & ids


def test_ids_stay_in_hidden_columns(books: dict[str, Path]) -> None:
    book = load_workbook(books["jombang/perak"])
    ind, dasar = book["Indikator"], book["Nilai Dasar"]
    assert isinstance(ind, Worksheet) and isinstance(dasar, Worksheet)
    assert ind.column_dimensions["A"].hidden and ind["A4"].value == "akip"
    assert dasar.column_dimensions["A"].hidden and dasar["A4"].value == "ikm_ktp"
    assert str(ind["B1"].value).endswith("Kecamatan Perak, Kabupaten Jombang, tahun 2024")


# --- 2. Excel's own data validation ---------------------------------------------------------


def _covered(ws: Worksheet) -> dict[str, Any]:
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws.iter_rows(
                min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col
            ):
                for cell in row:
                    assert cell.coordinate not in found, f"{ws.title}!{cell.coordinate} twice"
                    found[cell.coordinate] = dv
    return found


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_input_cell_has_data_validation_with_indonesian_messages(
    books: dict[str, Path], slug: str
) -> None:
    book = load_workbook(books[slug])
    for ws in input_sheets(book):
        assert ws.protection.sheet
        covered = _covered(ws)
        open_cells = [
            cell.coordinate
            for row in ws.iter_rows(min_row=DATA_ROW)
            for cell in row
            if not cell.protection.locked
        ]
        assert open_cells, ws.title
        assert [c for c in open_cells if c not in covered] == [], ws.title
        for coordinate in open_cells:
            dv = covered[coordinate]
            assert dv.showErrorMessage and dv.showInputMessage
            assert dv.errorStyle == "stop"
            assert dv.error and dv.errorTitle == "Isian tidak valid"
            assert dv.prompt and dv.promptTitle


def _rule_at(book: Workbook, sheet: str, column: str) -> Any:
    ws = book[sheet]
    assert isinstance(ws, Worksheet)
    return _covered(ws)[f"{column}{DATA_ROW}"]


def test_validation_matches_what_the_schema_accepts(books: dict[str, Path]) -> None:
    book = load_workbook(books["jombang/perak"])
    pagu = _rule_at(book, "Anggaran", "E")  # Rupiah: a whole number >= 0
    assert (pagu.type, pagu.operator, pagu.formula1) == ("whole", "greaterThanOrEqual", "0")
    nilai = _rule_at(book, "Pembanding", "E")  # a benchmark value: any number
    assert nilai.type == "decimal"
    target = _rule_at(book, "Indikator", "F")  # a number, a range such as 60-70, or N/A
    assert target.type == "custom"
    assert target.formula1.startswith("OR(ISNUMBER(F4),") and '"N/A"' in target.formula1
    assert 'FIND("-",F4,2)' in target.formula1
    realisasi = _rule_at(book, "Program", "I")  # a number or N/A, no range
    assert realisasi.type == "custom" and "FIND" not in realisasi.formula1
    unit = _rule_at(book, "Program", "D")
    assert unit.type == "list" and unit.formula1.startswith("'_daftar'!$B$1:")
    polaritas = _rule_at(book, "Indikator", "E")
    assert (polaritas.type, polaritas.formula1) == ("list", '"Positif,Negatif"')
    text = _rule_at(book, "Indikator", "C")
    assert text.type == "textLength"


# --- 3. number formats ------------------------------------------------------------------


def test_rupiah_and_percent_formats_and_separate_pk_columns(books: dict[str, Path]) -> None:
    book = load_workbook(books["jombang/perak"])
    anggaran = book["Anggaran"]
    pk = book["PK"]
    assert isinstance(anggaran, Worksheet) and isinstance(pk, Worksheet)
    for column in "CDEFGI":
        assert anggaran[f"{column}{DATA_ROW}"].number_format == "#,##0"
    assert anggaran[f"H{DATA_ROW}"].number_format == "0.00"
    headers = [c.value for c in pk[HEADER_ROW]]
    assert "Target" in headers and "Jumlah (Rp)" in headers
    jumlah = headers.index("Jumlah (Rp)") + 1
    target = headers.index("Target") + 1
    rows = list(pk.iter_rows(min_row=DATA_ROW))
    budget = [r for r in rows if r[1].value == "Anggaran"]
    goals = [r for r in rows if r[1].value == "Sasaran"]
    assert budget and goals
    for r in budget:
        assert isinstance(r[jumlah - 1].value, int) and r[target - 1].value is None
        assert r[jumlah - 1].number_format == "#,##0" and r[target - 1].protection.locked
    for r in goals:
        assert r[jumlah - 1].value is None and r[jumlah - 1].protection.locked


# --- 4. print setup -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_sheet_prints_one_page_wide_with_headers(books: dict[str, Path], slug: str) -> None:
    book = load_workbook(books[slug])
    kecamatan = {"rembang/sumber": "Sumber", "rembang/kragan": "Kragan", "jombang/perak": "Perak"}
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible[0].title == "Petunjuk"
    for ws in visible:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        header = ws.oddHeader.left.text
        assert f"Kecamatan {kecamatan[slug]}" in header and "2024" in header
        assert ws.oddFooter.center.text == "Halaman &P dari &N"
    for ws in input_sheets(book):
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}", ws.title
        assert ws.freeze_panes, ws.title


def test_long_names_wrap_and_rows_are_sized(books: dict[str, Path]) -> None:
    book = load_workbook(books["rembang/sumber"])
    ws = book["Program"]
    assert isinstance(ws, Worksheet)
    name = ws[f"C{DATA_ROW}"]
    assert len(str(name.value)) > 45  # "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH …"
    assert name.alignment.wrap_text
    assert (ws.row_dimensions[DATA_ROW].height or 0) >= 30
    assert (ws.row_dimensions[HEADER_ROW].height or 0) >= 15


# --- 5. Nilai Dasar and Petunjuk ----------------------------------------------------------


def test_nilai_dasar_sheet_only_when_the_year_has_any(books: dict[str, Path]) -> None:
    assert "Nilai Dasar" not in load_workbook(books["rembang/sumber"]).sheetnames
    ws = load_workbook(books["jombang/perak"])["Nilai Dasar"]
    assert isinstance(ws, Worksheet)
    assert [ws[f"B{r}"].value for r in range(DATA_ROW, DATA_ROW + 2)] == [
        "IKM layanan KTP",
        "IKM layanan Kartu Keluarga",
    ]
    assert ws[f"C{DATA_ROW}"].value == 98.35 and not ws[f"C{DATA_ROW}"].protection.locked


def test_petunjuk_speaks_to_someone_who_never_saw_yaml(books: dict[str, Path]) -> None:
    ws = load_workbook(books["rembang/sumber"])["Petunjuk"]
    assert isinstance(ws, Worksheet)
    text = "\n".join(str(c.value) for c in ws["A"] if c.value)
    assert "yaml" not in text.lower()
    for phrase in ("PUTIH", "ABU-ABU", "lkjip excel impor", "pengelola data", "Cara mengirim"):
        assert phrase in text


# --- 6. an edited workbook ------------------------------------------------------------------


def _edit(path: Path, cells: dict[tuple[str, str], Any]) -> None:
    book = load_workbook(path)
    for (name, cell), value in cells.items():
        ws = book[name]
        assert isinstance(ws, Worksheet)
        ws[cell] = value
    book.save(path)


@pytest.fixture
def perak_book(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    target = tmp_path / default_target("jombang/perak", 2024)
    cmd_ekspor(data, "jombang/perak", 2024, target)
    return data, target


ONE_PER_SHEET = {
    ("Indikator", "G4"): 75.5,  # akip realisasi 74.64
    ("Program", "H4"): 95,  # 7.01.01 indikator 1 target 100
    ("Anggaran", "F4"): 4400000,  # realisasi 4451500
    ("Pembanding", "E4"): 72.5,  # AKIP vs Kabupaten Jombang 72.33
    ("PK", "E4"): 74,  # PK awal target of akip 73
    ("Nilai Dasar", "C4"): 98.4,  # ikm_ktp 98.35
}


def test_one_value_changed_per_sheet_imports_as_exactly_those_changes(
    perak_book: tuple[Path, Path],
) -> None:
    data, book = perak_book
    _edit(book, ONE_PER_SHEET)
    rencana = plan_import(book, data)
    changes = sorted(p.format() for p in rencana.perubahan)
    assert len(changes) == 6
    assert [c.split(":")[0] for c in changes] == sorted(
        f"Sheet {sheet}, sel {cell}" for sheet, cell in ONE_PER_SHEET
    )
    joined = "\n".join(changes)
    assert "Sheet Anggaran, sel F4: program.yaml " in joined and "4451500 → 4400000" in joined
    assert "Sheet Indikator, sel G4: kinerja.yaml indikator[0].realisasi: 74.64 → 75.5" in joined
    assert (
        "Sheet Nilai Dasar, sel C4: kinerja.yaml nilai_dasar.ikm_ktp.nilai: 98.35 → 98.4" in joined
    )
    assert "Sheet PK, sel E4: pk.yaml perjanjian[0].sasaran[0].target: 73 → 74" in joined
    assert "+    realisasi: 75.5" in rencana.diff


def test_labels_chosen_from_dropdowns_import_as_ids(perak_book: tuple[Path, Path]) -> None:
    data, book = perak_book
    wb = load_workbook(book)
    pembanding, program = wb["Pembanding"], wb["Program"]
    assert isinstance(pembanding, Worksheet) and isinstance(program, Worksheet)
    spare = next(
        r for r in range(DATA_ROW, pembanding.max_row + 1) if pembanding[f"A{r}"].value is None
    )
    akip = str(pembanding["A4"].value)  # the label of indicator akip
    for column, value in zip(
        "ACDEF", (akip, "Daerah Sekitar", "Kecamatan Tembelang", 70, "LKjIP"), strict=True
    ):
        pembanding[f"{column}{spare}"] = value
    program["D5"] = "Seksi Tata Pemerintahan"  # a unit name from the dropdown
    wb.save(book)
    rencana = plan_import(book, data)
    assert "jenis: daerah_sekitar" in rencana.diff and "nama: Kecamatan Tembelang" in rencana.diff
    assert re.search(r"^\+ +unit: seksi_pemerintahan$", rencana.diff, re.M)


def test_one_invalid_value_is_reported_at_its_cell(perak_book: tuple[Path, Path]) -> None:
    data, book = perak_book
    _edit(book, {**ONE_PER_SHEET, ("Anggaran", "E5"): "dua juta", ("PK", "F4"): 5000})
    with pytest.raises(DataErrors) as exc:
        plan_import(book, data)
    assert [i.format() for i in exc.value.issues] == [
        "Sheet Anggaran, sel E5: 'dua juta' bukan angka",
        "Sheet PK, sel F4: kolom ini hanya diisi pada baris anggaran",
    ]


# --- 7. a new year, filled in Excel only ------------------------------------------------------


def test_a_new_year_is_started_filled_and_imported_without_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    book = tmp_path / default_target("rembang/sumber", 2025)
    with pytest.raises(UserError, match="lkjip tahun-baru rembang/sumber 2025"):
        cmd_ekspor(data, "rembang/sumber", 2025, book)
    assert main(["tahun-baru", "rembang/sumber", "2025", "--data", str(data)]) == 0
    cmd_ekspor(data, "rembang/sumber", 2025, book)
    wb = load_workbook(book)
    indikator, program = wb["Indikator"], wb["Program"]
    assert isinstance(indikator, Worksheet) and isinstance(program, Worksheet)
    filled = 0
    for ws, column in ((indikator, "G"), (program, "I")):
        for r in range(DATA_ROW, ws.max_row + 1):
            cell = ws[f"{column}{r}"]
            if not cell.protection.locked and cell.value is None and ws[f"A{r}"].value:
                cell.value = 90
                filled += 1
    assert filled > 10
    wb.save(book)
    capsys.readouterr()
    assert main(["excel", "impor", str(book), "--data", str(data), "--tulis"]) == 0
    assert "Ditulis:" in capsys.readouterr().out
    assert main(["validate", str(data / "rembang" / "sumber" / "2025")]) == 0
    cmd_ekspor(data, "rembang/sumber", 2025, book)  # the computed columns now have results
    again = load_workbook(book)["Indikator"]
    assert isinstance(again, Worksheet)
    assert isinstance(again[f"J{DATA_ROW}"].value, float | int)  # capaian, no longer N/A
    assert main(["excel", "impor", str(book), "--data", str(data)]) == 0
    assert "Tidak ada perubahan" in capsys.readouterr().out
