"""Assemble the pages of one kecamatan site and of the portal (still in memory).

The chapter layout is data: ``tata-letak.yaml`` lists the pages of each report year and
of the site, with their templates. It is looked up like templates: kecamatan folder
``templat/``, then kabupaten folder ``templat/``, then ``site_templates/``.

Every key of a page context built here is described in :mod:`generator.konteks` for
docs/templat.md; tests/test_templat_docs.py fails when a key is added without one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from pydantic import Field

from generator.asal import BuildInfo
from generator.banding import Perbandingan, aturan, compare
from generator.charts import Grafik, batang
from generator.charts import tren as tren_grafik
from generator.compute.report import HasilLaporan, Terhitung, kunci
from generator.dokumen import (
    Dokumen,
    NarasiTerbit,
    kecamatan_context,
    letak_tabel,
    load_layout,
    read_model,
    render_year,
    template_file,
)
from generator.errors import UserError, display_path
from generator.formatting import tanggal
from generator.history import Riwayat
from generator.keluaran import (
    TAUTAN_BANDING,
    TAUTAN_TABEL,
    Tahun,
    berkas_banding,
    berkas_tabel,
    berkas_tahun,
    buat_semua,
    nama_unduhan,
    unduhan,
)
from generator.lookup import search_path
from generator.model import Kabupaten, Kecamatan, Project, ReportYear
from generator.opendata import (
    Provenans,
    dumps,
    laporan_schema,
)
from generator.paths import SITE_TEMPLATES, content_folder
from generator.render import (
    Penomor,
    TabelTerbit,
    make_environment,
    render_page,
)
from generator.schema.base import StrictModel
from generator.sekilas import sekilas
from generator.tables import Pembuat, tren


@dataclass
class Site:
    """A site ready to publish: Markdown pages, files to copy, navigation and settings."""

    slug: str
    nama: str
    pages: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # generated downloads (CSV, JSON, …)
    nav: list[Any] = field(default_factory=list)
    draf: bool = False
    # What the footer of every page says (the theme partial escapes each value).
    kaki: dict[str, Any] = field(default_factory=dict)
    # Where a page's links were written (its template or hand-written file), to locate them.
    sumber: dict[str, Path] = field(default_factory=dict)
    narasi: list[NarasiTerbit] = field(default_factory=list)


class Istilah(StrictModel):
    """One glossary entry; ``singkatan`` also becomes a tooltip wherever the term appears."""

    istilah: str
    singkatan: str | None = None
    penjelasan: str


class DaftarIstilah(StrictModel):
    """Contents of ``site_templates/istilah.yaml``."""

    istilah: list[Istilah] = Field(min_length=1)


GLOSSARY_FILE = SITE_TEMPLATES / "istilah.yaml"
GLOSSARY_PAGE = "istilah.md"
LAPOR = {"nama": "SP4N-LAPOR!", "alamat": "https://www.lapor.go.id"}


@functools.cache
def glossary() -> DaftarIstilah:
    """The packaged glossary (read once per process)."""
    return read_model(GLOSSARY_FILE, DaftarIstilah)


def abbreviations() -> str:
    """Markdown ``abbr`` definitions of the glossary's abbreviations, to append to a page."""
    return "\n".join(f"*[{t.istilah}]: {t.singkatan}" for t in glossary().istilah if t.singkatan)


def _glossary_page(env: jinja2.Environment) -> str:
    return render_page(env, "situs/istilah.md.j2", {"istilah": glossary().istilah})


def _complaint(kab: Kabupaten) -> dict[str, str]:
    own = kab.settings.situs.pengaduan
    return {"nama": own.nama, "alamat": own.alamat} if own is not None else dict(LAPOR)


def _web(address: str | None) -> str | None:
    """A kecamatan's own web address, linked only when it is plainly http(s) with a host
    name; anything else (``javascript:``, quotes) is not printed at all."""
    if address is None:
        return None
    has_scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", address) is not None
    text = address if has_scheme else f"https://{address}"
    parsed = urllib.parse.urlsplit(text)
    ok = parsed.scheme in ("http", "https") and "." in (parsed.hostname or "")
    return text if ok and not re.search(r"[\s\"'<>`\\]", text) else None


def _changed(histories: list[Riwayat]) -> str:
    """The footer's line on when the published data last changed, from git."""
    dates = [d for h in histories for d in h.terakhir.values()]
    pending = any(h.belum_dicatat for h in histories)
    if not dates:
        if pending:
            return "Data terbaru belum disimpan sebagai versi data (git)."
        notes = [h.catatan for h in histories if h.catatan]
        return notes[0] if notes else NO_HISTORY
    line = f"Data terakhir berubah pada {tanggal(max(dates))}"
    if pending:
        line += "; ada perubahan sesudahnya yang belum disimpan sebagai versi data (git)"
    return line + "."


