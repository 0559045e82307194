"""Files of one report year: ``laporan.yaml``, ``pk.yaml``, ``program.yaml``,
``kinerja.yaml`` and ``evaluasi.yaml``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from generator.schema.base import (
    DESIMAL_DOC,
    RENTANG_WAJAR_DOC,
    Angka,
    Jumlah,
    Nilai,
    Pejabat,
    Polaritas,
    RentangWajar,
    Rupiah,
    Sifat,
    Slug,
    StrictModel,
    Target,
)
from generator.schema.hitungan import MAKS_TABEL, TabelHitungan

# --- laporan.yaml -----------------------------------------------------------------


class BarisPegawai(StrictModel):
    """One row of a staff table: a unit or group and its counts per column."""

    uraian: str
    jumlah: list[Jumlah]


class TabelPegawai(StrictModel):
    """A staff count table (by golongan, education, echelon, status, …)."""

    dimensi: Literal["golongan", "pendidikan", "eselon", "status", "jenis_kelamin", "jabatan"]
    judul: str
    kolom: list[str] = Field(min_length=1)
    baris: list[BarisPegawai] = Field(min_length=1)


class Pegawai(StrictModel):
    """Staff counts as of a date."""

    per_tanggal: dt.date
    tabel: list[TabelPegawai] = Field(min_length=1)


class Aset(StrictModel):
    """One asset line (a kind of item, possibly several units)."""

    nama: str
    merk: str | None = None
    tahun: int | None = Field(None, ge=1900, le=2100, description="Tahun perolehan.")
    jumlah: Jumlah
    satuan: str = "Unit"
    kondisi: Literal["B", "RR", "RB"] | None = Field(
        None, description="B = baik, RR = rusak ringan, RB = rusak berat."
    )
    kode: str | None = Field(None, description="Kode barang, bila ada.")
    nilai: Angka | None = Field(None, description="Nilai perolehan dalam Rupiah (boleh sen).")


class PihakLintasSektor(StrictModel):
    """A partner in a cross-sector activity and what it contributes."""

    nama: str
    kontribusi: str


class LintasSektor(StrictModel):
    """A cross-sector activity (kerja sama lintas sektor)."""

    kegiatan: str
    pihak: list[PihakLintasSektor] = Field(min_length=1)
    manfaat: list[str] = Field(default_factory=list)


class Prestasi(StrictModel):
    """An award or achievement."""

    judul: str
    tingkat: str | None = Field(None, description="Kabupaten, provinsi, nasional, …")
    pemberi: str | None = None
    tanggal: dt.date | None = None


class Inovasi(StrictModel):
    """A service innovation."""

    nama: str
    uraian: str
    tahun_mulai: int | None = Field(None, ge=2000, le=2100)


class Lampiran(StrictModel):
    """An attached document kept as a PDF file in the year folder."""

    judul: str
    berkas: str = Field(
        description="Path relatif terhadap folder tahun, di dalam lampiran/, mis. "
        "'lampiran/lhe.pdf'; isinya harus PDF."
    )


class BarisRkt(StrictModel):
    """One row of the annual performance plan (RKT)."""

    indikator: Slug = Field(
        description="id satu indikator (renstra.yaml atau indikator program.yaml)."
    )
    target: Target


class Koreksi(StrictModel):
    """Satu angka yang tercetak keliru di dokumen bertanda tangan dan dikoreksi oleh hasil
    hitung. Nilai koreksinya tidak diketik: itu nilai yang dihitung dari data."""

    indikator: Slug | None = Field(
        None, description="id indikator (renstra.yaml atau indikator program) yang dikoreksi."
    )
    kode: str | None = Field(
        None, description="Kode program/kegiatan/sub kegiatan pada program.yaml yang dikoreksi."
    )
    kolom: Literal["realisasi", "capaian", "kategori", "pagu", "serapan"] = Field(
        description="Sel yang dikoreksi: 'realisasi', 'capaian' atau 'kategori' untuk "
        "indikator; 'pagu', 'realisasi' atau 'serapan' untuk kode anggaran."
    )
    tercetak: str = Field(description="Nilai seperti tercetak di dokumen, mis. '100 %'.")
    alasan: str = Field(description="Alasan singkat, mis. 'salah hitung: 1 ÷ 6'.")

    @model_validator(mode="after")
    def _satu_rujukan(self) -> Koreksi:
        if (self.indikator is None) == (self.kode is None):
            raise ValueError("isi tepat satu dari 'indikator' atau 'kode'")
        allowed = (
            ("pagu", "realisasi", "serapan") if self.kode else ("realisasi", "capaian", "kategori")
        )
        if self.kolom not in allowed:
            raise ValueError(f"kolom '{self.kolom}' tidak ada; pilih {', '.join(allowed)}")
        return self


class LaporanFile(StrictModel):
    """Contents of ``laporan.yaml``: the report itself and year-specific facts."""

    tahun: int = Field(
        ge=2000, le=2100, description="Tahun laporan; harus sama dengan nama folder."
    )
    status: Literal["draf", "final"] = Field("draf", description="'draf' atau 'final'.")
    tempat: str = Field(description="Tempat penandatanganan, mis. 'Rembang'.")
    tanggal: dt.date = Field(description="Tanggal penandatanganan (YYYY-MM-DD).")
    penandatangan: Pejabat
    dasar_hukum: list[Slug] = Field(default_factory=list, description="id regulasi.")
    pegawai: Pegawai | None = None
    aset: list[Aset] = Field(default_factory=list)
    tabel_hitungan: list[TabelHitungan] = Field(
        default_factory=list,
        max_length=MAKS_TABEL,
        description="Tabel hitungan (mis. sekolah menurut jenis, sarana, layanan): baris "
        "berisi angka, jumlahnya dihitung, tidak diketik. Dicetak di BAB I (Sumber Daya).",
    )
    rkt: list[BarisRkt] = Field(default_factory=list)
    tantangan: list[str] = Field(default_factory=list)
    upaya: list[str] = Field(default_factory=list)
    lintas_sektor: list[LintasSektor] = Field(default_factory=list)
    prestasi: list[Prestasi] = Field(default_factory=list)
    inovasi: list[Inovasi] = Field(default_factory=list)
    kesimpulan: list[str] = Field(default_factory=list)
    kendala: list[str] = Field(default_factory=list)
    rekomendasi: list[str] = Field(default_factory=list)
    lampiran: list[Lampiran] = Field(default_factory=list)
    koreksi: list[Koreksi] = Field(
        default_factory=list,
        description="Angka tercetak keliru di dokumen bertanda tangan yang dikoreksi hasil hitung.",
    )


# --- pk.yaml ----------------------------------------------------------------------


class TargetPk(StrictModel):
    """An indicator target agreed in the PK."""

    indikator: Slug = Field(
        description="id satu indikator (renstra.yaml atau indikator program.yaml)."
    )
    target: Target
    triwulan: list[Target] | None = Field(
        None, min_length=4, max_length=4, description="Target kumulatif TW I–IV, bila ada."
    )


class AnggaranPk(StrictModel):
    """A program's budget in the PK."""

    program: str = Field(description="Kode program pada program.yaml.")
    jumlah: Rupiah
    sumber: str = "APBD"


