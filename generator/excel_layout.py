"""The workbook's layout, shared by export and import so that both always agree.

Every input sheet has a title in row 1 (naming the kecamatan and year), a legend in
row 2, column headers in row 3 and data from row 4. A column is either an input
(white, unlocked), a key that identifies the row (locked), or a computed result
(grey, locked, ignored on import).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.compute.indikator import Ukur
from generator.compute.report import Baris, HasilLaporan
from generator.crosscheck import program_units
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.schema.kecamatan import IndikatorRenstra
from generator.schema.tahun import IndikatorProgram, KinerjaSasaran
from generator.yamlsource import Loc

TITLE_ROW = 1
HEADER_ROW = 3
DATA_ROW = 4
META_SHEET = "_lkjip"
LIST_SHEET = "_daftar"
FORMAT = "lkjip-excel"
VERSION = 1
TOTAL_KEY = "JUMLAH"
SPARE_ROWS = 10  # empty input rows at the end of Pembanding and PK, for new entries

Jenis = Literal["kunci", "info", "masukan", "hitung"]
Format = Literal["teks", "angka", "rupiah", "persen"]

POLARITAS = ("positif", "negatif")
TINGKAT = ("program", "kegiatan", "sub_kegiatan")
JENIS_PEMBANDING = ("nasional", "provinsi", "kabupaten", "daerah_sekitar")
JENIS_PK = ("awal", "perubahan")
BAGIAN_PK = ("sasaran", "anggaran")
STAGES = ("induk", "pergeseran", "perubahan")


@dataclass(frozen=True)
class Kolom:
    """One column: header, role, width, display format and dropdown choices."""

    judul: str
    jenis: Jenis
    lebar: int = 14
    format: Format = "teks"
    pilihan: tuple[str, ...] = ()
    daftar: str | None = None  # dropdown from a list on the hidden list sheet
    baru: bool = False  # a key the user types on a new (spare) row


@dataclass(frozen=True)
class Lembar:
    """One input sheet."""

    nama: str
    judul: str
    kolom: tuple[Kolom, ...]
    beku: str  # freeze panes at this cell: headers and key columns stay visible
    cadangan: int = 0  # spare rows for new entries

    def col(self, judul: str) -> int:
        """1-based column number of the column whose header starts with ``judul``."""
        for i, kolom in enumerate(self.kolom, start=1):
            if kolom.judul.startswith(judul):
                return i
        raise KeyError(judul)


def indikator(tahun: int) -> Lembar:
    """Renstra indicators: definition, the year's target and realisasi."""
    return Lembar(
        "Indikator",
        "Indikator Renstra (tujuan dan sasaran)",
        (
            Kolom("ID", "kunci", 16),
            Kolom("Tujuan/Sasaran", "info", 16),
            Kolom("Nama Indikator", "masukan", 45),
            Kolom("Satuan", "masukan", 10),
            Kolom("Polaritas", "masukan", 11, pilihan=POLARITAS),
            Kolom(f"Target Renstra {tahun}", "masukan", 13, "angka"),
            Kolom(f"Realisasi {tahun}", "masukan", 13, "angka"),
            Kolom("Sumber Data", "masukan", 35),
            Kolom("Target Berlaku", "hitung", 13, "angka"),
            Kolom("Capaian (%)", "hitung", 12, "persen"),
            Kolom("Kategori", "hitung", 16),
        ),
        "B4",
    )


PROGRAM = Lembar(
    "Program",
    "Program, kegiatan dan sub kegiatan beserta indikatornya",
    (
        Kolom("Tingkat", "kunci", 13, pilihan=TINGKAT),
        Kolom("Kode", "kunci", 18),
        Kolom("Nama Program/Kegiatan/Sub Kegiatan", "masukan", 45),
        Kolom("Unit Penanggung Jawab", "masukan", 22, daftar="unit"),
        Kolom("No. Indikator", "kunci", 8),
        Kolom("Indikator", "masukan", 45),
        Kolom("Satuan", "masukan", 10),
        Kolom("Target", "masukan", 11, "angka"),
        Kolom("Realisasi", "masukan", 11, "angka"),
        Kolom("Capaian (%)", "hitung", 12, "persen"),
        Kolom("Kategori", "hitung", 16),
    ),
    "C4",
)

ANGGARAN = Lembar(
    "Anggaran",
    "Anggaran sub kegiatan (Rupiah, bilangan bulat)",
    (
        Kolom("Kode Sub Kegiatan", "kunci", 18),
        Kolom("Nama Sub Kegiatan", "info", 45),
        Kolom("Pagu Induk (Rp)", "masukan", 16, "rupiah"),
        Kolom("Pagu Pergeseran (Rp)", "masukan", 16, "rupiah"),
        Kolom("Pagu Perubahan (Rp)", "masukan", 16, "rupiah"),
        Kolom("Realisasi (Rp)", "masukan", 16, "rupiah"),
        Kolom("Pagu Berlaku (Rp)", "hitung", 16, "rupiah"),
        Kolom("Serapan (%)", "hitung", 11, "persen"),
        Kolom("Sisa (Rp)", "hitung", 16, "rupiah"),
        Kolom("Keterangan", "info", 16),
    ),
    "B4",
)

