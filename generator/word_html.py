"""Convert the printed report's HTML (``generator.pdf.render_html``) into Word content.

The converter knows generic HTML — headings, paragraphs, inline formatting, links, lists,
tables with spans, figures with data: images — plus the few classes that carry print
meaning: the cover (``.sampul``), the front matter and body (``.depan``, ``.isi``: their own
page numbering), parts (``section.bagian``: each on a new page), the Daftar Isi and Daftar
Tabel/Gambar tables (``.daftar-isi``, ``.daftar``: replaced by Word TOC fields), signature
blocks (``.ttd``, ``.ttd-ganda``, ``.lkjip-ttd``), table notes and the draft mark
(``.tanda-draf``). Any other element is looked through: its children are converted.

Nothing is fetched: an image must be a data: URI, and an SVG that refers to anything outside
itself is not drawn (its alt text is written instead).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import lxml.html
import resvg_py
from docx.blkcntnr import BlockItemContainer
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from generator.fonts import FONT_DIR
from generator.word_gaya import (
    CATATAN_TABEL,
    HEADINGS,
    ISI_TABEL,
    KEPALA_TABEL,
    KETERANGAN_GAMBAR,
    SAMPUL,
    TANDA_DRAF,
    TANDA_TANGAN,
    Penomoran,
    bookmark,
    field,
    field_begin,
    field_end,
    hyperlink,
    nomor_daftar,
)

INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "br",
        "wbr",
        "img",
    ]
)
SKIP = frozenset(
    ["script", "style", "head", "title", "meta", "link", "template", "noscript", "colgroup", "col"]
)
# Not in XML 1.0 (python-docx refuses them): C0 controls but tab and newline, DEL, C1 controls,
# lone surrogates and the two non-characters.
_TIDAK_SAH = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPASI = re.compile(r"[ \t\n\r\f]+")
# Space above parts of the cover (pt), so that it fills the page as the printed one does.
_JARAK_SAMPUL = {"sampul-kecamatan": 150, "sampul-tahun": 36, "sampul-draf": 24}
# For column widths: an average character of the table text (8 pt Arial, bold headers) and
# the cell's left and right margins.
CHAR_WIDTH, CELL_PADDING = Pt(4.7), Pt(9)
WORD_MAX_COLUMNS = 63  # Word cannot open a table with more
BATAS_GAMBAR = 20 * 1024 * 1024  # bytes of one decoded image
DPI = 200  # charts are rasterised at this resolution for their printed size
MAX_PIXELS = 4000  # on the longer side
EMU_PER_PX = 9525  # a CSS pixel is 1/96 inch
CHART_FONTS = [str(FONT_DIR / name) for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
TOC_ISI = 'TOC \\o "1-2" \\h \\z \\u'
TOC_TABEL = 'TOC \\h \\z \\t "Caption,1"'
TOC_GAMBAR = f'TOC \\h \\z \\t "{KETERANGAN_GAMBAR},1"'


def bersih(text: str) -> str:
    """``text`` without the characters XML cannot hold."""
    return _TIDAK_SAH.sub("", text)


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def _teks(el: Any) -> str:
    """The text of an element as a reader sees it (collapsed whitespace)."""
    return _SPASI.sub(" ", bersih(el.text_content())).strip()


@dataclass(frozen=True)
class Format:
    """Character formatting inherited by nested inline elements."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    sup: bool = False
    sub: bool = False
    mono: bool = False
    link: Any = None  # the w:hyperlink element runs go into
    link_style: str | None = None  # style id of the "Hyperlink" character style


_TAG_FORMAT: dict[str, dict[str, Any]] = {
    "b": {"bold": True},
    "strong": {"bold": True},
    "i": {"italic": True},
    "em": {"italic": True},
    "cite": {"italic": True},
    "dfn": {"italic": True},
    "var": {"italic": True},
    "u": {"underline": True},
    "ins": {"underline": True},
    "sup": {"sup": True},
    "sub": {"sub": True},
    "code": {"mono": True},
    "kbd": {"mono": True},
    "samp": {"mono": True},
    "tt": {"mono": True},
}


class _Paragraf:
    """A Word paragraph being filled with inline HTML, collapsing whitespace as a browser does."""

    def __init__(self, paragraph: Paragraph) -> None:
        self.paragraph = paragraph
        self._awal = True  # at the start of a line: leading spaces are dropped
        self._last: Run | None = None

    def text(self, raw: str | None, fmt: Format, pre: bool = False) -> None:
        if not raw:
            return
        text = bersih(raw) if pre else _SPASI.sub(" ", bersih(raw))
        if self._awal and not pre:
            text = text.lstrip(" ")
        if not text:
            return
        run = self.paragraph.add_run(text)
        _format(run, fmt)
        self._awal = text.endswith(" ") and not pre
        self._last = run

    def br(self) -> None:
        self._trim()
        self.paragraph.add_run().add_break()
        self._awal = True
        self._last = None

    def run(self) -> Run:
        run = self.paragraph.add_run()
        self._awal, self._last = False, None
        return run

    def selesai(self) -> None:
        self._trim()

    def _trim(self) -> None:
        if self._last is not None and self._last.text.endswith(" "):
            self._last.text = self._last.text.rstrip(" ")