def _tel(number: str | None) -> str | None:
    digits = re.sub(r"[^0-9+]", "", number or "")
    return f"tel:{digits}" if len(digits) >= 5 else None


def kecamatan_footer(
    kab: Kabupaten, kec: Kecamatan, history: Riwayat, mandiri: bool, riwayat_page: bool = True
) -> dict[str, Any]:
    """The footer of a kecamatan site. Inside the portal tree the kabupaten page is one
    folder up; a standalone package (``mandiri``) links the portal only at its declared
    absolute address, so it never points at a page missing from the zip."""
    p = kec.profil
    alamat = ", ".join(x for x in (p.alamat, p.kode_pos) if x)
    portal_name = f"Portal LKjIP {kab.settings.jenis.title()} {kab.settings.nama}"
    portal: dict[str, Any] | None = {"nama": portal_name, "alamat": "../index.html"}
    if mandiri:
        absolute = kab.settings.situs.alamat_portal
        portal = None if absolute is None else {"nama": portal_name, "alamat": absolute}
    return {
        "judul": f"Kecamatan {p.nama}, {kab.settings.jenis.title()} {kab.settings.nama}",
        "alamat": alamat or None,
        "telepon": p.telepon,
        "telepon_tautan": _tel(p.telepon),
        "surel": list(p.email),
        "situs": _web(p.situs),
        "pengaduan": [_complaint(kab)],
        "lisensi": kab.settings.situs.lisensi,
        "perubahan": _changed([history]),
        "riwayat": "riwayat.html" if riwayat_page else None,
        "istilah": GLOSSARY_PAGE.replace(".md", ".html"),
        "portal": portal,
    }


def portal_footer(project: Project, info: BuildInfo | None) -> dict[str, Any]:
    """The portal's footer: complaint channels, licences and the latest data change."""
    channels = [_complaint(kab) for kab in project.kabupaten]
    unique = [c for i, c in enumerate(channels) if c not in channels[:i]] or [dict(LAPOR)]
    licences = list(dict.fromkeys(kab.settings.situs.lisensi for kab in project.kabupaten))
    return {
        "judul": "Portal LKjIP",
        "catatan": "Alamat dan kontak setiap kecamatan tercantum di kaki halaman situs kecamatannya.",
        "pengaduan": unique,
        "lisensi": "; ".join(licences),
        "perubahan": _changed(list(info.riwayat.values())) if info and info.riwayat else None,
        "istilah": GLOSSARY_PAGE.replace(".md", ".html"),
    }


