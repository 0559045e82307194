"""Stage 5: write each site's Markdown and mkdocs.yml, run MkDocs, and swap ``site/`` atomically.

Only this module (with :mod:`generator.staging`) writes. The new site is built beside the
old one and replaces it in one atomic exchange, so a failed or interrupted build leaves the
published ``site/`` as it was. Kecamatan
sites are built in parallel worker processes; a site whose content key (:mod:`generator.cache`)
is unchanged is hard-linked from the published ``site/`` instead of being built again.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import functools
import gc
import multiprocessing
import multiprocessing.context
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from generator import situs_mkdocs
from generator.cache import CACHE_FILE, portal_key, shared_key, site_key, stored_key
from generator.compute.report import HasilLaporan, hitung
from generator.errors import DataErrors, Issue, UserError
from generator.history import NO_GIT, open_repo, read_history
from generator.load import Folder, Tempat
from generator.model import Kabupaten, Kecamatan, Project
from generator.paths import BASE_CONFIG, IFRAME_WORKER_SHIM, SITE_TEMPLATES, THEME_OVERRIDES
from generator.search import indonesianize_index
from generator.site import (
    BuildInfo,
    Site,
    abbreviations,
    build_kecamatan_site,
    build_portal,
)
from generator.staging import Stage, staged, swap, writing
from generator.tautan import mkdocs_issues, narrative_link_issues

ASSETS = "assets/lkjip"


@dataclass(frozen=True)
class Hasil:
    """What a build produced: the sites rebuilt and the sites reused unchanged."""

    out: Path
    sites: tuple[str, ...]
    reused: tuple[str, ...] = ()
    portal_reused: bool = False  # the portal pages were carried over unchanged
    portal_key: str | None = None  # None when the portal was left to ``lkjip portal``


@dataclass(frozen=True)
class Shard:
    """Share ``index`` (1-based) of ``count`` deterministic shares of the kecamatan sites."""

    index: int
    count: int

    def select(self, slugs: Iterable[str]) -> list[str]:
        """Round-robin over the sorted slugs: stable whatever order the folders are listed in."""
        return [s for i, s in enumerate(sorted(slugs)) if i % self.count == self.index - 1]


@dataclass(frozen=True)
class _Task:
    """One kecamatan site to render and build; picklable, so a worker process can run it."""

    kab: Kabupaten
    kec: Kecamatan
    info: BuildInfo
    cetak: frozenset[str]  # the printed outputs to include (generator.keluaran)
    work: Path
    target: Path
    key: str
    mandiri: bool = False


def render_all(
    project: Project,
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
        build_kecamatan_site(kab, kec, info, cetak)
        for kab in project.kabupaten
        for kec in kab.kecamatan
        if only is None or f"{kab.slug}/{kec.slug}" in only
    ]
    return render_portal(project, drafts_in_portal), sites


def render_portal(
    project: Project,
    drafts_in_portal: bool = False,
    previous: Path | None = None,
    info: BuildInfo | None = None,
) -> Site:
    """Render the portal pages; they compare every kecamatan, so all of them are computed.
    Charts unchanged since the build published in ``previous`` are reused from there."""
    results: dict[str, dict[int, HasilLaporan]] = {
        f"{kab.slug}/{kec.slug}": {y.tahun: hitung(kab, kec, y) for y in kec.tahun}
        for kab in project.kabupaten
        for kec in kab.kecamatan
    }
    if not drafts_in_portal:
        results = _final_only(project, results)
    return build_portal(project, results, previous, info)


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
    cetak: frozenset[str] = frozenset(),
    drafts_in_portal: bool = False,
    *,
    jobs: int = 1,
    bersih: bool = False,
    shard: Shard | None = None,
    info: BuildInfo | None = None,
    mandiri: bool = False,
) -> Hasil:
    """Build the kecamatan sites (``jobs`` at a time) and the portal, then replace ``out``
    atomically.

    A site whose content key (see :mod:`generator.cache`) matches the one recorded in the
    current ``out`` is reused as it is, unless ``bersih``. With ``only`` (--kecamatan) the
    other sites are carried over unchanged; with ``shard`` only that share of the sites is
    built and the portal is left to ``lkjip portal``. ``info`` spares reading git again when
    the caller already has :func:`build_info` of this project. ``mandiri`` builds the
    kecamatan sites for a standalone upload (``lkjip paket``): no relative link to the portal.
    """
    info = info or build_info(project)
    out = out.resolve()
    keys = _site_keys(project, info, cetak, mandiri)
    slugs = set(keys)
    chosen = set(shard.select(slugs)) if shard else (only or slugs)
    key = portal_key(keys, drafts_in_portal, project.root)
    reuse_portal = shard is None and not bersih and stored_key(out) == key
    with writing(out), staged(out) as stage:
        staging, work = stage.site, stage.work
        tasks, reused = _plan(project, chosen, keys, info, cetak, out, staging, work, bersih)
        tasks = [replace(t, mandiri=mandiri) for t in tasks]
        portal = None
        if shard is None and not reuse_portal:
            portal = functools.partial(
                _build_portal, project, drafts_in_portal, work, out, key, info
            )
        built = _run(tasks, jobs, portal, stage)
        if portal is not None:
            _merge(work / "portal-situs", staging)
        if reuse_portal:
            _carry_over_portal(out, staging, slugs)
        if only is not None and shard is None:
            _carry_over(slugs - only, out, staging)
        swap(stage, out)
    return Hasil(
        out, tuple(sorted(built)), tuple(sorted(reused)), reuse_portal, None if shard else key
    )


def publish_portal(project: Project, out: Path, drafts_in_portal: bool = False) -> Hasil:
    """Assemble the portal into ``out``, which already holds every kecamatan site (e.g. the
    merged outputs of ``build --shard``); ``out`` is replaced atomically, as by a build."""
    out = out.resolve()
    slugs = sorted(_all_slugs(project))
    missing = [s for s in slugs if not (out / s / "index.html").is_file()]
    if missing:
        raise UserError(
            f"situs kecamatan belum ada di {out}: {', '.join(missing)}; bangun dulu dengan "
            "'lkjip build --shard' dan gabungkan hasilnya ke folder itu"
        )
    with writing(out), staged(out) as stage:
        _build_portal(project, drafts_in_portal, stage.work, out, info=build_info(project))
        _carry_over(set(slugs), out, stage.site)
        _merge(stage.work / "portal-situs", stage.site)
        swap(stage, out)
    return Hasil(out, (), tuple(slugs))


def _site_keys(
    project: Project, info: BuildInfo, cetak: frozenset[str], mandiri: bool = False
) -> dict[str, str]:
    """The content key of every kecamatan site (see :mod:`generator.cache`)."""
    # A standalone site differs from the one in the portal tree (its footer's portal link).
    shared = shared_key() + ("-mandiri" if mandiri else "")
    return {
        f"{kab.slug}/{kec.slug}": site_key(kab, kec, info, cetak=cetak, shared=shared)
        for kab in project.kabupaten
        for kec in kab.kecamatan
    }


def _plan(
    project: Project,
    chosen: set[str],
    keys: dict[str, str],
    info: BuildInfo,
    cetak: frozenset[str],
    out: Path,
    staging: Path,
    work: Path,
    bersih: bool,
) -> tuple[list[_Task], list[str]]:
    """Split the chosen sites into those to build and those reused from ``out`` (linked into
    ``staging`` now, so the published folder can change under us without harm)."""
    tasks, reused = [], []
    for kab in project.kabupaten:
        # A task carries its kabupaten without the other kecamatan: much less to pickle.
        alone = {kec.slug: replace(kab, kecamatan=(kec,)) for kec in kab.kecamatan}
        for kec in kab.kecamatan:
            slug = f"{kab.slug}/{kec.slug}"
            if slug not in chosen:
                continue
            key = keys[slug]
            if not bersih and stored_key(out / slug) == key:
                _link_tree(out / slug, staging / slug)
                reused.append(slug)
                continue
            own = BuildInfo(
                info.tanggal,
                {slug: info.commit.get(slug)},
                {slug: info.riwayat[slug]} if slug in info.riwayat else {},
            )
            tasks.append(_Task(alone[kec.slug], kec, own, cetak, work / slug, staging / slug, key))
    return tasks, reused


def _build_site(task: _Task) -> str:
    """Render and build one kecamatan site, then record its key (last: a site without the
    file is never reused)."""
    site = build_kecamatan_site(task.kab, task.kec, task.info, task.cetak, task.mandiri)
    _build(site, task.work, task.target)
    (task.target / CACHE_FILE).write_text(task.key + "\n", encoding="utf-8")
    return site.slug


def _build_portal(
    project: Project,
    drafts_in_portal: bool,
    work: Path,
    out: Path,
    key: str | None = None,
    info: BuildInfo | None = None,
) -> None:
    # Built beside the staging folder and merged afterwards: MkDocs empties its site_dir,
    # and the kecamatan sites may already be in staging (or still being written there).
    portal = render_portal(project, drafts_in_portal, previous=out, info=info)
    _build(portal, work / "portal", work / "portal-situs")
    if key is not None:  # last: a portal without its key is never reused
        (work / "portal-situs" / CACHE_FILE).write_text(key + "\n", encoding="utf-8")


def _run(
    tasks: list[_Task], jobs: int, portal: Callable[[], None] | None, stage: Stage
) -> list[str]:
    """Build the sites, ``jobs`` worker processes at a time; the portal meanwhile in this one.

    Rendering and MkDocs are both Python (GIL-bound), so each worker process does both for
    its site, MkDocs through its API (no interpreter started per site).
    """
    if jobs <= 1 or len(tasks) <= 1:
        if portal is not None:
            portal()
        return [_build_site(t) for t in tasks]
    # Forked workers share this process's memory (the whole validated project) until they
    # write to it, and a worker's garbage collector writes to every object it scans, copying
    # page after page: at 300 kecamatan each worker ended up with its own copy. Frozen
    # objects are never scanned, so the project stays shared.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            min(jobs, len(tasks)),
            mp_context=_context(),
            initializer=_worker_start,
            initargs=(os.getpid(), stage.tmp),
        ) as pool:
            return _collect(pool, [pool.submit(_build_site, t) for t in tasks], portal)
    finally:
        gc.unfreeze()


def _collect(
    pool: ProcessPoolExecutor, futures: list[Future[str]], portal: Callable[[], None] | None
) -> list[str]:
    """Build the portal meanwhile, then wait; the first site that failed (in the order of
    the sites, for a stable message) stops the others and is raised."""
    try:
        if portal is not None:
            portal()
        wait(futures, return_when=FIRST_EXCEPTION)
    except BaseException:
        _stop(pool)  # Ctrl-C, SIGTERM or the portal failed: no point finishing the sites
        raise
    failed = [f for f in futures if f.done() and f.exception() is not None]
    if failed:
        pool.shutdown(wait=True, cancel_futures=True)
        raise failed[0].exception()  # type: ignore[misc]
    return [f.result() for f in futures]


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now (MkDocs runs inside them), so that nothing writes into the
    staging folder once it is being removed."""
    for process in list((pool._processes or {}).values()):  # public only from Python 3.14
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int, tmp: Path) -> None:
    """First thing in every pool worker: end with the build, whatever kills it.

    A worker whose build died waits forever for work that never comes (seen: 13 minutes
    and counting after a SIGKILL). On Linux the kernel kills it when its parent dies; other
    systems get a thread that watches the parent. Ctrl-C and SIGTERM end a worker at once
    (the build cleans up); temp files go to the build's staging folder.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    tempfile.tempdir = str(tmp)  # already so when forked; not when spawned
    if not _kill_me_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)


def _kill_me_with_parent() -> bool:
    """Ask Linux for SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG)."""
    if sys.platform != "linux":
        return False
    pr_set_pdeathsig = 1
    return bool(ctypes.CDLL(None).prctl(pr_set_pdeathsig, int(signal.SIGKILL)) == 0)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _context() -> multiprocessing.context.BaseContext:
    """fork starts workers instantly; only a multi-threaded process (``lkjip serve``) uses
    spawn, since forking a process with threads can deadlock."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def build_info(project: Project) -> BuildInfo:
    """Build date (SOURCE_DATE_EPOCH when set, for reproducible output) and data commits."""
    return info_for(project.root, located(project))


