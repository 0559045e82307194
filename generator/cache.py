"""Content keys for incremental builds: a kecamatan site is rebuilt only when its key changes.

The key is a sha256 over everything that can change the site's bytes: the contents and
relative paths of its data folder, the kabupaten's own files and ``templat/`` overrides,
``site_templates/`` (the vendored browser assets included), ``content/kecamatan/`` (the data
repository's own or the packaged one), the base ``mkdocs.yml``, the generator's own source,
the versions of the libraries that shape the output, the build options (``--pdf``, ``--docx``) and the
provenance written into the downloads (the data's git commit and history).

Timestamps are never used: a ``touch`` or a fresh checkout does not rebuild anything, and a
change that restores the old bytes makes the old site valid again.

The build date is part of the key only when ``SOURCE_DATE_EPOCH`` is set (the user asked for
that date on every file). Otherwise a reused site keeps the provenance date of the build that
actually produced it, which is the honest answer to "when was this file generated".
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from collections.abc import Iterable
from pathlib import Path

from generator import __version__
from generator.asal import BuildInfo
from generator.load import Folder
from generator.lookup import OVERRIDE_FOLDER
from generator.model import Kabupaten, Kecamatan
from generator.paths import BASE_CONFIG, SITE_TEMPLATES, content_folder

CACHE_FILE = ".lkjip-cache"
# Bump when the meaning of the key changes, so that old caches never match by accident.
KEY_FORMAT = "lkjip-situs-1"
GENERATOR = Path(__file__).resolve().parent
# Libraries whose version can change a page, a chart, a download or the search index.
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "jinja2",
    "markupsafe",
    "matplotlib",
    "fonttools",
    "openpyxl",
    "pydantic",
    "babel",
    "pyyaml",
    "pysastrawi",
    "weasyprint",
    "python-docx",
    "lxml",
    "resvg-py",
)


def _update_files(digest: hashlib._Hash, base: Path, paths: Iterable[Path]) -> None:
    """Feed each file's path relative to ``base`` and its bytes, in a stable order."""
    for path in sorted(paths):
        rel = path.relative_to(base).as_posix()
        if path.is_symlink():
            # Never read through a link (it may point at anything on the machine, of any
            # size); its target still changes the key, and the loader then refuses it.
            digest.update(f"{rel}\0link\0{path.readlink()}\0".encode())
            continue
        digest.update(f"{rel}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())


def _tree(folder: Path) -> list[Path]:
    """Every regular file and symbolic link below ``folder`` (none if it does not exist)."""
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if _hashable(p) and "__pycache__" not in p.parts]


def _hashable(path: Path) -> bool:
    return path.is_symlink() or path.is_file()


def _library_versions() -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ";".join(versions)


def shared_key() -> str:
    """The part of every site's key that does not depend on the data. Not cached across
    calls: ``lkjip serve`` rebuilds in the same process after a template changes."""
    digest = hashlib.sha256(f"{KEY_FORMAT}\0{__version__}\0{_library_versions()}\0".encode())
    # Each tree is keyed relative to itself, so the key does not depend on where it lives.
    for folder in (GENERATOR, SITE_TEMPLATES):
        digest.update(f"{folder.name}\0".encode())
        _update_files(digest, folder, _tree(folder))
    _update_files(digest, BASE_CONFIG.parent, [BASE_CONFIG])
    return digest.hexdigest()


def site_key(
    kab: Kabupaten | Folder,
    kec: Kecamatan | Folder,
    info: BuildInfo,
    *,
    cetak: frozenset[str] = frozenset(),
    shared: str | None = None,
) -> str:
    """The key of one kecamatan site: equal keys mean byte-identical sites. ``shared`` is
    :func:`shared_key`, passed in when computing many keys for one build."""
    slug = f"{kab.slug}/{kec.slug}"
    shared = shared or shared_key()
    digest = hashlib.sha256(f"{shared}\0{slug}\0cetak={','.join(sorted(cetak))}\0".encode())
    if os.environ.get("SOURCE_DATE_EPOCH"):
        digest.update(f"tanggal={info.tanggal.isoformat()}\0".encode())
    digest.update(f"commit={info.commit.get(slug)}\0".encode())
    # The review history shown on the site comes from git, not from the files.
    digest.update(f"riwayat={info.riwayat.get(slug)!r}\0".encode())
    own_files = [p for p in kab.folder.iterdir() if _hashable(p)]
    _update_files(digest, kab.folder, own_files + _tree(kab.folder / OVERRIDE_FOLDER))
    _update_files(digest, kab.folder, _tree(kec.folder))
    # Per site, not shared: which content/ a site gets depends on where its data is.
    content = content_folder(kab.folder.parent)
    _update_files(digest, content, _tree(content / "kecamatan"))
    return digest.hexdigest()


def portal_key(site_keys: dict[str, str], drafts_in_portal: bool, data_root: Path) -> str:
    """The key of the portal pages. They compare every kecamatan, so the key covers every
    site key (each covering its data, the kabupaten files and the generator) and the portal's
    own content pages (those beside ``data_root`` or the packaged ones)."""
    digest = hashlib.sha256(f"{KEY_FORMAT}\0portal\0draf={drafts_in_portal}\0".encode())
    for slug, key in sorted(site_keys.items()):
        digest.update(f"{slug}={key}\0".encode())
    content = content_folder(data_root)
    _update_files(digest, content, _tree(content / "portal"))
    return digest.hexdigest()


def stored_key(site_dir: Path) -> str | None:
    """The key a previous build recorded in ``site_dir``, if any."""
    try:
        return (site_dir / CACHE_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
