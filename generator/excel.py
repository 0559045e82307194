"""The Excel round trip: export a kecamatan-year's input tables, import the filled workbook.

* ``export_workbook`` builds the .xlsx (pure; ``ekspor`` loads the data first).
* ``plan_import`` reads a filled workbook and plans the new text of each YAML file it
  changes, with a unified diff; it writes nothing. Errors name the sheet and cell.
* ``apply_import`` writes the planned files atomically after backing up the old ones.

Round trip identity: only values that differ from the current data are changed, in
place in the original text (``generator.yamledit``), so comments and layout stay and an
import without edits changes no byte. ``cmd_ekspor`` and ``cmd_impor`` do everything a
CLI command needs and return the text to print.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.compute.report import HasilLaporan
from generator.errors import DataErrors, Issue, Severity, UserError, display_path
from generator.excel_berkas import check_workbook_file
from generator.excel_ekspor import build_workbook
from generator.excel_impor import Perubahan, read_workbook, texts_of
from generator.excel_layout import FORMAT, META_SHEET, VERSION, Tahun
from generator.excel_sel import sel_issue, sheet_issue
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.result_checks import load_and_compute, load_and_validate

SOURCE_FILES = ("renstra.yaml", "pk.yaml", "program.yaml", "kinerja.yaml")
BACKUP_FOLDER = ".cadangan"  # inside the data folder; folders starting with "." are not data
_SLUG = re.compile(r"([a-z0-9][a-z0-9-]*)/([a-z0-9][a-z0-9-]*)")  # fullmatch only


@dataclass(frozen=True)
class BerkasBaru:
    """One YAML file the import changes: its current and planned text."""

    path: Path
    tampil: str  # as shown in messages and the diff, e.g. data/rembang/sumber/2024/program.yaml
    lama: str
    baru: str


@dataclass(frozen=True)
class Rencana:
    """What an import would change; nothing is written until ``apply_import``."""

    root: Path
    kabupaten: str
    kecamatan: str
    tahun: int
    berkas: tuple[BerkasBaru, ...]
    perubahan: tuple[Perubahan, ...]
    peringatan: tuple[str, ...]
    diff: str

    @property
    def kosong(self) -> bool:
        """True when the workbook holds exactly the current data."""
        return not self.berkas


# --- export ----------------------------------------------------------------------------


def export_workbook(
    kab: Kabupaten,
    kec: Kecamatan,
    year: ReportYear,
    hasil: HasilLaporan,
    sidik: Mapping[str, str] | None = None,
) -> bytes:
    """The .xlsx bytes of one kecamatan-year's input tables (``sidik``: file fingerprints)."""
    return build_workbook(Tahun(kab, kec, year, hasil), sidik or {})


def ekspor(data: Path, slug: str, tahun: int) -> bytes:
    """Load, validate and compute one kecamatan-year, then export its workbook."""
    source = _load(data, slug, tahun)
    return export_workbook(
        source.kab, source.kec, source.year, source.hasil, fingerprints(_paths(source))
    )


def default_target(slug: str, tahun: int) -> Path:
    """The workbook's default file name: ``lkjip-rembang-sumber-2024.xlsx``."""
    return Path(f"lkjip-{slug.strip('/').replace('/', '-')}-{tahun}.xlsx")


def fingerprints(paths: Mapping[str, Path]) -> dict[str, str]:
    """SHA-256 of each source file, to notice data that changed after the export."""
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in paths.items()}


def cmd_ekspor(data: Path, slug: str, tahun: int, target: Path) -> str:
    """``lkjip excel ekspor KAB/KEC TAHUN [--keluaran FILE]``: write the workbook."""
    content = ekspor(data, slug, tahun)
    _write_atomic(target, content)
    return (
        f"Buku kerja Excel {slug.strip('/')} tahun {tahun} ditulis ke {target}.\n"
        "Isi sel putih pada setiap sheet (lihat sheet Petunjuk), lalu periksa perubahannya "
        f"dengan: lkjip excel impor {target}"
    )


# --- import ----------------------------------------------------------------------------


