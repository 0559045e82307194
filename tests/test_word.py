"""The editable Word report: converted from the printed HTML, so it must carry the same
headings, tables (captions and cells), charts and signatures; Word-only features (heading
styles, TOC fields, repeating header rows, page numbers) are checked in the OOXML itself.

Each .docx of the example data is made once per session (about a second each)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import _Cell

from generator.cetak import cetak_html
from generator.cli import load_and_validate, main
from generator.compute.report import hitung
from generator.dokumen import render_report
from generator.word import Properti, html_ke_docx
from generator.word_gaya import KETERANGAN_GAMBAR, TANDA_TANGAN
from tests.conftest import DATA

EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]
CHAPTERS = ["BAB I Pendahuluan", "BAB II", "BAB III", "BAB IV Penutup", "Lampiran"]
W_TBL, W_P = qn("w:tbl"), qn("w:p")


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def examples() -> dict[str, tuple[str, Document, Any]]:
    """Per example kecamatan: the print HTML, the .docx made from it, and its report year."""
    project, _ = load_and_validate(str(DATA))
    out: dict[str, tuple[str, Document, Any]] = {}
    from generator.word import laporan_docx

    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            year = kec.tahun[-1]
            hasil = hitung(kab, kec, year)
            dokumen = render_report(kab, kec, year, hasil)
            html = cetak_html(dokumen)
            data = laporan_docx(dokumen, html)
            out[f"{kab.slug}/{kec.slug}"] = (html, docx.Document(io.BytesIO(data)), year)
    assert sorted(out) == sorted(EXAMPLES)
    return out


@pytest.fixture(scope="session")
def draf_docx(draf_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx-draf")
    assert main(["docx", str(draf_data), "--keluaran", str(out)]) == 0
    return out / "lkjip-contoh-alpha-2024.docx"


def _html_root(html: str) -> Any:
    return lxml.html.document_fromstring(html.encode("utf-8"))


def _html_headings(html: str) -> list[tuple[int, str]]:
    """Headings outside the cover, as (level, text)."""
    root = _html_root(html)
    return [
        (min(int(h.tag[1]), 4), _norm(h.text_content()))
        for h in root.iter("h1", "h2", "h3", "h4")
        if not h.xpath("ancestor::*[contains(@class, 'sampul')]")
    ]


def _word_headings(document: Document) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if m := re.fullmatch(r"Heading (\d)", name):
            out.append((int(m[1]), _norm(p.text)))
    return out


def test_headings_are_word_headings_in_document_order(
    examples: dict[str, tuple[str, Document, Any]],
) -> None:
    for slug, (html, document, _) in examples.items():
        headings = _word_headings(document)
        assert headings == _html_headings(html), slug
        top = [text for level, text in headings if level == 1]
        positions = [next(i for i, t in enumerate(top) if t.startswith(c)) for c in CHAPTERS]
        assert positions == sorted(positions), f"{slug}: chapters out of order: {top}"
        # The cover title is the Title, not a heading (it must not enter the Daftar Isi).
        assert any(p.style.name == "Title" for p in document.paragraphs if p.style), slug


def _html_tables(html: str) -> list[tuple[str, list[list[str]], int]]:
    """Every captioned report table: caption, cell texts per row (each cell once), and the
    number of header rows."""
    out = []
    for table in _html_root(html).iter("table"):
        caption = table.find("caption")
        if caption is None:
            continue
        rows, head = [], 0
        for tr in table.iter("tr"):
            rows.append([_norm(c.text_content()) for c in tr if c.tag in ("td", "th")])
            head += tr.getparent().tag == "thead"
        out.append((_norm(caption.text_content()), rows, head))
    return out


def _word_tables(document: Document) -> list[tuple[str, list[list[str]], list[bool]]]:
    """Every Word table right after a Caption paragraph: caption, cell texts per row (vertical
    merge continuations left out, as HTML has no cell there), and which rows repeat."""
    out = []
    previous: Any = None
    for el in document.element.body:
        if el.tag == W_TBL and previous is not None and previous.tag == W_P:
            style = previous.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) == "Caption":
                caption = "".join(t.text or "" for t in previous.iter(qn("w:t")))
                rows, repeat = [], []
                for tr in el.findall(qn("w:tr")):
                    cells = []
                    for tc in tr.findall(qn("w:tc")):
                        vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                        if vmerge is not None and vmerge.get(qn("w:val")) != "restart":
                            continue
                        cells.append(_norm(_Cell(tc, document).text))
                    rows.append(cells)
                    repeat.append(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
                out.append((_norm(caption), rows, repeat))
        previous = el
    return out


def test_every_table_is_a_word_table_with_its_caption_cells_and_header_rows(
    examples: dict[str, tuple[str, Document, Any]],
) -> None:
    for slug, (html, document, _) in examples.items():
        expected = _html_tables(html)
        got = _word_tables(document)
        assert len(expected) > 20, slug
        assert [e[0] for e in got] == [e[0] for e in expected], slug
        for (caption, rows, head), (_, word_rows, repeat) in zip(expected, got, strict=True):
            assert word_rows == rows, f"{slug}: {caption}"
            assert repeat == [True] * head + [False] * (len(rows) - head), f"{slug}: {caption}"
        # Every other table too (the PK parties), but not the Daftar Isi/Tabel/Gambar: those
        # became TOC fields; a pair of signatures side by side is a table in Word.
        root = _html_root(html)
        kept = [t for t in root.iter("table") if "daftar" not in (t.get("class") or "")]
        pairs = root.xpath("//div[contains(@class, 'ttd-ganda')]")
        assert len(document.tables) == len(kept) + len(pairs), slug


def test_tables_and_figures_captions_are_captions(
    examples: dict[str, tuple[str, Document, Any]],
) -> None:
    html, document, _ = examples["rembang/sumber"]
    figures = [_norm(f.text_content()) for f in _html_root(html).iter("figcaption")]
    word = [p for p in document.paragraphs if p.style and p.style.name == KETERANGAN_GAMBAR]
    assert [_norm(p.text) for p in word] == figures
    style = document.styles[KETERANGAN_GAMBAR]
    assert style.base_style is not None and style.base_style.name == "Caption"


def _pictures(element: Any) -> list[Any]:
    return list(element.iter(qn("pic:pic")))


def test_every_chart_and_image_is_a_picture(
    examples: dict[str, tuple[str, Document, Any]],
) -> None:
    for slug, (html, document, _) in examples.items():
        images = list(_html_root(html).iter("img"))
        assert len(images) >= 4, slug
        assert len(_pictures(document.element.body)) == len(images), slug
        # Each figure caption follows the paragraph holding its picture.
        body = list(document.element.body)
        for i, el in enumerate(body):
            style = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) == "KeteranganGambar":
                assert _pictures(body[i - 1]), f"{slug}: caption without its picture"
        # Charts are PNG drawn at print resolution (not a blurry thumbnail).
        for shape in document.inline_shapes:
            rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
            image = document.part.related_parts[rid].image  # type: ignore[attr-defined]
            assert image.content_type in ("image/png", "image/jpeg")
            inches = shape.width / 914400
            assert image.px_width / inches > 150, f"{slug}: {image.px_width} px for {inches} in"


def _instructions(document: Document) -> list[str]:
    return [_norm(t.text or "") for t in document.element.body.iter(qn("w:instrText"))]


def test_daftar_isi_tabel_gambar_are_toc_fields_updated_on_open(
    examples: dict[str, tuple[str, Document, Any]],
) -> None:
    for slug, (_, document, _) in examples.items():
        codes = _instructions(document)
        assert 'TOC \\o "1-2" \\h \\z \\u' in codes, slug
        assert 'TOC \\h \\z \\t "Caption,1"' in codes, slug
        assert f'TOC \\h \\z \\t "{KETERANGAN_GAMBAR},1"' in codes, slug
        update = document.settings.element.find(qn("w:updateFields"))
        assert update is not None and update.get(qn("w:val")) == "true", slug
        # Every page reference points at a bookmark that exists.
        names = {b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))}
        refs = [c.split()[1] for c in codes if c.startswith("PAGEREF")]
        assert refs and set(refs) <= names, slug


def test_page_numbers_roman_in_front_matter_arabic_from_bab_i(
    examples: dict[str, tuple[str, Document, Any]],
) -> None:
    _, document, _ = examples["rembang/sumber"]
    sections = document.sections
    assert len(sections) == 3  # cover, front matter, chapters
    formats = []
    for section in sections:
        pg = section._sectPr.find(qn("w:pgNumType"))
        formats.append(None if pg is None else (pg.get(qn("w:fmt")), pg.get(qn("w:start"))))
        codes = [_norm(t.text or "") for t in section.footer._element.iter(qn("w:instrText"))]
        assert codes == ([] if pg is None else ["PAGE"])
    assert formats == [None, ("lowerRoman", "1"), ("decimal", "1")]
    # BAB I is the first paragraph of the last section.
    first = next(
        p
        for p in document.paragraphs
        if p.text.startswith("BAB I ") and p.style is not None and p.style.name == "Heading 1"
    )
    boundary = [
        p for p in document.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    ]
    body = list(document.element.body)
    assert body.index(first._p) == body.index(boundary[-1]._p) + 1


def test_signatures_of_both_parties(examples: dict[str, tuple[str, Document, Any]]) -> None:
    for slug, (_, document, year) in examples.items():
        texts = {_norm(p.text) for p in _all_paragraphs(document) if p.style.name == TANDA_TANGAN}
        assert year.laporan.penandatangan.nama in texts, slug
        for pk in year.pk.perjanjian:
            assert pk.pihak_pertama.nama in texts, slug
            assert pk.pihak_kedua.nama in texts, slug
        assert any(t.startswith(f"{year.laporan.tempat}, ") for t in texts), slug


def _all_paragraphs(document: Document) -> list[Any]:
    out = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += cell.paragraphs
    return out


def test_draft_is_marked_in_the_header(draf_docx: Path, examples: dict[str, Any]) -> None:
    document = docx.Document(str(draf_docx))
    assert "DRAF" in document.sections[0].header.paragraphs[0].text
    assert all(s.header.is_linked_to_previous for s in document.sections[1:])
    _, final, _ = examples["rembang/sumber"]
    assert all("DRAF" not in s.header.paragraphs[0].text for s in final.sections)


def test_same_data_gives_the_same_bytes(draf_data: Path, draf_docx: Path, tmp_path: Path) -> None:
    assert main(["docx", str(draf_data), "--keluaran", str(tmp_path)]) == 0
    assert (tmp_path / draf_docx.name).read_bytes() == draf_docx.read_bytes()
    signed = dt.datetime(2025, 2, 20, tzinfo=dt.UTC)
    core = docx.Document(str(draf_docx)).core_properties
    assert (core.created, core.modified) == (signed, signed)
    with zipfile.ZipFile(draf_docx) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 2, 20, 0, 0, 0)}


def test_kabupaten_reference_docx_restyles_the_output(draf_data: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(draf_data, data)
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Courier New"  # type: ignore[union-attr]
    reference.add_paragraph("Teks contoh yang tidak boleh ikut ke laporan")
    (data / "contoh" / "templat").mkdir()
    reference.save(str(data / "contoh" / "templat" / "referensi.docx"))
    assert main(["docx", str(data), "--keluaran", str(tmp_path / "out")]) == 0
    document = docx.Document(str(tmp_path / "out" / "lkjip-contoh-alpha-2024.docx"))
    assert document.styles["Normal"].font.name == "Courier New"  # type: ignore[union-attr]
    assert "Teks contoh" not in "\n".join(p.text for p in document.paragraphs)
    # Styles the reference lacks are added: the headings still work.
    assert _word_headings(document)[0] == (1, "Kata Pengantar")


def test_default_reference_style(draf_docx: Path) -> None:
    document = docx.Document(str(draf_docx))
    assert document.styles["Normal"].font.name == "Arial"  # type: ignore[union-attr]
    assert round(document.sections[0].page_width.cm, 1) == 21.0  # type: ignore[union-attr]


def test_unreadable_reference_docx_is_a_user_error(
    draf_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(draf_data, data)
    (data / "contoh" / "templat").mkdir()
    bad = data / "contoh" / "templat" / "referensi.docx"
    bad.write_bytes(b"bukan zip")
    assert main(["docx", str(data), "--keluaran", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "bukan dokumen Word" in err and "Traceback" not in err



def test_reference_docx_that_inflates_too_far_is_refused_unopened(
    draf_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reference document is a zip anyone can hand over: one part that inflates to 80 MiB
    from a few kB is refused from the zip directory, before python-docx inflates anything."""
    import zipfile

    data = tmp_path / "data"
    shutil.copytree(draf_data, data)
    (data / "contoh" / "templat").mkdir()
    bomb = data / "contoh" / "templat" / "referensi.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/media/kosong.bin", "w") as part:
            for _ in range(80):
                part.write(bytes(2**20))
    assert bomb.stat().st_size < 200_000
    assert main(["docx", str(data), "--keluaran", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert str(bomb) in err and "dokumen referensi Word" in err and "Traceback" not in err
    assert "dimampatkan" in err or "setelah diekstrak" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))


