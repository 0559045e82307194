"""Faults of the build process: another file system for temp files, killed and terminated
builds, the published site's permissions, leftovers, and an output folder that cannot be
written."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import generator.package
import generator.pembangun
from generator.cli import main
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and modes")
ROOT = Path(__file__).parents[1]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _leftovers(parent: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


@pytest.fixture
def other_fs_tmp() -> Iterator[Path]:
    """A temp folder on another file system than the tests' tmp_path (tmpfs /dev/shm)."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        pytest.skip("no writable /dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="lkjip-uji-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- TMPDIR on another file system -------------------------------------------------------


def test_build_works_with_tmpdir_on_another_file_system(
    data_dir: Path, tmp_path: Path, other_fs_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if other_fs_tmp.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("/dev/shm is on the same file system as tmp_path here")
    monkeypatch.setattr(tempfile, "tempdir", str(other_fs_tmp))
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1"]) == 0
    assert (out / "contoh/alpha/2024/index.html").is_file()
    assert (out / "index.html").is_file()
    assert _leftovers(tmp_path) == []
    # A build stages nothing in TMPDIR that would be renamed into place later.
    assert list(other_fs_tmp.iterdir()) == []


# -- pool workers end with the build ---------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_build(data: Path, out: Path, tmp: Path, log: Path) -> subprocess.Popen[bytes]:
    """The build in a subprocess; its output goes to a file, not a pipe, which orphaned
    workers would hold open."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp))
    with log.open("wb") as handle:
        return subprocess.Popen(
            [
                sys.executable,
                *("-m", "generator", "build", str(data)),
                *("--jobs", "2", "--bersih"),
                *("--keluaran", str(out)),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
        )


def _wait_for_workers(process: subprocess.Popen[bytes], count: int = 2) -> list[int]:
    """The pool workers: forked children running the same command line as the build."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # read each time: right after the start it can still be empty
        command = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        workers = []
        for child in _children(process.pid):
            try:
                if Path(f"/proc/{child}/cmdline").read_bytes() == command:
                    workers.append(child)
            except OSError:
                continue
        if len(workers) >= count:
            return workers
        assert process.poll() is None, "the build ended before its workers were seen"
        time.sleep(0.01)
    raise AssertionError("no pool workers appeared")


def _all_gone(pids: list[int], timeout: float = 5) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in pids if _alive(p)]
        if not left:
            return []
        time.sleep(0.05)
    return left


