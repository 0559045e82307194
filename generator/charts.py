"""Static SVG charts rendered at build time with matplotlib (no chart library in the browser).

Every chart carries a <title> and <desc> inside the SVG, is shown with alt text and next
to its data table; labels use Indonesian number formatting. Output is deterministic
(fixed hash salt, no date metadata) so golden files and caches stay stable.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

from generator import formatting
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


@functools.cache
def _pyplot() -> Any:
    """matplotlib's pyplot, configured; imported on first use, since a build that reuses every
    chart (or a command that draws none) should not pay ~0.3 s to import it."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render files only
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "lkjip",
            "svg.fonttype": "path",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


@dataclass(frozen=True)
class Grafik:
    """An SVG chart with its accessible title and description."""

    nama: str
    judul: str
    deskripsi: str
    svg: bytes


def _fmt(places: int) -> FuncFormatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: angka(Decimal(str(value)), places))


# A chart drawn with a key carries it in a comment, so the next build can reuse the file
# instead of drawing it again (matplotlib takes ~0.15 s a chart; the portal has hundreds).
_KEY = re.compile(r"<!-- lkjip-kunci: ([0-9a-f]{64}) -->")
_CODE = hashlib.sha256(
    Path(__file__).read_bytes() + Path(formatting.__file__).read_bytes()
).hexdigest()


def chart_key(*inputs: object) -> str:
    """The key of a chart: its inputs, this module's code and the matplotlib version."""
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


def _finish(fig: Figure, nama: str, judul: str, deskripsi: str, key: str | None = None) -> Grafik:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(fig)
    svg = buffer.getvalue().decode("utf-8")
    if key is not None:
        svg = re.sub(
            r"(<svg[^>]*>)", lambda m: f"<!-- lkjip-kunci: {key} -->\n{m.group(1)}", svg, count=1
        )
    # Screen readers read <title>/<desc> of an SVG; put them first, referenced by aria.
    accessible = (
        f'<svg role="img" aria-labelledby="{nama}-judul {nama}-desk"'
        f'\\1><title id="{nama}-judul">{escape(judul)}</title>'
        f'<desc id="{nama}-desk">{escape(deskripsi)}</desc>'
    )
    svg = re.sub(r"<svg([^>]*)>", lambda m: accessible.replace("\\1", m.group(1)), svg, count=1)
    return Grafik(nama, judul, deskripsi, svg.encode("utf-8"))


def target_realisasi(
    nama: str, judul: str, rows: Sequence[tuple[str, Decimal | None, Decimal | None, int]]
) -> Grafik:
    """Small multiples: per indicator, a target bar and a realisasi bar (units differ)."""
    fig, axes = _pyplot().subplots(
        1, len(rows), figsize=(2.4 * len(rows) + 0.6, 2.8), squeeze=False
    )
    parts = []
    for ax, (label, target, real, places) in zip(axes[0], rows, strict=True):
        values = [float(target or 0), float(real or 0)]
        bars = ax.bar(["Target", "Realisasi"], values, color=[TARGET_COLOUR, REAL_COLOUR])
        ax.set_title(_wrap(label, 24), fontsize=8)
        ax.yaxis.set_major_formatter(_fmt(0))
        for bar, value in zip(bars, (target, real), strict=True):
            text = "N/A" if value is None else angka(value, places)
            ax.annotate(
                text,
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
            )
        parts.append(f"{label}: target {_num(target, places)}, realisasi {_num(real, places)}")
    return _finish(fig, nama, judul, "; ".join(parts) + ".")


