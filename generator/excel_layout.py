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
from generator.crosscheck import program_units, renstra_indicators
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
VERSION = 2  # 2: labels instead of ids, Target and Jumlah (Rp) apart in PK
TOTAL_KEY = "JUMLAH"
SPARE_ROWS = 10  # empty input rows at the end of Pembanding and PK, for new entries

Jenis = Literal["kunci", "info", "masukan", "hitung"]
Format = Literal["teks", "angka", "rupiah", "persen"]
# What Excel's own data validation accepts in an input cell (import checks it exactly):
# "target": a number, a range such as 60-70, or N/A; "tersedia": a number or N/A;
# "angka": a number; "rupiah": a whole number >= 0; "teks": text of bounded length.
Aturan = Literal["teks", "angka", "target", "tersedia", "rupiah"]

# Choices as (value in the YAML, label shown in the workbook). Import accepts either.
Pilihan = tuple[tuple[str, str], ...]
POLARITAS: Pilihan = (("positif", "Positif"), ("negatif", "Negatif"))
TINGKAT: Pilihan = (
    ("program", "Program"),
    ("kegiatan", "Kegiatan"),
    ("sub_kegiatan", "Sub Kegiatan"),
)
JENIS_PEMBANDING: Pilihan = (
    ("nasional", "Nasional"),
    ("provinsi", "Provinsi"),
    ("kabupaten", "Kabupaten"),
    ("daerah_sekitar", "Daerah Sekitar"),
)
JENIS_PK: Pilihan = (("awal", "Awal"), ("perubahan", "Perubahan"))
BAGIAN_PK: Pilihan = (("sasaran", "Sasaran"), ("anggaran", "Anggaran"))
STAGES = ("induk", "pergeseran", "perubahan")


def label_of(pilihan: Pilihan, value: str | None) -> str | None:
    """The label a choice is shown with (the value itself when it is not a known choice)."""
    return dict(pilihan).get(value, value) if value is not None else None


@dataclass(frozen=True)
class Kolom:
    """One column: header, role, width, display format and dropdown choices."""

    judul: str
    jenis: Jenis
    lebar: int = 14
    format: Format = "teks"
    pilihan: Pilihan = ()
    daftar: str | None = None  # dropdown from a list on the hidden list sheet
    baru: bool = False  # a key the user types on a new (spare) row
    sembunyi: bool = False  # a hidden column holding an internal id (the row's key)
    aturan: Aturan | None = None  # validation; None: from the format

    @property
    def validasi(self) -> Aturan:
        """The kind of value Excel's data validation lets into this column."""
        if self.aturan is not None:
            return self.aturan
        return {"rupiah": "rupiah", "angka": "angka", "persen": "angka"}.get(self.format, "teks")  # type: ignore[return-value]


@dataclass(frozen=True)
class Lembar:
    """One input sheet."""

    nama: str
    judul: str
    kolom: tuple[Kolom, ...]
    beku: str  # freeze panes at this cell: headers and key columns stay visible
    cadangan: int = 0  # spare rows for new entries

    @property
    def pertama(self) -> int:
        """1-based number of the first visible column (the title and legend go there)."""
        return next(i for i, k in enumerate(self.kolom, start=1) if not k.sembunyi)

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
            Kolom("ID", "kunci", 16, sembunyi=True),
            Kolom("Tujuan/Sasaran", "info", 16),
            Kolom("Nama Indikator", "masukan", 45),
            Kolom("Satuan", "masukan", 10),
            Kolom("Polaritas", "masukan", 11, pilihan=POLARITAS),
            Kolom(f"Target Renstra {tahun}", "masukan", 13, "angka", aturan="target"),
            Kolom(f"Realisasi {tahun}", "masukan", 13, "angka", aturan="tersedia"),
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
        Kolom("Unit Penanggung Jawab", "masukan", 24, daftar="unit"),
        Kolom("No. Indikator", "kunci", 10),
        Kolom("Indikator", "masukan", 45),
        Kolom("Satuan", "masukan", 10),
        Kolom("Target", "masukan", 11, "angka", aturan="target"),
        Kolom("Realisasi", "masukan", 11, "angka", aturan="tersedia"),
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
        Kolom("Indikator", "kunci", 40, daftar="indikator", baru=True),
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
        Kolom("Indikator / Kode Program", "kunci", 40, daftar="pk", baru=True),
        Kolom("Nama Program / Satuan", "info", 40),
        Kolom("Target", "masukan", 12, "angka", aturan="target"),
        Kolom("Jumlah (Rp)", "masukan", 16, "rupiah"),
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
        Kolom("Nama", "kunci", 18, sembunyi=True),
        Kolom("Keterangan", "masukan", 45),
        Kolom("Nilai", "masukan", 12, "angka"),
    ),
    "B4",
)


