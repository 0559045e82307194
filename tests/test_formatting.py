import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.formatting import (
    angka,
    angka_alami,
    persen,
    rupiah,
    rupiah_singkat,
    tanggal,
    terbilang,
    terbilang_rupiah,
)


def test_numbers_rupiah_percent() -> None:
    assert angka(2273853295) == "2.273.853.295"
    assert angka(D("88.605"), 2) == "88,61"
    assert angka(D("-0.001"), 2) == "0,00"
    assert angka(D("-1234.5"), 1) == "-1.234,5"
    assert rupiah(2187105981) == "Rp 2.187.105.981"
    assert persen(D("96.18503")) == "96,19 %"
    assert persen(None) == "N/A"
    assert angka_alami(D("3.20")) == "3,2"
    assert angka_alami(D("19")) == "19"
    assert angka_alami(D("8.1265"), 2) == "8,13"


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (dt.date(2025, 4, 15), "15 April 2025"),
        (dt.date(2024, 1, 1), "1 Januari 2024"),
        (dt.date(2024, 8, 17), "17 Agustus 2024"),
    ],
)
def test_long_dates(date: dt.date, text: str) -> None:
    assert tanggal(date) == text


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (11, "sebelas"),
        (15, "lima belas"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2500, "dua ribu lima ratus"),
        (1000000, "satu juta"),
        (
            2273853295,
            "dua miliar dua ratus tujuh puluh tiga juta delapan ratus lima puluh tiga ribu dua ratus sembilan puluh lima",
        ),
    ],
)
def test_terbilang(n: int, words: str) -> None:
    assert terbilang(n) == words


def test_terbilang_rupiah() -> None:
    assert terbilang_rupiah(61000000) == "Enam puluh satu juta rupiah"


@given(
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, places=6),
    st.integers(min_value=0, max_value=4),
)
def test_angka_matches_babels_indonesian_pattern(value: D, desimal: int) -> None:
    """angka formats by hand for speed; Babel's id_ID pattern is the reference."""
    from babel.numbers import format_decimal

    from generator.numbers import round_half_up

    rounded = round_half_up(value, desimal)
    if rounded == 0:
        rounded = abs(rounded)
    pattern = "#,##0" + ("." + "0" * desimal if desimal else "")
    expected = format_decimal(rounded, format=pattern, locale="id_ID", decimal_quantization=False)
    assert angka(value, desimal) == expected


def test_extreme_ratios_of_bounded_inputs_are_formatted() -> None:
    # Largest realisasi over the smallest target the schema accepts: 30 digits at 4 decimals,
    # more than Decimal's default precision of 28 (quantize raised InvalidOperation).
    from generator.compute.capaian import capaian

    value = capaian(D("0.0000000001"), D("99999999999999.9999999999")).nilai
    assert value is not None
    assert persen(value, 4) == "99.999.999.999.999.999.999.999.900,0000 %"
    assert angka(D("1e40"), 2) == "10" + ".000" * 13 + ",00"


def test_largest_rupiah_is_spelled_out() -> None:
    assert terbilang_rupiah(999_999_999_999_999).startswith(
        "Sembilan ratus sembilan puluh sembilan triliun"
    )
    assert rupiah(999_999_999_999_999) == "Rp 999.999.999.999.999"


def test_rupiah_singkat() -> None:
    assert rupiah_singkat(2273853295) == "Rp 2,27 miliar"
    assert rupiah_singkat(61000000) == "Rp 61 juta"
    assert rupiah_singkat(60999600) == "Rp 61 juta"
    assert rupiah_singkat(1500) == "Rp 1,5 ribu"
    assert rupiah_singkat(999) == "Rp 999"
    assert rupiah_singkat(0) == "Rp 0"
    assert rupiah_singkat(999999999) == "Rp 1 miliar"  # not "Rp 1.000 juta"
    assert rupiah_singkat(-5000000) == "-Rp 5 juta"
    assert rupiah_singkat(None) == "–"
