"""The Word side of the editable report: the reference document (styles, page setup) and the
few pieces of OOXML python-docx has no API for (fields, bookmarks, list numbering).

Styles come from a reference .docx, as in pandoc: a kabupaten that wants its own fonts puts a
``referensi.docx`` in its ``templat/`` folder (any .docx works, e.g. one ``lkjip docx`` wrote,
restyled in Word: its text is dropped, its styles and page setup are kept). Without one, the
default reference is made here from python-docx's own template, so it is the same on every
machine and needs no binary file in the repository. Styles the converter needs but a
reference lacks are added with the default look, so an override only has to define what it
changes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from generator.arsip import Batas, periksa_ukuran
from generator.errors import UserError

REFERENSI = "referensi.docx"
# A reference document is a style sheet: a few hundred kB at most. Bounded so that a huge or
# zip-bombed file in templat/ cannot exhaust memory.
BATAS_REFERENSI = 20 * 1024 * 1024
# Inflated, all parts together: a letterhead with a few logos is well under 10 MiB.
REFERENSI_WORD = Batas(
    "dokumen referensi Word", 64 * 2**20, "dokumen berkop surat biasanya di bawah 10 MiB"
)

# Custom paragraph styles the converter uses, each based on a built-in one.
KETERANGAN_GAMBAR = "Keterangan Gambar"  # figure captions: Caption, listed apart from tables
ISI_TABEL = "Isi Tabel"
KEPALA_TABEL = "Kepala Tabel"
CATATAN_TABEL = "Catatan Tabel"
TANDA_TANGAN = "Tanda Tangan"
SAMPUL = "Sampul"
TANDA_DRAF = "Tanda Draf"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")


def buka_referensi(path: Path | None) -> Document:
    """The reference document with its body emptied (its last section's setup kept)."""
    if path is None:
        document = docx.Document()
        _gaya_bawaan(document)
    else:
        document = _baca_referensi(path)
    _kosongkan(document)
    pastikan_gaya(document)
    return document


def cari_referensi(folders: list[Path]) -> Path | None:
    """The first ``referensi.docx`` on the template search path (kecamatan, then kabupaten)."""
    for folder in folders:
        path = folder / REFERENSI
        if path.is_symlink():  # as everywhere in the data: a link could read any file
            raise UserError(
                f"{path}: dokumen referensi Word adalah tautan simbolik (symlink); pakai berkas aslinya"
            )
        if path.is_file():
            return path
    return None


def _baca_referensi(path: Path) -> Document:
    if path.stat().st_size > BATAS_REFERENSI:
        raise UserError(f"{path}: dokumen referensi Word lebih dari 20 MB")
    try:
        with zipfile.ZipFile(path) as archive:
            periksa_ukuran(path, archive, REFERENSI_WORD)
        return docx.Document(str(path))
    except UserError:
        raise
    except Exception as exc:  # a zip, XML or package error: all mean "not a usable .docx"
        raise UserError(
            f"{path}: bukan dokumen Word (.docx) yang dapat dibaca ({type(exc).__name__}: {exc})"
        ) from None


def _kosongkan(document: Document) -> None:
    """Drop the reference's text (keep the final sectPr) and the images and links it used."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    part = document.part
    xml = etree.tostring(document.element).decode("utf-8")
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (RT.IMAGE, RT.HYPERLINK) and f'"{rid}"' not in xml:
            part.rels.pop(rid)


def _gaya_bawaan(document: Document) -> None:
    """The default look: A4 with the PDF's margins, Arial (on every Windows machine, metric
    twin on Linux), black headings."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    styles = document.styles
    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _bahasa(document, "id-ID")
    sizes = {"Heading 1": 16, "Heading 2": 13, "Heading 3": 12, "Heading 4": 11, "Title": 24}
    for name, size in sizes.items():
        style = styles[name]
        assert isinstance(style, ParagraphStyle)
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        _tanpa_garis(style)
    caption = styles["Caption"]
    assert isinstance(caption, ParagraphStyle)
    # As printed: a table's caption is set left, 9 pt bold (a figure's is centred, below).
    caption.font.size, caption.font.bold, caption.font.italic = Pt(9), True, False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    caption.paragraph_format.space_after = Pt(3)


