"""Static SVG charts, written directly as SVG text at build time (no chart library, no script).

Every chart carries a <title> and <desc> (``role="img"``), is shown with alt text next to its
data table, and labels numbers the Indonesian way. Text stays text: it scales, can be
selected, and the PDF renderer draws it as vector glyphs. Its width is measured with DejaVu
Sans metrics (:mod:`generator.fonts`), the first font the SVG asks for, only to size margins.

Writing the SVG directly takes about a millisecond a chart; matplotlib took ~0.1 s, which was
most of a site's build time at hundreds of kecamatan (see BENCHMARKS.md). Output depends on
the inputs alone, so golden files and the build cache stay stable.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path

from markupsafe import escape

from generator import fonts, formatting
from generator.formatting import angka
from generator.schema.kabupaten import Skala

TARGET_COLOUR = "#9e9e9e"
REAL_COLOUR = "#00796b"
BAND_COLOURS = (
    "#c8e6c9",
    "#dcedc8",
    "#fff9c4",
    "#ffe0b2",
    "#ffcdd2",
    "#ffcdd2",
    "#ffcdd2",
    "#ffcdd2",
)
TEXT_COLOUR = "#212121"
AXIS_COLOUR = "#757575"
GRID_COLOUR = "#e0e0e0"
FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"
# Drawn for a phone: a drawing at most as wide as a 360 px phone's text column is shown at
# 1:1 or larger, so its text is never smaller than these sizes (a reader's phone is the main
# screen; 12 CSS px is the least we accept). Wider screens show it at its own size.
LABEL = 13.0  # px: category labels and panel titles
SMALL = 12.0  # px: tick labels, values and legends
LINE_HEIGHT = 1.25  # em
WIDTH = 328.0  # px: every chart
MARGIN = 8.0  # px: left and right of the drawing
PANEL_WIDTH = WIDTH - 2 * MARGIN  # px: one panel of a small-multiples chart (one a row)
PANEL_COLUMNS = 1
PLOT_HEIGHT = 150.0  # px: the plot area of a panel
TITLE_LINES = 3


@dataclass(frozen=True)
class Grafik:
    """An SVG chart with its accessible title and description."""

    nama: str
    judul: str
    deskripsi: str
    svg: bytes


# A chart drawn with a key carries it in a comment, so the next build can reuse the file
# instead of drawing it again (the portal has hundreds of charts at national scale).
_KEY = re.compile(r"<!-- lkjip-kunci: ([0-9a-f]{64}) -->")
_CODE = hashlib.sha256(
    b"".join(Path(m.__file__ or "").read_bytes() for m in (formatting, fonts))
    + Path(__file__).read_bytes()
).hexdigest()


def chart_key(*inputs: object) -> str:
    """The key of a chart: its inputs, the drawing code and the font it is measured with."""
    text = repr((_CODE, importlib.metadata.version("matplotlib"), inputs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reusable(folder: Path | None, nama: str, key: str) -> bytes | None:
    """The SVG of chart ``nama`` in ``folder`` (a previous build) if it was drawn with ``key``."""
    if folder is None:
        return None
    try:
        svg = (folder / f"{nama}.svg").read_bytes()
    except OSError:
        return None
    found = _KEY.search(svg[:4096].decode("utf-8", "replace"))
    return svg if found and found.group(1) == key else None


def _n(value: float) -> str:
    """A coordinate: one decimal is finer than any screen or printer needs."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


