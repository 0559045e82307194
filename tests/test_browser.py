"""The built sites in real headless Chromium (Debian's, never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    "index.html",
    "metodologi.html",
    "2024/index.html",
    "2024/bab-1-pendahuluan.html",
    "2024/bab-2-perencanaan-kinerja.html",
    "2024/bab-3-akuntabilitas-kinerja.html",
    "2024/bab-4-penutup.html",
    "2024/lampiran.html",
    "2024/daftar-tabel.html",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _watch(page: object) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
    return errors, requests


def _search(page: object, query: str) -> list[str]:
    page.click(".md-search__input")  # type: ignore[attr-defined]
    page.keyboard.type(query, delay=20)  # type: ignore[attr-defined]  # Material listens to key events
    page.wait_for_selector(".md-search-result__item", timeout=10000)  # type: ignore[attr-defined]
    return page.locator(".md-search-result__item").all_inner_texts()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("slug", ["rembang/sumber", "jombang/perak"])
def test_pages_load_without_errors_or_external_requests(
    browser: object, server: str, slug: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors, requests = _watch(page)
    for path in PAGES:
        response = page.goto(f"{server}/{slug}/{path}")
        assert response is not None and response.ok, path
        assert page.locator("h1").count() >= 1
    page.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(server)] == []


def test_search_finds_the_ikm_indicator(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors, requests = _watch(page)
    page.goto(f"{server}/rembang/sumber/index.html")
    results = _search(page, "Indeks Kepuasan")
    assert any("Indeks Kepuasan Masyarakat" in text for text in results), results
    page.close()
    assert errors == [] and [u for u in requests if not u.startswith(server)] == []


def test_portal_links_to_kecamatan_sites(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{server}/index.html")
    page.click("text=Kecamatan Kragan")
    page.wait_for_load_state()
    assert page.url.endswith("/rembang/kragan/index.html")
    assert "Kecamatan Kragan" in page.locator("h1").first.inner_text()
    page.close()


def test_unpacked_package_works_from_a_local_folder(browser: object, tmp_path: Path) -> None:
    target = tmp_path / "sumber.zip"
    assert (
        main(
            [
                "paket",
                "rembang/sumber",
                "--keluaran",
                str(target),
                "--data",
                str(Path(__file__).parents[1] / "data"),
            ]
        )
        == 0
    )
    folder = tmp_path / "unggah" / "kecamatan" / "sumber"
    with zipfile.ZipFile(target) as archive:
        archive.extractall(folder)
    page = browser.new_page()  # type: ignore[attr-defined]
    errors, requests = _watch(page)
    page.goto((folder / "index.html").as_uri())
    page.click("text=BAB III Akuntabilitas Kinerja")
    page.wait_for_load_state()
    assert "BAB III" in page.locator("h1").first.inner_text()
    results = _search(page, "Indeks Kepuasan")
    assert any("Indeks Kepuasan Masyarakat" in text for text in results), results
    page.close()
    assert errors == []
    assert [u for u in requests if not u.startswith("file://")] == []
