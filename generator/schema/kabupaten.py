"""``<kabupaten>/kabupaten.yaml``: region settings shared by all its kecamatan."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from generator.schema.base import (
    Angka,
    HttpsUrl,
    Pejabat,
    Periode,
    RentangWajar,
    Slug,
    StrictModel,
)


class Regulasi(StrictModel):
    """One legal reference, cited by id from dasar hukum lists and scales."""

    id: Slug = Field(description="Kode unik untuk dirujuk, mis. 'permendagri_86_2017'.")
    jenis: str = Field(description="Jenis peraturan, mis. 'Peraturan Menteri Dalam Negeri'.")
    nomor: str = Field(description="Nomor peraturan sebagaimana tercetak.")
    tahun: int = Field(ge=1945, le=2100, description="Tahun terbit.")
    tentang: str = Field(description="Judul/perihal peraturan.")
    tanggal: dt.date | None = Field(None, description="Tanggal penetapan, bila diketahui.")


class Pita(StrictModel):
    """One band of a scale. Give one lower bound (di_atas or mulai) and/or one upper bound."""

    kode: str = Field(description="Kode singkat, mis. 'AA' atau 'ST'.")
    label: str = Field(description="Nama kategori yang dicetak, mis. 'Sangat Tinggi'.")
    di_atas: Angka | None = Field(None, description="Batas bawah, tidak termasuk (> nilai).")
    mulai: Angka | None = Field(None, description="Batas bawah, termasuk (≥ nilai).")
    sampai: Angka | None = Field(None, description="Batas atas, termasuk (≤ nilai).")
    di_bawah: Angka | None = Field(None, description="Batas atas, tidak termasuk (< nilai).")

    @model_validator(mode="after")
    def _one_bound_each_side(self) -> Pita:
        if self.di_atas is not None and self.mulai is not None:
            raise ValueError("isi salah satu saja: di_atas atau mulai")
        if self.sampai is not None and self.di_bawah is not None:
            raise ValueError("isi salah satu saja: sampai atau di_bawah")
        return self


class Skala(StrictModel):
    """A category scale (e.g. Permendagri 86/2017) with its legal source."""

    nama: str = Field(description="Nama skala yang dicetak di laporan.")
    sumber: Slug = Field(description="id regulasi yang menjadi dasar skala.")
    batas_bawah: Angka | None = Field(
        None, description="Nilai di bawah ini diperlakukan sama dengan batas ini saat dinilai."
    )
    batas_atas: Angka | None = Field(
        None, description="Nilai di atas ini dipotong ke batas ini saat dinilai (mis. 100)."
    )
    pita: list[Pita] = Field(min_length=2, description="Pita dari yang tertinggi ke terendah.")


class Rpjmd(StrictModel):
    """The region's medium-term plan: its period, vision and missions."""

    nama: str = Field("RPJMD", description="Nama dokumen: RPJMD atau RPD.")
    periode: Periode
    visi: str | None = Field(None, description="Visi kepala daerah; RPD tidak memilikinya.")
    misi: list[str] = Field(default_factory=list)
    tujuan: list[str] = Field(default_factory=list, description="Tujuan daerah yang diacu.")
    isu_strategis: list[str] = Field(default_factory=list, description="Isu strategis daerah.")


class Aturan(StrictModel):
    """Computation rules that kabupaten choose differently. Documented in docs/rumus.md."""

    skala_capaian: Slug = Field("capaian", description="id skala untuk kategori capaian.")
    rumus_negatif: Literal["selisih", "rasio"] = Field(
        "selisih",
        description="Polaritas negatif: 'selisih' = (2×T−R)/T×100, 'rasio' = T/R×100.",
    )
    metode_efisiensi: Literal["rasio", "selisih"] = Field(
        "rasio",
        description="'rasio' = (1 − serapan/capaian)×100; 'selisih' = capaian − serapan.",
    )
    desimal: int = Field(
        2,
        ge=0,
        le=4,
        description="Desimal persen yang dicetak dan dinilai, dan desimal nilai indikator yang "
        "tidak menyatakan `desimal` sendiri.",
    )
    rentang_wajar: dict[str, RentangWajar] = Field(
        default_factory=dict,
        description="Rentang nilai wajar per satuan indikator (huruf besar/kecil tidak "
        "dibedakan), untuk indikator yang tidak mengisi rentang_wajar sendiri, mis. "
        "`{Angka: [0, 100], Dokumen: [0, 50]}`. Tanpa isian pun, satuan Persen, % dan Indeks "
        "berentang 0–100; isian di sini menggantikannya.",
    )


# The licence of the published data unless kabupaten.yaml says otherwise.
LICENCE = "CC BY 4.0: boleh disalin, diolah dan disebarkan ulang dengan menyebut sumbernya."


class Pengaduan(StrictModel):
    """The kabupaten's own public complaint channel, linked from every page footer."""

    nama: str = Field(
        max_length=200, description="Nama kanal yang dicetak, mis. 'Lapor Bupati Rembang'."
    )
    alamat: HttpsUrl = Field(description="Alamat web kanal pengaduan, diawali https://.")


class Situs(StrictModel):
    """What the footer of every published page says besides the kecamatan's contact."""

    pengaduan: Pengaduan | None = Field(
        None,
        description=(
            "Kanal pengaduan masyarakat milik kabupaten. Bila kosong, kaki halaman menautkan "
            "SP4N-LAPOR! (https://www.lapor.go.id), kanal pengaduan pelayanan publik nasional."
        ),
    )
    alamat_portal: HttpsUrl | None = Field(
        None,
        description=(
            "Alamat web portal LKjIP kabupaten, diawali https://. Dipakai paket situs mandiri "
            "('lkjip paket') untuk menautkan kembali ke portal; bila kosong, tautan itu tidak "
            "dicetak di paket. Situs yang dibangun di dalam portal selalu menautkan portalnya."
        ),
    )
    lisensi: str = Field(
        LICENCE,
        max_length=300,
        description="Lisensi data yang diterbitkan, dicetak di kaki halaman dan di halaman Data Terbuka.",
    )


class KabupatenFile(StrictModel):
    """Contents of ``kabupaten.yaml``."""

    nama: str = Field(description="Nama tanpa awalan, mis. 'Rembang'.")
    jenis: Literal["kabupaten", "kota"] = "kabupaten"
    provinsi: str
    kepala_daerah: Pejabat
    rpjmd: Rpjmd
    logo: str | None = Field(
        None,
        description="Berkas logo PNG atau JPEG (bukan SVG), relatif terhadap folder kabupaten.",
    )
    regulasi: list[Regulasi] = Field(default_factory=list)
    skala: dict[Slug, Skala] = Field(description="Skala kategori menurut id.")
    aturan: Aturan = Field(default_factory=Aturan)
    situs: Situs = Field(
        default_factory=Situs,
        description="Kaki halaman situs: kanal pengaduan, alamat portal dan lisensi data.",
    )
