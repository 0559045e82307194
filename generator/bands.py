"""The bands of a category scale: what each band contains, and whether together they tile
the number line.

Below ``compute`` in the pipeline (see ``generator.STAGES``): validation checks every scale
with ``scale_problems`` before anything is graded, and ``compute.scale`` grades with
``contains``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.schema.kabupaten import Pita, Skala


@dataclass(frozen=True)
class _Bound:
    value: Decimal | None  # None = unbounded
    inclusive: bool


def _lower(band: Pita) -> _Bound:
    if band.di_atas is not None:
        return _Bound(band.di_atas, False)
    return _Bound(band.mulai, band.mulai is not None)


def _upper(band: Pita) -> _Bound:
    if band.di_bawah is not None:
        return _Bound(band.di_bawah, False)
    return _Bound(band.sampai, band.sampai is not None)


def scale_problems(skala: Skala) -> list[tuple[int, str]]:
    """List (band index, message) for bands that are empty, out of order, overlap or leave gaps."""
    problems: list[tuple[int, str]] = []
    bands = skala.pita
    for i, band in enumerate(bands):
        low, high = _lower(band), _upper(band)
        if low.value is not None and high.value is not None and low.value >= high.value:
            problems.append(
                (i, f"batas bawah ({low.value}) tidak lebih kecil dari batas atas ({high.value})")
            )
        if high.value is None and i > 0:
            problems.append((i, "hanya pita pertama (tertinggi) yang boleh tanpa batas atas"))
        if low.value is None and i < len(bands) - 1:
            problems.append((i, "hanya pita terakhir (terendah) yang boleh tanpa batas bawah"))
    for i in range(len(bands) - 1):
        message = _junction_problem(bands[i], bands[i + 1])
        if message:
            problems.append((i + 1, message))
    return problems


def _junction_problem(higher: Pita, lower: Pita) -> str | None:
    top, bottom = _lower(higher), _upper(lower)
    if top.value is None or bottom.value is None:
        return None
    if bottom.value > top.value or (
        bottom.value == top.value and top.inclusive and bottom.inclusive
    ):
        return f"tumpang tindih dengan pita '{higher.label}' di sekitar {top.value}"
    if bottom.value < top.value or not (top.inclusive or bottom.inclusive):
        return f"ada celah antara pita ini dan pita '{higher.label}' di sekitar {bottom.value}"
    return None


def contains(band: Pita, value: Decimal) -> bool:
    """Whether ``value`` lies in ``band``, each bound inclusive or not as declared."""
    low, high = _lower(band), _upper(band)
    if low.value is not None and (value < low.value or (value == low.value and not low.inclusive)):
        return False
    return not (
        high.value is not None
        and (value > high.value or (value == high.value and not high.inclusive))
    )
