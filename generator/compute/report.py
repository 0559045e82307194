"""Stage 3: derive every number of one report year. Pure: no I/O, ``Decimal`` only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.compute.anggaran import (
    Dana,
    dana_sub,
    efisiensi,
    efisiensi_agregat,
    jumlahkan,
    label_efisiensi,
    perubahan_persen,
)
from generator.compute.capaian import Hasil, capaian, rata_rata
from generator.compute.desimal import bulatkan_target, desimal_indikator
from generator.compute.hitungan import Hitungan, hitung_semua
from generator.compute.indikator import Spesifikasi, Target, Ukur, grade, realisasi_of, ukur
from generator.compute.pelengkap import Pegawai, Sakip, hitung_pegawai, hitung_sakip
from generator.compute.scale import Kategori
from generator.compute.values import Nilai, hitung_nilai
from generator.errors import Issue
from generator.model import Kabupaten, Kecamatan, Project, ReportYear
from generator.schema.kecamatan import IndikatorRenstra
from generator.schema.tahun import IndikatorProgram, Kegiatan, Program, SubKegiatan


@dataclass(frozen=True)
class Kelompok:
    """A tujuan or sasaran with its indicators' results and their average capaian."""

    jenis: str  # "tujuan" or "sasaran"
    kode: str | None
    teks: str
    indikator: tuple[Ukur, ...]
    rata_rata: Hasil
    kategori: Kategori | None


@dataclass(frozen=True)
class Kemajuan:
    """Progress of a Renstra indicator towards its end-of-period target."""

    indikator: Ukur
    realisasi_sd: Decimal | None
    tahun_akhir: int
    target_akhir: Target
    kemajuan: Hasil


@dataclass(frozen=True)
class Baris:
    """A program, kegiatan or sub-kegiatan row: indicators, budget, efficiency."""

    tingkat: str  # "program", "kegiatan", "sub_kegiatan"
    kode: str
    nama: str
    unit: str | None
    indikator: tuple[Ukur, ...]
    capaian: Hasil
    dana: Dana | None  # None when not budgeted
    efisiensi: Hasil
    label_efisiensi: str | None
    anak: tuple[Baris, ...]


@dataclass(frozen=True)
class EfisiensiSasaran:
    """Performance vs budget for one Renstra indicator and the programs supporting it."""

    indikator: Ukur
    program: tuple[str, ...]
    dana: Dana
    efisiensi: Hasil
    label: str | None


@dataclass(frozen=True)
class HasilLaporan:
    """Every derived number of one kecamatan's report year."""

    tahun: int
    kelompok: tuple[Kelompok, ...]
    indikator_pk: tuple[Ukur, ...]
    rata_rata_capaian: Hasil
    kategori_rata_rata: Kategori | None
    jumlah_kategori: dict[str, int]
    kemajuan: tuple[Kemajuan, ...]
    program: tuple[Baris, ...]
    total: Dana
    anggaran_lalu: int | None
    perubahan_anggaran: Hasil
    efisiensi_sasaran: tuple[EfisiensiSasaran, ...]
    efisiensi_total: Hasil
    label_efisiensi_total: str | None
    sakip: Sakip | None
    pegawai: tuple[Pegawai, ...]
    jumlah_aset: int
    hitungan: tuple[Hitungan, ...]
    jumlah_program: tuple[int, int, int]
    nilai: Nilai


