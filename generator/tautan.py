"""Stage 5: every link of a built site leads somewhere, or the build fails, located.

Two sources of links, two checks, both in the build step of each site:

* links in the Markdown of the pages (templates, including a kecamatan's ``templat/``
  overrides, and hand-written pages): MkDocs validates them and logs a warning;
  :func:`mkdocs_issues` turns each warning into an Indonesian issue naming the page's source
  file and the link;
* links in narratives: a narrative reaches MkDocs as a block of sanitised HTML, which MkDocs
  leaves alone, so :func:`narrative_link_issues` checks each relative ``href``/``src``
  against the built site's files and their ``id`` anchors, and names the narrative file,
  line and column.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.dokumen import NarasiTerbit
from generator.errors import Issue, display_path
from generator.site import Site

# The shapes of MkDocs 1.6's link warnings (mkdocs/structure/pages.py).
_LINK = re.compile(
    r"Doc file '(?P<page>[^']*)' contains (?P<kind>a link|an absolute link|"
    r"an unrecognized relative link) '(?P<link>[^']*)'(?P<rest>.*)",
    re.DOTALL,
)
_OMITTED = re.compile(
    r"The following pages exist in the docs directory, but are not included in the "
    r'"nav" configuration:\n(?P<pages>.*)',
    re.DOTALL,
)
_SUGGESTION = re.compile(r"Did you mean '([^']*)'\?")


def mkdocs_issues(site: Site, warnings: Iterable[str]) -> list[Issue]:
    """One located issue per warning MkDocs logged while building ``site``."""
    return [_mkdocs_issue(site, w) for w in warnings]


def _mkdocs_issue(site: Site, warning: str) -> Issue:
    match = _LINK.fullmatch(warning.strip())
    if match is None:
        omitted = _OMITTED.match(warning)
        if omitted:
            pages = ", ".join(omitted["pages"].replace("  - ", "").split())
            message = f"halaman tidak tercantum di navigasi (tata-letak.yaml): {pages}"
        else:
            message = f"MkDocs memperingatkan: {warning.strip()}"
        return Issue(f"situs {site.slug}", 1, 1, "", message)
    page, link, rest = match["page"], match["link"], match["rest"]
    if match["kind"] == "an absolute link":
        problem = "adalah tautan absolut (diawali '/'), yang putus bila situs tidak di akar domain"
    elif match["kind"] == "an unrecognized relative link":
        problem = "tidak menuju berkas mana pun (tulis nama halamannya, mis. 'bab-1.md')"
    elif "anchor" in rest:
        problem = f"menuju jangkar '#{link.partition('#')[2]}' yang tidak ada pada halaman tujuan"
    else:
        problem = "menuju halaman yang tidak ada di situs"
    suggestion = _SUGGESTION.search(rest)
    if suggestion:
        problem += f"; mungkin maksudnya '{suggestion[1]}'"
    return _located(site, page, link, f"tautan '{link}' di halaman {page} {problem}")


def _located(site: Site, page: str, link: str, message: str) -> Issue:
    """The issue at the line of the page's source where ``link`` is written (line 1 when the
    template builds it from pieces)."""
    source = site.sumber.get(page)
    if source is None:
        return Issue(f"{site.slug}/{page}", 1, 1, "", message)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        text = ""
    line, column = _position(text, link)
    return Issue(display_path(source), line, column, "", f"situs {site.slug}: {message}")


def _position(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        column = line.find(needle)
        if column >= 0:
            return number, column + 1
    return 1, 1


def narrative_link_issues(site: Site, target: Path) -> list[Issue]:
    """The links of ``site``'s narratives that lead nowhere in the site built in ``target``."""
    issues: list[Issue] = []
    anchors = _Anchors(target)
    for page, text in sorted(site.pages.items()):
        built = posixpath.splitext(page)[0] + ".html"
        for narasi in site.narasi:
            if narasi.html and narasi.html in text:
                issues += _check(narasi, built, anchors)
    return sorted(set(issues))


def _check(narasi: NarasiTerbit, page: str, anchors: _Anchors) -> Iterator[Issue]:
    for link in _links(narasi.html):
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            continue  # another site (the sanitiser allowed its scheme)
        problem = _problem(page, unquote(parts.path), unquote(parts.fragment), anchors)
        if problem:
            line, column = _position(narasi.teks, link)
            message = f"tautan '{link}' {problem} (narasi ini tampil di halaman {page})"
            yield Issue(narasi.berkas, line, column, "", message)


def _problem(page: str, path: str, fragment: str, anchors: _Anchors) -> str | None:
    """What is wrong with a link from built ``page`` to ``path#fragment``, if anything."""
    if path.startswith("/"):
        return "adalah tautan absolut (diawali '/'), yang putus bila situs tidak di akar domain"
    goal = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if goal == ".." or goal.startswith("../"):
        return "menuju ke luar situs kecamatan ini"
    if not anchors.exists(goal):
        html = posixpath.splitext(goal)[0] + ".html"
        if goal.endswith(".md") and anchors.exists(html):
            return f"menuju '{path}'; di narasi tulis halaman dengan akhiran .html, mis. '{posixpath.splitext(path)[0]}.html'"
        return "menuju halaman atau berkas yang tidak ada di situs"
    if fragment and fragment not in anchors.of(goal):
        return f"menuju jangkar '#{fragment}' yang tidak ada pada halaman {goal}"
    return None


class _Anchors:
    """The files of a built site and the ``id``s of its pages, read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._ids: dict[str, frozenset[str]] = {}

    def exists(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def of(self, rel: str) -> frozenset[str]:
        if rel not in self._ids:
            parser = _Collector(("id",), ())
            if rel.endswith(".html"):
                parser.feed((self.root / rel).read_text(encoding="utf-8"))
            self._ids[rel] = frozenset(parser.found)
        return self._ids[rel]


def _links(html: str) -> list[str]:
    parser = _Collector(("href", "src"), ("a", "img"))
    parser.feed(html)
    return parser.found


class _Collector(HTMLParser):
    """Collects the values of some attributes (of some elements; of all when none named)."""

    def __init__(self, attributes: tuple[str, ...], elements: tuple[str, ...]) -> None:
        super().__init__()
        self.attributes, self.elements = attributes, elements
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.elements and tag not in self.elements:
            return
        self.found += [v for k, v in attrs if k in self.attributes and v is not None]