def build_kecamatan_site(
    kab: Kabupaten,
    kec: Kecamatan,
    results: dict[int, HasilLaporan],
    info: BuildInfo,
    cetak: frozenset[str] = frozenset(),
    mandiri: bool = False,
) -> Site:
    """Render every page of one kecamatan's site from its computed ``results`` (by year),
    with each year's printed outputs named in
    ``cetak`` ("pdf", "docx": see :mod:`generator.keluaran`).
    ``mandiri``: the site is packaged alone (``lkjip paket``), outside the portal tree."""
    paths = search_path(kab, kec)
    env = make_environment(paths)
    layout = load_layout(paths)
    site = Site(f"{kab.slug}/{kec.slug}", f"Kecamatan {kec.profil.nama}")
    site.draf = any(y.laporan.status == "draf" for y in kec.tahun)
    base = _site_context(kab, kec, results)
    year_nav = []
    downloads: dict[int, list[TabelTerbit]] = {}
    history = info.riwayat.get(site.slug, Riwayat())
    for year in sorted(kec.tahun, key=lambda y: y.tahun, reverse=True):
        # Named before the pages are rendered, so the year's first page links them.
        unduh = unduhan(cetak, kec, year)
        dokumen = render_year(env, layout, kab, kec, year, results[year.tahun], unduh, TAUTAN_TABEL)
        _add_year(site, dokumen, history)
        for c, data in buat_semua(dokumen, cetak).items():
            site.files[f"{year.tahun}/{nama_unduhan(c, kec, year)}"] = data
        provenans = Provenans(
            kab.settings.nama,
            kec.profil.nama,
            year.tahun,
            info.commit.get(site.slug),
            info.tanggal,
            lisensi=kab.settings.situs.lisensi,
        )
        site.files |= berkas_tahun(
            Tahun(kab, kec, year, results[year.tahun], dokumen.tabel, provenans)
        )
        downloads[year.tahun] = dokumen.tabel
        if year.tahun == max(results):
            base["letak_tabel"] = letak_tabel(dokumen, str(year.tahun))
        nav = [{p.judul: f"{year.tahun}/{p.berkas}"} for p in layout.tahun]
        draf = " (draf)" if year.laporan.status == "draf" else ""
        year_nav.append({f"Laporan {year.tahun}{draf}": nav})
    site.files["laporan.schema.json"] = dumps(laporan_schema())
    trend_indicators, trend_budget, series = tren(kec, results, kab.settings.aturan.desimal)
    trend_chart = (
        tren_grafik(
            "tren-kecamatan",
            f"Perkembangan indikator kinerja utama Kecamatan {kec.profil.nama}",
            series,
        )
        if series
        else None
    )
    if trend_chart is not None:
        site.files["grafik/tren-kecamatan.svg"] = trend_chart.svg
    base |= {"tren_tabel": (trend_indicators, trend_budget), "tren_grafik": trend_chart}
    for page in layout.situs:
        penomor = Penomor(unduh=TAUTAN_TABEL)
        penomor.mulai(page.berkas, None)
        context = base | {
            "halaman": page,
            "riwayat": info.riwayat.get(site.slug, Riwayat(catatan=NO_HISTORY)),
            "unduhan": downloads,
            "lisensi": kab.settings.situs.lisensi,
            "tabel_situs": penomor,
            "gambar_situs": penomor.gambar,
        }
        site.pages[page.berkas] = render_page(env, page.templat, context)
        site.sumber[page.berkas] = template_file(env, page.templat)
        latest = max(results)
        provenans = Provenans(
            kab.settings.nama,
            kec.profil.nama,
            latest,
            info.commit.get(site.slug),
            info.tanggal,
            lisensi=kab.settings.situs.lisensi,
        )
        site.files |= berkas_tabel("", penomor.terbit, provenans)
    site.nav = [{layout.situs[0].judul: layout.situs[0].berkas}, *year_nav]
    site.nav += [{p.judul: p.berkas} for p in layout.situs[1:]]
    site.pages[GLOSSARY_PAGE] = _glossary_page(env)
    site.nav += [{"Istilah": GLOSSARY_PAGE}, *_content_pages(site, kab.folder.parent, "kecamatan")]
    site.pages = {path: explain_na(text) for path, text in site.pages.items()}
    site.kaki = kecamatan_footer(
        kab,
        kec,
        info.riwayat.get(site.slug, Riwayat(catatan=NO_HISTORY)),
        mandiri,
        "riwayat.md" in site.pages,
    )
    return site


_NA_CELL = re.compile(r"\bN/A\b")
NA_NOTE = (
    '<p class="lkjip-keterangan-na"><abbr title="tidak tersedia">N/A</abbr> = data tidak '
    "tersedia: angkanya belum ada atau tidak dapat dihitung, sehingga capaian dan kategorinya "
    "belum dapat ditetapkan.</p>\n"
)


def explain_na(page: str) -> str:
    """Say what "N/A" means at the foot of every page that prints it (in tables too, where
    no Markdown tooltip reaches)."""
    return page if not _NA_CELL.search(page) else page.rstrip("\n") + "\n\n" + NA_NOTE


def _add_year(site: Site, dokumen: Dokumen, history: Riwayat) -> None:
    """Publish a report year's pages and files in its folder of the site."""
    folder = str(dokumen.year.tahun)
    site.pages |= {
        f"{folder}/{b.halaman.berkas}": _stamp(b.teks, dokumen.year, history)
        for b in dokumen.bagian
    }
    site.sumber |= {f"{folder}/{name}": path for name, path in dokumen.sumber.items()}
    site.narasi += dokumen.narasi
    site.copies |= {f"{folder}/{name}": path for name, path in dokumen.salinan.items()}
    site.files |= {f"{folder}/{name}": data for name, data in dokumen.berkas.items()}


def _site_context(
    kab: Kabupaten, kec: Kecamatan, results: dict[int, HasilLaporan]
) -> dict[str, Any]:
    """What the kecamatan's own pages (outside the years) may use: every year's results."""
    latest = max(kec.tahun, key=lambda y: y.tahun)
    return kecamatan_context(kab, kec) | {
        "tahun_laporan": sorted(results, reverse=True),
        "hasil_per_tahun": results,
        "terbaru": latest,
        "hasil_terbaru": results[latest.tahun],
        "pembuat_terbaru": Pembuat(kab, kec, latest, results[latest.tahun]),
        "sekilas": sekilas(results[latest.tahun], kab.settings.aturan.desimal),
        "letak_tabel": {},
    }