def lembar_isian(tahun: int, nilai_dasar: bool = True) -> tuple[Lembar, ...]:
    """Every input sheet, in workbook order; "Nilai Dasar" only when the year has any."""
    sheets = (indikator(tahun), PROGRAM, ANGGARAN, PEMBANDING, PK)
    return (*sheets, NILAI_DASAR) if nilai_dasar else sheets


def pemilik(data: Tahun) -> str:
    """Whose workbook it is, as people say it: "Kecamatan Sumber, Kabupaten Rembang"."""
    kab = data.kab.settings
    return f"Kecamatan {data.kec.profil.nama}, {kab.jenis.capitalize()} {kab.nama}"


def title(lembar: Lembar, data: Tahun) -> str:
    """Row 1: says which kecamatan and year the sheet belongs to (checked on import)."""
    return f"{lembar.judul} — {pemilik(data)}, tahun {data.tahun}"


_TITLE_TAIL = re.compile(r" — (Kecamatan .+), tahun (\d{4})\s*$")


def title_owner(text: str) -> tuple[str, int] | None:
    """The (owner, year) a sheet title names, or None when the title was changed."""
    match = _TITLE_TAIL.search(text)
    return (match.group(1), int(match.group(2))) if match else None


LEGEND = (
    "Isi hanya sel putih. Sel abu-abu dihitung otomatis dan terkunci. Jangan menyisipkan, "
    "menghapus atau memindahkan kolom. Petunjuk lengkap ada di sheet Petunjuk."
)

