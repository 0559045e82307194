"""Category scales: grading a value into its band (``generator.bands`` checks the bands)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.bands import contains
from generator.schema.kabupaten import Skala


@dataclass(frozen=True)
class Kategori:
    """The band a value falls in."""

    kode: str
    label: str


def clamp(skala: Skala, value: Decimal) -> Decimal:
    """Apply the scale's grading limits (e.g. capaian above 100 counts as 100)."""
    if skala.batas_atas is not None and value > skala.batas_atas:
        return skala.batas_atas
    if skala.batas_bawah is not None and value < skala.batas_bawah:
        return skala.batas_bawah
    return value


def classify(skala: Skala, value: Decimal) -> Kategori | None:
    """Return the band that contains ``value`` after clamping, or None when none does."""
    graded = clamp(skala, value)
    for band in skala.pita:
        if contains(band, graded):
            return Kategori(band.kode, band.label)
    return None
