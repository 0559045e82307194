"""The ``lkjip`` command line: the only place that prints and chooses exit codes.

Exit codes: 0 success, 1 user or data error (message, no traceback), 2 bug (traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from generator import __version__
from generator.dokumen import render_report
from generator.errors import BUG_MESSAGE, DataErrors, Issue, Severity, UserError
from generator.keluaran import CETAKAN, NAMA, buat_semua, cetakan, nama_berkas
from generator.pipeline import Pesanan, build, selected
from generator.publish import Shard, publish_portal
from generator.result_checks import load_and_compute, load_and_validate
from generator.ringkasan import ringkasan
from generator.staging import writing


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 1
    handler: Callable[[argparse.Namespace], int] = args.handler
    with _sigterm_as_interrupt():
        return _run(handler, args)


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a CI timeout, systemd): stop as cleanly as after Ctrl-C."""


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Make SIGTERM raise :class:`Terminated` while a command runs, so that every clean-up
    a Ctrl-C runs (staging folder, workers, temp files) runs too; later ones are ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: let the clean-up finish
        raise Terminated

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except UserError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 1
    except DataErrors as exc:
        _print_issues(exc.issues, exc.more)
        return 1
    except Terminated:
        print("dihentikan: perintah menerima sinyal SIGTERM", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dibatalkan", file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print(BUG_MESSAGE, file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lkjip", description="Generator LKjIP kecamatan dari folder data YAML."
    )
    parser.add_argument("--version", action="version", version=f"lkjip {__version__}")
    sub = parser.add_subparsers(title="perintah")

    val = sub.add_parser("validate", help="periksa folder data dan laporkan semua masalah")
    val.add_argument("path", nargs="?", default="data", help="folder data (bawaan: data)")
    val.add_argument("--strict", action="store_true", help="perlakukan peringatan sebagai galat")
    val.set_defaults(handler=_cmd_validate)

    calc = sub.add_parser("hitung", help="tampilkan hasil perhitungan (capaian, anggaran, …)")
    calc.add_argument(
        "path", nargs="?", default="data", help="folder data, kabupaten, kecamatan atau tahun"
    )
    calc.set_defaults(handler=_cmd_hitung)

    build = sub.add_parser("build", help="bangun situs setiap kecamatan dan portal ke folder site/")
    build.add_argument("path", nargs="?", default="data", help="folder data (bawaan: data)")
    build.add_argument(
        "--kecamatan", metavar="KAB/KEC", help="hanya bangun satu kecamatan, mis. rembang/sumber"
    )
    build.add_argument("--keluaran", default="site", help="folder hasil (bawaan: site)")
    build.add_argument(
        "--sertakan-draf",
        action="store_true",
        help="tampilkan juga laporan berstatus draf di portal (situs kecamatan selalu menampilkannya, bertanda DRAF)",
    )
    for c in CETAKAN:
        build.add_argument(f"--{c.nama}", action="store_true", help=c.bantuan_build)
    build.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="bangun N situs kecamatan sekaligus (bawaan: semua inti prosesor)",
    )
    build.add_argument(
        "--bersih",
        action="store_true",
        help="bangun ulang semua situs, juga yang masukannya tidak berubah",
    )
    build.add_argument(
        "--shard",
        type=_shard,
        metavar="I/N",
        help="hanya bangun bagian ke-I dari N bagian situs kecamatan, tanpa portal (untuk CI)",
    )
    build.set_defaults(handler=_cmd_build)

    portal = sub.add_parser(
        "portal", help="susun portal di folder yang sudah berisi semua situs kecamatan (--shard)"
    )
    portal.add_argument("path", nargs="?", default="data", help="folder data (bawaan: data)")
    portal.add_argument("--keluaran", default="site", help="folder hasil (bawaan: site)")
    portal.add_argument(
        "--sertakan-draf", action="store_true", help="tampilkan juga laporan draf di portal"
    )
    portal.set_defaults(handler=_cmd_portal)

    contoh = sub.add_parser("contoh", help="buat data sintetis N kecamatan (uji skala, benchmark)")
    contoh.add_argument("jumlah", type=_positive, metavar="N", help="jumlah kecamatan")
    contoh.add_argument(
        "--keluaran", default="data-contoh", help="folder kosong hasil (bawaan: data-contoh)"
    )
    contoh.add_argument(
        "--benih", type=int, default=1, metavar="S", help="benih acak; benih sama, data sama"
    )
    contoh.set_defaults(handler=_cmd_contoh)

    for c in CETAKAN:
        printed = sub.add_parser(c.nama, help=c.bantuan)
        printed.add_argument(
            "path", nargs="?", default="data", help="folder data, kabupaten, kecamatan atau tahun"
        )
        printed.add_argument(
            "--kecamatan", metavar="KAB/KEC", help="hanya satu kecamatan, mis. rembang/sumber"
        )
        printed.add_argument("--tahun", type=int, metavar="TAHUN", help="hanya satu tahun laporan")
        printed.add_argument("--keluaran", default=c.nama, help=f"folder hasil (bawaan: {c.nama})")
        printed.set_defaults(handler=_cmd_cetak, cetakan=c.nama)

    serve = sub.add_parser(
        "serve", help="bangun, sajikan di http://localhost:8000, dan bangun ulang saat data berubah"
    )
    serve.add_argument("path", nargs="?", default="data", help="folder data (bawaan: data)")
    serve.add_argument("--kecamatan", metavar="KAB/KEC", help="hanya bangun ulang satu kecamatan")
    serve.add_argument("--keluaran", default="site", help="folder hasil (bawaan: site)")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=_cmd_serve)

    init = sub.add_parser(
        "init", help="buat repositori data kabupaten baru: data/, content/, CI, .gitignore"
    )
    init.add_argument(
        "folder", nargs="?", default=None, help="folder kosong atau belum ada (bawaan: folder ini)"
    )
    init.add_argument(
        "--kecamatan",
        metavar="KAB/KEC",
        default="contoh/contoh",
        help="kecamatan draf pertama (bawaan: contoh/contoh), mis. rembang/sumber",
    )
    init.add_argument(
        "--tahun", type=int, default=None, help="tahun laporan pertama (bawaan: tahun lalu)"
    )
    init.set_defaults(handler=_cmd_init)

    baru = sub.add_parser("baru", help="buat folder kecamatan baru (draf yang valid untuk diisi)")
    baru.add_argument("kecamatan", metavar="KAB/KEC", help="mis. rembang/lasem")
    baru.add_argument(
        "--tahun", type=int, default=None, help="tahun laporan pertama (bawaan: tahun lalu)"
    )
    baru.add_argument("--data", default="data", help="folder data (bawaan: data)")
    baru.set_defaults(handler=_cmd_baru)

    tahun_baru = sub.add_parser("tahun-baru", help="mulai tahun laporan baru dari tahun sebelumnya")
    tahun_baru.add_argument("kecamatan", metavar="KAB/KEC", help="mis. rembang/sumber")
    tahun_baru.add_argument("tahun", type=int, help="tahun laporan baru, mis. 2025")
    tahun_baru.add_argument("--data", default="data", help="folder data (bawaan: data)")
    tahun_baru.set_defaults(handler=_cmd_tahun_baru)

    excel = sub.add_parser("excel", help="isi data tahunan lewat buku kerja Excel")
    excel_sub = excel.add_subparsers(title="perintah excel")
    ekspor = excel_sub.add_parser(
        "ekspor", help="tulis buku kerja .xlsx berisi tabel masukan satu tahun"
    )
    ekspor.add_argument("kecamatan", metavar="KAB/KEC", help="mis. rembang/sumber")
    ekspor.add_argument("tahun", type=int, help="tahun laporan, mis. 2024")
    ekspor.add_argument("--data", default="data", help="folder data (bawaan: data)")
    ekspor.add_argument("--keluaran", help="berkas .xlsx (bawaan: lkjip-KAB-KEC-TAHUN.xlsx)")
    ekspor.set_defaults(handler=_cmd_excel_ekspor)
    impor = excel_sub.add_parser(
        "impor", help="baca buku kerja yang sudah diisi, tampilkan perubahannya"
    )
    impor.add_argument("berkas", help="berkas .xlsx hasil ekspor yang sudah diisi")
    impor.add_argument("--data", default="data", help="folder data (bawaan: data)")
    impor.add_argument("--tulis", action="store_true", help="terapkan perubahan (dengan cadangan)")
    impor.set_defaults(handler=_cmd_excel_impor)

    paket = sub.add_parser("paket", help="buat berkas zip situs satu kecamatan untuk diunggah")
    paket.add_argument("kecamatan", metavar="KAB/KEC", help="mis. rembang/sumber")
    paket.add_argument("--data", default="data", help="folder data (bawaan: data)")
    paket.add_argument("--keluaran", help="berkas zip (bawaan: lkjip-KAB-KEC.zip)")
    paket.set_defaults(handler=_cmd_paket)
    return parser


