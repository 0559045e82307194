from decimal import Decimal as D

from generator.compute.anggaran import (
    dana_sub,
    efisiensi,
    efisiensi_agregat,
    jumlahkan,
    label_efisiensi,
    perubahan_persen,
)
from generator.numbers import round_half_up
from generator.schema.tahun import Anggaran


def sub(realisasi: int, **pagu: int) -> Anggaran:
    return Anggaran.model_validate({"pagu": pagu, "realisasi": realisasi})


def test_stages_carry_forward_and_last_stage_is_in_force() -> None:
    d = dana_sub(sub(850, induk=800, pergeseran=900))
    assert (
        d.pagu == 900
        and d.pagu_tahap == (800, 900, 900)
        and d.tahap_diisi == {"induk", "pergeseran"}
    )
    added_later = dana_sub(sub(50, perubahan=61))
    assert added_later.pagu_tahap == (0, 0, 61)


def test_serapan_and_sisa() -> None:
    d = dana_sub(sub(1843582252, induk=1923009495))
    assert round_half_up(d.serapan.nilai, 2) == D("95.87")  # Sumber gaji; printed 95,42
    assert d.sisa == 79427243
    assert dana_sub(sub(0, induk=0)).serapan.alasan == "pagu nol"


def test_rollup_is_a_sum_and_ratio_of_sums() -> None:
    total = jumlahkan(
        [dana_sub(sub(30430000, induk=32880000)), dana_sub(sub(1843582252, induk=1923009495))]
    )
    assert (total.pagu, total.realisasi) == (1955889495, 1874012252)
    assert round_half_up(total.serapan.nilai, 2) == D("95.81")


def test_efficiency_rasio_matches_the_reports_stated_formula() -> None:
    # Sumber IPP row: capaian 103,03, serapan 96,185 -> 6,64 (printed 99,07)
    assert round_half_up(efisiensi(D("103.0303"), D("96.1850"), "rasio").nilai, 2) == D("6.64")
    assert efisiensi(D(0), D(50), "rasio").alasan == "capaian nol"
    assert efisiensi(None, D(50), "rasio").nilai is None


def test_efficiency_selisih_is_points_difference() -> None:
    assert efisiensi(D("102.2"), D("93.91"), "selisih").nilai == D("8.29")


def test_aggregate_efficiency_weights_by_budget() -> None:
    rows = [(dana_sub(sub(50, induk=100)), D(100)), (dana_sub(sub(100, induk=100)), D(100))]
    assert efisiensi_agregat(rows).nilai == D(25)
    assert efisiensi_agregat([]).nilai is None


def test_labels_and_change() -> None:
    assert label_efisiensi(D(0)) == "Efisien"
    assert label_efisiensi(D("-0.01")) == "Tidak efisien"
    assert label_efisiensi(None) is None
    assert round_half_up(perubahan_persen(2637426598, 2273853295).nilai, 2) == D("-13.79")
    assert perubahan_persen(0, 5).nilai is None
