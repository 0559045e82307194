"""The kecamatan home's one-screen summary: sentences checked against the YAML, and
against the BAB III tables they summarise."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator.cli import load_and_validate, main
from generator.compute.anggaran import ZERO
from generator.compute.capaian import Hasil
from generator.compute.report import Baris, HasilLaporan, Terhitung
from generator.formatting import persen, rupiah, rupiah_singkat
from generator.model import Kabupaten, Kecamatan
from generator.result_checks import load_and_compute
from generator.sekilas import sekilas
from generator.site import render_all
from generator.tables import Pembuat

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXAMPLES = ["rembang/sumber", "rembang/kragan", "jombang/perak"]


def _yaml_budget(
    program_yaml: Path,
) -> tuple[int, int, list[tuple[str, int]], list[tuple[str, int]]]:
    """Totals, program pagu and sub-kegiatan pagu read straight from program.yaml,
    without the generator: the last stage given is the pagu, as the regulation says."""
    doc = yaml.safe_load(program_yaml.read_text(encoding="utf-8"))
    programs: list[tuple[str, int]] = []
    subs: list[tuple[str, int]] = []
    total_real = 0
    for p in doc["program"]:
        p_pagu = 0
        for k in p.get("kegiatan", []):
            for s in k.get("sub_kegiatan", []):
                a = s.get("anggaran")
                if not a:
                    continue
                stages = a["pagu"]
                pagu = next(
                    (
                        stages[x]
                        for x in ("perubahan", "pergeseran", "induk")
                        if stages.get(x) is not None
                    ),
                    0,
                )
                subs.append((s["nama"], pagu))
                p_pagu += pagu
                total_real += a["realisasi"]
        programs.append((p["nama"], p_pagu))
    return sum(x for _, x in programs), total_real, programs, subs


def _home(slug: str, folder: Path = DATA) -> str:
    return _home_of(slug, load_and_compute(str(folder)))


def _home_of(slug: str, data: Terhitung) -> str:
    _, sites = render_all(data)
    return next(s for s in sites if s.slug == slug).pages["index.md"]


def _latest(kec_folder: Path) -> Path:
    return max((p for p in kec_folder.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))


def _check_against_yaml(page: str, kec_folder: Path) -> None:
    total, real, programs, subs = _yaml_budget(_latest(kec_folder) / "program.yaml")
    assert f"Anggaran {rupiah_singkat(total)}, terpakai " in page
    serapan = Decimal(real) * 100 / Decimal(total)
    assert f"terpakai {persen(serapan)} ({rupiah_singkat(real)})" in page
    top_program = max(x for _, x in programs)
    # one program holding ≥ 80 % says nothing: the answer names sub-kegiatan instead
    items = subs if top_program * 100 >= 80 * total and len(subs) > 1 else programs
    name, pagu = max(items, key=lambda i: i[1])
    share = Decimal(pagu) * 100 / Decimal(total)
    assert f"- {persen(share)} untuk {name} ({rupiah_singkat(pagu)})" in page


@pytest.mark.parametrize("slug", EXAMPLES)
def test_home_summary_matches_the_example_yaml(slug: str) -> None:
    page = _home(slug)
    _check_against_yaml(page, DATA / slug)
    head = page.split("## Sekilas", 1)[0]  # the answer comes before everything else
    assert "indikator kinerja mencapai target; rata-rata capaian" in head
    assert "**Ke mana uangnya?**" in head
    assert "(2024/bab-3-akuntabilitas-kinerja.md#tabel-3-11)" in head


def test_sumber_says_where_the_money_went() -> None:
    page = _home("rembang/sumber")
    assert (
        "2 dari 2 indikator kinerja mencapai target; rata-rata capaian 103,65 % (Sangat Tinggi)."
        in page
    )
    assert "Anggaran Rp 2,27 miliar, terpakai 96,19 % (Rp 2,19 miliar)." in page
    assert "- 84,57 % untuk Penyediaan Gaji dan Tunjangan ASN (Rp 1,92 miliar)" in page


def _example(slug: str) -> tuple[Kabupaten, Kecamatan]:
    project, _ = load_and_validate(str(DATA))
    kab_slug, kec_slug = slug.split("/")
    kab = next(k for k in project.kabupaten if k.slug == kab_slug)
    return kab, next(k for k in kab.kecamatan if k.slug == kec_slug)


@pytest.mark.parametrize("slug", EXAMPLES)
def test_summary_figures_equal_the_bab3_table(slug: str) -> None:
    from generator.compute.report import hitung

    kab, kec = _example(slug)
    year = max(kec.tahun, key=lambda y: y.tahun)
    hasil = hitung(kab, kec, year)
    summary = sekilas(hasil, kab.settings.aturan.desimal)
    table = Pembuat(kab, kec, year, hasil).realisasi_anggaran()
    pagu_by_name = {row[0].teks.split(" ", 1)[-1]: row[1].teks for row in table.isi}
    total_row = table.isi[-1]
    assert total_row[0].teks == "Jumlah" and total_row[1].teks == rupiah(hasil.total.pagu)
    for p in summary.porsi:
        assert pagu_by_name[p.nama] == rupiah(p.pagu)
    shown = sum(p.pagu for p in summary.porsi)
    assert summary.sisa is not None
    assert rupiah_singkat(hasil.total.pagu - shown) in summary.sisa


def test_synthetic_kecamatan(tmp_path: Path) -> None:
    out = tmp_path / "contoh"
    assert main(["contoh", "3", "--keluaran", str(out), "--benih", "3"]) == 0
    data = load_and_compute(str(out))
    _, sites = render_all(data)
    assert sites
    for site in sites:
        kab_slug, kec_slug = site.slug.split("/")
        page = site.pages["index.md"]
        _check_against_yaml(page, out / kab_slug / kec_slug)


def _hasil(slug: str) -> tuple[HasilLaporan, int]:
    from generator.compute.report import hitung

    kab, kec = _example(slug)
    year = max(kec.tahun, key=lambda y: y.tahun)
    return hitung(kab, kec, year), kab.settings.aturan.desimal


def test_no_budget_data() -> None:
    hasil, d = _hasil("rembang/sumber")
    empty = dataclasses.replace(hasil, total=ZERO, program=())
    s = sekilas(empty, d)
    assert s.anggaran == "Tidak ada anggaran yang tercatat untuk tahun ini."
    assert s.porsi == () and s.sisa is None


def test_no_budget_home_page() -> None:
    def unbudgeted(row: Baris) -> Baris:
        return dataclasses.replace(row, dana=None, anak=tuple(unbudgeted(c) for c in row.anak))

    def without_budget(h: HasilLaporan) -> HasilLaporan:
        return dataclasses.replace(h, total=ZERO, program=tuple(unbudgeted(p) for p in h.program))

    data = load_and_compute(str(DATA))
    results = {
        slug: {tahun: without_budget(h) for tahun, h in years.items()}
        for slug, years in data.hasil.items()
    }
    page = _home_of("rembang/sumber", dataclasses.replace(data, hasil=results))
    assert "Tidak ada anggaran yang tercatat untuk tahun ini." in page
    assert "Ke mana uangnya" not in page


def test_indicators_not_assessable() -> None:
    hasil, d = _hasil("rembang/sumber")
    first, *rest = hasil.indikator_pk
    na = dataclasses.replace(first, capaian=Hasil(None, "realisasi kosong"), kategori=None)
    s = sekilas(dataclasses.replace(hasil, indikator_pk=(na, *rest)), d)
    assert s.kinerja.startswith(
        f"{len(rest)} dari {len(rest) + 1} indikator kinerja mencapai target"
    )
    assert "(1 belum dapat dinilai: datanya N/A)" in s.kinerja
    none = dataclasses.replace(
        hasil,
        indikator_pk=(na,),
        rata_rata_capaian=Hasil(None, "tidak ada"),
        kategori_rata_rata=None,
    )
    assert sekilas(none, d).kinerja == (
        "0 dari 1 indikator kinerja mencapai target (1 belum dapat dinilai: datanya N/A); "
        "rata-rata capaian tidak dapat dihitung."
    )
    assert sekilas(dataclasses.replace(hasil, indikator_pk=()), d).kinerja.startswith("Belum ada")


def test_a_dominant_program_is_broken_down_and_small_items_are_grouped() -> None:
    hasil, d = _hasil("rembang/sumber")
    s = sekilas(hasil, d)
    assert s.tingkat == "sub kegiatan"  # 7.01.01 holds 95 % of the pagu
    assert s.sisa is not None and s.sisa.startswith("17 sub kegiatan lainnya: 15,43 %")
    # programs stay the unit when none dominates
    halves = [
        dataclasses.replace(p, dana=dataclasses.replace(ZERO, pagu=100)) for p in hasil.program[:2]
    ]
    even = dataclasses.replace(
        hasil, program=tuple(halves), total=dataclasses.replace(ZERO, pagu=200)
    )
    s2 = sekilas(even, d)
    assert s2.tingkat == "program" and [p.bagian for p in s2.porsi] == [50, 50]


@pytest.fixture(scope="module")
def phone(built_site: Path) -> Iterator[tuple[object, str]]:
    from tests.test_browser import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    yield from _phone(built_site)


def _phone(site: Path) -> Iterator[tuple[object, str]]:
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS, CHROMIUM, _Quiet

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser, f"http://127.0.0.1:{httpd.server_address[1]}"
        browser.close()
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("slug", EXAMPLES)
def test_summary_fits_the_first_phone_screen(phone: tuple[object, str], slug: str) -> None:
    browser, server = phone
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(f"{server}/{slug}/index.html")
    header = page.locator(".md-header").bounding_box()
    box = page.locator(".lkjip-sekilas").bounding_box()
    page.close()
    assert header is not None and box is not None
    # below the header, and wholly on the first screen without scrolling
    assert box["y"] >= header["y"] + header["height"], (box, header)
    assert box["y"] + box["height"] <= 844, (box, header)


def test_home_without_indicator_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """No capaian table is printed: the home says so and links nothing that is not there."""
    import generator.site

    monkeypatch.setattr(generator.site, "letak_tabel", lambda *args: {})
    page = _home("rembang/sumber")
    assert "Rincian capaian" not in page and "Rincian realisasi anggaran" not in page
    assert "84,57 % untuk Penyediaan Gaji dan Tunjangan ASN" in page


def test_a_single_remaining_item_is_named_not_grouped() -> None:
    hasil, d = _hasil("rembang/sumber")
    rows = [
        dataclasses.replace(p, dana=dataclasses.replace(ZERO, pagu=pagu))
        for p, pagu in zip(hasil.program[:3], (50, 45, 5), strict=True)
    ]
    total = dataclasses.replace(ZERO, pagu=100)
    s = sekilas(dataclasses.replace(hasil, program=tuple(rows), total=total), d)
    assert [p.pagu for p in s.porsi] == [50, 45, 5] and s.sisa is None
