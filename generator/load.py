"""Stage 1: find the data folders and read every file into raw, located values.

This is the only module that reads the data folder.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Issue, UserError, display_path
from generator.schema import KABUPATEN_FILES, KECAMATAN_FILES, OPTIONAL_FILES, YEAR_FILES
from generator.schema.base import TAHUN_MAX, TAHUN_MIN
from generator.yamlsource import Document, YamlError, read_document

FOLDER_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
YEAR_FOLDER = re.compile(r"^\d{4}$")
NARRATIVE_FOLDER = "narasi"
TEMPLATE_FOLDER = "templat"  # template overrides, read by the render stage


@dataclass(frozen=True)
class FileInfo:
    """What validation needs to know about an attached file, without reading it again."""

    is_pdf: bool
    is_symlink: bool
    size: int


@dataclass(frozen=True)
class Narrative:
    """A Markdown narrative section of a report year."""

    name: str
    display: str
    text: str


@dataclass
class YearSource:
    """The raw files of one report year."""

    tahun: int
    folder: Path
    docs: dict[str, Document] = field(default_factory=dict)
    narasi: dict[str, Narrative] = field(default_factory=dict)
    berkas: dict[str, FileInfo] = field(default_factory=dict)


@dataclass
class KecamatanSource:
    """The raw files of one kecamatan and its years."""

    slug: str
    folder: Path
    docs: dict[str, Document] = field(default_factory=dict)
    years: list[YearSource] = field(default_factory=list)
    berkas: dict[str, FileInfo] = field(default_factory=dict)


@dataclass
class KabupatenSource:
    """The raw files of one kabupaten and its kecamatan."""

    slug: str
    folder: Path
    docs: dict[str, Document] = field(default_factory=dict)
    kecamatan: list[KecamatanSource] = field(default_factory=list)
    berkas: dict[str, FileInfo] = field(default_factory=dict)


@dataclass
class ProjectSource:
    """Everything read from the data folder, plus the problems met while reading."""

    root: Path
    kabupaten: list[KabupatenSource]
    issues: list[Issue]


@dataclass(frozen=True)
class Selection:
    """Which part of the data tree a command works on."""

    root: Path
    kabupaten: str | None = None
    kecamatan: str | None = None
    tahun: int | None = None


def resolve_selection(path: Path) -> Selection:
    """Work out from a path whether it names the data root, a kabupaten, a kecamatan or a year."""
    if not path.exists():
        raise UserError(f"folder '{path}' tidak ditemukan")
    if not path.is_dir():
        raise UserError(f"'{path}' bukan folder")
    path = path.resolve()
    if YEAR_FOLDER.match(path.name) and (path.parent / "kecamatan.yaml").exists():
        return Selection(path.parents[2], path.parents[1].name, path.parent.name, int(path.name))
    if (path / "kecamatan.yaml").exists():
        return Selection(path.parents[1], path.parent.name, path.name)
    if (path / "kabupaten.yaml").exists():
        return Selection(path.parent, path.name)
    if any((child / "kabupaten.yaml").exists() for child in path.iterdir() if child.is_dir()):
        return Selection(path)
    raise UserError(
        f"'{path}' bukan folder data LKjIP: tidak ada kabupaten.yaml atau kecamatan.yaml di dalamnya"
    )


def load_project(selection: Selection) -> ProjectSource:
    """Read every selected data file; problems are collected, never raised."""
    issues: list[Issue] = []
    kabupaten = []
    for folder in _subfolders(selection.root, selection.kabupaten):
        if FOLDER_SLUG.match(folder.name):
            kabupaten.append(_load_kabupaten(folder, selection, issues))
    if not kabupaten:
        raise UserError(f"tidak ada folder kabupaten di '{selection.root}'")
    return ProjectSource(selection.root, kabupaten, issues)


@dataclass(frozen=True)
class Folder:
    """A kabupaten or kecamatan folder, by slug."""

    slug: str
    folder: Path


@dataclass(frozen=True)
class Tempat:
    """Where one kecamatan's data lives, found without reading a file."""

    kab: Folder
    kec: Folder
    tahun: tuple[int, ...]


def discover(root: Path) -> list[Tempat] | None:
    """Every kecamatan under the data root, by the same rules as :func:`load_project`, or
    None if anything there would be reported (a missing settings file, a folder named
    against the rules, a kecamatan without years): then only a full load can say what."""
    found = []
    kabupaten = [f for f in _subfolders(root, None) if FOLDER_SLUG.match(f.name)]
    for kab in kabupaten:
        if not (kab / "kabupaten.yaml").is_file():
            return None
        for sub in _subfolders(kab, None):
            has_settings = (sub / "kecamatan.yaml").exists()
            if not has_settings and not FOLDER_SLUG.match(sub.name):
                continue
            years = [y.name for y in _subfolders(sub, None)]
            if not (has_settings and FOLDER_SLUG.match(sub.name)) or not years:
                return None
            if not all(YEAR_FOLDER.match(y) for y in years):
                return None
            found.append(
                Tempat(Folder(kab.name, kab), Folder(sub.name, sub), tuple(int(y) for y in years))
            )
    return found if kabupaten else None


