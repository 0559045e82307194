"""Stage 1: find the data folders and read every file into raw, located values.

This is the only module that reads the data folder.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import DataErrors, Issue, UserError, display_path
from generator.parsecache import read_document
from generator.schema import KABUPATEN_FILES, KECAMATAN_FILES, OPTIONAL_FILES, YEAR_FILES
from generator.schema.base import TAHUN_MAX, TAHUN_MIN
from generator.yamlsource import Document, YamlError

# Names are checked with fullmatch: with match, "$" also matches before a final newline,
# so a folder named "beta\n" passed and broke the portal's links.
FOLDER_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
YEAR_FOLDER = re.compile(r"\d{4}")
# Folder names the built site uses itself, next to the kabupaten sites (the portal's
# assets/ and search/) and next to the kecamatan sites (the kabupaten page's grafik/):
# a data folder with one of these names would be merged into them.
RESERVED_KABUPATEN = frozenset({"assets", "search"})
RESERVED_KECAMATAN = frozenset({"grafik"})
RESERVED_MESSAGE = "nama folder '{}' dipakai situs hasil build sendiri; ganti nama foldernya"
NARRATIVE_FOLDER = "narasi"
TEMPLATE_FOLDER = "templat"  # template overrides, read by the render stage
MAX_PUBLISHED_BYTES = 20 * 1024 * 1024  # an attachment, org chart or logo; larger is refused
TEXT_SUFFIXES = {".yaml", ".yml", ".md"}  # read as data, never published as files
LINK_MESSAGE = (
    "tautan simbolik (symlink) tidak diizinkan di folder data; salin berkas aslinya ke sini"
)
NARRATIVE_NAME_MESSAGE = (
    "nama berkas narasi hanya boleh huruf kecil, angka dan '-', mis. kata-pengantar.md"
)
MAX_IMAGE_PIXELS = 25_000_000
"""An org chart or logo larger than 5000×5000 pixels is refused: a PNG of a few KB can
declare 12000×12000 pixels, which the PDF stage decodes whole (1.3 GB for one build)."""
MAX_NARRATIVE_BYTES = 1_000_000
"""A narrative is a few pages of prose; a larger file is refused before it is read whole
(a 50 MB one cost 9.7 s and ~1 GB of memory to build), like an over-size YAML file."""


@dataclass(frozen=True)
class FileInfo:
    """What validation needs to know about a file in the data folder, without reading it again.

    ``jenis`` is what the content is, by its first bytes and (for images) a parse:
    "pdf", "png", "jpeg", "svg", or None for anything else. Symbolic links are recorded,
    never read, so that a reference to one can say why it is refused. ``piksel`` is an
    image's width × height (at least Pillow's own bomb limit when Pillow refused to open it).
    """

    display: str
    jenis: str | None
    size: int
    is_symlink: bool = False
    piksel: int = 0


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
    selection = _selection(path.resolve())
    # The named folder and those between it and the data root are data folders too: none
    # may be a link (the loader refuses links below the root; this covers the path given).
    depth = sum(x is not None for x in (selection.kabupaten, selection.kecamatan, selection.tahun))
    absolute = path.absolute()
    for folder in [absolute, *absolute.parents][:depth]:
        if folder.is_symlink():
            raise UserError(f"'{folder}' adalah tautan simbolik (symlink); pakai folder aslinya")
    return selection


def _selection(path: Path) -> Selection:
    if YEAR_FOLDER.fullmatch(path.name) and (path.parent / "kecamatan.yaml").exists():
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
    if selection.kabupaten is None:
        _scan_files(selection.root, selection.root, issues, recursive=False)
    for folder in _subfolders(selection.root, selection.kabupaten):
        if folder.name in RESERVED_KABUPATEN:
            message = RESERVED_MESSAGE.format(folder.name)
            issues.append(_folder_issue(folder, selection.root, message))
        elif FOLDER_SLUG.fullmatch(folder.name):
            kabupaten.append(_load_kabupaten(folder, selection, issues))
    if not kabupaten and issues:  # e.g. the only kabupaten has a reserved name
        raise DataErrors(issues)
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
    if _linked_folders(root):
        return None
    kabupaten = [f for f in _subfolders(root, None) if FOLDER_SLUG.fullmatch(f.name)]
    if any(kab.name in RESERVED_KABUPATEN for kab in kabupaten):
        return None
    for kab in kabupaten:
        if not (kab / "kabupaten.yaml").is_file() or _linked_folders(kab):
            return None
        for sub in _subfolders(kab, None):
            has_settings = (sub / "kecamatan.yaml").exists()
            if not has_settings and not FOLDER_SLUG.fullmatch(sub.name):
                continue
            years = [y.name for y in _subfolders(sub, None)]
            if not (has_settings and FOLDER_SLUG.fullmatch(sub.name)) or not years:
                return None
            if sub.name in RESERVED_KECAMATAN:
                return None
            if not all(YEAR_FOLDER.fullmatch(y) for y in years) or _linked_folders(sub):
                return None
            found.append(
                Tempat(Folder(kab.name, kab), Folder(sub.name, sub), tuple(int(y) for y in years))
            )
    return found if kabupaten else None


def _linked_folders(folder: Path) -> bool:
    """Whether ``folder`` holds a symbolic link to a folder (which a full load reports)."""
    return any(p.is_symlink() and p.is_dir() for p in folder.iterdir())


def _subfolders(folder: Path, only: str | None) -> list[Path]:
    """The data folders directly in ``folder``; a symbolic link is never one (it is
    reported by :func:`_scan_files`, and following it could leave the data folder)."""
    if only is not None:
        chosen = folder / only
        return [] if chosen.is_symlink() else [chosen]
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_dir()
        and not p.is_symlink()
        and not p.name.startswith(".")
        and p.name != TEMPLATE_FOLDER
    )


def _load_kabupaten(folder: Path, sel: Selection, issues: list[Issue]) -> KabupatenSource:
    kab = KabupatenSource(folder.name, folder)
    kab.docs = _read_files(folder, KABUPATEN_FILES, sel.root, issues)
    kab.berkas = _scan_files(folder, sel.root, issues, recursive=False)
    _scan_templates(folder, sel.root, issues)
    for sub in _subfolders(folder, sel.kecamatan):
        if not (sub / "kecamatan.yaml").exists() and not FOLDER_SLUG.fullmatch(sub.name):
            continue
        if not FOLDER_SLUG.fullmatch(sub.name):
            issues.append(
                _folder_issue(sub, sel.root, "nama folder hanya boleh huruf kecil, angka, '-'")
            )
            continue
        if sub.name in RESERVED_KECAMATAN:
            issues.append(_folder_issue(sub, sel.root, RESERVED_MESSAGE.format(sub.name)))
            continue
        kab.kecamatan.append(_load_kecamatan(sub, sel, issues))
    return kab


def _load_kecamatan(folder: Path, sel: Selection, issues: list[Issue]) -> KecamatanSource:
    kec = KecamatanSource(folder.name, folder)
    kec.docs = _read_files(folder, KECAMATAN_FILES, sel.root, issues)
    kec.berkas = _scan_files(folder, sel.root, issues, recursive=False)
    _scan_templates(folder, sel.root, issues)
    for sub in _subfolders(folder, None):
        if not YEAR_FOLDER.fullmatch(sub.name):
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
    year.berkas = _scan_files(folder, root, issues, recursive=True)
    narrative_dir = folder / NARRATIVE_FOLDER
    if narrative_dir.is_dir() and not narrative_dir.is_symlink():
        for md in sorted(narrative_dir.glob("*.md")):
            if not _is_regular(md):  # reported by _scan_files
                continue
            if FOLDER_SLUG.fullmatch(md.stem):
                year.narasi[md.stem] = _read_narrative(md, root, issues)
            else:  # the name is a key of laporan.json and a section name: no markup, no case
                display = f"{display_path(md.parent, root.parent)}/{_printable(md.name)}"
                issues.append(Issue(display, 1, 1, "", NARRATIVE_NAME_MESSAGE))
    return year


def _is_regular(path: Path) -> bool:
    """A regular file, not a symbolic link (to anything, even inside the data folder), a
    named pipe (reading it would block) or a device."""
    return stat.S_ISREG(path.lstat().st_mode)


def _read_narrative(path: Path, root: Path, issues: list[Issue]) -> Narrative:
    display = display_path(path)
    with path.open("rb") as stream:
        raw = stream.read(MAX_NARRATIVE_BYTES + 1)
    if len(raw) > MAX_NARRATIVE_BYTES:
        size = path.stat().st_size
        message = f"berkas terlalu besar ({size} byte; batas {MAX_NARRATIVE_BYTES})"
        issues.append(Issue(display, 1, 1, "", message))
        return Narrative(path.stem, display, "")
    try:
        text = raw.decode("utf-8-sig")
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
        display = display_path(path)
        if path.is_symlink() or (path.exists() and not _is_regular(path)):
            continue  # reported by _scan_files; never read through it
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
            issues.append(Issue(display_path(path), 1, 1, "", f"berkas tidak dikenal{extra}"))
    return docs


def _scan_files(
    folder: Path, root: Path, issues: list[Issue], *, recursive: bool
) -> dict[str, FileInfo]:
    """Record every file ``folder`` holds that validation may need (by path relative to
    ``folder``), and report every symbolic link and every entry that is not a regular
    file or folder: no input may be one, wherever it points."""
    found: dict[str, FileInfo] = {}
    for path in _entries(folder, recursive=recursive):
        mode = path.lstat().st_mode
        rel = path.relative_to(folder).as_posix()
        if stat.S_ISDIR(mode) or (stat.S_ISREG(mode) and path.suffix in TEXT_SUFFIXES):
            continue  # the common case, kept cheap: nothing to record or report
        # The folder, not the path, is resolved: a link must be named, not its target.
        display = f"{display_path(path.parent)}/{_printable(path.name)}"
        if stat.S_ISLNK(mode):
            where = display + "/" if path.is_dir() else display
            issues.append(
                Issue(where, 1, 1, "", f"{LINK_MESSAGE} (menunjuk ke '{path.readlink()}')")
            )
            found[rel] = FileInfo(display, None, 0, is_symlink=True)
        elif not stat.S_ISREG(mode):
            issues.append(
                Issue(display, 1, 1, "", "bukan berkas biasa (pipa, soket atau perangkat)")
            )
        elif not _hidden(rel):
            size = path.stat().st_size
            jenis, piksel = _content_type(path, size)
            found[rel] = FileInfo(display, jenis, size, piksel=piksel)
    return found


def _scan_templates(folder: Path, root: Path, issues: list[Issue]) -> None:
    """Template overrides are read by the render stage; none may be a symbolic link."""
    templates = folder / TEMPLATE_FOLDER
    if templates.is_dir() and not templates.is_symlink():
        _scan_files(templates, root, issues, recursive=True)


def _entries(folder: Path, *, recursive: bool) -> Iterator[Path]:
    """Every entry below ``folder``, hidden ones too (a template may be named ``.x.j2``,
    and a link is refused whatever its name); a linked folder is listed, never entered
    (``os.walk`` does not follow links)."""
    if not recursive:
        yield from sorted(folder.iterdir())
        return
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(dirs + files):
            yield Path(top) / name


def _hidden(rel: str) -> bool:
    """A file such as ``.gitkeep``, or in a hidden folder: never data, never published."""
    return any(part.startswith(".") for part in rel.split("/"))


_MAGIC = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


def _content_type(path: Path, size: int) -> tuple[str | None, int]:
    """What the file is by content (its first bytes, then for PNG and JPEG a parse by
    Pillow, cheap for an image below the size cap), and an image's pixel count. Its name
    says nothing."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    kind = next((k for magic, k in _MAGIC.items() if head.startswith(magic)), None)
    if kind in {"png", "jpeg"}:
        pixels = _image_pixels(path, kind) if size <= MAX_PUBLISHED_BYTES else None
        return (kind, pixels) if pixels is not None else (None, 0)
    if kind is None and b"<svg" in head.lower():
        return "svg", 0
    return kind, 0


def _image_pixels(path: Path, kind: str) -> int | None:
    """Width × height of a whole image of this kind, or None if it is not one. Only the
    header is decoded; a header Pillow calls a bomb counts as at least its bomb limit."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
                width, height = image.size
                return width * height if image.format == kind.upper() else None
    except Image.DecompressionBombError:
        return 2 * (Image.MAX_IMAGE_PIXELS or MAX_IMAGE_PIXELS) + 1
    except (OSError, SyntaxError, ValueError, EOFError):
        return None


def _folder_issue(folder: Path, root: Path, message: str) -> Issue:
    return Issue(_printable(display_path(folder)) + "/", 1, 1, "", message)


def _printable(text: str) -> str:
    """A name with control characters written as escapes, so a message stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
