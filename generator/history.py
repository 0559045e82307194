"""Review history from git: which commits changed a kecamatan's data, and how the
published figures moved between versions.

Reading git is part of the load stage (it reads the data's history); the summary is
computed by re-running validate + compute on each version, so it speaks in the same
figures the site shows (e.g. "Realisasi IKM 2024: 88,6 → 88,61; capaian 105,48 % → 105,49 %").
Works without git, or in a shallow clone, with a clear note instead of a history.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator import store
from generator.errors import DataErrors, UserError
from generator.formatting import angka_alami, persen, rupiah
from generator.result_checks import load_and_compute

Snapshot = dict[str, tuple[str, str]]  # label → (value text, capaian/serapan text)


@dataclass(frozen=True)
class Perubahan:
    """One commit that changed the data, with what it changed in the published figures."""

    commit: str
    tanggal: dt.date
    penulis: str
    judul: str
    ringkasan: tuple[str, ...]


@dataclass(frozen=True)
class Riwayat:
    """The history of one kecamatan's data, newest first, or why there is none."""

    perubahan: tuple[Perubahan, ...] = ()
    catatan: str | None = None
    terakhir: dict[int, dt.date] = field(default_factory=dict)  # report year → last change
    # The work tree holds changes to this kecamatan's data that no commit records yet,
    # so the dates above are older than the figures published.
    belum_dicatat: bool = False


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


NO_GIT = Riwayat(
    catatan="Riwayat perubahan tidak tersedia: data tidak berada dalam repositori git."
)


@dataclass(frozen=True)
class Repo:
    """The git work tree holding the data."""

    root: Path
    shallow: bool


def open_repo(folder: Path) -> Repo | None:
    """The work tree containing ``folder``, or None outside git (or without git)."""
    out = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    lines = (out or "").splitlines()
    if len(lines) < 2:
        return None
    return Repo(Path(lines[0]), lines[1].strip() == "true")


def read_history(
    kab_folder: Path, kec_slug: str, years: list[int], limit: int = 30, repo: Repo | None = None
) -> Riwayat:
    """Collect the commits that touched the kecamatan (or its kabupaten settings).

    ``repo`` spares the look-up when the caller reads many kecamatan of one repository.
    """
    repo = repo or open_repo(kab_folder)
    if repo is None:
        return NO_GIT
    root = repo.root
    kab_rel = kab_folder.resolve().relative_to(root.resolve()).as_posix()
    kec_path, kab_path = f"{kab_rel}/{kec_slug}", f"{kab_rel}/kabupaten.yaml"
    log = _git(
        root, "log", f"-n{limit}", "--format=%H%x1f%aI%x1f%an%x1f%s", "--", kec_path, kab_path
    )
    if not log:
        return Riwayat(
            catatan="Data kecamatan ini belum pernah disimpan sebagai versi di repositori git.",
            belum_dicatat=True,
        )
    entries = [line.split("\x1f") for line in log.strip().splitlines()]
    ids = _object_ids(root, [f"{e[0]}:{path}" for e in entries for path in (kec_path, kab_path)])
    # Commits before the kecamatan existed say nothing about it.
    entries = [e for e in entries if f"{e[0]}:{kec_path}" in ids]
    snapshots = [
        _cached_snapshot(
            root,
            commit,
            kab_rel,
            kec_slug,
            ids[f"{commit}:{kec_path}"],
            ids.get(f"{commit}:{kab_path}"),
        )
        for commit, *_ in entries
    ]
    changes = []
    for i, (commit, date, author, subject) in enumerate(entries):
        older = snapshots[i + 1] if i + 1 < len(snapshots) else None
        changes.append(
            Perubahan(
                commit,
                dt.date.fromisoformat(date[:10]),
                author,
                subject,
                _describe(older, snapshots[i]),
            )
        )
    shallow = "Riwayat terpotong: repositori ini hasil clone dangkal (shallow)."
    note = shallow if repo.shallow else None
    return Riwayat(
        tuple(changes),
        note,
        _last_changed(root, kab_rel, kec_slug, years),
        _uncommitted(root, kec_path, kab_path),
    )


def _uncommitted(root: Path, *paths: str) -> bool:
    """Whether ``paths`` have changes (or new files) that are not committed."""
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    return bool(status and status.strip())


_OBJECT_ID = re.compile(r"[0-9a-f]{40,64}")