def test_symlinked_reference_docx_is_refused(
    draf_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reference document that is a symbolic link is refused, as every linked data file is:
    validation refuses it first, and the Word output's own lookup would too (a second lock)."""
    data = tmp_path / "data"
    shutil.copytree(draf_data, data)
    (data / "contoh" / "templat").mkdir()
    secret = tmp_path / "rahasia.docx"
    secret.write_bytes(b"isi di luar folder data")
    link = data / "contoh" / "templat" / "referensi.docx"
    link.symlink_to(secret)
    out = tmp_path / "out"
    assert main(["docx", str(data), "--keluaran", str(out)]) == 1
    err = capsys.readouterr().err
    assert "templat/referensi.docx" in err and "tautan simbolik" in err and "Traceback" not in err
    assert not any(out.glob("*.docx"))

HOSTILE = (
    "<html><head><title>x</title><script>alert('kepala')</script></head><body>"
    "<div class='isi'><section class='bagian'>"
    "<h1 id='a'>Judul &lt;script&gt;alert(1)&lt;/script&gt; \x01\x0b\x1f\x7f\ufffe</h1>"
    "<script>alert('badan')</script><style>p {{}}</style>"
    "<p>teks <b>tebal <i>miring</i></b><a href='javascript:alert(1)'>tautan</a>"
    "<a href='#a'>ke judul</a><a href='https://contoh.go.id/'>luar</a></p>"
    "<table><caption>Tabel hostile</caption><thead><tr><th colspan='99999'>lebar</th></tr></thead>"
    "<tbody><tr><td rowspan='1000000'>{long}</td><td colspan='abc'>x</td></tr>"
    "<tr><td><table><tr><td>bersarang</td></tr></table></td></tr></tbody></table>"
    "<table><tr>{wide}</tr></table>"
    "<figure><img src='data:image/svg+xml;base64,{svg}' alt='svg luar'><figcaption>G</figcaption></figure>"
    "<img src='file:///etc/passwd' alt='berkas lokal'>"
    "<img src='data:image/png;base64,!!!' alt='rusak'>"
    "<img src='data:image/png;base64,iVBORw0KGgo=' alt='png terpotong'>"
    "<ul><li>satu<ol start='x'><li>dua<ul><li><p>tiga</p><p>empat</p></li></ul></li></ol></li></ul>"
    "<pre>  kode\tdengan\n  spasi</pre><blockquote>kutipan</blockquote><hr>"
    "<unknown-tag>dalam <span>tag asing</span></unknown-tag>"
    "</section></div></body></html>"
)


def test_hostile_html_cannot_break_the_docx() -> None:
    import base64

    svg = base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'width="10" height="10"><image xlink:href="file:///etc/passwd"/></svg>'
    ).decode()
    html = HOSTILE.format(long="panjang " * 50_000, wide="<td>k</td>" * 80, svg=svg)
    properti = Properti("Judul \x00", "Penulis \x1b", "Subjek", "kata", dt.date(2025, 1, 1))
    data = html_ke_docx(html, None, properti)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in _all_paragraphs(document))
    assert "Judul <script>alert(1)</script>" in text
    assert "alert('badan')" not in text and "alert('kepala')" not in text
    assert "panjang panjang" in text and "bersarang" in text and "tag asing" in text
    assert "[berkas lokal]" in text and "[svg luar]" in text and "[rusak]" in text
    assert not _pictures(document.element.body)  # nothing was loaded from outside
    assert "tautan" in text and "k | k" in text  # a table too wide for Word: text rows
    links = [
        h.get(qn("w:anchor")) or h.get(qn("r:id"))
        for h in document.element.body.iter(qn("w:hyperlink"))
    ]
    assert len(links) == 2  # the javascript: link stays text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    assert document.core_properties.title == "Judul "