class _Canvas:
    """SVG elements in drawing order (later ones on top); coordinates in px."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(
        self, x: float, y: float, width: float, height: float, fill: str, kind: str = "batang"
    ) -> None:
        """A rectangle; ``kind`` (batang, pita, legenda) names its role for readers of the file."""
        self.parts.append(
            f'<rect class="{kind}" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}"'
            f' height="{_n(height)}" fill="{fill}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = AXIS_COLOUR) -> None:
        self.parts.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}"/>'
        )

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str) -> None:
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="2"/>'
        )

    def circle(self, x: float, y: float, radius: float, fill: str) -> None:
        self.parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}" fill="{fill}"/>')

    def text(
        self,
        x: float,
        y: float,
        lines: str | Sequence[str],
        *,
        size: float = SMALL,
        anchor: str = "start",
    ) -> None:
        """Text whose lines are centred vertically on ``y``."""
        lines = [lines] if isinstance(lines, str) else list(lines)
        step = size * LINE_HEIGHT
        # 0,35 em from the middle of a line down to its baseline, for DejaVu-like fonts.
        first = y - step * (len(lines) - 1) / 2 + size * 0.35
        attrs = f' font-size="{_n(size)}"' + (
            "" if anchor == "start" else f' text-anchor="{anchor}"'
        )
        if len(lines) == 1:
            self.parts.append(f'<text x="{_n(x)}" y="{_n(first)}"{attrs}>{escape(lines[0])}</text>')
            return
        spans = "".join(
            f'<tspan x="{_n(x)}" y="{_n(first + i * step)}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        self.parts.append(f"<text{attrs}>{spans}</text>")

    def grafik(
        self,
        size: tuple[float, float],
        nama: str,
        judul: str,
        deskripsi: str,
        key: str | None = None,
    ) -> Grafik:
        """The finished SVG; screen readers read its <title> and <desc>, referenced by aria."""
        width, height = _n(size[0]), _n(size[1])
        head = f"<!-- lkjip-kunci: {key} -->\n" if key is not None else ""
        svg = (
            f'{head}<svg xmlns="http://www.w3.org/2000/svg" width="{width}"'
            f' height="{height}" viewBox="0 0 {width} {height}" role="img"'
            f' aria-labelledby="{nama}-judul {nama}-desk">\n'
            f'<title id="{nama}-judul">{escape(judul)}</title>\n'
            f'<desc id="{nama}-desk">{escape(deskripsi)}</desc>\n'
            f'<rect class="latar" width="{width}" height="{height}" fill="#ffffff"/>\n'
            f'<g font-family="{FONT_FAMILY}" fill="{TEXT_COLOUR}">\n'
            + "\n".join(self.parts)
            + "\n</g>\n</svg>\n"
        )
        return Grafik(nama, judul, deskripsi, svg.encode("utf-8"))


@dataclass(frozen=True)
class _Axis:
    """A linear value axis whose ticks are 1, 2, 2,5 or 5 × 10ⁿ apart and cover the data."""

    ticks: tuple[Decimal, ...]
    places: int

    def at(self, value: Decimal, start: float, end: float) -> float:
        """The position of ``value`` when the axis runs from ``start`` to ``end`` (px)."""
        lo, hi = float(self.ticks[0]), float(self.ticks[-1])
        return start + (float(value) - lo) / (hi - lo) * (end - start)

    def label(self, tick: Decimal, suffix: str = "") -> str:
        return angka(tick, self.places) + suffix


STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def _axis(values: Iterable[Decimal | None], *, also: Sequence[Decimal] = (Decimal(0),)) -> _Axis:
    """An axis holding every known value and ``also`` (zero: bars start there) in ~4 steps
    (few enough that tick labels do not touch on a phone-wide drawing)."""
    known = [v for v in values if v is not None] + list(also) or [Decimal(0)]
    lo, hi = min(known), max(known)
    if lo == hi:
        hi = lo + 1
    raw = (hi - lo) / 4
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(m * magnitude for m in STEPS if m * magnitude >= raw)
    first = (lo / step).to_integral_value(ROUND_FLOOR) * step
    last = (hi / step).to_integral_value(ROUND_CEILING) * step
    count = int((last - first) / step)
    exponent = step.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return _Axis(tuple(first + i * step for i in range(count + 1)), places)


def _wrap_px(text: str, width: float, size: float, most: int = TITLE_LINES) -> list[str]:
    """Words in lines at most ``width`` px wide when set at ``size`` px (a single word longer
    than that stays whole), at most ``most`` lines (then "…")."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and fonts.text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    if len(lines) > most:
        lines = [*lines[: most - 1], lines[most - 1] + " …"]
    return lines


def _widest(texts: Iterable[str], size: float) -> float:
    return max((fonts.text_width(t, size) for t in texts), default=0.0)


def _num(value: Decimal | None, places: int) -> str:
    return "N/A" if value is None else angka(value, places)


# Horizontal bar charts -----------------------------------------------------------------


@dataclass(frozen=True)
class _Bar:
    """One bar: its value (None draws none), colour and the text printed at its end."""

    value: Decimal | None
    colour: str
    teks: str | None = None


