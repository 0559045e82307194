"""The printed outputs of a report year, registered once.

Each is made from the year's printed document (:func:`generator.cetak.cetak_html`, made
once and shared) and is offered the same ways: a ``lkjip <nama>`` command that writes one
file per kecamatan-year, a ``lkjip build --<nama>`` option that puts the file in the
kecamatan site, where the year's first page links it (``unduh_<tautan>`` in the template), and
part of the site's cache key. Adding a medium is adding an entry here: the command line,
the site, the incremental build and the cache follow this list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.cetak import cetak_html
from generator.dokumen import Dokumen
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.pdf import cetak_pdf
from generator.word import laporan_docx


@dataclass(frozen=True)
class Cetakan:
    """One printed output."""

    nama: str  # the command, the build option and the file suffix: "pdf" → .pdf
    label: str  # how messages name it
    tautan: str  # the template's download variable: unduh_<tautan>
    buat: Callable[[Dokumen, str], bytes]  # (document, its printed HTML) → the file
    bantuan: str  # `lkjip <nama>` help
    bantuan_build: str  # `lkjip build --<nama>` help


CETAKAN = (
    Cetakan(
        "pdf",
        "PDF",
        "pdf",
        lambda dokumen, html: cetak_pdf(html),
        "buat laporan resmi A4 (PDF) siap cetak untuk tiap kecamatan dan tahun laporan",
        "sertakan PDF A4 tiap tahun laporan di situs kecamatan, dengan tautan Unduh PDF",
    ),
    Cetakan(
        "docx",
        "dokumen Word",
        "word",
        laporan_docx,
        "buat dokumen Word (.docx) yang dapat disunting untuk tiap kecamatan dan tahun",
        "sertakan dokumen Word (.docx) tiap tahun laporan di situs kecamatan, dengan tautan "
        "Unduh Word",
    ),
)
NAMA = tuple(c.nama for c in CETAKAN)


def cetakan(nama: str) -> Cetakan:
    """The registered output called ``nama``."""
    return next(c for c in CETAKAN if c.nama == nama)


def nama_berkas(c: Cetakan, kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> str:
    """File name for ``lkjip pdf``/``docx``, unique across kabupaten:
    ``lkjip-rembang-sumber-2024.pdf``."""
    return f"lkjip-{kab.slug}-{kec.slug}-{year.tahun}.{c.nama}"


def nama_unduhan(c: Cetakan, kec: Kecamatan, year: ReportYear) -> str:
    """File name inside a kecamatan site's year folder: ``laporan-sumber-2024.pdf``."""
    return f"laporan-{kec.slug}-{year.tahun}.{c.nama}"


def unduhan(dipilih: Iterable[str], kec: Kecamatan, year: ReportYear) -> dict[str, str]:
    """The chosen outputs' file names in the year folder, by template link name."""
    return {c.tautan: nama_unduhan(c, kec, year) for c in CETAKAN if c.nama in dipilih}


def buat_semua(dokumen: Dokumen, dipilih: Iterable[str]) -> dict[Cetakan, bytes]:
    """Each chosen output of ``dokumen``, all from one printed HTML."""
    chosen = [c for c in CETAKAN if c.nama in set(dipilih)]
    if not chosen:
        return {}
    html = cetak_html(dokumen)
    return {c: c.buat(dokumen, html) for c in chosen}
