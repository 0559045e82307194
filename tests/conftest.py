"""Shared fixtures: a copy of the minimal valid data tree to break in tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any test module imports openpyxl: the package keeps openpyxl off lxml (see its
# __init__), and a test that imports openpyxl first would otherwise get lxml's writer.
import generator  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).parents[1] / "data"
MINIMAL = FIXTURES / "minimal"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or fill the user's own cache folder (~/.cache/lkjip)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LKJIP_CACHE", str(tmp_path_factory.mktemp("lkjip-cache")))
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of the minimal valid data folder, named ``data``."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite expected outputs from actual ones"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    from generator.cli import main

    assert main(["build", str(DATA), "--keluaran", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def draf_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal data with its report marked as a draft."""
    root = tmp_path_factory.mktemp("draf") / "data"
    shutil.copytree(MINIMAL, root)
    edit(root / "contoh" / "alpha" / "2024" / "laporan.yaml", "status: final", "status: draf")
    return root