PEMBANDING = Lembar(
    "Pembanding",
    "Pembanding indikator (nasional, provinsi, kabupaten, daerah sekitar)",
    (
        Kolom("ID Indikator", "kunci", 22, daftar="indikator", baru=True),
        Kolom("No.", "kunci", 6),
        Kolom("Jenis", "masukan", 15, pilihan=JENIS_PEMBANDING),
        Kolom("Nama Pembanding", "masukan", 30),
        Kolom("Nilai", "masukan", 11, "angka"),
        Kolom("Sumber", "masukan", 35),
        Kolom("Realisasi Indikator", "hitung", 13, "angka"),
        Kolom("Realisasi ÷ Pembanding (%)", "hitung", 14, "persen"),
        Kolom("Selisih", "hitung", 11, "angka"),
    ),
    "C4",
    SPARE_ROWS,
)

PK = Lembar(
    "PK",
    "Perjanjian Kinerja: target indikator dan anggaran program",
    (
        Kolom("Jenis PK", "kunci", 11, pilihan=JENIS_PK, baru=True),
        Kolom("Bagian", "kunci", 11, pilihan=BAGIAN_PK, baru=True),
        Kolom("Indikator / Kode Program", "kunci", 24, baru=True),
        Kolom("Uraian", "info", 45),
        Kolom("Target / Jumlah (Rp)", "masukan", 16, "angka"),
        Kolom("Sumber Dana", "masukan", 16),
        Kolom("Capaian PK Berlaku (%)", "hitung", 13, "persen"),
        Kolom("Pagu Sub Kegiatan (Rp)", "hitung", 16, "rupiah"),
    ),
    "D4",
    SPARE_ROWS,
)

NILAI_DASAR = Lembar(
    "Nilai Dasar",
    "Nilai dasar yang dipakai rumus indikator (kinerja.yaml)",
    (
        Kolom("Nama", "kunci", 18),
        Kolom("Keterangan", "masukan", 45),
        Kolom("Nilai", "masukan", 12, "angka"),
    ),
    "B4",
)


def lembar_isian(tahun: int) -> tuple[Lembar, ...]:
    """Every input sheet, in workbook order."""
    return (indikator(tahun), PROGRAM, ANGGARAN, PEMBANDING, PK, NILAI_DASAR)


def title(lembar: Lembar, nama_kecamatan: str, slug: str, tahun: int) -> str:
    """Row 1: says which kecamatan and year the sheet belongs to (checked on import)."""
    return f"{lembar.judul} — Kecamatan {nama_kecamatan} ({slug}), tahun {tahun}"


_TITLE_TAIL = re.compile(r"\(([a-z0-9-]+/[a-z0-9-]+)\), tahun (\d{4})\s*$")


def title_owner(text: str) -> tuple[str, int] | None:
    """The (slug, year) a sheet title names, or None when the title was changed."""
    match = _TITLE_TAIL.search(text)
    return (match.group(1), int(match.group(2))) if match else None


LEGEND = (
    "Isi sel putih. Kolom abu-abu dihitung otomatis dan terkunci. Jangan menyisipkan, "
    "menghapus atau memindahkan kolom; baris dikenali dari kolom kunci (ID/kode)."
)

