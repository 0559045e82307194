"""The printed report: one report year's document as one HTML file, for the PDF and Word.

The printed report is not laid out twice. It takes the pages of the year's
:class:`~generator.dokumen.Dokumen` — the same Markdown the site publishes, converted here
with the Markdown extensions the site uses (``mkdocs.yml``) — in layout order, the pages
marked ``cetak: depan`` as front matter and ``cetak: isi`` as the body. What belongs to
print alone lives in this layer and its templates under ``site_templates/pdf/`` (overridable
like every template): the cover, the Daftar Isi and Daftar Tabel/Gambar with page numbers,
the page styles. Turning pages into one document means:

* what only makes sense on a screen goes: elements marked ``lkjip-hanya-situs``, the
  tables' download links, the headings' permalinks;
* ids stay unique across the pages (a repeated one is prefixed with its page's name) and a
  link to another page of the report becomes a link inside the document; a link to
  anything else the site has (a download, another year) keeps its text only;
* images the pages name (``grafik/capaian.svg``, the organisation chart) are embedded as
  ``data:`` URIs, so the document needs no file beside it; any other image is left out;
* a page left with nothing but its title (the Koreksi page of a year without corrections)
  is not printed.

Escaping: the pages were escaped when rendered (``generator.render``); this layer parses
and rewrites their HTML with lxml and never turns text into markup.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import jinja2
import lxml.html
import markdown
from markupsafe import Markup, escape

from generator import __version__
from generator.compute.report import HasilLaporan
from generator.dokumen import Bagian, Dokumen, render_report
from generator.errors import DataErrors
from generator.fonts import FONT_DIR
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.render import FILTERS, EntriTabel, render_page

# The bundled DejaVu fonts (generator.fonts): the same files on every machine, so the PDF
# never depends on which system fonts happen to be installed.
FONTS = (
    ("LKjIP Serif", "DejaVuSerif.ttf", "normal", "normal"),
    ("LKjIP Serif", "DejaVuSerif-Bold.ttf", "bold", "normal"),
    ("LKjIP Serif", "DejaVuSerif-Italic.ttf", "normal", "italic"),
    ("LKjIP Serif", "DejaVuSerif-BoldItalic.ttf", "bold", "italic"),
    ("LKjIP Sans", "DejaVuSans.ttf", "normal", "normal"),
    ("LKjIP Sans", "DejaVuSans-Bold.ttf", "bold", "normal"),
    ("LKjIP Sans", "DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("LKjIP Sans", "DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)
STYLESHEET = "pdf/laporan.css"
# Data images only as PNG or JPEG: an SVG would make the layout engine fetch what it links.
# Validation has already checked each image's content (crosscheck._check_file_ref).
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
# As mkdocs.yml, without what only a screen uses: glossary tooltips (abbr) and permalinks.
MARKDOWN_EXTENSIONS = ("tables", "attr_list", "md_in_html", "admonition", "toc")
SITE_ONLY = "lkjip-hanya-situs"
_SCREEN_ONLY = (
    f"//*[contains(concat(' ', @class, ' '), ' {SITE_ONLY} ')]",
    "//p[@class='lkjip-unduh']",
    "//a[@class='headerlink']",
)
_KEEP_SCHEMES = ("http", "https", "mailto", "tel")
_TOP = ""  # the fragment of a link to a page itself: its first heading


@dataclass(frozen=True)
class Judul:
    """A heading, for the Daftar Isi."""

    tingkat: int
    teks: str
    jangkar: str
    depan: bool


@dataclass(frozen=True)
class BagianCetak:
    """One printed part: a page of the document, or a list only print has."""

    nama: str
    html: Markup


@dataclass
class _Susunan:
    """The printed document while it is put together: ids in use, headings, targets."""

    ids: set[str] = field(default_factory=set)
    target: dict[tuple[str, str], str] = field(default_factory=dict)  # (page, id) → id
    judul: list[Judul] = field(default_factory=list)

    def unique(self, page: str, wanted: str) -> str:
        """``wanted``, or with its page's name in front when another page has it already."""
        stem = PurePosixPath(page).stem
        new, n = wanted, 1
        while new in self.ids:
            new = f"{stem}-{wanted}" if n == 1 else f"{stem}-{wanted}-{n}"
            n += 1
        self.ids.add(new)
        self.target[(page, wanted)] = new
        return new

    def heading(self, into: list[Judul], tingkat: int, teks: str) -> Markup:
        """A front-matter heading that only print has ("Daftar Isi"), kept in ``into``."""
        jangkar = self.unique("cetak", "-".join(teks.lower().split()))
        into.append(Judul(tingkat, teks, jangkar, True))
        return Markup(f'<h{tingkat} id="{escape(jangkar)}">{escape(teks)}</h{tingkat}>')


def render_html(kab: Kabupaten, kec: Kecamatan, year: ReportYear, hasil: HasilLaporan) -> str:
    """The printed report of one kecamatan-year, rendering its document first."""
    return cetak_html(render_report(kab, kec, year, hasil))