@dataclass(frozen=True)
class _Band:
    """A coloured range behind the bars, e.g. a category of the capaian scale."""

    start: Decimal | None
    end: Decimal | None
    colour: str


def _horizontal(
    rows: Sequence[tuple[str, Sequence[_Bar]]],
    *,
    suffix: str = "",
    bands: Sequence[_Band] = (),
    also: Sequence[Decimal] = (Decimal(0),),
    x_title: str | None = None,
    legend: Sequence[tuple[str, str]] = (),
) -> tuple[_Canvas, float]:
    """Categories one under another, each its name (across the drawing) above its bars, and
    a value axis along the bottom. Names above rather than beside the bars leave the bars
    the full width of a phone-wide drawing.

    Returns the drawing and its height (the width is :data:`WIDTH`).
    """
    axis = _axis((bar.value for _, bars in rows for bar in bars), also=also)
    texts = [bar.teks for _, bars in rows for bar in bars if bar.teks]
    negative = any(bar.value is not None and bar.value < 0 for _, bars in rows for bar in bars)
    end_room = _widest(texts, SMALL) + 8
    tick_room = _widest([axis.label(axis.ticks[-1], suffix)], SMALL) / 2 + 4
    first_tick = _widest([axis.label(axis.ticks[0], suffix)], SMALL) / 2 + 2
    left = MARGIN + max(end_room if negative else 0, first_tick)
    right = WIDTH - max(end_room, tick_room)
    # Names start just right of the zero line, which would otherwise cross their first letter.
    name_x = MARGIN if negative else left + 4
    labels = [_wrap_px(label, WIDTH - MARGIN - name_x, LABEL) for label, _ in rows]
    per_row = max(len(bars) for _, bars in rows)
    thickness = 16.0 if per_row == 1 else 14.0
    name_heights = [LABEL * LINE_HEIGHT * len(lines) + 2 for lines in labels]
    heights = [name + thickness * per_row + 10 for name in name_heights]
    top, bottom = 8.0, 8.0 + sum(heights)

    def x(value: Decimal) -> float:
        return axis.at(value, left, right)

    canvas = _Canvas()
    for band in bands:
        start = max(band.start if band.start is not None else axis.ticks[0], axis.ticks[0])
        end = min(band.end if band.end is not None else axis.ticks[-1], axis.ticks[-1])
        if start < end:
            canvas.rect(x(start), top, x(end) - x(start), bottom - top, band.colour, "pita")
    for tick in axis.ticks:
        canvas.line(x(tick), top, x(tick), bottom, AXIS_COLOUR if tick == 0 else GRID_COLOUR)
        canvas.line(x(tick), bottom, x(tick), bottom + 4)
        canvas.text(x(tick), bottom + 12, axis.label(tick, suffix), anchor="middle")
    canvas.line(left, bottom, right, bottom)
    y = top
    for (_, bars), lines, name, height in zip(rows, labels, name_heights, heights, strict=True):
        canvas.text(name_x, y + 4 + name / 2, lines, size=LABEL)
        first = y + 4 + name
        for i, bar in enumerate(bars):
            _hbar(canvas, bar, x, first + i * thickness, thickness)
        y += height
    height = bottom + 24
    if x_title:
        canvas.text((left + right) / 2, height + 2, x_title, anchor="middle")
        height += 18
    if legend:
        height = _legend(canvas, legend, left, height + 4)
    return canvas, height + 6


def _hbar(
    canvas: _Canvas, bar: _Bar, x: Callable[[Decimal], float], top: float, thickness: float
) -> None:
    zero = x(Decimal(0))
    end = zero if bar.value is None else x(bar.value)
    if bar.value is not None:
        canvas.rect(min(zero, end), top + 1, abs(end - zero), thickness - 2, bar.colour)
    if bar.teks:
        before = bar.value is not None and bar.value < 0
        canvas.text(
            end - 4 if before else end + 4,
            top + thickness / 2,
            bar.teks,
            anchor="end" if before else "start",
        )


