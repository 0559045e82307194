"""The editable report: a Word .docx of one report year, made from the printed document.

The .docx is not rendered from the data a second time: it is a conversion of the very HTML
document WeasyPrint lays out (``generator.cetak.cetak_html``), so the PDF and the Word file
always carry the same chapters, tables, figures and signatures. What only Word has lives
here: styles from a reference document (``generator.word_gaya``), TOC fields instead of the
printed Daftar Isi, header rows that repeat on every page, section-wise page numbers.

The output is reproducible: the same data gives the same bytes (zip entries and document
properties dated on the report's signing date, never on the build date).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.cetak import judul_laporan
from generator.dokumen import Dokumen
from generator.lookup import search_path
from generator.word_gaya import buka_referensi, cari_referensi, update_fields_on_open
from generator.word_html import Konverter, bersih


@dataclass(frozen=True)
class Properti:
    """The document properties Word shows under File → Info."""

    judul: str
    penulis: str
    subjek: str
    kata_kunci: str
    tanggal: dt.date


def laporan_docx(dokumen: Dokumen, html: str) -> bytes:
    """The .docx of one kecamatan-year from its printed HTML, styled by the first
    ``referensi.docx`` on its template search path (kecamatan override, kabupaten override)
    or by the default one."""
    kab, kec, year = dokumen.kab, dokumen.kec, dokumen.year
    properti = Properti(
        judul=judul_laporan(kec, year),
        penulis=f"Kecamatan {kec.profil.nama}",
        subjek=f"{kab.settings.jenis.title()} {kab.settings.nama}, Provinsi {kab.settings.provinsi}",
        kata_kunci=f"LKjIP, laporan kinerja, SAKIP, Kecamatan {kec.profil.nama}, {year.tahun}",
        tanggal=year.laporan.tanggal,
    )
    return html_ke_docx(html, cari_referensi(search_path(kab, kec)), properti)


def html_ke_docx(html: str, referensi: Path | None, properti: Properti) -> bytes:
    """Convert a printed-report HTML document into .docx bytes."""
    document = buka_referensi(referensi)
    Konverter(document).tulis(html)
    update_fields_on_open(document)
    core = document.core_properties
    core.title = bersih(properti.judul)
    core.author = core.last_modified_by = bersih(properti.penulis)
    core.subject = bersih(properti.subjek)
    core.keywords = bersih(properti.kata_kunci)
    core.comments = f"Dibuat oleh lkjip {__version__} dari data laporan."
    core.category = "LKjIP"
    core.language = "id-ID"
    core.revision = 1
    moment = dt.datetime.combine(properti.tanggal, dt.time(), tzinfo=dt.UTC)
    core.created = core.modified = core.last_printed = moment
    buffer = io.BytesIO()
    document.save(buffer)
    return _tetap(buffer.getvalue(), properti.tanggal)


def _tetap(data: bytes, tanggal: dt.date) -> bytes:
    """The same zip with every entry dated ``tanggal`` (zip dates start in 1980) and fixed
    attributes: python-docx stamps entries with the time of saving."""
    stamp = (max(tanggal.year, 1980), tanggal.month, tanggal.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
