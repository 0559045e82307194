"""Trust and orientation (issue 14): the footer of every page, the glossary and its tooltips,
and no English left in the reader's way."""

from __future__ import annotations

import html
import json
import re
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from generator.cli import main
from tests.conftest import edit

FOOTER = re.compile(r'<div class="md-copyright lkjip-kaki">(.*?)\n</div>', re.S)
HREF = re.compile(r'href="([^"]*)"')
# English the theme or the generator could leave on a page (visible text or a tooltip).
ENGLISH = re.compile(
    r"Permanent link|\bcommit\b|Back to top|Copy to clipboard|Made with|Skip to content"
    r"|Type to start searching|\bSearch\b|\bFooter\b|\bHeader\b|\bclipboard\b|Last update",
    re.I,
)


def _footer(page: Path) -> str:
    found = FOOTER.search(page.read_text(encoding="utf-8"))
    assert found, f"no footer in {page}"
    return found.group(1)


def _links(fragment: str) -> list[str]:
    return [html.unescape(h) for h in HREF.findall(fragment)]


def _relative(href: str) -> bool:
    return not re.match(r"[a-z]+:", href)


def _build(data: Path, out: Path) -> Path:
    assert main(["build", str(data), "--keluaran", str(out)]) == 0
    return out


def test_every_page_has_a_footer_whose_links_resolve(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        footer = _footer(page)
        assert "https://www.lapor.go.id" in footer and "Lisensi data: CC BY 4.0" in footer
        for href in filter(_relative, _links(footer)):
            assert (page.parent / href).resolve().is_file(), f"{page}: {href}"


def test_kecamatan_footer_has_contact_and_links_back_to_the_portal(built_site: Path) -> None:
    page = built_site / "rembang/sumber/2024/bab-3-akuntabilitas-kinerja.html"
    footer = _footer(page)
    assert "Jl. Raya Sumber-Rembang No. 2, Sumber, Rembang, 59253" in footer
    assert '<a href="tel:02955504464">(0295) 5504464</a>' in footer
    assert 'href="mailto:kecsumber@rembangkab.go.id"' in footer
    assert "Data terakhir berubah pada " in footer  # from git: the examples are committed
    assert '<a href="../riwayat.html">Riwayat perubahan</a>' in footer
    assert '<a href="../istilah.html">' in footer
    portal = re.search(r'<a href="([^"]+)">← Portal LKjIP Kabupaten Rembang</a>', footer)
    assert portal and (page.parent / portal.group(1)).resolve() == (
        built_site / "rembang/index.html"
    )


def test_portal_footer_links_the_glossary(built_site: Path) -> None:
    footer = _footer(built_site / "index.html")
    assert '<a href="istilah.html">' in footer and "SP4N-LAPOR!" in footer
    assert "Data terakhir berubah pada " in footer


def test_glossary_page_exists_and_is_linked(built_site: Path) -> None:
    for root in ("", "rembang/sumber/", "jombang/perak/"):
        page = (built_site / f"{root}istilah.html").read_text(encoding="utf-8")
        for term in ("SAKIP", "Renstra", "RPJMD", "IKU", "Pagu", "Serapan", "Refocusing"):
            assert f"<strong>{term}" in page or f">{term}</abbr></strong>" in page
        index = (built_site / f"{root}index.html").read_text(encoding="utf-8")
        assert 'href="istilah.html"' in index.split('class="md-footer"')[0], "not in nav"


def test_tooltips_do_not_reach_titles_search_or_tables(built_site: Path) -> None:
    bab3 = (built_site / "rembang/sumber/2024/bab-3-akuntabilitas-kinerja.html").read_text(
        encoding="utf-8"
    )
    sakip = '<abbr title="Sistem Akuntabilitas Kinerja Instansi Pemerintah">SAKIP</abbr>'
    # In a heading: the anchor id and the table of contents stay plain text.
    assert f'<h2 id="34-hasil-evaluasi-sakip">3.4 Hasil Evaluasi {sakip}<a' in bab3
    toc = bab3.split('href="#34-hasil-evaluasi-sakip" class="md-nav__link">', 1)[1][:200]
    assert "3.4 Hasil Evaluasi SAKIP" in toc and "<abbr" not in toc
    title = re.search(r"<title>(.*?)</title>", bab3, re.S)
    assert title and "abbr" not in title.group(1)
    for index in built_site.rglob("search_index.js*"):
        text = index.read_text(encoding="utf-8")
        assert "*[" not in text and "&lt;abbr" not in text and "<abbr" not in text
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "*[SAKIP]" not in text and "*[" not in text.split("<body", 1)[-1], page


def test_no_english_ui_word_on_any_page(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
        if page.name == "riwayat.html":
            # Version titles are the data contributors' own words (git subjects).
            text = re.sub(r"<h2\b.*?</h2>", "", text, flags=re.S)
        visible = re.sub(r"<[^>]+>", " ", text)
        attributes = " ".join(re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', text))
        found = ENGLISH.search(visible + " " + attributes)
        assert not found, f"{page}: {found.group(0) if found else ''}"


def test_na_is_explained_where_it_is_printed(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if re.search(r">N/A<", text):
            assert "N/A</abbr> = data tidak tersedia" in text, page


def test_hostile_contact_values_are_escaped_in_the_footer(data_dir: Path, tmp_path: Path) -> None:
    kec = data_dir / "contoh/alpha/kecamatan.yaml"
    edit(
        kec,
        "alamat: Jl. Raya No. 1\n",
        "alamat: \"<script>alert(1)</script> {{ 7*7 }} *[SAKIP]: palsu --8<-- '/etc/passwd'\"\n"
        "telepon: '\"><img src=x onerror=alert(1)>'\n"
        "email: ['a@b.id\"><script>x</script>']\n"
        "situs: 'javascript:alert(1)'\n"
        "misi: ['*[SAKIP]: Tooltip palsu', '--8<-- \"/etc/passwd\"']\n",
    )
    site = _build(data_dir, tmp_path / "site")
    for page in (site / "contoh/alpha").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        footer = _footer(page)
        assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in footer
        assert "<script" not in footer and "<img" not in footer and "49" not in footer
        assert "javascript:" not in footer and "root:" not in text
        assert 'title="palsu' not in text and 'title="Tooltip palsu' not in text
    beranda = (site / "contoh/alpha/2024/bab-2-perencanaan-kinerja.html").read_text(
        encoding="utf-8"
    )
    assert "*[SAKIP]: Tooltip palsu" in html.unescape(re.sub(r"<[^>]+>", "", beranda))


def test_footer_without_git_says_so(built_site: Path, data_dir: Path, tmp_path: Path) -> None:
    site = _build(data_dir, tmp_path / "site")
    footer = _footer(site / "contoh/alpha/index.html")
    assert "Riwayat perubahan tidak tersedia: data tidak berada dalam repositori git." in footer


def test_footer_says_when_data_is_not_committed(data_dir: Path, tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=data_dir, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=Staf", "-c", "user.email=s@k.id", "add", ".")
    git("-c", "user.name=Staf", "-c", "user.email=s@k.id", "commit", "-qm", "Data awal")
    footer = _footer(_build(data_dir, tmp_path / "a") / "contoh/alpha/index.html")
    assert "Data terakhir berubah pada " in footer and "belum disimpan" not in footer
    edit(data_dir / "contoh/alpha/kecamatan.yaml", "Jl. Raya No. 1", "Jl. Raya No. 2")
    footer = _footer(_build(data_dir, tmp_path / "b") / "contoh/alpha/index.html")
    assert "ada perubahan sesudahnya yang belum disimpan sebagai versi data (git)" in footer


def test_complaint_link_defaults_to_lapor_and_uses_the_declared_one(
    data_dir: Path, tmp_path: Path
) -> None:
    edit(
        data_dir / "contoh/kabupaten.yaml",
        "nama: Contoh\n",
        "nama: Contoh\nsitus:\n"
        "  pengaduan: {nama: 'Lapor <Bupati>', alamat: 'https://lapor.contohkab.go.id/a?b=1&c=2'}\n"
        "  lisensi: 'CC0 <b>bebas</b>'\n",
    )
    site = _build(data_dir, tmp_path / "site")
    for page in (site / "index.html", site / "contoh/alpha/2024/index.html"):
        footer = _footer(page)
        assert (
            '<a href="https://lapor.contohkab.go.id/a?b=1&amp;c=2">Lapor &lt;Bupati&gt;</a>'
            in footer
        )
        assert "lapor.go.id" not in footer
        assert "Lisensi data: CC0 &lt;b&gt;bebas&lt;/b&gt;" in footer
    terbuka = (site / "contoh/alpha/data-terbuka.html").read_text(encoding="utf-8")
    assert "CC0 &lt;b&gt;bebas&lt;/b&gt;" in terbuka
    # The downloads carry the same declared licence as the pages.
    laporan = json.loads((site / "contoh/alpha/2024/data/laporan.json").read_text("utf-8"))
    assert laporan["provenans"]["lisensi"] == "CC0 <b>bebas</b>"


def _zip_footers(target: Path) -> dict[str, str]:
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        out = {}
        for name in names:
            if name.endswith(".html"):
                text = archive.read(name).decode("utf-8")
                found = FOOTER.search(text)
                assert found, name
                out[name] = found.group(1)
                for href in filter(_relative, _links(found.group(1))):
                    resolved = (PurePosixPath(name).parent / href).as_posix()
                    parts: list[str] = []
                    for part in resolved.split("/"):
                        if part == "..":
                            assert parts, f"{name}: {href} leaves the package"
                            parts.pop()
                        elif part != ".":
                            parts.append(part)
                    assert "/".join(parts) in names, f"{name}: {href}"
        return out


@pytest.mark.parametrize("portal", [None, "https://lkjip.contohkab.go.id/"])
def test_paket_links_the_portal_only_at_its_absolute_address(
    data_dir: Path, tmp_path: Path, portal: str | None
) -> None:
    if portal:
        edit(
            data_dir / "contoh/kabupaten.yaml",
            "nama: Contoh\n",
            f"nama: Contoh\nsitus:\n  alamat_portal: '{portal}'\n",
        )
    target = tmp_path / "alpha.zip"
    assert main(["paket", "contoh/alpha", "--data", str(data_dir), "--keluaran", str(target)]) == 0
    footers = _zip_footers(target)
    assert footers
    for footer in footers.values():
        if portal:
            assert f'<a href="{portal}">← Portal LKjIP Kabupaten Contoh</a>' in footer
        else:
            assert "Portal LKjIP" not in footer
