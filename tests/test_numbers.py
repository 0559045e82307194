from decimal import Decimal

import pytest

from generator.numbers import NumberFormatError, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.273.853.295", "2273853295"),
        ("88,61", "88.61"),
        ("1.234,5", "1234.5"),
        ("Rp. 2.273.853.295", "2273853295"),
        ("Rp 2.187.105.981,-", "2187105981"),
        ("96,19 %", "96.19"),
        ("3.36", "3.36"),  # one dot, two digits: can only be a decimal point
        ("100", "100"),
        ("-5", "-5"),
        (" 65 ", "65"),
    ],
)
def test_parse_indonesian_numbers(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["2.273", "1.000", "Rp 1.000"])
def test_single_dot_with_three_digits_is_ambiguous(text: str) -> None:
    with pytest.raises(NumberFormatError, match="ambigu"):
        parse_number(text)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12.34.5", "1.23.456", "65 Angka"])
def test_non_numbers_are_rejected(text: str) -> None:
    with pytest.raises(NumberFormatError, match="bukan angka"):
        parse_number(text)
