"""Rendering and publishing: golden Markdown, a real MkDocs build, escaping, overrides, atomicity."""

from __future__ import annotations

import difflib
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli import main
from generator.result_checks import load_and_compute
from generator.site import render_all
from tests.conftest import edit

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data"
GOLDEN = Path(__file__).parent / "golden" / "situs"
CHAPTERS = [
    "index.html",
    "bab-1-pendahuluan.html",
    "bab-2-perencanaan-kinerja.html",
    "bab-3-akuntabilitas-kinerja.html",
    "bab-4-penutup.html",
    "lampiran.html",
    "daftar-tabel.html",
]
EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]


def _rendered_tree() -> dict[str, str]:
    data = load_and_compute(str(DATA))
    portal, sites = render_all(data)
    tree = {f"portal/{rel}": text for rel, text in portal.pages.items()}
    for site in sites:
        tree |= {f"{site.slug}/{rel}": text for rel, text in site.pages.items()}
    return tree


def test_markdown_matches_golden_tree(update_golden: bool) -> None:
    tree = _rendered_tree()
    if update_golden:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in tree.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*.md")
    }
    assert sorted(tree) == sorted(expected), "pages added or missing; run pytest --update-golden"
    for rel, text in tree.items():
        if text != expected[rel]:
            diff = "".join(
                difflib.unified_diff(
                    expected[rel].splitlines(True), text.splitlines(True), rel, rel
                )
            )
            pytest.fail(f"{rel} differs from golden:\n{diff[:4000]}")


def test_rendered_markdown_has_no_leaks() -> None:
    for rel, text in _rendered_tree().items():
        for leak in ("None", "nan", "{{", "{%", "Undefined"):
            assert not re.search(rf"(?<![\w-]){re.escape(leak)}(?![\w-])", text), (
                f"{leak!r} in {rel}"
            )


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_chapter_and_table_is_in_the_html(built_site: Path, slug: str) -> None:
    year = built_site / slug / "2024"
    for page in CHAPTERS:
        assert (year / page).is_file(), page
    bab3 = (year / "bab-3-akuntabilitas-kinerja.html").read_text(encoding="utf-8")
    for anchor in ("tabel-3-1", "tabel-3-2", "tabel-3-3"):
        assert f'id="{anchor}"' in bab3
    assert "Realisasi Anggaran" in bab3 and "Capaian Kinerja Perjanjian Kinerja" in bab3
    toc = (year / "daftar-tabel.html").read_text(encoding="utf-8")
    for match in re.finditer(r'href="([a-z0-9-]+\.html)#(tabel-[0-9L-]+)"', toc):
        target = (year / match.group(1)).read_text(encoding="utf-8")
        assert f'id="{match.group(2)}"' in target
    assert (built_site / slug / "index.html").is_file()
    assert (built_site / slug / "metodologi.html").is_file()
    assert (built_site / slug / "search" / "search_index.js").is_file()


def test_portal_lists_every_kecamatan(built_site: Path) -> None:
    index = (built_site / "index.html").read_text(encoding="utf-8")
    for slug in EXAMPLES:
        assert f'href="{slug}/index.html"' in index
    assert 'href="rembang/sumber/index.html"' in index
    rembang = (built_site / "rembang" / "index.html").read_text(encoding="utf-8")
    assert 'href="sumber/index.html"' in rembang and 'href="kragan/index.html"' in rembang
    assert "96,19 %" in rembang  # Sumber's corrected absorption


def test_corrected_numbers_reach_the_html(built_site: Path) -> None:
    bab3 = (built_site / "rembang/sumber/2024/bab-3-akuntabilitas-kinerja.html").read_text(
        encoding="utf-8"
    )
    assert "105,49 %" in bab3 and "101,82 %" in bab3 and "96,00 %" in bab3
    assert "Rp 2.273.853.295" in bab3 and "Dua miliar dua ratus tujuh puluh tiga juta" in bab3
    metodologi = (built_site / "jombang/perak/metodologi.html").read_text(encoding="utf-8")
    assert "capaian kinerja − serapan anggaran" in metodologi and "AA" in metodologi