def test_build_docx_puts_the_document_into_the_site_with_a_link(
    draf_data: Path, draf_docx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert main(["build", str(draf_data), "--docx", "--keluaran", str(out)]) == 0
    year = out / "contoh" / "alpha" / "2024"
    word = year / "laporan-alpha-2024.docx"
    assert word.read_bytes() == draf_docx.read_bytes()
    page = (year / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a[^>]*href="([^"]+)"[^>]*>Unduh Word</a>', page)
    assert link is not None, "no Unduh Word link on the Pengantar page"
    assert (year / link[1]).resolve() == word.resolve()
    assert "Unduh PDF" not in page  # built without --pdf


def test_site_without_docx_has_no_word_link(built_site: Path) -> None:
    for slug in EXAMPLES:
        year = built_site / slug / "2024"
        assert "Unduh Word" not in (year / "index.html").read_text(encoding="utf-8")
        assert not list(year.glob("*.docx"))


def test_docx_selects_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docx", str(DATA), "--tahun", "1999", "--keluaran", str(tmp_path)]) == 1
    assert "tidak ada tahun laporan 1999" in capsys.readouterr().err


def test_libreoffice_opens_it_and_shows_the_headings(draf_docx: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) atau pdftotext tidak terpasang di mesin ini")
    profile = tmp_path / "profil"  # its own profile: no clash with a running LibreOffice
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(draf_docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / draf_docx.with_suffix(".pdf").name
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    document = docx.Document(str(draf_docx))
    for level, heading in _word_headings(document):
        if level == 1:
            assert heading in _norm(text), heading
    assert "DRAF" in text
    # The tables open as tables: each caption, and every figure of every table, is there.
    captions = [_norm(p.text) for p in document.paragraphs if p.style.name == "Caption"]
    assert captions
    for caption in captions:
        assert caption in _norm(text), caption
    figures = {
        cell.text.strip()
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        if re.fullmatch(r"(Rp )?[\d.]+(,\d+)?( %)?", cell.text.strip())
    }
    assert len(figures) > 10
    for figure in figures:
        assert figure in text, figure
