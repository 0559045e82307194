"""A peer's checker on our open data: `frictionless validate` passes every published CSV.

Frictionless infers each column's type and flags repeated header labels, so this also
keeps total rows from putting "Jumlah" in a number column such as "No".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from frictionless import validate

from generator.opendata import records, table_csv
from generator.tables import Sel, Tabel


def test_every_published_csv_passes_frictionless(built_site: Path) -> None:
    csvs = sorted(built_site.rglob("*.csv"))
    assert len(csvs) > 80
    # the portal's comparison downloads are checked too, not only the kecamatan tables
    assert built_site / "rembang/data/perbandingan-2024.csv" in csvs
    assert built_site / "jombang/data/ringkasan.csv" in csvs
    failures = {}
    for path in csvs:
        # a relative path under basepath: frictionless refuses absolute paths as unsafe
        report = validate(path.name, basepath=str(path.parent))
        if not report.valid:
            failures[path.relative_to(built_site).as_posix()] = report.flatten(["type", "message"])
    assert failures == {}


def test_total_label_goes_to_the_first_text_column() -> None:
    tabel = Tabel(
        "t",
        "T",
        ((Sel("No"), Sel("Uraian"), Sel("Jumlah")),),
        (
            (Sel("1", angka=True), Sel("Eselon III"), Sel("2", angka=True)),
            (Sel("Jumlah", kolom=2, kelas="jumlah"), Sel("2", angka=True, kelas="jumlah")),
        ),
    )
    names, rows = records(tabel)
    assert names == ["No", "Uraian", "Jumlah"]
    assert rows[-1] == [None, "Jumlah", 2]
    assert list(csv.reader(io.StringIO(table_csv(tabel).decode()))) == [
        ["No", "Uraian", "Jumlah"],
        ["1", "Eselon III", "2"],
        ["", "Jumlah", "2"],
    ]


def test_header_labels_are_unique() -> None:
    tabel = Tabel(
        "t",
        "T",
        ((Sel("Tingkat"), Sel("Uraian"), Sel("Uraian")),),
        ((Sel("Program", kelas="program"), Sel("a"), Sel("b")),),
    )
    names, _ = records(tabel)
    assert names == ["Tingkat", "Uraian", "Uraian (2)"]


def test_one_column_staff_table_has_no_repeated_total_column(built_site: Path) -> None:
    page = (built_site / "jombang" / "perak" / "2024" / "data" / "tabel-1-1.csv").read_text(
        encoding="utf-8"
    )
    assert page.splitlines()[0] == "No,Uraian,Jumlah"
