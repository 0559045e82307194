"""The hand-written SVG charts: valid, accessible, to scale, and escaped."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from generator.charts import (
    REAL_COLOUR,
    TARGET_COLOUR,
    _axis,
    anggaran_program,
    batang,
    capaian_pita,
    target_realisasi,
    tren,
)
from generator.fonts import text_width
from generator.schema.kabupaten import Pita, Skala

SVG = "{http://www.w3.org/2000/svg}"
values = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)


@given(st.lists(values, min_size=1, max_size=8))
def test_axis_ticks_cover_the_data_and_zero_in_round_steps(data: list[Decimal]) -> None:
    axis = _axis(data)
    ticks = axis.ticks
    assert ticks[0] <= min([*data, 0]) and ticks[-1] >= max([*data, 0])
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step.scaleb(-step.adjusted()).normalize()
    assert mantissa in {Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)}
    assert 2 <= len(ticks) - 1 <= 7
    labels = [axis.label(t) for t in ticks]
    assert len(set(labels)) == len(labels), "every tick label is distinct"


def _root(svg: bytes) -> ET.Element:
    return ET.fromstring(svg.split(b"-->\n", 1)[-1] if svg.startswith(b"<!--") else svg)


def _rects(
    root: ET.Element, colour: str, kind: str = "batang"
) -> list[tuple[float, float, float, float]]:
    return [
        tuple(float(r.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[misc]
        for r in root.iter(f"{SVG}rect")
        if r.get("fill") == colour and r.get("class") == kind
    ]


def _texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_bars_are_drawn_to_scale_and_labelled_the_indonesian_way() -> None:
    g = batang("uji", "Serapan", [("A", Decimal("25")), ("B", Decimal("100.5"))], "%")
    root = _root(g.svg)
    assert root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Serapan"
    assert root[1].tag == f"{SVG}desc" and root[1].text == "A: 25,00 %; B: 100,50 %."
    (_, _, a, _), (_, _, b, _) = _rects(root, REAL_COLOUR)
    assert abs(b / a - 100.5 / 25) < 0.02
    assert {"25,00 %", "100,50 %", "A", "B", "0"} <= set(_texts(root))
    assert b"<path" not in g.svg, "text stays text"


def test_missing_values_draw_no_bar_and_say_so() -> None:
    g = batang("uji", "Uji", [("A", None), ("B", Decimal("3"))], "orang", places=0)
    root = _root(g.svg)
    assert len(_rects(root, REAL_COLOUR)) == 1
    assert "N/A" in _texts(root) and "N/A orang" not in _texts(root)


def test_negative_values_extend_left_of_zero() -> None:
    g = batang("uji", "Uji", [("turun", Decimal("-12.5")), ("naik", Decimal("40"))], "%")
    root = _root(g.svg)
    (x1, _, w1, _), (x2, _, _, _) = _rects(root, REAL_COLOUR)
    assert abs((x1 + w1) - x2) < 0.2, "both bars meet at the zero line"
    assert "-12,50 %" in _texts(root)


def test_hostile_labels_are_escaped_and_long_ones_wrapped() -> None:
    label = "<script>alert(1)</script> & " + "kata " * 40
    g = batang("uji", "Judul <b>", [(label, Decimal("1"))], "%")
    assert b"<script>" not in g.svg and b"<b>" not in g.svg
    root = _root(g.svg)
    assert root[0].text == "Judul <b>"
    lines = [t for t in root.iter(f"{SVG}tspan")]
    assert len(lines) == 3 and (lines[-1].text or "").endswith("…")
    assert label.strip() in (root[1].text or ""), "the description keeps the whole label"


def test_capaian_bars_sit_on_the_category_bands() -> None:
    skala = Skala(
        nama="Uji",
        sumber="uji",
        pita=[
            Pita(kode="T", label="Tinggi", mulai=Decimal(90)),
            Pita(kode="S", label="Sedang", mulai=Decimal(50), di_bawah=Decimal(90)),
            Pita(kode="R", label="Rendah", di_bawah=Decimal(50)),
        ],
    )
    g = capaian_pita("capaian", "Capaian", [("IKM", Decimal("95.5"))], skala, 2)
    root = _root(g.svg)
    ((x, _, width, _),) = _rects(root, REAL_COLOUR)
    ((high, _, _, _),) = _rects(root, "#c8e6c9", "pita")
    ((middle, _, middle_width, _),) = _rects(root, "#dcedc8", "pita")
    ((low, _, low_width, _),) = _rects(root, "#fff9c4", "pita")
    assert low == x and abs(low + low_width - middle) < 0.2, "Rendah runs from 0 to 50"
    assert abs(middle + middle_width - high) < 0.2, "Sedang meets Tinggi at 90"
    assert abs(width - (high - x) * 95.5 / 90) < 0.5
    assert len(list(root.iter(f"{SVG}rect"))) == 1 + 3 + 1 + 3  # background, bands, bar, legend
    assert {"Tinggi", "Sedang", "Rendah", "95,50 %", "100 %"} <= set(_texts(root))


def test_small_multiples_have_one_panel_per_indicator() -> None:
    rows = [(f"Indikator {i}", Decimal(i), Decimal(i + 1), 0) for i in range(1, 5)]
    root = _root(target_realisasi("tr", "Target", rows).svg)
    assert len(_rects(root, TARGET_COLOUR)) == 4 and len(_rects(root, REAL_COLOUR)) == 4
    assert float(root.get("height", "0")) > 400, "four panels take two rows"
    series = [("IKM", [(2022, Decimal("80")), (2023, None), (2024, Decimal("90.5"))], 2)]
    line = _root(tren("tren", "Tren", series).svg)
    assert len(list(line.iter(f"{SVG}circle"))) == 2
    assert {"2022", "2023", "2024", "90,50"} <= set(_texts(line))


def test_budget_chart_is_in_millions_with_a_legend() -> None:
    g = anggaran_program("anggaran", "Anggaran", [("Program", 2_000_000_000, 1_500_000_000)])
    root = _root(g.svg)
    ((_, _, pagu, _),) = _rects(root, TARGET_COLOUR)
    ((_, _, real, _),) = _rects(root, REAL_COLOUR)
    assert abs(real / pagu - 0.75) < 0.01
    assert {"Juta rupiah", "Pagu", "Realisasi", "2.000"} <= set(_texts(root))


def test_budget_chart_description_starts_with_the_largest_share() -> None:
    rows = [
        ("7.01.02 Pelayanan", 61_000_000, 60_000_000),
        ("7.01.01 Penunjang", 2_162_000_000, 2_000_000_000),
    ]
    g = anggaran_program("anggaran", "Anggaran", rows)
    assert g.deskripsi.startswith("Porsi terbesar: 97,26 % dari pagu untuk 7.01.01 Penunjang. ")
    assert anggaran_program("a", "A", [("P", 0, 0)]).deskripsi.startswith("P: pagu Rp 0")


def test_text_width_follows_the_font() -> None:
    assert text_width("WWW", 12) > text_width("iii", 12) > 0
    assert text_width("ab", 24) == 2 * text_width("ab", 12)
    assert text_width("\U0001f600", 10) > 0  # a character the font lacks still takes room


def test_a_small_program_reads_as_a_share_not_a_sliver() -> None:
    rows = [("Besar", 2_162_853_295, 2_076_106_381), ("Kecil", 10_000_000, 10_000_000)]
    texts = set(_texts(_root(anggaran_program("anggaran", "Anggaran", rows).svg)))
    assert {"2.162,9 (99,5 %)", "10,0 (0,5 %)", "10,0"} <= texts
