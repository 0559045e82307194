"""Every output of a report year besides its pages, registered once.

- ``CETAKAN``: the printed report (PDF, Word), optional.
- ``FORMAT_TABEL``: each published table's open-data files (CSV, JSON, Excel), linked under
  the table on the site and listed on the open-data page.
- ``DATA_TAHUN``: the whole year as data (laporan.json, laporan.xlsx).
- ``FORMAT_BANDING``: each portal comparison table's files (CSV, JSON).

Adding an output is adding an entry here; the command line, the site, the incremental build
and the cache follow these lists.

A printed output is made from the year's printed document (:func:`generator.cetak.cetak_html`, made
once and shared) and is offered the same ways: a ``lkjip <nama>`` command that writes one
file per kecamatan-year, a ``lkjip build --<nama>`` option that puts the file in the
kecamatan site, where the year's first page links it (``unduh_<tautan>`` in the template), and
part of the site's cache key. Adding a medium is adding an entry here: the command line,
the site, the incremental build and the cache follow this list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.banding import Perbandingan, comparison_csv, comparison_json
from generator.cetak import cetak_html
from generator.compute.report import HasilLaporan
from generator.dokumen import Dokumen
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.opendata import Provenans, dumps, table_csv, table_json, table_xlsx, workbook
from generator.pdf import cetak_pdf
from generator.render import DATA_FOLDER, TabelTerbit
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


@dataclass(frozen=True)
class FormatTabel:
    """One open-data format every published table is offered in."""

    akhiran: str  # the file suffix: data/tabel-3-1.<akhiran>
    label: str  # the link text under the table
    buat: Callable[[TabelTerbit, Provenans], bytes]


def label_tabel(t: TabelTerbit) -> str:
    """What a downloaded workbook calls a table: "Tabel 3.2", or its title when unnumbered."""
    return f"Tabel {t.nomor}" if t.nomor else t.tabel.judul


FORMAT_TABEL = (
    FormatTabel("csv", "CSV", lambda t, provenans: table_csv(t.tabel)),
    FormatTabel("json", "JSON", lambda t, provenans: table_json(t.tabel, t.nomor, provenans)),
    FormatTabel("xlsx", "Excel", lambda t, p: table_xlsx(label_tabel(t), t.tabel, p)),
)
TAUTAN_TABEL = tuple((f.akhiran, f.label) for f in FORMAT_TABEL)  # for Penomor.unduh


@dataclass(frozen=True)
class Tahun:
    """What a year's data downloads are made from."""

    kab: Kabupaten
    kec: Kecamatan
    year: ReportYear
    hasil: HasilLaporan
    tabel: list[TabelTerbit]  # the year's published tables, in page order
    provenans: Provenans


@dataclass(frozen=True)
class DataTahun:
    """One file holding a whole report year as data, in the year's data folder."""

    nama: str
    buat: Callable[[Tahun], bytes]


def _laporan_json(t: Tahun) -> bytes:
    """Every input and every computed value of the year, with its provenance."""
    masukan = {
        "kabupaten": t.kab.settings,
        "kecamatan": t.kec.profil,
        "renstra": t.kec.renstra,
        "laporan": t.year.laporan,
        "pk": t.year.pk,
        "program": t.year.program,
        "kinerja": t.year.kinerja,
        "evaluasi": t.year.evaluasi,
        "narasi": {name: n.text for name, n in t.year.narasi.items()},
    }
    return dumps({"provenans": t.provenans, "masukan": masukan, "hasil": t.hasil})


DATA_TAHUN = (
    DataTahun("laporan.json", _laporan_json),
    DataTahun(
        "laporan.xlsx",
        lambda t: workbook([(label_tabel(x), x.tabel) for x in t.tabel], t.provenans),
    ),
)


def berkas_tabel(folder: str, tables: list[TabelTerbit], provenans: Provenans) -> dict[str, bytes]:
    """Each table's open-data files, by path: ``<folder>/data/<anchor>.<suffix>``."""
    prefix = f"{folder}/{DATA_FOLDER}" if folder else DATA_FOLDER
    return {
        f"{prefix}/{t.jangkar}.{f.akhiran}": f.buat(t, provenans)
        for t in tables
        for f in FORMAT_TABEL
    }


def berkas_tahun(tahun: Tahun) -> dict[str, bytes]:
    """A report year's data downloads, by path in the site: its tables' files and the
    whole-year files, in ``<year>/data/``."""
    folder = str(tahun.year.tahun)
    files = berkas_tabel(folder, tahun.tabel, tahun.provenans)
    return files | {f"{folder}/{DATA_FOLDER}/{d.nama}": d.buat(tahun) for d in DATA_TAHUN}


@dataclass(frozen=True)
class FormatBanding:
    """One format each comparison table of the portal is offered in."""

    akhiran: str
    label: str
    buat: Callable[[str, list[Perbandingan], list[str]], bytes]  # (title, rows, rules)


FORMAT_BANDING = (
    FormatBanding("csv", "CSV", lambda judul, rows, rules: comparison_csv(rows)),
    FormatBanding("json", "JSON", comparison_json),
)
TAUTAN_BANDING = tuple((f.akhiran, f.label) for f in FORMAT_BANDING)


def berkas_banding(
    path: str, judul: str, rows: list[Perbandingan], rules: list[str]
) -> dict[str, bytes]:
    """A comparison table's files, by path: ``<path>.<suffix>``."""
    return {f"{path}.{f.akhiran}": f.buat(judul, rows, rules) for f in FORMAT_BANDING}