def cetak_html(dokumen: Dokumen) -> str:
    """The whole printed report of ``dokumen`` as one HTML document."""
    susunan = _Susunan()
    pages = [(b, _page_tree(b.teks)) for b in dokumen.bagian if b.halaman.cetak != "tidak"]
    pages = [(b, tree) for b, tree in pages if not _only_title(tree)]
    _unique_ids(pages, susunan)
    front, body = _parts(pages, dokumen, susunan)
    env = html_environment(dokumen.env)
    context = _shell_context(dokumen)
    lists = _lists(env, context, dokumen, susunan)
    css = env.loader.get_source(env, STYLESHEET)[0] if env.loader else ""
    return render_page(
        env,
        "pdf/laporan.html.j2",
        context | {"gaya": Markup(font_faces() + "\n" + css), "depan": front + lists, "isi": body},
    )


def _unique_ids(pages: list[tuple[Bagian, Any]], susunan: _Susunan) -> None:
    """Make every id unique across the printed pages, remembering where each went."""
    for b, tree in pages:
        for element in tree.iter():
            if element.get("id"):
                element.set("id", susunan.unique(b.halaman.berkas, element.get("id")))
        first = next(tree.iter("h1", "h2"), None)
        if first is not None:
            susunan.target[(b.halaman.berkas, _TOP)] = first.get("id", "")


def _parts(
    pages: list[tuple[Bagian, Any]], dokumen: Dokumen, susunan: _Susunan
) -> tuple[list[BagianCetak], list[BagianCetak]]:
    """The printed pages as front matter and body parts, links and images resolved."""
    front: list[BagianCetak] = []
    body: list[BagianCetak] = []
    for b, tree in pages:
        _resolve(tree, b.halaman.berkas, dokumen, susunan)
        _mark_continued(tree)
        depan = b.halaman.cetak == "depan"
        susunan.judul += _headings(tree, depan)
        part = BagianCetak(PurePosixPath(b.halaman.berkas).stem, _inner(tree))
        (front if depan else body).append(part)
    return front, body


def _page_tree(teks: str) -> Any:
    """A page's Markdown as an HTML tree under one ``<div>``, screen-only parts removed."""
    converter = markdown.Markdown(
        extensions=list(MARKDOWN_EXTENSIONS), extension_configs={"toc": {"permalink": False}}
    )
    html = converter.convert(_without_front_matter(teks))
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    for path in _SCREEN_ONLY:
        for element in tree.xpath(path):
            _drop(element)
    return tree


_BLOCKS = frozenset({"p", "div", "section", "figure", "table", "ul", "ol", "details"})


def _drop(element: Any) -> None:
    """Remove an element with its content. A block's trailing line break goes with it, so
    the printed HTML is the same, byte for byte, as if the page had never held the element
    (a site page with download links prints exactly as ``lkjip pdf`` prints it without)."""
    if element.tag in _BLOCKS and not (element.tail or "").strip():
        element.tail = None
    element.drop_tree()


def _without_front_matter(page: str) -> str:
    """A page without its leading YAML front matter (settings for the site's search)."""
    if page.startswith("---\n"):
        end = page.find("\n---\n", 3)
        if end != -1:
            return page[end + 5 :]
    return page


def _only_title(tree: Any) -> bool:
    """Whether a page has nothing to print but its title."""
    rest = [e for e in tree if e.tag != "h1"]
    return not rest and not (tree.text or "").strip()


def _resolve(tree: Any, page: str, dokumen: Dokumen, susunan: _Susunan) -> None:
    """Point links inside the document and embed the images a page names."""
    for a in list(tree.iter("a")):
        href = a.get("href")
        if href is None:
            continue
        parts = urlsplit(href)
        if parts.scheme in _KEEP_SCHEMES:
            continue
        target = None
        if not parts.scheme and not parts.netloc:
            name = parts.path or page
            name = name.removesuffix(".html") + ".md" if name.endswith(".html") else name
            target = susunan.target.get((name, parts.fragment))
        if target:
            a.set("href", f"#{target}")
        else:
            a.drop_tag()  # its text stays
    for img in list(tree.iter("img")):
        uri = _image_uri(img.get("src", ""), dokumen)
        if uri is None:
            img.drop_tree()
        else:
            img.set("src", uri)


def _image_uri(src: str, dokumen: Dokumen) -> str | None:
    """The ``data:`` URI of an image the page names, or None for anything else."""
    if src in dokumen.berkas and src.endswith(".svg"):
        return "data:image/svg+xml;base64," + base64.b64encode(dokumen.berkas[src]).decode("ascii")
    path = dokumen.salinan.get(src)
    if path is None or path.suffix.lower() not in IMAGE_TYPES:
        return None
    # Every declared file lies in the kecamatan folder (its year folders included).
    folder = dokumen.kec.folder
    checked = _inside(folder, path.relative_to(folder).as_posix())
    return None if checked is None else _data_uri(checked)