def capaian_pita(
    nama: str, judul: str, rows: Sequence[tuple[str, Decimal | None]], skala: Skala, places: int
) -> Grafik:
    """Horizontal capaian bars drawn over the category bands of the scale."""
    values = [float(v) if v is not None else 0.0 for _, v in rows]
    top = max([*values, 100.0]) * 1.12
    fig, ax = _pyplot().subplots(figsize=(7.5, 0.55 * len(rows) + 1.4))
    _bands(ax, skala, top)
    ax.barh([_wrap(label, 40) for label, _ in rows], values, color=REAL_COLOUR, height=0.5)
    ax.invert_yaxis()
    ax.set_xlim(0, top)
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{angka(Decimal(str(v)), 0)} %"))
    for i, (_, value) in enumerate(rows):
        ax.annotate(
            "N/A" if value is None else f"{angka(value, places)} %",
            (float(value or 0), i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=min(len(skala.pita), 5),
        fontsize=7,
        frameon=False,
    )
    description = "; ".join(f"{label}: {_num(value, places)} %" for label, value in rows)
    return _finish(
        fig,
        nama,
        judul,
        f"Capaian per indikator dengan latar pita kategori {skala.nama}. {description}.",
    )


def _bands(ax: Axes, skala: Skala, top: float) -> None:
    for i, band in enumerate(skala.pita):
        low = band.di_atas if band.di_atas is not None else band.mulai
        high = band.sampai if band.sampai is not None else band.di_bawah
        start = float(low) if low is not None else 0.0
        end = float(high) if high is not None else top
        ax.axvspan(
            max(start, 0.0),
            min(end, top),
            color=BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)],
            alpha=0.8,
            label=band.label,
            lw=0,
        )


def anggaran_program(nama: str, judul: str, rows: Sequence[tuple[str, int, int]]) -> Grafik:
    """Pagu vs realisasi per program, horizontal bars in millions of Rupiah."""
    fig, ax = _pyplot().subplots(figsize=(7.5, 0.7 * len(rows) + 1.2))
    labels = [_wrap(label, 40) for label, _, _ in rows]
    positions = range(len(rows))
    ax.barh(
        [p - 0.2 for p in positions],
        [pagu / 1e6 for _, pagu, _ in rows],
        height=0.4,
        color=TARGET_COLOUR,
        label="Pagu",
    )
    ax.barh(
        [p + 0.2 for p in positions],
        [real / 1e6 for _, _, real in rows],
        height=0.4,
        color=REAL_COLOUR,
        label="Realisasi",
    )
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_fmt(0))
    ax.set_xlabel("Juta rupiah")
    ax.legend(fontsize=7)
    description = "; ".join(
        f"{label}: pagu Rp {angka(pagu)}, realisasi Rp {angka(real)}" for label, pagu, real in rows
    )
    return _finish(fig, nama, judul, description + ".")


def tren(
    nama: str, judul: str, series: Sequence[tuple[str, Sequence[tuple[int, Decimal | None]], int]]
) -> Grafik:
    """Small multiples of realisasi across years, one panel per indicator."""
    fig, axes = _pyplot().subplots(
        1, len(series), figsize=(2.6 * len(series) + 0.6, 2.6), squeeze=False
    )
    parts = []
    for ax, (label, points, places) in zip(axes[0], series, strict=True):
        known = [(year, value) for year, value in points if value is not None]
        ax.plot([y for y, _ in known], [float(v) for _, v in known], marker="o", color=REAL_COLOUR)
        ax.set_xticks([y for y, _ in points], [str(y) for y, _ in points])
        ax.yaxis.set_major_formatter(_fmt(places if places < 2 else 1))
        ax.set_title(_wrap(label, 26), fontsize=8)
        parts.append(f"{label}: " + ", ".join(f"{y} {_num(v, places)}" for y, v in points))
    return _finish(fig, nama, judul, "; ".join(parts) + ".")


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
    description = "; ".join(
        f"{label}: {_num(value, places)} {satuan}".strip() for label, value in rows
    )
    key = chart_key("batang", nama, judul, tuple(rows), satuan, places)
    old = reusable(previous, nama, key)
    if old is not None:
        return Grafik(nama, judul, description + ".", old)
    fig, ax = _pyplot().subplots(figsize=(7.5, 0.5 * len(rows) + 1.1))
    ax.barh(
        [_wrap(label, 40) for label, _ in rows],
        [float(v or 0) for _, v in rows],
        color=REAL_COLOUR,
        height=0.5,
    )
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_fmt(0))
    for i, (_, value) in enumerate(rows):
        ax.annotate(
            f"{_num(value, places)} {satuan}".strip(),
            (float(value or 0), i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    return _finish(fig, nama, judul, description + ".", key if previous is not None else None)


def _num(value: Decimal | None, places: int) -> str:
    return "N/A" if value is None else angka(value, places)


def _wrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines[:3])


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
