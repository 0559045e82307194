"""The command line as a user runs it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import MINIMAL, edit


def test_validate_clean_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINIMAL)]) == 0
    assert capsys.readouterr().out == "Data valid: 1 kecamatan, 1 tahun laporan.\n"


def test_validate_a_single_kecamatan_or_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINIMAL / "contoh" / "alpha")]) == 0
    assert main(["validate", str(MINIMAL / "contoh" / "alpha" / "2024")]) == 0
    assert capsys.readouterr().out.count("Data valid: 1 kecamatan, 1 tahun laporan.") == 2


def test_warnings_pass_but_fail_under_strict(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(data_dir / "contoh/alpha/2024/program.yaml", "realisasi: 150000", "realisasi: 250000")
    assert main(["validate", str(data_dir)]) == 0
    assert (
        "peringatan: realisasi (Rp 250.000) melebihi pagu (Rp 200.000)" in capsys.readouterr().err
    )
    assert main(["validate", "--strict", str(data_dir)]) == 1


def test_missing_folder_is_a_one_line_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "tidak-ada"]) == 1
    assert capsys.readouterr().err == "galat: folder 'tidak-ada' tidak ditemukan\n"


def test_folder_without_data_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert "bukan folder data LKjIP" in capsys.readouterr().err


def test_hitung_prints_corrected_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["hitung", str(MINIMAL)]) == 0
    out = capsys.readouterr().out
    assert (
        "Indeks Kepuasan Masyarakat: target 85, realisasi 88,61 Angka, capaian 104,25 % — Sangat Tinggi"
        in out
    )
    assert "Realisasi: Rp 1.000.000 — serapan 90,91 %" in out
    assert "Pagu: Rp 1.100.000 (Satu juta seratus ribu rupiah)" in out
    assert "Nilai SAKIP 2023: 64,40, predikat B (Baik)" in out


def test_bug_exits_2_with_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("generator.result_checks.resolve_selection", boom)
    assert main(["validate", str(MINIMAL)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "bug pada lkjip" in err


def test_python_dash_m_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(MINIMAL)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Data valid" in result.stdout


def test_printed_paths_open_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lkjip validate .` inside a kecamatan folder printed data/rembang/sumber/… paths,
    which do not exist from there."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data", data)
    kec = data / "rembang" / "sumber"
    text = (kec / "2024" / "kinerja.yaml").read_text(encoding="utf-8")
    (kec / "2024" / "kinerja.yaml").write_text(
        text.replace("realisasi: ", "realisasii: ", 1), encoding="utf-8"
    )
    text = (kec / "renstra.yaml").read_text(encoding="utf-8")
    (kec / "renstra.yaml").write_text(
        text.replace("skala: ikm", "skala: ikmm", 1), encoding="utf-8"
    )
    for folder, arg in ((kec, "."), (kec / "2024", ".."), (tmp_path / "lain", "../data")):
        folder.mkdir(exist_ok=True)
        monkeypatch.chdir(folder)
        assert main(["validate", arg]) == 1
        lines = capsys.readouterr().err.splitlines()[:-1]
        assert len(lines) >= 2
        for line in lines:
            assert Path(line.split(":", 1)[0]).is_file(), (folder, line)


def test_a_broken_year_does_not_hide_the_other_years(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every problem in one pass: a year whose file fails its schema used to stop the
    cross-checks of every year of that kecamatan."""
    monkeypatch.chdir(data_dir.parent)
    assert main(["tahun-baru", "contoh/alpha", "2025", "--data", "data"]) == 0
    edit(data_dir / "contoh/alpha/2025/laporan.yaml", "tempat: Alpha\n", "")
    edit(
        data_dir / "contoh/alpha/2024/pk.yaml",
        "{indikator: ikm, target: 85}",
        "{indikator: ikmm, target: 85}",
    )
    capsys.readouterr()
    assert main(["validate", "data"]) == 1
    err = capsys.readouterr().err
    assert "data/contoh/alpha/2025/laporan.yaml:3:1: tempat: wajib diisi" in err
    assert "data/contoh/alpha/2024/pk.yaml:18:10: perjanjian[1].sasaran[0].indikator: " in err
