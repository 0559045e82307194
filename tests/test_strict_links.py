"""Strict builds: a link to a missing page or anchor, from a template or a narrative, fails
``lkjip build`` with a located Indonesian message, and the published site stays as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import DATA, edit

ROOT = Path(__file__).parents[1]
KEC = Path("contoh/alpha")
NARASI = KEC / "2024/narasi/kata-pengantar.md"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _fails(data: Path, out: Path, capsys: pytest.CaptureFixture[str], *jobs: str) -> str:
    """Build ``data`` once as it is, then after the test's change: the second build fails
    with exit 1 and leaves the first site untouched; return its message."""
    before = _tree(out)
    code = main(["build", str(data), "--keluaran", str(out), *jobs])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert _tree(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".site.")] == []
    return err


@pytest.fixture
def published(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 0
    capsys.readouterr()
    return out


def _override(data: Path, template: str, extra: str) -> Path:
    """A kecamatan's templat/ copy of ``template`` with ``extra`` lines appended."""
    target = data / KEC / "templat" / template
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "site_templates" / template).read_text(encoding="utf-8")
    target.write_text(text + extra, encoding="utf-8")
    return target


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_template_link_to_a_missing_page_fails_the_build(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _override(data_dir, "tahun/bab-4.md.j2", "\nLihat [lampiran](tidak-ada.md).\n")
    err = _fails(data_dir, published, capsys)
    line = _line_of(template, "tidak-ada.md")
    assert f"templat/tahun/bab-4.md.j2:{line}:" in err
    assert "tautan 'tidak-ada.md' di halaman 2024/bab-4-penutup.md" in err
    assert "menuju halaman yang tidak ada" in err


def test_template_link_to_a_missing_anchor_fails_the_build(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _override(data_dir, "tahun/bab-4.md.j2", "\n[Bab I](bab-1-pendahuluan.md#tidak-ada)\n")
    err = _fails(data_dir, published, capsys)
    assert "templat/tahun/bab-4.md.j2:" in err
    assert "jangkar '#tidak-ada' yang tidak ada" in err


def test_template_link_to_a_missing_anchor_on_its_own_page(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _override(data_dir, "situs/metodologi.md.j2", "\n[atas](#tidak-ada)\n")
    err = _fails(data_dir, published, capsys)
    assert "templat/situs/metodologi.md.j2:" in err
    assert "tautan '#tidak-ada' di halaman metodologi.md" in err


def test_template_absolute_link_fails_the_build(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _override(data_dir, "tahun/bab-4.md.j2", "\n[portal](/index.html)\n")
    err = _fails(data_dir, published, capsys)
    assert "templat/tahun/bab-4.md.j2:" in err
    assert "tautan '/index.html' di halaman 2024/bab-4-penutup.md adalah tautan absolut" in err


def test_narrative_link_to_a_missing_page_fails_the_build(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(data_dir / NARASI, "tahun 2024.", "tahun 2024.\n\nLihat [x](tidak-ada.md).")
    err = _fails(data_dir, published, capsys)
    assert f"{NARASI.as_posix()}:3:11:" in err
    assert "tautan 'tidak-ada.md' menuju halaman atau berkas yang tidak ada" in err
    assert "halaman 2024/kata-pengantar.html" in err


def test_narrative_link_to_a_missing_anchor_fails_the_build(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(data_dir / NARASI, "tahun 2024.", "tahun 2024.\n\nLihat [x](#tidak-ada).")
    err = _fails(data_dir, published, capsys)
    assert f"{NARASI.as_posix()}:3:11:" in err
    assert "jangkar '#tidak-ada' yang tidak ada pada halaman 2024/kata-pengantar.html" in err


def test_narrative_links_that_lead_somewhere_build(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        data_dir / NARASI,
        "tahun 2024.",
        "tahun 2024. Lihat [bab I](bab-1-pendahuluan.html), [pengantar](#kata-pengantar), "
        "[tren](../tren.html), [PK](lampiran/pk.pdf) dan [situs lain](https://example.org/x#y).",
    )
    assert main(["build", str(data_dir), "--keluaran", str(published)]) == 0, (
        capsys.readouterr().err
    )


def test_narrative_link_written_as_markdown_file_gets_a_hint(
    data_dir: Path, published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(data_dir / NARASI, "tahun 2024.", "tahun 2024. [Bab I](bab-1-pendahuluan.md)")
    err = _fails(data_dir, published, capsys)
    assert "tulis halaman dengan akhiran .html, mis. 'bab-1-pendahuluan.html'" in err


def test_a_broken_link_in_a_worker_is_reported_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    out = tmp_path / "site"
    assert main(["build", str(data), "--keluaran", str(out), "--jobs", "2"]) == 0
    capsys.readouterr()
    narasi = data / "rembang/sumber/2024/narasi/penutup.md"
    narasi.write_text(narasi.read_text(encoding="utf-8") + "\n[x](#tidak-ada)\n", "utf-8")
    err = _fails(data, out, capsys, "--jobs", "2")
    assert "rembang/sumber/2024/narasi/penutup.md:" in err
    assert "jangkar '#tidak-ada'" in err


def test_other_mkdocs_warnings_fail_the_build_too_in_indonesian() -> None:
    from generator.site import Site
    from generator.tautan import mkdocs_issues

    site = Site("contoh/alpha", "Kecamatan Alpha")
    omitted = (
        "The following pages exist in the docs directory, but are not included in the "
        '"nav" configuration:\n  - x.md\n  - 2024/y.md'
    )
    issues = mkdocs_issues(site, [omitted, "Something new"])
    assert [i.format() for i in issues] == [
        "situs contoh/alpha:1:1: halaman tidak tercantum di navigasi (tata-letak.yaml): "
        "x.md, 2024/y.md",
        "situs contoh/alpha:1:1: MkDocs memperingatkan: Something new",
    ]
