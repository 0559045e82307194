"""The Excel round trip: export, fill, import (plan and diff), write with a backup."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.compute.report import hitung
from generator.errors import DataErrors, UserError
from generator.excel import (
    apply_import,
    cmd_ekspor,
    cmd_impor,
    default_target,
    plan_import,
)
from generator.result_checks import load_and_validate
from tests.conftest import DATA, edit

EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]
ALPHA = "contoh/alpha"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def export(data: Path, slug: str, out: Path) -> Path:
    target = out / default_target(slug, 2024)
    cmd_ekspor(data, slug, 2024, target)
    return target


def sheet(path: Path, name: str) -> tuple[Workbook, Worksheet]:
    book = load_workbook(path)
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return book, ws


def set_cell(path: Path, name: str, cell: str, value: Any) -> None:
    book, ws = sheet(path, name)
    ws[cell] = value
    book.save(path)


def messages(exc: pytest.ExceptionInfo[DataErrors]) -> list[str]:
    return [issue.format() for issue in exc.value.issues]


def year_model(data: Path, slug: str) -> Any:
    project, _ = load_and_validate(data / slug / "2024")
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    return kab, kec, kec.tahun[0]


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    target = tmp_path / "contoh" / "data"  # data_dir may already be tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def alpha_book(data_dir: Path, tmp_path: Path) -> Path:
    return export(data_dir, ALPHA, tmp_path)


# --- round trip identity -----------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_round_trip_without_edits_changes_nothing(
    examples: Path, tmp_path: Path, slug: str
) -> None:
    before = snapshot(examples)
    book = export(examples, slug, tmp_path)
    # A spreadsheet program re-saves the file: values must survive that too.
    loaded = load_workbook(book)
    loaded.save(book)
    rencana = plan_import(book, examples)
    assert rencana.kosong
    assert rencana.perubahan == ()
    assert rencana.diff == ""
    output = cmd_impor(book, examples, tulis=True)
    assert "Tidak ada perubahan" in output
    assert snapshot(examples) == before  # byte-identical, and no backup folder either


def test_export_never_modifies_the_data_folder(tmp_path: Path) -> None:
    before = snapshot(DATA)
    for slug in EXAMPLES:
        export(DATA, slug, tmp_path)
    assert snapshot(DATA) == before


# --- the workbook ------------------------------------------------------------------------


def test_workbook_has_instructions_locks_dropdowns_and_numbers(alpha_book: Path) -> None:
    book = load_workbook(alpha_book)
    # no "Nilai Dasar" sheet: this year has no nilai dasar
    assert book.sheetnames[:6] == [
        "Petunjuk",
        "Indikator",
        "Program",
        "Anggaran",
        "Pembanding",
        "PK",
    ]
    assert "Nilai Dasar" not in book.sheetnames
    assert "PETUNJUK PENGISIAN" in str(book["Petunjuk"]["A1"].value)
    assert book["_lkjip"].sheet_state == "veryHidden"
    ws = book["Anggaran"]
    assert isinstance(ws, Worksheet)
    assert ws.protection.sheet
    assert [ws[f"{c}3"].value for c in "CDEFGHI"] == [
        "Pagu Induk (Rp)",
        "Pagu Pergeseran (Rp)",
        "Pagu Perubahan (Rp)",
        "Realisasi (Rp)",
        "Pagu Berlaku (Rp)",
        "Serapan (%)",
        "Sisa (Rp)",
    ]
    assert ws["D4"].value == 900000 and isinstance(ws["D4"].value, int)  # Rupiah as integers
    assert not ws["D4"].protection.locked  # input
    assert ws["H4"].value == 94.44 and ws["H4"].protection.locked  # serapan: computed, locked
    assert ws["A4"].protection.locked  # the key column
    ind = book["Indikator"]
    assert isinstance(ind, Worksheet)
    assert ind["G4"].value == 88.61 and not ind["G4"].protection.locked
    assert ind["J4"].value == 104.25 and ind["J4"].protection.locked  # capaian vs PK Perubahan 85
    assert ind["K4"].value == "Sangat Tinggi" and ind["K4"].protection.locked
    assert ind["G6"].protection.locked  # indeks_gabungan: realisasi computed from its rumus
    choices = {
        dv.formula1
        for name in ("Indikator", "Program", "Pembanding", "PK")
        for dv in _dvs(book, name)
    }
    assert {
        '"Positif,Negatif"',
        '"Nasional,Provinsi,Kabupaten,Daerah Sekitar"',
        '"Awal,Perubahan"',
        '"Sasaran,Anggaran"',
    } <= choices


def _dvs(book: Workbook, name: str) -> list[Any]:
    ws = book[name]
    assert isinstance(ws, Worksheet)
    return list(ws.data_validations.dataValidation)


# --- edits round-trip into exactly their YAML value ----------------------------------------


def test_edited_realisasi_and_pagu_change_exactly_those_values(
    data_dir: Path, alpha_book: Path, tmp_path: Path
) -> None:
    year = data_dir / ALPHA / "2024"
    before = snapshot(data_dir)
    book, ws = sheet(alpha_book, "Indikator")
    ws["G4"] = 90.5  # ikm realisasi
    anggaran = book["Anggaran"]
    anggaran["D4"] = 950000  # pagu pergeseran of 7.01.01.2.02.0001
    book.save(alpha_book)

    rencana = plan_import(alpha_book, data_dir)
    assert [p.format() for p in rencana.perubahan] == [
        "Sheet Indikator, sel G4: kinerja.yaml indikator[0].realisasi: 88.61 → 90.5",
        "Sheet Anggaran, sel D4: program.yaml "
        "program[0].kegiatan[0].sub_kegiatan[0].anggaran.pagu.pergeseran: 900000 → 950000",
    ]
    changed = [line for line in rencana.diff.splitlines() if line[:1] in "+-"]
    assert changed == [
        "--- a/data/contoh/alpha/2024/kinerja.yaml",
        "+++ b/data/contoh/alpha/2024/kinerja.yaml",
        "-    realisasi: 88.61",
        "+    realisasi: 90.5",
        "--- a/data/contoh/alpha/2024/program.yaml",
        "+++ b/data/contoh/alpha/2024/program.yaml",
        "-              pagu: {induk: 800000, pergeseran: 900000}",
        "+              pagu: {induk: 800000, pergeseran: 950000}",
    ]
    assert snapshot(data_dir) == before  # planning writes nothing

    written = apply_import(rencana, tmp_path / "cadangan")
    assert sorted(written) == sorted([year / "kinerja.yaml", year / "program.yaml"])
    kab, kec, model = year_model(data_dir, ALPHA)
    assert model.kinerja.indikator[0].realisasi == Decimal("90.5")
    sub = model.program.program[0].kegiatan[0].sub_kegiatan[0]
    assert sub.anggaran.pagu.pergeseran == 950000
    hasil = hitung(kab, kec, model)
    ikm = next(u for k in hasil.kelompok for u in k.indikator if u.id == "ikm")
    assert ikm.capaian.nilai == Decimal("90.5") / 85 * 100
    serapan = hasil.program[0].anak[0].anak[0].dana.serapan.nilai
    assert serapan == Decimal(850000) / Decimal(950000) * 100

    # The next export shows the new results in the locked columns.
    again = export(data_dir, ALPHA, tmp_path / "lagi")
    book2 = load_workbook(again)
    assert book2["Indikator"]["J4"].value == 106.47
    assert book2["Anggaran"]["H4"].value == 89.47
    assert plan_import(again, data_dir).kosong


def test_new_benchmark_and_missing_kinerja_fields_are_inserted(
    data_dir: Path, alpha_book: Path
) -> None:
    book, ws = sheet(alpha_book, "Pembanding")
    row = {"A5": "aduan", "C5": "kabupaten", "D5": "Kab. Contoh", "E5": 12, "F5": "BPS: 2024"}
    for cell, value in row.items():
        ws[cell] = value
    book["Indikator"]["H5"] = "Rekap aduan"  # aduan has no sumber_data yet
    book.save(alpha_book)
    rencana = plan_import(alpha_book, data_dir)
    text = rencana.berkas[0].baru
    assert "  - indikator: aduan\n    realisasi: 8\n    sumber_data: Rekap aduan\n" in text
    assert (
        "    pembanding: [{jenis: kabupaten, nama: Kab. Contoh, nilai: 12, sumber: 'BPS: 2024'}]\n"
        in text
    )
    apply_import(rencana, data_dir.parent / "cadangan")
    # Importing the same workbook again adds nothing twice.
    assert plan_import(alpha_book, data_dir).kosong


def test_program_target_range_and_polaritas_edits(data_dir: Path, alpha_book: Path) -> None:
    book, ws = sheet(alpha_book, "Program")
    ws["H4"] = "60-70"  # nilai_sakip target: number -> range
    ws["H7"] = "60-75"  # range -> another range
    book["Indikator"]["E4"] = "Negatif"
    book.save(alpha_book)
    rencana = plan_import(alpha_book, data_dir)
    new = {b.path.name: b.baru for b in rencana.berkas}
    assert "target: {min: 60, maks: 70}, realisasi: 64.41}" in new["program.yaml"]
    assert "target: {min: 60, maks: 75}\n" in new["program.yaml"]
    assert (
        "        iku: true\n        target: {2024: 84, 2026: 86}\n        polaritas: negatif\n"
        in new["renstra.yaml"]
    )


# --- refused workbooks: every error, with sheet and cell -----------------------------------


def test_errors_are_collected_with_sheet_and_cell(data_dir: Path, alpha_book: Path) -> None:
    book, _ = sheet(alpha_book, "Anggaran")
    book["Anggaran"]["D4"] = "dua juta"
    book["Anggaran"]["F5"] = "1500,5"
    book["Indikator"]["E5"] = "netral"
    book["Indikator"]["C4"] = None
    book["Program"]["B6"] = "7.01.01.2.02.9999"
    book["Program"]["H8"] = dt.datetime(2024, 7, 6)  # "6-7" typed into Excel
    book["Pembanding"]["A5"] = "tidak_ada"
    book["PK"]["A10"], book["PK"]["B10"], book["PK"]["C10"] = "awal", "sasaran", "ikm_x"
    book.save(alpha_book)
    with pytest.raises(DataErrors) as exc:
        plan_import(alpha_book, data_dir)
    assert messages(exc) == [
        "Sheet Anggaran, sel D4: 'dua juta' bukan angka",
        "Sheet Anggaran, sel F5: Rupiah harus bilangan bulat, bukan 1500.5",
        "Sheet Indikator, sel C4: wajib diisi",
        "Sheet Indikator, sel E5: 'netral' bukan polaritas yang dikenal; pilih salah satu: "
        "Positif, Negatif",
        "Sheet PK, sel C10: indikator 'ikm_x' tidak dikenal; pilih dari daftar",
        "Sheet Pembanding, sel A5: indikator 'tidak_ada' tidak dikenal; pilih dari daftar",
        "Sheet Program, sel B6: kode '7.01.01.2.02.9999' tidak ada di program.yaml tahun 2024",
        "Sheet Program, sel H8: Excel membaca isian ini sebagai tanggal (06-07-2024); untuk "
        "rentang ketik tanda petik lebih dulu, mis. '6-7",
    ]


def test_unknown_enum_and_kode_in_anggaran(data_dir: Path, alpha_book: Path) -> None:
    book, ws = sheet(alpha_book, "Anggaran")
    ws["A4"] = "7.01.01.2.02.9999"
    ws["A5"] = "7.01.01"
    book["Pembanding"]["C4"] = "dunia"
    book["Program"]["A5"] = "program"
    book.save(alpha_book)
    with pytest.raises(DataErrors) as exc:
        plan_import(alpha_book, data_dir)
    assert messages(exc) == [
        "Sheet Anggaran, sel A4: kode sub kegiatan '7.01.01.2.02.9999' tidak ada di program.yaml "
        "tahun 2024",
        "Sheet Anggaran, sel A5: kode '7.01.01' adalah program, bukan sub kegiatan; anggaran "
        "hanya diisi pada sub kegiatan",
        "Sheet Pembanding, sel C4: 'dunia' bukan jenis pembanding yang dikenal; pilih salah satu: "
        "Nasional, Provinsi, Kabupaten, Daerah Sekitar",
        "Sheet Program, sel A5: tingkat 'Program' tidak cocok: kode '7.01.01.2.02' adalah Kegiatan",
    ]


def _save_formula_result(path: Path, formula: str, result: str) -> None:
    """Store a formula's result in the file, as Excel does on saving (openpyxl cannot)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    # An empty <v> is "<v />" or "<v></v>", depending on whether openpyxl writes with lxml.
    old = re.compile(rb"<f>" + re.escape(formula.encode()) + rb"</f><v( ?/>|></v>)")
    [name] = [n for n, content in parts.items() if old.search(content)]
    parts[name] = old.sub(f"<f>{formula}</f><v>{result}</v>".encode(), parts[name])
    with zipfile.ZipFile(path, "w") as target:
        for part, content in parts.items():
            target.writestr(part, content)


