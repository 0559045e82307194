"""The build pipeline: each report year computed once, its results passed down to every output."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import generator.compute.report
from generator.cli import main
from generator.compute.report import HasilLaporan
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.result_checks import load_and_compute


def _count_computations(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str, int]]:
    """Count every call of ``hitung``, whichever module imported it."""
    real = generator.compute.report.hitung
    calls: Counter[tuple[str, str, int]] = Counter()

    def counting(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> HasilLaporan:
        calls[(kab.slug, kec.slug, year.tahun)] += 1
        return real(kab, kec, year)

    for name, module in list(sys.modules.items()):
        if name.startswith("generator") and getattr(module, "hitung", None) is real:
            monkeypatch.setattr(module, "hitung", counting)
    return calls


def test_a_build_computes_each_report_year_once(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Imported first, so their copies of ``hitung`` are counted too.
    import generator.pipeline
    import generator.site  # noqa: F401

    years = {(kab.slug, kec.slug, y.tahun) for kab, kec, y in _years(data_dir)}
    calls = _count_computations(monkeypatch)
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1", "--pdf"]) == 0
    assert set(calls) == years
    assert all(n == 1 for n in calls.values()), calls
    assert (out / "index.html").is_file()


def test_results_handed_down_are_the_ones_rendered(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site renders the results validation computed (no second computation that could
    differ): a marked total in them shows up on the page."""
    import dataclasses

    from generator.site import render_all

    data = load_and_compute(str(data_dir))
    calls = _count_computations(monkeypatch)
    (slug, years), *_ = data.hasil.items()
    tahun, hasil = next(iter(years.items()))
    marked = dataclasses.replace(
        hasil, total=dataclasses.replace(hasil.total, pagu=hasil.total.pagu + 1234567)
    )
    changed = {**data.hasil, slug: {**years, tahun: marked}}
    _, sites = render_all(dataclasses.replace(data, hasil=changed))
    pages = "".join(next(s for s in sites if s.slug == slug).pages.values())
    assert _rupiah(marked.total.pagu) in pages
    assert not calls


def _rupiah(value: Any) -> str:
    from generator.formatting import rupiah

    return rupiah(value)


def _years(folder: Path) -> list[tuple[Kabupaten, Kecamatan, ReportYear]]:
    data = load_and_compute(str(folder))
    return [
        (kab, kec, y) for kab in data.project.kabupaten for kec in kab.kecamatan for y in kec.tahun
    ]


def test_load_and_compute_keeps_every_year_in_data_order() -> None:
    from tests.conftest import DATA

    data = load_and_compute(str(DATA))
    assert list(data.hasil) == [
        f"{kab.slug}/{kec.slug}" for kab in data.project.kabupaten for kec in kab.kecamatan
    ]
    for kab in data.project.kabupaten:
        for kec in kab.kecamatan:
            assert list(data.kecamatan(kab, kec)) == [y.tahun for y in kec.tahun]
            for y in kec.tahun:
                assert data.tahun(kab, kec, y).tahun == y.tahun
