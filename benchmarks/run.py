"""Benchmark, not a test: lkjip at 30 and 300 kecamatan, against plain MkDocs.

Run from the repository root after the README's setup: ``python3 benchmarks/run.py``.
Options: ``--skala 30 300`` (the two sizes), ``--benih 1``, ``--polos N`` (largest size for
which the single plain MkDocs site is really built, default 120; larger sizes are
extrapolated from the two largest measured ones, and the output says so), ``--simpan DIR`` (keep the generated data and sites),
``--validasi N`` (only ``lkjip validate`` of N kecamatan, cold and warm user cache).

Every build runs as its own ``python -m generator`` process, as a user would run it, with
``SOURCE_DATE_EPOCH`` fixed. Peak memory is sampled from /proc over the whole process tree
(build, worker processes, MkDocs), summing PSS. The stage split comes from one extra serial
build run in this process with timers around each stage. See BENCHMARKS.md for the method.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ENV = dict(os.environ, SOURCE_DATE_EPOCH="1735689600", PYTHONWARNINGS="ignore")
GIB = 1024**3


@dataclass
class Run:
    """One measured command."""

    seconds: float
    peak_bytes: int
    output: str
    cpu_seconds: float = 0.0
    """User + system CPU of the process and the children it waited for: less sensitive than
    wall time to other work on the machine."""


@dataclass
class Results:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, target: str, measured: str, goal: str, ok: bool | None) -> None:
        verdict = "—" if ok is None else ("ya" if ok else "TIDAK")
        self.rows.append((target, measured, goal, verdict))


# --- measuring ------------------------------------------------------------------------


def _tree_pss(root_pid: int) -> int:
    """Sum of PSS (or RSS where PSS is unavailable) of ``root_pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        total += _memory_of(pid)
    return total


def _memory_of(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    return 0


def run(args: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run ``python -m generator ARGS``; time it and sample its memory every 200 ms."""
    start = time.perf_counter()
    used = _children_cpu()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env or ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    sampling = Path("/proc").is_dir()

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_pss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - start
    if sampling:
        sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"gagal: lkjip {' '.join(args)}\n{output}")
    return Run(seconds, peak, output, _children_cpu() - used)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fmt_s(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 600 else f"{seconds / 60:.1f} min"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the stage split ------------------------------------------------------------------


class Stopwatch:
    """Accumulates time per stage; nested stages are not counted twice in their parent."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self._stack: list[tuple[str, float, float]] = []  # name, start, child time

    def wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append((name, time.perf_counter(), 0.0))
            try:
                return func(*args, **kwargs)
            finally:
                _, start, child = self._stack.pop()
                spent = time.perf_counter() - start
                self.totals[name] = self.totals.get(name, 0.0) + spent - child
                if self._stack:
                    parent, pstart, pchild = self._stack[-1]
                    self._stack[-1] = (parent, pstart, pchild + spent)

        return timed


def stage_split(data: Path, out: Path) -> tuple[dict[str, float], float]:
    """A serial build in this process with timers around each stage (see BENCHMARKS.md)."""
    os.environ["SOURCE_DATE_EPOCH"] = ENV["SOURCE_DATE_EPOCH"]
    from generator import cli, pembangun, pipeline, publish, result_checks

    watch = Stopwatch()
    patches = {
        (result_checks, "load_project"): "muat (YAML)",
        (result_checks, "validate"): "validasi + hitung",
        (pipeline, "build_info"): "info build (git)",
        (publish, "site_key"): "kunci cache",
        (publish, "build_kecamatan_site"): "render situs kecamatan",
        (publish, "render_portal"): "render portal",
        (pembangun, "run_mkdocs"): "MkDocs",
        (pembangun, "indonesianize_index"): "indeks pencarian Indonesia",
        (publish, "bangun_situs"): "tulis Markdown + berkas",
        (publish, "swap"): "tukar folder",
    }
    originals = {target: getattr(*target) for target in patches}
    for (module, name), label in patches.items():
        setattr(module, name, watch.wrap(label, originals[(module, name)]))
    start = time.perf_counter()
    try:
        code = cli.main(["build", str(data), "--keluaran", str(out), "--jobs", "1", "--bersih"])
    finally:
        for (module, name), func in originals.items():
            setattr(module, name, func)
    total = time.perf_counter() - start
    if code != 0:
        raise SystemExit("build untuk pembagian tahap gagal")
    watch.totals["lain-lain"] = total - sum(watch.totals.values())
    return watch.totals, total


# --- the plain MkDocs site ------------------------------------------------------------


def plain_site(data_folder: Path, work: Path) -> tuple[float, int, int]:
    """One MkDocs site holding every page of every kecamatan site and of the portal.

    Returns (seconds for ``mkdocs build``, number of pages, search index bytes).
    """
    os.environ["SOURCE_DATE_EPOCH"] = ENV["SOURCE_DATE_EPOCH"]
    import yaml

    from generator import pembangun
    from generator.asal import build_info
    from generator.paths import IFRAME_WORKER_SHIM, SITE_TEMPLATES
    from generator.result_checks import load_and_compute
    from generator.site import Site, render_all

    data = load_and_compute(str(data_folder))
    portal, sites = render_all(data, None, build_info(data.project))
    docs = work / "docs"
    nav: list[Any] = list(portal.nav)
    _write_site(portal, docs)
    for site in sites:
        _write_site(site, docs / site.slug)
        nav.append({site.nama: _prefix(site.nav, site.slug)})
    combined = Site("semua", "Semua kecamatan (MkDocs polos)")
    combined.nav = nav
    config = pembangun.site_config(combined, docs, work / "site")
    assets = docs / pembangun.ASSETS
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("lkjip.css", "urut.js"):
        shutil.copyfile(SITE_TEMPLATES / "assets" / name, assets / name)
    shutil.copyfile(IFRAME_WORKER_SHIM, assets / "iframe-worker-shim.js")
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    pages = sum(len(s.pages) for s in [portal, *sites])
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(work / "mkdocs.yml")],
        env=dict(ENV, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"MkDocs polos gagal:\n{result.stderr[-3000:]}")
    index = work / "site" / "search" / "search_index.json"
    return seconds, pages, index.stat().st_size


def _write_site(site: Any, docs: Path) -> None:
    for rel, text in site.pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    for rel, source in site.copies.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / rel)
    for rel, blob in site.files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(blob)