def _format(run: Run, fmt: Format) -> None:
    if fmt.bold:
        run.bold = True
    if fmt.italic:
        run.italic = True
    if fmt.underline:
        run.underline = True
    if fmt.sup:
        run.font.superscript = True
    if fmt.sub:
        run.font.subscript = True
    if fmt.mono:
        run.font.name = "Courier New"
    if fmt.link is not None:
        if fmt.link_style is not None:
            run._r.style = fmt.link_style
        fmt.link.append(run._r)


@dataclass
class _Wadah:
    """Where blocks go: the document body or a table cell, and how wide it is."""

    isi: BlockItemContainer
    lebar: int  # EMU
    kosong: Paragraph | None = None  # the empty paragraph a new cell starts with

    def paragraf(self) -> Paragraph:
        if self.kosong is not None:
            paragraph, self.kosong = self.kosong, None
            return paragraph
        return self.isi.add_paragraph()


@dataclass(frozen=True)
class _Konteks:
    """What the surrounding elements impose on the paragraphs inside them."""

    gaya: str = "Normal"
    rata: WD_ALIGN_PARAGRAPH | None = None
    indent: int = 0  # EMU
    fmt: Format = Format()
    sampul: bool = False
    ttd: bool = False
    jangkar: str | None = None  # the id of a wrapper (div.lkjip-tabel) for the next caption


@dataclass
class _DaftarTertunda:
    """A TOC field whose cached entries are written once every bookmark is placed."""

    paragraph: Paragraph
    code: str
    entri: list[tuple[int, str, str | None]]  # level, text, html id
    lebar: int