def _cmd_validate(args: argparse.Namespace) -> int:
    project, warnings = load_and_validate(args.path, strict=args.strict)
    _print_issues(warnings)
    kecamatan = [kec for kab in project.kabupaten for kec in kab.kecamatan]
    years = sum(len(kec.tahun) for kec in kecamatan)
    print(f"Data valid: {len(kecamatan)} kecamatan, {years} tahun laporan.")
    return 0


def _cmd_hitung(args: argparse.Namespace) -> int:
    data = load_and_compute(args.path)
    _print_issues(data.peringatan)
    for kab in data.project.kabupaten:
        for kec in kab.kecamatan:
            for year in kec.tahun:
                hasil = data.tahun(kab, kec, year)
                judul = (
                    f"Kecamatan {kec.profil.nama}, {kab.settings.jenis.title()} {kab.settings.nama}"
                )
                print(ringkasan(judul, hasil, kab.settings.aturan.desimal))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat positif, bukan '{text}'")
    return value


def _shard(text: str) -> Shard:
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise argparse.ArgumentTypeError(f"tulis I/N dengan 1 ≤ I ≤ N, mis. 1/4, bukan '{text}'")
    return Shard(int(index), int(count))


def _cmd_build(args: argparse.Namespace) -> int:
    if args.shard and args.kecamatan:
        raise UserError("--shard dan --kecamatan tidak dapat dipakai bersamaan")
    done = build(
        Pesanan(
            Path(args.path),
            Path(args.keluaran),
            args.kecamatan,
            _printed(args),
            args.sertakan_draf,
            jobs=args.jobs or _cores(),
            bersih=args.bersih,
            shard=args.shard,
        ),
        _print_issues,
    )
    result = done.hasil
    counts = f"{len(result.sites)} kecamatan dibangun, {len(result.reused)} tidak berubah"
    if args.shard:
        print(f"Bagian {args.shard.index}/{args.shard.count} selesai: {counts}, di {result.out}")
        print("Setelah semua bagian digabung ke satu folder, jalankan: lkjip portal")
        return 0
    portal = "portal tidak berubah" if result.portal_reused else "portal dibangun ulang"
    print(f"Situs selesai dibangun: {counts}, {portal}, di {result.out}")
    if done.tidak_berubah:
        print("(Tidak ada data, templat atau versi lkjip yang berubah sejak build terakhir.)")
    else:
        print(f"Buka {result.out / 'index.html'} di peramban, atau jalankan: lkjip serve")
    return 0


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers, CI)
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _cmd_portal(args: argparse.Namespace) -> int:
    data = load_and_compute(args.path)
    _print_issues(data.peringatan)
    result = publish_portal(data, Path(args.keluaran), args.sertakan_draf)
    print(f"Portal selesai disusun untuk {len(result.reused)} kecamatan di {result.out}")
    return 0


