from decimal import Decimal as D

import pytest

from generator.bands import scale_problems
from generator.compute.scale import classify
from generator.schema.kabupaten import Skala


def skala(pita: list[dict[str, object]], **kw: object) -> Skala:
    return Skala.model_validate({"nama": "S", "sumber": "x", "pita": pita, **kw})


PERMENDAGRI = skala(
    [
        {"kode": "ST", "label": "Sangat Tinggi", "di_atas": 90},
        {"kode": "T", "label": "Tinggi", "di_atas": 75, "sampai": 90},
        {"kode": "S", "label": "Sedang", "di_atas": 65, "sampai": 75},
        {"kode": "R", "label": "Rendah", "di_atas": 50, "sampai": 65},
        {"kode": "SR", "label": "Sangat Rendah", "sampai": 50},
    ]
)
LETTERS = skala(
    [
        {"kode": "AA", "label": "Sangat Memuaskan", "di_atas": 90, "sampai": 100},
        {"kode": "A", "label": "Memuaskan", "di_atas": 80, "sampai": 90},
        {"kode": "BB", "label": "Sangat Baik", "di_atas": 70, "sampai": 80},
        {"kode": "B", "label": "Baik", "di_atas": 60, "sampai": 70},
        {"kode": "CC", "label": "Cukup", "di_atas": 50, "sampai": 60},
        {"kode": "C", "label": "Kurang", "di_atas": 30, "sampai": 50},
        {"kode": "D", "label": "Sangat Kurang", "mulai": 0, "sampai": 30},
    ],
    batas_atas=100,
    batas_bawah=0,
)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("142.86", "Sangat Tinggi"),
        ("90.01", "Sangat Tinggi"),
        ("90", "Tinggi"),  # boundary belongs to the lower band, as 76–90 prints
        ("90.5", "Sangat Tinggi"),  # would fall into the printed scale's gap 90–91
        ("16.67", "Sangat Rendah"),  # Sumber Pengadaan BMD, printed "Sangat Tinggi"
        ("-20", "Sangat Rendah"),
    ],
)
def test_permendagri_scale(value: str, label: str) -> None:
    found = classify(PERMENDAGRI, D(value))
    assert found is not None and found.label == label


@pytest.mark.parametrize(
    ("value", "kode"),
    [("103.24", "AA"), ("100", "AA"), ("74.64", "BB"), ("30", "D"), ("-5", "D"), ("0", "D")],
)
def test_letter_scale_caps_capaian_at_100(value: str, kode: str) -> None:
    found = classify(LETTERS, D(value))
    assert found is not None and found.kode == kode


def test_value_outside_every_band_has_no_category() -> None:
    uncapped = skala(
        [
            {"kode": "A", "label": "A", "di_atas": 50, "sampai": 100},
            {"kode": "B", "label": "B", "mulai": 0, "sampai": 50},
        ]
    )
    assert classify(uncapped, D(120)) is None


def test_valid_scales_have_no_problems() -> None:
    assert scale_problems(PERMENDAGRI) == []
    assert scale_problems(LETTERS) == []


def test_gap_overlap_and_order_are_reported() -> None:
    gap = skala(
        [{"kode": "A", "label": "A", "mulai": 91}, {"kode": "B", "label": "B", "sampai": 90}]
    )
    assert scale_problems(gap) == [(1, "ada celah antara pita ini dan pita 'A' di sekitar 90")]
    both_open = skala(
        [{"kode": "A", "label": "A", "di_atas": 90}, {"kode": "B", "label": "B", "di_bawah": 90}]
    )
    assert scale_problems(both_open) == [
        (1, "ada celah antara pita ini dan pita 'A' di sekitar 90")
    ]
    overlap = skala(
        [{"kode": "A", "label": "A", "mulai": 90}, {"kode": "B", "label": "B", "sampai": 90}]
    )
    assert scale_problems(overlap) == [(1, "tumpang tindih dengan pita 'A' di sekitar 90")]
    reversed_band = skala(
        [
            {"kode": "A", "label": "A", "mulai": 50, "sampai": 10},
            {"kode": "B", "label": "B", "di_bawah": 50},
        ]
    )
    assert (0, "batas bawah (50) tidak lebih kecil dari batas atas (10)") in scale_problems(
        reversed_band
    )
    wrong_order = skala(
        [{"kode": "B", "label": "B", "sampai": 50}, {"kode": "A", "label": "A", "di_atas": 50}]
    )
    problems = [m for _, m in scale_problems(wrong_order)]
    assert "hanya pita pertama (tertinggi) yang boleh tanpa batas atas" in problems
