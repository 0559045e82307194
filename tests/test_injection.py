"""Hostile content in every free-text field is shown literally: no script runs, no markup is
injected, no layout breaks out of its table (checked in headless Chromium)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from tests.conftest import MINIMAL

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = (
    '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    " **tebal** _miring_ | pipa | {{ 7*7 }} {% raw %} [tautan](javascript:alert(1)) \u202ebalik\u202c "
    "Katasangatpanjangtanpaspasiyangbisamerusaktataletaktabelbilatidakdibungkusdenganbenar"
)
FREE_TEXT = {
    "nama",
    "teks",
    "uraian",
    "judul",
    "jabatan",
    "tempat",
    "alamat",
    "rekomendasi",
    "rencana_aksi",
    "kegiatan",
    "kontribusi",
    "sumber_data",
    "keberhasilan",
    "solusi",
    "satuan",
}


def _poison(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (HOSTILE if k in FREE_TEXT and isinstance(v, str) else _poison(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_poison(v) for v in node]
    return node


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(MINIMAL, data)
    for path in data.rglob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_poison(document), allow_unicode=True), encoding="utf-8")
    tugas = data / "contoh/alpha/kecamatan.yaml"
    tugas.write_text(
        tugas.read_text(encoding="utf-8").replace(
            "- Memimpin kecamatan", f"- {yaml.safe_dump(HOSTILE).strip()}"
        ),
        encoding="utf-8",
    )
    out = root / "site"
    assert main(["build", str(data), "--keluaran", str(out)]) == 0
    return out


class _Markup(HTMLParser):
    """Collect what a browser would treat as markup: elements, attributes, script bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "__xss" in data:
            self.problems.append(f"script: {data[:60]}")


def test_hostile_markup_is_never_markup(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.problems == [], page


@pytest.fixture(scope="module")
def server(hostile_site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile_site))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
def test_no_script_runs_and_text_is_literal(hostile_site: Path, server: str) -> None:
    from playwright.sync_api import sync_playwright

    pages = sorted(
        p.relative_to(hostile_site).as_posix()
        for p in hostile_site.rglob("*.html")
        if p.name != "404.html"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        literal = 0
        for rel in pages:
            page.goto(f"{server}/{rel}")
            assert page.evaluate("window.__xss") is None, rel
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{rel} overflows horizontally by {overflow}px"
            literal += page.locator("text=<script>window.__xss=1</script>").count()
        browser.close()
    assert dialogs == []
    assert literal > 5  # the hostile text is visible, as text
