"""Review history from git, on a temporary repository with several commits."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.history import read_history
from tests.conftest import MINIMAL, edit


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root / "data")
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "staf@kecamatan.id")
    _git(root, "config", "user.name", "Staf Kecamatan")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "Data awal 2024")
    kinerja = root / "data/contoh/alpha/2024/kinerja.yaml"
    edit(kinerja, "realisasi: 88.61", "realisasi: 88.6")
    _git(root, "commit", "-qam", "Realisasi IKM dari laporan sementara")
    edit(kinerja, "realisasi: 88.6\n", "realisasi: 88.61\n")
    _git(root, "commit", "-qam", "Realisasi IKM final")
    (root / "data/contoh/alpha/2024/narasi/kata-pengantar.md").write_text(
        "Teks baru.\n", encoding="utf-8"
    )
    _git(root, "commit", "-qam", "Perbaiki kata pengantar")
    return root


def test_history_summarises_changes_in_published_figures(repo: Path) -> None:
    history = read_history(repo / "data/contoh", "alpha", [2024])
    assert history.catatan is None
    assert [c.judul for c in history.perubahan] == [
        "Perbaiki kata pengantar",
        "Realisasi IKM final",
        "Realisasi IKM dari laporan sementara",
        "Data awal 2024",
    ]
    final = history.perubahan[1]
    assert final.ringkasan == (
        "Realisasi Indeks Kepuasan Masyarakat 2024: 88,6 → 88,61; capaian 104,24 % → 104,25 %",
    )
    assert history.perubahan[0].ringkasan == ("Tidak mengubah angka yang diterbitkan.",)
    assert history.perubahan[-1].ringkasan == ("Data pertama kali tercatat.",)
    assert history.perubahan[0].penulis == "Staf Kecamatan"
    assert 2024 in history.terakhir


def test_invalid_version_is_reported_not_crashed(repo: Path) -> None:
    edit(repo / "data/contoh/alpha/2024/laporan.yaml", "tahun: 2024", "tahun: dua ribu")
    _git(repo, "commit", "-qam", "Salah ketik")
    history = read_history(repo / "data/contoh", "alpha", [2024])
    assert history.perubahan[0].ringkasan == (
        "Data pada versi ini tidak lolos validasi; angka tidak diterbitkan.",
    )


def test_without_git_there_is_a_clear_note(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "data")
    history = read_history(tmp_path / "data/contoh", "alpha", [2024])
    assert history.perubahan == ()
    assert (
        history.catatan
        == "Riwayat perubahan tidak tersedia: data tidak berada dalam repositori git."
    )


def test_shallow_clone_is_noted(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "dangkal"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    history = read_history(clone / "data/contoh", "alpha", [2024])
    assert history.catatan == "Riwayat terpotong: repositori ini hasil clone dangkal (shallow)."
    assert 1 <= len(history.perubahan) <= 2


def test_site_shows_history_page_and_last_change(repo: Path) -> None:
    from generator.cli import main

    out = repo.parent / "site"
    assert main(["build", str(repo / "data"), "--keluaran", str(out)]) == 0
    page = (out / "contoh/alpha/riwayat.html").read_text(encoding="utf-8")
    assert "Realisasi IKM final" in page
    assert "88,6 → 88,61; capaian 104,24 % → 104,25 %" in page
    chapter = (out / "contoh/alpha/2024/bab-3-akuntabilitas-kinerja.html").read_text(
        encoding="utf-8"
    )
    assert "terakhir berubah pada" in chapter and 'href="../riwayat.html"' in chapter


def test_a_commit_message_with_quotes_reads_right_in_heading_and_sidebar(repo: Path) -> None:
    """A commit title is data: an apostrophe, quotes, & and < show as typed in the page's
    heading and in its table of contents (a numeric entity was escaped twice there)."""
    from generator.cli import main

    (repo / "data/contoh/alpha/2024/narasi/kata-pengantar.md").write_text(
        "Teks lain.\n", encoding="utf-8"
    )
    _git(repo, "commit", "-qam", 'Data Ma\'ruf: "resmi" & <b>final</b>')
    out = repo.parent / "site"
    assert main(["build", str(repo / "data"), "--keluaran", str(out)]) == 0
    page = (out / "contoh/alpha/riwayat.html").read_text(encoding="utf-8")
    shown = "Data Ma'ruf: &quot;resmi&quot; &amp; &lt;b&gt;final&lt;/b&gt;"
    assert page.count(shown) >= 2  # the heading and the sidebar entry
    assert "&amp;#" not in page and "&amp;quot;" not in page and "&amp;amp;" not in page
    assert "<b>final</b>" not in page


def test_figures_of_old_versions_are_computed_once(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old versions never change: their figures come from the user cache on the next build."""
    import generator.history

    monkeypatch.setenv("LKJIP_CACHE", str(tmp_path / "cache"))
    first = read_history(repo / "data/contoh", "alpha", [2024])
    # Four commits, three distinct versions: the third restores the data of the first.
    assert len(list((tmp_path / "cache/riwayat").glob("*.json"))) == 3

    def refuse(*args: object) -> None:
        raise AssertionError("recomputed a version already in the cache")

    monkeypatch.setattr(generator.history, "_snapshot", refuse)
    assert read_history(repo / "data/contoh", "alpha", [2024]) == first


def test_an_unusable_cache_only_costs_time(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder", encoding="utf-8")
    monkeypatch.setenv("LKJIP_CACHE", str(blocker / "cache"))  # cannot be created
    expected = read_history(repo / "data/contoh", "alpha", [2024])
    monkeypatch.setenv("LKJIP_CACHE", str(tmp_path / "rusak"))
    read_history(repo / "data/contoh", "alpha", [2024])
    for entry in (tmp_path / "rusak/riwayat").glob("*.json"):
        entry.write_text("{tidak lengkap", encoding="utf-8")  # e.g. a crash mid-write elsewhere
    assert read_history(repo / "data/contoh", "alpha", [2024]) == expected
    assert not list(blocker.parent.glob("**/*.tmp"))