def test_no_reference_to_an_external_host(built_site: Path) -> None:
    # Nothing the browser loads by itself (src, <link href>) comes from another host; the
    # only outward hyperlinks are the footer's complaint channel and the kecamatan's own
    # website, which the reader chooses to follow.
    resource = re.compile(r'(?:src="|<link[^>]*href=")(https?:)?//')
    link = re.compile(r'<a [^>]*href="(?:https?:)?//([^/"]+)')
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not resource.search(text), f"external reference in {page}"
        assert all(host.endswith(".go.id") for host in link.findall(text)), page
        assert "unpkg.com" not in text and "fonts.googleapis" not in text


def test_html_language_is_indonesian(built_site: Path) -> None:
    assert '<html lang="id"' in (built_site / "rembang/sumber/2024/index.html").read_text(
        encoding="utf-8"
    )


def test_yaml_strings_are_shown_literally(data_dir: Path, tmp_path: Path) -> None:
    hostile = "Gaji | *ASN* <script>alert(1)</script> {{ 7*7 }} [x](y)"
    edit(
        data_dir / "contoh/alpha/2024/program.yaml",
        "nama: Penyediaan Gaji dan Tunjangan ASN",
        f'nama: "{hostile}"',
    )
    data = load_and_compute(str(data_dir))
    _, sites = render_all(data)
    bab3 = sites[0].pages["2024/bab-3-akuntabilitas-kinerja.md"]
    assert "<script>" not in bab3
    assert "&lt;script&gt;" in bab3 and "{{ 7*7 }}" in bab3 and "Gaji | *ASN*" in bab3
    bab2 = sites[0].pages["2024/bab-2-perencanaan-kinerja.md"]
    assert "49" not in re.findall(r"Gaji[^<]*", bab2)[0]


def test_a_yaml_value_cannot_start_markdown_blocks(data_dir: Path) -> None:
    """A line break in a value would let its next line be a heading, list, code block or
    admonition on the page (the pages use admonition, attr_list and md_in_html)."""
    import markdown

    hostile = (
        "Jl. Raya 1\n\n!!! danger\n    Laporan dibatalkan.\n\n"
        "Judul Palsu\n===\n\n- butir\n\n        kode"
    )
    edit(
        data_dir / "contoh/alpha/kecamatan.yaml",
        "alamat: Jl. Raya No. 1",
        "alamat: " + json.dumps(hostile),  # a JSON string is a YAML double-quoted one
    )
    data = load_and_compute(str(data_dir))
    _, sites = render_all(data)
    page = sites[0].pages["2024/index.md"]
    html = markdown.markdown(page, extensions=["admonition", "attr_list", "md_in_html", "tables"])
    assert "Judul Palsu</h1>" not in html and "admonition" not in html
    assert "<li>butir" not in html and "<pre><code>kode" not in html
    assert "Jl. Raya 1 !!! danger Laporan dibatalkan. Judul Palsu === - butir kode" in html


def test_narrative_can_cite_computed_values(data_dir: Path) -> None:
    narrative = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
    narrative.write_text(
        "Serapan {{ anggaran.serapan }}; IKM {{ indikator.ikm.capaian }} ({{ indikator.ikm.kategori }}).\n",
        encoding="utf-8",
    )
    data = load_and_compute(str(data_dir))
    _, sites = render_all(data)
    assert (
        "Serapan 90,91 %; IKM 104,25 % (Sangat Tinggi)." in sites[0].pages["2024/kata-pengantar.md"]
    )


