"""Official rounding of indicator values: a value is computed with as it is reported.

The rule (also in README "Rumus dan aturan perhitungan" and on the Metodologi page):

* Every value of an indicator is rounded half-up to the indicator's declared ``desimal``
  *before* anything uses it: the year's realisasi (typed, from its quarters, or the
  result of its ``rumus``), its target (PK, Renstra or formula), the earlier years'
  targets and realisasi, and its benchmark values.
* So capaian (and the kategori, status and averages built on it), kemajuan, banding,
  perubahan, the raw-value grade (``skala``) and the formulas of other indicators that
  use it are all computed from the printed value. An IKM averaged to 94,216 is reported as 94,22
  (``desimal: 2``) and its capaian against 93,8 is 94,22 ÷ 93,8 × 100 = 100,45 %,
  which a reader can recompute from the page (94,216 would give 100,44 %).
* An indicator that declares no ``desimal`` uses the kabupaten's ``aturan.desimal``
  (2 unless the kabupaten says otherwise).
* ``nilai_dasar`` (the inputs of formulas, e.g. one survey element) are used as entered:
  they are not indicators and declare no decimals.
* Percentages computed from these values (capaian, serapan, efisiensi) keep full
  precision and are rounded to ``aturan.desimal`` when printed and graded
  (generator/compute/capaian.py).

A value with no more decimals than declared is returned unchanged (84 stays 84, not
84.00), so rounding twice is the same as rounding once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import overload

from generator.numbers import round_half_up
from generator.schema.base import Rentang

Value = Decimal | Rentang | None


def desimal_indikator(declared: int | None, bawaan: int) -> int:
    """The decimals an indicator is reported with: its own, else the kabupaten's."""
    return bawaan if declared is None else declared


@overload
def bulatkan(value: Decimal, desimal: int) -> Decimal: ...
@overload
def bulatkan(value: None, desimal: int) -> None: ...
@overload
def bulatkan(value: Decimal | None, desimal: int) -> Decimal | None: ...
def bulatkan(value: Decimal | None, desimal: int) -> Decimal | None:
    """``value`` as reported with ``desimal`` decimals (half-up); None stays None."""
    return None if value is None else _reported(value, desimal)


def bulatkan_target(value: Value, desimal: int) -> Value:
    """A target as reported: a number, or both bounds of a range, rounded."""
    if not isinstance(value, Rentang):
        return bulatkan(value, desimal)
    low, high = _reported(value.min, desimal), _reported(value.maks, desimal)
    if low == value.min and high == value.maks:
        return value
    return Rentang(min=low, maks=high)


def _reported(value: Decimal, desimal: int) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > desimal:
        return round_half_up(value, desimal)
    return value
