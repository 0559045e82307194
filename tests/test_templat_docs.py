"""The template reference (docs/templat.md) cannot drift from the code, and its how-to works."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import pytest

import generator.dokumen
import generator.site
from generator.charts import GRAFIK_TAHUN, year_charts
from generator.cli import load_and_validate
from generator.compute.report import hitung
from generator.konteks import FILTER, HALAMAN, jenis_halaman
from generator.render import make_environment, render_page
from generator.result_checks import load_and_compute
from generator.site import render_all
from generator.tables import Pembuat
from generator.templat_docs import (
    CONTOH_HALAMAN_BARU,
    CONTOH_TEMPLAT_BARU,
    filter_output,
    macros,
    render_reference,
    table_functions,
)

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data"
SITE_TEMPLATES = ROOT / "site_templates"
MAKRO = '{% import "_makro.md.j2" as m %}'


@pytest.fixture(scope="module")
def contexts() -> dict[str, list[dict[str, Any]]]:
    """Every context a template of the example build is rendered with, by template name
    (dokumen.py renders the year pages, site.py the site and portal pages, through
    ``render_page``)."""
    seen: dict[str, list[dict[str, Any]]] = {}

    def recording(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
        seen.setdefault(template, []).append(dict(context))
        return render_page(env, template, context)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.site, "render_page", recording)
        patch.setattr(generator.dokumen, "render_page", recording)
        data = load_and_compute(str(DATA))
        render_all(data)
    return seen


def _render(example: str, context: Mapping[str, Any]) -> str:
    env = make_environment([SITE_TEMPLATES])
    return env.from_string(MAKRO + example).render(**context)


def test_reference_is_generated_from_the_code() -> None:
    committed = (ROOT / "docs" / "templat.md").read_text(encoding="utf-8")
    assert committed == render_reference(), (
        "run: python -m generator.templat_docs > docs/templat.md"
    )


def test_every_public_table_function_is_documented() -> None:
    reference = render_reference()
    public = [n for n, m in vars(Pembuat).items() if not n.startswith("_") and callable(m)]
    assert [f.nama for f in table_functions()] == public
    for f in table_functions():
        assert f.doc, f"Pembuat.{f.nama} has no docstring"
        assert f.keterangan, f"Pembuat.{f.nama} has no @keterangan"
        assert f.contoh, f"Pembuat.{f.nama} needs @keterangan(..., contoh=...)"
        assert f"### `t.{f.nama}(" in reference


def test_table_examples_render_in_a_year_page(contexts: dict[str, list[dict[str, Any]]]) -> None:
    """Each example prints its table(s) on the year page of some example kecamatan."""
    for f in table_functions():
        assert f.contoh is not None
        outputs = [_render(f.contoh, context) for context in contexts["tahun/bab-3.md.j2"]]
        if f.membuat_tabel:
            assert any("<table" in out for out in outputs), f.nama


def test_every_context_key_is_described_and_every_description_is_a_key(
    contexts: dict[str, list[dict[str, Any]]],
) -> None:
    used = set()
    for template, calls in contexts.items():
        kind = jenis_halaman(template)
        assert kind is not None, f"{template}: no page kind in generator/konteks.py"
        used.add(kind.judul)
        for context in calls:
            keys, described = set(context), set(kind.variabel)
            assert keys - described == set(), f"{template}: undescribed in generator/konteks.py"
            assert described - keys == set(), f"{template}: described but not in the context"
    assert used == {k.judul for k in HALAMAN}


def test_every_variable_example_renders_in_its_page(
    contexts: dict[str, list[dict[str, Any]]],
) -> None:
    for template, calls in contexts.items():
        kind = jenis_halaman(template)
        assert kind is not None
        for name, v in kind.variabel.items():
            assert "\n" not in v.contoh, name
            assert name in v.contoh, f"{name}: the example should use the variable"
            _render(v.contoh, calls[0])


def test_every_filter_is_documented_with_a_working_example() -> None:
    own = set(make_environment([]).filters) - set(jinja2.Environment().filters)
    assert own == set(FILTER)
    assert filter_output(FILTER["rupiah"]) == "Rp 2.273.853.295"
    for name, f in FILTER.items():
        assert f"| {name}" in f.contoh, name
        assert filter_output(f), name


def test_every_year_chart_is_documented() -> None:
    project, _ = load_and_validate(str(DATA))
    drawn = set()
    for kab in project.kabupaten:
        skala = kab.settings.skala[kab.settings.aturan.skala_capaian]
        for kec in kab.kecamatan:
            for year in kec.tahun:
                hasil = hitung(kab, kec, year)
                drawn |= {g.nama for g in year_charts(hasil, skala, kab.settings.aturan.desimal)}
    assert drawn == set(GRAFIK_TAHUN)


def test_every_macro_is_documented_with_a_working_example(
    contexts: dict[str, list[dict[str, Any]]],
) -> None:
    source = (SITE_TEMPLATES / "_makro.md.j2").read_text(encoding="utf-8")
    parsed = {m.name for m in jinja2.Environment().parse(source).find_all(jinja2.nodes.Macro)}
    found = macros()
    assert {m.nama for m in found} == parsed
    for m in found:
        assert m.keterangan, f"{m.nama}: no {{# ... #}} comment right before the macro"
        assert m.contoh and f"m.{m.nama}(" in m.contoh, f"{m.nama}: no 'Contoh:' line"
        _render(m.contoh, contexts["tahun/bab-3.md.j2"][0])


def test_macro_comment_must_be_right_before_it(tmp_path: Path) -> None:
    path = tmp_path / "_makro.md.j2"
    path.write_text(
        "{# Satu. Contoh: {{ m.a() }} #}\n{% macro a() %}{% endmacro %}\n"
        "{# lepas #}\ntext\n{% macro b(x, y=1) %}{% endmacro %}\n",
        encoding="utf-8",
    )
    a, b = macros(path)
    assert (a.nama, a.keterangan, a.contoh) == ("a", "Satu.", "{{ m.a() }}")
    assert (b.nama, b.parameter, b.keterangan, b.contoh) == ("b", "x, y=1", None, None)


def test_layout_how_to_adds_drops_and_reorders_chapters(data_dir: Path) -> None:
    """Follow docs/templat.md for one kabupaten: add a chapter, drop Lampiran, put the
    Daftar Tabel right after the Pengantar, and move Realisasi Anggaran to the top of BAB III."""
    templat = data_dir / "contoh" / "templat"
    (templat / "tahun").mkdir(parents=True)
    lines = (SITE_TEMPLATES / "tata-letak.yaml").read_text(encoding="utf-8").splitlines()
    daftar = next(line for line in lines if "daftar-tabel" in line)
    layout = []
    for line in lines:
        if "lampiran" in line or line == daftar:
            continue
        layout.append(line)
        if "templat: tahun/pengantar.md.j2" in line:
            layout.append(daftar)
        if "templat: tahun/bab-3.md.j2" in line:
            layout.append(CONTOH_HALAMAN_BARU)
    (templat / "tata-letak.yaml").write_text("\n".join(layout) + "\n", encoding="utf-8")
    (templat / "tahun" / "sorotan.md.j2").write_text(CONTOH_TEMPLAT_BARU, encoding="utf-8")
    bab3 = (SITE_TEMPLATES / "tahun" / "bab-3.md.j2").read_text(encoding="utf-8")
    start = bab3.index('## {{ bagian("Realisasi Anggaran") }}')
    end = bab3.index("{% set tbl = t.lintas_sektor() %}")
    capaian = bab3.index('## {{ bagian("Capaian Kinerja") }}')
    moved = bab3[:capaian] + bab3[start:end] + "\n" + bab3[capaian:start] + bab3[end:]
    (templat / "tahun" / "bab-3.md.j2").write_text(moved, encoding="utf-8")

    data = load_and_compute(str(data_dir))
    _, sites = render_all(data)
    site = sites[0]
    year = site.nav[1]["Laporan 2024"]
    assert [next(iter(p.values())) for p in year] == [
        "2024/index.md",
        "2024/daftar-tabel.md",
        "2024/kata-pengantar.md",
        "2024/ikhtisar-eksekutif.md",
        "2024/bab-1-pendahuluan.md",
        "2024/bab-2-perencanaan-kinerja.md",
        "2024/bab-3-akuntabilitas-kinerja.md",
        "2024/sorotan.md",
        "2024/bab-4-penutup.md",
        "2024/koreksi.md",
    ]
    assert "2024/lampiran.md" not in site.pages
    sorotan = site.pages["2024/sorotan.md"]
    assert "## S.1 Capaian Indikator Kinerja Utama" in sorotan
    assert "Tabel S.1 Capaian Kinerja" in sorotan
    assert "2024/data/tabel-S-1.csv" in site.files
    bab = site.pages["2024/bab-3-akuntabilitas-kinerja.md"]
    assert bab.index("## 3.1 Realisasi Anggaran") < bab.index("## 3.2 Capaian Kinerja")
    assert "Tabel 3.1 Realisasi Anggaran" in bab
    # Rendered last although listed second: it lists the new chapter's tables too.
    assert "Tabel S.1 Capaian Kinerja" in site.pages["2024/daftar-tabel.md"]