def _legend(canvas: _Canvas, items: Sequence[tuple[str, str]], left: float, top: float) -> float:
    """Colour swatches with their labels, in as many rows as needed; returns the bottom."""
    x, y = left, top
    for colour, label in items:
        width = 16 + fonts.text_width(label, SMALL)
        if x > left and x + width > WIDTH - MARGIN:
            x, y = left, y + 18
        canvas.rect(x, y, 12, 12, colour, "legenda")
        canvas.text(x + 16, y + 6, label)
        x += width + 16
    return y + 18


# Small multiples ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Panel:
    """The frame of one panel of a small-multiples chart: title above, plot area below."""

    left: float
    top: float
    axis: _Axis
    title_lines: int

    @functools.cached_property
    def plot_left(self) -> float:
        return self.left + _widest([self.axis.label(t) for t in self.axis.ticks], SMALL) + 10

    @property
    def plot_right(self) -> float:
        return self.left + PANEL_WIDTH - 14

    @property
    def plot_top(self) -> float:  # room for the title and for values printed above the data
        return self.top + _title_height(self.title_lines)

    @property
    def plot_bottom(self) -> float:
        return self.plot_top + PLOT_HEIGHT

    def y(self, value: Decimal) -> float:
        return self.axis.at(value, self.plot_bottom, self.plot_top)

    def slots(self, count: int) -> list[float]:
        """The centres of ``count`` evenly spaced categories along the bottom."""
        width = (self.plot_right - self.plot_left) / count
        return [self.plot_left + width * (i + 0.5) for i in range(count)]


def _title_height(lines: int) -> float:
    """Room above a panel's plot: its title and the values printed above the data."""
    return lines * LABEL * LINE_HEIGHT + 24


def _panel_height(lines: int) -> float:
    return _title_height(lines) + PLOT_HEIGHT + 40  # room below for the category names


def _panels(canvas: _Canvas, titles: Sequence[str], axes: Sequence[_Axis]) -> list[_Panel]:
    """Lay out one panel per title, :data:`PANEL_COLUMNS` to a row, with title and value axis."""
    wrapped = [_wrap_px(title, PANEL_WIDTH - 8, LABEL) for title in titles]
    most = max(len(lines) for lines in wrapped)
    panels = []
    for i, (lines, axis) in enumerate(zip(wrapped, axes, strict=True)):
        row, column = divmod(i, PANEL_COLUMNS)
        panel = _Panel(
            MARGIN + column * PANEL_WIDTH, 8 + row * _panel_height(most), axis, most
        )
        canvas.text(
            panel.left + PANEL_WIDTH / 2,
            panel.top + LABEL * LINE_HEIGHT * len(lines) / 2,
            lines,
            size=LABEL,
            anchor="middle",
        )
        for tick in axis.ticks:
            colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
            canvas.line(panel.plot_left, panel.y(tick), panel.plot_right, panel.y(tick), colour)
            canvas.text(panel.plot_left - 6, panel.y(tick), axis.label(tick), anchor="end")
        canvas.line(panel.plot_left, panel.plot_top, panel.plot_left, panel.plot_bottom)
        panels.append(panel)
    return panels