def _mark_continued(tree: Any) -> None:
    """Mark each table's first body row with the caption a continued page prints.

    The layout engine repeats a table's header row on each page but not its caption;
    laporan.css carries this attribute to the top of the pages the table continues on.
    """
    for table in tree.iter("table"):
        caption = table.find("caption")
        row = table.find("tbody/tr")
        if caption is not None and row is not None:
            row.set("data-lanjutan", f"{caption.text_content()} (lanjutan)")


def _headings(tree: Any, depan: bool) -> list[Judul]:
    """A part's chapter and section headings, for the Daftar Isi."""
    return [
        Judul(int(h.tag[1]), h.text_content().strip(), h.get("id", ""), depan)
        for h in tree.iter("h1", "h2")
    ]


def _inner(tree: Any) -> Markup:
    """The HTML inside the wrapper ``<div>`` (lxml serialises escaped text). libxml2 does not
    know ``<wbr>`` (the tables' break hints) is empty and closes it: the end tag goes."""
    text = escape(tree.text or "")
    html = "".join(lxml.html.tostring(e, encoding="unicode") for e in tree)
    return Markup(str(text) + html.replace("</wbr>", ""))


def _lists(
    env: jinja2.Environment, context: dict[str, Any], dokumen: Dokumen, susunan: _Susunan
) -> list[BagianCetak]:
    """The Daftar Isi and the Daftar Tabel/Gambar, which print after the front matter.

    The lists name only what the printed pages show; the Daftar Isi lists every heading in
    print order, its own and the Daftar Tabel's among them, so it renders last."""

    def printed(entries: list[EntriTabel]) -> list[EntriTabel]:
        return [
            EntriTabel(e.nomor, e.judul, e.halaman, susunan.target[(e.halaman, e.jangkar)])
            for e in entries
            if (e.halaman, e.jangkar) in susunan.target
        ]

    def heading(into: list[Judul]) -> Any:
        return lambda tingkat, teks: susunan.heading(into, tingkat, teks)

    front = [j for j in susunan.judul if j.depan]
    body = [j for j in susunan.judul if not j.depan]
    own: list[Judul] = []
    lists: list[Judul] = []
    tables = render_page(
        env,
        "pdf/daftar-tabel.html.j2",
        context
        | {
            "judul": heading(lists),
            "daftar_tabel": printed(dokumen.daftar_tabel),
            "daftar_gambar": printed(dokumen.daftar_gambar),
        },
    )
    contents = render_page(
        env,
        "pdf/daftar-isi.html.j2",
        context | {"judul": heading(own), "daftar_isi": lambda: front + own + lists + body},
    )
    return [
        BagianCetak("daftar-isi", Markup(contents)),
        BagianCetak("daftar-tabel", Markup(tables)),
    ]


def _shell_context(dokumen: Dokumen) -> dict[str, Any]:
    kab, kec, year = dokumen.kab, dokumen.kec, dokumen.year
    return {
        "kab": kab.settings,
        "kec": kec.profil,
        "lap": year.laporan,
        "tahun": year.tahun,
        "draf": year.laporan.status == "draf",
        "judul_dokumen": judul_laporan(kec, year),
        "penulis": f"Kecamatan {kec.profil.nama}",
        "versi": __version__,
        "logo": logo_uri(kab),
    }


def html_environment(pages: jinja2.Environment) -> jinja2.Environment:
    """Template environment for the print layer: the pages' search path, HTML autoescaping."""
    env = jinja2.Environment(
        loader=pages.loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=lambda value: "–" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def logo_uri(kab: Kabupaten) -> str | None:
    """The kabupaten logo as a data: URI (so the document needs no file access), or None."""
    if kab.settings.logo is None:
        return None
    doc = kab.docs["kabupaten.yaml"]
    path = _inside(kab.folder, kab.settings.logo)
    if path is None or path.suffix.lower() not in IMAGE_TYPES:
        raise DataErrors(
            [
                doc.issue(
                    ("logo",),
                    f"logo '{kab.settings.logo}' harus berkas PNG atau JPEG di folder kabupaten",
                )
            ]
        )
    return _data_uri(path)


def _inside(folder: Path, ref: str) -> Path | None:
    """``folder / ref`` when it is a regular file inside ``folder``, reached without a
    symbolic link; else None (validation refuses those already: this is a second lock)."""
    path = folder / ref
    if path.is_symlink() or not path.is_file():
        return None
    return path if path.resolve().is_relative_to(folder.resolve()) else None


def _data_uri(path: Path) -> str:
    mime = IMAGE_TYPES[path.suffix.lower()]
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def font_faces() -> str:
    """@font-face rules for the bundled fonts, by file:// URL."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{(FONT_DIR / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, name, weight, style in FONTS
    )


def judul_laporan(kec: Kecamatan, year: ReportYear) -> str:
    """The document title, also written into the PDF metadata."""
    return f"Laporan Kinerja Instansi Pemerintah Tahun {year.tahun} Kecamatan {kec.profil.nama}"