def _tanpa_garis(style: ParagraphStyle) -> None:
    """python-docx's Title has a bottom border: the cover has its own look."""
    ppr = style.element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _bahasa(document: Document, tag: str) -> None:
    """Indonesian spelling and hyphenation for all text, through the document defaults."""
    rpr_default = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


@dataclass(frozen=True)
class _Gaya:
    nama: str
    dasar: str
    ukuran: float | None = None
    tebal: bool | None = None
    miring: bool | None = None
    rata: WD_ALIGN_PARAGRAPH | None = None
    spasi_sesudah: float | None = None
    tingkat: int | None = None  # outline level (0 = Heading 1), for the navigation pane


_PERLU = (
    _Gaya("Heading 1", "Normal", 16, True, tingkat=0),
    _Gaya("Heading 2", "Normal", 13, True, tingkat=1),
    _Gaya("Heading 3", "Normal", 12, True, tingkat=2),
    _Gaya("Heading 4", "Normal", 11, True, tingkat=3),
    _Gaya("Title", "Normal", 24, True, rata=WD_ALIGN_PARAGRAPH.CENTER),
    _Gaya("Caption", "Normal", 9, True),
    _Gaya("TOC Heading", "Heading 1"),
    _Gaya("TOC 1", "Normal", spasi_sesudah=3),
    _Gaya("TOC 2", "Normal", spasi_sesudah=3),
    _Gaya("TOC 3", "Normal", spasi_sesudah=3),
    _Gaya("Header", "Normal"),
    _Gaya("Footer", "Normal", rata=WD_ALIGN_PARAGRAPH.CENTER),
    _Gaya("List Paragraph", "Normal", spasi_sesudah=2),
    _Gaya(KETERANGAN_GAMBAR, "Caption", rata=WD_ALIGN_PARAGRAPH.CENTER),
    _Gaya(ISI_TABEL, "Normal", 8, spasi_sesudah=0),
    _Gaya(KEPALA_TABEL, ISI_TABEL, tebal=True, rata=WD_ALIGN_PARAGRAPH.CENTER),
    _Gaya(CATATAN_TABEL, "Normal", 7.5, spasi_sesudah=3),
    _Gaya(TANDA_TANGAN, "Normal", rata=WD_ALIGN_PARAGRAPH.CENTER, spasi_sesudah=0),
    _Gaya(SAMPUL, "Normal", 14, rata=WD_ALIGN_PARAGRAPH.CENTER),
    _Gaya(TANDA_DRAF, "Header", 14, True, rata=WD_ALIGN_PARAGRAPH.RIGHT),
)


def pastikan_gaya(document: Document) -> None:
    """Add the styles the converter uses that the reference lacks (built-in ones a Word
    document only carries once used, and ours); existing ones are left as they are."""
    styles = document.styles
    names = {s.name for s in styles}
    for gaya in _PERLU:
        if gaya.nama in names:
            continue
        style = styles.add_style(gaya.nama, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.base_style = styles[gaya.dasar]
        style.font.size = Pt(gaya.ukuran) if gaya.ukuran else None
        style.font.bold, style.font.italic = gaya.tebal, gaya.miring
        style.paragraph_format.alignment = gaya.rata
        if gaya.spasi_sesudah is not None:
            style.paragraph_format.space_after = Pt(gaya.spasi_sesudah)
        if gaya.tingkat is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(gaya.tingkat))
            style.element.get_or_add_pPr().append(level)
        if gaya.nama == "Caption" or gaya.nama.startswith("Heading"):
            style.paragraph_format.keep_with_next = True
        names.add(gaya.nama)
    if "Hyperlink" not in names:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.underline = True
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)


# --- fields -----------------------------------------------------------------------------------


def _run(*children: etree._Element) -> etree._Element:
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    return run


def _fld_char(kind: str, dirty: bool = False) -> etree._Element:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")  # Word recomputes it when the document opens
    return char


def _instr(code: str) -> etree._Element:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    return instr


def _text(text: str) -> etree._Element:
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    return t


