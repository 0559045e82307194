"""Where a build writes before it publishes: one staging folder beside the output.

Everything a build writes lives in ``.<out>.baru-<pid>-<random>/`` next to the output
folder, so on the output's own file system: the new site (``situs/``, renamed into place),
the MkDocs work folders (``kerja/``), and every temp file of the build (``sementara/``,
made the process's temp dir while building). So a rename never crosses a file system
(``TMPDIR`` on tmpfs does not matter) and one ``rmtree`` removes all a build left.

A build holds an ``flock`` on ``.kunci`` in its staging folder for as long as it (or one of
its forked workers) runs. A folder whose lock can be taken belongs to a dead build and the
next build removes it; a folder without the lock file yet is judged by the pid in its name.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.errors import UserError

if sys.platform != "win32":
    import fcntl

LOCK = ".kunci"
_STALE = re.compile(r"\.(?:baru|lama)-(\d+)(?:-\w+)?")
# Errors that mean "this folder cannot take our files", with how a user reads them.
_WRITE_ERRORS = {
    errno.EROFS: "sistem berkas hanya-baca",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.ENOSPC: "ruang disk penuh",
    errno.EDQUOT: "kuota disk habis",
}


@dataclass(frozen=True)
class Stage:
    """A build's staging folder and its parts."""

    root: Path

    @property
    def site(self) -> Path:
        """The new site, renamed to the output folder when complete."""
        return self.root / "situs"

    @property
    def work(self) -> Path:
        """MkDocs' docs folders and configs."""
        return self.root / "kerja"

    @property
    def tmp(self) -> Path:
        """The temp dir of the build and its workers (openpyxl, MkDocs, …)."""
        return self.root / "sementara"


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Stage]:
    """A fresh, locked staging folder beside ``out``, removed on leaving whatever happens
    (after a successful :func:`swap` it holds the old site)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    stage = Stage(Path(tempfile.mkdtemp(prefix=f".{out.name}.baru-{os.getpid()}-", dir=out.parent)))
    lock: IO[str] | None = None
    try:
        lock = _lock(stage.root / LOCK)
        for folder in (stage.site, stage.work, stage.tmp):
            folder.mkdir()  # mode from the umask, unlike mkdtemp's 0700: site/ must be readable
        with temp_dir(stage.tmp):
            yield stage
    finally:
        with _signals_held():  # a second Ctrl-C must not cut the clean-up short
            _remove(stage.root)
            if lock is not None:
                lock.close()


def _remove(folder: Path) -> None:
    """Remove ``folder``; again if needed, when a killed worker (dying at the same moment,
    MkDocs running inside it) created a file during the first pass."""
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.1)


@contextlib.contextmanager
def temp_dir(folder: Path) -> Iterator[None]:
    """Make ``folder`` this process's temp dir (inherited by forked workers and, through
    ``TMPDIR``, by subprocesses)."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = saved


def _lock(path: Path) -> IO[str]:
    handle = path.open("w", encoding="utf-8")
    if sys.platform != "win32":
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def remove_stale(out: Path) -> None:
    """Remove the staging folders beside ``out`` of builds that are no longer running."""
    prefix = f".{out.name}"  # not a glob pattern: the name may hold [ or *
    for entry in out.parent.iterdir():
        if not entry.name.startswith(prefix):
            continue
        match = _STALE.fullmatch(entry.name[len(prefix) :])
        if match and entry.is_dir() and not entry.is_symlink() and _abandoned(entry, match):
            shutil.rmtree(entry, ignore_errors=True)


def _abandoned(folder: Path, match: re.Match[str]) -> bool:
    lock = folder / LOCK
    if lock.is_file() and sys.platform != "win32":
        with lock.open("a", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # held: the build (or one of its workers) is still running
            return True
    # No lock yet (killed right after creating the folder) or an older build's folder.
    return not _running(int(match.group(1)))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours
        return True
    return True


def swap(stage: Stage, out: Path) -> None:
    """Put the staged site in place of ``out``: one atomic exchange where the system has
    one (Linux ``renameat2``), otherwise two renames with Ctrl-C/SIGTERM held between them.
    The old site ends up in the staging folder, which is removed afterwards."""
    with _signals_held():
        if not out.exists():
            stage.site.rename(out)
        elif not _exchange(stage.site, out):
            out.rename(stage.root / "lama")
            stage.site.rename(out)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or file system cannot."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done (delivered right after)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextlib.contextmanager
def writing(out: Path, noun: str = "folder keluaran") -> Iterator[None]:
    """Turn "cannot write here" (read-only, no permission, disk full) into a one-line user
    error naming ``out``; nothing was changed by then (see :func:`staged`)."""
    try:
        yield
    except OSError as exc:
        reason = _WRITE_ERRORS.get(exc.errno or 0)
        if reason is None or not _about(exc, out.absolute().parent):
            raise
        raise UserError(f"tidak dapat menulis ke {noun} {out}: {reason}") from exc


def _about(exc: OSError, folder: Path) -> bool:
    """Whether ``exc`` concerns ``folder`` (a file below it or a folder above it). A full
    disk or a read-only file system is always about the output: nothing else is written."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or exc.filename is None:
        return True
    path = Path(os.fsdecode(exc.filename)).absolute()
    return path.is_relative_to(folder) or folder.is_relative_to(path)