def _prefix(nav: Any, slug: str) -> Any:
    if isinstance(nav, list):
        return [_prefix(item, slug) for item in nav]
    if isinstance(nav, dict):
        return {title: _prefix(value, slug) for title, value in nav.items()}
    return f"{slug}/{nav}"


# --- the benchmark --------------------------------------------------------------------


def generate(count: int, target: Path, seed: int) -> None:
    run(["contoh", str(count), "--keluaran", str(target), "--benih", str(seed)])


def one_slug(data: Path) -> str:
    return sorted(p.parent.relative_to(data).as_posix() for p in data.glob("*/*/kecamatan.yaml"))[0]


def change_one(data: Path, slug: str) -> None:
    """Edit one realisasi of one kecamatan (its latest year's first Renstra indicator)."""
    year = sorted((data / slug).glob("[0-9][0-9][0-9][0-9]"))[-1]
    path = year / "kinerja.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip().startswith("realisasi:"):
            value = float(line.split(":", 1)[1])
            lines[i] = line.split(":", 1)[0] + f": {value + 0.01:.2f}\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def index_sizes(site: Path) -> list[int]:
    return [p.stat().st_size for p in site.glob("*/*/search/search_index.json")]


def site_bytes(site: Path) -> list[int]:
    """Bytes of every kecamatan site (the folders ``kab/kec`` holding a search index)."""
    return [
        sum(f.stat().st_size for f in p.parent.parent.rglob("*") if f.is_file())
        for p in site.glob("*/*/search/search_index.json")
    ]