def field_begin(paragraph: Paragraph, code: str, dirty: bool = False) -> None:
    """Open a complex field (``TOC …``, ``PAGE``); its cached result follows."""
    p = paragraph._p
    p.append(_run(_fld_char("begin", dirty)))
    p.append(_run(_instr(code)))
    p.append(_run(_fld_char("separate")))


def field_end(paragraph: Paragraph) -> None:
    paragraph._p.append(_run(_fld_char("end")))


def field(paragraph: Paragraph, code: str, cached: str, dirty: bool = False) -> None:
    """A whole field in one paragraph, showing ``cached`` until it is updated."""
    field_begin(paragraph, code, dirty)
    paragraph._p.append(_run(_text(cached)))
    field_end(paragraph)


def update_fields_on_open(document: Document) -> None:
    """``w:updateFields``: Word (and LibreOffice) refresh the TOC and page references on open."""
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Its place in CT_Settings: before the first of these (Word rejects misordered settings).
    later = [
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ]
    tags = {qn(f"w:{name}") for name in later}
    for child in settings:
        if child.tag in tags:
            child.addprevious(update)
            return
    settings.append(update)


# --- bookmarks and links ----------------------------------------------------------------------


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Mark the whole paragraph as bookmark ``name`` (a link and PAGEREF target)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def hyperlink(
    paragraph: Paragraph, *, anchor: str | None = None, url: str | None = None
) -> etree._Element:
    """An empty ``w:hyperlink`` at the end of the paragraph; runs are moved into it."""
    link = OxmlElement("w:hyperlink")
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    paragraph._p.append(link)
    return link


# --- list numbering ---------------------------------------------------------------------------

_BULLETS = ("•", "◦", "▪")
_ANGKA = (("decimal", "%{}."), ("lowerLetter", "%{}."), ("lowerRoman", "%{}."))


class Penomoran:
    """Numbering definitions for HTML lists: one bullet and one numbered definition, and a
    numbering instance per list, so that every ``<ol>`` restarts at its own start."""

    def __init__(self, document: Document) -> None:
        self._numbering = document.part.numbering_part.element
        abstract = [int(a.get(qn("w:abstractNumId"), "0")) for a in self._abstract()]
        self._next_abstract = max(abstract, default=-1) + 1
        nums = [int(n.get(qn("w:numId"), "0")) for n in self._numbering.findall(qn("w:num"))]
        self._next_num = max(nums, default=0) + 1
        self._bullet = self._define(ordered=False)
        self._ordered = self._define(ordered=True)

    def _abstract(self) -> list[etree._Element]:
        return list(self._numbering.findall(qn("w:abstractNum")))

    def _define(self, ordered: bool) -> int:
        number = self._next_abstract
        self._next_abstract += 1
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(number))
        kind = OxmlElement("w:multiLevelType")
        kind.set(qn("w:val"), "hybridMultilevel")
        abstract.append(kind)
        for level in range(9):
            fmt, text = _ANGKA[level % 3] if ordered else ("bullet", _BULLETS[level % 3])
            abstract.append(_level(level, fmt, text.format(level + 1)))
        existing = self._abstract()
        if existing:
            existing[-1].addnext(abstract)
        else:
            self._numbering.insert(0, abstract)
        return number

    def baru(self, ordered: bool, start: int = 1) -> int:
        """A new list instance; returns its ``numId``."""
        number = self._next_num
        self._next_num += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(number))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(self._ordered if ordered else self._bullet))
        num.append(ref)
        if ordered:
            for level in range(9):
                override = OxmlElement("w:lvlOverride")
                override.set(qn("w:ilvl"), str(level))
                first = OxmlElement("w:startOverride")
                first.set(qn("w:val"), str(start if level == 0 else 1))
                override.append(first)
                num.append(override)
        self._numbering.append(num)
        return number


def _level(level: int, fmt: str, text: str) -> etree._Element:
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), str(level))
    for tag, value in (
        ("w:start", "1"),
        ("w:numFmt", fmt),
        ("w:lvlText", text),
        ("w:lvlJc", "left"),
    ):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        lvl.append(child)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(360 * (level + 1) + 360))
    ind.set(qn("w:hanging"), "360")
    ppr.append(ind)
    lvl.append(ppr)
    return lvl


def nomor_daftar(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Make the paragraph an item of list ``num_id`` at nesting ``level``."""
    numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id
