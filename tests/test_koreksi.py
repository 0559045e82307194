"""Corrections of the signed report: the Koreksi page, the marks on corrected cells in the
site and the PDF, and the SAKIP score shown with one value."""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path

from generator.cetak import render_html
from generator.cli import load_and_validate, main
from generator.compute.report import hitung
from generator.render import html_table
from generator.result_checks import load_and_compute
from generator.site import render_all
from generator.tables import Sel, Tabel
from tests.conftest import DATA

TITLE = "Koreksi; tercetak di dokumen bertanda tangan: {}"
MARK = (
    '<sup class="lkjip-koreksi"><a href="koreksi.html#{0}" title="{1}" aria-label="{1}">*</a></sup>'
)


def _mark(anchor: str, printed: str) -> str:
    return MARK.format(anchor, TITLE.format(printed))


@functools.cache
def _pages(slug: str) -> dict[str, str]:
    data = load_and_compute(str(DATA))
    _, sites = render_all(data)
    return next(s.pages for s in sites if s.slug == slug)


def _sumber() -> dict[str, str]:
    return _pages("rembang/sumber")


def test_koreksi_page_lists_printed_and_computed_values_with_rule_and_reason() -> None:
    page = _sumber()["2024/koreksi.md"]
    row = re.search(r"<tr id=\"koreksi-7\">(.*?)</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells == [
        "7",
        "Kategori — Persentase Ketercukupan Sarana dan Prasarana Aparatur",
        "Sangat Tingi",
        "Sangat Rendah",
        "pita skala capaian atas nilai capaian",
        "Kategori mengikuti capaian 16,67 %, bukan 100 %.",
    ]
    capaian = re.search(r"<tr id=\"koreksi-6\">(.*?)</tr>", page, re.S)
    assert capaian is not None and "16,67 %" in capaian.group(1)
    assert "realisasi ÷ target × 100" in capaian.group(1)


def test_every_example_year_has_a_koreksi_page_in_its_navigation() -> None:
    for slug in ("rembang/sumber", "rembang/kragan", "jombang/perak"):
        pages = _pages(slug)
        assert "2024/koreksi.md" in pages
        assert "[Koreksi](koreksi.md)" in pages["2024/index.md"]


def test_corrected_cells_carry_a_mark_linking_to_their_entry() -> None:
    bab3 = _sumber()["2024/bab-3-akuntabilitas-kinerja.md"]
    assert f"101,82 %{_mark('koreksi-3', '103,03 %')}</td>" in bab3  # IPP capaian
    assert f"16,67 %{_mark('koreksi-6', '100 %')}</td>" in bab3  # Pengadaan BMD
    assert f"95,87 %{_mark('koreksi-9', '95,42 %')}</td>" in bab3  # serapan Gaji
    assert '; lihat <a href="koreksi.html">halaman Koreksi</a>.</p>' in bab3  # the note
    # A figure that is not corrected has no mark: IKM 105,49 % was printed right.
    assert "105,49 %</td>" in bab3


def test_marks_in_the_built_html_point_at_existing_entries(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(DATA), "--kecamatan", "rembang/sumber", "--keluaran", str(out)]) == 0
    year = out / "rembang" / "sumber" / "2024"
    html = (year / "bab-3-akuntabilitas-kinerja.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="koreksi\.html#(koreksi-\d+)"', html))
    assert {"koreksi-3", "koreksi-6", "koreksi-9"} <= targets
    koreksi = (year / "koreksi.html").read_text(encoding="utf-8")
    assert all(f'id="{t}"' in koreksi for t in targets)


def test_pdf_marks_link_to_its_own_koreksi_section() -> None:
    project, _ = load_and_validate(str(DATA))
    kab = next(k for k in project.kabupaten if k.slug == "rembang")
    kec = next(k for k in kab.kecamatan if k.slug == "sumber")
    year = kec.tahun[-1]
    html = render_html(kab, kec, year, hitung(kab, kec, year))
    title = TITLE.format("100 %")
    mark = f'<sup class="lkjip-koreksi"><a href="#koreksi-6" title="{title}" aria-label="{title}">*</a></sup>'
    assert f"16,67 %{mark}</td>" in html
    # The printed report carries the Koreksi page as a section: the mark links inside it.
    assert 'id="koreksi-6"' in html
    assert "koreksi.html" not in html


def test_html_table_escapes_the_printed_value_in_the_mark() -> None:
    cell = Sel("16,67 %", angka=True, koreksi="koreksi-1", tercetak='"><script>')
    table = Tabel("t", "T", ((Sel("Capaian"),),), ((cell,),))
    html = html_table(table, "3.1", "tabel-3-1")
    assert "<script>" not in html
    assert 'title="Koreksi; tercetak di dokumen bertanda tangan: &#34;&gt;&lt;script&gt;"' in html


def test_sumber_nilai_sakip_has_one_value_in_every_table() -> None:
    bab3 = _sumber()["2024/bab-3-akuntabilitas-kinerja.md"]
    shown = re.sub(
        r'(title|aria-label)="[^"]*"', "", bab3
    )  # the printed value lives only in the marks
    assert "64,41" not in shown
    sakip_rows = re.findall(r"<td[^>]*>(64,4\d?)(?:<sup|</td>)", shown)
    assert sakip_rows and {Decimal(v.replace(",", ".")) for v in sakip_rows} == {Decimal("64.40")}


def test_a_layout_without_the_koreksi_page_leaves_no_dead_mark_links() -> None:
    """A kabupaten may drop the Koreksi page from its layout; a corrected cell then keeps its
    mark and the printed value in the mark's title, but links nowhere (the table HTML is not
    link-checked by MkDocs, so a dead link would go unnoticed)."""
    from generator.dokumen import load_layout, render_year
    from generator.lookup import search_path
    from generator.render import make_environment

    data = load_and_compute(str(DATA))
    kab = next(k for k in data.project.kabupaten if k.slug == "rembang")
    kec = next(k for k in kab.kecamatan if k.slug == "sumber")
    year = next(y for y in kec.tahun if y.tahun == 2024)
    paths = search_path(kab, kec)
    layout = load_layout(paths)
    without = layout.model_copy(
        update={"tahun": [p for p in layout.tahun if not p.templat.endswith("koreksi.md.j2")]}
    )
    hasil = data.tahun(kab, kec, year)
    full = render_year(make_environment(paths), layout, kab, kec, year, hasil)
    dropped = render_year(make_environment(paths), without, kab, kec, year, hasil)
    full_text = "".join(b.teks for b in full.bagian)
    text = "".join(b.teks for b in dropped.bagian)
    assert 'href="koreksi.html#' in full_text
    assert "koreksi.html" not in text
    assert text.count('<sup class="lkjip-koreksi" title="Koreksi; tercetak') == full_text.count(
        '<sup class="lkjip-koreksi"><a href="koreksi.html#'
    )