@pytest.fixture
def data3(tmp_path: Path) -> Path:
    """The repository's example data (three kecamatan: enough for two workers)."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killed_build_takes_its_workers_along(data3: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    process = _start_build(data3, tmp_path / "site", tmp, tmp_path / "log")
    try:
        workers = _wait_for_workers(process)
        descendants = workers + [g for w in workers for g in _children(w)]
        process.kill()
        process.wait(timeout=10)
        left = _all_gone(descendants)
        for pid in left:  # do not leave them running for minutes
            os.kill(pid, signal.SIGKILL)
        assert left == []
    finally:
        process.kill()
        process.wait()
    # what the killed build left beside the output is removed by the next one
    assert main(["build", str(data3), "--keluaran", str(tmp_path / "site"), "--jobs", "1"]) == 0
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigterm_aborts_like_ctrl_c_and_leaves_nothing_behind(data3: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(data3), "--keluaran", str(out), "--jobs", "1"]) == 0
    before = _tree(out)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    process = _start_build(data3, out, tmp, tmp_path / "log")
    try:
        workers = _wait_for_workers(process)
        time.sleep(0.5)  # inside the render or MkDocs stage of the workers
        process.terminate()
        process.wait(timeout=30)
        left = _all_gone(workers)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert left == []
    finally:
        process.kill()
        process.wait()
    message = (tmp_path / "log").read_text(encoding="utf-8")
    assert process.returncode == 1, message
    assert "Traceback" not in message
    assert message.strip().splitlines()[-1].startswith("dihentikan")
    assert _tree(out) == before
    assert _leftovers(tmp_path) == []
    assert list(tmp.iterdir()) == []


# -- permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_published_site_follows_the_umask(data_dir: Path, tmp_path: Path, umask: int) -> None:
    out = tmp_path / "site"
    old = os.umask(umask)
    try:
        assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1"]) == 0
        # the second build replaces an existing site (the atomic exchange)
        assert main(["build", str(data_dir), "--keluaran", str(out), "--bersih"]) == 0
    finally:
        os.umask(old)
    wrong = []
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        if mode != expected:
            wrong.append(f"{path.relative_to(tmp_path)}: {oct(mode)} != {oct(expected)}")
    assert wrong == []


# -- leftovers ----------------------------------------------------------------------------


def test_a_build_removes_stale_staging_folders_of_dead_builds(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    # killed while staging: its lock is no longer held by anyone
    unlocked = tmp_path / f".site.baru-{dead_pid}-abc123"
    (unlocked / "situs").mkdir(parents=True)
    (unlocked / ".kunci").touch()
    # killed before taking the lock: its pid is gone
    unlocked_early = tmp_path / f".site.baru-{dead_pid}-def456"
    unlocked_early.mkdir()
    # an old build's folder beside it (from before the swap)
    old_style = tmp_path / f".site.lama-{dead_pid}"
    (old_style / "x").mkdir(parents=True)
    # a build still running holds its lock: left alone
    running = tmp_path / f".site.baru-{os.getpid()}-ghi789"
    running.mkdir()
    lock = (running / ".kunci").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1"]) == 0
        assert _leftovers(tmp_path) == [running.name]
    finally:
        lock.close()
    assert main(["build", str(data_dir), "--keluaran", str(out), "--bersih"]) == 0
    assert _leftovers(tmp_path) == []


def test_a_failed_build_leaves_no_staging_and_no_temp_files(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1"]) == 0
    before = _tree(out)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.pembangun, "indonesianize_index", interrupted)
    assert main(["build", str(data_dir), "--keluaran", str(out), "--bersih"]) == 1
    assert "dibatalkan" in capsys.readouterr().err
    assert _tree(out) == before
    assert _leftovers(tmp_path) == []
    assert list(tmp.iterdir()) == []


# -- an output folder that cannot be written ----------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0555 folder anyway")
def test_read_only_output_folder_is_a_user_error(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert main(["build", str(data_dir), "--keluaran", str(parent / "site")]) == 1
    finally:
        parent.chmod(0o755)
    err = capsys.readouterr().err
    assert err.startswith(f"galat: tidak dapat menulis ke folder keluaran {parent / 'site'}")
    assert err.count("\n") == 1
    assert list(parent.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.EROFS, "sistem berkas hanya-baca"),
        (errno.EACCES, "izin ditolak"),
        (errno.ENOSPC, "ruang disk penuh"),
    ],
)
def test_output_folder_that_refuses_writes_early(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    reason: str,
) -> None:
    out = tmp_path / "site"

    def refused(*args: object, **kwargs: object) -> str:
        raise OSError(code, os.strerror(code), str(tmp_path / ".site.baru-x"))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err == f"galat: tidak dapat menulis ke folder keluaran {out}: {reason}\n"
    assert list(tmp_path.iterdir()) == [data_dir]


def test_disk_full_while_writing_the_site_keeps_the_old_one(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1"]) == 0
    before = _tree(out)
    capsys.readouterr()

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(generator.pembangun, "indonesianize_index", full)
    assert main(["build", str(data_dir), "--keluaran", str(out), "--bersih"]) == 1
    err = capsys.readouterr().err
    assert err == f"galat: tidak dapat menulis ke folder keluaran {out}: ruang disk penuh\n"
    assert _tree(out) == before
    assert _leftovers(tmp_path) == []


def test_disk_full_while_zipping_a_package_leaves_no_partial_zip(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "paket" / "alpha.zip"
    target.parent.mkdir()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real_publish = generator.package.publish

    def publish_then_fill_the_disk(*args: Any, **kwargs: Any) -> Any:
        result = real_publish(*args, **kwargs)
        monkeypatch.setattr(zipfile.ZipFile, "write", full)  # the package's zip, not the site's
        return result

    monkeypatch.setattr(generator.package, "publish", publish_then_fill_the_disk)
    argv = ["paket", "contoh/alpha", "--data", str(data_dir), "--keluaran", str(target)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == f"galat: tidak dapat menulis ke berkas paket {target}: ruang disk penuh\n"
    assert list(target.parent.iterdir()) == []


def test_disk_full_while_writing_a_pdf_leaves_no_partial_file(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import generator.keluaran

    out = tmp_path / "pdf"
    # The registered PDF output lays the printed HTML out with cetak_pdf: skip WeasyPrint.
    monkeypatch.setattr(generator.keluaran, "cetak_pdf", lambda *args: b"%PDF-1.7 contoh")
    real = Path.write_bytes

    def half(self: Path, data: bytes) -> int:
        real(self, data[:4])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", half)
    assert main(["pdf", str(data_dir), "--keluaran", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == f"galat: tidak dapat menulis ke folder keluaran {out}: ruang disk penuh\n"
    assert list(out.iterdir()) == []


def test_the_two_rename_swap_replaces_the_site_too(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system has no atomic exchange (not Linux, or a file system without it)."""
    import generator.staging

    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out), "--jobs", "1"]) == 0
    (out / "lama.txt").write_text("dari build lama\n", encoding="utf-8")
    monkeypatch.setattr(generator.staging, "_exchange", lambda a, b: False)
    assert main(["build", str(data_dir), "--keluaran", str(out), "--bersih"]) == 0
    assert (out / "contoh/alpha/2024/index.html").is_file()
    assert not (out / "lama.txt").exists()
    assert _leftovers(tmp_path) == []
