"""The official PDF: chapters, Indonesian numbers, Daftar Isi page numbers that match the
layout, metadata, the draft watermark, escaping, and the PDF inside the built site.

Each PDF is built once per session (WeasyPrint takes a few seconds per report)."""

from __future__ import annotations

import functools
import io
import logging
import re
from pathlib import Path

import pypdf
import pytest

from generator.cli import load_and_validate, main
from generator.compute.report import hitung
from generator.errors import DataErrors
from generator.formatting import persen, rupiah
from tests.conftest import DATA, edit

EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]
CHAPTERS = [
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "BAB IV PENUTUP",
    "LAMPIRAN",
]
# A Daftar Isi line: title, dot leaders, page number (roman in the front matter).
TOC_LINE = re.compile(r"^(?P<judul>.+?)\s+(?:\.\s*)+(?P<hal>[ivxlc]+|\d+)$")
ROMAN = re.compile(r"^[ivxlc]+$")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """``lkjip pdf`` over the example data, and what WeasyPrint complained about."""
    out = tmp_path_factory.mktemp("pdf")
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        assert main(["pdf", str(DATA), "--keluaran", str(out)]) == 0
    finally:
        logger.removeHandler(collect)
    return out, collect.messages


@pytest.fixture(scope="session")
def pdf_folder(pdf_build: tuple[Path, list[str]]) -> Path:
    """One PDF per example kecamatan-year."""
    return pdf_build[0]


@pytest.fixture(scope="session")
def draf_pdf(draf_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf-draf")
    assert main(["pdf", str(draf_data), "--keluaran", str(out)]) == 0
    return out / "lkjip-contoh-alpha-2024.pdf"


def _file(folder: Path, slug: str) -> Path:
    return folder / f"lkjip-{slug.replace('/', '-')}-2024.pdf"


@functools.cache
def _pages(path: Path) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _section(pages: tuple[str, ...], heading: str) -> list[str]:
    """The lines of the part that starts with ``heading``, up to the next part."""
    start = next(i for i, text in enumerate(pages) if _lines(text)[0] == heading)
    end = next(
        (i for i in range(start + 1, len(pages)) if _lines(pages[i])[0].isupper()), len(pages)
    )
    return [line for text in pages[start:end] for line in _lines(text)[1:-1]]


def _entries(lines: list[str]) -> list[tuple[str, str]]:
    """(title, page number) per list line; a title that wrapped is joined back together."""
    entries, pending = [], ""
    for line in lines:
        m = TOC_LINE.match(f"{pending} {line}".strip())
        if m:
            entries.append((m["judul"], m["hal"]))
            pending = ""
        else:
            pending = f"{pending} {line}".strip()
    return entries


def _footer(text: str) -> str:
    """The page number printed in the footer: the last line the page draws."""
    lines = _lines(text)
    return lines[-1] if lines else ""


@pytest.mark.parametrize("slug", EXAMPLES)
def test_one_a4_pdf_per_example_kecamatan(pdf_folder: Path, slug: str) -> None:
    path = _file(pdf_folder, slug)
    assert path.read_bytes().startswith(b"%PDF-")
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) > 20
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_layout_engine_reports_no_problem(pdf_build: tuple[Path, list[str]]) -> None:
    """Unsupported CSS, unloadable fonts or images would show up here."""
    assert pdf_build[1] == []


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_chapter_starts_a_page_in_order(pdf_folder: Path, slug: str) -> None:
    pages = _pages(_file(pdf_folder, slug))
    starts = [
        next(i for i, text in enumerate(pages) if _lines(text)[0] == chapter)
        for chapter in CHAPTERS
    ]
    assert starts == sorted(starts)
    assert _footer(pages[starts[0]]) == "1", "arabic numbering restarts at 1 on BAB I"


def test_sumber_tables_print_indonesian_numbers(pdf_folder: Path) -> None:
    text = "\n".join(_pages(_file(pdf_folder, "rembang/sumber")))
    for value in ("96,19 %", "Rp 2.273.853.295", "105,49 %", "101,82 %"):
        assert value in text


