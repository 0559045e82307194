"""The official document: a print-ready A4 PDF of one report year.

The PDF shows exactly what the site shows — the same computed results (``hitung``), the
same tables (``Pembuat`` + ``html_table``) and the same SVG charts — laid out by HTML
templates under ``site_templates/pdf/`` (looked up like every template, so a kabupaten can
override them) and paged-media CSS. Page numbers in the Daftar Isi, Daftar Tabel and Daftar
Gambar are computed by the layout engine (``target-counter``), never by us.

Everything here is pure (HTML strings in, HTML strings out) except ``cetak_pdf``, the one
function that runs WeasyPrint. WeasyPrint is imported there, lazily: building the site
without ``--pdf`` must not need Pango.

Escaping follows ``render.py``: the templates autoescape every data string as HTML, and
data is never evaluated as a template; narratives come as sanitised HTML from
``generator.narasi.narasi_html``, the function the site uses too.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator import __version__
from generator.charts import Grafik, year_charts
from generator.compute.report import HasilLaporan
from generator.errors import DataErrors, UserError
from generator.fonts import FONT_DIR
from generator.formatting import (
    angka,
    angka_alami,
    persen,
    rupiah,
    tanggal,
    terbilang,
    terbilang_rupiah,
)
from generator.lookup import search_path
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.narasi import narasi_html, narrative_values
from generator.render import EntriTabel, NomorBagian, html_table, render_page
from generator.tables import Pembuat, Tabel, teks_target

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
# No SVG: WeasyPrint would fetch what an SVG links to (a local file, another site).
# Validation has already checked each image's content (crosscheck._check_file_ref).
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Bagian:
    """One part of the printed report, in document order."""

    nama: str  # template ``pdf/<nama>.html.j2``
    depan: bool = False  # front matter: roman page numbers
    bab: str | None = None  # table/figure number prefix, as in tata-letak.yaml


BAGIAN = (
    Bagian("kata-pengantar", depan=True),
    Bagian("ikhtisar-eksekutif", depan=True),
    Bagian("daftar-isi", depan=True),
    Bagian("daftar-tabel", depan=True),
    Bagian("bab-1", bab="1"),
    Bagian("bab-2", bab="2"),
    Bagian("bab-3", bab="3"),
    Bagian("bab-4", bab="4"),
    Bagian("lampiran", bab="L"),
)
# The lists need everything else numbered first: the Daftar Tabel needs every table, the
# Daftar Isi every heading (including the Daftar Tabel's own), so they render last.
RENDER_LAST = ("daftar-tabel", "daftar-isi")


@dataclass(frozen=True)
class Judul:
    """A heading, for the Daftar Isi."""

    tingkat: int
    teks: str
    jangkar: str
    depan: bool
    urutan: int  # index of its part in BAGIAN: parts do not render in document order


@dataclass
class Penomor:
    """Numbers the headings, tables and figures of the printed report.

    Unlike the site's ``render.Penomor`` it prints no download links, embeds charts in the
    document, and numbers headings for the Daftar Isi.
    """

    judul_entri: list[Judul] = field(default_factory=list)
    tabel_entri: list[EntriTabel] = field(default_factory=list)
    gambar_entri: list[EntriTabel] = field(default_factory=list)
    _bagian: int = 0
    _bab: str | None = None
    _depan: bool = False
    _judul: int = 0
    _tabel: int = 0
    _gambar: int = 0
    _nomor: NomorBagian = field(default_factory=NomorBagian)

    def mulai(self, urutan: int, bagian: Bagian) -> None:
        """Start numbering a part."""
        self._bagian, self._bab, self._depan = urutan, bagian.bab, bagian.depan
        self._judul = self._tabel = self._gambar = 0
        self._nomor.mulai(bagian.bab)

    def bagian(self, teks: str, tingkat: int = 2) -> Markup:
        """A numbered section heading ("3.2 Realisasi Anggaran"), numbered as printed."""
        return self.judul(tingkat, self._nomor(teks, tingkat))

    def judul(self, tingkat: int, teks: str) -> Markup:
        """A heading; levels 1 and 2 are listed in the Daftar Isi."""
        self._judul += 1
        jangkar = f"judul-{self._bagian}-{self._judul}"
        if tingkat <= 2:
            self.judul_entri.append(Judul(tingkat, teks, jangkar, self._depan, self._bagian))
        return Markup(f'<h{tingkat} id="{jangkar}">{escape(teks)}</h{tingkat}>')

    def tabel(self, tabel: Tabel) -> Markup:
        """A numbered table; an empty table renders as nothing."""
        if tabel.kosong:
            return Markup("")
        self._tabel += 1
        nomor = f"{self._bab}.{self._tabel}" if self._bab else ""
        jangkar = f"tabel-{nomor.replace('.', '-')}" if nomor else f"tabel-{tabel.id}"
        if nomor:
            self.tabel_entri.append(EntriTabel(nomor, tabel.judul, "", jangkar))
        return _tandai_lanjutan(html_table(tabel, nomor, jangkar, koreksi=""), tabel, nomor)

    def gambar(self, grafik: Grafik | None) -> Markup:
        """A numbered chart, embedded as SVG so it stays a vector drawing in the PDF."""
        if grafik is None:
            return Markup("")
        self._gambar += 1
        nomor = f"{self._bab}.{self._gambar}" if self._bab else ""
        jangkar = f"gambar-{nomor.replace('.', '-')}" if nomor else f"gambar-{grafik.nama}"
        judul = f"Gambar {nomor} {grafik.judul}" if nomor else grafik.judul
        if nomor:
            self.gambar_entri.append(EntriTabel(nomor, grafik.judul, "", jangkar))
        src = "data:image/svg+xml;base64," + base64.b64encode(grafik.svg).decode("ascii")
        return Markup(
            f'<figure class="lkjip-grafik" id="{jangkar}">'
            f'<img src="{src}" alt="{escape(grafik.deskripsi)}">'
            f"<figcaption>{escape(judul)}</figcaption></figure>"
        )

    def daftar_isi(self) -> list[Judul]:
        """Headings in document order."""
        return sorted(self.judul_entri, key=lambda j: j.urutan)  # stable: keeps page order


def _tandai_lanjutan(html: Markup, tabel: Tabel, nomor: str) -> Markup:
    """Mark the first body row with the caption a continued page prints ("… (lanjutan)").

    The layout engine repeats a table's header row on each page but not its caption;
    laporan.css carries this attribute to the top of the pages the table continues on.
    """
    caption = f"Tabel {nomor} {tabel.judul}" if nomor else tabel.judul
    # The attribute goes right after "<tr", so a row that carries an id (a Koreksi row) works too.
    mark = f'<tbody>\n<tr data-lanjutan="{escape(caption)} (lanjutan)"'
    return Markup(html.replace(Markup("<tbody>\n<tr"), Markup(mark), 1))


def html_environment(paths: list[Path]) -> jinja2.Environment:
    """Template environment for HTML: autoescape everything, StrictUndefined."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in paths]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=lambda value: "–" if value is None else value,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        angka=angka,
        angka_alami=angka_alami,
        persen=persen,
        rupiah=rupiah,
        tanggal=tanggal,
        terbilang=terbilang,
        terbilang_rupiah=terbilang_rupiah,
        target=teks_target,
    )
    return env


