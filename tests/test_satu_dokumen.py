"""One document, every output: the site, the PDF and the Word file of each example report
are made from the same rendered pages, so they must carry the same tables, captions and
figures — and a kabupaten override of a chapter or of the layout shows up in all of them."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import docx
import lxml.html
import pypdf
import pytest

from generator.cetak import render_html
from generator.cli import load_and_validate, main
from generator.compute.report import hitung
from generator.dokumen import load_layout
from generator.lookup import search_path
from generator.model import Project

DATA = Path(__file__).resolve().parents[1] / "data"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"

Tabel = tuple[str, str, tuple[tuple[str, ...], ...]]


def _tables(html: str) -> list[Tabel]:
    """Every report table: its id, its caption and its body cells' text."""
    tree = lxml.html.fromstring(html)
    found = []
    for box in tree.xpath("//div[@class='lkjip-tabel']"):
        caption = box.find(".//caption")
        rows = tuple(
            tuple(" ".join(td.text_content().split()) for td in tr.iter("td", "th"))
            for tr in box.xpath(".//tbody/tr")
        )
        found.append((box.get("id"), " ".join(caption.text_content().split()), rows))
    return found


def _figures(html: str) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(html)
    return [
        (f.get("id"), " ".join(f.find("figcaption").text_content().split()))
        for f in tree.xpath("//figure[@class='lkjip-grafik']")
    ]


@functools.cache
def _project() -> Project:
    project, _ = load_and_validate(str(DATA))
    return project


def _reports() -> list[str]:
    return [
        f"{kab.slug}/{kec.slug}/{year.tahun}"
        for kab in _project().kabupaten
        for kec in kab.kecamatan
        for year in kec.tahun
    ]


def _print_html(slug: str) -> str:
    kab_slug, kec_slug, tahun = slug.split("/")
    kab = next(k for k in _project().kabupaten if k.slug == kab_slug)
    kec = next(k for k in kab.kecamatan if k.slug == kec_slug)
    year = next(y for y in kec.tahun if str(y.tahun) == tahun)
    return render_html(kab, kec, year, hitung(kab, kec, year))


def _printed_pages(slug: str) -> list[str]:
    kab_slug, kec_slug, _ = slug.split("/")
    kab = next(k for k in _project().kabupaten if k.slug == kab_slug)
    kec = next(k for k in kab.kecamatan if k.slug == kec_slug)
    layout = load_layout(search_path(kab, kec))
    return [p.berkas.removesuffix(".md") + ".html" for p in layout.tahun if p.cetak != "tidak"]


@pytest.mark.parametrize("slug", _reports())
def test_site_and_print_carry_the_same_tables_and_figures(built_site: Path, slug: str) -> None:
    site_html = "".join(
        (built_site / slug / page).read_text(encoding="utf-8") for page in _printed_pages(slug)
    )
    printed = _print_html(slug)
    site_tables = _tables(site_html)
    assert len(site_tables) >= 10, slug  # the comparison is not vacuous
    assert _tables(printed) == site_tables
    assert _figures(printed) == _figures(site_html)


def _text(pdf: Path) -> str:
    """The PDF's text without any whitespace: a cell may wrap anywhere in a narrow column."""
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages))


_NUMBER = re.compile(r"[\d.,%Rp -]+")


def _word_tables(path: Path) -> list[tuple[str, list[str]]]:
    """Each Word table's caption (the Caption paragraph just before it) and its cells."""
    document = docx.Document(str(path))
    body = document.element.body
    found = []
    caption = ""
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(child, document)
            if paragraph.style is not None and paragraph.style.name == "Caption":
                caption = " ".join(paragraph.text.split())
        elif tag == "tbl" and caption:
            table = docx.table.Table(child, document)
            cells = [" ".join(c.text.split()) for row in table.rows for c in row.cells]
            found.append((caption, cells))
            caption = ""
    return found