def _cmd_contoh(args: argparse.Namespace) -> int:
    from generator.contoh import generate

    out = Path(args.keluaran)
    slugs = generate(args.jumlah, out, args.benih)
    kabupaten = len({slug.split("/")[0] for slug in slugs})
    print(f"Data sintetis: {len(slugs)} kecamatan di {kabupaten} kabupaten, di {out}")
    print(f"Periksa dengan: lkjip validate --strict {out}")
    return 0


def _printed(args: argparse.Namespace) -> frozenset[str]:
    """The printed outputs ``lkjip build`` was asked for (--pdf, --docx)."""
    return frozenset(n for n in NAMA if getattr(args, n))


def _cmd_cetak(args: argparse.Namespace) -> int:
    """``lkjip pdf``, ``lkjip docx``: one file per selected kecamatan-year."""
    c = cetakan(args.cetakan)
    data = load_and_compute(args.path)
    _print_issues(data.peringatan)
    only = selected(data, args.kecamatan)
    jobs = [
        (kab, kec, year)
        for kab in data.project.kabupaten
        for kec in kab.kecamatan
        if only is None or f"{kab.slug}/{kec.slug}" in only
        for year in kec.tahun
        if args.tahun is None or year.tahun == args.tahun
    ]
    if not jobs:
        raise UserError(f"tidak ada tahun laporan {args.tahun} pada data yang dipilih")
    out = Path(args.keluaran)
    with writing(out):
        out.mkdir(parents=True, exist_ok=True)
    for kab, kec, year in jobs:
        printed = buat_semua(render_report(kab, kec, year, data.tahun(kab, kec, year)), {c.nama})[c]
        target = out / nama_berkas(c, kab, kec, year)
        # Write beside the target, then rename: a reader never sees half a file, and a
        # failed write leaves no partial file behind.
        partial = target.with_name(f".{target.name}.sementara")
        try:
            with writing(out):
                partial.write_bytes(printed)
                partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        print(f"{target} ({len(printed) // 1024} kB)")
    print(f"{len(jobs)} {c.label} selesai dibuat di {out}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    def rebuild() -> None:
        order = Pesanan(Path(args.path), Path(args.keluaran), args.kecamatan, jobs=_cores())
        build(order, _print_issues)

    serve(rebuild, Path(args.keluaran), Path(args.path), args.port)
    return 0


def _cmd_paket(args: argparse.Namespace) -> int:
    from generator.package import make_package

    data = load_and_compute(args.data)
    _print_issues(data.peringatan)
    only = selected(data, args.kecamatan)
    assert only is not None
    slug = next(iter(only))
    target = Path(args.keluaran or f"lkjip-{slug.replace('/', '-')}.zip")
    make_package(data, slug, target)
    print(f"Paket siap diunggah: {target}")
    return 0


def _cmd_excel_ekspor(args: argparse.Namespace) -> int:
    from generator.excel import cmd_ekspor, default_target

    target = Path(args.keluaran) if args.keluaran else default_target(args.kecamatan, args.tahun)
    print(cmd_ekspor(Path(args.data), args.kecamatan, args.tahun, target))
    return 0


def _cmd_excel_impor(args: argparse.Namespace) -> int:
    from generator.excel import cmd_impor

    print(cmd_impor(Path(args.berkas), Path(args.data), args.tulis))
    return 0


def _cmd_baru(args: argparse.Namespace) -> int:
    import datetime as dt

    from generator.scaffold import plan_new_kecamatan, write_new

    year = args.tahun if args.tahun is not None else dt.date.today().year - 1
    written = write_new(plan_new_kecamatan(Path(args.data), args.kecamatan, year))
    for path in written:
        print(f"dibuat: {path}")
    print("Isi nilai bertanda '(belum diisi)', lalu jalankan: lkjip validate")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    import datetime as dt

    from generator.data_repository import installed_from, plan_repository
    from generator.scaffold import write_new

    folder = Path(args.folder) if args.folder is not None else Path.cwd()
    year = args.tahun if args.tahun is not None else dt.date.today().year - 1
    slug = args.kecamatan.strip("/")
    had_git = (folder / ".git").exists()
    pemasangan = installed_from()
    written = write_new(plan_repository(folder, slug, year, pemasangan))
    if pemasangan.peringatan:
        print(f"peringatan: {pemasangan.peringatan}", file=sys.stderr)
    print(f"Repositori data LKjIP dibuat di {folder.resolve()}:")
    for path in written:
        print(f"  {path.relative_to(folder).as_posix()}")
    print("Langkah berikutnya:")
    if args.folder is not None:
        print(f"  cd {folder}")
    print("  lkjip validate             # daftar nilai '(belum diisi)' dengan berkas dan barisnya")
    print("  lkjip build && lkjip serve # bangun situs ke site/ lalu buka http://127.0.0.1:8000/")
    print("  lkjip baru KAB/KEC         # tambah kecamatan")
    if not had_git:
        print('  git init && git add . && git commit -m "Data LKjIP"')
    print("Lalu unggah ke GitHub: .github/workflows/lkjip.yml membangun dan menerbitkan situsnya.")
    return 0


def _cmd_tahun_baru(args: argparse.Namespace) -> int:
    from generator.scaffold import plan_new_year, write_new

    slug = args.kecamatan.strip("/")
    project, _ = load_and_validate(str(Path(args.data) / slug))
    kec = project.kabupaten[0].kecamatan[0]
    for path in write_new(plan_new_year(kec, args.tahun)):
        print(f"dibuat: {path}")
    print(f"Tahun {args.tahun} dimulai sebagai draf. Isi realisasi, lalu jalankan: lkjip validate")
    return 0


def _print_issues(issues: Sequence[Issue], more: int = 0) -> None:
    """Print every issue, then the count; ``more`` issues were left out (too many to show)."""
    for issue in issues:
        print(issue.format(), file=sys.stderr)
    if more:
        print(f"… dan {more:,} masalah lain".replace(",", "."), file=sys.stderr)
    errors = sum(1 for i in issues if i.severity is Severity.ERROR) + more
    warnings = len(issues) + more - errors
    if issues:
        print(f"{errors} galat, {warnings} peringatan.", file=sys.stderr)
