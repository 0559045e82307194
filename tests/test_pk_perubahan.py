"""A pk.yaml whose only perjanjian is a PK Perubahan: valid, and every output names only it.

Many reports attach only the amended PK. The site pages, PDF and Word all come from the
same page Markdown, so the pages are what is checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.cli import load_and_validate, main
from generator.compute.report import hitung
from generator.result_checks import load_and_compute
from generator.site import render_all
from tests.conftest import edit

PK = Path("contoh") / "alpha" / "2024" / "pk.yaml"


def _only_perubahan(data: Path) -> None:
    """Drop the PK awal of the minimal data, keeping its PK Perubahan (1 Oktober 2024)."""
    text = (data / PK).read_text(encoding="utf-8")
    (data / PK).write_text(
        "perjanjian:\n" + text[text.index("  - jenis: perubahan") :], encoding="utf-8"
    )


def _errors(data: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(data)]) == 1
    return capsys.readouterr().err


def test_a_pk_perubahan_alone_is_valid_and_in_force(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_perubahan(data_dir)
    assert main(["validate", "--strict", str(data_dir)]) == 0, capsys.readouterr().err
    project, _ = load_and_validate(str(data_dir))
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    r = hitung(kab, kec, kec.tahun[-1])
    assert [(u.id, u.target) for u in r.indikator_pk] == [("ikm", 85), ("aduan", 10)]


def test_every_page_names_only_the_pk_perubahan(data_dir: Path) -> None:
    _only_perubahan(data_dir)
    _, sites = render_all(load_and_compute(str(data_dir)))
    pages = sites[0].pages
    bab2, lampiran = pages["2024/bab-2-perencanaan-kinerja.md"], pages["2024/lampiran.md"]
    assert (
        "Perjanjian Kinerja Perubahan ditandatangani di Alpha pada 1 Oktober 2024 oleh "
        "Siti Aminah, S.STP (Camat Alpha)" in bab2
    )
    assert "Tabel 2.3 Perjanjian Kinerja Perubahan Tahun 2024" in bab2
    assert "Tabel 2.4 Anggaran Program pada Perjanjian Kinerja Perubahan Tahun 2024" in bab2
    assert re.findall(r"^## Perjanjian Kinerja.*$", lampiran, re.MULTILINE) == [
        "## Perjanjian Kinerja Perubahan Tahun 2024"
    ]
    assert "Lampiran Perjanjian Kinerja Perubahan Tahun 2024" in lampiran
    # No page speaks of a PK awal, or of a PK that is not the amendment.
    for rel, text in pages.items():
        assert not re.search(r"(?i)\bPK awal\b", text), rel
        assert "Perjanjian Kinerja ditandatangani" not in text, rel
        assert not re.search(r"^## Perjanjian Kinerja Tahun", text, re.MULTILINE), rel


def test_two_pk_perubahan_on_the_same_date_are_an_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        data_dir / PK,
        "  - jenis: awal\n    tempat: Alpha\n    tanggal: 2024-01-15",
        "  - jenis: perubahan\n    tempat: Alpha\n    tanggal: 2024-10-01",
    )
    err = _errors(data_dir, capsys)
    assert (
        "pk.yaml:12:5: perjanjian[1].jenis: PK jenis 'perubahan' sudah ada di perjanjian[0]; "
        "satu tahun memuat paling banyak satu PK awal dan satu PK Perubahan (yang berlaku)"
    ) in err


def test_a_pk_perubahan_dated_before_its_pk_awal_is_an_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(data_dir / PK, "tanggal: 2024-10-01", "tanggal: 2024-01-10")
    err = _errors(data_dir, capsys)
    assert (
        "perjanjian[1].tanggal (PK perubahan): PK Perubahan bertanggal 2024-01-10, sebelum PK "
        "awal yang diubahnya (2024-01-15)"
    ) in err


def test_the_same_day_is_not_before(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data_dir / PK, "tanggal: 2024-10-01", "tanggal: 2024-01-15")
    assert main(["validate", str(data_dir)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    ("perjanjian", "message"),
    [
        ("perjanjian: []", "pk.yaml:1:1: perjanjian: minimal 1 isian"),
        ("perjanjian:\n  - jenis: awalan", "perjanjian[0].jenis: harus salah satu dari"),
    ],
)
def test_still_invalid_pk_files(
    data_dir: Path, capsys: pytest.CaptureFixture[str], perjanjian: str, message: str
) -> None:
    (data_dir / PK).write_text(perjanjian + "\n", encoding="utf-8")
    assert message in _errors(data_dir, capsys)


def test_a_third_perjanjian_is_an_error(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (data_dir / PK).read_text(encoding="utf-8")
    (data_dir / PK).write_text(text + text[text.index("  - jenis: perubahan") :], encoding="utf-8")
    assert "pk.yaml:1:1: perjanjian: maksimal 2 isian" in _errors(data_dir, capsys)


def test_the_next_year_starts_from_a_pk_perubahan_alone(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _only_perubahan(data_dir)
    assert main(["tahun-baru", "contoh/alpha", "2025", "--data", str(data_dir)]) == 0
    capsys.readouterr()
    new = yaml.safe_load((data_dir / "contoh/alpha/2025/pk.yaml").read_text(encoding="utf-8"))
    [pk] = new["perjanjian"]
    assert pk["jenis"] == "awal"
    assert pk["pihak_pertama"]["nama"] == "Siti Aminah, S.STP"
