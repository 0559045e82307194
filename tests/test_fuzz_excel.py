"""Fuzzing `lkjip excel impor` with mutated copies of an exported workbook.

Random text, numbers, formulas, huge strings and control characters in random cells,
deleted sheets and rows: the importer either plans a change (with a diff), finds
nothing to change, or reports located errors. It never crashes, and each case stays
within a time and memory budget.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from generator.errors import DataErrors, UserError
from generator.excel import cmd_ekspor, default_target, plan_import
from generator.excel_impor import MAX_SHOWN
from generator.excel_layout import META_SHEET
from generator.excel_sel import SelIssue
from tests.conftest import MINIMAL
from tests.test_excel import ALPHA

SHEETS = ["Indikator 2024", "Program", "Anggaran", "Pembanding", "PK", "Nilai Dasar", META_SHEET]
SECONDS = 15  # per case, far above the ~0.3 s a case takes
PEAK_BYTES = 300 * 2**20  # Python allocations per case (tracemalloc)

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "=1+1",
            "=A1",
            '=HYPERLINK("http://evil/","x")',
            "=1/0",
            "+62 812",
            "-",
            "@x",
            "#N/A",
            "N/A",
            "60-70",
            "70-60",
            "1.000.000",
            "1,5",
            "x" * 40_000,
            "\t\r\n",
            "sub_kegiatan",
            "program",
            "tahunan",
            "perubahan",
            "sasaran",
            "anggaran",
            "7.01.01",
            "ikm",
            "contoh",
            "alpha",
        ]
    ),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
edits = st.lists(
    st.tuples(
        st.sampled_from(SHEETS),
        st.integers(1, 40) | st.sampled_from([10_001, 1_048_576]),  # past the row limit
        st.integers(1, 14) | st.just(16_384),  # XFD, the last column Excel has
        cell_values,
    ),
    max_size=8,
)
removals = st.lists(
    st.one_of(
        st.tuples(st.just("sheet"), st.sampled_from(SHEETS), st.just(0)),
        st.tuples(st.just("rows"), st.sampled_from(SHEETS), st.integers(1, 30)),
    ),
    max_size=2,
)


@pytest.fixture(scope="module")
def exported() -> Iterator[tuple[Path, Path]]:
    root = Path(tempfile.mkdtemp(prefix="lkjip-fuzz-excel-"))
    data = root / "data"
    shutil.copytree(MINIMAL, data)
    book = root / default_target(ALPHA, 2024)
    cmd_ekspor(data, ALPHA, 2024, book)
    yield data, book
    shutil.rmtree(root)


def _mutate(source: Path, target: Path, cells: list[Any], removed: list[Any]) -> None:
    book = load_workbook(source)
    # Rows are deleted before the edits: openpyxl's delete_rows walks every cell position
    # up to the last one, which for a cell at XFD1048576 takes hours.
    for kind, sheet, row in removed:
        if sheet not in book.sheetnames or len(book.sheetnames) == 1:
            continue
        if kind == "sheet":
            book.remove(book[sheet])
        else:
            book[sheet].delete_rows(row, 3)
    for sheet, row, column, value in cells:
        if sheet in book.sheetnames:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            book[sheet].cell(row, column).value = value
    book.save(target)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=edits, removed=removals)
def test_mutated_workbook_is_planned_or_refused_with_located_errors(
    exported: tuple[Path, Path], cells: list[Any], removed: list[Any]
) -> None:
    data, source = exported
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "isi.xlsx"
        _mutate(source, target, cells, removed)
        tracemalloc.start()
        started = time.monotonic()
        try:
            rencana = plan_import(target, data)
        except DataErrors as exc:
            assert exc.issues
            for issue in exc.issues:
                shown = issue.format()
                if isinstance(issue, SelIssue):
                    assert shown.startswith("Sheet "), shown
                    assert len([i for i in exc.issues if isinstance(i, SelIssue)]) <= MAX_SHOWN
                else:
                    assert issue.path and issue.line >= 0, shown
        except UserError as exc:
            assert str(exc)
        else:
            assert rencana.kosong == (rencana.diff == "")
            assert all(b.baru != b.lama for b in rencana.berkas)
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert time.monotonic() - started < SECONDS
        assert peak < PEAK_BYTES
