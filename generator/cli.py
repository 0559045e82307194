"""The ``lkjip`` command line: the only place that prints and chooses exit codes.

Exit codes: 0 success, 1 user or data error (message, no traceback), 2 bug (traceback).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from generator import __version__
from generator.compute.report import hitung
from generator.errors import DataErrors, Issue, Severity, UserError
from generator.load import load_project, resolve_selection
from generator.model import Project
from generator.ringkasan import ringkasan
from generator.validate import validate


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 1
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except UserError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 1
    except DataErrors as exc:
        _print_issues(exc.issues)
        return 1
    except KeyboardInterrupt:
        print("dibatalkan", file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print(
            "\nIni adalah bug pada lkjip, bukan kesalahan data Anda. Mohon laporkan pesan di atas.",
            file=sys.stderr,
        )
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
    return parser


def load_and_validate(path: str, *, strict: bool = False) -> tuple[Project, list[Issue]]:
    """Load and validate the data at ``path``."""
    selection = resolve_selection(Path(path))
    return validate(load_project(selection), strict=strict)


def _cmd_validate(args: argparse.Namespace) -> int:
    project, warnings = load_and_validate(args.path, strict=args.strict)
    _print_issues(warnings)
    kecamatan = [kec for kab in project.kabupaten for kec in kab.kecamatan]
    years = sum(len(kec.tahun) for kec in kecamatan)
    print(f"Data valid: {len(kecamatan)} kecamatan, {years} tahun laporan.")
    return 0


def _cmd_hitung(args: argparse.Namespace) -> int:
    project, warnings = load_and_validate(args.path)
    _print_issues(warnings)
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            for year in kec.tahun:
                hasil = hitung(kab, kec, year)
                judul = (
                    f"Kecamatan {kec.profil.nama}, {kab.settings.jenis.title()} {kab.settings.nama}"
                )
                print(ringkasan(judul, hasil, kab.settings.aturan.desimal))
    return 0


def _print_issues(issues: Sequence[Issue]) -> None:
    for issue in issues:
        print(issue.format(), file=sys.stderr)
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    warnings = len(issues) - errors
    if issues:
        print(f"{errors} galat, {warnings} peringatan.", file=sys.stderr)
