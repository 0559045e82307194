"""Indonesian search: roots and stop words (Python), the index rewrite, and the sites in Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from Sastrawi.StopWordRemover.StopWordRemoverFactory import (  # type: ignore[import-untyped]
    StopWordRemoverFactory,
)

from generator.search import (
    FALLBACK,
    FALLBACK_LICENCE,
    PLUGIN,
    PLUGIN_DIR,
    STOP_WORDS,
    glued_words,
    indonesian_config,
    indonesianize_index,
    is_stop_word,
    plugin_script,
    raw_tokens,
    search_terms,
    stem,
    trim,
)
from tests.test_browser import ARGS, CHROMIUM

SEPARATOR = r"[\s\-]+"  # Material's default, as in the built indexes


# --- roots and stop words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("pelayanan", "layan"),
        ("layanan", "layan"),
        ("melayani", "layan"),
        ("kinerja", "kerja"),
        ("kinerjanya", "kerja"),
        ("kepuasan", "puas"),
        ("anggaran", "anggar"),
        ("penganggaran", "anggar"),
        ("pengelolaan", "kelola"),
        ("penilaian", "nilai"),
        ("tersedia", "sedia"),
    ],
)
def test_inflected_forms_share_one_root(word: str, root: str) -> None:
    assert stem(word) == root


@pytest.mark.parametrize("token", ["2024", "88,61", "7.01.01", "rp", "ikm", "s.sos"])
def test_numbers_codes_and_unknown_words_keep_their_form(token: str) -> None:
    assert stem(token) == token


def test_stop_words_are_function_words_from_sastrawis_list() -> None:
    assert STOP_WORDS.issubset(StopWordRemoverFactory().get_stop_words())
    assert STOP_WORDS.issuperset({"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada"})
    assert all(is_stop_word(word) for word in ["yang", "dan", "di"])


@pytest.mark.parametrize(
    "word",
    ["tidak", "belum", "kerja", "akhir", "jumlah", "baik", "cukup", "kurang", "sedang", "sangat"],
)
def test_words_that_matter_in_a_report_stay_searchable(word: str) -> None:
    assert not is_stop_word(word)


def test_tokens_follow_materials_worker() -> None:
    tokens = raw_tokens("<p>Pelayanan  publik-desa</p>(IKM) 96,19 %", SEPARATOR)
    assert tokens == ["Pelayanan", "publik", "desa", "(IKM)", "96,19", "%"]
    assert [trim(t.lower()) for t in tokens] == ["pelayanan", "publik", "desa", "ikm", "96,19", ""]


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("KantorRp", ["kantor"]),
        ("ketentuanEvaluasi", ["ketentuan", "evaluasi"]),
        ("SKPDJumlah", ["skpd", "jumlah"]),
        ("LKjIP", []),
        ("Pelayanan", []),
        ("IKM", []),
    ],
)
def test_table_cells_glued_by_mkdocs_are_split(token: str, words: list[str]) -> None:
    assert glued_words(token) == words


def test_search_terms_map_the_sites_words_to_their_roots() -> None:
    docs = [
        {"location": "a.html", "title": "Pelayanan Publik", "text": "<p>yang dilayani</p>"},
        {"location": "b.html", "title": "Anggaran", "text": "Penyediaan Alat KantorRp 8.000"},
    ]
    terms = search_terms(docs, SEPARATOR)
    assert terms["stems"] == {
        "anggaran": "anggar",
        "dilayani": "layan",
        "pelayanan": "layan",
        "penyediaan": "sedia",
    }
    assert terms["pieces"] == {"kantorrp": ["kantor"]}


def test_config_names_our_language_and_keeps_the_rest() -> None:
    config = {"lang": ["en"], "separator": SEPARATOR, "pipeline": [" "], "fields": {"x": 1}}
    assert indonesian_config(config) == {
        "lang": ["id"],
        "separator": SEPARATOR,
        "pipeline": ["stemmer", "stopWordFilter", "trimmer"],
        "fields": {"x": 1},
    }


def test_plugin_script_puts_the_sites_data_before_the_pipeline() -> None:
    script = plugin_script({"stems": {"pelayanan": "layan"}, "pieces": {}}, "CODE();")
    header, payload, code = script.split("\n", 2)
    assert header.startswith("/*") and code == "CODE();"
    data = json.loads(payload.removeprefix("self.LKJIP_PENCARIAN = ").removesuffix(";"))
    assert data["stems"] == {"pelayanan": "layan"}
    assert data["stopWords"] == sorted(STOP_WORDS)
    assert data["fallback"] == FALLBACK


def test_rewriting_a_built_index_adds_only_the_language(tmp_path: Path) -> None:
    folder = tmp_path / "search"
    folder.mkdir()
    index = {
        "config": {"lang": ["en"], "separator": SEPARATOR, "pipeline": [" "], "fields": {}},
        "docs": [{"location": "index.html", "title": "Pelayanan", "text": "<p>kinerjanya</p>"}],
    }
    original = json.dumps(index, separators=(",", ":"))
    (folder / "search_index.json").write_text(original, encoding="utf-8")
    (folder / "search_index.js").write_text(f"var __index = {original}", encoding="utf-8")

    size = indonesianize_index(tmp_path)

    text = (folder / "search_index.json").read_text(encoding="utf-8")
    assert size == len(text.encode())
    assert size - len(original) < 64  # the documents are not duplicated or stemmed
    assert json.loads(text)["docs"] == index["docs"]
    assert json.loads(text)["config"]["lang"] == ["id"]
    assert (folder / "search_index.js").read_text(encoding="utf-8") == f"var __index = {text}"
    plugin = (tmp_path / PLUGIN_DIR / PLUGIN).read_text(encoding="utf-8")
    assert '"kinerjanya":"kerja"' in plugin and '"pelayanan":"layan"' in plugin
    assert (tmp_path / PLUGIN_DIR / FALLBACK).stat().st_size > 0
    assert "MIT" in (tmp_path / PLUGIN_DIR / FALLBACK_LICENCE).read_text(encoding="utf-8")


def test_built_sites_search_in_indonesian(built_site: Path) -> None:
    for slug in ["rembang/sumber", "rembang/kragan", "jombang/perak", "."]:
        index = json.loads((built_site / slug / "search/search_index.json").read_text("utf-8"))
        assert index["config"]["lang"] == ["id"], slug
        assert (built_site / slug / PLUGIN_DIR / PLUGIN).exists(), slug
        assert (built_site / slug / PLUGIN_DIR / FALLBACK).exists(), slug


# --- in Chromium ----------------------------------------------------------------------------

browser_only = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"
)
# Material's search messages in Indonesian: before any query, and once results are shown.
PLACEHOLDER = "Ketik untuk mulai pencarian"
DONE = "/ditemukan|Tidak ada dokumen/"

# Each query finds its page only through a shared root: the expected place never has the query
# word itself, and Material's own search misses every pair (checked on a build without
# generator/search.py). Query words that occur in the site are stemmed by the build
# (PySastrawi); the others, such as "kepuasannya" or "merencanakan", by sastrawijs.
PAIRS = [
    ("rembang/sumber", "layanan", "Seksi Pemerintahan dan Pelayanan Publik"),
    ("rembang/sumber", "kinerjanya", "BAB III Akuntabilitas Kinerja"),
    ("rembang/sumber", "dianggarkan", "3.2 Realisasi Anggaran"),
    ("rembang/sumber", "kepuasannya", "Indeks Kepuasan Masyarakat"),
    ("rembang/sumber", "tertib", "Seksi Ketenteraman dan Ketertiban Umum"),
    ("rembang/sumber", "merencanakan", "BAB II Perencanaan Kinerja"),
    # The Ikhtisar Eksekutif, a short page of its own, says "nilai" once (never "dinilai").
    ("rembang/sumber", "dinilai", "Ikhtisar Eksekutif"),
    ("rembang/sumber", "memberdayakan", "Seksi Pemberdayaan Masyarakat"),
    ("rembang/sumber", "tercapai", "3.1 Capaian Kinerja"),
    ("rembang/kragan", "melayani", "Seksi Pemerintahan dan Pelayanan Publik"),
    ("rembang/kragan", "diawasi", "Seksi Pembinaan dan Pengawasan Pemerintahan Desa"),
    ("jombang/perak", "rekomendasinya", "4.3 Rekomendasi"),
    ("jombang/perak", "sasarannya", "2.3 Tujuan, Sasaran dan Indikator Kinerja"),
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


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page that fails the test on any console error or request off the site."""
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    yield page
    page.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("http://127.0.0.1", "file://"))] == []