def _panels_size(panels: Sequence[_Panel]) -> tuple[float, float]:
    rows = -(-len(panels) // PANEL_COLUMNS)
    width = 2 * MARGIN + min(len(panels), PANEL_COLUMNS) * PANEL_WIDTH
    return width, 16 + rows * _panel_height(panels[0].title_lines)


# The charts -----------------------------------------------------------------------------


def target_realisasi(
    nama: str, judul: str, rows: Sequence[tuple[str, Decimal | None, Decimal | None, int]]
) -> Grafik:
    """Small multiples: per indicator, a target bar and a realisasi bar (units differ)."""
    canvas = _Canvas()
    axes = [_axis([target, real]) for _, target, real, _ in rows]
    panels = _panels(canvas, [label for label, *_ in rows], axes)
    parts = []
    for panel, (label, target, real, places) in zip(panels, rows, strict=True):
        slots = panel.slots(2)
        width = (slots[1] - slots[0]) * 0.6
        zero = panel.y(Decimal(0))
        for centre, name, value, colour in zip(
            slots,
            ("Target", "Realisasi"),
            (target, real),
            (TARGET_COLOUR, REAL_COLOUR),
            strict=True,
        ):
            end = zero if value is None else panel.y(value)
            if value is not None:
                canvas.rect(centre - width / 2, min(zero, end), width, abs(zero - end), colour)
            canvas.text(centre, min(zero, end) - 9, _num(value, places), anchor="middle")
            canvas.text(centre, panel.plot_bottom + 14, name, anchor="middle")
        parts.append(f"{label}: target {_num(target, places)}, realisasi {_num(real, places)}")
    return canvas.grafik(_panels_size(panels), nama, judul, "; ".join(parts) + ".")


def tren(
    nama: str, judul: str, series: Sequence[tuple[str, Sequence[tuple[int, Decimal | None]], int]]
) -> Grafik:
    """Small multiples of realisasi across years, one panel per indicator."""
    canvas = _Canvas()
    axes = [_axis([v for _, v in points], also=()) for _, points, _ in series]
    panels = _panels(canvas, [label for label, *_ in series], axes)
    parts = []
    for panel, (label, points, places) in zip(panels, series, strict=True):
        slots = panel.slots(len(points))
        known = [
            (x, panel.y(value), value)
            for x, (_, value) in zip(slots, points, strict=True)
            if value is not None
        ]
        canvas.polyline([(x, y) for x, y, _ in known], REAL_COLOUR)
        for x, y, value in known:
            canvas.circle(x, y, 3.5, REAL_COLOUR)
            canvas.text(x, y - 11, angka(value, places), anchor="middle")
        for x, (year, _) in zip(slots, points, strict=True):
            canvas.text(x, panel.plot_bottom + 14, str(year), anchor="middle")
        parts.append(f"{label}: " + ", ".join(f"{y} {_num(v, places)}" for y, v in points))
    return canvas.grafik(_panels_size(panels), nama, judul, "; ".join(parts) + ".")


def capaian_pita(
    nama: str, judul: str, rows: Sequence[tuple[str, Decimal | None]], skala: Skala, places: int
) -> Grafik:
    """Horizontal capaian bars drawn over the category bands of the scale."""
    colours = [BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)] for i in range(len(skala.pita))]
    bands = [
        _Band(
            band.di_atas if band.di_atas is not None else band.mulai,
            band.sampai if band.sampai is not None else band.di_bawah,
            colour,
        )
        for band, colour in zip(skala.pita, colours, strict=True)
    ]
    canvas, height = _horizontal(
        [(label, [_Bar(value, REAL_COLOUR, f"{_num(value, places)} %")]) for label, value in rows],
        suffix=" %",
        bands=bands,
        also=(Decimal(0), Decimal(100)),
        legend=[(c, band.label) for c, band in zip(colours, skala.pita, strict=True)],
    )
    description = "; ".join(f"{label}: {_num(value, places)} %" for label, value in rows)
    return canvas.grafik(
        (WIDTH, height),
        nama,
        judul,
        f"Capaian per indikator dengan latar pita kategori {skala.nama}. {description}.",
    )


def _juta(rupiah: int) -> str:
    """Rupiah in millions with one decimal, as printed at the end of a budget bar."""
    return angka(Decimal(rupiah) / Decimal(1_000_000), 1)


def anggaran_program(nama: str, judul: str, rows: Sequence[tuple[str, int, int]]) -> Grafik:
    """Pagu vs realisasi per program, horizontal bars in millions of Rupiah; each pagu
    bar ends with its share of the total, so a Rp 10 million program next to a Rp 2
    billion one reads "10,0 (0,4 %)" rather than being a sliver."""
    million = Decimal(1_000_000)
    total = sum(pagu for _, pagu, _ in rows)
    canvas, height = _horizontal(
        [
            (
                label,
                [  # the figures at the bars' ends: a small program is not just a sliver
                    _Bar(Decimal(pagu) / million, TARGET_COLOUR, _juta(pagu) + _share(pagu, total)),
                    _Bar(Decimal(real) / million, REAL_COLOUR, _juta(real)),
                ],
            )
            for label, pagu, real in rows
        ],
        x_title="Juta rupiah",
        legend=[(TARGET_COLOUR, "Pagu"), (REAL_COLOUR, "Realisasi")],
    )
    description = "; ".join(
        f"{label}: pagu Rp {angka(pagu)}, realisasi Rp {angka(real)}" for label, pagu, real in rows
    )
    return canvas.grafik((WIDTH, height), nama, judul, _porsi_terbesar(rows) + description + ".")


