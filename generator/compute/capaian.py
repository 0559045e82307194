"""Achievement (capaian) rules. Every rule here is also written down in docs/rumus.md.

* Positive polarity (higher is better): capaian = R / T × 100.
* Negative polarity (lower is better), chosen per kabupaten:
  'selisih': (2T − R) / T × 100, or 'rasio': T / R × 100.
* Range target [a, b]: R inside the range → 100; outside, the nearer bound is the target.
* Target zero: R = 0 → 100; otherwise not computable for positive polarity, 0 for negative.
* Missing target or realisasi ("N/A"): not computable; the reason is kept for display.
* Quarterly realisasi: 'kumulatif' indicators add the quarters, 'nilai_akhir' ones take
  the last quarter reported.
* Grading uses the value rounded half-up to the kabupaten's decimals, then the scale's
  limits (e.g. capped at 100), so the printed number and its category always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from generator.schema.base import Rentang

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Hasil:
    """A computed percentage, or the reason it cannot be computed."""

    nilai: Decimal | None
    alasan: str | None = None

    @classmethod
    def of(cls, value: Decimal) -> Hasil:
        return cls(value, None)


def capaian(
    target: Decimal | Rentang | None,
    realisasi: Decimal | None,
    polaritas: Literal["positif", "negatif"] = "positif",
    rumus_negatif: Literal["selisih", "rasio"] = "selisih",
) -> Hasil:
    """Compute capaian % of ``realisasi`` against ``target`` by the rules above."""
    if target is None:
        return Hasil(None, "target tidak tersedia")
    if realisasi is None:
        return Hasil(None, "realisasi tidak tersedia")
    if isinstance(target, Rentang):
        if target.min <= realisasi <= target.maks:
            return Hasil.of(HUNDRED)
        nearer = target.min if realisasi < target.min else target.maks
        return capaian(nearer, realisasi, polaritas, rumus_negatif)
    if target == 0:
        return _zero_target(realisasi, polaritas)
    if polaritas == "positif":
        return Hasil.of(realisasi / target * HUNDRED)
    if rumus_negatif == "selisih":
        return Hasil.of((2 * target - realisasi) / target * HUNDRED)
    if realisasi == 0:
        return Hasil(None, "realisasi nol pada rumus rasio")
    return Hasil.of(target / realisasi * HUNDRED)


def _zero_target(realisasi: Decimal, polaritas: str) -> Hasil:
    if realisasi == 0:
        return Hasil.of(HUNDRED)
    if polaritas == "negatif":
        return Hasil.of(Decimal(0))
    return Hasil(None, "target nol")


def realisasi_tahunan(
    triwulan: Sequence[Decimal | None], sifat: Literal["nilai_akhir", "kumulatif"]
) -> Decimal | None:
    """The year's realisasi from quarterly values."""
    reported = [value for value in triwulan if value is not None]
    if not reported:
        return None
    if sifat == "kumulatif":
        return sum(reported, Decimal(0))
    return reported[-1]


def rata_rata(values: Sequence[Decimal | None]) -> Decimal | None:
    """Mean of the values that exist; None when none does."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, Decimal(0)) / len(present)


def status_target(persen: Decimal | None) -> str | None:
    """Classify a capaian: above, on, or below target."""
    if persen is None:
        return None
    if persen > HUNDRED:
        return "melampaui target"
    if persen == HUNDRED:
        return "mencapai target"
    return "belum mencapai target"
