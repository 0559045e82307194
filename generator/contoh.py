"""``lkjip contoh``: synthetic but realistic data for N kecamatan, for benchmarks and demos.

The output passes ``lkjip validate --strict``: every budget adds up, every reference
resolves, realisasi never exceeds pagu, and the PK in force promises each program exactly
the pagu of its sub kegiatan. Sizes vary like the example data in ``data/`` (2–6 Renstra
indicators, 2–6 programs, 1–5 kegiatan per program, 1–5 sub kegiatan per kegiatan, 1–3
report years, 5–45 assets). The same seed always writes the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import UserError

REPORT_YEARS = (2022, 2023, 2024)
RENSTRA = (2021, 2026)
PROVINSI = (
    "Jawa Tengah",
    "Jawa Timur",
    "Jawa Barat",
    "Banten",
    "Daerah Istimewa Yogyakarta",
    "Lampung",
    "Sumatera Selatan",
    "Kalimantan Selatan",
    "Sulawesi Selatan",
    "Nusa Tenggara Barat",
)
# Place names are built from Javanese/Sundanese/Malay morphemes: plausible, not real places.
AWALAN = (
    "Suka", "Karang", "Sumber", "Tanjung", "Pasir", "Mekar", "Jati", "Sido", "Wono", "Banyu",
    "Giri", "Kali", "Tirta", "Sri", "Cipta", "Rejo", "Margo", "Ngadi", "Tegal", "Bumi",
    "Wates", "Pandan", "Gunung", "Watu", "Kedung",
)  # fmt: skip
AKHIRAN = (
    "jaya", "mulyo", "sari", "rejo", "agung", "makmur", "harjo", "wangi", "asri", "tengah",
    "baru", "kidul", "lor", "wetan", "kulon", "raharjo", "laksana", "mukti", "rahayu", "sentosa",
)  # fmt: skip
NAMA_DEPAN = (
    "Agus", "Budi", "Siti", "Sri", "Dewi", "Eko", "Hadi", "Joko", "Rina", "Wahyu", "Yuli",
    "Bambang", "Endang", "Slamet", "Nur", "Ahmad", "Dian", "Fitri", "Heru", "Indah", "Lestari",
    "Muhammad", "Ratna", "Teguh", "Wulan",
)  # fmt: skip
NAMA_BELAKANG = (
    "Santoso", "Wibowo", "Rahayu", "Setiawan", "Purnomo", "Hidayat", "Susanto", "Handayani",
    "Prasetyo", "Kurniawan", "Lestari", "Saputra", "Utami", "Nugroho", "Wijaya", "Hartono",
    "Mulyani", "Pratama", "Sulistyo", "Maharani",
)  # fmt: skip
GELAR = ("S.STP", "S.Sos., M.Si.", "S.H.", "S.E., M.M.", "S.IP", "Drs.", "S.STP., M.Si.")
PANGKAT = (("Pembina", "IV/a"), ("Pembina Tingkat I", "IV/b"), ("Penata Tingkat I", "III/d"))

REGULASI = [
    ("uu_23_2014", "Undang-Undang", "23", 2014, "Pemerintahan Daerah"),
    ("pp_17_2018", "Peraturan Pemerintah", "17", 2018, "Kecamatan"),
    (
        "perpres_29_2014",
        "Peraturan Presiden",
        "29",
        2014,
        "Sistem Akuntabilitas Kinerja Instansi Pemerintah",
    ),
    (
        "permenpanrb_53_2014",
        "Peraturan Menteri PANRB",
        "53",
        2014,
        "Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan "
        "Kinerja Instansi Pemerintah",
    ),
    (
        "permendagri_86_2017",
        "Peraturan Menteri Dalam Negeri",
        "86",
        2017,
        "Tata Cara Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
    ),
    (
        "permenpanrb_14_2017",
        "Peraturan Menteri PANRB",
        "14",
        2017,
        "Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik",
    ),
    (
        "permenpanrb_17_2017",
        "Peraturan Menteri PANRB",
        "17",
        2017,
        "Pedoman Penilaian Kinerja Unit Penyelenggara Pelayanan Publik",
    ),
    (
        "permenpanrb_88_2021",
        "Peraturan Menteri PANRB",
        "88",
        2021,
        "Evaluasi Akuntabilitas Kinerja Instansi Pemerintah",
    ),
]

# (id, name, unit, polarity, scale, low, high, decimals): the Renstra indicator pool.
INDIKATOR_RENSTRA = [
    ("ikm", "Indeks Kepuasan Masyarakat (IKM)", "Angka", "positif", "ikm", 78, 92, 2),
    ("ipp", "Indeks Pelayanan Publik (IPP)", "Angka", "positif", "ipp", 3.0, 4.4, 2),
    ("desa_mandiri", "Persentase Desa Berstatus Maju dan Mandiri", "Persen", "positif", None, 40, 90, 2),
    ("aduan", "Jumlah Pengaduan Masyarakat yang Tidak Tertangani", "Aduan", "negatif", None, 2, 12, 0),
    ("konflik", "Persentase Konflik Sosial yang Tertangani", "Persen", "positif", None, 80, 100, 2),
    ("adminduk", "Persentase Layanan Administrasi Kependudukan Tepat Waktu", "Persen", "positif", None, 85, 100, 2),
    ("apbdes", "Persentase Desa yang Menetapkan APBDes Tepat Waktu", "Persen", "positif", None, 70, 100, 2),
]  # fmt: skip

# The nomenclature of urusan 7.01 (Kecamatan): program → kegiatan → sub kegiatan.
PROGRAM = [
    ("7.01.01", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", [
        ("2.02", "Administrasi Keuangan Perangkat Daerah", [
            ("0001", "Penyediaan Gaji dan Tunjangan ASN"),
            ("0003", "Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD"),
        ]),
        ("2.06", "Administrasi Umum Perangkat Daerah", [
            ("0001", "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor"),
            ("0003", "Penyediaan Peralatan Rumah Tangga"),
            ("0004", "Penyediaan Bahan Logistik Kantor"),
            ("0005", "Penyediaan Barang Cetakan dan Penggandaan"),
            ("0009", "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD"),
        ]),
        ("2.08", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", [
            ("0002", "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik"),
            ("0004", "Penyediaan Jasa Pelayanan Umum Kantor"),
        ]),
        ("2.09", "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah", [
            ("0002", "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas Operasional"),
            ("0009", "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya"),
        ]),
    ]),
    ("7.01.02", "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK", [
        ("2.01", "Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan", [
            ("0001", "Koordinasi/Sinergi Perencanaan dan Pelaksanaan Kegiatan Pemerintahan dengan Perangkat Daerah dan Instansi Vertikal Terkait"),
            ("0002", "Peningkatan Efektivitas Kegiatan Pemerintahan di Tingkat Kecamatan"),
        ]),
        ("2.02", "Penyelenggaraan Pelayanan Administrasi Terpadu Kecamatan (PATEN)", [
            ("0001", "Pelaksanaan Urusan Pemerintahan yang Dilimpahkan kepada Camat"),
            ("0003", "Peningkatan Kualitas Pelayanan Publik di Kecamatan"),
        ]),
    ]),
    ("7.01.03", "PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN", [
        ("2.01", "Koordinasi Kegiatan Pemberdayaan Desa", [
            ("0001", "Fasilitasi Penyusunan Program dan Pelaksanaan Pemberdayaan Masyarakat Desa"),
            ("0002", "Fasilitasi Lembaga Kemasyarakatan Desa"),
            ("0004", "Fasilitasi Pemanfaatan Teknologi Tepat Guna"),
        ]),
    ]),
    ("7.01.04", "PROGRAM KOORDINASI KETENTERAMAN DAN KETERTIBAN UMUM", [
        ("2.01", "Koordinasi Upaya Penyelenggaraan Ketenteraman dan Ketertiban Umum", [
            ("0001", "Sinergitas dengan Kepolisian Negara Republik Indonesia, Tentara Nasional Indonesia dan Instansi Vertikal"),
            ("0002", "Harmonisasi Hubungan dengan Tokoh Agama dan Tokoh Masyarakat"),
        ]),
    ]),
    ("7.01.05", "PROGRAM PENYELENGGARAAN URUSAN PEMERINTAHAN UMUM", [
        ("2.01", "Koordinasi Penerapan dan Penegakan Peraturan Daerah dan Peraturan Kepala Daerah", [
            ("0001", "Sosialisasi Peraturan Daerah dan Peraturan Kepala Daerah"),
        ]),
        ("2.02", "Pembinaan Wawasan Kebangsaan dan Ketahanan Nasional", [
            ("0001", "Pembinaan Kerukunan Antarsuku, Umat Beragama, Ras dan Golongan"),
            ("0002", "Penanganan Konflik Sosial"),
        ]),
    ]),
    ("7.01.06", "PROGRAM PEMBINAAN DAN PENGAWASAN PEMERINTAHAN DESA", [
        ("2.01", "Fasilitasi Penyusunan Peraturan Desa dan Peraturan Kepala Desa", [
            ("0001", "Fasilitasi Penyusunan Peraturan Desa"),
        ]),
        ("2.02", "Fasilitasi Administrasi Tata Pemerintahan Desa", [
            ("0001", "Fasilitasi Pengelolaan Keuangan Desa"),
            ("0003", "Fasilitasi Penyusunan Profil dan Monografi Desa"),
        ]),
    ]),
]  # fmt: skip

# Units that answer for each program (ids of the organisation below).
UNIT_PROGRAM = {
    "7.01.01": "sekretariat",
    "7.01.02": "seksi_pemerintahan",
    "7.01.03": "seksi_pemberdayaan",
    "7.01.04": "seksi_trantib",
    "7.01.05": "seksi_trantib",
    "7.01.06": "seksi_pembinaan_desa",
}
ORGANISASI = [
    ("camat", "Camat", "pimpinan", None),
    ("sekretariat", "Sekretariat Kecamatan", "sekretariat", "camat"),
    ("subbag_program_keuangan", "Subbagian Program dan Keuangan", "subbagian", "sekretariat"),
    ("subbag_umum_kepegawaian", "Subbagian Umum dan Kepegawaian", "subbagian", "sekretariat"),
    ("seksi_pemerintahan", "Seksi Pemerintahan dan Pelayanan Publik", "seksi", "camat"),
    ("seksi_pemberdayaan", "Seksi Pemberdayaan Masyarakat", "seksi", "camat"),
    ("seksi_trantib", "Seksi Ketenteraman dan Ketertiban Umum", "seksi", "camat"),
    ("seksi_pembinaan_desa", "Seksi Pembinaan dan Pengawasan Pemerintahan Desa", "seksi", "camat"),
]
ASET = [
    ("Bangunan Gedung Kantor Permanen", None, 1),
    ("Station Wagon", "Toyota Avanza", 1),
    ("Sepeda Motor", "Honda Vario", 1),
    ("Sepeda Motor", "Yamaha Jupiter Z", 1),
    ("AC split", "LG", 2),
    ("Kursi kerja", "Chitose", 20),
    ("Kursi lipat", None, 40),
    ("Meja kerja", None, 12),
    ("Lemari arsip", None, 6),
    ("Laptop", "Asus", 3),
    ("Laptop", "Acer", 2),
    ("PC unit", "Lenovo", 4),
    ("Printer", "Epson", 3),
    ("Proyektor", "Epson", 1),
    ("Sound system", None, 1),
    ("Televisi", "Panasonic", 1),
    ("Papan pengumuman", None, 4),
    ("Mesin antrean", None, 1),
]
KEBERHASILAN = (
    "Koordinasi yang baik dengan perangkat desa",
    "Peningkatan kompetensi pegawai",
    "Dukungan sarana prasarana pelayanan",
    "Pemanfaatan aplikasi pelayanan daring",
    "Keterbatasan anggaran dan sumber daya manusia",
)
SOLUSI = (
    "Evaluasi berkala",
    "Bimbingan teknis bagi pegawai",
    "Penguatan koordinasi lintas sektor",
    "Optimalisasi anggaran yang tersedia",
)


@dataclass
class _Kecamatan:
    """What one generated kecamatan needs to stay consistent across its files and years."""

    slug: str
    nama: str
    kab: _Kabupaten
    camat: dict[str, str]
    indikator: list[tuple[Any, ...]]  # rows of INDIKATOR_RENSTRA
    rumus: bool  # has a composite indicator computed from ikm and ipp
    tahun: list[int]
    truth: dict[str, dict[int, float]] = field(default_factory=dict)  # id → year → realisasi
    targets: dict[str, dict[int, float]] = field(default_factory=dict)
    program: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class _Kabupaten:
    slug: str
    nama: str
    provinsi: str
    bupati: dict[str, str]
    gaya: str  # "permendagri" (Sangat Tinggi … Sangat Rendah) or "huruf" (AA … D, capped at 100)


def generate(count: int, out: Path, seed: int = 1) -> list[str]:
    """Write ``count`` kecamatan into ``out`` (created; must be empty); return their slugs."""
    if count < 1:
        raise UserError("jumlah kecamatan minimal 1")
    if out.exists() and any(out.iterdir()):
        raise UserError(f"folder '{out}' sudah berisi berkas; pilih folder kosong")
    rng = random.Random(seed)
    slugs = []
    for kab, size in _kabupaten_plan(rng, count):
        _write_kabupaten(out / kab.slug, kab)
        for kec in _kecamatan_plan(rng, kab, size):
            _write_kecamatan(rng, out / kab.slug / kec.slug, kec)
            slugs.append(f"{kab.slug}/{kec.slug}")
    return slugs


def _kabupaten_plan(rng: random.Random, count: int) -> Iterator[tuple[_Kabupaten, int]]:
    """Split ``count`` into kabupaten of 10–30 kecamatan (fewer only when count is small)."""
    names = _unique_names(rng, 10**6)
    remaining = count
    while remaining:
        size = min(remaining, rng.randint(10, 30))
        if 0 < remaining - size < 10:
            size = remaining if remaining <= 30 else remaining - 10
        nama = next(names)
        gaya = rng.choice(("permendagri", "huruf"))
        bupati = {"nama": _person(rng), "jabatan": f"Bupati {nama}"}
        yield _Kabupaten(_slug(nama), nama, rng.choice(PROVINSI), bupati, gaya), size
        remaining -= size


def _unique_names(rng: random.Random, limit: int) -> Iterator[str]:
    seen: set[str] = set()
    while len(seen) < limit:
        name = rng.choice(AWALAN) + rng.choice(AKHIRAN)
        if len(seen) >= len(AWALAN) * len(AKHIRAN):
            name += f" {_roman(len(seen) // (len(AWALAN) * len(AKHIRAN)) + 1)}"
        if name not in seen:
            seen.add(name)
            yield name


def _roman(n: int) -> str:
    return {2: "II", 3: "III", 4: "IV", 5: "V"}.get(n, str(n))


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def _person(rng: random.Random, gelar: bool = True) -> str:
    name = f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}"
    return f"{name}, {rng.choice(GELAR)}" if gelar else name


def _nip(rng: random.Random) -> str:
    born = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 20))
    appointed = born.year + rng.randint(22, 28)
    return f"{born:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"


def _kecamatan_plan(rng: random.Random, kab: _Kabupaten, size: int) -> Iterator[_Kecamatan]:
    names = _unique_names(rng, size)
    for _ in range(size):
        nama = next(names)
        pangkat, golongan = rng.choice(PANGKAT)
        camat = {
            "nama": _person(rng),
            "jabatan": f"Camat {nama}",
            "pangkat": pangkat,
            "golongan": golongan,
            "nip": _nip(rng),
        }
        pool = INDIKATOR_RENSTRA[2:]
        chosen = [*INDIKATOR_RENSTRA[:2], *rng.sample(pool, rng.randint(0, 4))]
        years = list(REPORT_YEARS[-rng.randint(1, 3) :])
        kec = _Kecamatan(_slug(nama), nama, kab, camat, chosen, rng.random() < 0.3, years)
        _plan_figures(rng, kec)
        yield kec


def _plan_figures(rng: random.Random, kec: _Kecamatan) -> None:
    """Targets and realisasi per indicator per year, and the programs and their kegiatan."""
    for ind_id, _, _, _, _, low, high, places in kec.indikator:
        base = rng.uniform(low, (low + high) / 2)
        step = (high - low) / 12
        kec.targets[ind_id] = {
            y: _round(base + step * (y - RENSTRA[0]), places)
            for y in range(RENSTRA[0], RENSTRA[1] + 1)
        }
        kec.truth[ind_id] = {
            y: _round(min(high, max(low, t * rng.uniform(0.9, 1.1))), places)
            for y, t in kec.targets[ind_id].items()
        }
    others = rng.sample(PROGRAM[1:], rng.randint(1, len(PROGRAM) - 1))
    for kode, nama, kegiatan in [PROGRAM[0], *sorted(others)]:
        chosen = sorted(rng.sample(kegiatan, rng.randint(1, len(kegiatan))))
        plan = [
            (k, n, sorted(rng.sample(subs, rng.randint(1, len(subs))))) for k, n, subs in chosen
        ]
        kec.program.append((kode, nama, plan))


def _round(value: float, places: int) -> float | int:
    return round(value) if places == 0 else round(value, places)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The data reader rejects YAML aliases, so shared values are written out each time.
    libyaml's emitter when available: the pure-Python one took most of the generation time."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(path: Path, data: Any, comment: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    header = "# Data sintetis dari 'lkjip contoh' (bukan data sebenarnya).\n"
    path.write_text(header + (f"# {comment}\n" if comment else "") + text, encoding="utf-8")


def _write_kabupaten(folder: Path, kab: _Kabupaten) -> None:
    regulasi = [
        {"id": rid, "jenis": jenis, "nomor": nomor, "tahun": tahun, "tentang": tentang}
        for rid, jenis, nomor, tahun, tentang in REGULASI
    ]
    data = {
        "nama": kab.nama,
        "jenis": "kabupaten",
        "provinsi": kab.provinsi,
        "kepala_daerah": kab.bupati,
        "rpjmd": {
            "nama": "RPJMD",
            "periode": {"mulai": RENSTRA[0], "selesai": RENSTRA[1]},
            "visi": f"{kab.nama} Maju, Sejahtera dan Berdaya Saing {RENSTRA[1]}",
            "misi": [
                "Mewujudkan tata kelola pemerintahan yang bersih, efektif dan melayani",
                "Meningkatkan kualitas sumber daya manusia yang unggul",
                "Memperkuat kemandirian desa berbasis potensi lokal",
            ],
            "isu_strategis": [
                "Perlunya penguatan kualitas tata kelola pemerintahan",
                "Perlunya penguatan kemandirian desa",
                "Masih tingginya angka kemiskinan",
            ],
        },
        "regulasi": regulasi,
        "skala": _scales(kab.gaya),
        "aturan": {
            "skala_capaian": "capaian",
            "rumus_negatif": "selisih" if kab.gaya == "permendagri" else "rasio",
            "metode_efisiensi": "rasio" if kab.gaya == "permendagri" else "selisih",
            "desimal": 2,
        },
    }
    _dump(folder / "kabupaten.yaml", data, f"Pengaturan {kab.nama}.")


def _scales(gaya: str) -> dict[str, Any]:
    huruf = [
        {"kode": "AA", "label": "Sangat Memuaskan", "di_atas": 90, "sampai": 100},
        {"kode": "A", "label": "Memuaskan", "di_atas": 80, "sampai": 90},
        {"kode": "BB", "label": "Sangat Baik", "di_atas": 70, "sampai": 80},
        {"kode": "B", "label": "Baik", "di_atas": 60, "sampai": 70},
        {"kode": "CC", "label": "Cukup", "di_atas": 50, "sampai": 60},
        {"kode": "C", "label": "Kurang", "di_atas": 30, "sampai": 50},
        {"kode": "D", "label": "Sangat Kurang", "mulai": 0, "sampai": 30},
    ]
    if gaya == "huruf":
        capaian: dict[str, Any] = {
            "nama": "Predikat Nilai Capaian Kinerja",
            "sumber": "permenpanrb_88_2021",
            "batas_bawah": 0,
            "batas_atas": 100,
            "pita": huruf,
        }
    else:
        capaian = {
            "nama": "Pengkategorian Capaian Kinerja",
            "sumber": "permendagri_86_2017",
            "pita": [
                {"kode": "ST", "label": "Sangat Tinggi", "di_atas": 90},
                {"kode": "T", "label": "Tinggi", "di_atas": 75, "sampai": 90},
                {"kode": "S", "label": "Sedang", "di_atas": 65, "sampai": 75},
                {"kode": "R", "label": "Rendah", "di_atas": 50, "sampai": 65},
                {"kode": "SR", "label": "Sangat Rendah", "sampai": 50},
            ],
        }
    return {
        "capaian": capaian,
        "ikm": {
            "nama": "Mutu Pelayanan (Indeks Kepuasan Masyarakat)",
            "sumber": "permenpanrb_14_2017",
            "pita": [
                {"kode": "A", "label": "Sangat Baik", "mulai": 88.31, "sampai": 100},
                {"kode": "B", "label": "Baik", "mulai": 76.61, "di_bawah": 88.31},
                {"kode": "C", "label": "Kurang Baik", "mulai": 65, "di_bawah": 76.61},
                {"kode": "D", "label": "Tidak Baik", "mulai": 25, "di_bawah": 65},
            ],
        },
        "ipp": {
            "nama": "Kategori Indeks Pelayanan Publik",
            "sumber": "permenpanrb_17_2017",
            "pita": [
                {"kode": "A", "label": "Pelayanan Prima", "di_atas": 4.5, "sampai": 5},
                {"kode": "A-", "label": "Sangat Baik", "di_atas": 4, "sampai": 4.5},
                {"kode": "B", "label": "Baik", "di_atas": 3.5, "sampai": 4},
                {"kode": "B-", "label": "Baik (dengan catatan)", "di_atas": 3, "sampai": 3.5},
                {"kode": "C", "label": "Cukup", "di_atas": 2.5, "sampai": 3},
                {"kode": "D", "label": "Buruk", "mulai": 0, "sampai": 2.5},
            ],
        },
        "sakip": {"nama": "Predikat Nilai SAKIP", "sumber": "permenpanrb_88_2021", "pita": huruf},
    }


def _write_kecamatan(rng: random.Random, folder: Path, kec: _Kecamatan) -> None:
    _dump(folder / "kecamatan.yaml", _profile(rng, kec), f"Profil Kecamatan {kec.nama}.")
    _dump(folder / "renstra.yaml", _renstra(kec), f"Renstra Kecamatan {kec.nama}.")
    for tahun in kec.tahun:
        _write_year(rng, folder / str(tahun), kec, tahun)


def _profile(rng: random.Random, kec: _Kecamatan) -> dict[str, Any]:
    sk = f"sk_camat_{kec.slug.replace('-', '_')}_iku"
    return {
        "nama": kec.nama,
        "alamat": f"Jl. Raya {kec.nama} No. {rng.randint(1, 120)}, {kec.nama}, {kec.kab.nama}",
        "kode_pos": f"{rng.randint(50000, 69999)}",
        "telepon": f"(0{rng.randint(271, 299)}) {rng.randint(100000, 999999)}",
        "email": [f"kec{kec.slug.replace('-', '')}@{kec.kab.slug}kab.go.id"],
        "jumlah_desa": rng.randint(8, 30),
        "jumlah_kelurahan": rng.choice((0, 0, 0, 1, 2)),
        "regulasi": [
            {
                "id": sk,
                "jenis": f"Keputusan Camat {kec.nama}",
                "nomor": f"700/{rng.randint(1, 99):02d}/{RENSTRA[0] + 1}",
                "tahun": RENSTRA[0] + 1,
                "tentang": f"Penetapan Indikator Kinerja Utama Kecamatan {kec.nama}",
            }
        ],
        "dasar_hukum_organisasi": ["pp_17_2018", sk],
        "organisasi": [_unit(rng, *row) for row in ORGANISASI],
        "prioritas": [
            "Peningkatan mutu pelayanan kepada masyarakat",
            "Tertib administrasi pemerintahan desa",
        ],
        "misi": [
            "Melaksanakan pelayanan masyarakat yang cepat, mudah dan transparan",
            "Meningkatkan kapasitas aparatur kecamatan dan desa",
        ],
        "isu_strategis": [
            {"teks": "Perlunya penguatan kualitas tata kelola pemerintahan", "tingkat": "daerah", "relevan": True},
            {"teks": "Masih tingginya angka kemiskinan", "tingkat": "daerah", "relevan": False},
            {"teks": "Perlunya peningkatan kualitas pelayanan publik", "tingkat": "kecamatan"},
        ],
        "strategi": [
            {
                "teks": "Meningkatkan kualitas pelayanan administrasi terpadu kecamatan",
                "kebijakan": ["Fasilitasi PATEN", "Digitalisasi layanan kecamatan"],
            },
            {
                "teks": "Meningkatkan kapasitas pemerintahan desa",
                "kebijakan": ["Pembinaan dan pengawasan penyelenggaraan pemerintahan desa"],
            },
        ],
        "riwayat_anggaran": [
            {"tahun": kec.tahun[0] - 1, "sumber": "APBD", "tahap": "perubahan", "jumlah": _budget(rng, 1500, 3500)}
        ],
    }  # fmt: skip


def _unit(rng: random.Random, uid: str, nama: str, jenis: str, induk: str | None) -> dict[str, Any]:
    unit: dict[str, Any] = {"id": uid, "nama": nama, "jenis": jenis}
    if induk:
        unit["induk"] = induk
    unit["tugas"] = [f"Melaksanakan tugas {nama.lower()} di lingkungan kecamatan."]
    unit["fungsi"] = rng.sample(
        [
            "Penyiapan bahan perumusan kebijakan",
            "Pengoordinasian pelaksanaan kegiatan",
            "Pemantauan, evaluasi dan pelaporan",
            "Pelaksanaan tugas lain yang diberikan oleh pimpinan",
        ],
        rng.randint(2, 4),
    )
    return unit


def _budget(rng: random.Random, low_million: int, high_million: int) -> int:
    """A budget in rupiah, rounded to thousands like a DPA."""
    return rng.randint(low_million * 1000, high_million * 1000) * 1000


def _renstra(kec: _Kecamatan) -> dict[str, Any]:
    rows = {row[0]: row for row in kec.indikator}
    layanan = [_renstra_indicator(kec, rows[i]) for i in rows if i in ("ikm", "ipp", "adminduk")]
    lainnya = [
        _renstra_indicator(kec, rows[i]) for i in rows if i not in ("ikm", "ipp", "adminduk")
    ]
    utama: list[dict[str, Any]] = []
    if kec.rumus:
        utama.append(
            {
                "id": "ikp",
                "nama": "Indeks Kualitas Pelayanan Kecamatan",
                "satuan": "Indeks",
                "iku": True,
                "rumus_teks": "IKP = ((IKM ÷ 25 × 2,5) + (IPP × 2)) ÷ 2",
                "rumus": "((ikm / 25 * 2.5) + ipp * 2) / 2",
                "desimal": 2,
                "target": {
                    y: round((kec.targets["ikm"][y] / 25 * 2.5 + kec.targets["ipp"][y] * 2) / 2, 2)
                    for y in range(RENSTRA[0], RENSTRA[1] + 1)
                },
            }
        )
    tujuan = [
        {
            "kode": "T1",
            "teks": "Meningkatkan kualitas pelayanan publik kecamatan",
            "indikator": utama,
            "sasaran": [
                {
                    "kode": "S1",
                    "teks": "Meningkatnya kualitas pelayanan kecamatan",
                    "indikator": layanan,
                }
            ],
        }
    ]
    if lainnya:
        tujuan.append(
            {
                "kode": "T2",
                "teks": "Meningkatkan kualitas penyelenggaraan pemerintahan dan pemberdayaan desa",
                "sasaran": [
                    {
                        "kode": "S2",
                        "teks": "Meningkatnya kinerja pemerintahan desa",
                        "indikator": lainnya,
                    }
                ],
            }
        )
    return {
        "nama": "Renstra",
        "periode": {"mulai": RENSTRA[0], "selesai": RENSTRA[1]},
        "tujuan": tujuan,
    }


def _renstra_indicator(kec: _Kecamatan, row: tuple[Any, ...]) -> dict[str, Any]:
    ind_id, nama, satuan, polaritas, skala, _, _, places = row
    data: dict[str, Any] = {
        "id": ind_id,
        "nama": nama,
        "satuan": satuan,
        "polaritas": polaritas,
        "sifat": "nilai_akhir",
        "iku": ind_id in ("ikm", "ipp"),
        "definisi": f"{nama} Kecamatan {kec.nama}, diukur setiap tahun.",
        "sumber_data": f"Laporan {nama.split(' (')[0]} Kecamatan {kec.nama}",
    }
    if skala is not None:
        data["skala"] = skala
    data["desimal"] = places
    data["target"] = kec.targets[ind_id]
    return data


def _write_year(rng: random.Random, folder: Path, kec: _Kecamatan, tahun: int) -> None:
    programs = _programs(rng, kec, tahun)
    _dump(
        folder / "laporan.yaml", _laporan(rng, kec, tahun), f"LKjIP Kecamatan {kec.nama} {tahun}."
    )
    _dump(
        folder / "program.yaml",
        {"sumber": f"DPA Kecamatan {kec.nama} TA {tahun}", "program": programs},
    )
    _dump(folder / "pk.yaml", _pk(rng, kec, tahun, programs))
    _dump(folder / "kinerja.yaml", _kinerja(rng, kec, tahun))
    _dump(folder / "evaluasi.yaml", _evaluasi(rng, kec, tahun))
    _write_narratives(folder / "narasi", kec, tahun)


def _laporan(rng: random.Random, kec: _Kecamatan, tahun: int) -> dict[str, Any]:
    latest = tahun == kec.tahun[-1]
    units = [(nama, rng.randint(1, 4)) for _, nama, _, _ in ORGANISASI]
    return {
        "tahun": tahun,
        "status": "draf" if latest and rng.random() < 0.1 else "final",
        "tempat": kec.nama,
        "tanggal": dt.date(tahun + 1, rng.randint(1, 3), rng.randint(1, 28)),
        "penandatangan": kec.camat,
        "dasar_hukum": [r[0] for r in REGULASI if r[0] != "permendagri_86_2017"],
        "pegawai": {
            "per_tanggal": dt.date(tahun, 12, 31),
            "tabel": [
                {
                    "dimensi": "golongan",
                    "judul": "Jumlah Pegawai menurut Golongan",
                    "kolom": ["IV", "III", "II", "I"],
                    "baris": [
                        {"uraian": nama, "jumlah": [1 if i == 0 else 0, n, rng.randint(0, 2), 0]}
                        for i, (nama, n) in enumerate(units)
                    ],
                }
            ],
        },
        "aset": _assets(rng),
        "rkt": [{"indikator": i[0], "target": kec.targets[i[0]][tahun]} for i in kec.indikator],
        "tantangan": [
            "Tuntutan masyarakat atas pelayanan yang cepat dan mudah terus meningkat.",
            "Kapasitas aparatur desa belum merata.",
        ],
        "upaya": ["Berinovasi di bidang pelayanan.", "Melaksanakan bimbingan teknis bagi pegawai."],
        "lintas_sektor": [
            {
                "kegiatan": "Musyawarah Perencanaan Pembangunan Kecamatan",
                "pihak": [
                    {"nama": "Bappeda", "kontribusi": "Mengakomodasi usulan masyarakat"},
                    {"nama": "DPRD", "kontribusi": "Pokok pikiran DPRD"},
                ],
                "manfaat": ["Usulan pembangunan desa terakomodasi dalam RKPD"],
            }
        ],
        "prestasi": _prestasi(rng, kec, tahun),
        "inovasi": [],
        "kesimpulan": [f"Kinerja Kecamatan {kec.nama} tahun {tahun} secara umum tercapai."],
        "kendala": ["Keterbatasan anggaran membatasi sejumlah kegiatan."],
        "rekomendasi": ["Mengevaluasi perencanaan kinerja dan penganggaran kegiatan."],
    }


def _assets(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for _ in range(rng.randint(5, 45)):
        nama, merk, jumlah = rng.choice(ASET)
        row: dict[str, Any] = {"nama": nama}
        if merk:
            row["merk"] = merk
        row |= {"tahun": rng.randint(1995, 2023), "jumlah": jumlah * rng.randint(1, 2)}
        row["kondisi"] = rng.choice(("B", "B", "B", "RR", "RB"))
        rows.append(row)
    return rows


def _prestasi(rng: random.Random, kec: _Kecamatan, tahun: int) -> list[dict[str, Any]]:
    if rng.random() < 0.6:
        return []
    return [
        {
            "judul": f"Juara {rng.randint(1, 3)} Lomba Kecamatan Sehat",
            "tingkat": "Kabupaten",
            "pemberi": f"Bupati {kec.kab.nama}",
            "tanggal": dt.date(tahun, rng.randint(1, 12), rng.randint(1, 28)),
        }
    ]


def _programs(rng: random.Random, kec: _Kecamatan, tahun: int) -> list[dict[str, Any]]:
    out = []
    ids = [row[0] for row in kec.indikator]
    for kode, nama, kegiatan in kec.program:
        program: dict[str, Any] = {"kode": kode, "nama": nama, "unit": UNIT_PROGRAM[kode]}
        program["mendukung"] = rng.sample(ids, rng.randint(1, len(ids)))
        program["indikator"] = [
            _program_indicator(rng, f"Persentase Capaian {nama.title()}", "Persen", tahun)
        ]
        program["kegiatan"] = [
            _kegiatan(rng, kode, k_kode, k_nama, subs, tahun) for k_kode, k_nama, subs in kegiatan
        ]
        out.append(program)
    return out


def _kegiatan(
    rng: random.Random, prog: str, kode: str, nama: str, subs: list[tuple[str, str]], tahun: int
) -> dict[str, Any]:
    full = f"{prog}.{kode}"
    return {
        "kode": full,
        "nama": nama,
        "indikator": [_program_indicator(rng, f"Persentase Pelaksanaan {nama}", "Persen", tahun)],
        "sub_kegiatan": [
            {
                "kode": f"{full}.{s_kode}",
                "nama": s_nama,
                "indikator": [
                    _program_indicator(rng, f"Jumlah Dokumen {s_nama}", "Dokumen", tahun)
                ],
                "anggaran": _anggaran(rng, big=s_nama.startswith("Penyediaan Gaji")),
            }
            for s_kode, s_nama in subs
        ],
    }


def _program_indicator(rng: random.Random, nama: str, satuan: str, tahun: int) -> dict[str, Any]:
    if satuan == "Persen":
        target: float | int = rng.choice((80, 90, 95, 100))
        realisasi: float | int = round(min(100.0, target * rng.uniform(0.85, 1.1)), 2)
    else:
        target = rng.randint(1, 24)
        realisasi = max(0, target + rng.randint(-2, 1))
    indikator: dict[str, Any] = {
        "nama": nama,
        "satuan": satuan,
        "target": target,
        "realisasi": realisasi,
        "desimal": 2 if satuan == "Persen" else 0,
    }
    if rng.random() < 0.5:
        indikator["analisis"] = {
            "keberhasilan": rng.choice(KEBERHASILAN),
            "solusi": rng.choice(SOLUSI),
        }
    indikator["riwayat"] = [
        {"tahun": y, "realisasi": target} for y in range(tahun - rng.randint(0, 3), tahun)
    ]
    return indikator


def _anggaran(rng: random.Random, *, big: bool) -> dict[str, Any]:
    induk = _budget(rng, 900, 2400) if big else _budget(rng, 5, 150)
    pagu: dict[str, int] = {"induk": induk}
    if rng.random() < 0.5:
        pagu["pergeseran"] = induk + rng.randint(-induk // 5000, induk // 5000) * 1000
    if rng.random() < 0.3:
        pagu["perubahan"] = induk + rng.randint(-induk // 4000, induk // 4000) * 1000
    final = pagu.get("perubahan", pagu.get("pergeseran", induk))
    return {"pagu": pagu, "realisasi": int(final * rng.uniform(0.78, 1.0))}


def _final_pagu(sub: dict[str, Any]) -> int:
    pagu = sub["anggaran"]["pagu"]
    return int(pagu.get("perubahan", pagu.get("pergeseran", pagu["induk"])))


def _pk(
    rng: random.Random, kec: _Kecamatan, tahun: int, programs: list[dict[str, Any]]
) -> dict[str, Any]:
    pihak_kedua = kec.kab.bupati
    sasaran = [{"indikator": i[0], "target": kec.targets[i[0]][tahun]} for i in kec.indikator]
    final = {
        p["kode"]: sum(_final_pagu(s) for k in p["kegiatan"] for s in k["sub_kegiatan"])
        for p in programs
    }
    induk = {
        p["kode"]: sum(
            s["anggaran"]["pagu"]["induk"] for k in p["kegiatan"] for s in k["sub_kegiatan"]
        )
        for p in programs
    }

    def agreement(jenis: str, tanggal: dt.date, amounts: dict[str, int]) -> dict[str, Any]:
        return {
            "jenis": jenis,
            "tempat": kec.kab.nama,
            "tanggal": tanggal,
            "pihak_pertama": kec.camat,
            "pihak_kedua": pihak_kedua,
            "sasaran": sasaran,
            "anggaran": [{"program": k, "jumlah": v, "sumber": "APBD"} for k, v in amounts.items()],
        }

    opening = dt.date(tahun, 1, rng.randint(5, 31))
    if final == induk:
        return {"perjanjian": [agreement("awal", opening, final)]}
    revised = dt.date(tahun, rng.randint(9, 11), rng.randint(1, 28))
    if len(kec.tahun) > 1 and tahun == kec.tahun[0]:
        # Many reports attach only the amended PK: the earliest of several years here does.
        return {"perjanjian": [agreement("perubahan", revised, final)]}
    return {
        "perjanjian": [agreement("awal", opening, induk), agreement("perubahan", revised, final)]
    }


def _kinerja(rng: random.Random, kec: _Kecamatan, tahun: int) -> dict[str, Any]:
    rows = []
    for ind_id, nama, *_ in kec.indikator:
        rows.append(
            {
                "indikator": ind_id,
                "realisasi": kec.truth[ind_id][tahun],
                "sumber_data": f"Laporan {nama.split(' (')[0]} Kecamatan {kec.nama}",
                "analisis": {
                    "keberhasilan": rng.choice(KEBERHASILAN),
                    "solusi": rng.choice(SOLUSI),
                },
                "riwayat": [
                    {
                        "tahun": y,
                        "target": kec.targets[ind_id][y],
                        "realisasi": kec.truth[ind_id][y],
                    }
                    for y in range(RENSTRA[0], tahun)
                ],
                "pembanding": [
                    {
                        "jenis": "kabupaten",
                        "nama": f"Rata-rata Kabupaten {kec.kab.nama}",
                        "nilai": kec.targets[ind_id][tahun],
                    }
                ],
            }
        )
    return {"indikator": rows}


def _evaluasi(rng: random.Random, kec: _Kecamatan, tahun: int) -> dict[str, Any]:
    komponen = [
        ("Perencanaan Kinerja", 30),
        ("Pengukuran Kinerja", 30),
        ("Pelaporan Kinerja", 15),
        ("Evaluasi Akuntabilitas Kinerja Internal", 25),
    ]
    return {
        "sakip": {
            "tahun_dievaluasi": tahun - 1,
            "nomor": f"700/{rng.randint(1, 200):03d}/LHE/INSP/{tahun}",
            "tanggal": dt.date(tahun, rng.randint(4, 8), rng.randint(1, 28)),
            "evaluator": f"Inspektorat Daerah Kabupaten {kec.kab.nama}",
            "skala": "sakip",
            "komponen": [
                {"nama": nama, "bobot": bobot, "nilai": round(bobot * rng.uniform(0.55, 0.85), 2)}
                for nama, bobot in komponen
            ],
        },
        "tindak_lanjut": [
            {
                "komponen": "Perencanaan Kinerja",
                "rekomendasi": "Menyelaraskan pohon kinerja dengan sasaran strategis",
                "rencana_aksi": "Menyusun ulang pohon kinerja kecamatan",
                "status": rng.choice(("tuntas", "proses", "belum")),
            }
        ],
    }


def _write_narratives(folder: Path, kec: _Kecamatan, tahun: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "kata-pengantar": (
            "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Laporan "
            "Kinerja Instansi Pemerintah Kecamatan {{ kecamatan }} Tahun {{ tahun }}.\n\n"
            "Laporan ini merupakan wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi "
            "kecamatan selama satu tahun anggaran.\n"
        ),
        "ikhtisar-eksekutif": (
            "Rata-rata capaian indikator kinerja tahun {{ tahun }} sebesar "
            "{{ rata_rata_capaian }} ({{ kategori_rata_rata }}). Serapan anggaran mencapai "
            "{{ anggaran.serapan }} dari pagu {{ anggaran.pagu }} "
            "({{ anggaran.pagu_terbilang }}).\n"
        ),
        "latar-belakang": (
            f"Kecamatan {kec.nama} adalah perangkat daerah Kabupaten {kec.kab.nama} yang "
            "dipimpin oleh camat dan berkedudukan di bawah serta bertanggung jawab kepada bupati "
            "melalui sekretaris daerah.\n"
        ),
        "penutup": (
            "Laporan ini diharapkan menjadi bahan evaluasi untuk meningkatkan kinerja pada tahun "
            "berikutnya.\n"
        ),
    }
    for name, text in texts.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
