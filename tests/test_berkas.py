"""Files that leave the data folder or run script on the site: only declared files of an
allowed type, checked by content, are published, and no input may be a symbolic link."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image

import generator.package
from generator import scaffold
from generator.cli import main
from generator.errors import UserError
from generator.load import Selection, discover, load_project
from tests.conftest import edit

EVIL_HTML = "<script>alert(document.domain)</script>\n"
EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n'


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(out, "PNG")
    return out.getvalue()


def _plant(data: Path) -> None:
    """Undeclared hostile files in lampiran/, and a declared PNG org chart."""
    lampiran = data / "contoh/alpha/2024/lampiran"
    (lampiran / "evil.html").write_text(EVIL_HTML, encoding="utf-8")
    (lampiran / "evil.svg").write_text(EVIL_SVG, encoding="utf-8")
    (lampiran / "lain.pdf").write_bytes(b"%PDF-1.4\n% not declared\n")
    (data / "contoh/alpha/bagan.png").write_bytes(_png())
    edit(
        data / "contoh/alpha/kecamatan.yaml",
        "alamat: Jl. Raya No. 1",
        "alamat: Jl. Raya No. 1\nbagan_organisasi: {judul: Bagan Organisasi, berkas: bagan.png}",
    )


def test_build_publishes_only_declared_files_of_allowed_types(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _plant(data_dir)
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 0
    err = capsys.readouterr().err
    assert "lampiran/evil.html:1:1: peringatan: berkas tidak dirujuk" in err
    site = out / "contoh/alpha/2024"
    assert (site / "lampiran/pk.pdf").is_file()  # declared in laporan.yaml
    assert (site / "bagan.png").read_bytes() == _png()  # declared in kecamatan.yaml
    published = {p.name for p in out.rglob("*")}
    assert not {"evil.html", "evil.svg", "lain.pdf"} & published


def test_paket_zip_holds_only_declared_files(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plant(data_dir)
    target = tmp_path / "alpha.zip"
    assert main(["paket", "contoh/alpha", "--data", str(data_dir), "--keluaran", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
    assert {"2024/lampiran/pk.pdf", "2024/bagan.png"} <= names
    assert not any(n.endswith(("evil.html", "evil.svg", "lain.pdf")) for n in names)


def test_paket_never_follows_a_symlink_in_the_built_site(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_publish = generator.package.publish

    def publish_with_link(*args: object, **kwargs: object) -> object:
        result = real_publish(*args, **kwargs)  # type: ignore[arg-type]
        site = result.out / "contoh/alpha"
        (site / "passwd.txt").symlink_to("/etc/passwd")
        (site / "luar").symlink_to("/etc", target_is_directory=True)
        return result

    monkeypatch.setattr(generator.package, "publish", publish_with_link)
    target = tmp_path / "alpha.zip"
    assert main(["paket", "contoh/alpha", "--data", str(data_dir), "--keluaran", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "passwd.txt" not in names
    assert not any(n.startswith("luar/") for n in names)


def test_attachments_differing_only_in_case_are_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case-insensitive web server or file system holds one file for both names."""
    lampiran = data_dir / "contoh/alpha/2024/lampiran"
    (lampiran / "PK.pdf").write_bytes((lampiran / "pk.pdf").read_bytes())
    edit(
        data_dir / "contoh/alpha/2024/laporan.yaml",
        "  - {judul: Perjanjian Kinerja 2024, berkas: lampiran/pk.pdf}",
        "  - {judul: Perjanjian Kinerja 2024, berkas: lampiran/pk.pdf}\n"
        "  - {judul: Lain, berkas: lampiran/PK.pdf}",
    )
    assert main(["validate", str(data_dir)]) == 1
    assert "'lampiran/PK.pdf' hanya beda huruf besar/kecil dengan 'lampiran/pk.pdf'" in (
        capsys.readouterr().err
    )


def test_a_named_pipe_is_refused_without_reading_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(data_dir / "contoh/alpha/2024/lampiran/pipa.pdf")  # reading it would block
    assert main(["validate", str(data_dir)]) == 1
    assert "lampiran/pipa.pdf:1:1: bukan berkas biasa" in capsys.readouterr().err


def test_symlinked_year_folder_is_not_discovered(data_dir: Path) -> None:
    alpha = data_dir / "contoh/alpha"
    (alpha / "2024").rename(data_dir.parent / "2024")
    (alpha / "2024").symlink_to(data_dir.parent / "2024", target_is_directory=True)
    assert discover(data_dir) is None
    source = load_project(Selection(data_dir))
    assert any("tautan simbolik" in i.message for i in source.issues)


def test_slug_arguments_refuse_a_trailing_newline(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.xlsx"
    args = ["excel", "ekspor", "contoh/alpha\n", "2024", "--data", str(data_dir)]
    assert main([*args, "--keluaran", str(out)]) == 1
    assert not out.exists()
    with pytest.raises(UserError):
        scaffold.plan_new_kecamatan(data_dir, "contoh/beta\n", 2024)


def test_the_build_key_never_reads_through_a_symlink(data_dir: Path, tmp_path: Path) -> None:
    """The up-to-date check hashes the data before the loader runs: a link to a huge file
    elsewhere must not be read (nor its content published in the key)."""
    import datetime as dt

    from generator.asal import BuildInfo
    from generator.cache import site_key

    outside = tmp_path / "rahasia.txt"
    outside.write_text("a", encoding="utf-8")
    link = data_dir / "contoh/alpha/2024/lampiran/x.pdf"
    link.symlink_to(outside)
    sites = discover(data_dir)
    assert sites is not None
    info = BuildInfo(dt.date(2024, 1, 1))
    key = site_key(sites[0].kab, sites[0].kec, info)
    outside.write_text("b" * 100, encoding="utf-8")
    assert site_key(sites[0].kab, sites[0].kec, info) == key
    link.unlink()
    link.symlink_to(tmp_path / "lain.txt")
    assert site_key(sites[0].kab, sites[0].kec, info) != key


@pytest.mark.parametrize("named", ["contoh/beta", "contoh/beta/2024"])
def test_a_symlinked_folder_named_on_the_command_line_is_refused(
    data_dir: Path, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "contoh/beta").symlink_to("alpha", target_is_directory=True)
    assert main(["validate", str(data_dir / named)]) == 1
    assert "contoh/beta' adalah tautan simbolik" in capsys.readouterr().err


def test_a_hidden_symlink_in_templat_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A layout may name any template file, a hidden one too: the link must not be read."""
    (data_dir / "contoh/templat/.rahasia").mkdir(parents=True)
    (data_dir / "contoh/templat/.rahasia/bab.md.j2").symlink_to("/etc/passwd")
    (data_dir / "contoh/alpha/2024/lampiran/.gitkeep").write_text("", encoding="utf-8")
    assert main(["validate", "--strict", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "contoh/templat/.rahasia/bab.md.j2:1:1: tautan simbolik" in err
    assert ".gitkeep" not in err  # a hidden regular file is neither data nor a warning