def located(project: Project) -> list[Tempat]:
    """Where each kecamatan of ``project`` lives, with its report years."""
    return [
        Tempat(
            Folder(kab.slug, kab.folder),
            Folder(kec.slug, kec.folder),
            tuple(y.tahun for y in kec.tahun),
        )
        for kab in project.kabupaten
        for kec in kab.kecamatan
    ]


def info_for(root: Path, sites: list[Tempat]) -> BuildInfo:
    """:func:`build_info` for kecamatan found on disk (see :func:`generator.load.discover`)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()
    slugs = [f"{t.kab.slug}/{t.kec.slug}" for t in sites]
    repo = open_repo(root)
    if repo is None:  # one check instead of several git runs per kecamatan
        return BuildInfo(today, dict.fromkeys(slugs), dict.fromkeys(slugs, NO_GIT))
    commits = {slug: git_commit(t.kec.folder) for slug, t in zip(slugs, sites, strict=True)}
    histories = {
        slug: read_history(t.kab.folder, t.kec.slug, list(t.tahun), repo=repo)
        for slug, t in zip(slugs, sites, strict=True)
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
    # The glossary's abbreviations become tooltips (Markdown ``abbr``) on every page.
    glossary = abbreviations()
    for rel, text in site.pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.rstrip("\n") + "\n\n" + glossary + "\n", encoding="utf-8")
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
    shutil.copyfile(IFRAME_WORKER_SHIM, assets / "iframe-worker-shim.js")
    config = work / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(site_config(site, docs, target), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    issues = run_mkdocs(config, site)
    # MkDocs writes 404.html with root-relative asset links, which break under a sub-path
    # or from a local folder; a relocatable site is better off without it.
    (target / "404.html").unlink(missing_ok=True)
    issues += narrative_link_issues(site, target)
    if issues:  # strict: the site is complete, but a link in it leads nowhere
        raise DataErrors(issues)
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
    # Printed by the footer partial, which escapes every value (they come from data).
    extra["lkjip"] = site.kaki
    config["extra"] = extra
    config["theme"] = dict(config["theme"], custom_dir=str(THEME_OVERRIDES))
    return config


def _escape_nav(nav: Any) -> Any:
    """HTML-escape every title in a nav tree (titles may contain names from data)."""
    if isinstance(nav, list):
        return [_escape_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {str(escape(title)): _escape_nav(value) for title, value in nav.items()}
    return nav


def run_mkdocs(config: Path, site: Site) -> list[Issue]:
    """Build one site with MkDocs (in this process, see :mod:`generator.situs_mkdocs`);
    return its warnings (a broken link or anchor, …) as located issues: each fails the build."""
    return mkdocs_issues(site, situs_mkdocs.build(config, site.slug))


def _carry_over(slugs: Iterable[str], out: Path, staging: Path) -> None:
    """Carry kecamatan sites over from the current ``out`` unchanged (--kecamatan, portal)."""
    for slug in sorted(slugs):
        if (out / slug).is_dir() and not (staging / slug).exists():
            _link_tree(out / slug, staging / slug)


def _carry_over_portal(out: Path, staging: Path, slugs: set[str]) -> None:
    """Carry the portal's files over from ``out`` unchanged: everything but the kecamatan
    sites (which sit at ``kab/kec`` among the kabupaten pages)."""
    sites: dict[str, set[str]] = {}
    for slug in slugs:
        kab, kec = slug.split("/")
        sites.setdefault(kab, set()).add(kec)
    for entry in out.iterdir():
        if entry.name in sites and entry.is_dir():
            (staging / entry.name).mkdir(exist_ok=True)
            for child in entry.iterdir():
                if child.name not in sites[entry.name]:
                    _link_entry(child, staging / entry.name / child.name)
        else:
            _link_entry(entry, staging / entry.name)


def _link_entry(source: Path, target: Path) -> None:
    if source.is_dir():
        _link_tree(source, target)
    else:
        _link_or_copy(str(source), str(target))


def _link_tree(source: Path, target: Path) -> None:
    """Copy a built site by hard links: no bytes are copied, and the published files keep
    their inode. Safe because no build ever writes into an existing file of a site: MkDocs
    and the search step only create files in a freshly emptied folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def _merge(source: Path, target: Path) -> None:
    """Move the portal's files into ``target``, beside the kecamatan sites already there."""
    for entry in source.iterdir():
        dest = target / entry.name
        if entry.is_dir() and dest.is_dir():
            _merge(entry, dest)
        elif entry.is_dir() or not dest.exists():
            entry.rename(dest)
        else:
            entry.replace(dest)


def _all_slugs(project: Project) -> Iterable[str]:
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            yield f"{kab.slug}/{kec.slug}"