@pytest.mark.parametrize("slug", EXAMPLES)
def test_budget_figures_match_the_computation(pdf_folder: Path, slug: str) -> None:
    project, _ = load_and_validate(str(DATA / slug))
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    hasil = hitung(kab, kec, kec.tahun[0])
    text = "\n".join(_pages(_file(pdf_folder, slug)))
    assert rupiah(hasil.total.pagu) in text
    assert persen(hasil.total.serapan.nilai, kab.settings.aturan.desimal) in text
    assert persen(hasil.rata_rata_capaian.nilai, kab.settings.aturan.desimal) in text


@pytest.mark.parametrize("slug", EXAMPLES)
def test_daftar_isi_page_numbers_match_where_headings_are(pdf_folder: Path, slug: str) -> None:
    pages = _pages(_file(pdf_folder, slug))
    entries = _entries(_section(pages, "DAFTAR ISI"))
    assert len(entries) > 20
    assert [j for j, _ in entries if j in CHAPTERS] == CHAPTERS
    by_label = {_footer(text): i for i, text in enumerate(pages)}
    body_start = by_label["1"]
    for judul, hal in entries:
        page = by_label[hal]
        assert (page < body_start) == bool(ROMAN.match(hal)), (judul, hal)
        heading = judul.casefold()
        lines = [line.casefold() for line in _lines(pages[page])]
        assert heading in lines, f"{judul!r}: not on the page numbered {hal}"
        if page >= body_start:
            first = next(
                i
                for i in range(body_start, len(pages))
                if heading in (line.casefold() for line in _lines(pages[i]))
            )
            assert first == page, f"{judul!r} starts on page {_footer(pages[first])}, not {hal}"


def test_daftar_tabel_lists_every_table_with_its_page(pdf_folder: Path) -> None:
    pages = _pages(_file(pdf_folder, "rembang/sumber"))
    by_label = {_footer(text): i for i, text in enumerate(pages)}
    entries = _entries(_section(pages, "DAFTAR TABEL"))
    assert len(entries) == 31  # 6 in BAB I, 8 in BAB II, 13 in BAB III, 4 in the Lampiran
    for judul, hal in entries:
        caption = " ".join(judul.split()[:2])  # "Tabel 3.2 Capaian …" → "Tabel 3.2"
        assert f"{caption} " in pages[by_label[hal]], (judul, hal)


def test_long_tables_repeat_their_header_row(pdf_folder: Path) -> None:
    pages = _pages(_file(pdf_folder, "rembang/sumber"))
    # The asset table of Sumber (66 rows) spans pages; its header row is on each of them.
    with_header = [i for i, text in enumerate(pages) if "Nama/Jenis Barang" in text]
    assert len(with_header) >= 2
    assert with_header == list(range(with_header[0], with_header[0] + len(with_header)))


def test_charts_are_vector_drawings(pdf_folder: Path) -> None:
    path = _file(pdf_folder, "rembang/sumber")
    with_charts = [i for i, text in enumerate(_pages(path)) if "Gambar 3." in text]
    reader = pypdf.PdfReader(path)
    assert len(with_charts) >= 4, "Daftar Gambar and the figures of BAB III"
    assert not any(reader.pages[i].images for i in with_charts), "a chart became a raster image"


@pytest.mark.parametrize("slug", EXAMPLES)
def test_metadata_title_author_language(pdf_folder: Path, slug: str) -> None:
    reader = pypdf.PdfReader(_file(pdf_folder, slug))
    nama = slug.split("/")[1].title()
    assert reader.metadata is not None
    assert reader.metadata.title == (
        f"Laporan Kinerja Instansi Pemerintah Tahun 2024 Kecamatan {nama}"
    )
    assert reader.metadata.author == f"Kecamatan {nama}"
    assert reader.trailer["/Root"]["/Lang"] == "id"


def test_final_report_has_no_watermark(pdf_folder: Path) -> None:
    pages = _pages(_file(pdf_folder, "rembang/sumber"))
    assert not any("DRAF" in _lines(text) for text in pages)


def test_draft_is_watermarked_on_every_page(draf_pdf: Path) -> None:
    pages = _pages(draf_pdf)
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert "DRAF" in _lines(text), f"page {number} has no DRAF mark"


def test_same_data_gives_the_same_bytes(draf_data: Path, draf_pdf: Path, tmp_path: Path) -> None:
    assert main(["pdf", str(draf_data), "--keluaran", str(tmp_path)]) == 0
    assert (tmp_path / draf_pdf.name).read_bytes() == draf_pdf.read_bytes()