class PerjanjianKinerja(StrictModel):
    """A performance agreement (PK) or its amendment (PK Perubahan)."""

    jenis: Literal["awal", "perubahan"] = Field(
        description="'awal' untuk PK awal tahun, 'perubahan' untuk PK Perubahan; target dan "
        "anggaran PK Perubahan yang berlaku bila ada."
    )
    tempat: str
    tanggal: dt.date
    pihak_pertama: Pejabat = Field(description="Yang berjanji: camat.")
    pihak_kedua: Pejabat = Field(description="Atasan: bupati/wali kota.")
    sasaran: list[TargetPk] = Field(min_length=1)
    anggaran: list[AnggaranPk] = Field(default_factory=list)


class PkFile(StrictModel):
    """Contents of ``pk.yaml``."""

    perjanjian: list[PerjanjianKinerja] = Field(
        min_length=1,
        max_length=2,
        description="Satu PK awal, satu PK Perubahan, atau keduanya (PK Perubahan tidak boleh "
        "bertanggal sebelum PK awal). PK Perubahan saja juga sah, untuk laporan yang hanya "
        "melampirkan PK yang sudah diubah; situs, PDF dan Word pun hanya memuat PK Perubahan, tanpa "
        "menyebut PK awal, mis. `perjanjian: [{jenis: perubahan, tempat: Kragan, tanggal: "
        "2024-11-25, …}]`.",
    )