def plan_import(workbook_path: Path, data_root: Path) -> Rencana:
    """Read a filled workbook and plan the changed YAML files; write nothing.

    Raises ``DataErrors`` whose issues print as ``Sheet <name>, sel <A1>: <message>``
    for refused cells, or as ``file:line:col`` when the planned data would not validate.
    """
    book, formulas = _open(workbook_path)
    slug, tahun, sidik = _read_meta(book, data_root)
    source = _load(data_root, slug, tahun)
    paths = _paths(source)
    texts = texts_of(paths)
    plan = read_workbook(book, formulas, source, texts)
    root = source.kab.folder.parent
    changed = [
        BerkasBaru(paths[name], display_path(paths[name], root.parent), texts[name], new)
        for name, new in plan.results().items()
        if new != texts[name]
    ]
    warnings = _stale(sidik, fingerprints(paths)) if changed else []
    if changed:
        warnings += _validate_planned(source, {b.path: b.baru for b in changed})
    return Rencana(
        root=root,
        kabupaten=source.kab.slug,
        kecamatan=source.kec.slug,
        tahun=tahun,
        berkas=tuple(changed),
        perubahan=tuple(plan.perubahan),
        peringatan=tuple(warnings),
        diff="".join(_diff(b) for b in changed),
    )


def apply_import(rencana: Rencana, backup_dir: Path) -> list[Path]:
    """Write the planned files atomically, after copying the old ones to a timestamped
    folder under ``backup_dir``. Writes nothing when nothing changed."""
    written, _ = _apply(rencana, backup_dir)
    return written


def cmd_impor(workbook: Path, data: Path, tulis: bool) -> str:
    """``lkjip excel impor FILE [--data DIR] [--tulis]``: show the changes; with ``tulis``
    also write them (old files are backed up under ``DIR/.cadangan/``)."""
    rencana = plan_import(workbook, data)
    lines = [
        f"Buku kerja {workbook}: Kecamatan {rencana.kabupaten}/{rencana.kecamatan}, tahun {rencana.tahun}."
    ]
    lines += [f"peringatan: {w}" for w in rencana.peringatan]
    if rencana.kosong:
        lines.append("Tidak ada perubahan: data sudah sama dengan isi buku kerja.")
        return "\n".join(lines)
    files = len(rencana.berkas)
    lines.append(f"{len(rencana.perubahan)} perubahan pada {files} berkas:")
    lines += [f"  {p.format()}" for p in rencana.perubahan]
    lines.append(rencana.diff.rstrip("\n"))
    backup_dir = data / BACKUP_FOLDER
    if not tulis:
        lines.append(
            "Belum ada berkas yang ditulis. Jalankan lagi dengan --tulis untuk menyimpan "
            f"perubahan (berkas lama dicadangkan ke {backup_dir}/)."
        )
        return "\n".join(lines)
    written, backup = _apply(rencana, backup_dir)
    lines += [f"Ditulis: {path}" for path in written]
    lines.append(f"Cadangan berkas lama: {backup}")
    return "\n".join(lines)


# --- loading ---------------------------------------------------------------------------


def _load(data: Path, slug: str, tahun: int) -> Tahun:
    match = _SLUG.fullmatch(slug.strip("/"))
    if match is None:
        raise UserError(f"tulis kecamatan sebagai KAB/KEC, mis. rembang/sumber, bukan '{slug}'")
    kec_folder = data / match.group(1) / match.group(2)
    if not (kec_folder / "kecamatan.yaml").is_file():
        raise UserError(f"kecamatan '{slug.strip('/')}' tidak ada di folder data '{data}'")
    year_folder = kec_folder / str(tahun)
    if not year_folder.is_dir():
        # The first step of a new year needs no YAML: tahun-baru prepares the files from the
        # previous year, and the workbook of the new year is then filled and imported.
        raise UserError(
            f"tahun {tahun} tidak ada untuk kecamatan '{slug.strip('/')}' ({year_folder}); "
            f"mulai tahun itu lebih dulu dengan 'lkjip tahun-baru {slug.strip('/')} {tahun} "
            f"--data {data}', lalu ekspor lagi"
        )
    computed = load_and_compute(year_folder)
    kab = computed.project.kabupaten[0]
    kec = kab.kecamatan[0]
    year = kec.tahun[0]
    return Tahun(kab, kec, year, computed.tahun(kab, kec, year))


