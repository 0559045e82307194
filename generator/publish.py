"""Stage 5: build every site into a staging folder, then swap ``site/`` atomically.

Each kecamatan site is rendered (:func:`generator.site.build_kecamatan_site`, from the results
validation computed) and built (:func:`generator.pembangun.bangun_situs`) in a worker process;
the portal meanwhile in this one. A site whose content key (:mod:`generator.cache`) is
unchanged is hard-linked from the published ``site/`` instead of being built again. Only this
module (with :mod:`generator.staging`) writes ``site/``: the new one is built beside the old
one and replaces it in one atomic exchange, so a failed or interrupted build leaves the
published ``site/`` as it was.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import multiprocessing.context
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path

from generator.asal import BuildInfo, build_info
from generator.cache import CACHE_FILE, portal_key, shared_key, site_key, stored_key
from generator.compute.report import HasilLaporan, Terhitung
from generator.errors import UserError
from generator.model import Kabupaten, Kecamatan, Project
from generator.pembangun import bangun_situs
from generator.site import build_kecamatan_site, render_portal
from generator.staging import Stage, staged, swap, writing


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
    hasil: dict[int, HasilLaporan]  # computed once, by validation
    info: BuildInfo
    cetak: frozenset[str]  # the printed outputs to include (generator.keluaran)
    work: Path
    target: Path
    key: str
    mandiri: bool = False


def publish(
    data: Terhitung,
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
    project = data.project
    info = info or build_info(project)
    out = out.resolve()
    keys = _site_keys(project, info, cetak, mandiri)
    slugs = set(keys)
    chosen = set(shard.select(slugs)) if shard else (only or slugs)
    key = portal_key(keys, drafts_in_portal, project.root)
    reuse_portal = shard is None and not bersih and stored_key(out) == key
    with writing(out), staged(out) as stage:
        staging, work = stage.site, stage.work
        tasks, reused = _plan(data, chosen, keys, info, cetak, out, staging, work, bersih)
        tasks = [replace(t, mandiri=mandiri) for t in tasks]
        portal = None
        if shard is None and not reuse_portal:
            portal = functools.partial(_build_portal, data, drafts_in_portal, work, out, key, info)
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


def publish_portal(data: Terhitung, out: Path, drafts_in_portal: bool = False) -> Hasil:
    """Assemble the portal into ``out``, which already holds every kecamatan site (e.g. the
    merged outputs of ``build --shard``); ``out`` is replaced atomically, as by a build."""
    project, out = data.project, out.resolve()
    slugs = sorted(data.hasil)
    missing = [s for s in slugs if not (out / s / "index.html").is_file()]
    if missing:
        raise UserError(
            f"situs kecamatan belum ada di {out}: {', '.join(missing)}; bangun dulu dengan "
            "'lkjip build --shard' dan gabungkan hasilnya ke folder itu"
        )
    with writing(out), staged(out) as stage:
        _build_portal(data, drafts_in_portal, stage.work, out, info=build_info(project))
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
    data: Terhitung,
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
    for kab in data.project.kabupaten:
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
            tasks.append(
                _Task(
                    alone[kec.slug],
                    kec,
                    data.kecamatan(kab, kec),
                    own,
                    cetak,
                    work / slug,
                    staging / slug,
                    key,
                )
            )
    return tasks, reused


def _build_site(task: _Task) -> str:
    """Render and build one kecamatan site, then record its key (last: a site without the
    file is never reused)."""
    site = build_kecamatan_site(task.kab, task.kec, task.hasil, task.info, task.cetak, task.mandiri)
    bangun_situs(site, task.work, task.target)
    (task.target / CACHE_FILE).write_text(task.key + "\n", encoding="utf-8")
    return site.slug


def _build_portal(
    data: Terhitung,
    drafts_in_portal: bool,
    work: Path,
    out: Path,
    key: str | None = None,
    info: BuildInfo | None = None,
) -> None:
    # Built beside the staging folder and merged afterwards: MkDocs empties its site_dir,
    # and the kecamatan sites may already be in staging (or still being written there).
    portal = render_portal(data, drafts_in_portal, previous=out, info=info)
    bangun_situs(portal, work / "portal", work / "portal-situs")
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