def measure_history(n: int, commits: int, work: Path) -> dict[str, float]:
    """Builds of data kept in git: every build shows each kecamatan's review history, whose
    figures per old version come from the user cache once computed (``generator.store``)."""
    repo = work / f"git-{n}"
    shutil.copytree(work / f"data-{n}", repo / "data")
    git = ["git", "-c", "user.name=Benchmark", "-c", "user.email=benchmark@lkjip.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "Data awal"], cwd=repo, check=True)
    slugs = sorted(
        p.parent.relative_to(repo / "data").as_posix()
        for p in (repo / "data").glob("*/*/kecamatan.yaml")
    )
    for i in range(commits):
        change_one(repo / "data", slugs[i % len(slugs)])
        subprocess.run([*git, "commit", "-qam", f"Perbaikan {i + 1}"], cwd=repo, check=True)
    out = repo / "site"
    figures: dict[str, float] = {"commits": commits + 1}
    for label, cache in (("cold", "kosong"), ("warm", "kosong"), ("nocache", "lain")):
        env = dict(ENV, LKJIP_CACHE=str(work / f"cache-{cache}"))
        shutil.rmtree(work / "cache-lain", ignore_errors=True)
        extra = ["--bersih"] if label == "cold" else []
        log(f"{n} kecamatan dalam git ({commits + 1} commit): build {label}")
        figures[label] = run(
            ["build", str(repo / "data"), "--keluaran", str(out), *extra], env=env
        ).seconds
        log(f"  {fmt_s(figures[label])}")
    return figures


def measure_validate(n: int, work: Path, seed: int, repeats: int = 2) -> dict[str, float]:
    """``lkjip validate`` of ``n`` kecamatan: with an empty user cache (cold), then again after
    one file changed (warm: only that file is parsed again, see ``generator.parsecache``), and
    with the cache turned off. Cold and warm alternate ``repeats`` times; medians are kept."""
    data = work / f"data-{n}"
    if not data.exists():
        log(f"{n} kecamatan: membuat data sintetis")
        generate(n, data, seed)
    cache = work / f"cache-validasi-{n}"
    slug = one_slug(data)
    cold: list[Run] = []
    warm: list[Run] = []
    for _ in range(repeats):
        shutil.rmtree(cache, ignore_errors=True)
        env = dict(ENV, LKJIP_CACHE=str(cache))
        cold.append(run(["validate", str(data)], env=env))
        change_one(data, slug)
        warm.append(run(["validate", str(data)], env=env))
        log(
            f"{n} kecamatan: validate dingin {fmt_s(cold[-1].seconds)} (CPU "
            f"{fmt_s(cold[-1].cpu_seconds)}), hangat (1 berkas berubah) "
            f"{fmt_s(warm[-1].seconds)} (CPU {fmt_s(warm[-1].cpu_seconds)})"
        )
    off = run(["validate", str(data)], env=dict(ENV, LKJIP_CACHE="0"))
    log(f"{n} kecamatan: validate tanpa cache (LKJIP_CACHE=0) {fmt_s(off.seconds)}")
    entries = list((cache / "yaml").glob("*"))
    return {
        "cold": _median([r.seconds for r in cold]),
        "warm": _median([r.seconds for r in warm]),
        "cold_cpu": _median([r.cpu_seconds for r in cold]),
        "warm_cpu": _median([r.cpu_seconds for r in warm]),
        "off": off.seconds,
        "repeats": repeats,
        "cache_bytes": sum(e.stat().st_size for e in entries),
        "entries": len(entries),
    }


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def validate_row(res: Results, n: int, v: dict[str, float]) -> None:
    ratio = v["warm"] / v["cold"]
    res.add(
        f"validate hangat / dingin ({n}, 1 berkas berubah)",
        f"{ratio:.0%} ({fmt_s(v['warm'])} vs {fmt_s(v['cold'])}; CPU "
        f"{v['warm_cpu'] / v['cold_cpu']:.0%})",
        "≤ 25 %",
        ratio <= 0.25,
    )
    res.notes.append(
        f"validate {n} kecamatan tanpa cache (LKJIP_CACHE=0): {fmt_s(v['off'])}; cache parse "
        f"{v['entries']:.0f} entri, {v['cache_bytes'] / 1e6:.1f} MB; median {v['repeats']:.0f} "
        "pasang dingin/hangat bergantian."
    )


def measure_size(n: int, work: Path, seed: int, res: Results, jobs1: bool) -> dict[str, float]:
    data, out = work / f"data-{n}", work / f"situs-{n}"
    log(f"{n} kecamatan: membuat data sintetis")
    generate(n, data, seed)
    figures: dict[str, float] = {}
    log(f"{n} kecamatan: build penuh --jobs 2")
    full = run(["build", str(data), "--keluaran", str(out), "--jobs", "2", "--bersih"])
    figures["full"], figures["peak"] = full.seconds, full.peak_bytes
    log(f"  {fmt_s(full.seconds)}, memori puncak {full.peak_bytes / 2**20:.0f} MiB")
    if jobs1:
        log(f"{n} kecamatan: build penuh --jobs 1")
        serial = run(["build", str(data), "--keluaran", str(out), "--jobs", "1", "--bersih"])
        figures["serial"] = serial.seconds
        log(f"  {fmt_s(serial.seconds)}")
    log(f"{n} kecamatan: build ulang tanpa perubahan")
    figures["nochange"] = run(["build", str(data), "--keluaran", str(out)]).seconds
    log(f"  {fmt_s(figures['nochange'])}")
    slug = one_slug(data)
    change_one(data, slug)
    log(f"{n} kecamatan: build ulang setelah {slug} berubah")
    changed = run(["build", str(data), "--keluaran", str(out)])
    assert "1 kecamatan dibangun" in changed.output, changed.output
    figures["onechange"] = changed.seconds
    log(f"  {fmt_s(changed.seconds)}")
    alone = run(["build", str(data / slug), "--keluaran", str(work / f"sendiri-{n}")])
    figures["alone"] = alone.seconds
    log(f"  situs {slug} sendirian: {fmt_s(alone.seconds)}")
    sizes = index_sizes(out)
    figures["index_max"], figures["index_mean"] = max(sizes), sum(sizes) / len(sizes)
    figures["sites"] = len(sizes)
    per_site = site_bytes(out)
    figures["site_bytes_mean"], figures["site_bytes_max"] = (
        sum(per_site) / len(per_site),
        max(per_site),
    )
    return figures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Benchmark lkjip vs MkDocs polos.")
    parser.add_argument("--skala", type=int, nargs=2, default=[30, 300], metavar=("KECIL", "BESAR"))
    parser.add_argument("--benih", type=int, default=1)
    parser.add_argument("--polos", type=int, default=120, metavar="N")
    parser.add_argument("--simpan", type=Path, default=None, metavar="DIR")
    parser.add_argument("--validasi", type=int, default=None, metavar="N")
    parser.add_argument(
        "--suntingan", action="store_true", help="hanya putaran sunting: serve, ubah satu nilai"
    )
    args = parser.parse_args(argv[1:])
    small, large = args.skala
    began = time.perf_counter()
    work = args.simpan or Path(tempfile.mkdtemp(prefix="lkjip-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"lkjip benchmark: {os.cpu_count()} inti, Python {sys.version.split()[0]}, kerja di {work}"
    )
    res = Results()
    if args.validasi is not None:
        return validate_only(args.validasi, work, args, res, began)
    if args.suntingan:
        return edit_loop_only(work, args, res, began)
    try:
        a = measure_size(small, work, args.benih, res, jobs1=True)
        b = measure_size(large, work, args.benih, res, jobs1=False)
        log(f"{small} kecamatan: pembagian tahap (build serial dalam proses ini)")
        stages, total = stage_split(work / f"data-{small}", work / f"tahap-{small}")
        history = measure_history(small, 10, work)
        validation = measure_validate(large, work, args.benih)
        validate_row(res, large, validation)
        plain = plain_comparison(work, args, small, large)
        report(res, stages, total, a, b, plain, small, large, history)
    finally:
        if args.simpan is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nDurasi benchmark: {fmt_s(time.perf_counter() - began)}")
    return 0


def validate_only(n: int, work: Path, args: Any, res: Results, began: float) -> int:
    """Only the validate measurement (``--validasi N``)."""
    try:
        figures = measure_validate(n, work, args.benih)
    finally:
        if args.simpan is None:
            shutil.rmtree(work, ignore_errors=True)
    validate_row(res, n, figures)
    print_targets(res)
    print("\nJSON: " + json.dumps({"validasi": figures}))
    print(f"\nDurasi benchmark: {fmt_s(time.perf_counter() - began)}")
    return 0


def measure_edit_loop(work: Path, edits: int = 3) -> list[float]:
    """``lkjip serve`` on the example data; change one realisasi, then time until the server
    reports a new build (what the open page polls before it reloads itself)."""
    import socket
    import urllib.request

    data = work / "contoh-data"
    shutil.copytree(ROOT / "data", data)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    command = [sys.executable, "-m", "generator", "serve", str(data), "--port", str(port)]
    command += ["--keluaran", str(work / "contoh-site")]
    server = subprocess.Popen(
        command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def build_number() -> str | None:
        try:
            url = f"http://127.0.0.1:{port}/__lkjip/versi"
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode())
        except OSError:
            return None

    seconds = []
    try:
        deadline = time.monotonic() + 600
        while build_number() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        kinerja = data / "rembang" / "sumber" / "2024" / "kinerja.yaml"
        original = kinerja.read_text(encoding="utf-8")
        for i in range(edits):
            time.sleep(2)  # the watcher has taken its snapshot
            before = build_number()
            changed = original.replace("realisasi: 88.61", f"realisasi: 88.6{i + 2}", 1)
            if changed == original:
                raise SystemExit("nilai contoh untuk putaran sunting tidak ditemukan")
            kinerja.write_text(changed, encoding="utf-8")
            start = time.perf_counter()
            while build_number() == before:
                time.sleep(0.05)
            seconds.append(time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return seconds


def edit_loop_only(work: Path, args: Any, res: Results, began: float) -> int:
    """Only the edit loop (``--suntingan``)."""
    try:
        seconds = measure_edit_loop(work)
    finally:
        if args.simpan is None:
            shutil.rmtree(work, ignore_errors=True)
    middle = statistics.median(seconds)
    res.add(
        "putaran sunting: simpan → build baru (data contoh)",
        f"{middle:.1f} s (median dari {len(seconds)}: "
        + ", ".join(f"{x:.1f}" for x in seconds)
        + ")",
        "≤ 2 s",
        middle <= 2,
    )
    print_targets(res)
    print(f"\nDurasi benchmark: {fmt_s(time.perf_counter() - began)}")
    return 0


def plain_comparison(
    work: Path, args: Any, small: int, large: int
) -> dict[int, tuple[float, int, int]]:
    """Plain MkDocs at the small size, and at larger sizes up to ``--polos``."""
    sizes = sorted({small, *(n for n in (small * 2, small * 4, large) if n <= args.polos)})
    out: dict[int, tuple[float, int, int]] = {}
    for n in sizes:
        data = work / f"data-{n}"
        if not data.exists():
            generate(n, data, args.benih)
        log(f"MkDocs polos, satu situs berisi halaman {n} kecamatan")
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            out[n] = plain_site(data, Path(tmp))
        log(f"  {fmt_s(out[n][0])} untuk {out[n][1]} halaman")
    return out


def _extrapolate(plain: dict[int, tuple[float, int, int]], n: int) -> tuple[float, bool]:
    """Plain MkDocs time at ``n`` kecamatan: measured, or fitted as a·n + b·n² (every page
    renders the whole navigation, so the time grows with the square of the page count)."""
    if n in plain:
        return plain[n][0], True
    (n1, (t1, *_)), (n2, (t2, *_)) = sorted(plain.items())[-2:]
    b = (t2 / n2 - t1 / n1) / (n2 - n1)
    a = t1 / n1 - b * n1
    return a * n + max(b, 0.0) * n * n, False


def report(
    res: Results,
    stages: dict[str, float],
    total: float,
    a: dict[str, float],
    b: dict[str, float],
    plain: dict[int, tuple[float, int, int]],
    small: int,
    large: int,
    history: dict[str, float],
) -> None:
    print(f"\n== Pembagian waktu, build serial {small} kecamatan ({fmt_s(total)}) ==")
    for name, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        print(f"  {name:<28} {seconds:7.1f} s  {seconds / total:6.1%}")
    ours = 1 - stages.get("MkDocs", 0.0) / total
    print("\n== Build penuh, --jobs 2 ==")
    print(f"  {small:>4} kecamatan: {fmt_s(a['full'])}   {large:>4} kecamatan: {fmt_s(b['full'])}")
    speedup = a["serial"] / a["full"]
    nochange = {n: f["nochange"] / f["full"] for n, f in ((small, a), (large, b))}
    change = {n: f["onechange"] / f["alone"] for n, f in ((small, a), (large, b))}
    scale = b["full"] / a["full"]
    res.add("tahap lkjip / total build", f"{ours:.0%}", "≤ 10 %", ours <= 0.10)
    res.add(
        "--jobs 2 vs --jobs 1",
        f"{speedup:.2f}× ({fmt_s(a['serial'])} → {fmt_s(a['full'])})",
        "≥ 1,7×",
        speedup >= 1.7,
    )
    for n, f in ((small, a), (large, b)):
        res.add(
            f"build ulang tanpa perubahan ({n})",
            f"{nochange[n]:.1%} ({fmt_s(f['nochange'])})",
            "≤ 5 %",
            nochange[n] <= 0.05,
        )
    for n, f in ((small, a), (large, b)):
        res.add(
            f"1 kecamatan berubah ({n}) / situs itu sendirian",
            f"{change[n]:.2f}× ({fmt_s(f['onechange'])} vs {fmt_s(f['alone'])})",
            "≤ 2×",
            change[n] <= 2,
        )
    res.add(
        f"{large} vs {small} kecamatan",
        f"{scale:.1f}× (ideal {large / small:.0f}×)",
        f"≤ {large / small * 1.1:.0f}×",
        scale <= large / small * 1.1,
    )
    for n, f in ((small, a), (large, b)):
        seconds, measured = _extrapolate(plain, n)
        ratio = seconds / f["full"]
        how = "diukur" if measured else "ekstrapolasi"
        res.add(
            f"MkDocs polos / lkjip ({n})",
            f"{ratio:.1f}× ({fmt_s(seconds)} {how} vs {fmt_s(f['full'])})",
            "≥ 3×",
            ratio >= 3,
        )
        if not measured:
            res.notes.append(
                f"MkDocs polos {n} kecamatan tidak dibangun (terlalu lama); waktunya diekstrapolasi "
                f"dari ukuran {', '.join(map(str, sorted(plain)))} dengan a·n + b·n²."
            )
    mean = b["site_bytes_mean"]
    res.add(
        f"ukuran rata-rata situs kecamatan ({large})",
        f"{mean / 1e6:.2f} MB (terbesar {b['site_bytes_max'] / 1e6:.2f} MB)",
        "≤ 2,5 MB",
        mean <= 2.5e6,
    )
    res.add(f"memori puncak ({large})", f"{b['peak'] / GIB:.2f} GiB", "≤ 1 GiB", b["peak"] <= GIB)
    res.add(
        "indeks pencarian per situs (maks)",
        f"{b['index_max'] / 1e6:.2f} MB (rata-rata {b['index_mean'] / 1e3:.0f} kB)",
        "≤ 1 MB",
        b["index_max"] <= 1e6,
    )
    res.notes.append(
        f"data {small} kecamatan dalam git ({history['commits']:.0f} commit): build penuh "
        f"{fmt_s(history['cold'])}; build ulang tanpa perubahan {fmt_s(history['warm'])} dengan "
        f"cache pengguna terisi, {fmt_s(history['nocache'])} dengan cache pengguna kosong (data "
        "dimuat ulang, angka versi lama dihitung ulang)."
    )
    for n, (seconds, pages, index) in sorted(plain.items()):
        res.notes.append(
            f"MkDocs polos {n} kecamatan: {pages} halaman, {fmt_s(seconds)}, satu indeks pencarian {index / 1e6:.1f} MB."
        )
    print_targets(res)
    figures = {"tahap": stages, "kecil": a, "besar": b, "polos": plain, "git": history}
    print("\nJSON: " + json.dumps(figures))


def print_targets(res: Results) -> None:
    print("\n== Target ==")
    widths = [
        max(len(r[i]) for r in [("Ukuran", "Hasil", "Target", "OK"), *res.rows]) for i in range(4)
    ]
    for row in [("Ukuran", "Hasil", "Target", "OK"), *res.rows]:
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    for note in res.notes:
        print(f"  catatan: {note}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
