"""``lkjip serve``: serve the built site locally and rebuild when inputs change."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

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
    handler = functools.partial(_QuietHandler, directory=str(site))
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
                    print("Selesai.")
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return