# --- kinerja.yaml and indicators of program.yaml ----------------------------------


class Analisis(StrictModel):
    """Why an indicator succeeded or failed, and what was done about it."""

    keberhasilan: str | None = Field(None, description="Penyebab keberhasilan/kegagalan.")
    solusi: str | None = None


class Riwayat(StrictModel):
    """Target and realisasi of an earlier year."""

    tahun: int = Field(
        ge=2000,
        le=2100,
        description="Tahun sebelumnya: harus sebelum tahun laporan; tiap tahun sekali saja.",
    )
    target: Target = None
    realisasi: Nilai = None


class Pembanding(StrictModel):
    """A benchmark for an indicator: national, provincial, kabupaten or a neighbour."""

    jenis: Literal["nasional", "provinsi", "kabupaten", "daerah_sekitar"]
    nama: str = Field(description="Nama pembanding, mis. 'Kecamatan Sulang'.")
    nilai: Angka
    sumber: str | None = None


class Capaian(StrictModel):
    """Fields shared by every measured indicator: realisasi and its context."""

    realisasi: Nilai = Field(None, description="Realisasi tahun ini; null bila N/A.")
    tahun_data: int | None = Field(
        None,
        ge=2000,
        le=2100,
        description="Tahun yang diukur bila berbeda dari tahun laporan (mis. nilai SAKIP tahun lalu).",
    )
    realisasi_triwulan: list[Nilai] | None = Field(
        None, min_length=4, max_length=4, description="Realisasi TW I–IV, bila ada."
    )
    sumber_data: str | None = None
    analisis: Analisis | None = None
    pembanding: list[Pembanding] = Field(default_factory=list)
    riwayat: list[Riwayat] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_both(self) -> Capaian:
        if self.realisasi is not None and self.realisasi_triwulan is not None:
            raise ValueError("isi realisasi atau realisasi_triwulan, jangan keduanya")
        return self


class KinerjaSasaran(Capaian):
    """The year's results for one Renstra (tujuan/sasaran) indicator."""

    indikator: Slug = Field(description="id indikator pada renstra.yaml.")


class NilaiDasar(StrictModel):
    """A named input value that formulas may use (e.g. one IKM survey element)."""

    nilai: Angka
    keterangan: str | None = None


class KinerjaFile(StrictModel):
    """Contents of ``kinerja.yaml``: results of the Renstra indicators."""

    indikator: list[KinerjaSasaran] = Field(default_factory=list)
    nilai_dasar: dict[Slug, NilaiDasar] = Field(default_factory=dict)


class IndikatorProgram(Capaian):
    """An indicator of a program, kegiatan or sub-kegiatan, with its target and realisasi."""

    id: Slug | None = Field(None, description="Kode unik bila indikator ini dirujuk.")
    nama: str
    satuan: str
    polaritas: Polaritas = "positif"
    sifat: Sifat = "nilai_akhir"
    target: Target
    rumus_teks: str | None = None
    desimal: int | None = Field(None, ge=0, le=4, description=DESIMAL_DOC)
    rentang_wajar: RentangWajar | None = Field(None, description=RENTANG_WAJAR_DOC)


# --- program.yaml -----------------------------------------------------------------


