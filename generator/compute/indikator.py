"""Results of one indicator: target, realisasi, capaian, kategori, history and benchmarks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from generator.compute.capaian import (
    Hasil,
    capaian,
    realisasi_tahunan,
    status_target,
)
from generator.compute.desimal import bulatkan, bulatkan_target
from generator.compute.scale import Kategori, classify
from generator.numbers import round_half_up
from generator.schema.base import Polaritas, Rentang, Sifat
from generator.schema.kabupaten import KabupatenFile
from generator.schema.tahun import Analisis, Capaian, Pembanding, Riwayat

Target = Decimal | Rentang | None


@dataclass(frozen=True)
class Tahunan:
    """Target, realisasi and capaian of one year."""

    tahun: int
    target: Target
    realisasi: Decimal | None
    capaian: Hasil


@dataclass(frozen=True)
class Banding:
    """Realisasi compared with one benchmark."""

    jenis: str
    nama: str
    nilai: Decimal
    sumber: str | None
    rasio: Hasil
    selisih: Decimal | None


@dataclass(frozen=True)
class Ukur:
    """Everything computed about one indicator for the report year."""

    id: str | None
    nama: str
    satuan: str
    polaritas: Polaritas
    sifat: Sifat
    desimal: int
    target: Target
    realisasi: Decimal | None
    capaian: Hasil
    kategori: Kategori | None
    status: str | None
    mutu: Kategori | None
    riwayat: tuple[Tahunan, ...]
    pembanding: tuple[Banding, ...]
    analisis: Analisis | None
    sumber_data: str | None
    rumus_teks: str | None
    perubahan: Decimal | None  # realisasi minus last year's realisasi


@dataclass(frozen=True)
class Spesifikasi:
    """What an indicator is, independent of where it is declared. ``desimal`` is the one
    in force: the indicator's own, else the kabupaten's (compute/desimal.py)."""

    id: str | None
    nama: str
    satuan: str
    polaritas: Polaritas
    sifat: Sifat
    desimal: int
    skala: str | None
    rumus_teks: str | None


def realisasi_of(hasil: Capaian, sifat: Sifat) -> Decimal | None:
    """The year's realisasi: entered directly or derived from quarters."""
    if hasil.realisasi_triwulan is not None:
        return realisasi_tahunan(hasil.realisasi_triwulan, sifat)
    return hasil.realisasi


def grade(kab: KabupatenFile, persen: Decimal | None) -> Kategori | None:
    """Category of a capaian %, graded on its displayed (rounded) value."""
    if persen is None:
        return None
    skala = kab.skala[kab.aturan.skala_capaian]
    return classify(skala, round_half_up(persen, kab.aturan.desimal))


def ukur(
    kab: KabupatenFile,
    spec: Spesifikasi,
    target: Target,
    realisasi: Decimal | None,
    hasil: Capaian | None,
    past_targets: Mapping[int, Target],
) -> Ukur:
    """Compute an indicator's results for the year, from its values as reported: each
    rounded to ``spec.desimal`` first (a no-op for values already rounded upstream)."""
    rumus = kab.aturan.rumus_negatif
    target = bulatkan_target(target, spec.desimal)
    realisasi = bulatkan(realisasi, spec.desimal)
    persen = capaian(target, realisasi, spec.polaritas, rumus)
    riwayat = _history(kab, spec, hasil.riwayat if hasil else [], past_targets)
    mutu = None
    if spec.skala is not None and realisasi is not None:
        mutu = classify(kab.skala[spec.skala], realisasi)
    return Ukur(
        id=spec.id,
        nama=spec.nama,
        satuan=spec.satuan,
        polaritas=spec.polaritas,
        sifat=spec.sifat,
        desimal=spec.desimal,
        target=target,
        realisasi=realisasi,
        capaian=persen,
        kategori=grade(kab, persen.nilai),
        status=status_target(persen.nilai),
        mutu=mutu,
        riwayat=riwayat,
        pembanding=tuple(
            _benchmark(kab, spec, b, realisasi) for b in (hasil.pembanding if hasil else [])
        ),
        analisis=hasil.analisis if hasil else None,
        sumber_data=hasil.sumber_data if hasil else None,
        rumus_teks=spec.rumus_teks,
        perubahan=_change(realisasi, riwayat),
    )


def _change(realisasi: Decimal | None, riwayat: tuple[Tahunan, ...]) -> Decimal | None:
    known = [h.realisasi for h in riwayat if h.realisasi is not None]
    if realisasi is None or not known:
        return None
    return realisasi - known[-1]


def _history(
    kab: KabupatenFile,
    spec: Spesifikasi,
    riwayat: list[Riwayat],
    past_targets: Mapping[int, Target],
) -> tuple[Tahunan, ...]:
    rows = []
    for entry in sorted(riwayat, key=lambda r: r.tahun):
        target = entry.target if entry.target is not None else past_targets.get(entry.tahun)
        target = bulatkan_target(target, spec.desimal)
        real = bulatkan(entry.realisasi, spec.desimal)
        persen = capaian(target, real, spec.polaritas, kab.aturan.rumus_negatif)
        rows.append(Tahunan(entry.tahun, target, real, persen))
    return tuple(rows)


def _benchmark(
    kab: KabupatenFile, spec: Spesifikasi, pembanding: Pembanding, realisasi: Decimal | None
) -> Banding:
    nilai = bulatkan(pembanding.nilai, spec.desimal)
    ratio = capaian(nilai, realisasi, spec.polaritas, kab.aturan.rumus_negatif)
    gap = None if realisasi is None else realisasi - nilai
    return Banding(pembanding.jenis, pembanding.nama, nilai, pembanding.sumber, ratio, gap)