def test_formulas_count_by_their_saved_result(data_dir: Path, alpha_book: Path) -> None:
    set_cell(alpha_book, "Anggaran", "D4", "=800000+150000")
    with pytest.raises(DataErrors) as exc:
        plan_import(alpha_book, data_dir)
    assert messages(exc) == [
        "Sheet Anggaran, sel D4: sel berisi rumus Excel yang hasilnya tidak tersimpan; buka dan "
        "simpan ulang buku kerja di Excel atau LibreOffice, atau ketik nilainya"
    ]
    _save_formula_result(alpha_book, "800000+150000", "950000")
    [change] = plan_import(alpha_book, data_dir).perubahan
    assert (change.lama, change.baru) == ("900000", "950000")


def test_computed_realisasi_cannot_be_typed_over(data_dir: Path, alpha_book: Path) -> None:
    book, _ = sheet(alpha_book, "Program")
    book["Program"]["I7"] = 99  # realisasi from realisasi_triwulan
    book["Indikator"]["G6"] = 8  # indeks_gabungan: from its rumus
    book.save(alpha_book)
    with pytest.raises(DataErrors) as exc:
        plan_import(alpha_book, data_dir)
    assert messages(exc) == [
        "Sheet Indikator, sel G6: realisasi ini dihitung dari rumus di renstra.yaml dan tidak "
        "dapat diisi di sini",
        "Sheet Program, sel I7: realisasi ini dihitung dari realisasi triwulan dan tidak dapat "
        "diisi di sini",
    ]