def narrative_html(
    kab: Kabupaten, kec: Kecamatan, year: ReportYear, hasil: HasilLaporan
) -> dict[str, Markup]:
    """Each narrative as sanitised HTML, by the same function the site uses."""
    return narasi_html(year.narasi, narrative_values(kab, kec, year, hasil))


def logo_uri(kab: Kabupaten) -> str | None:
    """The kabupaten logo as a data: URI (so the PDF needs no file access), or None."""
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


def _bagan_uri(kec: Kecamatan) -> str | None:
    """The organisation chart, when it is an image (the validator already checked it exists)."""
    bagan = kec.profil.bagan_organisasi
    if bagan is None:
        return None
    path = _inside(kec.folder, bagan.berkas)
    if path is None or path.suffix.lower() not in IMAGE_TYPES:
        return None
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


def render_html(
    kab: Kabupaten,
    kec: Kecamatan,
    year: ReportYear,
    hasil: HasilLaporan,
    charts: list[Grafik] | None = None,
) -> str:
    """The whole printed report as one HTML document (reads only templates and images)."""
    paths = search_path(kab, kec)
    env = html_environment(paths)
    skala = kab.settings.skala[kab.settings.aturan.skala_capaian]
    if charts is None:
        charts = year_charts(hasil, skala, kab.settings.aturan.desimal)
    penomor = Penomor()
    context = _context(kab, kec, year, hasil, charts, penomor)
    parts = _render_parts(env, context, penomor)
    css = env.loader.get_source(env, STYLESHEET)[0] if env.loader else ""
    return render_page(
        env,
        "pdf/laporan.html.j2",
        context
        | {
            "gaya": Markup(font_faces() + "\n" + css),
            "depan": [(b, parts[b.nama]) for b in BAGIAN if b.depan],
            "isi": [(b, parts[b.nama]) for b in BAGIAN if not b.depan],
            "judul_dokumen": judul_laporan(kec, year),
            "penulis": f"Kecamatan {kec.profil.nama}",
            "versi": __version__,
            "logo": logo_uri(kab),
        },
    )


def _context(
    kab: Kabupaten,
    kec: Kecamatan,
    year: ReportYear,
    hasil: HasilLaporan,
    charts: list[Grafik],
    penomor: Penomor,
) -> dict[str, Any]:
    return {
        "kab": kab.settings,
        "kec": kec.profil,
        "renstra": kec.renstra,
        "lap": year.laporan,
        "tahun": year.tahun,
        "hasil": hasil,
        "t": Pembuat(kab, kec, year, hasil),
        "pk": year.pk.perjanjian,
        "evaluasi": year.evaluasi,
        "narasi": narrative_html(kab, kec, year, hasil),
        "grafik": {g.nama: g for g in charts},
        "regulasi": {r.id: r for r in [*kab.settings.regulasi, *kec.profil.regulasi]},
        "skala_capaian": kab.settings.skala[kab.settings.aturan.skala_capaian],
        "aturan": kab.settings.aturan,
        "program_sumber": year.program.sumber,
        "judul": penomor.judul,
        "bagian": penomor.bagian,
        "tabel": penomor.tabel,
        "gambar": penomor.gambar,
        "draf": year.laporan.status == "draf",
        "bagan": _bagan_uri(kec),
    }