class Pagu(StrictModel):
    """The budget ceiling at each stage of the year; the last stage given is in force."""

    induk: Rupiah | None = None
    pergeseran: Rupiah | None = None
    perubahan: Rupiah | None = None

    @model_validator(mode="after")
    def _some_stage(self) -> Pagu:
        if self.induk is None and self.pergeseran is None and self.perubahan is None:
            raise ValueError("isi minimal satu tahap pagu: induk, pergeseran atau perubahan")
        return self

    def tahap(self) -> tuple[int, int, int]:
        """Induk, pergeseran, perubahan, carried forward: a stage not given keeps the one
        before it; no induk is 0 (the sub-kegiatan did not exist yet). The last is in force.

        Here, not in ``compute.anggaran``, because validation sums it too (the PK's budget
        per program), before anything is computed."""
        induk = self.induk or 0
        pergeseran = self.pergeseran if self.pergeseran is not None else induk
        perubahan = self.perubahan if self.perubahan is not None else pergeseran
        return induk, pergeseran, perubahan


class Anggaran(StrictModel):
    """Budget of one sub-kegiatan."""

    pagu: Pagu
    realisasi: Rupiah


class _Unit(StrictModel):
    kode: str = Field(description="Kode nomenklatur, unik di dalam tahun ini.")
    nama: str
    unit: Slug | None = Field(None, description="id unit organisasi penanggung jawab.")
    indikator: list[IndikatorProgram] = Field(default_factory=list)
    tanpa_anggaran: bool = Field(False, description="Berindikator tetapi tidak dianggarkan.")


class SubKegiatan(_Unit):
    """A sub-kegiatan: the only level where budget is entered."""

    anggaran: Anggaran | None = None


class Kegiatan(_Unit):
    """A kegiatan and its sub-kegiatan."""

    sub_kegiatan: list[SubKegiatan] = Field(default_factory=list)


class Program(_Unit):
    """A program, the Renstra indicators it supports, and its kegiatan."""

    mendukung: list[Slug] = Field(
        default_factory=list, description="id indikator renstra yang didukung program ini."
    )
    kegiatan: list[Kegiatan] = Field(default_factory=list)


class ProgramFile(StrictModel):
    """Contents of ``program.yaml``."""

    sumber: str | None = Field(None, description="Dokumen sumber, mis. 'DPA Kecamatan 2024'.")
    program: list[Program] = Field(min_length=1)


# --- evaluasi.yaml ----------------------------------------------------------------


class KomponenSakip(StrictModel):
    """One component of the SAKIP evaluation score."""

    nama: str
    bobot: Angka
    nilai: Angka = Field(description="Nilai hasil penjaminan kualitas evaluator.")
    nilai_mandiri: Angka | None = Field(None, description="Nilai penilaian mandiri, bila ada.")
    nilai_tahun_lalu: Angka | None = None


class EvaluasiSakip(StrictModel):
    """The SAKIP evaluation (LHE) of an earlier year by the Inspektorat."""

    tahun_dievaluasi: int = Field(ge=2000, le=2100)
    nomor: str | None = None
    tanggal: dt.date | None = None
    evaluator: str = "Inspektorat Daerah"
    skala: Slug = Field("sakip", description="id skala predikat SAKIP.")
    komponen: list[KomponenSakip] = Field(min_length=1)
    nilai_tercetak: Angka | None = Field(
        None, description="Nilai total seperti tercetak di LHE, untuk dibandingkan."
    )
    indikator: Slug | None = Field(
        None,
        description="id indikator yang realisasinya adalah nilai SAKIP ini (jumlah komponen); "
        "realisasi yang diketik berbeda dari jumlah itu diperingatkan.",
    )
    catatan: list[str] = Field(default_factory=list)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class TindakLanjut(StrictModel):
    """One row of the follow-up matrix of the last evaluation's recommendations."""

    komponen: str | None = None
    rekomendasi: str
    rencana_aksi: str
    output: str | None = None
    status: Literal["tuntas", "proses", "belum"] = Field(
        description="'tuntas', 'proses' atau 'belum' ditindaklanjuti."
    )
    bukti: Annotated[
        list[str],
        BeforeValidator(_as_list),
        WithJsonSchema(
            {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        ),
    ] = Field(default_factory=list, description="Tautan bukti dukung (satu atau daftar).")


class EvaluasiFile(StrictModel):
    """Contents of ``evaluasi.yaml``."""

    sakip: EvaluasiSakip | None = None
    tindak_lanjut: list[TindakLanjut] = Field(default_factory=list)
