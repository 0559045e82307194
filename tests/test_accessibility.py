"""Every page of the example sites in Chromium: no console errors, no failed or external
requests, and an axe-core scan with zero serious or critical violations."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and AXE.exists()), reason="needs Debian chromium and npm axe-core"
)


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_every_page_is_clean_and_accessible(built_site: Path, server: str) -> None:
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        page = browser.new_page()
        page.on(
            "console",
            lambda m: (
                problems.append(f"{page.url}: console {m.text}") if m.type == "error" else None
            ),
        )
        # Moving to the next page aborts the search worker's pending loads; that is not a failure.
        page.on(
            "requestfailed",
            lambda r: (
                problems.append(f"{page.url}: gagal {r.url} {r.failure}")
                if "ERR_ABORTED" not in (r.failure or "")
                else None
            ),
        )
        page.on(
            "response",
            lambda r: (
                problems.append(f"{page.url}: {r.status} {r.url}") if r.status >= 400 else None
            ),
        )
        page.on(
            "request",
            lambda r: (
                problems.append(f"{page.url}: luar {r.url}")
                if not r.url.startswith(server)
                else None
            ),
        )
        axe = AXE.read_text(encoding="utf-8")
        for rel in pages:
            response = page.goto(f"{server}/{rel}")
            assert response is not None and response.ok, rel
            page.add_script_tag(content=axe)
            result = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                ".map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', '))"
            )
            problems += [f"{rel}: {v}" for v in result]
        browser.close()
    assert problems == [], "\n".join(problems[:30])
    assert len(pages) > 30