def _object_ids(root: Path, specs: list[str]) -> dict[str, str]:
    """The object id of each ``commit:path`` that exists, asked of one git process."""
    try:
        result = subprocess.run(
            ["git", "cat-file", "--batch-check=%(objectname)"],
            cwd=root,
            input="".join(f"{spec}\n" for spec in specs).encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    return {
        spec: line
        for spec, line in zip(specs, lines, strict=False)
        if _OBJECT_ID.fullmatch(line)  # a missing object prints "<spec> missing"
    }


def _cached_snapshot(
    root: Path, commit: str, kab_rel: str, kec_slug: str, kec_tree: str, kab_blob: str | None
) -> Snapshot | None:
    """:func:`_snapshot`, remembered in the user cache under the ids of the files it reads:
    the same data gives the same figures, and every build would otherwise re-validate and
    re-compute up to ``limit`` old versions of every kecamatan."""
    entry = store.key("riwayat", Path(kab_rel).name, kec_slug, kec_tree, kab_blob or "-")
    cached = store.read("riwayat", entry)
    if isinstance(cached, dict) and "snapshot" in cached:
        found = cached["snapshot"]
        return None if found is None else {k: (v[0], v[1]) for k, v in found.items()}
    snap = _snapshot(root, commit, kab_rel, kec_slug)
    store.write("riwayat", entry, {"snapshot": snap})
    return snap


def _last_changed(root: Path, kab_rel: str, kec_slug: str, years: list[int]) -> dict[int, dt.date]:
    out = {}
    for year in years:
        paths = [
            f"{kab_rel}/{kec_slug}/{year}",
            f"{kab_rel}/{kec_slug}/kecamatan.yaml",
            f"{kab_rel}/{kec_slug}/renstra.yaml",
            f"{kab_rel}/kabupaten.yaml",
        ]
        stamp = (_git(root, "log", "-1", "--format=%aI", "--", *paths) or "").strip()
        if stamp:
            out[year] = dt.date.fromisoformat(stamp[:10])
    return out


def _snapshot(root: Path, commit: str, kab_rel: str, kec_slug: str) -> Snapshot | None:
    """The headline figures of the kecamatan as of ``commit`` (None if invalid then)."""
    archive = _git_bytes(
        root,
        "archive",
        "--format=tar",
        commit,
        f"{kab_rel}/kabupaten.yaml",
        f"{kab_rel}/{kec_slug}",
    )
    if archive is None:
        return None
    with tempfile.TemporaryDirectory(prefix="lkjip-riwayat-") as work:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(work, filter="data")
        try:
            data = load_and_compute(str(Path(work) / kab_rel / kec_slug))
        except (DataErrors, UserError):
            return None
        kab = data.project.kabupaten[0]
        kec = kab.kecamatan[0]
        snap: Snapshot = {}
        for year in kec.tahun:
            hasil = data.tahun(kab, kec, year)
            d = kab.settings.aturan.desimal
            for u in hasil.indikator_pk:
                value = "N/A" if u.realisasi is None else angka_alami(u.realisasi, 4)
                snap[f"Realisasi {u.nama} {year.tahun}"] = (
                    value,
                    f"capaian {persen(u.capaian.nilai, d)}",
                )
            snap[f"Anggaran {year.tahun}"] = (
                f"pagu {rupiah(hasil.total.pagu)}, realisasi {rupiah(hasil.total.realisasi)}",
                f"serapan {persen(hasil.total.serapan.nilai, d)}",
            )
        return snap


def _git_bytes(root: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _describe(before: Snapshot | None, after: Snapshot | None) -> tuple[str, ...]:
    """Readable lines for what changed between two snapshots."""
    if after is None:
        return ("Data pada versi ini tidak lolos validasi; angka tidak diterbitkan.",)
    if before is None:
        return ("Data pertama kali tercatat.",) if after else ()
    lines = []
    for label, (value, extra) in after.items():
        old = before.get(label)
        if old is None:
            lines.append(f"{label}: ditambahkan ({value}; {extra})")
        elif old != (value, extra):
            parts = [f"{old[0]} → {value}"] if old[0] != value else []
            if old[1] != extra:
                parts.append(f"{old[1]} → {extra.split(' ', 1)[-1]}")
            lines.append(f"{label}: " + "; ".join(parts))
    lines += [f"{label}: dihapus" for label in before if label not in after]
    return tuple(lines) or ("Tidak mengubah angka yang diterbitkan.",)
