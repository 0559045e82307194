"""Kabupaten comparison in context: rank wording, ties, N/A, weak marks, downloads."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from frictionless import validate

from generator.banding import compare, rank_words
from generator.cli import load_and_validate, main
from generator.compute.capaian import Hasil
from generator.compute.report import HasilLaporan, hitung
from generator.compute.scale import Kategori
from generator.model import Kecamatan

DATA = Path(__file__).parents[1] / "data"
D = Decimal


def test_two_kecamatan_are_higher_and_lower_not_best_and_worst() -> None:
    assert rank_words(D(117), [D(117), D(103)]) == "lebih tinggi"
    assert rank_words(D(103), [D(117), D(103)]) == "lebih rendah"


def test_ties_share_a_rank_and_na_is_never_ranked() -> None:
    values = [D(90), D(90), D(80), D(70)]
    assert rank_words(D(90), values) == "tertinggi (bersama)"
    assert rank_words(D(80), values) == "peringkat 3 dari 4"
    assert rank_words(D(70), values) == "terendah"
    assert rank_words(D(5), [D(5), D(5)]) == "sama"
    assert rank_words(None, values) == "tidak diperingkat (N/A)"
    assert rank_words(D(5), [D(5)]) == ""  # one kecamatan with a value: nothing to rank


@pytest.fixture(scope="module")
def rembang() -> tuple[list[tuple[Kecamatan, HasilLaporan]], object]:
    project, _ = load_and_validate(str(DATA / "rembang"), strict=True)
    kab = project.kabupaten[0]
    rows = [(kec, hitung(kab, kec, kec.tahun[-1])) for kec in kab.kecamatan]
    return rows, kab.settings.skala[kab.settings.aturan.skala_capaian]


def _with(h: HasilLaporan, average: str | None, kode: str, label: str) -> HasilLaporan:
    value = None if average is None else D(average)
    kategori = Kategori(kode, label) if value is not None else None
    return dataclasses.replace(h, rata_rata_capaian=Hasil(value), kategori_rata_rata=kategori)


def test_top_band_kecamatan_is_never_marked_weak(rembang: tuple) -> None:  # type: ignore[type-arg]
    rows, skala = rembang
    marks = {r.kec.slug: (r.tanda, r.peringkat) for r in compare(rows, skala)}
    assert marks == {"kragan": ("terbaik", "lebih tinggi"), "sumber": ("", "lebih rendah")}


def test_three_or_more_lowest_below_target_is_weak_na_is_not_ranked(rembang: tuple) -> None:  # type: ignore[type-arg]
    rows, skala = rembang
    (kragan, hk), (sumber, hs) = rows
    weak_ukur = tuple(
        dataclasses.replace(u, capaian=Hasil(D(40)), kategori=Kategori("SR", "Sangat Rendah"))
        for u in hs.indikator_pk
    )
    weak = dataclasses.replace(_with(hs, "40", "SR", "Sangat Rendah"), indikator_pk=weak_ukur)
    synthetic = [
        (kragan, hk),
        (sumber, weak),
        (kragan, _with(hk, "95", "ST", "Sangat Tinggi")),
        (sumber, _with(hs, None, "", "")),
    ]
    out = compare(synthetic, skala)
    assert [r.peringkat for r in out] == [
        "tertinggi",
        "terendah",
        "peringkat 2 dari 3",
        "tidak diperingkat (N/A)",
    ]
    assert [r.tanda for r in out] == ["terbaik", "terlemah", "", ""]
    assert out[1].target.startswith("2 indikator di bawah target: ")
    assert any("Sangat Rendah" in item for item in out[1].perhatian)
    assert out[0].perhatian == ()


def test_lowest_of_three_in_top_band_is_not_weak(rembang: tuple) -> None:  # type: ignore[type-arg]
    rows, skala = rembang
    (kragan, hk), (sumber, hs) = rows
    low = dataclasses.replace(
        _with(hs, "91", "ST", "Sangat Tinggi"),
        indikator_pk=tuple(dataclasses.replace(u, capaian=Hasil(D(91))) for u in hs.indikator_pk),
    )
    out = compare([(kragan, hk), (sumber, hs), (sumber, low)], skala)
    assert out[2].peringkat == "terendah" and out[2].tanda == ""


def test_low_absorption_and_negative_efficiency_need_attention(rembang: tuple) -> None:  # type: ignore[type-arg]
    rows, skala = rembang
    kec, h = rows[0]
    spent = dataclasses.replace(h.total, realisasi=h.total.pagu // 2)
    eff = tuple(dataclasses.replace(e, efisiensi=Hasil(D("-5"))) for e in h.efisiensi_sasaran[:1])
    out = compare([(kec, dataclasses.replace(h, total=spent, efisiensi_sasaran=eff))], skala)
    assert any(item.startswith("Serapan anggaran 50,00 %") for item in out[0].perhatian)
    assert any(item.startswith("Efisiensi negatif -5,00 %") for item in out[0].perhatian)


def test_portal_comparison_downloads_exist_validate_and_escape(built_site: Path) -> None:
    for name in ("perbandingan-2024", "ringkasan"):
        path = built_site / "rembang" / "data" / f"{name}.csv"
        report = validate(path.name, basepath=str(path.parent))
        assert report.valid, report.flatten(["type", "message"])
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert [r["Kecamatan"] for r in rows] == ["Kecamatan Kragan", "Kecamatan Sumber"]
        assert rows[0]["Rata-rata capaian (%)"] == "117.14"
        data = json.loads((path.with_suffix(".json")).read_text(encoding="utf-8"))
        assert data["baris"][1]["Peringkat"] == "lebih rendah"
        assert any("Perlu perhatian" in c for c in data["catatan"])
    index = (built_site / "rembang/index.html").read_text(encoding="utf-8")
    assert 'href="data/ringkasan.csv"' in index and 'href="data/ringkasan.json"' in index


def test_synthetic_kabupaten_of_many_kecamatan(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "site"
    assert main(["contoh", "12", "--keluaran", str(data)]) == 0
    assert main(["build", str(data), "--keluaran", str(out)]) == 0
    csvs = sorted(out.glob("*/data/perbandingan-*.csv"))
    assert csvs
    for path in csvs:
        assert validate(path.name, basepath=str(path.parent)).valid
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        ranks = [r["Peringkat"] for r in rows]
        if len(rows) > 2:
            assert any(r.startswith("tertinggi") for r in ranks)
            assert any(r.startswith("terendah") for r in ranks)
        for r in rows:  # a formula start in any text cell is escaped
            assert not any(v.startswith(("=", "+", "@")) for v in r.values())
