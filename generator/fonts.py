"""The DejaVu fonts bundled with matplotlib: embedded in PDFs and used to measure chart text.

matplotlib is a pinned dependency, so every machine has the same font files and the PDF
never depends on which system fonts happen to be installed. The package is located without
importing it (importing matplotlib costs ~0.1 s and nothing here needs its code).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path


def _font_dir() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        raise RuntimeError("matplotlib (penyedia huruf DejaVu) tidak terpasang")
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"


FONT_DIR = _font_dir()
SANS = FONT_DIR / "DejaVuSans.ttf"
# Width (in em) assumed for a character the font lacks: about that of a digit.
UNKNOWN_WIDTH = 0.64


@functools.cache
def _advances() -> dict[str, float]:
    """Advance width of every character of DejaVu Sans, in em."""
    from fontTools.ttLib import TTFont

    with TTFont(SANS, lazy=True) as font:
        metrics = font["hmtx"]
        units = font["head"].unitsPerEm
        return {chr(code): metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}


def text_width(text: str, size: float) -> float:
    """The width of ``text`` set in DejaVu Sans at ``size`` pixels."""
    advances = _advances()
    return size * sum(advances.get(char, UNKNOWN_WIDTH) for char in text)
