"""``lkjip serve``: serve the built site locally, rebuild when inputs change, and reload the
open browser page after each successful rebuild.

The reload is the server's, not the site's: every HTML page it serves gets a short script
that asks ``/__lkjip/versi`` once a second for the number of the last good build and reloads
the page when that number changes. The files in ``site/`` are never modified, so what is
previewed is byte for byte what is published."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import BUG_MESSAGE, DataErrors, UserError
from generator.load import resolve_selection
from generator.paths import SITE_TEMPLATES, content_folder


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    stamps: dict[Path, float] = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    stamps[path] = path.stat().st_mtime
    return stamps


def serve(rebuild: Callable[[], None], out: Path, data: Path, port: int) -> None:
    """Build once, serve ``out`` on localhost, and rebuild whenever a watched file changes."""
    rebuild()
    site = out.resolve()
    builds = _Builds()
    handler = functools.partial(_QuietHandler, builds, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Menyajikan {site} di http://127.0.0.1:{port}/ (Ctrl+C untuk berhenti)")
    watched = [data, content_folder(resolve_selection(data).root), SITE_TEMPLATES]
    before = _snapshot(watched)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(watched)
            if now != before:
                before = now
                print("Perubahan terdeteksi, membangun ulang…")
                if rebuild_safely(rebuild):
                    builds.done()
                    print("Selesai; halaman yang terbuka di peramban dimuat ulang.")
                else:
                    print(f"Situs terakhir yang berhasil tetap disajikan: {site}", file=sys.stderr)
    finally:
        server.shutdown()


def rebuild_safely(rebuild: Callable[[], None]) -> bool:
    """Rebuild, reporting any failure instead of raising it: a mistake saved in the editor
    (or a bug it reveals) must not stop the preview; the last good site stays published,
    since a failed build never touches it. False when the rebuild failed."""
    try:
        rebuild()
    except (DataErrors, UserError) as exc:
        issues = getattr(exc, "issues", None)
        for issue in issues or []:
            print(issue.format(), file=sys.stderr)
        if not issues:
            print(f"galat: {exc}", file=sys.stderr)
        return False
    except Exception:  # a bug: shown as one, but the preview goes on
        traceback.print_exc()
        print(BUG_MESSAGE, file=sys.stderr)
        return False
    return True


class _Builds:
    """The number of the last successful build, shared with the request threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 1

    def done(self) -> None:
        with self._lock:
            self._count += 1

    @property
    def count(self) -> int:
        with self._lock:
            return self._count


VERSION_PATH = "/__lkjip/versi"
# Polls the build number; reloads when it changes. Written without any data: nothing in it
# comes from the site being served.
RELOAD_SCRIPT = (
    "<script>(function(){var v=null;setInterval(function(){fetch('"
    + VERSION_PATH
    + "',{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){"
    "if(v!==null&&t!==v){location.reload()}v=t}).catch(function(){})},1000)})()</script>"
).encode()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, builds: _Builds, *args: Any, **kwargs: Any) -> None:
        self.builds = builds
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        if self.path == VERSION_PATH:
            self._send(str(self.builds.count).encode(), "text/plain; charset=utf-8")
            return
        path = Path(self.translate_path(self.path))  # the handler's own, safe mapping
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"  # (without the slash, the handler redirects first)
        if path.suffix == ".html" and path.is_file():
            page = path.read_bytes()
            at = page.rfind(b"</body>")
            page = page[:at] + RELOAD_SCRIPT + page[at:] if at != -1 else page + RELOAD_SCRIPT
            self._send(page, "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