def test_the_word_file_carries_every_table_of_the_site(built_site: Path, tmp_path: Path) -> None:
    slug = "rembang/sumber/2024"
    args = ["docx", str(DATA), "--kecamatan", "rembang/sumber", "--tahun", "2024"]
    assert main([*args, "--keluaran", str(tmp_path)]) == 0
    word = _word_tables(tmp_path / "lkjip-rembang-sumber-2024.docx")
    site_html = "".join(
        (built_site / slug / page).read_text(encoding="utf-8") for page in _printed_pages(slug)
    )
    site = _tables(site_html)
    assert [caption for caption, _ in word] == [caption for _, caption, _ in site]
    for (caption, cells), (_, _, rows) in zip(word, site, strict=True):
        numbers = [c for row in rows for c in row if _NUMBER.fullmatch(c)]
        assert set(numbers) <= set(cells), caption


def test_the_pdf_prints_every_caption_and_figure_of_the_site(
    built_site: Path, tmp_path: Path
) -> None:
    slug = "rembang/sumber/2024"
    assert (
        main(
            [
                "pdf",
                str(DATA),
                "--kecamatan",
                "rembang/sumber",
                "--tahun",
                "2024",
                "--keluaran",
                str(tmp_path),
            ]
        )
        == 0
    )
    text = _text(tmp_path / "lkjip-rembang-sumber-2024.pdf")
    site_html = "".join(
        (built_site / slug / page).read_text(encoding="utf-8") for page in _printed_pages(slug)
    )
    missing = [
        caption
        for _, caption, rows in _tables(site_html)
        for caption in [
            caption,
            *(cell for row in rows for cell in row if re.fullmatch(r"[\d.,%Rp -]+", cell)),
        ]
        if re.sub(r"\s+", "", caption) not in text
    ]
    assert missing == []
    assert all(re.sub(r"\s+", "", c) in text for _, c in _figures(site_html))


BAB_4 = """{% import "_makro.md.j2" as m %}
# BAB IV Penutup

## {{ bagian("Catatan Kabupaten PENANDA-OVERRIDE") }}

Setiap kecamatan menutup laporannya dengan catatan ini.

{{ tabel(t.skala()) }}

## {{ bagian("Kesimpulan") }}

{{ m.daftar(lap.kesimpulan or ["Tidak ada kesimpulan tertulis."]) }}
"""