def test_build_pdf_puts_the_pdf_into_the_site_with_a_link(
    draf_data: Path, draf_pdf: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert main(["build", str(draf_data), "--pdf", "--keluaran", str(out)]) == 0
    year = out / "contoh" / "alpha" / "2024"
    pdf = year / "laporan-alpha-2024.pdf"
    assert pdf.read_bytes() == draf_pdf.read_bytes()
    page = (year / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a[^>]*href="([^"]+)"[^>]*>Unduh PDF</a>', page)
    assert link is not None, "no Unduh PDF link on the Pengantar page"
    assert (year / link[1]).resolve() == pdf.resolve()
    # Its own paragraph, not glued to the end of the address (as the first release had it).
    assert re.search(r'<p><a class="md-button"[^>]*>Unduh PDF</a>', page)


def test_site_without_pdf_has_no_pdf_link(built_site: Path) -> None:
    for slug in EXAMPLES:
        year = built_site / slug / "2024"
        assert "Unduh PDF" not in (year / "index.html").read_text(encoding="utf-8")
        assert not list(year.glob("*.pdf"))


def test_pdf_selects_kecamatan_and_year(tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    args = ["pdf", str(DATA), "--keluaran", str(out)]
    assert main([*args, "--kecamatan", "rembang/tidak-ada"]) == 1
    assert main([*args, "--kecamatan", "rembang/sumber", "--tahun", "2019"]) == 1
    assert not out.exists() or not list(out.iterdir())


# -- HTML stage (no WeasyPrint): escaping, logo, fetcher ---------------------------------


def _html(data: Path) -> str:
    from generator.cetak import render_html

    project, _ = load_and_validate(str(data))
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    year = kec.tahun[0]
    return render_html(kab, kec, year, hitung(kab, kec, year))


def test_data_strings_are_escaped_never_evaluated(data_dir: Path) -> None:
    laporan = data_dir / "contoh" / "alpha" / "2024" / "laporan.yaml"
    edit(laporan, "tempat: Alpha", "tempat: 'Alpha <b>{{ 7 * 7 }}</b>'")
    html = _html(data_dir)
    assert "Alpha &lt;b&gt;{{ 7 * 7 }}&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "Alpha 49" not in html


def test_cover_shows_the_kabupaten_logo(data_dir: Path) -> None:
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(png, "PNG")
    (data_dir / "contoh" / "logo.png").write_bytes(png.getvalue())
    kabupaten = data_dir / "contoh" / "kabupaten.yaml"
    edit(kabupaten, "provinsi: Jawa Tengah", "provinsi: Jawa Tengah\nlogo: logo.png")
    assert '<img class="sampul-logo" src="data:image/png;base64,' in _html(data_dir)


def test_missing_logo_is_a_data_error_with_its_line(data_dir: Path) -> None:
    kabupaten = data_dir / "contoh" / "kabupaten.yaml"
    edit(kabupaten, "provinsi: Jawa Tengah", "provinsi: Jawa Tengah\nlogo: tidak-ada.png")
    with pytest.raises(DataErrors) as caught:
        _html(data_dir)
    issue = caught.value.issues[0]
    assert issue.path.endswith("kabupaten.yaml")
    assert issue.line == 3
    assert "tidak-ada.png" in issue.message


def test_pdf_loads_only_bundled_fonts_and_data_uris() -> None:
    import weasyprint

    from generator.pdf import FONT_DIR, _fetcher

    fetcher = _fetcher(weasyprint)
    assert fetcher.fetch((FONT_DIR / "DejaVuSans.ttf").as_uri()).read(4)
    assert fetcher.fetch("data:text/plain;base64,QQ==").read() == b"A"
    for url in ("file:///etc/passwd", "http://127.0.0.1/x.png", (FONT_DIR / "..").as_uri()):
        with pytest.raises(ValueError, match="tidak diizinkan"):
            fetcher.fetch(url)


# -- The printed document: signatures, page labels, continued tables, cover --------------

# The first line of a signature block: "Rembang, 15 April 2025" or the PK's "Pihak Kedua,".
TTD_AWAL = re.compile(r"^(?:.+, \d{1,2} [A-Z][a-z]+ \d{4}|Pihak Kedua,)$")
LANJUTAN = re.compile(r"Tabel (\S+) (?:(?!Tabel )[^()])*?\(lanjutan\)")


def _signature_starts(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if TTD_AWAL.match(line)]


@pytest.mark.parametrize("slug", EXAMPLES)
def test_no_signature_block_stands_alone_on_a_page(pdf_folder: Path, slug: str) -> None:
    """The camat's blocks (Kata Pengantar, BAB IV) and the PK's two-party blocks each share
    their page with the text they close."""
    pages = _pages(_file(pdf_folder, slug))
    blocks = 0
    for number, text in enumerate(pages):
        lines = _lines(text)
        for start in _signature_starts(lines):
            blocks += 1
            before = [line for line in lines[:start] if not line.isupper()]
            assert before, f"page {number + 1}: a signature block opens the page alone"
    assert blocks >= 4, "Kata Pengantar, BAB IV, the PK and its appendix"


_PADDING = "Kalimat pengisi yang mendorong blok tanda tangan ke dasar halaman. " * 3


@pytest.mark.parametrize("paragraphs", [9, 10, 11])
def test_signature_keeps_the_last_paragraph_at_a_page_break(
    data_dir: Path, paragraphs: int
) -> None:
    """A Kata Pengantar long enough to push the signature over the page edge: the last
    paragraph moves along with it (10 and 11 paragraphs left it alone before)."""
    from generator.pdf import cetak_pdf

    narasi = data_dir / "contoh" / "alpha" / "2024" / "narasi" / "kata-pengantar.md"
    body = [_PADDING.strip()] * paragraphs + ["Paragraf terakhir ditutup kata PENUTUPKATA."]
    narasi.write_text("\n\n".join(body) + "\n", encoding="utf-8")
    pdf = cetak_pdf(_html(data_dir))
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    page = next(text for text in pages if "Siti Aminah" in text)
    assert "PENUTUPKATA" in page, "the signature went to a page of its own"


@pytest.mark.parametrize("slug", EXAMPLES)
def test_page_labels_are_the_printed_numbers(pdf_folder: Path, slug: str) -> None:
    """A viewer's page box shows "iii" or "12", as the footer prints it; the cover, which
    prints no number, is "Sampul"."""
    path = _file(pdf_folder, slug)
    reader = pypdf.PdfReader(path)
    assert "/PageLabels" in reader.trailer["/Root"]
    labels = reader.page_labels
    footers = [_footer(text) for text in _pages(path)]
    assert labels[0] == "Sampul"
    assert labels[1:] == footers[1:]
    assert labels[1] == "i" and "1" in labels


@pytest.mark.parametrize("slug", EXAMPLES)
def test_continued_tables_say_lanjutan(pdf_folder: Path, slug: str) -> None:
    """A page a table continues on names it "Tabel N … (lanjutan)"; the page it starts on
    does not, and neither does a page after the table ended."""
    pages = [" ".join(_lines(text)) for text in _pages(_file(pdf_folder, slug))]
    marked = 0
    for number, text in enumerate(pages):
        for nomor in LANJUTAN.findall(text):
            marked += 1
            caption = f"Tabel {nomor} "
            assert text.count(caption) == 1, f"page {number + 1}: {caption}starts here"
            assert caption in pages[number - 1], f"page {number + 1}: {caption}not open before"
    assert marked >= 10


def test_long_table_names_itself_on_every_continued_page(pdf_folder: Path) -> None:
    pages = [" ".join(_lines(text)) for text in _pages(_file(pdf_folder, "rembang/sumber"))]
    # The asset table of Sumber (66 rows) spans pages; the header row repeats on each.
    with_header = [i for i, text in enumerate(pages) if "Nama/Jenis Barang" in text]
    assert len(with_header) >= 2
    caption = "Tabel 1.4 Sumber Daya Aset dan Sarana Prasarana"
    assert f"{caption} (lanjutan)" not in pages[with_header[0]]
    for i in with_header[1:]:
        assert f"{caption} (lanjutan)" in pages[i], f"page {i + 1}"


@pytest.mark.parametrize("slug", ["rembang/sumber", "rembang/kragan"])
def test_cover_contact_never_splits_a_label_from_its_value(pdf_folder: Path, slug: str) -> None:
    cover = _lines(_pages(_file(pdf_folder, slug))[0])
    labels = 0
    for line in cover:
        words = line.split()
        for label in ("Telepon", "Surel"):
            if label in words:
                labels += 1
                assert words.index(label) < len(words) - 1, f"{label!r} ends a line: {line!r}"
    assert labels >= 1
