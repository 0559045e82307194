"""Stage 4: where a build's data came from, for the provenance every download records.

The build date (``SOURCE_DATE_EPOCH`` when set, for reproducible output), the last commit
that touched each kecamatan folder, and its change history (:mod:`generator.history`), all
read from git once per build, before any site is rendered.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.history import NO_GIT, Riwayat, open_repo, read_history
from generator.load import Folder, Tempat
from generator.model import Project


@dataclass(frozen=True)
class BuildInfo:
    """Facts about this build that downloads record as provenance."""

    tanggal: dt.date
    commit: dict[str, str | None] = field(default_factory=dict)  # per "kab/kec" slug
    riwayat: dict[str, Riwayat] = field(default_factory=dict)  # per "kab/kec" slug


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