def _search(page: object, query: str) -> tuple[str, list[str]]:
    """Search once; return Material's result count line and each result's text, best first."""
    shown = "document.querySelector('.md-search-result__meta').textContent"
    page.click(".md-search__input")  # type: ignore[attr-defined]
    # Material shows each result with whatever the input holds when it arrives, so first wait
    # for the empty query's answer (the placeholder): no older query can still be in flight.
    page.fill(".md-search__input", "")  # type: ignore[attr-defined]
    page.press(".md-search__input", "End")  # type: ignore[attr-defined]
    page.wait_for_function(f"() => {shown} === {PLACEHOLDER!r}")  # type: ignore[attr-defined]
    # The whole query, then one key event: Material reads the input on keyup, so exactly one
    # query reaches the worker, not each prefix of it as it is typed.
    page.fill(".md-search__input", query)  # type: ignore[attr-defined]
    page.press(".md-search__input", "End")  # type: ignore[attr-defined]
    page.wait_for_function(f"() => {DONE}.test({shown})")  # type: ignore[attr-defined]
    meta: str = page.locator(".md-search-result__meta").inner_text()  # type: ignore[attr-defined]
    # textContent, not innerText: sections folded under "N lagi di halaman ini" count too.
    items = page.locator(".md-search-result__item").all_text_contents()  # type: ignore[attr-defined]
    return meta, items