NO_HISTORY = "Riwayat perubahan tidak disertakan pada build ini."


def _stamp(page: str, year: ReportYear, history: Riwayat) -> str:
    """Mark draft pages and say when the year's data last changed (from git)."""
    lines = []
    if year.laporan.status == "draf":
        lines.append(
            '!!! warning "DRAF"\n    Laporan tahun ini masih **draf**: angka dapat berubah sebelum ditandatangani.\n'
        )
    changed = history.terakhir.get(year.tahun)
    if changed is not None:
        lines.append(
            f'<p class="lkjip-riwayat">Data laporan ini terakhir berubah pada {tanggal(changed)} (<a href="../riwayat.html">riwayat perubahan</a>).</p>\n'
        )
    if not lines:
        return page
    front, page = _front_matter(page)  # MkDocs reads front matter only at the very top
    title, _, rest = page.partition("\n")
    return front + (
        f"{title}\n\n" + "\n".join(lines) + rest
        if title.startswith("# ")
        else "\n".join(lines) + "\n" + page
    )


def _front_matter(page: str) -> tuple[str, str]:
    """A page's leading YAML front matter (``---`` … ``---``) and the rest."""
    if page.startswith("---\n"):
        end = page.find("\n---\n", 3)
        if end != -1:
            return page[: end + 5], page[end + 5 :]
    return "", page


def _content_pages(site: Site, data_root: Path, audience: str) -> list[Any]:
    """Copy the hand-written pages of ``content/<audience>/`` into the site (the data
    repository's own ``content/`` when it has one, see :func:`generator.paths.content_folder`)."""
    folder = content_folder(data_root) / audience
    nav = []
    if folder.is_dir():
        for md in sorted(folder.glob("*.md")):
            if md.is_symlink():  # as in the data folder: a link could publish any file
                where = f"{display_path(md.parent)}/{md.name}"
                raise UserError(f"'{where}' adalah tautan simbolik (symlink); pakai berkas aslinya")
            text = md.read_text(encoding="utf-8")
            site.pages[md.name] = text
            site.sumber[md.name] = md
            title = next(
                (line[2:].strip() for line in text.splitlines() if line.startswith("# ")), md.stem
            )
            nav.append({title: md.name})
    return nav


def render_all(
    data: Terhitung,
    only: set[str] | None = None,
    info: BuildInfo | None = None,
    cetak: frozenset[str] = frozenset(),
    drafts_in_portal: bool = False,
) -> tuple[Site, list[Site]]:
    """Render the portal and the selected kecamatan sites in memory (no I/O besides templates).

    Each kecamatan site also carries the printed outputs named in ``cetak`` of every year.
    """
    info = info or BuildInfo(dt.date(2000, 1, 1))
    sites = [
        build_kecamatan_site(kab, kec, data.kecamatan(kab, kec), info, cetak)
        for kab in data.project.kabupaten
        for kec in kab.kecamatan
        if only is None or kunci(kab, kec) in only
    ]
    return render_portal(data, drafts_in_portal), sites


def render_portal(
    data: Terhitung,
    drafts_in_portal: bool = False,
    previous: Path | None = None,
    info: BuildInfo | None = None,
) -> Site:
    """Render the portal pages, which compare every kecamatan's results. Charts unchanged
    since the build published in ``previous`` are reused from there."""
    results = data.hasil
    if not drafts_in_portal:
        results = _final_only(data.project, results)
    return build_portal(data.project, results, previous, info)


def _final_only(
    project: Project, results: dict[str, dict[int, HasilLaporan]]
) -> dict[str, dict[int, HasilLaporan]]:
    """Leave draft report years out of the portal (their own sites still show them, marked)."""
    final = {}
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            slug = f"{kab.slug}/{kec.slug}"
            final[slug] = {
                y.tahun: results[slug][y.tahun] for y in kec.tahun if y.laporan.status == "final"
            }
    return final


