"""``lkjip serve`` builds, serves on localhost and rebuilds when data changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


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
        url = f"http://127.0.0.1:{port}/contoh/alpha/2024/index.html"
        _fetch(url, "Laporan ini menyajikan kinerja")
        narrative = data_dir / "contoh/alpha/2024/narasi/kata-pengantar.md"
        narrative.write_text("Kalimat baru setelah disunting.\n", encoding="utf-8")
        _fetch(url, "Kalimat baru setelah disunting.")
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
