"""Every internal link and anchor on the example sites resolves; commands never touch data/;
an interrupted build leaves the published site intact."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.cli import main
from tests.conftest import DATA, MINIMAL


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.hyperlinks: set[str] = set()  # href of <a>: followed by the reader, never loaded

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            target = values.get(name)
            if target and (tag != "link" or name == "href"):
                self.links.append(target)
                if tag == "a":
                    self.hyperlinks.add(target)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _outward(link: str) -> bool:
    """A footer hyperlink to leave the site by: phone, mail, or a government (.go.id) site."""
    parts = urlsplit(link)
    if parts.scheme in ("tel", "mailto"):
        return True
    return parts.scheme == "https" and (parts.hostname or "").endswith(".go.id")


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    cache: dict[Path, _Links] = {}
    broken = []
    pages = list(built_site.rglob("*.html"))
    for page in pages:
        parsed = cache.setdefault(page, _parse(page))
        for link in parsed.links:
            parts = urlsplit(link)
            if link in parsed.hyperlinks and _outward(link):
                continue  # the footer's contact and complaint links
            if parts.scheme or link.startswith("//") or link.startswith("mailto:"):
                broken.append(f"{page}: external {link}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = cache.setdefault(target, _parse(target)).ids
                if unquote(parts.fragment) not in ids and parts.fragment not in ("", "__search"):
                    broken.append(
                        f"{page.relative_to(built_site)}: #{parts.fragment} in {target.name}"
                    )
    assert broken == [], "\n".join(broken[:20])
    assert len(pages) > 30


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_commands_never_modify_data(tmp_path: Path) -> None:
    before = _digest(DATA)
    assert main(["validate", str(DATA)]) == 0
    assert main(["hitung", str(DATA / "rembang" / "sumber")]) == 0
    assert (
        main(
            [
                "build",
                str(DATA),
                "--keluaran",
                str(tmp_path / "site"),
                "--kecamatan",
                "jombang/perak",
            ]
        )
        == 0
    )
    assert (
        main(
            ["paket", "rembang/kragan", "--data", str(DATA), "--keluaran", str(tmp_path / "k.zip")]
        )
        == 0
    )
    assert _digest(DATA) == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_killed_build_leaves_the_published_site_intact(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 0
    before = _digest(out)
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(data_dir), "--keluaran", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        p.name.startswith(".site.baru-") for p in tmp_path.iterdir()
    ):
        time.sleep(0.02)
    time.sleep(0.3)  # well inside the MkDocs stage
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert _digest(out) == before
    # the next build still succeeds and replaces the site completely
    assert main(["build", str(data_dir), "--keluaran", str(out)]) == 0
    assert (out / "contoh/alpha/2024/index.html").is_file()
    assert MINIMAL.exists()