def test_misspelt_name_in_narrative_is_an_error_with_file_and_line(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    narrative = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
    narrative.write_text("Baris satu.\n\nCapaian {{ indikator.ikmm.capaian }}.\n", encoding="utf-8")
    monkeypatch.chdir(data_dir.parent)
    out = tmp_path / "site"
    assert main(["build", "data", "--keluaran", str(out)]) == 1
    err = capsys.readouterr().err
    assert (
        "data/contoh/alpha/2024/narasi/kata-pengantar.md:3:1: nama tidak dikenal dalam narasi"
        in err
    )
    assert "ikmm" in err and "Traceback" not in err
    assert not out.exists()


def test_narrative_cannot_reach_python_internals(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    narrative = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
    narrative.write_text("{{ anggaran.__class__.__mro__ }}\n", encoding="utf-8")
    assert main(["build", str(data_dir), "--keluaran", str(data_dir.parent / "site")]) == 1
    assert "narasi" in capsys.readouterr().err


def test_failed_build_leaves_the_published_site_intact(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md").write_text(
        "{% if %}\n", encoding="utf-8"
    )
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_kabupaten_and_kecamatan_overrides(data_dir: Path) -> None:
    layout = (ROOT / "site_templates" / "tata-letak.yaml").read_text(encoding="utf-8")
    kab_templates = data_dir / "contoh" / "templat"
    kab_templates.mkdir()
    # The kabupaten drops the Lampiran page...
    (kab_templates / "tata-letak.yaml").write_text(
        "\n".join(line for line in layout.splitlines() if "lampiran" not in line) + "\n",
        encoding="utf-8",
    )
    # ...and one kecamatan rewrites its closing chapter.
    kec_templates = data_dir / "contoh" / "alpha" / "templat" / "tahun"
    kec_templates.mkdir(parents=True)
    (kec_templates / "bab-4.md.j2").write_text(
        "# BAB IV Penutup\n\nDisusun oleh {{ lap.penandatangan.nama }}.\n", encoding="utf-8"
    )
    data = load_and_compute(str(data_dir))
    _, sites = render_all(data)
    pages = sites[0].pages
    assert "2024/lampiran.md" not in pages
    assert (
        pages["2024/bab-4-penutup.md"] == "# BAB IV Penutup\n\nDisusun oleh Siti Aminah, S.STP.\n"
    )


def test_single_kecamatan_build_keeps_the_others(built_site: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "site"
    shutil.copytree(built_site, out)
    kragan = (out / "rembang/kragan/index.html").read_bytes()
    assert main(["build", str(DATA), "--keluaran", str(out), "--kecamatan", "rembang/sumber"]) == 0
    assert (out / "rembang/kragan/index.html").read_bytes() == kragan
    assert (out / "rembang/sumber/2024/index.html").is_file()
    assert (
        main(["build", str(DATA), "--keluaran", str(out), "--kecamatan", "rembang/tidak-ada"]) == 1
    )


def test_paket_zips_one_relocatable_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sumber.zip"
    assert main(["paket", "rembang/sumber", "--data", str(DATA), "--keluaran", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert {
            "index.html",
            "2024/index.html",
            "search/search_index.js",
            "assets/lkjip/iframe-worker-shim.js",
        } <= names
        index = archive.read("index.html").decode("utf-8")
    assert 'href="/' not in index  # only relative links: works under any sub-path


def test_charts_are_accessible_svg_files(built_site: Path) -> None:
    year = built_site / "rembang/sumber/2024"
    bab3 = (year / "bab-3-akuntabilitas-kinerja.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="(grafik/[a-z-]+\.svg)" alt="([^"]+)"', bab3)
    assert {src for src, _ in images} == {
        "grafik/target-realisasi.svg",
        "grafik/capaian.svg",
        "grafik/tren.svg",
        "grafik/anggaran.svg",
    }
    for src, alt in images:
        svg = (year / src).read_text(encoding="utf-8")
        assert svg.count("<title") >= 1 and "<desc" in svg and 'role="img"' in svg
        assert "88,61" in alt or "Rp" in alt or "%" in alt  # Indonesian formatting in descriptions
    assert "Daftar Gambar" in (year / "daftar-tabel.html").read_text(encoding="utf-8")


def test_section_numbers_have_no_gaps(built_site: Path) -> None:
    """Sections without data are left out, and the ones printed are numbered 1, 2, 3, …"""
    pages = list(built_site.glob("*/*/2024/bab-[1-4]-*.html"))
    assert len(pages) == 12
    for page in pages:
        html = page.read_text(encoding="utf-8")
        chapter = page.name[4]
        sections = re.findall(rf"<h2 id=\"[^\"]*\">{chapter}\.(\d+) ", html)
        assert sections and sections == [str(i) for i in range(1, len(sections) + 1)], page
        for number in sections:
            subsections = re.findall(rf"<h3 id=\"[^\"]*\">{chapter}\.{number}\.(\d+) ", html)
            assert subsections == [str(i) for i in range(1, len(subsections) + 1)], page


def test_section_numbering_follows_what_is_printed() -> None:
    from generator.render import NomorBagian

    nomor = NomorBagian()
    nomor.mulai("3")
    printed = [nomor("A"), nomor("B", 3), nomor("C", 3), nomor("D"), nomor("E", 3), nomor("F")]
    assert printed == ["3.1 A", "3.1.1 B", "3.1.2 C", "3.2 D", "3.2.1 E", "3.3 F"]
    nomor.mulai(None)
    assert nomor("Tanpa bab") == "Tanpa bab"


def test_charts_are_deterministic() -> None:
    from generator.charts import batang

    first = batang("uji", "Uji", [("A", Decimal("96.19")), ("B", None)], "%")
    second = batang("uji", "Uji", [("A", Decimal("96.19")), ("B", None)], "%")
    assert first.svg == second.svg
    assert "A: 96,19 %; B: N/A." in first.deskripsi  # no unit after a missing value


def test_kabupaten_comparison_never_marks_a_top_band_kecamatan_weak(built_site: Path) -> None:
    # Kragan and Sumber are both "Sangat Tinggi" and meet every target: Sumber is second of
    # two, not "terendah", and its row is not shaded as weak.
    page = (built_site / "rembang/perbandingan-2024.html").read_text(encoding="utf-8")
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "▼" not in table and "terendah" not in table
    assert '<tr class="terlemah">' not in page
    best = re.search(r'<tr class="terbaik">(.*?)</tr>', page, re.S)
    assert best and "Kecamatan Kragan" in best.group(1) and "117,14 %" in best.group(1)
    assert "▲ lebih tinggi" in best.group(1)
    sumber = re.search(r'<tr class="">(.*?)</tr>', page, re.S)
    assert sumber and "Kecamatan Sumber" in sumber.group(1) and "lebih rendah" in sumber.group(1)
    assert page.count("Semua indikator mencapai target") == 2
    assert "Perlu perhatian" in page and "Aturan perbandingan" in page
    assert 'href="kragan/2024/index.html"' in page
    assert 'href="data/perbandingan-2024.csv"' in page
    assert (built_site / "rembang/grafik/serapan-2024.svg").is_file()


def test_trend_page_spans_every_known_year(built_site: Path) -> None:
    page = (built_site / "rembang/sumber/tren.html").read_text(encoding="utf-8")
    for year in ("2021", "2022", "2023", "2024"):
        assert f">{year}<" in page
    assert (built_site / "rembang/sumber/data/tabel-tren-indikator.csv").is_file()


@pytest.mark.parametrize(
    ("nama", "kalimat"),
    [
        ("Budi Santoso, S.H.", "Bupati Contoh: Budi Santoso, S.H.\n"),  # ends with a title
        ("Budi Santoso", "Bupati Contoh: Budi Santoso.\n"),
    ],
)
def test_portal_names_the_head_of_region_with_one_full_stop(
    data_dir: Path, nama: str, kalimat: str
) -> None:
    edit(data_dir / "contoh" / "kabupaten.yaml", "nama: Budi Santoso, S.H.", f"nama: {nama}")
    data = load_and_compute(str(data_dir))
    portal, _ = render_all(data)
    assert kalimat in portal.pages["contoh/index.md"]