PETUNJUK = (
    "PETUNJUK PENGISIAN",
    "",
    "Buku kerja ini berisi tabel masukan satu kecamatan untuk satu tahun laporan LKjIP. "
    "Setelah diisi, serahkan kepada pengelola data untuk diimpor dengan perintah "
    "'lkjip excel impor'. Impor menampilkan dulu setiap perubahan; berkas data baru ditulis "
    "bila disetujui, dan berkas lama selalu dicadangkan.",
    "",
    "Sheet yang diisi:",
    "• Indikator — nama, satuan, polaritas, target Renstra tahun ini, realisasi dan sumber data "
    "indikator tujuan/sasaran.",
    "• Program — nama dan unit penanggung jawab program, kegiatan dan sub kegiatan; nama, "
    "satuan, target dan realisasi indikatornya.",
    "• Anggaran — pagu induk, pergeseran, perubahan dan realisasi setiap sub kegiatan.",
    "• Pembanding — nilai pembanding indikator. Baris baru boleh diisi di baris kosong di "
    "bagian bawah (pilih ID indikator dan jenisnya).",
    "• PK — target indikator dan anggaran program pada Perjanjian Kinerja awal dan perubahan. "
    "Baris baru boleh diisi di baris kosong di bagian bawah.",
    "• Nilai Dasar — nilai yang dipakai rumus indikator (bila ada).",
    "",
    "Aturan pengisian:",
    "• Sel putih boleh diisi; sel abu-abu (capaian, kategori, serapan, sisa, pagu berlaku, …) "
    "dihitung otomatis, terkunci, dan diperbarui pada ekspor berikutnya.",
    "• Jangan menyisipkan, menghapus, memindahkan atau mengganti judul kolom. Baris boleh "
    "diurutkan; setiap baris dikenali dari kolom kuncinya (ID, kode, No.).",
    "• Angka ditulis sebagai angka biasa (88,61 atau 88.61 sesuai pengaturan Excel). "
    "Rupiah ditulis sebagai bilangan bulat tanpa 'Rp' dan tanpa sen.",
    "• Target boleh berupa rentang, mis. 60-70. Kosongkan sel (atau tulis N/A) bila data "
    "tidak tersedia.",
    "• Sel boleh berisi rumus Excel (mis. =1500000+250000); yang diimpor adalah hasilnya.",
    "• Kolom berpilihan (polaritas, jenis pembanding, jenis PK, bagian) memakai daftar pilihan.",
    "• Realisasi yang dihitung dari rumus atau dari realisasi triwulan terkunci; ubah "
    "masukannya di berkas YAML.",
    "• Baris pembanding atau PK yang sudah ada tidak dapat dihapus lewat Excel; hapus langsung "
    "di berkas YAML.",
    "",
    "Kesalahan (mis. teks di kolom angka) dilaporkan lengkap dengan sheet dan selnya, "
    "misalnya: Sheet Anggaran, sel D14: 'dua juta' bukan angka.",
)


# --- the data one workbook covers, and lookups shared by export and import -------------


@dataclass(frozen=True)
class Tahun:
    """One kecamatan's report year with its computed results."""

    kab: Kabupaten
    kec: Kecamatan
    year: ReportYear
    hasil: HasilLaporan

    @property
    def slug(self) -> str:
        """``kabupaten/kecamatan``."""
        return f"{self.kab.slug}/{self.kec.slug}"

    @property
    def tahun(self) -> int:
        """The report year."""
        return self.year.tahun


def renstra_ukur(hasil: HasilLaporan) -> dict[str, Ukur]:
    """Computed results of every Renstra indicator, by id."""
    return {u.id: u for k in hasil.kelompok for u in k.indikator if u.id is not None}


def baris_by_kode(rows: tuple[Baris, ...]) -> dict[str, Baris]:
    """Every program, kegiatan and sub-kegiatan row of the results, by kode."""
    found: dict[str, Baris] = {}
    for row in rows:
        found[row.kode] = row
        found |= baris_by_kode(row.anak)
    return found


def kinerja_rows(year: ReportYear) -> dict[str, tuple[int, KinerjaSasaran]]:
    """The year's kinerja.yaml rows (with their index), by indicator id."""
    return {row.indikator: (i, row) for i, row in enumerate(year.kinerja.indikator)}


@dataclass(frozen=True)
class IndikatorUnit:
    """A program/kegiatan/sub-kegiatan indicator and where it is in program.yaml."""

    loc: Loc
    kode: str
    nomor: int  # 0-based position in the unit's indicator list
    indikator: IndikatorProgram


def program_indicators(year: ReportYear) -> dict[str, IndikatorUnit]:
    """Program indicators that have an id, by id."""
    found = {}
    for loc, unit, _ in program_units(year):
        for n, ind in enumerate(unit.indikator):
            if ind.id is not None:
                found[ind.id] = IndikatorUnit((*loc, "indikator", n), unit.kode, n, ind)
    return found


def ukur_by_id(data: Tahun) -> dict[str, Ukur]:
    """Computed results of every indicator that has an id (Renstra and program)."""
    rows = baris_by_kode(data.hasil.program)
    found = renstra_ukur(data.hasil)
    for ident, where in program_indicators(data.year).items():
        found.setdefault(ident, rows[where.kode].indikator[where.nomor])
    return found


def pk_in_force(year: ReportYear) -> str:
    """The PK whose targets count: the amendment when there is one."""
    kinds = {pk.jenis for pk in year.pk.perjanjian}
    return "perubahan" if "perubahan" in kinds else "awal"


def derived_renstra(ind: IndikatorRenstra, row: KinerjaSasaran | None) -> bool:
    """Whether the year's realisasi is computed (formula or quarters), not typed."""
    return ind.rumus is not None or (row is not None and row.realisasi_triwulan is not None)
