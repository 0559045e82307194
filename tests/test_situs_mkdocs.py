"""MkDocs in-process (generator.situs_mkdocs): the same site as the ``mkdocs build`` command,
minus the files no page loads; the theme's bytecode cache never breaks a build."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.asal import build_info
from generator.pembangun import bangun_situs
from generator.result_checks import load_and_compute
from generator.search import FALLBACK, FALLBACK_LICENCE, PLUGIN, indonesianize_index
from generator.site import render_all
from generator.situs_mkdocs import unused

ROOT = Path(__file__).parents[1]
EPOCH = "1700000000"
LUNR = "assets/javascripts/lunr"
# Written into Material's lunr folder after the build (generator.search).
OURS = {f"{LUNR}/min/{name}" for name in (PLUGIN, FALLBACK, FALLBACK_LICENCE)}


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _mkdocs_command(config: Path, site_dir: Path) -> None:
    """What every site was built with before: the ``mkdocs build`` command, in a subprocess."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)],
        check=True,
        env=env,
        capture_output=True,
    )
    (site_dir / "404.html").unlink(missing_ok=True)
    indonesianize_index(site_dir)


def test_in_process_build_is_byte_identical_to_the_mkdocs_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    data = load_and_compute(str(ROOT / "data"))
    portal, sites = render_all(data, None, build_info(data.project))
    logger = logging.getLogger("mkdocs")
    before = (logger.level, logger.propagate, list(logger.handlers))
    for site in [portal, sites[0]]:
        work = tmp_path / site.slug / "kerja"
        bangun_situs(site, work, tmp_path / site.slug / "baru")
        _mkdocs_command(work / "mkdocs.yml", tmp_path / site.slug / "perintah")
        new = _tree(tmp_path / site.slug / "baru")
        old = _tree(tmp_path / site.slug / "perintah")
        pruned = {rel for rel in old if unused(rel) and rel not in OURS}
        assert pruned, "the command's site has source maps and lunr languages to leave out"
        assert new == {rel: data for rel, data in old.items() if rel not in pruned}
    assert (logger.level, logger.propagate, list(logger.handlers)) == before


def test_published_site_has_no_source_maps_and_only_the_lunr_files_it_loads(
    built_site: Path,
) -> None:
    files = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()]
    assert [f for f in files if f.endswith(".map")] == []
    lunr = {re.sub(r"^.*assets/javascripts/lunr/", "", f) for f in files if f"{LUNR}/" in f}
    assert lunr == {
        "min/lunr.stemmer.support.min.js",  # loaded by Material's worker for any language
        "min/lunr.id.min.js",  # ours (generator.search)
        "min/sastrawijs.umd.js",
        "min/sastrawijs.LICENSE.txt",
    }
    # and Material's worker asks for nothing else with the one language our index names
    worker = next(built_site.glob("assets/javascripts/workers/search.*.min.js"))
    assert "lunr.stemmer.support.min.js" in worker.read_text(encoding="utf-8")


def _build(data: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LKJIP_CACHE=str(cache), SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", str(data), "--keluaran", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_theme_bytecode_cache_is_kept_and_a_damaged_one_is_compiled_again(
    data_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = _build(data_dir, tmp_path / "a", cache)
    assert first.returncode == 0, first.stderr
    compiled = list((cache / "jinja-mkdocs").iterdir())
    assert len(compiled) > 20  # Material's templates, one file each
    assert (cache / "jinja-mkdocs").stat().st_mode & 0o077 == 0  # private to the user
    for path in compiled:
        path.write_bytes(path.read_bytes()[:40] + b"rusak")
    second = _build(data_dir, tmp_path / "b", cache)
    assert second.returncode == 0, second.stderr
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_a_cache_folder_that_cannot_be_made_costs_only_speed(
    data_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")  # refuses mkdir, even for root
    result = _build(data_dir, tmp_path / "a", cache)
    assert result.returncode == 0, result.stderr


def test_only_the_seam_imports_mkdocs() -> None:
    importers = [
        p.name
        for p in sorted((ROOT / "generator").rglob("*.py"))
        if re.search(r"^\s*(from|import) mkdocs\b", p.read_text(encoding="utf-8"), re.M)
    ]
    assert importers == ["situs_mkdocs.py"]
