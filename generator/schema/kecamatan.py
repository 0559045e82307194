"""``<kabupaten>/<kecamatan>/kecamatan.yaml`` and ``renstra.yaml``: slow-changing data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.schema.base import (
    DESIMAL_DOC,
    RENTANG_WAJAR_DOC,
    Polaritas,
    RentangWajar,
    Rupiah,
    Sifat,
    Slug,
    StrictModel,
    Target,
)
from generator.schema.base import Periode as Periode
from generator.schema.kabupaten import Regulasi


class Unit(StrictModel):
    """One organisation unit with its duties (tugas) and functions (fungsi)."""

    id: Slug
    nama: str = Field(description="Nama jabatan/unit, mis. 'Seksi Pemberdayaan Masyarakat'.")
    jenis: Literal["pimpinan", "sekretariat", "subbagian", "seksi", "kelompok_jabatan", "lainnya"]
    induk: Slug | None = Field(None, description="id unit atasan.")
    tugas: list[str] = Field(default_factory=list)
    fungsi: list[str] = Field(default_factory=list)


class Gambar(StrictModel):
    """An image shipped in the data folder (e.g. the org chart)."""

    berkas: str = Field(
        description="Path relatif terhadap folder kecamatan; isinya harus gambar PNG atau JPEG."
    )
    judul: str
    sumber: str | None = None


class IsuStrategis(StrictModel):
    """A strategic issue, from the RPJMD or specific to the kecamatan."""

    teks: str
    tingkat: Literal["daerah", "kecamatan"] = "kecamatan"
    relevan: bool = True


class Strategi(StrictModel):
    """A Renstra strategy with its policies (arah kebijakan)."""

    teks: str
    kebijakan: list[str] = Field(default_factory=list)


class AnggaranTahunan(StrictModel):
    """A kecamatan's total budget for one earlier year (for the year-on-year comparison)."""

    tahun: int = Field(
        ge=2000,
        le=2100,
        description="Tahun anggaran; tiap tahun sekali saja. Bila tahun itu punya folder "
        "tahun sendiri, totalnya dihitung dari program.yaml di sana dan angka ini tidak dipakai.",
    )
    sumber: str = "APBD"
    tahap: Literal["induk", "pergeseran", "perubahan"] = "perubahan"
    jumlah: Rupiah


class KecamatanFile(StrictModel):
    """Contents of ``kecamatan.yaml``: identity, organisation and plans."""

    nama: str = Field(description="Nama tanpa awalan, mis. 'Sumber'.")
    alamat: str | None = None
    kode_pos: str | None = None
    telepon: str | None = None
    email: list[str] = Field(default_factory=list)
    situs: str | None = None
    jumlah_desa: int | None = Field(None, ge=0, le=10_000)
    jumlah_kelurahan: int | None = Field(None, ge=0, le=10_000)
    regulasi: list[Regulasi] = Field(
        default_factory=list, description="Regulasi khusus kecamatan (mis. SK Camat)."
    )
    dasar_hukum_organisasi: list[Slug] = Field(
        default_factory=list, description="id regulasi tentang organisasi kecamatan."
    )
    organisasi: list[Unit] = Field(default_factory=list)
    bagan_organisasi: Gambar | None = None
    prioritas: list[str] = Field(default_factory=list, description="Prioritas kecamatan.")
    misi: list[str] = Field(default_factory=list, description="Misi/program kecamatan.")
    isu_strategis: list[IsuStrategis] = Field(default_factory=list)
    strategi: list[Strategi] = Field(default_factory=list)
    riwayat_anggaran: list[AnggaranTahunan] = Field(default_factory=list)


class IndikatorRenstra(StrictModel):
    """A tujuan/sasaran indicator with its IKU definition and a target per year."""

    id: Slug = Field(description="Kode unik, dipakai untuk merujuk indikator ini.")
    nama: str
    satuan: str = Field(description="Satuan, mis. 'Angka', 'Persen', 'Indeks'.")
    polaritas: Polaritas = "positif"
    sifat: Sifat = Field("nilai_akhir", description="'kumulatif' bila realisasi dijumlahkan.")
    iku: bool = Field(False, description="Termasuk Indikator Kinerja Utama.")
    definisi: str | None = None
    rumus_teks: str | None = Field(None, description="Rumus perhitungan seperti dicetak.")
    rumus: str | None = Field(
        None, description="Rumus yang dihitung, atas indikator lain atau nilai_dasar."
    )
    sumber_data: str | None = None
    skala: Slug | None = Field(None, description="id skala untuk menilai nilai mentahnya.")
    desimal: int | None = Field(None, ge=0, le=4, description=DESIMAL_DOC)
    target: dict[int, Target] = Field(default_factory=dict, description="Target per tahun.")
    rentang_wajar: RentangWajar | None = Field(None, description=RENTANG_WAJAR_DOC)


class Sasaran(StrictModel):
    """A strategic objective (sasaran) and its indicators."""

    kode: str | None = None
    teks: str
    indikator: list[IndikatorRenstra] = Field(default_factory=list)


class Tujuan(StrictModel):
    """A goal (tujuan), its own indicators and its sasaran."""

    kode: str | None = None
    teks: str
    indikator: list[IndikatorRenstra] = Field(default_factory=list)
    sasaran: list[Sasaran] = Field(default_factory=list)


class RenstraFile(StrictModel):
    """Contents of ``renstra.yaml``: the strategic plan's tree and targets."""

    nama: str = Field("Renstra", description="Nama dokumen, mis. 'Perubahan Renstra'.")
    periode: Periode
    tujuan: list[Tujuan] = Field(min_length=1)
