"""One test per capaian rule, with the edge cases the reference reports get wrong."""

from decimal import Decimal as D

import pytest

from generator.compute.capaian import (
    capaian,
    rata_rata,
    realisasi_tahunan,
    status_target,
)
from generator.numbers import round_half_up
from generator.schema.base import Rentang


def pct(target: object, realisasi: object, **kw: object) -> D | None:
    return capaian(target, realisasi, **kw).nilai  # type: ignore[arg-type]


def test_positive_polarity_is_realisasi_over_target() -> None:
    assert round_half_up(pct(D(84), D("88.61")), 2) == D("105.49")  # Sumber IKM; printed 105,48


def test_rounding_is_half_up_not_bankers() -> None:
    assert round_half_up(D("96.185"), 2) == D("96.19")  # Sumber serapan; printed 96,18
    assert round_half_up(D("2.5"), 0) == D(3)


def test_negative_polarity_selisih() -> None:
    assert pct(D(10), D(8), polaritas="negatif") == D(120)
    assert pct(D(10), D(12), polaritas="negatif") == D(80)


def test_negative_polarity_rasio() -> None:
    assert pct(D(10), D(8), polaritas="negatif", rumus_negatif="rasio") == D("125")
    result = capaian(D(10), D(0), polaritas="negatif", rumus_negatif="rasio")
    assert result.nilai is None and result.alasan == "realisasi nol pada rumus rasio"


def test_range_target_inside_is_on_target() -> None:
    assert pct(Rentang(min=D(60), maks=D(70)), D(65)) == D(100)
    assert pct(Rentang(min=D(60), maks=D(70)), D(60)) == D(100)


def test_range_target_outside_uses_nearer_bound() -> None:
    assert pct(Rentang(min=D(60), maks=D(70)), D(30)) == D(50)
    assert pct(Rentang(min=D(60), maks=D(70)), D(77)) == D(110)
    assert pct(Rentang(min=D(60), maks=D(70)), D(77), polaritas="negatif") == D(90)


def test_zero_target() -> None:
    assert pct(D(0), D(0)) == D(100)
    assert capaian(D(0), D(5)).alasan == "target nol"
    assert pct(D(0), D(5), polaritas="negatif") == D(0)


def test_missing_values_are_not_computable() -> None:
    assert capaian(None, D(5)).alasan == "target tidak tersedia"
    assert capaian(D(5), None).alasan == "realisasi tidak tersedia"


def test_cumulative_quarters_are_summed_last_value_takes_last_reported() -> None:
    quarters = [D(10), D(20), None, D(5)]
    assert realisasi_tahunan(quarters, "kumulatif") == D(35)
    assert realisasi_tahunan(quarters, "nilai_akhir") == D(5)
    assert realisasi_tahunan([D(3), None, None, None], "nilai_akhir") == D(3)
    assert realisasi_tahunan([None] * 4, "kumulatif") is None


def test_mean_ignores_missing_values() -> None:
    assert rata_rata([D(100), None, D(110)]) == D(105)
    assert rata_rata([None]) is None


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (D(101), "melampaui target"),
        (D(100), "mencapai target"),
        (D("99.99"), "belum mencapai target"),
        (None, None),
    ],
)
def test_status(value: D | None, status: str | None) -> None:
    assert status_target(value) == status
