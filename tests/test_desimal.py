"""Official rounding: an indicator's value is computed with as it is reported.

The rule is in generator/compute/desimal.py. The issue's example: an IKM averaged to 94,216
is reported as 94,22, and its capaian against 93,8 must be 94,22 / 93,8 = 100,45 % (what a
reader recomputes from the page), not 94,216 / 93,8 = 100,44 %.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import load_and_validate, main
from generator.compute.capaian import capaian
from generator.compute.desimal import bulatkan, bulatkan_target, desimal_indikator
from generator.compute.indikator import Spesifikasi, ukur
from generator.compute.report import HasilLaporan, hitung
from generator.formatting import angka_alami, persen
from generator.schema.base import Rentang
from generator.schema.kabupaten import KabupatenFile
from generator.tables import teks_target
from tests.conftest import MINIMAL, edit

ALPHA = Path("contoh") / "alpha"


def _kab() -> KabupatenFile:
    project, _ = load_and_validate(str(MINIMAL))
    return project.kabupaten[0].settings


KAB = _kab()


def _spec(desimal: int) -> Spesifikasi:
    return Spesifikasi("ikm", "IKM", "Nilai", "positif", "nilai_akhir", desimal, None, None)


def _computed(data: Path) -> HasilLaporan:
    project, _ = load_and_validate(str(data))
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    return hitung(kab, kec, kec.tahun[-1])


def _ikm_as_composite(data: Path, target: str = "93.8") -> None:
    """IKM as the mean of two service surveys, 94,21 and 94,222: 94,216 unrounded."""
    edit(
        data / ALPHA / "renstra.yaml",
        "        iku: true\n",
        '        iku: true\n        rumus: "rata(ikm_a, ikm_b)"\n',
    )
    kinerja = data / ALPHA / "2024" / "kinerja.yaml"
    edit(kinerja, "    realisasi: 88.61\n", "")
    with kinerja.open("a", encoding="utf-8") as out:
        out.write("nilai_dasar:\n  ikm_a: {nilai: 94.21}\n  ikm_b: {nilai: \"94,222\"}\n")
    edit(
        data / ALPHA / "2024" / "pk.yaml",
        "{indikator: ikm, target: 85}",
        f"{{indikator: ikm, target: {target}}}",
    )


def test_the_issue_example_through_ukur() -> None:
    u = ukur(KAB, _spec(2), D("93.8"), D("94.216"), None, {})
    assert u.realisasi == D("94.22")
    assert persen(u.capaian.nilai) == "100,45 %"
    # The old rule (capaian from the unrounded value) is what a reader cannot recompute.
    assert persen(capaian(D("93.8"), D("94.216")).nilai) == "100,44 %"


def test_a_composite_is_reported_and_graded_from_its_rounded_value(data_dir: Path) -> None:
    _ikm_as_composite(data_dir)
    r = _computed(data_dir)
    ikm = next(u for u in r.indikator_pk if u.id == "ikm")
    assert r.nilai.realisasi["ikm"] == D("94.22")
    assert (ikm.realisasi, persen(ikm.capaian.nilai)) == (D("94.22"), "100,45 %")
    # The rest of the chain starts from the reported value too.
    assert r.rata_rata_capaian.nilai == sum(
        (u.capaian.nilai for u in r.indikator_pk if u.capaian.nilai is not None), D(0)
    ) / len([u for u in r.indikator_pk if u.capaian.nilai is not None])
    kemajuan = next(k for k in r.kemajuan if k.indikator.id == "ikm")
    assert kemajuan.kemajuan.nilai == D("94.22") / D(86) * 100


def test_what_hitung_prints_is_what_it_computed_from(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _ikm_as_composite(data_dir)
    assert main(["hitung", str(data_dir / ALPHA)]) == 0
    out = capsys.readouterr().out
    assert "target 93,8, realisasi 94,22 Angka, capaian 100,45 %" in out


def test_formula_inputs_are_the_reported_values(data_dir: Path) -> None:
    """indeks_gabungan = (ikm / 25 × 2,5 + ipp × 2) / 2 reads IKM as reported (94,22)."""
    _ikm_as_composite(data_dir)
    renstra = data_dir / ALPHA / "renstra.yaml"
    edit(renstra, "Angka\n            rumus:", "Angka\n            desimal: 4\n            rumus:")
    r = _computed(data_dir)
    # (9,422 + 6,72) / 2 = 8,071; from the unrounded 94,216 it would be 8,0708.
    assert r.nilai.realisasi["indeks_gabungan"] == D("8.071")


def test_an_indicator_without_desimal_takes_the_kabupaten_rule(data_dir: Path) -> None:
    edit(data_dir / "contoh" / "kabupaten.yaml", "skala:\n", "aturan: {desimal: 1}\nskala:\n")
    r = _computed(data_dir)
    ikm = next(u for u in r.indikator_pk if u.id == "ikm")
    assert (ikm.desimal, ikm.realisasi) == (1, D("88.6"))  # entered 88.61
    assert [h.realisasi for h in ikm.riwayat] == [D("82.2"), D("84.9")]  # 82,17 and 84,89
    assert [b.nilai for b in ikm.pembanding] == [D("82.9")]  # 82,94


def test_an_indicator_desimal_overrides_the_kabupaten_rule(data_dir: Path) -> None:
    edit(
        data_dir / ALPHA / "renstra.yaml",
        "        iku: true\n",
        "        iku: true\n        desimal: 0\n",
    )
    r = _computed(data_dir)
    ikm = next(u for u in r.indikator_pk if u.id == "ikm")
    assert (ikm.desimal, ikm.realisasi, ikm.target) == (0, D(89), D(85))
    assert ikm.capaian.nilai == D(89) / D(85) * 100


def test_rounding_keeps_values_that_are_already_reported_as_they_are() -> None:
    assert str(bulatkan(D(84), 2)) == "84"  # not 84.00: what opendata writes stays the same
    assert bulatkan(None, 2) is None
    assert bulatkan(D("96.185"), 2) == D("96.19")  # half up, not to even
    assert bulatkan_target(Rentang(min=D("60.05"), maks=D(70)), 1) == Rentang(
        min=D("60.1"), maks=D(70)
    )
    assert desimal_indikator(None, 3) == 3 and desimal_indikator(0, 3) == 0


def _parse(text: str) -> D:
    """A number as a reader copies it from the page: 1.234,5 → 1234.5."""
    return D(text.replace(".", "").replace(",", "."))


values = st.decimals(min_value=D("0.0001"), max_value=D(99999), places=4, allow_nan=False)


@given(values, values, st.integers(min_value=0, max_value=4))
def test_printed_values_recompute_to_the_printed_capaian(
    target: D, realisasi: D, desimal: int
) -> None:
    u = ukur(KAB, _spec(desimal), target, realisasi, None, {})
    shown_target = _parse(teks_target(u.target, u.desimal))
    shown_realisasi = _parse(angka_alami(u.realisasi, u.desimal))  # type: ignore[arg-type]
    by_hand = capaian(shown_target, shown_realisasi)
    assert persen(by_hand.nilai) == persen(u.capaian.nilai)