def _share(pagu: int, total: int) -> str:
    if not total:
        return ""
    return f" ({angka(Decimal(pagu) * Decimal(100) / Decimal(total), 1)} %)"


def _porsi_terbesar(rows: Sequence[tuple[str, int, int]]) -> str:
    """The answer first, for a screen reader: which program holds the largest share."""
    total = sum(pagu for _, pagu, _ in rows)
    if not total:
        return ""
    label, pagu, _ = max(rows, key=lambda r: r[1])
    share = Decimal(pagu) * Decimal(100) / Decimal(total)
    return f"Porsi terbesar: {angka(share, 2)} % dari pagu untuk {label}. "


def batang(
    nama: str,
    judul: str,
    rows: Sequence[tuple[str, Decimal | None]],
    satuan: str,
    places: int = 2,
    previous: Path | None = None,
) -> Grafik:
    """A simple horizontal bar chart (e.g. one figure across kecamatan).

    With ``previous`` (the folder holding this chart from the last build), the chart is
    reused from there when its inputs have not changed.
    """
    texts = [
        f"{_num(value, places)} {satuan}".strip() if value is not None else "N/A"
        for _, value in rows
    ]
    description = "; ".join(
        f"{label}: {text}" for (label, _), text in zip(rows, texts, strict=True)
    )
    key = chart_key("batang", nama, judul, tuple(rows), satuan, places)
    old = reusable(previous, nama, key)
    if old is not None:
        return Grafik(nama, judul, description + ".", old)
    canvas, height = _horizontal(
        [
            (label, [_Bar(value, REAL_COLOUR, text)])
            for (label, value), text in zip(rows, texts, strict=True)
        ]
    )
    return canvas.grafik(
        (WIDTH, height), nama, judul, description + ".", key if previous is not None else None
    )


# Every chart year_charts may draw, by name, with what it shows (Indonesian: printed in
# docs/templat.md). A year page places one with {{ gambar(grafik.get("capaian")) }}; a test
# fails when year_charts draws a name missing here.
GRAFIK_TAHUN = {
    "target-realisasi": "Target dan realisasi setiap indikator kinerja utama; ada bila ada indikator Perjanjian Kinerja.",
    "capaian": "Capaian setiap indikator kinerja utama dengan latar pita kategori skala capaian.",
    "anggaran": "Pagu dan realisasi anggaran per program; ada bila ada program beranggaran.",
    "tren": "Realisasi indikator kinerja utama dari tahun ke tahun; ada bila realisasi tahun sebelumnya tercatat.",
}


def year_charts(hasil: object, skala: Skala, desimal: int) -> list[Grafik]:
    """The charts of one report year: targets, capaian over bands, budget, trends."""
    from generator.compute.report import HasilLaporan

    assert isinstance(hasil, HasilLaporan)
    out = []
    headline = hasil.indikator_pk
    if headline:
        rows = [
            (u.nama, u.target if isinstance(u.target, Decimal) else None, u.realisasi, u.desimal)
            for u in headline
        ]
        out.append(
            target_realisasi(
                "target-realisasi",
                f"Target dan realisasi indikator kinerja utama {hasil.tahun}",
                rows,
            )
        )
        bars = [(u.nama, u.capaian.nilai) for u in headline]
        out.append(
            capaian_pita(
                "capaian",
                f"Capaian indikator kinerja {hasil.tahun} terhadap pita kategori",
                bars,
                skala,
                desimal,
            )
        )
    budgets = [
        (f"{p.kode} {p.nama}", p.dana.pagu, p.dana.realisasi)
        for p in hasil.program
        if p.dana is not None
    ]
    if budgets:
        out.append(
            anggaran_program(
                "anggaran", f"Pagu dan realisasi anggaran per program {hasil.tahun}", budgets
            )
        )
    series = [
        (
            u.nama,
            [*((h.tahun, h.realisasi) for h in u.riwayat), (hasil.tahun, u.realisasi)],
            u.desimal,
        )
        for u in headline
        if any(h.realisasi is not None for h in u.riwayat)
    ]
    if series:
        out.append(tren("tren", f"Realisasi indikator kinerja utama sampai {hasil.tahun}", series))
    return out
