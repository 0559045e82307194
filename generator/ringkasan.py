"""A plain-text summary of computed results, for ``lkjip hitung`` in a terminal."""

from __future__ import annotations

from collections.abc import Iterator

from generator.compute.anggaran import Dana
from generator.compute.capaian import Hasil
from generator.compute.indikator import Target, Ukur
from generator.compute.report import Baris, HasilLaporan
from generator.formatting import angka, angka_alami, persen, rupiah, terbilang_rupiah
from generator.schema.base import Rentang


def ringkasan(judul: str, hasil: HasilLaporan, desimal: int) -> str:
    """Render the headline results of one report year as text."""
    return "\n".join(_lines(judul, hasil, desimal)) + "\n"


def _lines(judul: str, h: HasilLaporan, d: int) -> Iterator[str]:
    yield f"== {judul} — Tahun {h.tahun} =="
    yield ""
    yield "Capaian indikator kinerja (Perjanjian Kinerja):"
    for u in h.indikator_pk:
        yield f"  - {_ukur(u, d)}"
    kategori = h.kategori_rata_rata.label if h.kategori_rata_rata else "-"
    yield f"  Rata-rata capaian: {_pct(h.rata_rata_capaian, d)} ({kategori})"
    if h.kemajuan:
        yield ""
        yield "Kemajuan terhadap target akhir Renstra:"
        for k in h.kemajuan:
            target = _target(k.target_akhir, k.indikator.desimal)
            yield f"  - {k.indikator.nama}: {_pct(k.kemajuan, d)} (target {k.tahun_akhir}: {target})"
    yield ""
    yield "Anggaran:"
    yield from _budget(h.total, d)
    if h.anggaran_lalu is not None:
        yield f"  Anggaran tahun lalu: {rupiah(h.anggaran_lalu)} (perubahan {_pct(h.perubahan_anggaran, d)})"
    eff = h.efisiensi_total
    yield f"  Efisiensi keseluruhan: {persen(eff.nilai, d)} ({h.label_efisiensi_total or eff.alasan})"
    yield ""
    yield "Program, kegiatan dan sub kegiatan:"
    for row in h.program:
        yield from _row(row, d, 1)
    if h.sakip is not None:
        s = h.sakip
        predikat = f"{s.predikat.kode} ({s.predikat.label})" if s.predikat else "-"
        yield ""
        yield f"Nilai SAKIP {s.tahun_dievaluasi}: {angka(s.nilai, 2)}, predikat {predikat}"


def _budget(total: Dana, d: int) -> Iterator[str]:
    yield f"  Pagu: {rupiah(total.pagu)} ({terbilang_rupiah(total.pagu)})"
    yield f"  Realisasi: {rupiah(total.realisasi)} — serapan {_pct(total.serapan, d)}"
    yield f"  Sisa anggaran: {rupiah(total.sisa)}"


def _row(row: Baris, d: int, depth: int) -> Iterator[str]:
    pad = "  " * depth
    budget = ""
    if row.dana is not None:
        budget = f" | pagu {rupiah(row.dana.pagu)}, realisasi {rupiah(row.dana.realisasi)}, serapan {_pct(row.dana.serapan, d)}"
    else:
        budget = " | tidak dianggarkan"
    yield f"{pad}{row.kode} {row.nama}{budget}"
    for u in row.indikator:
        yield f"{pad}  · {_ukur(u, d)}"
    for child in row.anak:
        yield from _row(child, d, depth + 1)


def _ukur(u: Ukur, d: int) -> str:
    kategori = f" — {u.kategori.label}" if u.kategori else ""
    real = angka_alami(u.realisasi, u.desimal) if u.realisasi is not None else "N/A"
    return (
        f"{u.nama}: target {_target(u.target, u.desimal)}, realisasi {real} {u.satuan}, "
        f"capaian {_pct(u.capaian, d)}{kategori}"
    )


def _pct(h: Hasil, d: int) -> str:
    return persen(h.nilai, d) if h.nilai is not None else f"N/A ({h.alasan})"


def _target(t: Target, d: int) -> str:
    if t is None:
        return "N/A"
    if isinstance(t, Rentang):
        return f"{angka_alami(t.min, d)}–{angka_alami(t.maks, d)}"
    return angka_alami(t, d)