def _paths(source: Tahun) -> dict[str, Path]:
    return {
        name: (source.kec.folder if name == "renstra.yaml" else source.year.folder) / name
        for name in SOURCE_FILES
    }


def _open(path: Path) -> tuple[Workbook, Workbook]:
    """The workbook twice: with the values Excel computed for formulas, and with the formulas."""
    if not path.is_file():
        raise UserError(f"berkas '{path}' tidak ditemukan")
    check_workbook_file(path)  # size, compression, DOCTYPE, rows and columns: before parsing
    try:
        with warnings.catch_warnings():
            # e.g. "Data Validation extension is not supported": only values are read here.
            warnings.simplefilter("ignore")
            # Our own handles: openpyxl leaves its file open when a part fails to parse.
            with path.open("rb") as values, path.open("rb") as formulas:
                return load_workbook(values, data_only=True), load_workbook(formulas)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
    ) as exc:
        # ValueError: openpyxl's "Unable to read workbook" (e.g. a cell of 5,000 digits), and
        # what its (defused) XML parser refused, wrapped
        if _caused_by(exc, DefusedXmlException):
            raise UserError(
                f"'{path}' memuat deklarasi entitas XML yang ditolak; simpan ulang dari Excel "
                "atau LibreOffice, atau ekspor ulang dengan 'lkjip excel ekspor'"
            ) from None
        raise UserError(f"'{path}' bukan buku kerja Excel (.xlsx) yang dapat dibaca") from None


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_meta(book: Workbook, data_root: Path) -> tuple[str, int, dict[str, str]]:
    """Which kecamatan and year the workbook is for, from its hidden metadata sheet."""
    if META_SHEET not in book.sheetnames or not isinstance(book[META_SHEET], Worksheet):
        raise DataErrors(
            [sheet_issue(META_SHEET, "tidak ada: buku kerja ini bukan hasil 'lkjip excel ekspor'")]
        )
    ws = book[META_SHEET]
    assert isinstance(ws, Worksheet)
    rows = {str(ws.cell(r, 1).value): (r, ws.cell(r, 2).value) for r in range(1, ws.max_row + 1)}
    if rows.get("format", (0, None))[1] != FORMAT or rows.get("versi", (0, None))[1] != VERSION:
        raise DataErrors(
            [
                sel_issue(
                    META_SHEET,
                    1,
                    2,
                    f"format buku kerja tidak dikenal; ekspor ulang (versi {VERSION})",
                )
            ]
        )
    kab, kec = str(rows.get("kabupaten", (0, ""))[1]), str(rows.get("kecamatan", (0, ""))[1])
    tahun_row, tahun = rows.get("tahun", (5, None))
    kec_folder = data_root / kab / kec
    row = 0
    if not _SLUG.fullmatch(f"{kab}/{kec}") or not (kec_folder / "kecamatan.yaml").is_file():
        row = rows.get("kecamatan", (4, None))[0]
    elif not isinstance(tahun, int) or not (kec_folder / str(tahun)).is_dir():
        row = tahun_row
    if row:
        raise DataErrors(
            [
                sel_issue(
                    META_SHEET,
                    row,
                    2,
                    f"buku kerja ini untuk kecamatan {kab}/{kec} tahun {tahun}, yang tidak ada "
                    f"di folder data '{data_root}'",
                )
            ]
        )
    assert isinstance(tahun, int)
    sidik = {
        key.removeprefix("sidik:"): str(value)
        for key, (_, value) in rows.items()
        if key.startswith("sidik:")
    }
    return f"{kab}/{kec}", tahun, sidik


