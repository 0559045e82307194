"""The built wheel works on its own: ``pip install`` it into a fresh virtualenv, ``lkjip init``
a kabupaten repository in an empty folder, and ``lkjip build`` it, far from this checkout.

The virtualenv sees the system's site-packages (the dependencies need no download), so the
test checks that the ``generator`` it runs is the wheel's copy, not this checkout (nor an
editable install of it). Building the wheel runs pip's usual isolated build, which installs
setuptools from the configured package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.paths import IFRAME_WORKER_SHIM, SASTRAWIJS, SASTRAWIJS_LICENCE

ROOT = Path(__file__).parents[1]
# What the wheel is built from: the checkout without tests, data, docs or node_modules.
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "mkdocs.yml",
    "generator",
    "site_templates",
    "content",
)
MARKER = "Halaman ini ditulis sendiri oleh kabupaten."


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A virtualenv with the freshly built wheel installed, and the environment to run it in."""
    work = tmp_path_factory.mktemp("roda")
    source = work / "sumber"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            source.mkdir(exist_ok=True)
            shutil.copyfile(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["LKJIP_CACHE"] = str(work / "cache")
    pip = [sys.executable, "-m", "pip"]
    _run([*pip, "wheel", str(source), "--no-deps", "-w", str(work / "dist")], work, env)
    (wheel,) = (work / "dist").glob("lkjip-*.whl")
    # No pip inside the virtualenv (installing it is most of the time a venv takes): this
    # pip installs into it.
    venv = [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages"]
    _run([*venv, str(work / "venv")], work, env)
    python = work / "venv" / "bin" / "python"
    _run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], work, env
    )
    return work / "venv", env


def test_the_wheel_alone_initialises_and_builds_a_kabupaten_repository(
    venv: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, env = venv
    where = _run(
        [
            str(folder / "bin" / "python"),
            "-c",
            "import generator, generator.paths as p; print(generator.__file__); print(p.ROOT)",
        ],
        tmp_path,
        env,
    ).split()
    assert all(Path(p).is_relative_to(folder) for p in where), where  # not this checkout
    lkjip = str(folder / "bin" / "lkjip")
    out = _run(
        [lkjip, "init", "repo", "--kecamatan", "blora/cepu", "--tahun", "2024"], tmp_path, env
    )
    assert "Repositori data LKjIP dibuat di" in out and "cd repo" in out
    repo = tmp_path / "repo"
    for path in ("data/blora/kabupaten.yaml", ".github/workflows/lkjip.yml", ".gitignore"):
        assert (repo / path).is_file(), path
    # The repository's own content/ is what its sites show.
    tentang = repo / "content" / "portal" / "tentang.md"
    tentang.write_text(tentang.read_text(encoding="utf-8") + f"\n{MARKER}\n", encoding="utf-8")
    out = _run([lkjip, "build"], repo, env)
    assert "1 kecamatan dibangun" in out
    site = repo / "site"
    kec = site / "blora" / "cepu"
    for page in ("index.html", "2024/index.html", "2024/bab-3-akuntabilitas-kinerja.html"):
        assert "Kecamatan Cepu" in (kec / page).read_text(encoding="utf-8"), page
    assert MARKER in (site / "tentang.html").read_text(encoding="utf-8")
    lunr = kec / "assets" / "javascripts" / "lunr" / "min"
    assert (lunr / "sastrawijs.umd.js").read_bytes() == SASTRAWIJS.read_bytes()
    assert (lunr / "sastrawijs.LICENSE.txt").read_bytes() == SASTRAWIJS_LICENCE.read_bytes()
    shim = kec / "assets" / "lkjip" / "iframe-worker-shim.js"
    assert shim.read_bytes() == IFRAME_WORKER_SHIM.read_bytes()
    assert (lunr / "lunr.id.min.js").is_file()
