"""Stage 5: write each site's Markdown and mkdocs.yml, run MkDocs, and swap ``site/`` atomically.

Only this module writes. Nothing is written until every page rendered; the new site is
built beside the old one and replaces it in one rename, so a failed or interrupted build
leaves the published ``site/`` as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from generator.compute.report import HasilLaporan, hitung
from generator.errors import UserError
from generator.history import read_history
from generator.model import Project
from generator.search import indonesianize_index
from generator.site import ROOT, SITE_TEMPLATES, BuildInfo, Site, build_kecamatan_site, build_portal

BASE_CONFIG = ROOT / "mkdocs.yml"
SHIM = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
ASSETS = "assets/lkjip"


@dataclass(frozen=True)
class Hasil:
    """What a build produced."""

    out: Path
    sites: tuple[str, ...]


def render_all(
    project: Project,
    only: set[str] | None = None,
    info: BuildInfo | None = None,
    pdf: bool = False,
    drafts_in_portal: bool = False,
) -> tuple[Site, list[Site]]:
    """Render the portal and the selected kecamatan sites in memory (no I/O besides templates).

    With ``pdf``, each kecamatan site also carries the PDF of every report year.
    """
    results: dict[str, dict[int, HasilLaporan]] = {}
    sites = []
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            results[f"{kab.slug}/{kec.slug}"] = {y.tahun: hitung(kab, kec, y) for y in kec.tahun}
            if only is None or f"{kab.slug}/{kec.slug}" in only:
                info = info or BuildInfo(dt.date(2000, 1, 1))
                sites.append(build_kecamatan_site(kab, kec, info, pdf))
    if not drafts_in_portal:
        results = _final_only(project, results)
    return build_portal(project, results), sites


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


def publish(
    project: Project,
    out: Path,
    only: set[str] | None = None,
    pdf: bool = False,
    drafts_in_portal: bool = False,
) -> Hasil:
    """Render everything, build every site with MkDocs, then replace ``out`` atomically."""
    portal, sites = render_all(project, only, build_info(project), pdf, drafts_in_portal)
    if not SHIM.exists():
        raise UserError(
            "aset iframe-worker belum terpasang; jalankan 'npm install' di folder proyek"
        )
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.baru-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="lkjip-docs-") as work:
            _build(portal, Path(work) / "portal", staging)
            for site in sites:
                _build(site, Path(work) / site.slug, staging / site.slug)
        _keep_unselected(project, out, staging, only)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Hasil(out, tuple(s.slug for s in sites))


def build_info(project: Project) -> BuildInfo:
    """Build date (SOURCE_DATE_EPOCH when set, for reproducible output) and data commits."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    commits = {
        f"{kab.slug}/{kec.slug}": git_commit(kec.folder)
        for kab in project.kabupaten
        for kec in kab.kecamatan
    }
    histories = {
        f"{kab.slug}/{kec.slug}": read_history(kab.folder, kec.slug, [y.tahun for y in kec.tahun])
        for kab in project.kabupaten
        for kec in kab.kecamatan
    }
    return BuildInfo(today, commits, histories)


def git_commit(folder: Path) -> str | None:
    """The last commit that touched ``folder``, or None outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%H", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def _build(site: Site, work: Path, target: Path) -> None:
    docs = work / "docs"
    for rel, text in site.pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, source in site.copies.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
    for rel, data in site.files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assets = docs / ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SITE_TEMPLATES / "assets" / "lkjip.css", assets / "lkjip.css")
    shutil.copyfile(SITE_TEMPLATES / "assets" / "urut.js", assets / "urut.js")
    shutil.copyfile(SHIM, assets / "iframe-worker-shim.js")
    config = work / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(site_config(site, docs, target), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    run_mkdocs(config, site.slug)
    # MkDocs writes 404.html with root-relative asset links, which break under a sub-path
    # or from a local folder; a relocatable site is better off without it.
    (target / "404.html").unlink(missing_ok=True)
    indonesianize_index(target)


def site_config(site: Site, docs: Path, target: Path) -> dict[str, Any]:
    """This site's mkdocs.yml: the repository's base config plus name, folders and nav."""
    config: dict[str, Any] = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    config |= {
        # Material prints site_name and nav titles without escaping; names come from data.
        "site_name": str(escape(site.nama + (" (draf)" if site.draf else ""))),
        "docs_dir": str(docs),
        "site_dir": str(target),
        "nav": _escape_nav(site.nav),
        "use_directory_urls": False,
        "extra_css": [f"{ASSETS}/lkjip.css"],
        "extra_javascript": [f"{ASSETS}/urut.js"],
    }
    extra = dict(config.get("extra") or {})
    # A local copy keeps Material's offline plugin from linking the shim on a CDN.
    extra["polyfills"] = [f"{ASSETS}/iframe-worker-shim.js"]
    extra["generator"] = False
    config["extra"] = extra
    return config


def _escape_nav(nav: Any) -> Any:
    """HTML-escape every title in a nav tree (titles may contain names from data)."""
    if isinstance(nav, list):
        return [_escape_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {str(escape(title)): _escape_nav(value) for title, value in nav.items()}
    return nav


def run_mkdocs(config: Path, name: str) -> None:
    """Build one site with MkDocs in strict mode; its warnings become a user-facing error."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(config),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise UserError(f"MkDocs gagal membangun situs '{name}':\n{detail}")


def _keep_unselected(project: Project, out: Path, staging: Path, only: set[str] | None) -> None:
    """With --kecamatan, carry the other kecamatan sites over from the current site/."""
    if only is None:
        return
    for slug in _all_slugs(project):
        if slug not in only and (out / slug).is_dir() and not (staging / slug).exists():
            shutil.copytree(out / slug, staging / slug)


def _all_slugs(project: Project) -> Iterable[str]:
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            yield f"{kab.slug}/{kec.slug}"


def _swap(staging: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.lama-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