def _render_parts(
    env: jinja2.Environment, context: Mapping[str, Any], penomor: Penomor
) -> dict[str, Markup]:
    index = {b.nama: i for i, b in enumerate(BAGIAN)}
    order = [i for i, b in enumerate(BAGIAN) if b.nama not in RENDER_LAST]
    order += [index[name] for name in RENDER_LAST]
    parts: dict[str, Markup] = {}
    for i in order:
        bagian = BAGIAN[i]
        penomor.mulai(i, bagian)
        extra = {
            "daftar_isi": penomor.daftar_isi,  # called by the template after its own heading
            "daftar_tabel": penomor.tabel_entri,
            "daftar_gambar": penomor.gambar_entri,
        }
        parts[bagian.nama] = Markup(
            render_page(env, f"pdf/{bagian.nama}.html.j2", {**context, **extra})
        )
    return parts


def cetak_pdf(html: str) -> bytes:
    """Lay the HTML out on A4 pages with WeasyPrint and return the PDF bytes.

    The output is reproducible: the same HTML gives the same bytes (fixed PDF identifier,
    creation date from the document, bundled fonts).
    """
    try:
        import weasyprint
    except OSError as exc:  # Pango or HarfBuzz missing
        raise UserError(
            "WeasyPrint tidak dapat memuat pustaka sistemnya (Pango). Jalankan ./scripts/setup-dev "
            "atau pasang paket Debian libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0.\n"
            f"Rincian: {exc}"
        ) from None
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32]
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher(weasyprint))
    # Tagged PDF: screen readers get the structure, and the charts' alt text.
    data: bytes = document.write_pdf(
        pdf_identifier=key.encode("ascii"), pdf_tags=True, finisher=_label_halaman
    )
    return data


# Anchors laporan.html.j2 puts on the first element of the front matter and of the body.
AWAL_DEPAN, AWAL_ISI = "awal-depan", "awal-isi"


def _label_halaman(document: Any, pdf: Any) -> None:
    """Write /PageLabels so a PDF viewer's page box shows the printed numbers.

    WeasyPrint prints the footer numbers (CSS counters) but writes no page labels, so a
    viewer would call page "iii" 4 and page "1" 7. The cover is labelled "Sampul", the
    front matter i, ii, … and the body 1, 2, …, as the footers print them. Where the
    parts start is read from the layout (the page holding each part's anchor); a
    template override without those anchors keeps the viewer's plain numbering.
    """
    import pydyf

    awal = {
        nama: next((i for i, page in enumerate(document.pages) if nama in page.anchors), None)
        for nama in (AWAL_DEPAN, AWAL_ISI)
    }
    depan, isi = awal[AWAL_DEPAN], awal[AWAL_ISI]
    if depan is None or isi is None or not depan < isi:
        return
    nums: list[Any] = []
    if depan > 0:
        nums += [0, pydyf.Dictionary({"P": pydyf.String("Sampul")})]
    nums += [depan, pydyf.Dictionary({"S": "/r", "St": 1})]
    nums += [isi, pydyf.Dictionary({"S": "/D", "St": 1})]
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(nums)})


def _fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that loads only the bundled fonts and data: URIs.

    Narrative Markdown may contain raw HTML; without this an ``<img src="file:///…">`` in a
    narrative would copy a local file into the PDF, and an http URL would make the build
    depend on the network.
    """
    fonts = FONT_DIR.resolve()

    class Pagar(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(weasyprint.urls.request.url2pathname(url.removeprefix("file:")))
                if path.resolve().parent == fonts:
                    return super().fetch(url, headers)
            raise ValueError(f"sumber luar tidak diizinkan dalam PDF: {url}")

    return Pagar()


def laporan_pdf(
    kab: Kabupaten,
    kec: Kecamatan,
    year: ReportYear,
    hasil: HasilLaporan,
    charts: list[Grafik] | None = None,
) -> bytes:
    """The PDF of one kecamatan-year."""
    return cetak_pdf(render_html(kab, kec, year, hasil, charts))


def nama_berkas(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> str:
    """File name for ``lkjip pdf``, unique across kabupaten: ``lkjip-rembang-sumber-2024.pdf``."""
    return f"lkjip-{kab.slug}-{kec.slug}-{year.tahun}.pdf"


def nama_unduhan(kec: Kecamatan, year: ReportYear) -> str:
    """File name inside a kecamatan site's year folder: ``laporan-sumber-2024.pdf``."""
    return f"laporan-{kec.slug}-{year.tahun}.pdf"
