"""``lkjip baru`` / ``lkjip tahun-baru`` (scaffold module): valid drafts, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import load_and_validate, main
from generator.errors import UserError
from generator.scaffold import plan_new_kecamatan, plan_new_year, write_new
from tests.conftest import DATA


def test_new_kecamatan_and_kabupaten_validate_with_fill_in_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = write_new(plan_new_kecamatan(tmp_path, "blora/cepu", 2025))
    assert tmp_path / "blora/kabupaten.yaml" in written
    assert (
        (tmp_path / "blora/cepu/2025/laporan.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../../../../schemas/laporan.schema.json")
    )
    assert main(["validate", str(tmp_path / "blora")]) == 0
    err = capsys.readouterr().err
    assert "blora/cepu/2025/laporan.yaml:5:1: tempat: peringatan: belum diisi" in err
    assert "blora/kabupaten.yaml:7:1: provinsi: peringatan: belum diisi" in err
    assert main(["validate", "--strict", str(tmp_path / "blora")]) == 1


def test_new_kecamatan_in_an_existing_kabupaten_keeps_its_settings(tmp_path: Path) -> None:
    shutil.copytree(DATA / "rembang", tmp_path / "rembang")
    before = (tmp_path / "rembang/kabupaten.yaml").read_bytes()
    written = write_new(plan_new_kecamatan(tmp_path, "rembang/lasem", 2024))
    assert tmp_path / "rembang/kabupaten.yaml" not in written
    assert (tmp_path / "rembang/kabupaten.yaml").read_bytes() == before
    project, _ = load_and_validate(str(tmp_path / "rembang"))
    assert {k.slug for k in project.kabupaten[0].kecamatan} == {"sumber", "kragan", "lasem"}


def test_new_year_carries_targets_and_moves_realisasi_into_history(tmp_path: Path) -> None:
    shutil.copytree(DATA / "rembang", tmp_path / "rembang")
    project, _ = load_and_validate(str(tmp_path / "rembang/sumber"))
    write_new(plan_new_year(project.kabupaten[0].kecamatan[0], 2025))
    project, _ = load_and_validate(str(tmp_path / "rembang/sumber"))
    kec = project.kabupaten[0].kecamatan[0]
    new = next(y for y in kec.tahun if y.tahun == 2025)
    assert new.laporan.status == "draf"
    ikm = next(r for r in new.kinerja.indikator if r.indikator == "ikm")
    assert ikm.realisasi is None
    assert (ikm.riwayat[-1].tahun, str(ikm.riwayat[-1].realisasi), str(ikm.riwayat[-1].target)) == (
        2024,
        "88.61",
        "84",
    )
    assert [(r.indikator, str(r.target)) for r in new.pk.perjanjian[0].sasaran] == [
        ("ipp", "3.4"),
        ("ikm", "85"),
    ]


def test_new_year_starts_from_last_years_counted_tables(tmp_path: Path) -> None:
    shutil.copytree(DATA / "rembang", tmp_path / "rembang")
    project, _ = load_and_validate(str(tmp_path / "rembang/kragan"))
    old = project.kabupaten[0].kecamatan[0].tahun[-1].laporan.tabel_hitungan
    write_new(plan_new_year(project.kabupaten[0].kecamatan[0], 2025))
    project, _ = load_and_validate(str(tmp_path / "rembang/kragan"))
    new = next(y for y in project.kabupaten[0].kecamatan[0].tahun if y.tahun == 2025)
    assert new.laporan.tabel_hitungan == old  # the same counts, exact, to be updated


@pytest.mark.parametrize("existing", ["kecamatan", "year"])
def test_refuses_to_overwrite(tmp_path: Path, existing: str) -> None:
    shutil.copytree(DATA / "rembang", tmp_path / "rembang")
    before = {p: p.read_bytes() for p in (tmp_path / "rembang").rglob("*") if p.is_file()}
    with pytest.raises(UserError, match="sudah ada; tidak ada yang ditimpa"):
        if existing == "kecamatan":
            plan_new_kecamatan(tmp_path, "rembang/sumber", 2024)
        else:
            project, _ = load_and_validate(str(tmp_path / "rembang/sumber"))
            plan_new_year(project.kabupaten[0].kecamatan[0], 2024)
    assert {p: p.read_bytes() for p in (tmp_path / "rembang").rglob("*") if p.is_file()} == before


def test_bad_slug_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="huruf kecil"):
        plan_new_kecamatan(tmp_path, "Rembang/Sumber Baru", 2024)


def test_cli_baru_and_tahun_baru(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(DATA / "rembang", tmp_path / "rembang")
    assert main(["baru", "rembang/lasem", "--tahun", "2024", "--data", str(tmp_path)]) == 0
    assert "dibuat:" in capsys.readouterr().out
    assert main(["baru", "rembang/lasem", "--data", str(tmp_path)]) == 1
    assert "sudah ada; tidak ada yang ditimpa" in capsys.readouterr().err
    assert main(["tahun-baru", "rembang/sumber", "2025", "--data", str(tmp_path)]) == 0
    assert (tmp_path / "rembang/sumber/2025/pk.yaml").is_file()
    assert main(["tahun-baru", "rembang/sumber", "2025", "--data", str(tmp_path)]) == 1


def test_draft_years_are_marked_and_left_out_of_the_portal(data_dir: Path, tmp_path: Path) -> None:
    from tests.conftest import edit

    edit(data_dir / "contoh/alpha/2024/laporan.yaml", "status: final", "status: draf")
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 0
    for page in (out / "contoh/alpha/2024").glob("*.html"):
        assert "DRAF" in page.read_text(encoding="utf-8"), page.name
    assert "Kecamatan Alpha" not in (out / "index.html").read_text(encoding="utf-8")
    assert main(["build", str(data_dir), "--keluaran", str(out), "--sertakan-draf"]) == 0
    assert "Kecamatan Alpha" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("year", ["99999", "0", "1999", "2101", "-5"])
@pytest.mark.parametrize("command", ["tahun-baru", "baru"])
def test_implausible_year_is_a_one_line_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, year: str
) -> None:
    shutil.copytree(DATA / "rembang", tmp_path / "rembang")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    args = (
        ["rembang/sumber", year] if command == "tahun-baru" else ["rembang/baru", f"--tahun={year}"]
    )
    assert main([command, *args, "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"galat: tahun {year} di luar rentang yang diterima (2000–2100); tulis tahun laporan 4 angka, mis. 2025\n"
    )
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("year", [2000, 2100])
def test_new_kecamatan_at_the_ends_of_the_year_range_validates(tmp_path: Path, year: int) -> None:
    write_new(plan_new_kecamatan(tmp_path, "blora/cepu", year))
    assert main(["validate", str(tmp_path / "blora")]) == 0
