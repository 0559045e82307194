"""A build with nothing changed does nothing, repeats its warnings, and never hides an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import MINIMAL, edit

UNCHANGED = "(Tidak ada data, templat atau versi lkjip yang berubah sejak build terakhir.)"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The minimal data with a second kecamatan and one warning ("belum diisi")."""
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    shutil.copytree(root / "contoh/alpha", root / "contoh/beta")
    edit(root / "contoh/beta/kecamatan.yaml", "nama: Alpha", "nama: Beta")
    narrative = root / "contoh/beta/2024/narasi/kata-pengantar.md"
    narrative.write_text("Kata pengantar (belum diisi).\n", encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _build(data: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code = main(["build", str(data), "--keluaran", str(out), "--jobs", "1", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out + captured.err


def test_nothing_changed_leaves_the_site_alone_and_repeats_warnings(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    first = _build(data, out, capsys)
    assert "kata-pengantar.md:1:16: peringatan: belum diisi" in first
    folder = out.stat().st_ino
    files = {p: p.stat().st_ino for p in out.rglob("*")}
    second = _build(data, out, capsys)
    assert UNCHANGED in second
    assert "0 kecamatan dibangun, 2 tidak berubah, portal tidak berubah" in second
    assert "kata-pengantar.md:1:16: peringatan: belum diisi" in second
    assert out.stat().st_ino == folder, "site/ was not even replaced"
    assert {p: p.stat().st_ino for p in out.rglob("*")} == files


@pytest.mark.parametrize(
    "change",
    [
        "edit a figure",
        "touch a new file in the kabupaten",
        "add a kecamatan",
        "rename a year",
    ],
)
def test_any_change_takes_the_full_path(
    change: str, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    _build(data, out, capsys)
    if change == "edit a figure":
        edit(data / "contoh/beta/2024/kinerja.yaml", "realisasi: 88.61", "realisasi: 87.5")
    elif change == "touch a new file in the kabupaten":
        (data / "contoh/catatan.txt").write_text("catatan\n", encoding="utf-8")
    elif change == "add a kecamatan":
        shutil.copytree(data / "contoh/alpha", data / "contoh/gamma")
    else:
        (data / "contoh/beta/2024").rename(data / "contoh/beta/2025")
        for name in ("laporan.yaml", "pk.yaml"):
            path = data / "contoh/beta/2025" / name
            path.write_text(path.read_text(encoding="utf-8").replace("2024", "2025"), "utf-8")
    code = main(["build", str(data), "--keluaran", str(out), "--jobs", "1"])
    output = capsys.readouterr()
    assert UNCHANGED not in output.out
    assert code == 0 or "galat" in output.err  # a full load: errors, if any, are reported


def test_an_error_is_reported_even_when_every_site_is_unchanged(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    _build(data, out, capsys)
    wrong = data / "contoh/Kecamatan Baru"  # has settings, but a folder name the rules refuse
    shutil.copytree(data / "contoh/alpha", wrong)
    assert main(["build", str(data), "--keluaran", str(out)]) == 1
    assert "nama folder hanya boleh huruf kecil" in capsys.readouterr().err


def test_forced_partial_and_forgotten_builds_take_the_full_path(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    _build(data, out, capsys)
    assert "2 kecamatan dibangun" in _build(data, out, capsys, "--bersih")
    assert UNCHANGED not in _build(data, out, capsys, "--kecamatan", "contoh/alpha")
    assert UNCHANGED not in _build(data, out, capsys, "--sertakan-draf")
    _build(data, out, capsys)  # back to the default options
    assert UNCHANGED in _build(data, out, capsys)
    monkeypatch.setenv("LKJIP_CACHE", str(tmp_path / "cache-lain"))  # warnings not remembered
    again = _build(data, out, capsys)
    assert UNCHANGED not in again and "0 kecamatan dibangun, 2 tidak berubah" in again
    assert "peringatan: belum diisi" in again
