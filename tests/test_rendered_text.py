"""What readers see: no page of the example sites shows markup as text.

The first release printed the camat's signature block as literal ``<div class="lkjip-ttd"
markdown> … **Camat Sumber**`` on the first page of every report year while every structural
test was green. This scans the text a browser displays on every built page (the markup already
parsed, script/style/code left out) for Markdown, HTML or Jinja syntax that should have been
rendered, and the search index for the same.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Syntax that never belongs in displayed text of these reports: an HTML tag or entity that
# was escaped instead of rendered, Markdown emphasis/escapes/attribute lists, Jinja delimiters.
SHOWN_AS_TEXT = re.compile(
    r"<\s*/?\s*(?:div|br|p|span|strong|em|table|tr|td|th|a|img|ul|ol|li|h[1-6])\b"
    r"|&(?:lt|gt|amp|quot|#\d+);"
    r"|\*\*|__\w|\\[|*_#\[\]`]|\{\{|\}\}|\{%|%\}|\{:|\]\(|\bmarkdown>",
    re.IGNORECASE,
)
HIDDEN = {"script", "style", "code", "pre", "template"}


class _ShownText(HTMLParser):
    """The text nodes a reader sees, with the line each starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.texts: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.texts.append((self.getpos()[0], data))


def _problems(text: str) -> list[str]:
    return [m.group(0) for m in SHOWN_AS_TEXT.finditer(text)]


def test_no_page_shows_markup_as_text(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30  # portal, kabupaten pages and three kecamatan sites
    found = []
    for page in pages:
        parser = _ShownText()
        parser.feed(page.read_text(encoding="utf-8"))
        for line, text in parser.texts:
            found += [
                f"{page.relative_to(built_site)}:{line}: {hit!r} in {text.strip()[:80]!r}"
                for hit in _problems(text)
            ]
    assert not found, "\n".join(found)


def test_search_index_holds_no_markup_as_text(built_site: Path) -> None:
    indexes = sorted(built_site.rglob("search/search_index.json"))
    assert indexes
    found = []
    for index in indexes:
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            # The index keeps some block tags (p, ul, li), which Material's search renders as
            # HTML: check the text they display, as on the pages.
            parser = _ShownText()
            parser.feed(doc["title"] + " " + doc["text"])
            found += [
                f"{index.relative_to(built_site)} {doc['location']}: {hit!r}"
                for _, text in parser.texts
                for hit in _problems(text)
            ]
    assert not found, "\n".join(found[:50])


@pytest.mark.parametrize(
    "text",
    [
        '<div class="lkjip-ttd" markdown>',
        "Rembang, 15 April 2025<br>",
        "**Camat Sumber**",
        "{{ hasil.total }}",
        "Kategori \\| Nilai",
        "[Unduh PDF](laporan.pdf){ .md-button }",
        "Tingkat &amp; Jumlah",
    ],
)
def test_the_scan_catches_what_the_first_release_showed(text: str) -> None:
    assert _problems(text)


@pytest.mark.parametrize(
    "text", ["Rp 2.273.853.295", "96,19 %", "IKM ≥ 80", "a < b", "Sasaran 1 * catatan", "N/A"]
)
def test_the_scan_leaves_ordinary_text_alone(text: str) -> None:
    assert not _problems(text)
