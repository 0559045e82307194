"""What a page template can use: the context variables of each page kind and the filters,
each with an Indonesian description and a one-line example for docs/templat.md.

The contexts themselves are built in :mod:`generator.dokumen` (``kecamatan_context``,
``render_year``) and :mod:`generator.site` (``_site_context``, ``build_kecamatan_site``,
``build_portal``); this module only describes them, so neither depends on it. ``tests/test_templat_docs.py`` builds the example
sites and fails when a context key has no description here or a description has no key,
and renders every example below in the real context of its page.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Variabel:
    """One context variable: what it holds and how a template uses it."""

    keterangan: str
    contoh: str


@dataclass(frozen=True)
class Kelompok:
    """Variables that a set of page kinds share, under one heading of the reference."""

    judul: str
    variabel: dict[str, Variabel]


# dokumen.kecamatan_context: every page of a kecamatan site, year pages and site pages alike.
DASAR = Kelompok(
    "Semua halaman kecamatan",
    {
        "kab": Variabel(
            "Pengaturan kabupaten (`kabupaten.yaml`): nama, jenis, provinsi, RPJMD, aturan.",
            "{{ kab.jenis | title }} {{ kab.nama }}",
        ),
        "kec": Variabel(
            "Profil kecamatan (`kecamatan.yaml`): nama, alamat, kontak, tugas, prioritas.",
            "Kecamatan {{ kec.nama }}",
        ),
        "renstra": Variabel(
            "Renstra kecamatan (`renstra.yaml`): periode, tujuan, sasaran dan indikatornya.",
            "{{ renstra.periode.mulai }}–{{ renstra.periode.selesai }}",
        ),
        "regulasi": Variabel(
            "Peraturan yang dirujuk data (kabupaten dan kecamatan), menurut `id`-nya.",
            "{% for id, r in regulasi.items() %}{{ r.jenis }} Nomor {{ r.nomor }} {% endfor %}",
        ),
        "skala_capaian": Variabel(
            "Skala kategori capaian yang dipakai kabupaten: nama, pita, batas atas/bawah.",
            "{{ skala_capaian.nama }}",
        ),
        "aturan": Variabel(
            "Aturan hitung kabupaten: `desimal`, `skala_capaian`, `metode_efisiensi`.",
            "Angka dibulatkan ke {{ aturan.desimal }} desimal",
        ),
    },
)

# site._site_context: the kecamatan site's own pages (outside the years) also see every year.
SEMUA_TAHUN = Kelompok(
    "Halaman situs kecamatan: semua tahun laporan",
    {
        "tahun_laporan": Variabel(
            "Daftar tahun laporan yang ada, terbaru lebih dulu.",
            "{% for th in tahun_laporan %}{{ th }} {% endfor %}",
        ),
        "hasil_per_tahun": Variabel(
            "Hasil hitungan setiap tahun laporan, menurut tahun.",
            "{{ hasil_per_tahun[terbaru.tahun].total.pagu | rupiah }}",
        ),
        "terbaru": Variabel(
            "Tahun laporan terbaru (folder tahunnya): `tahun`, `laporan`, `pk`, `program`, dst.",
            "{{ terbaru.tahun }}",
        ),
        "hasil_terbaru": Variabel(
            "Hasil hitungan tahun laporan terbaru (lihat `hasil`).",
            "{{ hasil_terbaru.rata_rata_capaian.nilai | persen }}",
        ),
        "pembuat_terbaru": Variabel(
            "Pembuat tabel tahun terbaru, untuk halaman situs (di halaman tahun pakai `t`).",
            "{% set t = pembuat_terbaru %}{{ t.capaian().judul }}",
        ),
        "sekilas": Variabel(
            "Kalimat ringkasan tahun terbaru untuk beranda: `kinerja`, `anggaran`, `porsi`.",
            "{{ sekilas.kinerja }}",
        ),
        "letak_tabel": Variabel(
            "Tautan ke tabel bernomor tahun terbaru menurut id tabel (terisi di halaman situs).",
            '{% if letak_tabel.get("capaian") %}[Rincian]({{ letak_tabel["capaian"] }}){% endif %}',
        ),
    },
)

# dokumen.render_year: every page listed under `tahun:` in tata-letak.yaml.
TAHUN = Kelompok(
    "Halaman tahun laporan",
    {
        "halaman": Variabel(
            "Entri tata letak halaman ini: `berkas`, `judul`, `templat`, `bab`, `cetak`.",
            "# {{ halaman.judul }}",
        ),
        "tahun": Variabel("Tahun laporan halaman ini.", "Tahun {{ tahun }}"),
        "lap": Variabel(
            "Isi `laporan.yaml` tahun ini: tanggal, penandatangan, upaya, kendala, prestasi, dst.",
            "{{ lap.tempat }}, {{ lap.tanggal | tanggal }}",
        ),
        "hasil": Variabel(
            "Semua hasil hitungan tahun ini: indikator, capaian, anggaran (`total`), efisiensi.",
            "{{ hasil.total.pagu | rupiah }}",
        ),
        "t": Variabel(
            "Pembuat tabel tahun ini: `t.<nama>()` memberi tabel (daftarnya di bawah).",
            "{{ tabel(t.capaian()) }}",
        ),
        "tabel": Variabel(
            "Mencetak tabel bernomor (Tabel 3.1, …) dan mencatatnya di Daftar Tabel; tabel kosong tidak dicetak.",
            "{{ tabel(t.realisasi_anggaran()) }}",
        ),
        "bagian": Variabel(
            "Judul bagian bernomor (3.1, 3.1.1); argumen kedua 3 untuk subbagian.",
            '## {{ bagian("Realisasi Anggaran") }}',
        ),
        "grafik": Variabel(
            "Grafik tahun ini menurut namanya (daftarnya di bawah); grafik tanpa data tidak ada.",
            '{{ gambar(grafik.get("capaian")) }}',
        ),
        "gambar": Variabel(
            "Mencetak grafik sebagai gambar bernomor (Gambar 3.1) dengan teks alternatif; `None` tidak mencetak apa pun.",
            '{{ gambar(grafik.get("anggaran")) }}',
        ),
        "pk": Variabel(
            "Perjanjian Kinerja tahun ini (awal, lalu perubahan bila ada); lihat `t.pk(p)`.",
            "{% for p in pk %}{{ p.jenis }} {% endfor %}",
        ),
        "evaluasi": Variabel(
            "Isi `evaluasi.yaml`: hasil evaluasi SAKIP dan tindak lanjutnya.",
            "{{ evaluasi.tindak_lanjut | length }} rekomendasi",
        ),
        "narasi": Variabel(
            "Narasi Markdown folder `narasi/` yang sudah menjadi HTML, menurut nama berkasnya.",
            '{{ m.narasi_atau(narasi, "penutup") }}',
        ),
        "program_sumber": Variabel(
            "Sumber data program (`program.yaml`, kunci `sumber`).",
            "Sumber: {{ program_sumber }}",
        ),
        "halaman_tahun": Variabel(
            "Semua halaman tahun dalam tata letak, berurutan (untuk daftar isi buatan sendiri).",
            "{% for h in halaman_tahun %}- [{{ h.judul }}]({{ h.berkas }}) {% endfor %}",
        ),
        "unduh_pdf": Variabel(
            "Nama berkas PDF tahun ini bila dibangun dengan `--pdf`, selain itu `None`.",
            "{% if unduh_pdf %}[Unduh PDF]({{ unduh_pdf }}){% endif %}",
        ),
        "unduh_word": Variabel(
            "Nama berkas Word (.docx) tahun ini bila dibangun dengan `--docx`, selain itu `None`.",
            "{% if unduh_word %}[Unduh Word]({{ unduh_word }}){% endif %}",
        ),
    },
)

# Only the page whose template ends in daftar-tabel.md.j2: it renders after the others.
DAFTAR_TABEL = Kelompok(
    "Tambahan di halaman Daftar Tabel dan Gambar",
    {
        "daftar_tabel": Variabel(
            "Semua tabel bernomor tahun ini: `nomor`, `judul`, `halaman`, `jangkar`.",
            "{% for e in daftar_tabel %}- [Tabel {{ e.nomor }} {{ e.judul }}]({{ e.halaman }}#{{ e.jangkar }}) {% endfor %}",
        ),
        "daftar_gambar": Variabel(
            "Semua gambar bernomor tahun ini, seperti `daftar_tabel`.",
            "{% for e in daftar_gambar %}- Gambar {{ e.nomor }} {{ e.judul }} {% endfor %}",
        ),
    },
)

# build_kecamatan_site: every page listed under `situs:` in tata-letak.yaml.
SITUS = Kelompok(
    "Halaman situs kecamatan",
    {
        "halaman": Variabel(
            "Entri tata letak halaman ini (seperti di halaman tahun).", "# {{ halaman.judul }}"
        ),
        "riwayat": Variabel(
            "Riwayat perubahan data dari git: `perubahan`, `terakhir`, `catatan`.",
            "{% for c in riwayat.perubahan %}- {{ c.tanggal | tanggal }} {% endfor %}",
        ),
        "unduhan": Variabel(
            "Tabel yang dapat diunduh per tahun laporan: `tabel`, `nomor`, `jangkar`.",
            "{% for u in unduhan[terbaru.tahun] %}- {{ u.tabel.judul }} ({{ u.jangkar }}.csv) {% endfor %}",
        ),
        "lisensi": Variabel(
            "Lisensi data situs (`kabupaten.yaml`, `situs.lisensi`).", "**Lisensi:** {{ lisensi }}"
        ),
        "tabel_situs": Variabel(
            "Seperti `tabel` di halaman tahun, untuk halaman situs (tanpa awalan bab).",
            "{{ tabel_situs(tren_tabel[1]) }}",
        ),
        "gambar_situs": Variabel(
            "Seperti `gambar` di halaman tahun, untuk halaman situs.",
            "{{ gambar_situs(tren_grafik) }}",
        ),
        "tren_tabel": Variabel(
            "Dua tabel tren antartahun: indikator kinerja utama dan anggaran.",
            "{{ tabel_situs(tren_tabel[0]) }}",
        ),
        "tren_grafik": Variabel(
            "Grafik tren indikator kinerja utama antartahun, atau `None` bila tidak ada data.",
            "{% if tren_grafik %}{{ gambar_situs(tren_grafik) }}{% endif %}",
        ),
    },
)

ISTILAH = Kelompok(
    "Halaman Istilah",
    {
        "istilah": Variabel(
            "Daftar istilah `site_templates/istilah.yaml`: `istilah`, `singkatan`, `penjelasan`.",
            "{% for i in istilah %}- **{{ i.istilah }}**: {{ i.penjelasan }} {% endfor %}",
        ),
    },
)

PORTAL_INDEKS = Kelompok(
    "Beranda portal",
    {
        "kabupaten": Variabel(
            "Per kabupaten: (kabupaten, [(kecamatan, hasil terbaru, tahun terbit)]).",
            "{% for kab, baris in kabupaten %}- {{ kab.settings.nama }}: {{ baris | length }} kecamatan {% endfor %}",
        ),
    },
)

# Shared by the kabupaten summary and the yearly comparison (portal/tabel-banding.md.j2).
BANDING = Kelompok(
    "Tabel perbandingan portal",
    {
        "kab": Variabel(
            "Kabupaten (`settings` = `kabupaten.yaml`, `slug`, `kecamatan`).",
            "{{ kab.settings.jenis | title }} {{ kab.settings.nama }}",
        ),
        "baris": Variabel(
            "Baris perbandingan per kecamatan: `kec`, `hasil`, `peringkat`, `target`, `perhatian`, `tanda`.",
            "{% for r in baris %}- {{ r.kec.profil.nama }}: {{ r.hasil.rata_rata_capaian.nilai | persen }} {% endfor %}",
        ),
        "judul": Variabel("Judul tabel perbandingan.", "{{ judul }}"),
        "unduh": Variabel(
            "Alamat berkas unduhan tabel tanpa akhiran (`.csv`, `.json`).",
            "[CSV]({{ unduh }}.csv)",
        ),
        "format_unduh": Variabel(
            "Bentuk unduhan tabel yang dibuat, sebagai pasangan (akhiran, teks tautan).",
            "{% for akhiran, teks in format_unduh %}[{{ teks }}]({{ unduh }}.{{ akhiran }}) {% endfor %}",
        ),
        "tautan_tahun": Variabel(
            "Tahun yang ditautkan dari nama kecamatan, atau `None` (beranda kecamatan).",
            "{{ tautan_tahun or 'terbaru' }}",
        ),
        "tahun_kolom": Variabel(
            "Apakah tabel memuat kolom Tahun.", "{% if tahun_kolom %}Tahun{% endif %}"
        ),
    },
)

PORTAL_KABUPATEN = Kelompok(
    "Tambahan di ringkasan kabupaten",
    {
        "tahun_tersedia": Variabel(
            "Tahun laporan yang ada di kabupaten ini, terbaru lebih dulu.",
            "{% for th in tahun_tersedia %}[{{ th }}](perbandingan-{{ th }}.md) {% endfor %}",
        ),
    },
)

PORTAL_PERBANDINGAN = Kelompok(
    "Tambahan di perbandingan tahunan",
    {
        "tahun": Variabel("Tahun yang dibandingkan.", "Tahun {{ tahun }}"),
        "skala": Variabel("Skala kategori capaian kabupaten.", "{{ skala.nama }}"),
        "aturan": Variabel(
            "Kalimat aturan penandaan baris (terbaik, terlemah, perlu perhatian).",
            "{% for a in aturan %}- {{ a }} {% endfor %}",
        ),
        "grafik": Variabel(
            "Grafik batang rata-rata capaian dan serapan anggaran per kecamatan.",
            "{% for g in grafik %}{{ g.judul }}; {% endfor %}",
        ),
    },
)


@dataclass(frozen=True)
class JenisHalaman:
    """A kind of page and the templates rendered with its context."""

    judul: str
    letak: str  # which pages, in words for the reference
    # Glob patterns of the templates the default layout renders as this kind (the first
    # kind matching wins); the test classifies the pages of the example build with them.
    templat: tuple[str, ...]
    kelompok: tuple[Kelompok, ...]

    @property
    def variabel(self) -> dict[str, Variabel]:
        """Every variable its context holds."""
        out: dict[str, Variabel] = {}
        for group in self.kelompok:
            out |= group.variabel
        return out


HALAMAN = (
    JenisHalaman(
        "Daftar Tabel dan Gambar",
        "entri `tahun:` yang templatnya berakhiran `daftar-tabel.md.j2` (dirender terakhir)",
        ("tahun/daftar-tabel.md.j2",),
        (DASAR, TAHUN, DAFTAR_TABEL),
    ),
    JenisHalaman(
        "Halaman tahun laporan",
        "entri lain `tahun:` di `tata-letak.yaml` (`tahun/*.md.j2`)",
        ("tahun/*",),
        (DASAR, TAHUN),
    ),
    JenisHalaman("Halaman Istilah", "`situs/istilah.md.j2`", ("situs/istilah.md.j2",), (ISTILAH,)),
    JenisHalaman(
        "Halaman situs kecamatan",
        "entri `situs:` di `tata-letak.yaml` (`situs/*.md.j2`)",
        ("situs/*",),
        (DASAR, SEMUA_TAHUN, SITUS),
    ),
    JenisHalaman(
        "Beranda portal", "`portal/index.md.j2`", ("portal/index.md.j2",), (PORTAL_INDEKS,)
    ),
    JenisHalaman(
        "Ringkasan kabupaten di portal",
        "`portal/kabupaten.md.j2`",
        ("portal/kabupaten.md.j2",),
        (BANDING, PORTAL_KABUPATEN),
    ),
    JenisHalaman(
        "Perbandingan tahunan di portal",
        "`portal/perbandingan.md.j2`",
        ("portal/perbandingan.md.j2",),
        (BANDING, PORTAL_PERBANDINGAN),
    ),
)


def jenis_halaman(templat: str) -> JenisHalaman | None:
    """The page kind a template (by its name in the layout) is rendered as."""
    return next(
        (k for k in HALAMAN if any(fnmatch.fnmatchcase(templat, p) for p in k.templat)), None
    )


@dataclass(frozen=True)
class Filter:
    """A filter of :func:`generator.render.make_environment`, with an example to render."""

    keterangan: str
    contoh: str
    nilai: dict[str, Any]


FILTER: dict[str, Filter] = {
    "rupiah": Filter("Rupiah dengan titik ribuan.", "{{ x | rupiah }}", {"x": 2273853295}),
    "angka": Filter(
        "Angka dengan titik ribuan; argumen: jumlah desimal.",
        "{{ x | angka(2) }}",
        {"x": Decimal("1234.5")},
    ),
    "angka_alami": Filter(
        "Angka dengan desimal seperlunya (paling banyak 2, atau argumennya).",
        "{{ x | angka_alami }}",
        {"x": Decimal("88.610")},
    ),
    "persen": Filter(
        "Persentase; argumen: jumlah desimal (biasanya `aturan.desimal`); kosong menjadi N/A.",
        "{{ x | persen(2) }}",
        {"x": Decimal("96.186")},
    ),
    "tanggal": Filter(
        "Tanggal panjang berbahasa Indonesia.", "{{ x | tanggal }}", {"x": dt.date(2025, 4, 15)}
    ),
    "terbilang": Filter("Bilangan bulat dieja.", "{{ x | terbilang }}", {"x": 2500}),
    "terbilang_rupiah": Filter(
        "Jumlah rupiah dieja, huruf pertama kapital.", "{{ x | terbilang_rupiah }}", {"x": 1250000}
    ),
    "target": Filter(
        "Target indikator: angka, rentang atau N/A; argumen: desimal indikator.",
        "{{ x | target(2) }}",
        {"x": Decimal("75.5")},
    ),
    "md": Filter(
        "Teks di-*escape* untuk Markdown, ditandai aman. Nilai yang dicetak dengan `{{ }}` sudah "
        "di-*escape*; filter ini untuk teks yang disambung (`~`) dengan markup buatan sendiri.",
        "{{ x | md }}",
        {"x": "Program *Prioritas*"},
    ),
}