@browser_only
@pytest.mark.parametrize(("slug", "query", "expected"), PAIRS)
def test_query_finds_other_forms_of_its_words(
    page: object, server: str, slug: str, query: str, expected: str
) -> None:
    page.goto(f"{server}/{slug}/index.html")  # type: ignore[attr-defined]
    _, items = _search(page, query)
    assert any(expected in item for item in items[:3]), (query, [i[:80] for i in items])


@browser_only
def test_snippets_highlight_the_reports_own_words(page: object, server: str) -> None:
    page.goto(f"{server}/rembang/sumber/index.html")  # type: ignore[attr-defined]
    _search(page, "layanan")
    marked = page.locator(".md-search-result__item mark").all_text_contents()  # type: ignore[attr-defined]
    assert "pelayanan" in {text.lower() for text in marked}, marked
    assert "layan" not in {text.lower() for text in marked}


@browser_only
def test_stop_words_alone_find_nothing(page: object, server: str) -> None:
    page.goto(f"{server}/rembang/sumber/index.html")  # type: ignore[attr-defined]
    meta, items = _search(page, "yang dan di")
    assert (meta, items) == ("Tidak ada dokumen yang sesuai", [])


@browser_only
def test_stop_words_do_not_change_the_results(page: object, server: str) -> None:
    page.goto(f"{server}/rembang/sumber/index.html")  # type: ignore[attr-defined]
    alone = _search(page, "kinerja")
    page.goto(f"{server}/rembang/sumber/index.html")  # type: ignore[attr-defined]
    meta, items = _search(page, "yang dan di kinerja")
    assert (meta, items) == alone
    assert any("BAB III Akuntabilitas Kinerja" in item for item in items[:3])


@browser_only
def test_search_in_indonesian_from_a_local_folder(
    page: object, built_site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "flashdisk" / "sumber"
    shutil.copytree(built_site / "rembang" / "sumber", folder)
    page.goto((folder / "index.html").as_uri())  # type: ignore[attr-defined]
    _, items = _search(page, "layanan")  # a word of the site: stemmed at build time
    assert any("Seksi Pemerintahan dan Pelayanan Publik" in item for item in items[:3])
    # Over file:// the worker is an iframe that loads sastrawijs asynchronously; once it is
    # there, a word the site does not contain is stemmed as well.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('iframe')].some(f => f.contentWindow.sastrawijs)"
    )
    _, items = _search(page, "kepuasannya")
    assert any("Indeks Kepuasan Masyarakat" in item for item in items[:3])