def _subfolders(folder: Path, only: str | None) -> list[Path]:
    if only is not None:
        return [folder / only]
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != TEMPLATE_FOLDER
    )


def _load_kabupaten(folder: Path, sel: Selection, issues: list[Issue]) -> KabupatenSource:
    kab = KabupatenSource(folder.name, folder)
    kab.docs = _read_files(folder, KABUPATEN_FILES, sel.root, issues)
    kab.berkas = _scan_files(folder, recursive=False)
    for sub in _subfolders(folder, sel.kecamatan):
        if not (sub / "kecamatan.yaml").exists() and not FOLDER_SLUG.match(sub.name):
            continue
        if not FOLDER_SLUG.match(sub.name):
            issues.append(
                _folder_issue(sub, sel.root, "nama folder hanya boleh huruf kecil, angka, '-'")
            )
            continue
        kab.kecamatan.append(_load_kecamatan(sub, sel, issues))
    return kab


def _load_kecamatan(folder: Path, sel: Selection, issues: list[Issue]) -> KecamatanSource:
    kec = KecamatanSource(folder.name, folder)
    kec.docs = _read_files(folder, KECAMATAN_FILES, sel.root, issues)
    kec.berkas = _scan_files(folder, recursive=False)
    for sub in _subfolders(folder, None):
        if not YEAR_FOLDER.match(sub.name):
            issues.append(
                _folder_issue(sub, sel.root, "folder tahun harus bernama 4 angka, mis. 2024")
            )
        elif not TAHUN_MIN <= int(sub.name) <= TAHUN_MAX:
            message = f"folder tahun harus tahun {TAHUN_MIN}–{TAHUN_MAX}, mis. 2024"
            issues.append(_folder_issue(sub, sel.root, message))
        elif sel.tahun is None or int(sub.name) == sel.tahun:
            kec.years.append(_load_year(sub, sel.root, issues))
    if not kec.years:
        issues.append(
            _folder_issue(folder, sel.root, "tidak ada folder tahun laporan (mis. 2024/)")
        )
    return kec


def _load_year(folder: Path, root: Path, issues: list[Issue]) -> YearSource:
    year = YearSource(int(folder.name), folder)
    year.docs = _read_files(folder, YEAR_FILES, root, issues)
    year.berkas = _scan_files(folder, recursive=True)
    narrative_dir = folder / NARRATIVE_FOLDER
    if narrative_dir.is_dir():
        for md in sorted(narrative_dir.glob("*.md")):
            year.narasi[md.stem] = _read_narrative(md, root, issues)
    return year


def _read_narrative(path: Path, root: Path, issues: list[Issue]) -> Narrative:
    display = display_path(path, root.parent)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        issues.append(
            Issue(display, 1, 1, "", "berkas bukan UTF-8; simpan ulang dengan pengodean UTF-8")
        )
        text = ""
    return Narrative(path.stem, display, text)


def _read_files(
    folder: Path, expected: Mapping[str, object], root: Path, issues: list[Issue]
) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for name in expected:
        path = folder / name
        display = display_path(path, root.parent)
        if not path.exists():
            if name not in OPTIONAL_FILES:
                issues.append(Issue(display, 1, 1, "", "berkas wajib tidak ada"))
            continue
        try:
            docs[name] = read_document(path, display)
        except YamlError as exc:
            issues.append(exc.issue)
    for path in sorted(folder.glob("*.y*ml")):
        if path.name not in expected:
            hint = difflib.get_close_matches(path.name, list(expected), n=1)
            extra = (
                f"; maksud Anda '{hint[0]}'?" if hint else f"; yang dikenal: {', '.join(expected)}"
            )
            issues.append(
                Issue(display_path(path, root.parent), 1, 1, "", f"berkas tidak dikenal{extra}")
            )
    return docs


def _scan_files(folder: Path, *, recursive: bool) -> dict[str, FileInfo]:
    found: dict[str, FileInfo] = {}
    paths = folder.rglob("*") if recursive else folder.iterdir()
    for path in paths:
        if path.is_dir() or path.suffix in {".yaml", ".yml", ".md"}:
            continue
        rel = path.relative_to(folder).as_posix()
        is_link = path.is_symlink()
        head = b"" if is_link else path.read_bytes()[:5]
        found[rel] = FileInfo(head == b"%PDF-", is_link, 0 if is_link else path.stat().st_size)
    return found


def _folder_issue(folder: Path, root: Path, message: str) -> Issue:
    return Issue(display_path(folder, root.parent) + "/", 1, 1, "", message)
