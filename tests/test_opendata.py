"""Open data: every table downloads as CSV/JSON that round-trips to the published numbers."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from generator.opendata import columns, machine_value
from generator.tables import Sel, Tabel

EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]
TABLE = re.compile(r'<div class="lkjip-tabel" id="(?P<id>[^"]+)">(?P<body>.*?)</div>', re.S)
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
MARK = re.compile(r'<sup class="lkjip-koreksi">.*?</sup>', re.S)


def _html_rows(body: str) -> list[list[str]]:
    rows = []
    tbody = re.findall(r"<tbody>.*?</tbody>", body, re.S)[0]
    tbody = MARK.sub("", tbody)  # a correction mark links to the Koreksi page; it is not data
    for tr in re.split(r"<tr(?: [^>]*)?>", tbody)[1:]:
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in CELL.findall(tr)])
    return rows


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_table_has_downloads_that_round_trip(built_site: Path, slug: str) -> None:
    year = built_site / slug / "2024"
    checked = 0
    for page in year.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in TABLE.finditer(text):
            anchor = match.group("id")
            assert f'href="data/{anchor}.csv"' in match.group("body"), f"{page.name}#{anchor}"
            rows = list(
                csv.reader(
                    io.StringIO((year / "data" / f"{anchor}.csv").read_text(encoding="utf-8"))
                )
            )
            data = json.loads((year / "data" / f"{anchor}.json").read_text(encoding="utf-8"))
            assert data["kolom"] == rows[0]
            assert len(data["baris"]) == len(rows) - 1
            for html_row, csv_row in zip(_html_rows(match.group("body")), rows[1:], strict=True):
                for shown in html_row:
                    if shown in csv_row:  # verbatim, e.g. a row code "2.1.6" kept as text
                        checked += 1
                        continue
                    number = re.fullmatch(r"(?:Rp )?(-?[\d.]+(?:,\d+)?)(?: %)?", shown)
                    if number:
                        # the displayed number must be present, in machine form, in the CSV row
                        shown_value = Decimal(number.group(1).replace(".", "").replace(",", "."))
                        assert any(
                            re.fullmatch(r"-?\d+(\.\d+)?", cell) and Decimal(cell) == shown_value
                            for cell in csv_row
                        ), (anchor, shown, csv_row)
                        checked += 1
    assert checked > 50


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_table_has_an_excel_download_next_to_its_csv(built_site: Path, slug: str) -> None:
    """Citizens with Indonesian-locale Excel get a file that opens right: the same rows as
    the CSV, numbers as numbers, text as text (never a formula), "≤" intact."""
    year = built_site / slug / "2024"
    numbers = 0
    for page in year.glob("*.html"):
        for match in TABLE.finditer(page.read_text(encoding="utf-8")):
            anchor = match.group("id")
            assert f'href="data/{anchor}.xlsx"' in match.group("body"), f"{page.name}#{anchor}"
            text = (year / "data" / f"{anchor}.csv").read_text(encoding="utf-8")
            rows = list(csv.reader(io.StringIO(text)))
            book = openpyxl.load_workbook(year / "data" / f"{anchor}.xlsx")
            assert book.sheetnames[0] == "Provenans" and len(book.sheetnames) == 2
            sheet = book.worksheets[1]
            assert [c.value for c in sheet[2]] == rows[0]
            for csv_row, cells in zip(rows[1:], sheet.iter_rows(min_row=3), strict=False):
                for raw, cell in zip(csv_row, cells, strict=False):
                    if cell.data_type == "n" and cell.value is not None:
                        assert Decimal(str(cell.value)) == Decimal(raw)
                        numbers += 1
                    elif raw:
                        assert cell.data_type == "s" and cell.value == raw.removeprefix("'")
                    else:
                        assert cell.value is None
    assert numbers > 50
    listing = (built_site / slug / "data-terbuka.html").read_text(encoding="utf-8")
    assert 'href="2024/data/tabel-' in listing and '.xlsx"' in listing


@pytest.mark.parametrize("slug", EXAMPLES)
def test_laporan_json_validates_against_the_published_schema(built_site: Path, slug: str) -> None:
    schema = json.loads((built_site / slug / "laporan.schema.json").read_text(encoding="utf-8"))
    report = json.loads(
        (built_site / slug / "2024" / "data" / "laporan.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(report, schema)
    assert report["provenans"]["kecamatan"] and report["provenans"]["tahun"] == 2024
    assert report["hasil"]["total"]["pagu"] == sum(
        p["dana"]["pagu"] for p in report["hasil"]["program"] if p["dana"] is not None
    )


def test_workbook_has_a_sheet_per_table_and_provenance(built_site: Path) -> None:
    year = built_site / "rembang/sumber/2024"
    book = openpyxl.load_workbook(year / "data" / "laporan.xlsx")
    assert book.sheetnames[0] == "Provenans"
    assert "Tabel 3.2" in book.sheetnames
    sheet = book["Tabel 3.2"]
    assert sheet["A2"].value == "No" and sheet["F3"].value == pytest.approx(101.82)
    tables = len(list((year / "data").glob("tabel-*.csv")))
    assert len(book.sheetnames) == tables + 1


def test_data_terbuka_page_lists_the_files(built_site: Path) -> None:
    page = (built_site / "rembang/sumber/data-terbuka.html").read_text(encoding="utf-8")
    assert 'href="2024/data/laporan.json"' in page and 'href="2024/data/laporan.xlsx"' in page
    assert 'href="2024/data/tabel-3-2.csv"' in page and "CC BY 4.0" in page


def test_two_level_headers_are_flattened_and_units_are_split_off() -> None:
    table = Tabel(
        "t",
        "T",
        (
            (Sel("Indikator", baris=2), Sel("Tahun 2023", kolom=2)),
            (Sel("Realisasi"), Sel("Capaian")),
        ),
        ((Sel("IKM"), Sel("84,89", angka=True), Sel("102,28 %", angka=True)),),
    )
    assert columns(table) == ["Indikator", "Tahun 2023 Realisasi", "Tahun 2023 Capaian"]
    assert machine_value(Sel("Rp 2.273.853.295", angka=True)) == 2273853295
    assert machine_value(Sel("19 Orang", angka=True)) == 19
    assert machine_value(Sel("96,19 %", angka=True)) == Decimal("96.19")
    assert machine_value(Sel("N/A", angka=True)) is None
    assert machine_value(Sel("60–70", angka=True)) == "60–70"
