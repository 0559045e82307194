"""The invalid-input corpus: each case breaks the minimal valid data folder in one way.

A case (tests/invalid/NN-name.yaml) lists text edits (``ubah``), files to write as text
(``tulis``), as hex bytes (``tulis_heks``) or as N bytes of comment (``tulis_besar``),
symbolic links (``tautan``: path → target), files to delete (``hapus``), the command
(``perintah``, default ``validate``) with optional arguments, and the exact expected
output (``harapan``). ``pytest --update-golden`` rewrites the expectations; review the diff.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import edit

CASES = sorted((Path(__file__).parent / "invalid").glob("*.yaml"))


def _apply(case: dict[str, object], data: Path) -> None:
    for change in case.get("ubah", []):  # type: ignore[attr-defined]
        edit(data / change["berkas"], change["cari"], change["ganti"])
    for rel, text in case.get("tulis", {}).items():  # type: ignore[attr-defined]
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_text(text, encoding="utf-8")
    for rel, hexdata in case.get("tulis_heks", {}).items():  # type: ignore[attr-defined]
        (data / rel).write_bytes(bytes.fromhex(hexdata))
    for rel, size in case.get("tulis_besar", {}).items():  # type: ignore[attr-defined]
        (data / rel).write_bytes(b"# " + b"x" * size + b"\n")
    for rel, target in case.get("tautan", {}).items():  # type: ignore[attr-defined]
        (data / rel).unlink(missing_ok=True)
        (data / rel).symlink_to(target)
    for rel in case.get("hapus", []):  # type: ignore[attr-defined]
        (data / rel).unlink()


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("case_path", CASES, ids=lambda p: p.stem)
def test_invalid_case(
    case_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    update_golden: bool,
) -> None:
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    _apply(case, data_dir)
    before = _tree_digest(data_dir)
    monkeypatch.chdir(data_dir.parent)
    command = case.get("perintah", "validate")
    extra = ["--keluaran", str(data_dir.parent / "site")] if command == "build" else []
    code = main([command, "data", *extra, *case.get("argumen", [])])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert _tree_digest(data_dir) == before, "validate must never modify data/"
    if update_golden:
        case["harapan"] = out.err
        case_path.write_text(
            yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
        )
        return
    assert code == 1
    assert out.err == case["harapan"]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 60