def test_wrong_layout_and_missing_sheet(data_dir: Path, alpha_book: Path) -> None:
    book, ws = sheet(alpha_book, "Anggaran")
    ws.insert_cols(3)
    del book["PK"]
    book.save(alpha_book)
    with pytest.raises(DataErrors) as exc:
        plan_import(alpha_book, data_dir)
    found = messages(exc)
    assert found[0] == (
        "Sheet Anggaran, sel C3: judul kolom seharusnya 'Pagu Induk (Rp)', bukan ''; jangan "
        "menyisipkan, menghapus atau memindahkan kolom"
    )
    assert (
        "Sheet PK: sheet tidak ada di buku kerja; jangan mengganti nama atau menghapus sheet, "
        "atau ekspor ulang dengan 'lkjip excel ekspor'"
    ) in found


def test_workbook_for_another_year(data_dir: Path, alpha_book: Path) -> None:
    set_cell(alpha_book, "_lkjip", "B5", 2023)
    with pytest.raises(DataErrors) as exc:
        plan_import(alpha_book, data_dir)
    assert messages(exc) == [
        "Sheet _lkjip, sel B5: buku kerja ini untuk kecamatan contoh/alpha tahun 2023, yang "
        f"tidak ada di folder data '{data_dir}'"
    ]


