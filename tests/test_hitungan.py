"""Counted tables (``tabel_hitungan``): totals computed exactly, never typed; every failure
located; labels printed as text. Failure paths with a fixed message are in the invalid-input
corpus (tests/invalid/358-… to 370-…)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.compute.hitungan import hitung_tabel
from generator.schema.hitungan import MAKS_BARIS, TabelHitungan
from tests.conftest import edit

LAPORAN = "contoh/alpha/2024/laporan.yaml"


def _table(rows: list[dict[str, Any]], columns: int = 2, **extra: Any) -> TabelHitungan:
    kolom = [{"id": f"k{i}", "judul": f"K{i}", "desimal": 2} for i in range(columns)]
    return TabelHitungan.model_validate(
        {"id": "t", "judul": "T", "kolom": kolom, "baris": rows, **extra}
    )


def test_totals_are_exact_decimals_from_the_leaves() -> None:
    h = hitung_tabel(
        _table(
            [
                {"uraian": "A", "rincian": [{"uraian": "a1", "nilai": ["0,10", 1]}]},
                {"uraian": "a2", "nilai": ["0,20", "-"]},
            ]
        )
    )
    # 0,1 + 0,2 in binary floating point is 0,30000000000000004.
    assert h.total_kolom == (Decimal("0.30"), Decimal(1))
    assert [(b.uraian, b.nilai, b.tingkat, b.kelompok) for b in h.baris] == [
        ("A", (Decimal("0.10"), Decimal(1)), 0, True),
        ("a1", (Decimal("0.10"), Decimal(1)), 1, False),
        ("a2", (Decimal("0.20"), Decimal(0)), 0, False),
    ]
    assert h.total == Decimal("1.30")


_LEAF = st.lists(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False), min_size=2, max_size=2
)
_ROWS = st.recursive(
    _LEAF.map(lambda v: {"uraian": "x", "nilai": [str(n).replace(".", ",") for n in v]}),
    lambda inner: st.lists(inner, min_size=1, max_size=4).map(
        lambda rows: {"uraian": "g", "rincian": rows}
    ),
    max_leaves=12,
)


def _leaves(row: dict[str, Any]) -> list[list[Decimal]]:
    if "rincian" in row:
        return [leaf for r in row["rincian"] for leaf in _leaves(r)]
    return [[Decimal(v.replace(",", ".")) for v in row["nilai"]]]


@settings(max_examples=60, deadline=None)
@given(st.lists(_ROWS, min_size=1, max_size=5))
def test_each_total_is_the_sum_of_its_leaves(rows: list[dict[str, Any]]) -> None:
    h = hitung_tabel(_table(rows, jumlah_baris=True))
    leaves = [leaf for r in rows for leaf in _leaves(r)]
    assert h.total_kolom == tuple(sum((leaf[c] for leaf in leaves), Decimal(0)) for c in (0, 1))
    assert h.total == sum(h.total_kolom, Decimal(0))
    for b in h.baris:
        assert b.total == sum(b.nilai, Decimal(0))
    top = [b for b in h.baris if b.tingkat == 0]
    assert tuple(sum((b.nilai[c] for b in top), Decimal(0)) for c in (0, 1)) == h.total_kolom


def _declare(data: Path, table: dict[str, Any]) -> None:
    text = yaml.safe_dump({"tabel_hitungan": [table]}, allow_unicode=True, sort_keys=False)
    edit(data / LAPORAN, "lampiran:\n", text + "lampiran:\n")


def _validate(data: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(data)]) == 1
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_too_many_rows_counting_sub_rows_is_refused_where_declared(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each list is within its own cap; together the table is larger than a reader can take in.
    def group() -> dict[str, Any]:
        return {"uraian": "g", "rincian": [{"uraian": "x", "nilai": [1]} for _ in range(150)]}

    _declare(
        data_dir,
        {
            "id": "besar",
            "judul": "B",
            "kolom": [{"id": "n", "judul": "N"}],
            "baris": [group(), group()],
        },
    )
    out = _validate(data_dir, capsys)
    assert f"tabel berisi 302 baris (dengan rincian); paling banyak {MAKS_BARIS}" in out
    assert "laporan.yaml:" in out and "tabel_hitungan[0].baris" in out


def test_too_many_top_level_rows_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{"uraian": f"r{i}", "nilai": [1]} for i in range(MAKS_BARIS + 1)]
    _declare(
        data_dir, {"id": "besar", "judul": "B", "kolom": [{"id": "n", "judul": "N"}], "baris": rows}
    )
    assert f"tabel_hitungan[0].baris (besar): maksimal {MAKS_BARIS} isian" in _validate(
        data_dir, capsys
    )


def test_wrong_type_for_columns_is_located(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _declare(data_dir, {"id": "s", "judul": "S", "kolom": "Negeri", "baris": []})
    out = _validate(data_dir, capsys)
    assert "tabel_hitungan[0].kolom (s):" in out
    assert "tabel_hitungan[0].baris (s):" in out  # both problems in one pass


HOSTILE = '<script>window.__xss=1</script> | **tebal** {{ 7*7 }} <img src=x onerror="x()">'


def test_site_prints_the_table_numbered_with_computed_totals_and_literal_labels(
    data_dir: Path, tmp_path: Path
) -> None:
    _declare(
        data_dir,
        {
            "id": "sekolah",
            "judul": f"Sekolah {HOSTILE}",
            "sumber": "Dinas Pendidikan",
            "label_uraian": "Jenjang",
            "kolom": [{"id": "negeri", "judul": "Negeri"}, {"id": "swasta", "judul": HOSTILE}],
            "jumlah_baris": True,
            "baris": [
                {"uraian": HOSTILE, "nilai": [12, 3]},
                {
                    "kode": "2",
                    "uraian": "SMP",
                    "rincian": [{"uraian": "SMP Terbuka", "nilai": [1, "-"]}],
                },
            ],
        },
    )
    narasi = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
    narasi.write_text(
        "Ada {{ hitungan.sekolah.jumlah }} sekolah, "
        "{{ hitungan.sekolah.kolom.negeri }} di antaranya negeri.\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 0
    year = out / "contoh/alpha/2024"
    page = (year / "bab-1-pendahuluan.html").read_text(encoding="utf-8")
    assert "<script>window.__xss" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page  # printed as written, never evaluated
    assert "<caption>Tabel 1." in page and "Sumber: Dinas Pendidikan" in page
    # Jumlah row: 12 + 1 negeri, 3 + 0 swasta, 16 in all.
    table = page[page.index("<caption>Tabel 1.3 Sekolah") :]
    jumlah = table[table.index('colspan="2">Jumlah') :].split("</tr>")[0]
    assert [c.split(">")[-1] for c in jumlah.split("</td>")[1:4]] == ["13", "3", "16"]
    assert "Ada 16 sekolah, 13 di antaranya negeri." in (year / "kata-pengantar.html").read_text(
        encoding="utf-8"
    )
    assert "Sekolah" in (year / "daftar-tabel.html").read_text(encoding="utf-8")
