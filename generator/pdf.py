"""The official document: a print-ready A4 PDF of one report year.

The PDF is the printed report of :mod:`generator.cetak` — the same pages as the site,
made into one HTML document — laid out on A4 pages by WeasyPrint with the paged-media CSS
under ``site_templates/pdf/``. Page numbers in the Daftar Isi, Daftar Tabel and Daftar
Gambar are computed by the layout engine (``target-counter``), never by us.

WeasyPrint is imported in ``cetak_pdf``, lazily: building the site without ``--pdf`` must
not need Pango.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from generator.cetak import cetak_html
from generator.dokumen import Dokumen
from generator.errors import UserError
from generator.fonts import FONT_DIR


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


def laporan_pdf(dokumen: Dokumen) -> bytes:
    """The PDF of one kecamatan-year."""
    return cetak_pdf(cetak_html(dokumen))