def test_workbook_for_a_kecamatan_not_in_the_data(alpha_book: Path, examples: Path) -> None:
    with pytest.raises(DataErrors) as exc:
        plan_import(alpha_book, examples)
    assert messages(exc) == [
        "Sheet _lkjip, sel B4: buku kerja ini untuk kecamatan contoh/alpha tahun 2024, yang "
        f"tidak ada di folder data '{examples}'"
    ]


def test_sheets_of_another_kecamatan_are_refused(examples: Path, tmp_path: Path) -> None:
    book_path = export(examples, "rembang/sumber", tmp_path)
    set_cell(book_path, "_lkjip", "B4", "kragan")  # as if the sheets were pasted into kragan's
    with pytest.raises(DataErrors) as exc:
        plan_import(book_path, examples)
    found = messages(exc)
    assert found[0] == (
        "Sheet Anggaran, sel A1: sheet ini untuk Kecamatan Sumber, Kabupaten Rembang tahun 2024, "
        "padahal buku kerja ini untuk Kecamatan Kragan, Kabupaten Rembang tahun 2024"
    )
    assert len(found) == 5  # every input sheet (this year has no Nilai Dasar)


def test_not_an_lkjip_workbook(data_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "lain.xlsx"
    Workbook().save(other)
    with pytest.raises(DataErrors) as exc:
        plan_import(other, data_dir)
    assert messages(exc) == [
        "Sheet _lkjip: tidak ada: buku kerja ini bukan hasil 'lkjip excel ekspor'"
    ]
    (tmp_path / "bukan.xlsx").write_text("halo", encoding="utf-8")
    with pytest.raises(UserError, match="bukan buku kerja Excel"):
        plan_import(tmp_path / "bukan.xlsx", data_dir)


def test_planned_data_must_validate(
    data_dir: Path, alpha_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_dir.parent)  # paths are shown relative to the working directory
    before = snapshot(data_dir)
    set_cell(alpha_book, "Anggaran", "F4", 10**16)  # beyond what the data may hold
    with pytest.raises(DataErrors) as exc:
        cmd_impor(alpha_book, data_dir, tulis=True)
    [message] = messages(exc)
    assert message.startswith("data/contoh/alpha/2024/program.yaml:")
    assert "terlalu besar" in message
    assert message.endswith("(pada hasil impor; belum ada berkas yang diubah)")
    assert snapshot(data_dir) == before


# --- writing -----------------------------------------------------------------------------


def test_without_tulis_nothing_is_written(data_dir: Path, alpha_book: Path) -> None:
    before = snapshot(data_dir)
    set_cell(alpha_book, "Indikator", "G7", 3.5)
    output = cmd_impor(alpha_book, data_dir, tulis=False)
    assert "kinerja.yaml indikator[2].realisasi: 3.36 → 3.5" in output
    assert "+    realisasi: 3.5" in output
    assert "Belum ada berkas yang ditulis. Jalankan lagi dengan --tulis" in output
    assert snapshot(data_dir) == before


def test_writing_keeps_a_backup(data_dir: Path, alpha_book: Path) -> None:
    kinerja = data_dir / ALPHA / "2024" / "kinerja.yaml"
    old = kinerja.read_bytes()
    set_cell(alpha_book, "Indikator", "G7", 3.5)
    output = cmd_impor(alpha_book, data_dir, tulis=True)
    assert f"Ditulis: {kinerja}" in output
    assert kinerja.read_bytes() == old.replace(b"realisasi: 3.36", b"realisasi: 3.5")
    [backup] = (data_dir / ".cadangan").iterdir()
    assert backup.name.endswith("-contoh-alpha-2024")
    assert f"Cadangan berkas lama: {backup}" in output
    assert (backup / ALPHA / "2024" / "kinerja.yaml").read_bytes() == old
    assert not list(kinerja.parent.glob(".*sementara"))
    # The backup folder is not mistaken for data.
    year_model(data_dir, ALPHA)


def test_apply_refuses_files_changed_after_planning(data_dir: Path, alpha_book: Path) -> None:
    set_cell(alpha_book, "Indikator", "G7", 3.5)
    rencana = plan_import(alpha_book, data_dir)
    edit(data_dir / ALPHA / "2024" / "kinerja.yaml", "realisasi: 8\n", "realisasi: 9\n")
    with pytest.raises(UserError, match="berubah setelah impor direncanakan"):
        apply_import(rencana, data_dir / ".cadangan")
    assert not (data_dir / ".cadangan").exists()


def test_stale_workbook_is_flagged(data_dir: Path, alpha_book: Path) -> None:
    edit(data_dir / ALPHA / "2024" / "kinerja.yaml", "realisasi: 8\n", "realisasi: 9\n")
    set_cell(alpha_book, "Indikator", "G7", 3.5)
    rencana = plan_import(alpha_book, data_dir)
    assert (
        "kinerja.yaml berubah sejak buku kerja diekspor; periksa diff agar perubahan lain "
        "tidak tertimpa"
    ) in rencana.peringatan
    # The edit in the YAML shows up as a change back to the exported value.
    assert any(p.kunci == "indikator[1].realisasi" for p in rencana.perubahan)


def test_unknown_kecamatan_or_year_on_export(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="kecamatan 'contoh/beta' tidak ada"):
        cmd_ekspor(data_dir, "contoh/beta", 2024, tmp_path / "x.xlsx")
    with pytest.raises(UserError, match="tahun 2030 tidak ada"):
        cmd_ekspor(data_dir, ALPHA, 2030, tmp_path / "x.xlsx")
    with pytest.raises(UserError, match="KAB/KEC"):
        cmd_ekspor(data_dir, "alpha", 2024, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_excel_round_trip(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    book = tmp_path / "alpha.xlsx"
    assert (
        main(
            [
                "excel",
                "ekspor",
                "contoh/alpha",
                "2024",
                "--data",
                str(data_dir),
                "--keluaran",
                str(book),
            ]
        )
        == 0
    )
    assert book.is_file()
    capsys.readouterr()
    assert main(["excel", "impor", str(book), "--data", str(data_dir)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_a_cell_with_thousands_of_digits_is_a_user_error(
    data_dir: Path, alpha_book: Path, tmp_path: Path
) -> None:
    # openpyxl converts the cell with int(), which refuses more than 4,300 digits: the
    # whole workbook cannot be read, which is said in one line (it was a traceback).
    set_cell(alpha_book, "Indikator", "G4", 1)
    crafted = tmp_path / "besar.xlsx"
    with zipfile.ZipFile(alpha_book) as src, zipfile.ZipFile(crafted, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<v>1</v>", b"<v>" + b"9" * 5000 + b"</v>")
            dst.writestr(item, data)
    with pytest.raises(UserError, match="bukan buku kerja Excel"):
        cmd_impor(crafted, data_dir, tulis=False)
