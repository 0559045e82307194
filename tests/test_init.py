"""``lkjip init``: a kabupaten data repository in an empty folder, never over anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.cli import _parser, main

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "catatan.txt").write_text("punya saya\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"galat: folder '{tmp_path}' tidak kosong (berisi catatan.txt); lkjip init hanya "
        "mengisi folder kosong atau yang belum ada, tidak ada yang ditimpa\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["catatan.txt"]
    assert (tmp_path / "catatan.txt").read_text(encoding="utf-8") == "punya saya\n"


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "repo").write_text("", encoding="utf-8")
    assert main(["init", str(tmp_path / "repo")]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == f"galat: '{tmp_path / 'repo'}' bukan folder; pilih folder kosong atau yang belum ada\n"
    )


def test_init_fills_the_current_folder_of_a_fresh_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty repository cloned from GitHub holds only ``.git``: that is empty enough."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--kecamatan", "blora/cepu", "--tahun", "2024"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Repositori data LKjIP dibuat di {tmp_path}:\n")
    assert "  data/blora/cepu/2024/laporan.yaml\n" in out
    assert "cd " not in out and "git init" not in out  # already here, already a repository
    assert main(["validate", "data"]) == 0
    assert "Data valid: 1 kecamatan, 1 tahun laporan." in capsys.readouterr().out


def test_every_yaml_file_points_its_editor_at_a_schema_that_exists(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "repo"), "--kecamatan", "blora/cepu"]) == 0
    files = sorted((tmp_path / "repo" / "data").rglob("*.yaml"))
    assert len(files) == 7  # kabupaten, kecamatan, renstra and the year's four
    for path in files:
        match = MODELINE.search(path.read_text(encoding="utf-8"))
        assert match, path
        assert (path.parent / match.group(1)).resolve().is_file(), path


def test_the_ci_workflow_runs_real_lkjip_commands(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path), "--kecamatan", "blora/cepu"]) == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/lkjip.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert 'python -m pip install "lkjip==0.1.0"' in runs
    commands = [run.split() for run in runs if run.startswith("lkjip ")]
    assert [c[1] for c in commands] == ["validate", "build"]
    for command in commands:
        _parser().parse_args(command[1:])  # exits (SystemExit) on an unknown command or option
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") for step in steps)
    gitignore = (tmp_path / ".gitignore").read_text(encoding="utf-8").split()
    assert "/site/" in gitignore


def test_a_linked_page_in_the_repositorys_own_content_is_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As anywhere in the data: a link could publish any file of the machine building it."""
    own = data_dir.parent / "content" / "portal"
    own.mkdir(parents=True)
    (own / "rahasia.md").symlink_to("/etc/hostname")
    monkeypatch.chdir(data_dir.parent)
    assert main(["build", "data"]) == 1
    assert capsys.readouterr().err == (
        "galat: 'content/portal/rahasia.md' adalah tautan simbolik (symlink); pakai berkas aslinya\n"
    )
    assert not (data_dir.parent / "site").exists()


def test_every_docs_reference_in_the_new_repository_exists(tmp_path: Path) -> None:
    """The YAML comments say "Lihat docs/data.md": the new repository has it, and it is the
    reference of the installed version (the same text as lkjip's own docs/data.md)."""
    repo = tmp_path / "repo"
    assert main(["init", str(repo), "--kecamatan", "blora/cepu"]) == 0
    cited = set()
    for path in [*repo.rglob("*.yaml"), *repo.rglob("*.md")]:
        cited |= set(re.findall(r"\bdocs/[a-z-]+\.md\b", path.read_text(encoding="utf-8")))
    assert "docs/data.md" in cited
    for name in cited:
        assert (repo / name).is_file(), name
    own = Path(__file__).parents[1] / "docs" / "data.md"
    assert (repo / "docs" / "data.md").read_text("utf-8") == own.read_text("utf-8")


class _Dist:
    def __init__(self, direct_url: str | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return self.direct_url if name == "direct_url.json" else None


@pytest.mark.parametrize(
    ("direct_url", "requirement", "warned"),
    [
        (None, "lkjip==0.1.0", False),  # from PyPI or a mirror: the same version from there
        (
            '{"url": "https://github.com/pemda/lkjip", '
            '"vcs_info": {"vcs": "git", "commit_id": "0123abc"}}',
            "lkjip @ git+https://github.com/pemda/lkjip@0123abc",
            False,
        ),
        ('{"url": "https://example.org/lkjip-0.1.0-py3-none-any.whl"}', None, False),
        ('{"url": "file:///home/staf/lkjip", "dir_info": {"editable": true}}', None, True),
        ('{"url": "file:///srv/lkjip", "vcs_info": {"vcs": "git", "commit_id": "1"}}', None, True),
        ("bukan json", None, True),
    ],
)
def test_the_workflow_installs_lkjip_from_where_it_was_installed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    direct_url: str | None,
    requirement: str | None,
    warned: bool,
) -> None:
    """CI must install the lkjip that made the repository: the same git commit, the same
    wheel URL or the same version from the index; a local folder gets a warning instead."""
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: _Dist(direct_url))
    assert main(["init", str(tmp_path / "repo"), "--kecamatan", "blora/cepu"]) == 0
    workflow = (tmp_path / "repo/.github/workflows/lkjip.yml").read_text("utf-8")
    runs = [s.get("run", "") for s in yaml.safe_load(workflow)["jobs"]["build"]["steps"]]
    if requirement is None and not warned:
        requirement = "lkjip @ https://example.org/lkjip-0.1.0-py3-none-any.whl"
    expected = requirement or "lkjip==0.1.0"
    assert f'python -m pip install "{expected}"' in runs
    err = capsys.readouterr().err
    assert ("tidak dapat dijangkau CI" in err) is warned
    assert "{pemasangan}" not in workflow and "{versi}" not in workflow