def hitung(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> HasilLaporan:
    """Compute the report year's results."""
    settings = kab.settings
    nilai = hitung_nilai(kec, year, settings.aturan.desimal)
    renstra = {ind.id: ind for ind in _renstra_indicators(kec)}
    results = {i: _renstra_ukur(kab, kec, year, ind, nilai) for i, ind in renstra.items()}
    kelompok = _groups(kab, kec, results)
    pk_ids = _pk_indicator_ids(year)
    headline = tuple(results[i] for i in pk_ids if i in results) or tuple(results.values())
    average = rata_rata([u.capaian.nilai for u in headline])
    program = tuple(_program_row(kab, p) for p in year.program.program)
    total = jumlahkan(row.dana for row in program if row.dana is not None)
    previous = {a.tahun: a.jumlah for a in kec.profil.riwayat_anggaran}.get(year.tahun - 1)
    metode = settings.aturan.metode_efisiensi
    total_eff = _total_efficiency(program, average, total, metode)
    return HasilLaporan(
        tahun=year.tahun,
        kelompok=kelompok,
        indikator_pk=headline,
        rata_rata_capaian=Hasil(average, None if average is not None else "tidak ada capaian"),
        kategori_rata_rata=grade(settings, average),
        jumlah_kategori=_count_categories(headline),
        kemajuan=tuple(
            _progress(kab, kec, year, renstra[u.id], u, nilai) for u in headline if u.id
        ),
        program=program,
        total=total,
        anggaran_lalu=previous,
        perubahan_anggaran=perubahan_persen(previous, total.pagu)
        if previous is not None
        else Hasil(None, "anggaran tahun lalu tidak diisi"),
        efisiensi_sasaran=_goal_efficiency(kab, year, headline, program),
        efisiensi_total=total_eff,
        label_efisiensi_total=label_efisiensi(total_eff.nilai),
        sakip=hitung_sakip(settings, year.evaluasi.sakip) if year.evaluasi.sakip else None,
        pegawai=hitung_pegawai(year.laporan.pegawai),
        jumlah_aset=sum(a.jumlah for a in year.laporan.aset),
        hitungan=hitung_semua(year.laporan.tabel_hitungan),
        jumlah_program=_counts(year),
        nilai=nilai,
    )


def _renstra_indicators(kec: Kecamatan) -> list[IndikatorRenstra]:
    out = []
    for tujuan in kec.renstra.tujuan:
        out += tujuan.indikator
        for sasaran in tujuan.sasaran:
            out += sasaran.indikator
    return out


def _spec(kab: Kabupaten, ind: IndikatorRenstra | IndikatorProgram) -> Spesifikasi:
    skala = ind.skala if isinstance(ind, IndikatorRenstra) else None
    desimal = desimal_indikator(ind.desimal, kab.settings.aturan.desimal)
    return Spesifikasi(
        ind.id, ind.nama, ind.satuan, ind.polaritas, ind.sifat, desimal, skala, ind.rumus_teks
    )


def _renstra_ukur(
    kab: Kabupaten, kec: Kecamatan, year: ReportYear, ind: IndikatorRenstra, nilai: Nilai
) -> Ukur:
    hasil = next((k for k in year.kinerja.indikator if k.indikator == ind.id), None)
    return ukur(
        kab.settings,
        _spec(kab, ind),
        nilai.target.get(ind.id),
        nilai.realisasi.get(ind.id),
        hasil,
        ind.target,
    )


def _groups(kab: Kabupaten, kec: Kecamatan, results: dict[str, Ukur]) -> tuple[Kelompok, ...]:
    groups = []
    for tujuan in kec.renstra.tujuan:
        nodes = [("tujuan", tujuan.kode, tujuan.teks, tujuan.indikator)]
        nodes += [("sasaran", s.kode, s.teks, s.indikator) for s in tujuan.sasaran]
        for jenis, kode, teks, indicators in nodes:
            found = tuple(results[i.id] for i in indicators)
            average = rata_rata([u.capaian.nilai for u in found])
            groups.append(
                Kelompok(
                    jenis, kode, teks, found, Hasil(average, None), grade(kab.settings, average)
                )
            )
    return tuple(groups)


def _pk_indicator_ids(year: ReportYear) -> list[str]:
    ids: list[str] = []
    for pk in year.pk.perjanjian:
        ids += [row.indikator for row in pk.sasaran if row.indikator not in ids]
    return ids


def _progress(
    kab: Kabupaten, kec: Kecamatan, year: ReportYear, ind: IndikatorRenstra, u: Ukur, nilai: Nilai
) -> Kemajuan:
    end = kec.renstra.periode.selesai
    to_date = u.realisasi
    if ind.sifat == "kumulatif" and u.realisasi is not None:
        start = kec.renstra.periode.mulai
        earlier = [
            h.realisasi
            for h in u.riwayat
            if start <= h.tahun < year.tahun and h.realisasi is not None
        ]
        to_date = sum(earlier, u.realisasi)
    target = bulatkan_target(ind.target.get(end), u.desimal)
    hasil = capaian(target, to_date, ind.polaritas, kab.settings.aturan.rumus_negatif)
    return Kemajuan(u, to_date, end, target, hasil)


def _program_row(
    kab: Kabupaten, unit: Program | Kegiatan | SubKegiatan, unbudgeted: bool = False
) -> Baris:
    unbudgeted = unbudgeted or unit.tanpa_anggaran
    indicators = tuple(
        ukur(kab.settings, _spec(kab, i), i.target, realisasi_of(i, i.sifat), i, {})
        for i in unit.indikator
    )
    children: tuple[Baris, ...] = ()
    if isinstance(unit, Program):
        children = tuple(_program_row(kab, k, unbudgeted) for k in unit.kegiatan)
    elif isinstance(unit, Kegiatan):
        children = tuple(_program_row(kab, s, unbudgeted) for s in unit.sub_kegiatan)
    dana = _row_budget(unit, children, unbudgeted)
    persen = rata_rata([u.capaian.nilai for u in indicators])
    serapan = dana.serapan.nilai if dana else None
    eff = (
        efisiensi(persen, serapan, kab.settings.aturan.metode_efisiensi)
        if dana
        else Hasil(None, "tidak dianggarkan")
    )
    tingkat = {Program: "program", Kegiatan: "kegiatan", SubKegiatan: "sub_kegiatan"}[type(unit)]
    return Baris(
        tingkat,
        unit.kode,
        unit.nama,
        unit.unit,
        indicators,
        Hasil(persen, None if persen is not None else "tidak ada capaian"),
        dana,
        eff,
        label_efisiensi(eff.nilai),
        children,
    )


def _row_budget(
    unit: Program | Kegiatan | SubKegiatan, children: tuple[Baris, ...], unbudgeted: bool
) -> Dana | None:
    if unbudgeted:
        return None
    if isinstance(unit, SubKegiatan):
        return dana_sub(unit.anggaran) if unit.anggaran else None
    budgeted = [c.dana for c in children if c.dana is not None]
    return jumlahkan(budgeted) if budgeted else None


def _subs(rows: tuple[Baris, ...]) -> list[Baris]:
    out = []
    for row in rows:
        out += [row] if row.tingkat == "sub_kegiatan" else _subs(row.anak)
    return out


def _total_efficiency(
    program: tuple[Baris, ...], average: Decimal | None, total: Dana, metode: str
) -> Hasil:
    if metode == "selisih":
        return efisiensi(average, total.serapan.nilai, "selisih")
    rows = [
        (r.dana, r.capaian.nilai)
        for r in _subs(program)
        if r.dana is not None and r.capaian.nilai is not None
    ]
    return efisiensi_agregat(rows)


def _goal_efficiency(
    kab: Kabupaten, year: ReportYear, headline: tuple[Ukur, ...], program: tuple[Baris, ...]
) -> tuple[EfisiensiSasaran, ...]:
    rows = []
    for u in headline:
        supporting = [
            (p.kode, row.dana)
            for p, row in zip(year.program.program, program, strict=True)
            if u.id in p.mendukung and row.dana is not None
        ]
        if not supporting:
            continue
        dana = jumlahkan(d for _, d in supporting)
        eff = efisiensi(u.capaian.nilai, dana.serapan.nilai, kab.settings.aturan.metode_efisiensi)
        rows.append(
            EfisiensiSasaran(
                u, tuple(k for k, _ in supporting), dana, eff, label_efisiensi(eff.nilai)
            )
        )
    return tuple(rows)


def _count_categories(indicators: tuple[Ukur, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for u in indicators:
        label = u.kategori.label if u.kategori else "Tidak dapat dinilai"
        counts[label] = counts.get(label, 0) + 1
    return counts


def _counts(year: ReportYear) -> tuple[int, int, int]:
    programs = year.program.program
    kegiatan = [k for p in programs for k in p.kegiatan]
    subs = [s for k in kegiatan for s in k.sub_kegiatan]
    return len(programs), len(kegiatan), len(subs)


def kunci(kab: Kabupaten, kec: Kecamatan) -> str:
    """How results, sites and downloads name a kecamatan: "kab/kec"."""
    return f"{kab.slug}/{kec.slug}"


@dataclass(frozen=True)
class Terhitung:
    """A validated project with each of its report years computed once.

    Validation computes every year to find what only the results can show (see
    :mod:`generator.result_checks`); those results are kept here and handed to every later
    stage, so no year is computed twice in one build."""

    project: Project
    hasil: dict[str, dict[int, HasilLaporan]]  # by kunci(kab, kec), then by report year
    peringatan: tuple[Issue, ...] = ()

    def kecamatan(self, kab: Kabupaten, kec: Kecamatan) -> dict[int, HasilLaporan]:
        """The results of each report year of ``kec``."""
        return self.hasil[kunci(kab, kec)]

    def tahun(self, kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> HasilLaporan:
        """The results of one report year."""
        return self.hasil[kunci(kab, kec)][year.tahun]
