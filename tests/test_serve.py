"""``lkjip serve`` builds, serves on localhost and rebuilds when data changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.errors import DataErrors, Issue
from generator.serve import rebuild_safely
from tests.conftest import MINIMAL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str, contains: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if contains in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {contains!r}")


def test_serve_rebuilds_after_a_data_change(data_dir: Path, tmp_path: Path) -> None:
    port = _free_port()
    out = tmp_path / "site"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            str(data_dir),
            "--keluaran",
            str(out),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/contoh/alpha/2024/kata-pengantar.html"
        _fetch(url, "Laporan ini menyajikan kinerja")
        narrative = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
        narrative.write_text("Kalimat baru setelah disunting.\n", encoding="utf-8")
        _fetch(url, "Kalimat baru setelah disunting.")
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def _serve(data: Path, out: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            *("-m", "generator", "serve", str(data)),
            *("--keluaran", str(out), "--port", str(port)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_line(process: subprocess.Popen[str], text: str, timeout: float = 90) -> list[str]:
    """The output lines up to the first that contains ``text`` (fails if serve exits first)."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"serve ended (code {process.wait()}):\n{''.join(lines)}")
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"never printed {text!r}:\n{''.join(lines)}")


def test_serve_keeps_serving_the_last_good_site_after_a_crash(
    data_dir: Path, tmp_path: Path
) -> None:
    """A narrative that crashes the build (today a TypeError from ``{% include %}``, a bug)
    and a data error: serve reports each, keeps the old site, and picks up the fix."""
    port = _free_port()
    process = _serve(data_dir, tmp_path / "site", port)
    url = f"http://127.0.0.1:{port}/contoh/alpha/2024/kata-pengantar.html"
    narrative = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
    try:
        _wait_for_line(process, "Menyajikan")
        _fetch(url, "Laporan ini menyajikan kinerja")
        narrative.write_text('Awal.\n{% include "lain.md" %}\n', encoding="utf-8")
        lines = _wait_for_line(process, "Situs terakhir yang berhasil tetap disajikan")
        assert process.poll() is None
        assert "Laporan ini menyajikan kinerja" in _fetch(url, "Laporan ini menyajikan kinerja")
        (data_dir / "contoh/alpha/kecamatan.yaml").write_text("nama: [\n", encoding="utf-8")
        lines += _wait_for_line(process, "Situs terakhir yang berhasil tetap disajikan")
        assert any("kecamatan.yaml" in line for line in lines), "".join(lines)
        shutil.copy(MINIMAL / "contoh/alpha/kecamatan.yaml", data_dir / "contoh/alpha")
        narrative.write_text("Kalimat baru setelah diperbaiki.\n", encoding="utf-8")
        _fetch(url, "Kalimat baru setelah diperbaiki.")
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def test_rebuild_safely_reports_a_bug_with_its_traceback_and_carries_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken() -> None:
        raise RuntimeError("rusak di dalam")

    def data_error() -> None:
        raise DataErrors([Issue("a.yaml", 3, 1, "nama", "wajib diisi")])

    assert rebuild_safely(broken) is False
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: rusak di dalam" in err
    assert "Ini adalah bug pada lkjip" in err
    assert rebuild_safely(data_error) is False
    assert capsys.readouterr().err == "a.yaml:3:1: nama: wajib diisi\n"
    assert rebuild_safely(lambda: None) is True


def test_the_open_page_reloads_itself_after_a_rebuild(data_dir: Path, tmp_path: Path) -> None:
    """A page open in Chromium shows an edit without anyone pressing reload; the published
    files themselves carry no reload script (only the preview server adds it)."""
    from playwright.sync_api import sync_playwright

    from tests.test_browser import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium tidak terpasang")
    port = _free_port()
    out = tmp_path / "site"
    process = _serve(data_dir, out, port)
    try:
        url = f"http://127.0.0.1:{port}/contoh/alpha/2024/kata-pengantar.html"
        served = _fetch(url, "Laporan ini menyajikan kinerja")
        assert "/__lkjip/versi" in served
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__lkjip/versi") as response:
            first = response.read().decode()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(url)
            page.wait_for_timeout(1500)  # the script has read the current build number
            narrative = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
            narrative.write_text("Kalimat baru setelah disunting.\n", encoding="utf-8")
            page.wait_for_function(
                "document.body.innerText.includes('Kalimat baru setelah disunting.')",
                timeout=90_000,
            )
            browser.close()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__lkjip/versi") as response:
            assert int(response.read().decode()) > int(first)
        on_disk = (out / "contoh/alpha/2024/kata-pengantar.html").read_text("utf-8")
        assert "Kalimat baru setelah disunting." in on_disk
        assert "__lkjip" not in on_disk
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