def _stale(before: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    return [
        f"{name} berubah sejak buku kerja diekspor; periksa diff agar perubahan lain tidak tertimpa"
        for name, digest in now.items()
        if name in before and before[name] != digest
    ]


def _validate_planned(source: Tahun, new_texts: Mapping[Path, str]) -> list[str]:
    """Validate the planned data on a temporary copy; raise its errors, return its warnings.

    ``load_and_validate`` on a copy of the year folder.
    """
    root = source.kab.folder.parent
    with tempfile.TemporaryDirectory(prefix="lkjip-impor-") as tmp:
        copy_root = Path(tmp) / root.name  # same name: messages show the usual paths
        _copy_year(source, copy_root)
        for path, text in new_texts.items():
            target = copy_root / path.relative_to(root)
            target.write_text(text, encoding="utf-8", newline="")
        year_folder = copy_root / source.kab.slug / source.kec.slug / str(source.tahun)
        try:
            _, issues = load_and_validate(year_folder)
        except DataErrors as exc:
            raise DataErrors([_after_import(i, copy_root, root) for i in exc.issues]) from None
    return [_in_data(i, copy_root, root).format() for i in issues if i.severity is Severity.WARNING]


def _after_import(issue: Issue, copy_root: Path, root: Path) -> Issue:
    note = " (pada hasil impor; belum ada berkas yang diubah)"
    return dataclasses.replace(_in_data(issue, copy_root, root), message=issue.message + note)


def _in_data(issue: Issue, copy_root: Path, root: Path) -> Issue:
    """Name the data file the issue is about, not its temporary copy."""
    try:
        rel = Path(issue.path).resolve().relative_to(copy_root.resolve())
    except ValueError:
        return issue
    return dataclasses.replace(issue, path=display_path(root / rel))


def _copy_year(source: Tahun, copy_root: Path) -> None:
    """Copy the kabupaten folder with only this kecamatan and year."""
    kab_folder, kec_folder = source.kab.folder, source.kec.folder

    def skip(folder: str, names: list[str]) -> list[str]:
        here = Path(folder)
        if here == kab_folder:
            return [
                n for n in names if n != kec_folder.name and (here / n / "kecamatan.yaml").exists()
            ]
        if here == kec_folder:
            return [
                n for n in names if n.isdigit() and n != str(source.tahun) and (here / n).is_dir()
            ]
        return []

    shutil.copytree(kab_folder, copy_root / kab_folder.name, ignore=skip, symlinks=True)


def _diff(berkas: BerkasBaru) -> str:
    lines = difflib.unified_diff(
        berkas.lama.splitlines(keepends=True),
        berkas.baru.splitlines(keepends=True),
        fromfile=f"a/{berkas.tampil}",
        tofile=f"b/{berkas.tampil}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


# --- writing ---------------------------------------------------------------------------


def _apply(rencana: Rencana, backup_dir: Path) -> tuple[list[Path], Path | None]:
    if rencana.kosong:
        return [], None
    for berkas in rencana.berkas:
        current = berkas.path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        if current != berkas.lama:
            raise UserError(
                f"{berkas.tampil} berubah setelah impor direncanakan; jalankan impor lagi"
            )
    backup = _backup_folder(rencana, backup_dir)
    for berkas in rencana.berkas:
        target = backup / berkas.path.relative_to(rencana.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(berkas.path, target)
    for berkas in rencana.berkas:
        bom = "\ufeff" if berkas.path.read_bytes().startswith(b"\xef\xbb\xbf") else ""
        _write_atomic(berkas.path, (bom + berkas.baru).encode("utf-8"))
    return [b.path for b in rencana.berkas], backup


def _backup_folder(rencana: Rencana, backup_dir: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"{stamp}-{rencana.kabupaten}-{rencana.kecamatan}-{rencana.tahun}"
    folder, n = backup_dir / base, 1
    while folder.exists():  # two imports within one second keep both backups
        n += 1
        folder = backup_dir / f"{base}-{n}"
    folder.mkdir(parents=True)
    return folder


def _write_atomic(target: Path, content: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.sementara")
    with partial.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    if target.exists():
        shutil.copymode(target, partial)
    partial.replace(target)