PETUNJUK = (
    "PETUNJUK PENGISIAN",
    "",
    "Buku kerja ini berisi data kinerja satu kecamatan untuk satu tahun, untuk Laporan Kinerja "
    "Instansi Pemerintah (LKjIP). Isilah seperti mengisi tabel Excel biasa; tidak perlu "
    "mengetahui cara kerja aplikasinya.",
    "",
    "1. Apa yang diisi",
    "• Isi hanya sel berwarna PUTIH. Saat sel dipilih, muncul keterangan singkat tentang isi "
    "yang diharapkan.",
    "• Sel berwarna ABU-ABU (capaian, kategori, serapan, sisa, pagu berlaku, judul, nama "
    "sub kegiatan, …) dihitung atau diambil otomatis dan terkunci. Nilainya diperbarui "
    "setelah data diimpor.",
    "• Excel memeriksa isian saat diketik: angka di kolom angka, bilangan bulat di kolom "
    "Rupiah, pilihan dari daftar di kolom berpilihan. Bila muncul pesan 'Isian tidak "
    "valid', perbaiki isiannya.",
    "",
    "2. Sheet yang diisi",
    "• Indikator — nama, satuan, polaritas, target Renstra tahun ini, realisasi dan sumber "
    "data indikator tujuan dan sasaran.",
    "• Program — nama dan unit penanggung jawab program, kegiatan dan sub kegiatan; nama, "
    "satuan, target dan realisasi indikatornya.",
    "• Anggaran — pagu induk, pagu pergeseran, pagu perubahan dan realisasi setiap sub "
    "kegiatan, dalam Rupiah.",
    "• Pembanding — nilai pembanding indikator (nasional, provinsi, kabupaten, daerah "
    "sekitar). Pembanding baru diisi di baris kosong paling bawah: pilih indikatornya dan "
    "jenisnya dari daftar, lalu isi nama, nilai dan sumbernya.",
    "• PK — target indikator dan jumlah anggaran program pada Perjanjian Kinerja awal dan "
    "perubahan. Baris baru diisi di baris kosong paling bawah.",
    "• Nilai Dasar (bila ada) — angka yang dipakai untuk menghitung indikator.",
    "",
    "3. Cara menulis angka",
    "• Rupiah ditulis sebagai bilangan bulat tanpa 'Rp', tanpa titik ribuan yang diketik "
    "sendiri, dan tanpa sen, mis. 2149489000. Excel menampilkannya dengan pemisah ribuan "
    "sesuai pengaturan bahasa komputer (2.149.489.000 pada pengaturan Indonesia).",
    "• Angka desimal ditulis dengan tanda desimal sesuai pengaturan Excel (88,61 pada "
    "pengaturan Indonesia). Persen ditulis tanpa tanda %, mis. 95,5.",
    "• Target boleh berupa rentang, mis. 60-70 (ketik tanda petik lebih dulu: '60-70, agar "
    "Excel tidak mengubahnya menjadi tanggal).",
    "• Bila data tidak tersedia, kosongkan sel atau tulis N/A.",
    "• Sel boleh berisi rumus Excel (mis. =1500000+250000); yang dipakai adalah hasilnya.",
    "",
    "4. Yang tidak boleh diubah",
    "• Jangan mengganti nama sheet, judul kolom, atau judul di baris 1; jangan menyisipkan, "
    "menghapus atau memindahkan kolom. Baris boleh diurutkan.",
    "• Baris pembanding atau PK yang sudah ada tidak dapat dihapus lewat buku kerja ini; "
    "hubungi pengelola data.",
    "• Realisasi yang dihitung dari rumus atau dari realisasi triwulan terkunci; hubungi "
    "pengelola data bila perlu diubah.",
    "",
    "5. Cara mengirim kembali",
    "• Simpan buku kerja dalam format Excel (.xlsx) tanpa mengganti namanya, lalu kirimkan "
    "kepada pengelola data LKjIP kabupaten/kecamatan.",
    "• Pengelola data memasukkannya dengan perintah 'lkjip excel impor'. Setiap perubahan "
    "ditampilkan lebih dulu untuk diperiksa, dan data lama selalu dicadangkan.",
    "• Bila ada isian yang salah, pengelola data menerima daftar kesalahan lengkap dengan "
    "sheet dan selnya, misalnya: Sheet Anggaran, sel D14: 'dua juta' bukan angka. "
    "Perbaiki sel itu dan kirim ulang.",
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


# --- labels the workbook shows instead of internal ids ---------------------------------


def _unique(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Label -> id, each label unique: a repeated name gets " (2)", " (3)", …"""
    found: dict[str, str] = {}
    for label, ident in pairs:
        shown, n = label, 1
        while shown in found:
            n += 1
            shown = f"{label} ({n})"
        found[shown] = ident
    return found


def indikator_labels(data: Tahun) -> dict[str, str]:
    """Label -> id of every indicator a benchmark or PK target can name (Renstra, program)."""
    pairs = [(ind.nama.strip(), ind.id) for _, ind in renstra_indicators(data.kec)]
    pairs += [(w.indikator.nama.strip(), i) for i, w in program_indicators(data.year).items()]
    return _unique(pairs)


def unit_labels(data: Tahun) -> dict[str, str]:
    """Label -> id of every organisation unit (the unit's name)."""
    return _unique([(unit.nama.strip(), unit.id) for unit in data.kec.profil.organisasi])


def labels_of(lookup: dict[str, str]) -> dict[str, str]:
    """Id -> label: the inverse of a label lookup."""
    return {ident: label for label, ident in lookup.items()}