class Konverter:
    """Writes one HTML document into a (reference) Word document."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        section = document.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        self.lebar_teks = int(width)
        self.tinggi_teks = int(
            (section.page_height or 0) - (section.top_margin or 0) - (section.bottom_margin or 0)
        )
        self._wadah = [_Wadah(document._body, self.lebar_teks)]
        self.penomoran = Penomoran(document)
        self.format_halaman: list[str | None] = ["decimal"]  # per Word section
        self.draf: str | None = None
        self._ada_isi = False  # the body has content: a new numbering needs a section break
        self._halaman_baru = False
        self._penanda: dict[str, str] = {}  # html id -> bookmark name
        self._target: dict[str, str] = {}  # html id -> tag of the element
        self._ditempatkan: set[str] = set()  # bookmarks placed
        self._tertunda: list[_DaftarTertunda] = []
        # Looking a style up by name scans every style: done once, not per paragraph.
        self._gaya_id = {s.name: s.style_id for s in document.styles}

    # --- entry ------------------------------------------------------------------------------

    def tulis(self, html: str) -> None:
        parser = lxml.html.HTMLParser(
            huge_tree=True, no_network=True, remove_comments=True, remove_pis=True
        )
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=parser)
        for el in root.iter():
            ident = el.get("id") if isinstance(el.tag, str) else None
            if ident and ident not in self._penanda:
                self._penanda[ident] = f"lkjip_{len(self._penanda) + 1}"
                self._target[ident] = el.tag
        body = root.find("body")
        self._isi(body if body is not None else root, _Konteks())
        for daftar in self._tertunda:
            self._isi_daftar(daftar)
        self._nomor_halaman()

    # --- blocks -----------------------------------------------------------------------------

    def gaya(self, paragraph: Paragraph, name: str) -> None:
        """Give the paragraph a style by name (pastikan_gaya made sure it exists)."""
        paragraph._p.style = self._gaya_id.get(name)

    @property
    def wadah(self) -> _Wadah:
        return self._wadah[-1]

    def _paragraf(self, kt: _Konteks, style: str | None = None) -> Paragraph:
        paragraph = self.wadah.paragraf()
        self.gaya(paragraph, style or kt.gaya)
        if len(self._wadah) == 1:
            self._ada_isi = True
            if self._halaman_baru:
                paragraph.paragraph_format.page_break_before = True
                self._halaman_baru = False
        fmt = paragraph.paragraph_format
        if kt.rata is not None:
            fmt.alignment = kt.rata
        if kt.indent:
            fmt.left_indent = Emu(kt.indent)
        if kt.ttd:
            fmt.keep_with_next = True
        return paragraph

    def _isi(self, el: Any, kt: _Konteks) -> None:
        """Convert the children of ``el``: runs of text and inline elements become paragraphs,
        block elements convert themselves."""
        current: _Paragraf | None = None

        def target() -> _Paragraf:
            nonlocal current
            if current is None:
                current = _Paragraf(self._paragraf(kt))
            return current

        if el.text and el.text.strip():
            target().text(el.text, kt.fmt)
        for child in el:
            if not isinstance(child.tag, str) or child.tag in SKIP:
                pass
            elif child.tag in INLINE:
                if child.tag in ("br", "img") or _teks(child) or current is not None:
                    self._inline(child, target, kt.fmt)
            else:
                if current is not None:
                    current.selesai()
                    current = None
                self._blok(child, kt)
            if child.tail and (child.tail.strip() or current is not None):
                target().text(child.tail, kt.fmt)
        if current is not None:
            current.selesai()

    def _blok(self, el: Any, kt: _Konteks) -> None:
        tag, classes = el.tag, _classes(el)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._judul(el, kt)
        elif tag == "p":
            self._p(el, kt, classes)
        elif tag in ("ul", "ol"):
            self._daftar(el, kt, 0)
        elif tag == "table":
            self._tabel(el, kt)
        elif tag == "figure":
            self._figure(el, kt)
        elif tag == "pre":
            paragraph = _Paragraf(self._paragraf(kt))
            paragraph.text(el.text_content(), replace(kt.fmt, mono=True), pre=True)
        elif tag == "blockquote" or tag == "dd":
            self._isi(el, replace(kt, indent=kt.indent + int(Pt(24))))
        elif tag == "dt":
            self._isi(el, replace(kt, fmt=replace(kt.fmt, bold=True)))
        elif tag == "hr":
            self._paragraf(kt)
        else:
            self._div(el, kt, classes)

    def _div(self, el: Any, kt: _Konteks, classes: set[str]) -> None:
        if "tanda-draf" in classes:
            self.draf = _teks(el) or "DRAF"
        elif "sampul" in classes:
            if not self._ada_isi:
                self.format_halaman[-1] = None  # the cover page carries no number
            self._isi(el, replace(kt, gaya=SAMPUL, rata=WD_ALIGN_PARAGRAPH.CENTER, sampul=True))
        elif classes & {"depan", "isi"}:
            self._seksi("lowerRoman" if "depan" in classes else "decimal")
            self._isi(el, kt)
        elif classes & {"ttd-ganda", "lkjip-ttd-ganda"}:
            self._ttd_ganda(el, kt)
        elif classes & {"ttd", "lkjip-ttd"}:
            self._tahan_sebelumnya()
            indent = 0 if len(self._wadah) > 1 else self.lebar_teks // 2
            ttd = replace(
                kt, gaya=TANDA_TANGAN, rata=WD_ALIGN_PARAGRAPH.CENTER, indent=indent, ttd=True
            )
            self._isi(el, ttd)
        elif "ttd-ruang" in classes:
            for _ in range(3):  # room for the signature and the stamp
                self._paragraf(kt)
        else:
            if el.tag == "section" and "bagian" in classes and self._ada_isi:
                self._halaman_baru = True
            if "halaman-baru" in classes and self._ada_isi:
                self._halaman_baru = True
            jangkar = el.get("id") if "lkjip-tabel" in classes else kt.jangkar
            self._isi(el, replace(kt, jangkar=jangkar))

    def _tahan_sebelumnya(self) -> None:
        """Keep the paragraph before a signature on its page: a signature never stands alone
        at the top of a page (the PDF's rule)."""
        children = [c for c in self.wadah.isi._element if c.tag in (qn("w:p"), qn("w:tbl"))]
        if children and children[-1].tag == qn("w:p"):
            Paragraph(children[-1], self.wadah.isi).paragraph_format.keep_with_next = True

    def _seksi(self, fmt: str) -> None:
        """Start a Word section with its own page numbers (front matter, body)."""
        if self._ada_isi:
            self.doc.add_section(WD_SECTION.NEW_PAGE)
            self.format_halaman.append(fmt)
            self._halaman_baru = False
        else:
            self.format_halaman[-1] = fmt

    def _judul(self, el: Any, kt: _Konteks) -> None:
        level = int(el.tag[1])
        style = "Title" if kt.sampul and level == 1 else HEADINGS[min(level, 4) - 1]
        rata = kt.rata if kt.sampul else None
        paragraph = self._paragraf(replace(kt, gaya=style, rata=rata, indent=0), style)
        if kt.sampul:
            paragraph.paragraph_format.space_before = Pt(72)
            paragraph.paragraph_format.space_after = Pt(12)
        self._tanda(paragraph, el.get("id"))
        self._inline_isi(el, _Paragraf(paragraph), kt.fmt)

    def _p(self, el: Any, kt: _Konteks, classes: set[str]) -> None:
        if kt.sampul:
            style = SAMPUL
        elif classes & {"lkjip-catatan", "lkjip-sumber", "lkjip-keterangan-na"}:
            style = CATATAN_TABEL
        else:
            style = kt.gaya
        fmt = kt.fmt
        if classes & {"ttd-nama"}:
            fmt = replace(fmt, bold=True, underline=True)
        if classes & {"label", "pk-kop", "lkjip-kop", "sampul-kecamatan", "ttd-jabatan"}:
            fmt = replace(fmt, bold=True)
        rata = WD_ALIGN_PARAGRAPH.CENTER if classes & {"pk-kop", "lkjip-kop"} else kt.rata
        paragraph = self._paragraf(replace(kt, rata=rata), style)
        if "label" in classes:
            paragraph.paragraph_format.keep_with_next = True
        if kt.sampul and (space := _JARAK_SAMPUL.keys() & classes):
            paragraph.paragraph_format.space_before = Pt(_JARAK_SAMPUL[space.pop()])
        self._tanda(paragraph, el.get("id"))
        self._inline_isi(el, _Paragraf(paragraph), fmt)

    def _tanda(self, paragraph: Paragraph, ident: str | None) -> None:
        if ident and ident in self._penanda and ident not in self._ditempatkan:
            bookmark(paragraph, self._penanda[ident], len(self._ditempatkan) + 1)
            self._ditempatkan.add(ident)

    # --- inline -----------------------------------------------------------------------------

    def _inline_isi(self, el: Any, paragraph: _Paragraf, fmt: Format) -> None:
        """Everything inside ``el`` into one paragraph (blocks nested in it are flattened)."""
        paragraph.text(el.text, fmt)
        for child in el:
            if isinstance(child.tag, str) and child.tag not in SKIP:
                self._inline(child, lambda: paragraph, fmt)
            paragraph.text(child.tail, fmt)
        paragraph.selesai()

    def _inline(self, el: Any, target: Callable[[], _Paragraf], fmt: Format) -> None:
        tag = el.tag
        # (``wbr`` is looked through: libxml2's HTML parser, not knowing it is void, may
        # make the text after it its child.)
        if tag == "br":
            target().br()
            return
        if tag == "img":
            self._gambar(target(), el, self.wadah.lebar, self.tinggi_teks // 2)
            return
        fmt = replace(fmt, **_TAG_FORMAT.get(tag, {}))
        if tag == "a":
            fmt = self._tautan(target(), el, fmt)
        paragraph = target()
        paragraph.text(el.text, fmt)
        for child in el:
            if isinstance(child.tag, str) and child.tag not in SKIP:
                self._inline(child, target, fmt)
            paragraph.text(child.tail, fmt)

    def _tautan(self, paragraph: _Paragraf, el: Any, fmt: Format) -> Format:
        """A link: to a place in the report, or out to the web; other links become text."""
        href = (el.get("href") or "").strip()
        if fmt.link is not None:
            return fmt  # Word does not nest links
        if href.startswith("#") and href[1:] in self._penanda:
            link = hyperlink(paragraph.paragraph, anchor=self._penanda[href[1:]])
            return replace(fmt, link=link, link_style=self._gaya_id.get("Hyperlink"))
        if re.match(r"(?i)(https?|mailto):", href) and not _TIDAK_SAH.search(href):
            link = hyperlink(paragraph.paragraph, url=href)
            return replace(fmt, link=link, link_style=self._gaya_id.get("Hyperlink"))
        return fmt

    # --- lists ------------------------------------------------------------------------------

    def _daftar(self, el: Any, kt: _Konteks, level: int) -> None:
        ordered = el.tag == "ol"
        start = el.get("start") or "1"
        num_id = self.penomoran.baru(ordered, int(start) if start.isdigit() else 1)
        for li in el:
            if not isinstance(li.tag, str) or li.tag in SKIP:
                continue
            if li.tag != "li":
                self._blok(li, kt)
                continue
            self._butir(li, kt, num_id, min(level, 8))

    def _butir(self, li: Any, kt: _Konteks, num_id: int, level: int) -> None:
        """One list item: its text is the numbered paragraph; nested lists go one level in."""
        item = _Paragraf(self._paragraf(kt, "List Paragraph"))
        nomor_daftar(item.paragraph, num_id, level)
        current: _Paragraf | None = item
        indent = replace(kt, indent=kt.indent + int(Emu(228600 * (level + 1) + 228600)))

        def target() -> _Paragraf:
            nonlocal current
            if current is None:
                current = _Paragraf(self._paragraf(indent, "List Paragraph"))
            return current

        target().text(li.text, kt.fmt)
        for child in li:
            if not isinstance(child.tag, str) or child.tag in SKIP:
                pass
            elif child.tag in ("ul", "ol"):
                if current is not None:
                    current.selesai()
                current = None
                self._daftar(child, kt, level + 1)
            elif child.tag in INLINE:
                self._inline(child, target, kt.fmt)
            elif child.tag == "p" and current is item:
                self._inline_isi(child, item, kt.fmt)
            else:
                if current is not None:
                    current.selesai()
                current = None
                self._blok(child, indent)
            if child.tail and (child.tail.strip() or current is not None):
                target().text(child.tail, kt.fmt)
        if current is not None:
            current.selesai()

    # --- figures and images -----------------------------------------------------------------

    def _figure(self, el: Any, kt: _Konteks) -> None:
        """Picture first, caption below (the PDF's order)."""
        ident = el.get("id")
        caption = None
        for child in el:
            if not isinstance(child.tag, str) or child.tag in SKIP:
                continue
            if child.tag == "figcaption":
                caption = child
            elif child.tag == "img":
                paragraph = self._paragraf(replace(kt, rata=WD_ALIGN_PARAGRAPH.CENTER, indent=0))
                paragraph.paragraph_format.keep_with_next = True
                max_height = self.tinggi_teks * 2 // 3
                self._gambar(_Paragraf(paragraph), child, self.wadah.lebar, max_height)
            elif child.tag not in INLINE:
                self._blok(child, kt)
        if caption is not None:
            paragraph = self._paragraf(replace(kt, rata=None, indent=0), KETERANGAN_GAMBAR)
            self._tanda(paragraph, ident)
            self._inline_isi(caption, _Paragraf(paragraph), kt.fmt)

    def _gambar(self, paragraph: _Paragraf, el: Any, max_width: int, max_height: int) -> None:
        alt = bersih(el.get("alt") or "")
        image = _decode(el.get("src") or "", max_width, max_height)
        if image is None:
            if alt:
                paragraph.text(f"[{alt}]", Format(italic=True))
            return
        data, width, height = image
        shape = paragraph.run().add_picture(io.BytesIO(data), width=Emu(width), height=Emu(height))
        shape._inline.docPr.set("descr", alt)

    # --- tables -----------------------------------------------------------------------------

    def _tabel(self, el: Any, kt: _Konteks) -> None:
        classes = _classes(el)
        if "daftar-isi" in classes:
            self._daftar_isian(el, kt, TOC_ISI)
            return
        if "daftar" in classes:
            self._daftar_isian(el, kt, self._kode_daftar(el))
            return
        rows = _rows(el)
        caption = el.find("caption")
        if caption is not None:
            paragraph = self._paragraf(replace(kt, rata=None, indent=0), "Caption")
            paragraph.paragraph_format.keep_with_next = True
            self._tanda(paragraph, kt.jangkar or el.get("id"))
            self._inline_isi(caption, _Paragraf(paragraph), kt.fmt)
        if not rows:
            return
        grid = _Grid(rows)
        if grid.columns > WORD_MAX_COLUMNS:
            self._tabel_teks(rows, kt)
            return
        if self._halaman_baru:
            self._paragraf(kt)
        self._tabel_word(grid, kt, any(cell.tag == "th" for row, _ in rows for cell in row))

    def _tabel_word(self, grid: _Grid, kt: _Konteks, data: bool) -> None:
        width = self.wadah.lebar - kt.indent
        table = self.wadah.isi.add_table(0, grid.columns, Emu(width))
        if len(self._wadah) == 1:
            self._ada_isi = True
        names = {s.name for s in self.doc.styles}
        if data and "Table Grid" in names:
            table.style = self.doc.styles["Table Grid"]
        elif data:
            _borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = grid.widths(width, pas=not data)
        if data:
            _cell_margins(table, Cm(0.12))
        for col, w in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = Emu(w)
        for r in range(grid.rows):
            tr = table._tbl.add_tr()
            if grid.head[r]:
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            elif grid.pendek(r):
                # A row stays on one page, unless it is too long to fit on one.
                tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            c = 0
            while c < grid.columns:
                slot = grid.slot.get((r, c))
                if slot is None:
                    self._tc(tr, table, sum(widths[c : c + 1]), 1, None, None, grid.head[r])
                    c += 1
                    continue
                r0, _c0, span_c, span_r, cell = slot
                w = sum(widths[c : c + span_c])
                merge = None if span_r == 1 else ("restart" if r0 == r else "continue")
                self._tc(tr, table, w, span_c, merge, cell if r0 == r else None, grid.head[r])
                c += span_c

    def _tc(
        self,
        tr: Any,
        table: Table,
        width: int,
        span: int,
        merge: str | None,
        cell: Any,
        head: bool,
    ) -> None:
        tc = OxmlElement("w:tc")
        tcpr = OxmlElement("w:tcPr")
        tcw = OxmlElement("w:tcW")
        tcw.set(qn("w:w"), str(width // 635))  # EMU to twentieths of a point
        tcw.set(qn("w:type"), "dxa")
        tcpr.append(tcw)
        if span > 1:
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            tcpr.append(grid_span)
        if merge is not None:
            vmerge = OxmlElement("w:vMerge")
            if merge == "restart":
                vmerge.set(qn("w:val"), "restart")
            tcpr.append(vmerge)
        th = cell is not None and cell.tag == "th"
        if head or th:
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:color"), "auto")
            shd.set(qn("w:fill"), "E0F2F1")  # the printed header colour
            tcpr.append(shd)
        tc.append(tcpr)
        tc.append(OxmlElement("w:p"))
        tr.append(tc)
        if cell is None:
            return
        word_cell = _Cell(tc, table)
        classes = _classes(cell)
        style = KEPALA_TABEL if th else ISI_TABEL
        rata = WD_ALIGN_PARAGRAPH.RIGHT if "angka" in classes and not th else None
        fmt = Format(bold=True) if classes & {"jumlah", "program", "grup"} else Format()
        kt = _Konteks(gaya=style, rata=rata, fmt=fmt)
        self._wadah.append(_Wadah(word_cell, width, kosong=word_cell.paragraphs[0]))
        try:
            self._isi(cell, kt)
        finally:
            self._wadah.pop()
        if tc[-1].tag != qn("w:p"):
            tc.append(OxmlElement("w:p"))  # Word wants every cell to end with a paragraph

    def _tabel_teks(self, rows: list[tuple[list[Any], bool]], kt: _Konteks) -> None:
        """A table too wide for Word: one line per row, cells separated by " | "."""
        for row, _ in rows:
            paragraph = _Paragraf(self._paragraf(kt, ISI_TABEL))
            paragraph.text(" | ".join(_teks(c) for c in row), kt.fmt)

    def _ttd_ganda(self, el: Any, kt: _Konteks) -> None:
        """Two signatures side by side: a borderless table, one cell per signature."""
        blocks = [c for c in el if isinstance(c.tag, str) and c.tag not in SKIP]
        if not blocks or len(blocks) > WORD_MAX_COLUMNS:
            self._isi(el, kt)
            return
        self._tahan_sebelumnya()
        if self._halaman_baru:
            self._paragraf(kt)  # carries the page break a table cannot
        width = self.wadah.lebar - kt.indent
        table = self.wadah.isi.add_table(0, len(blocks), Emu(width))
        if len(self._wadah) == 1:
            self._ada_isi = True
        tr = table._tbl.add_tr()
        trpr = tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        w = width // len(blocks)
        for block in blocks:
            tc = OxmlElement("w:tc")
            tc.append(OxmlElement("w:p"))
            tr.append(tc)
            cell = _Cell(tc, table)
            cell.width = Emu(w)
            self._wadah.append(_Wadah(cell, w, kosong=cell.paragraphs[0]))
            try:
                ttd = replace(kt, gaya=TANDA_TANGAN, rata=WD_ALIGN_PARAGRAPH.CENTER, ttd=True)
                self._isi(block, replace(ttd, indent=0))
            finally:
                self._wadah.pop()
            if tc[-1].tag != qn("w:p"):
                tc.append(OxmlElement("w:p"))

    # --- Daftar Isi, Daftar Tabel, Daftar Gambar --------------------------------------------

    def _kode_daftar(self, el: Any) -> str:
        """A list of figures when its links point at figures, else a list of tables."""
        for a in el.iter("a"):
            href = a.get("href") or ""
            if href.startswith("#") and href[1:] in self._target:
                return TOC_GAMBAR if self._target[href[1:]] == "figure" else TOC_TABEL
        return TOC_TABEL

    def _daftar_isian(self, el: Any, kt: _Konteks, code: str) -> None:
        """A TOC field in place of the HTML list; its cached entries are written at the end,
        when the bookmarks they refer to exist."""
        entri = []
        for tr in el.iter("tr"):
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            text = " ".join(t for c in cells if "hal" not in _classes(c) if (t := _teks(c)))
            anchor = next(
                (a.get("href")[1:] for a in tr.iter("a") if (a.get("href") or "").startswith("#")),
                None,
            )
            tingkat = re.search(r"\btingkat-(\d)\b", tr.get("class") or "")
            level = min(int(tingkat[1]), 3) if tingkat else 1
            if text:
                entri.append((max(level, 1), text, anchor))
        paragraph = self._paragraf(kt, "TOC 1")
        self._tertunda.append(_DaftarTertunda(paragraph, code, entri, self.wadah.lebar))

    def _isi_daftar(self, daftar: _DaftarTertunda) -> None:
        first = daftar.paragraph
        field_begin(first, daftar.code, dirty=True)
        if not daftar.entri:
            first.add_run(
                "(Perbarui bidang ini untuk mengisi daftar: klik kanan, Perbarui Bidang.)"
            )
            field_end(first)
            return
        last = first
        for i, (level, text, anchor) in enumerate(daftar.entri):
            paragraph = first if i == 0 else _paragraph_after(last)
            self.gaya(paragraph, f"TOC {level}")
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Emu(daftar.lebar), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            paragraph.add_run(text)
            if anchor is not None and anchor in self._ditempatkan:
                paragraph.add_run("\t")
                field(paragraph, f"PAGEREF {self._penanda[anchor]} \\h", "")
            last = paragraph
        closing = _paragraph_after(last)
        self.gaya(closing, "Normal")
        field_end(closing)

    # --- page numbers and the draft mark ----------------------------------------------------

    def _nomor_halaman(self) -> None:
        previous: str | None = None
        for i, (section, fmt) in enumerate(
            zip(self.doc.sections, self.format_halaman, strict=False)
        ):
            footer = section.footer
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            if fmt is not None:
                paragraph.style = "Footer"
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                field(paragraph, "PAGE", "1")
                _nomor(section, fmt, restart=fmt != previous or i == 0)
            previous = fmt
            if i == 0 and self.draf is not None:
                header = section.header
                header.is_linked_to_previous = False
                mark = header.paragraphs[0]
                mark.style = TANDA_DRAF
                mark.add_run(bersih(self.draf)).font.color.rgb = None
                mark.runs[-1].bold = True


def _paragraph_after(paragraph: Paragraph) -> Paragraph:
    new = OxmlElement("w:p")
    paragraph._p.addnext(new)
    return Paragraph(new, paragraph._parent)


def _nomor(section: Any, fmt: str, restart: bool) -> None:
    """Page number format (``w:pgNumType``) of a section; numbering restarts at 1."""
    sectpr = section._sectPr
    for old in sectpr.findall(qn("w:pgNumType")):
        sectpr.remove(old)
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:fmt"), fmt)
    if restart:
        pg.set(qn("w:start"), "1")
    later = "cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings sectPrChange"
    tags = {qn(f"w:{t}") for t in later.split()}
    for child in sectpr:
        if child.tag in tags:
            child.addprevious(pg)
            return
    sectpr.append(pg)


def _cell_margins(table: Table, side: int) -> None:
    """Narrower left and right cell margins than Word's 0,19 cm: report tables are wide."""
    margins = OxmlElement("w:tblCellMar")
    for name in ("left", "right"):
        margin = OxmlElement(f"w:{name}")
        margin.set(qn("w:w"), str(side // 635))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tblpr = table._tbl.tblPr
    # Its place in CT_TblPr: before tblLook (python-docx writes one), else last.
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)


def _borders(table: Table) -> None:
    """Single lines around every cell, when the reference has no "Table Grid" style."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    later = {qn(f"w:{t}") for t in ("shd", "tblLayout", "tblCellMar", "tblLook")}
    after = next((c for c in tblpr if c.tag in later), None)
    if after is not None:
        after.addprevious(borders)
    else:
        tblpr.append(borders)


def _rows(table: Any) -> list[tuple[list[Any], bool]]:
    """The table's rows in order, each with its cells and whether it is a header row."""
    rows: list[tuple[list[Any], bool]] = []

    def add(tr: Any, head: bool) -> None:
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        rows.append((cells, head))

    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            add(child, False)
        elif child.tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if isinstance(tr.tag, str) and tr.tag == "tr":
                    add(tr, child.tag == "thead")
    return rows


def _span(cell: Any, name: str, limit: int) -> int:
    value = (cell.get(name) or "1").strip()
    return max(1, min(int(value), limit)) if value.isdigit() else 1


class _Grid:
    """An HTML table laid out on a grid, resolving colspan and rowspan as browsers do."""

    def __init__(self, rows: list[tuple[list[Any], bool]]) -> None:
        self.rows = len(rows)
        self.head = [head for _, head in rows]
        # (row, column) -> (first row, first column, columns, rows, cell)
        self.slot: dict[tuple[int, int], tuple[int, int, int, int, Any]] = {}
        for r, (cells, _) in enumerate(rows):
            c = 0
            for cell in cells:
                while (r, c) in self.slot:
                    c += 1
                span_c = _span(cell, "colspan", 1000)
                span_r = _span(cell, "rowspan", self.rows - r)
                for i in range(span_r):
                    for j in range(span_c):
                        self.slot[(r + i, c + j)] = (r, c, span_c, span_r, cell)
                c += span_c
        self.columns = max((c for _, c in self.slot), default=-1) + 1

    def pendek(self, row: int) -> bool:
        """Whether a row's text is short enough to be kept on one page."""
        cells = {id(s[4]): s[4] for (r, _), s in self.slot.items() if r == row}
        return sum(len(_teks(c)) for c in cells.values()) < 1200

    def widths(self, total: int, pas: bool = False) -> list[int]:
        """Column widths in EMU: each at least as wide as its longest word (Word would break
        it letter by letter), the rest shared by the length of the column's longest text.
        ``pas`` (a layout table, e.g. "Nama : …"): as wide as the text, when it fits."""
        least = [int(Cm(1))] * self.columns
        weight = [1] * self.columns
        natural = [int(Cm(0.5))] * self.columns
        for (r, c), (r0, c0, span_c, _, cell) in self.slot.items():
            if span_c == 1 and (r, c) == (r0, c0):
                text = _teks(cell)
                word = max((len(w) for w in re.split(r"[\s/]+", text)), default=0)
                angka = "angka" in _classes(cell)
                if angka:
                    word = len(text)  # "100,00 %", "Rp 2.187.105.981": one unbroken line
                least[c] = max(least[c], int(CELL_PADDING + CHAR_WIDTH * min(word, 20)))
                if not angka:  # a figure needs no more than its one line: the rest goes to text
                    weight[c] = max(weight[c], min(len(text), 40))
                natural[c] = max(natural[c], int(CELL_PADDING + CHAR_WIDTH * len(text)))
        if pas and sum(natural) <= total:
            return [int(w) // 635 * 635 for w in natural]
        if sum(least) >= total:
            widths = [w * total / sum(least) for w in least]
        else:
            spare = total - sum(least)
            widths = [w + spare * k / sum(weight) for w, k in zip(least, weight, strict=True)]
        # A multiple of 635 EMU (one twip): what Word stores.
        return [int(w) // 635 * 635 for w in widths]


def _decode(src: str, max_width: int, max_height: int) -> tuple[bytes, int, int] | None:
    """An image from a data: URI, as (PNG or JPEG bytes, width, height in EMU), or None."""
    match = re.match(r"data:([\w/+.-]+)((?:;[\w=.-]+)*),", src[:200])
    if match is None:
        return None
    payload = src[match.end() :]
    try:
        data = base64.b64decode(payload) if ";base64" in match[2] else payload.encode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if len(data) > BATAS_GAMBAR:
        return None
    if match[1] == "image/svg+xml":
        return _svg(data, max_width, max_height)
    try:
        image = Image.from_blob(data)
    except Exception:  # python-docx raises several kinds for bytes that are no image it knows
        return None
    width = int(image.width) or 1
    height = int(image.height) or 1
    return (data, *_fit(width, height, max_width, max_height))


def _fit(width: int, height: int, max_width: int, max_height: int) -> tuple[int, int]:
    scale = min(1.0, max_width / width, max_height / height)
    return max(int(width * scale), 1), max(int(height * scale), 1)


_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")


def _svg(data: bytes, max_width: int, max_height: int) -> tuple[bytes, int, int] | None:
    """A self-contained SVG drawn as PNG at :data:`DPI`, with the charts' DejaVu fonts (the
    ones their text was measured with), at its CSS size (capped to the page)."""
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        )
    except etree.XMLSyntaxError:
        return None
    for el in root.iter():
        for name, value in el.attrib.items():
            if name.endswith("href") and not value.startswith(("#", "data:")):
                return None  # would load a file: never
    size = _svg_size(root)
    if size is None:
        return None
    width, height = _fit(
        int(size[0] * EMU_PER_PX), int(size[1] * EMU_PER_PX), max_width, max_height
    )
    pixels_w, pixels_h = width / 914400 * DPI, height / 914400 * DPI
    pixels = round(pixels_w * min(1.0, MAX_PIXELS / max(pixels_w, pixels_h)))
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=data.decode("utf-8"),
            width=max(pixels, 1),
            skip_system_fonts=True,
            font_files=CHART_FONTS,
            sans_serif_family="DejaVu Sans",
            font_family="DejaVu Sans",
            background="#ffffff",
        )
    except (ValueError, UnicodeDecodeError):
        return None
    return bytes(png), width, height


def _svg_size(root: Any) -> tuple[float, float] | None:
    width, height = root.get("width") or "", root.get("height") or ""
    w, h = _LENGTH.match(width), _LENGTH.match(height)
    if w and h:
        size = float(w[1]), float(h[1])
    else:
        box = (root.get("viewBox") or "").replace(",", " ").split()
        if len(box) != 4:
            return None
        try:
            size = float(box[2]), float(box[3])
        except ValueError:
            return None
    return size if size[0] > 0 and size[1] > 0 else None
