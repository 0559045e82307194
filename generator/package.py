"""``lkjip paket``: one kecamatan's site as a zip to upload to an existing website."""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from pathlib import Path

from generator.cache import CACHE_FILE
from generator.compute.report import Terhitung
from generator.publish import publish
from generator.staging import writing


def make_package(data: Terhitung, slug: str, target: Path) -> None:
    """Build the kecamatan's site and zip its files (relative links work under any sub-path)."""
    with tempfile.TemporaryDirectory(prefix="lkjip-paket-") as work:
        result = publish(data, Path(work) / "site", {slug}, mandiri=True)
        root = result.out / slug
        # Written beside the target (same file system, so the rename cannot fail across
        # devices) and removed on any failure: no half-written zip is ever left.
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            with writing(target, "berkas paket"):
                with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                    for path in _regular_files(root):
                        if path.name != CACHE_FILE:
                            archive.write(path, path.relative_to(root).as_posix())
                tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _regular_files(root: Path) -> list[Path]:
    """Every regular file under ``root``. A symbolic link is neither followed nor stored:
    the build never makes one, and zipping through one could pack a file from anywhere."""
    found = []
    for top, dirs, files in os.walk(root):  # does not enter linked folders
        dirs.sort()
        found += [Path(top) / f for f in files if stat.S_ISREG((Path(top) / f).lstat().st_mode)]
    return sorted(found)
