"""Building at scale: parallel builds equal serial ones, unchanged sites are reused, shards
partition the sites and ``lkjip portal`` assembles them, synthetic data is valid and seeded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.asal import BuildInfo
from generator.cache import CACHE_FILE, site_key
from generator.cli import load_and_validate, main
from generator.publish import Shard
from tests.conftest import MINIMAL, edit

SLUGS = ["contoh/alpha", "contoh/beta", "contoh/gamma"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != CACHE_FILE
    }


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal data with three kecamatan (alpha, beta, gamma), read-only for the tests."""
    root = tmp_path_factory.mktemp("skala") / "data"
    shutil.copytree(MINIMAL, root)
    for name in ("beta", "gamma"):
        shutil.copytree(root / "contoh" / "alpha", root / "contoh" / name)
        edit(root / "contoh" / name / "kecamatan.yaml", "nama: Alpha", f"nama: {name.title()}")
    return root


@pytest.fixture(scope="module")
def serial(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A serial full build, the reference every other build is compared with."""
    out = tmp_path_factory.mktemp("serial") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        assert main(["build", str(data), "--keluaran", str(out), "--jobs", "1"]) == 0
    return out


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_parallel_build_equals_serial_build(data: Path, serial: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(data), "--keluaran", str(out), "--jobs", "3"]) == 0
    assert _tree(out) == _tree(serial)
    for slug in SLUGS:
        assert (out / slug / CACHE_FILE).read_bytes() == (serial / slug / CACHE_FILE).read_bytes()


def test_unchanged_sites_are_reused_and_a_change_rebuilds_only_its_site(
    data: Path, serial: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "data"
    shutil.copytree(data, local)
    out = tmp_path / "site"
    shutil.copytree(serial, out)
    before = {slug: _inodes(out / slug) for slug in SLUGS}
    portal = [out / "index.html", out / "contoh/index.html", out / "search/search_index.json"]
    portal_before = [p.stat().st_ino for p in portal]

    assert main(["build", str(local), "--keluaran", str(out), "--jobs", "2"]) == 0
    assert "0 kecamatan dibangun, 3 tidak berubah, portal tidak berubah" in capsys.readouterr().out
    # Reused sites and portal pages are the very same files (hard links), not copies.
    assert {slug: _inodes(out / slug) for slug in SLUGS} == before
    assert [p.stat().st_ino for p in portal] == portal_before
    assert _tree(out) == _tree(serial)

    edit(local / "contoh/beta/2024/kinerja.yaml", "realisasi: 88.61", "realisasi: 87.5")
    assert main(["build", str(local), "--keluaran", str(out), "--jobs", "2"]) == 0
    assert "1 kecamatan dibangun, 2 tidak berubah, portal dibangun ulang" in capsys.readouterr().out
    after = {slug: _inodes(out / slug) for slug in SLUGS}
    assert after["contoh/alpha"] == before["contoh/alpha"]
    assert after["contoh/gamma"] == before["contoh/gamma"]
    assert not set(after["contoh/beta"].values()) & set(before["contoh/beta"].values())
    assert "87,50" in (out / "contoh/beta/2024/bab-3-akuntabilitas-kinerja.html").read_text(
        encoding="utf-8"
    )
    # The portal was rebuilt: the kabupaten page now shows beta's new average capaian.
    assert (out / "contoh/index.html").read_bytes() != (serial / "contoh/index.html").read_bytes()

    assert main(["build", str(local), "--keluaran", str(out), "--bersih"]) == 0
    assert "3 kecamatan dibangun, 0 tidak berubah, portal dibangun ulang" in capsys.readouterr().out
    rebuilt = {slug: _inodes(out / slug) for slug in SLUGS}
    for slug in SLUGS:
        assert not set(rebuilt[slug].values()) & set(after[slug].values())


def test_touching_a_file_without_changing_it_rebuilds_nothing(
    data: Path, serial: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "data"
    shutil.copytree(data, local)
    target = local / "contoh/alpha/2024/program.yaml"
    target.write_bytes(target.read_bytes())  # new mtime, same bytes
    out = tmp_path / "site"
    shutil.copytree(serial, out)
    assert main(["build", str(local), "--keluaran", str(out)]) == 0
    assert "0 kecamatan dibangun, 3 tidak berubah" in capsys.readouterr().out


def test_key_covers_kabupaten_templates_options_and_fixed_date(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "data"
    shutil.copytree(data, local)
    project, _ = load_and_validate(str(local))
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    info = BuildInfo(dt.date(2024, 1, 1))
    key = site_key(kab, kec, info)
    assert site_key(kab, kec, info, cetak=frozenset({"pdf"})) != key
    assert site_key(kab, kab.kecamatan[1], info) != key
    # With SOURCE_DATE_EPOCH the date is stamped into every download, so it is in the key...
    assert site_key(kab, kec, dataclasses.replace(info, tanggal=dt.date(2024, 1, 2))) != key
    # ...without it a reused site keeps the date of the build that produced it.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    undated = site_key(kab, kec, info)
    assert site_key(kab, kec, dataclasses.replace(info, tanggal=dt.date(2024, 1, 2))) == undated
    gamma = kab.kecamatan[2]
    before = site_key(kab, gamma, info)
    (local / "contoh" / "templat" / "tahun").mkdir(parents=True)
    (local / "contoh" / "templat" / "tahun" / "bab-4.md.j2").write_text("# BAB IV\n", "utf-8")
    assert site_key(kab, kec, info) != undated
    edit(local / "contoh" / "kabupaten.yaml", "visi: Contoh Maju 2026", "visi: Contoh Jaya 2026")
    changed = site_key(kab, gamma, info)
    assert changed not in (before, site_key(kab, kec, info))
    with_commit = BuildInfo(info.tanggal, {"contoh/gamma": "abc123"})
    assert site_key(kab, gamma, with_commit) != changed


def test_shards_partition_the_sites_and_portal_assembles_them(
    data: Path, serial: Path, tmp_path: Path
) -> None:
    shares = [Shard(i, 2).select(reversed(SLUGS)) for i in (1, 2)]
    assert shares == [["contoh/alpha", "contoh/gamma"], ["contoh/beta"]]
    assert Shard(1, 2).select(SLUGS) == shares[0]  # independent of listing order
    merged = tmp_path / "gabungan" / "site"
    for i, share in enumerate(shares, start=1):
        out = tmp_path / f"bagian-{i}" / "site"
        assert main(["build", str(data), "--keluaran", str(out), "--shard", f"{i}/2"]) == 0
        built = sorted(p.parent.relative_to(out).as_posix() for p in out.glob("*/*/index.html"))
        assert built == share
        assert not (out / "index.html").exists()  # no portal in a shard
        shutil.copytree(out, merged, dirs_exist_ok=True)
    assert main(["portal", str(data), "--keluaran", str(merged)]) == 0
    assert _tree(merged) == _tree(serial)


def test_portal_refuses_a_folder_missing_sites(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portal", str(data), "--keluaran", str(tmp_path / "site")]) == 1
    assert "situs kecamatan belum ada" in capsys.readouterr().err


def test_bad_shard_is_a_usage_error() -> None:
    with pytest.raises(SystemExit):
        main(["build", "data", "--shard", "3/2"])
    with pytest.raises(SystemExit):
        main(["build", "data", "--jobs", "0"])


def test_synthetic_data_validates_strictly_and_is_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert main(["contoh", "12", "--keluaran", str(first), "--benih", "7"]) == 0
    assert main(["contoh", "12", "--keluaran", str(second), "--benih", "7"]) == 0
    assert main(["contoh", "12", "--keluaran", str(other), "--benih", "8"]) == 0
    assert _tree(first) == _tree(second)
    assert _tree(first) != _tree(other)
    assert main(["validate", "--strict", str(first)]) == 0
    assert main(["validate", "--strict", str(other)]) == 0
    assert "Data valid: 12 kecamatan" in capsys.readouterr().out
    years = {p.name for p in first.glob("*/*/[0-9][0-9][0-9][0-9]")}
    assert len(years) > 1  # several report years
    assert main(["contoh", "3", "--keluaran", str(first)]) == 1  # never overwrites


def test_a_threaded_process_builds_with_spawned_workers(
    data: Path, serial: Path, tmp_path: Path
) -> None:
    """``lkjip serve`` builds while its HTTP thread runs; forking then could deadlock."""
    import threading

    from generator.publish import _context

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert _context().get_start_method() == "spawn"
        out = tmp_path / "site"
        assert main(["build", str(data), "--keluaran", str(out), "--jobs", "2"]) == 0
    finally:
        stop.set()
        thread.join()
    assert _tree(out) == _tree(serial)


def test_key_follows_site_templates_within_one_process(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``lkjip serve`` rebuilds in the same process after a template is edited."""
    import generator.cache

    templates = tmp_path / "site_templates"
    templates.mkdir()
    (templates / "bab.md.j2").write_text("# BAB\n", encoding="utf-8")
    monkeypatch.setattr(generator.cache, "SITE_TEMPLATES", templates)
    project, _ = load_and_validate(str(data))
    kab = project.kabupaten[0]
    info = BuildInfo(dt.date(2024, 1, 1))
    before = site_key(kab, kab.kecamatan[0], info)
    (templates / "bab.md.j2").write_text("# BAB I\n", encoding="utf-8")
    assert site_key(kab, kab.kecamatan[0], info) != before


def test_key_follows_the_data_repositorys_own_content_pages(data_dir: Path) -> None:
    """A content/ folder beside the data (``lkjip init``) replaces the packaged pages."""
    from generator.paths import CONTENT

    project, _ = load_and_validate(str(data_dir))
    kab = project.kabupaten[0]
    info = BuildInfo(dt.date(2024, 1, 1))
    packaged = site_key(kab, kab.kecamatan[0], info)
    own = data_dir.parent / "content"
    shutil.copytree(CONTENT, own)
    assert site_key(kab, kab.kecamatan[0], info) == packaged  # same pages, same site
    (own / "kecamatan" / "cara-membaca.md").write_text("# Cara membaca\n\nLain.\n", "utf-8")
    assert site_key(kab, kab.kecamatan[0], info) != packaged


def test_portal_key_follows_sites_drafts_and_portal_pages(tmp_path: Path) -> None:
    from generator.cache import portal_key
    from generator.paths import CONTENT

    root = tmp_path / "data"  # only its place matters: content/ beside it, or the packaged one
    keys = {slug: f"kunci-{slug}" for slug in SLUGS}
    first = portal_key(keys, False, root)
    assert portal_key(dict(reversed(keys.items())), False, root) == first  # order does not matter
    assert portal_key(keys | {"contoh/beta": "lain"}, False, root) != first
    assert portal_key({k: v for k, v in keys.items() if k != "contoh/beta"}, False, root) != first
    assert portal_key(keys, True, root) != first
    content = tmp_path / "content"  # the data repository's own pages, same as the packaged ones
    shutil.copytree(CONTENT, content)
    assert portal_key(keys, False, root) == first
    (content / "portal/tentang.md").write_text("# Tentang\n", encoding="utf-8")
    assert portal_key(keys, False, root) != first


def test_data_outside_git_runs_no_git_per_kecamatan(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from generator.asal import build_info
    from generator.history import NO_GIT

    project, _ = load_and_validate(str(data))
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args: list[str], **kwargs: object) -> object:
        calls.append(args)
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    info = build_info(project)
    assert len(calls) == 1  # one "is this a git work tree?" for the whole project
    assert info.riwayat == dict.fromkeys(SLUGS, NO_GIT)
    assert info.commit == dict.fromkeys(SLUGS)