def build_portal(
    project: Project,
    results: dict[str, dict[int, HasilLaporan]],
    previous: Path | None = None,
    info: BuildInfo | None = None,
) -> Site:
    """Render the portal: an index, and per kabupaten its kecamatan compared year by year.

    ``previous`` is the published site folder: charts whose inputs did not change since
    that build are taken from it instead of being drawn again.
    """
    env = make_environment([SITE_TEMPLATES])
    site = Site("portal", "Portal LKjIP")
    index_rows = []
    for kab in project.kabupaten:
        published = [kec for kec in kab.kecamatan if results[f"{kab.slug}/{kec.slug}"]]
        latest = [
            (kec, results[f"{kab.slug}/{kec.slug}"][max(results[f"{kab.slug}/{kec.slug}"])])
            for kec in published
        ]
        index_rows.append(
            (
                kab,
                [
                    (kec, h, sorted(results[f"{kab.slug}/{kec.slug}"], reverse=True))
                    for kec, h in latest
                ],
            )
        )
        years = sorted(
            {t for kec in published for t in results[f"{kab.slug}/{kec.slug}"]}, reverse=True
        )
        pages = []
        for tahun in years:
            rows = [
                (kec, results[f"{kab.slug}/{kec.slug}"][tahun])
                for kec in published
                if tahun in results[f"{kab.slug}/{kec.slug}"]
            ]
            skala = kab.settings.skala[kab.settings.aturan.skala_capaian]
            compared = compare(rows, skala, kab.settings.aturan.desimal)
            judul = f"Perbandingan kinerja dan anggaran kecamatan tahun {tahun}"
            unduh = f"data/perbandingan-{tahun}"
            site.files |= berkas_banding(f"{kab.slug}/{unduh}", judul, compared, aturan(skala))
            folder = previous / kab.slug / "grafik" if previous is not None else None
            charts = _portal_charts(kab, tahun, compared, folder)
            name = f"{kab.slug}/perbandingan-{tahun}.md"
            context = {
                "kab": kab,
                "tahun": tahun,
                "baris": compared,
                "grafik": charts,
                "skala": skala,
                "aturan": aturan(skala),
                "judul": judul,
                "unduh": unduh,
                "format_unduh": TAUTAN_BANDING,
                "tautan_tahun": tahun,
                "tahun_kolom": False,
            }
            site.pages[name] = render_page(env, "portal/perbandingan.md.j2", context)
            site.files |= {f"{kab.slug}/grafik/{g.nama}.svg": g.svg for g in charts}
            pages.append({f"Perbandingan {tahun}": name})
        skala = kab.settings.skala[kab.settings.aturan.skala_capaian]
        summary = compare(latest, skala, kab.settings.aturan.desimal)
        judul = "Ringkasan kinerja kecamatan, tahun laporan terbaru"
        site.files |= berkas_banding(f"{kab.slug}/data/ringkasan", judul, summary, aturan(skala))
        site.pages[f"{kab.slug}/index.md"] = render_page(
            env,
            "portal/kabupaten.md.j2",
            {
                "kab": kab,
                "baris": summary,
                "tahun_tersedia": years,
                "judul": judul,
                "unduh": "data/ringkasan",
                "format_unduh": TAUTAN_BANDING,
                "tautan_tahun": None,
                "tahun_kolom": True,
            },
        )
        site.nav.append(
            {
                f"{kab.settings.jenis.title()} {kab.settings.nama}": [
                    {"Ringkasan": f"{kab.slug}/index.md"},
                    *pages,
                ]
            }
        )
    site.pages["index.md"] = render_page(env, "portal/index.md.j2", {"kabupaten": index_rows})
    site.pages[GLOSSARY_PAGE] = _glossary_page(env)
    site.nav = [
        {"Beranda": "index.md"},
        *site.nav,
        {"Istilah": GLOSSARY_PAGE},
        *_content_pages(site, project.root, "portal"),
    ]
    site.pages = {path: explain_na(text) for path, text in site.pages.items()}
    site.kaki = portal_footer(project, info)
    return site


def _portal_charts(
    kab: Kabupaten, tahun: int, rows: list[Perbandingan], previous: Path | None
) -> list[Grafik]:
    if not rows:
        return []
    d = kab.settings.aturan.desimal
    average = [(f"Kecamatan {r.kec.profil.nama}", r.hasil.rata_rata_capaian.nilai) for r in rows]
    absorption = [(f"Kecamatan {r.kec.profil.nama}", r.hasil.total.serapan.nilai) for r in rows]
    prefix = f"{tahun}"
    return [
        batang(
            f"capaian-{prefix}",
            f"Rata-rata capaian indikator kinerja kecamatan {tahun}",
            average,
            "%",
            d,
            previous,
        ),
        batang(
            f"serapan-{prefix}",
            f"Serapan anggaran kecamatan {tahun}",
            absorption,
            "%",
            d,
            previous,
        ),
    ]
