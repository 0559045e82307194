"""`lkjip excel impor` on hostile files: XML entity tricks, zip bombs, huge sheets,
hundreds of thousands of errors. Each is refused with a located Indonesian message and
exit 1, in bounded time; no temporary file is left behind.

The malicious workbooks are made on the fly from an exported one with zipfile.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.excel import cmd_ekspor, default_target
from tests.test_excel import ALPHA

PROGRAM_PART = "xl/worksheets/sheet3.xml"  # Petunjuk, Indikator, Program, …


@pytest.fixture
def book(data_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / default_target(ALPHA, 2024)
    cmd_ekspor(data_dir, ALPHA, 2024, target)
    return target


def rewrite(source: Path, target: Path, parts: dict[str, bytes]) -> Path:
    """A copy of ``source`` with some parts replaced (or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, parts.pop(info.filename, None) or old.read(info))
        for name, content in parts.items():
            new.writestr(name, content)
    return target


def impor(book: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    started = time.monotonic()
    code = main(["excel", "impor", str(book), "--data", str(data)])
    assert time.monotonic() - started < 20
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def with_doctype(part: bytes, doctype: str) -> bytes:
    """Insert ``doctype`` after the XML declaration (or at the start)."""
    match = re.match(rb"<\?xml[^>]*\?>", part)
    at = match.end() if match else 0
    return part[:at] + doctype.encode() + part[at:]


def test_xxe_is_refused(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("RAHASIA-123", encoding="utf-8")
    with zipfile.ZipFile(book) as z:
        shared = z.read(PROGRAM_PART)
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    part = with_doctype(shared, doctype).replace(b"<t>Kode</t>", b"<t>&xxe;</t>", 1)
    bad = rewrite(book, tmp_path / "xxe.xlsx", {PROGRAM_PART: part})
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    assert "RAHASIA" not in err
    assert PROGRAM_PART in err and "DOCTYPE" in err
    assert err.startswith("galat: ")


def test_billion_laughs_is_refused(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    with zipfile.ZipFile(book) as z:
        workbook = z.read("xl/workbook.xml")
    part = with_doctype(workbook, f"<!DOCTYPE x [{entities}]>")
    part = part.replace(b'name="Program"', b'name="&a9;"', 1)
    bad = rewrite(book, tmp_path / "lol.xlsx", {"xl/workbook.xml": part})
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    assert "xl/workbook.xml" in err and "DOCTYPE" in err


@pytest.mark.parametrize("part", ["xl/workbook.xml", PROGRAM_PART])
def test_openpyxl_refuses_entities_through_defusedxml(
    monkeypatch: pytest.MonkeyPatch, book: Path, data_dir: Path, tmp_path: Path, part: str
) -> None:
    """The second line of defence, without our own check: openpyxl parses with defusedxml,
    or, where lxml is installed (python-docx needs it), for some parts with lxml told not to
    resolve entities. Either way no entity expands: the file is refused, or read unexpanded."""
    from openpyxl import DEFUSEDXML
    from openpyxl.xml import LXML

    from generator import excel
    from generator.errors import UserError

    assert DEFUSEDXML is True
    monkeypatch.setattr(excel, "check_workbook_file", lambda _: None)
    with zipfile.ZipFile(book) as z:
        content = z.read(part)
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    bad = rewrite(
        book, tmp_path / "lol.xlsx", {part: with_doctype(content, f"<!DOCTYPE x [{entities}]>")}
    )
    if LXML and part == "xl/workbook.xml":
        try:
            plan = excel.plan_import(bad, data_dir)
        except UserError as exc:
            assert "entitas XML yang ditolak" in str(exc)
        else:
            assert "haha" not in repr(plan)
        return
    with pytest.raises(UserError, match="entitas XML yang ditolak"):
        excel.plan_import(bad, data_dir)


def test_zip_bomb_is_refused_before_inflating(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(book) as z:
        sheet = z.read(PROGRAM_PART)
    # 48 MiB of whitespace inside the sheet: compresses about 1000:1 (~50 KB on disk)
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (48 * 2**20), 1)
    bad = rewrite(book, tmp_path / "bom.xlsx", {PROGRAM_PART: padded})
    assert bad.stat().st_size < 1_000_000
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    assert "MiB" in err and "diekstrak" in err


def test_high_compression_ratio_is_refused(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(book) as z:
        sheet = z.read(PROGRAM_PART)
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (4 * 2**20), 1)
    bad = rewrite(book, tmp_path / "rasio.xlsx", {PROGRAM_PART: padded})
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    assert f"bagian {PROGRAM_PART} dimampatkan" in err


def test_cell_far_below_is_refused_at_its_cell(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(book) as z:
        sheet = z.read(PROGRAM_PART)
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    bad = rewrite(
        book,
        tmp_path / "jauh.xlsx",
        {PROGRAM_PART: sheet.replace(b"</sheetData>", far + b"</sheetData>")},
    )
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    assert "Sheet Program, sel A1048576: sheet ini berisi baris ke-1.048.576" in err


def test_too_many_columns_is_refused(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(book) as z:
        sheet = z.read(PROGRAM_PART)
    wide = b'<row r="9000"><c r="XFD9000"><v>1</v></c></row>'
    bad = rewrite(
        book,
        tmp_path / "lebar.xlsx",
        {PROGRAM_PART: sheet.replace(b"</sheetData>", wide + b"</sheetData>")},
    )
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    assert "Sheet Program, sel XFD9000: sheet ini berisi kolom ke-16.384" in err


def test_errors_stop_after_fifty_and_say_how_many_more(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with zipfile.ZipFile(book) as z:
        sheet = z.read(PROGRAM_PART)
    rows = b"".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>bukan-tingkat</t></is></c></row>'.encode()
        for r in range(100, 5100)
    )
    bad = rewrite(
        book,
        tmp_path / "banyak.xlsx",
        {PROGRAM_PART: sheet.replace(b"</sheetData>", rows + b"</sheetData>")},
    )
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    lines = err.strip().splitlines()
    # two refused cells per row (tingkat and kode), 10,000 in all
    assert len([line for line in lines if line.startswith("Sheet Program, sel ")]) == 50
    assert lines[-2] == "… dan 9.950 masalah lain"
    assert lines[-1] == "10000 galat, 0 peringatan."


def test_broken_xml_is_a_user_error(
    book: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = rewrite(book, tmp_path / "rusak.xlsx", {PROGRAM_PART: b"<worksheet><sheetData>"})
    code, err = impor(bad, data_dir, capsys)
    assert code == 1
    assert err.startswith("galat: ") and PROGRAM_PART in err


def _temp_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("openpyxl.*"))


def test_failed_workbook_saves_leave_no_temp_files(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, tmp_path: Path
) -> None:
    """openpyxl streams sheets through temp files it removes only after a good save (or at
    interpreter exit, which a build's pool worker never reaches)."""
    from openpyxl.worksheet._writer import WorksheetWriter

    from generator import opendata
    from generator.opendata import Provenans
    from generator.tables import Sel, Tabel

    before = _temp_files()

    def broken(*_: object) -> None:
        raise RuntimeError("rusak di tengah penyimpanan")

    monkeypatch.setattr(WorksheetWriter, "write_tail", broken)
    tabel = Tabel(id="t", judul="T", kepala=((Sel("A"),),), isi=((Sel("x"),),) * 3)
    provenans = Provenans("k", "c", 2024, None, dt.date(2024, 1, 1))
    with pytest.raises(RuntimeError):
        opendata.workbook([("Tabel 1", tabel)] * 3, provenans)  # write-only mode
    with pytest.raises(RuntimeError):
        cmd_ekspor(data_dir, ALPHA, 2024, tmp_path / "x.xlsx")  # normal mode
    assert _temp_files() == before
