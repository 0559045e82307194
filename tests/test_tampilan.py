"""Every page of the built example sites as a reader sees it, on a phone and on a laptop.

One Debian Chromium, one tab per screen size reused for every page. On each page:
- nothing sticks out sideways: the page never scrolls horizontally, and no element of the
  content lies outside the screen unless it is inside a scroll container (a code block);
- every table cell is fully visible (a table never hides a column behind a scroll edge),
  its text is not clipped (scrollWidth within clientWidth, no ellipsis), no word is split
  over two lines ("Efi-sie-n" in a squeezed column) and a number in a body cell never wraps
  onto a second line (a column header may);
- chart text (SVG, inline or as <img>) is rendered at 12 CSS px or more.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM, browser, server

__all__ = ["browser", "server"]  # pytest fixtures, imported for this module

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"
)

SCREENS = {"ponsel": (390, 844), "laptop": (1366, 900)}
SMALLEST_CHART_TEXT = 12.0  # CSS px

# Returns a list of problems, each one line in words a maintainer can act on.
CHECK = """
async (smallest) => {
  const out = [];
  const vw = window.innerWidth;
  const name = (el) => {
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === "string"
      ? " ." + el.className.trim().split(/\\s+/).join(".") : ""}> "${text}"`;
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width >= 2 && r.height >= 2 && getComputedStyle(el).visibility !== "hidden";
  };
  const scroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if (x === "auto" || x === "scroll") return a;
    }
    return null;
  };
  const width = document.scrollingElement.scrollWidth;
  if (width > vw) out.push(`halaman menggeser ke samping: lebar ${width} px > layar ${vw} px`);

  for (const cell of document.querySelectorAll(".md-content td, .md-content th")) {
    if (!shown(cell)) continue;
    const r = cell.getBoundingClientRect();
    const box = cell.closest(".lkjip-tabel") || document.querySelector(".md-content");
    const b = box.getBoundingClientRect();
    if (r.left < Math.max(0, b.left) - 1 || r.right > Math.min(vw, b.right) + 1) {
      out.push(`sel tersembunyi di luar tabel/layar (${Math.round(r.left)}–${Math.round(r.right)} px): ${name(cell)}`);
    }
    if (cell.scrollWidth > cell.clientWidth + 1) {
      out.push(`isi sel terpotong (${cell.scrollWidth} > ${cell.clientWidth} px): ${name(cell)}`);
    }
    for (const el of [cell, ...cell.querySelectorAll("*")]) {
      const s = getComputedStyle(el);
      if (s.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth) {
        out.push(`teks dipotong "…": ${name(el)}`);
      }
    }
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s/\\-–]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].map((q) => Math.round(q.top)));
        if (tops.size > 1) out.push(`kata terpotong "${word[0]}": ${name(cell)}`);
      }
    }
    if (cell.tagName === "TD" && cell.classList.contains("angka") && cell.textContent.trim()) {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const tops = new Set([...range.getClientRects()].map((q) => Math.round(q.top)));
      if (tops.size > 1) out.push(`angka terpecah ke ${tops.size} baris: ${name(cell)}`);
    }
  }

  for (const el of document.querySelectorAll(".md-content *, .md-footer *")) {
    if (!shown(el) || el.closest("td, th")) continue;
    const r = el.getBoundingClientRect();
    if ((r.left < -1 || r.right > vw + 1) && !scroller(el)) {
      out.push(`elemen di luar layar (${Math.round(r.left)}–${Math.round(r.right)} px): ${name(el)}`);
    }
  }

  const textSize = (node) => {
    for (let n = node; n && n.getAttribute; n = n.parentNode) {
      const own = n.style && n.style.fontSize ? n.style.fontSize : n.getAttribute("font-size");
      if (own) return parseFloat(own);
    }
    return 16;
  };
  const drawingWidth = (svg) => {
    const box = (svg.getAttribute("viewBox") || "").trim().split(/[\\s,]+/);
    return box.length === 4 ? parseFloat(box[2]) : parseFloat(svg.getAttribute("width"));
  };
  for (const img of document.querySelectorAll(".md-content img")) {
    if (!/\\.svg($|[?#])/.test(img.getAttribute("src") || "") || !shown(img)) continue;
    const svg = new DOMParser()
      .parseFromString(await (await fetch(img.src)).text(), "image/svg+xml").documentElement;
    const scale = img.getBoundingClientRect().width / drawingWidth(svg);
    const sizes = [...svg.querySelectorAll("text")].map((t) => textSize(t) * scale);
    const least = Math.min(...sizes);
    if (sizes.length && least < smallest - 0.01) {
      out.push(`teks grafik ${least.toFixed(1)} px < ${smallest} px: ${img.getAttribute("src")}`);
    }
  }
  for (const text of document.querySelectorAll(".md-content svg text")) {
    if (!shown(text)) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
    if (size < smallest - 0.01) out.push(`teks grafik ${size.toFixed(1)} px: ${name(text)}`);
  }
  return out;
}
"""


def _pages(site: Path) -> list[str]:
    """Every HTML page of the built sites except MkDocs' own assets and 404 page."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "assets" not in p.relative_to(site).parts and p.name != "404.html"
    )


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    found = _pages(built_site)
    # Guard against a silently empty walk: the portal, kabupaten, comparison and kecamatan pages.
    assert "index.html" in found and "rembang/index.html" in found
    assert "rembang/perbandingan-2024.html" in found
    assert "rembang/sumber/2024/bab-3-akuntabilitas-kinerja.html" in found
    return found


@pytest.fixture(scope="module", params=sorted(SCREENS), ids=sorted(SCREENS))
def tab(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    width, height = SCREENS[request.param]
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    yield page
    page.close()


def test_every_page_is_readable(tab: object, server: str, pages: list[str]) -> None:
    problems = []
    for path in pages:
        response = tab.goto(f"{server}/{path}")  # type: ignore[attr-defined]
        assert response is not None and response.ok, path
        for problem in tab.evaluate(CHECK, SMALLEST_CHART_TEXT):  # type: ignore[attr-defined]
            problems.append(f"{path}: {problem}")
    assert problems == [], f"{len(problems)} masalah:\n" + "\n".join(problems)


def test_comparison_cards_stay_sortable_on_a_phone(browser: object, server: str) -> None:
    """On a phone the sortable table's headers become a row of sort buttons above the cards."""
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(f"{server}/rembang/perbandingan-2024.html")
    names = "table.lkjip-urut tbody tr td:first-child a"
    serapan = page.locator("button.lkjip-urut-tombol", has_text="Serapan")
    box = serapan.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    serapan.click()
    ascending = page.locator(names).all_inner_texts()
    serapan.click()
    descending = page.locator(names).all_inner_texts()
    page.close()
    assert ascending == ["Kecamatan Kragan", "Kecamatan Sumber"]  # serapan 89,07 % < 96,19 %
    assert descending == ascending[::-1]