def test_a_kabupaten_override_changes_site_pdf_and_word_alike(tmp_path: Path) -> None:
    """A kabupaten replaces BAB IV (a new first section with its own table) and moves the
    Lampiran before BAB IV in its layout: the site, the PDF and the Word file all follow."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    templat = data / "contoh" / "templat"
    (templat / "tahun").mkdir(parents=True)
    (templat / "tahun" / "bab-4.md.j2").write_text(BAB_4, encoding="utf-8")
    layout = (DATA.parent / "site_templates" / "tata-letak.yaml").read_text(encoding="utf-8")
    lines = layout.splitlines(keepends=True)
    bab4 = next(i for i, line in enumerate(lines) if "tahun/bab-4.md.j2" in line)
    lampiran = next(i for i, line in enumerate(lines) if "tahun/lampiran.md.j2" in line)
    lines[bab4], lines[lampiran] = lines[lampiran], lines[bab4]
    (templat / "tata-letak.yaml").write_text("".join(lines), encoding="utf-8")

    out = tmp_path / "site"
    assert main(["build", str(data), "--pdf", "--docx", "--keluaran", str(out)]) == 0
    year = out / "contoh" / "alpha" / "2024"
    page = (year / "bab-4-penutup.html").read_text(encoding="utf-8")
    assert "4.1 Catatan Kabupaten PENANDA-OVERRIDE" in page
    assert "Tabel 4.1" in page and "4.2 Kesimpulan" in page
    pdf = next(year.glob("*.pdf"))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "4.1 Catatan Kabupaten PENANDA-OVERRIDE" in flat
    assert "Tabel 4.1" in flat
    # The new order in the printed body: the Lampiran now comes before BAB IV.
    # (the last occurrences are the body's: the Daftar Isi names both before)
    assert flat.rindex("PERJANJIAN KINERJA TAHUN 2024") < flat.rindex("PENANDA-OVERRIDE")
    assert "Tabel 4.1" in _tables_of_print(data)
    # The Word file: the same section as a Word heading, its table, the same order.
    document = docx.Document(str(next(year.glob("*.docx"))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "4.1 Catatan Kabupaten PENANDA-OVERRIDE" in headings
    assert headings.index("Lampiran") < headings.index("BAB IV Penutup")
    assert any("Tabel 4.1" in caption for caption, _ in _word_tables(next(year.glob("*.docx"))))


def _tables_of_print(data: Path) -> str:
    project, _ = load_and_validate(str(data))
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    year = kec.tahun[0]
    return " ".join(c for _, c, _ in _tables(render_html(kab, kec, year, hitung(kab, kec, year))))


def test_print_links_only_inside_the_report_and_embeds_only_what_the_year_publishes() -> None:
    """Pages written for the site link other site pages and name images by file: the printed
    document keeps a link only when its target is printed, never follows a path, and embeds
    only the year's own charts and declared images."""
    from dataclasses import replace

    from generator.cetak import cetak_html
    from generator.dokumen import render_report

    kab = next(k for k in _project().kabupaten if k.slug == "rembang")
    kec = next(k for k in kab.kecamatan if k.slug == "sumber")
    year = kec.tahun[-1]
    dokumen = render_report(kab, kec, year, hitung(kab, kec, year))
    hostile = (
        '\n\n<p class="uji"><a href="../metodologi.md">situs</a> '
        '<a href="bab-3-akuntabilitas-kinerja.md#tabel-3-1">tabel</a> '
        '<a href="javascript:alert(1)">skrip</a> <a href="https://example.org/x">luar</a> '
        '<img src="../../../../etc/passwd" alt="p"><img src="/etc/hostname" alt="q">'
        '<img src="grafik/capaian.svg" alt="c"></p>\n'
    )
    pages = [
        replace(b, teks=b.teks + hostile) if b.halaman.berkas == "kata-pengantar.md" else b
        for b in dokumen.bagian
    ]
    html = cetak_html(replace(dokumen, bagian=pages))
    uji = lxml.html.fromstring(html).xpath("//p[@class='uji']")[0]
    links = {a.text: a.get("href") for a in uji.iter("a")}
    assert links == {"tabel": "#tabel-3-1", "luar": "https://example.org/x"}
    assert "situs" in uji.text_content() and "skrip" in uji.text_content()  # text kept
    sources = [img.get("src") for img in uji.iter("img")]
    assert len(sources) == 1 and sources[0].startswith("data:image/svg+xml;base64,")
    assert "passwd" not in html and "hostname" not in html


def test_the_site_prints_byte_for_byte_what_lkjip_pdf_prints() -> None:
    """The year as rendered for the site (download links, Unduh buttons) prints exactly as the
    year rendered alone for ``lkjip pdf``/``docx``: what only a screen shows leaves no trace."""
    from generator.cetak import cetak_html
    from generator.dokumen import load_layout, render_report, render_year
    from generator.keluaran import NAMA, TAUTAN_TABEL, unduhan
    from generator.lookup import search_path
    from generator.render import make_environment
    from generator.result_checks import load_and_compute
    from tests.conftest import DATA

    data = load_and_compute(str(DATA))
    for kab in data.project.kabupaten:
        for kec in kab.kecamatan:
            paths = search_path(kab, kec)
            for year in kec.tahun:
                hasil = data.tahun(kab, kec, year)
                alone = cetak_html(render_report(kab, kec, year, hasil))
                env, layout = make_environment(paths), load_layout(paths)
                links = unduhan(NAMA, kec, year)
                on_site = render_year(env, layout, kab, kec, year, hasil, links, TAUTAN_TABEL)
                assert cetak_html(on_site) == alone, f"{kab.slug}/{kec.slug} {year.tahun}"
