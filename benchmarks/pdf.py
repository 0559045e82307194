"""Benchmark, not a test: time and size of the PDF of every kecamatan-year.

Run from the repository root: ``python3 benchmarks/pdf.py [PATH]`` (default: data).
HTML is the template stage (results, tables, charts); PDF is WeasyPrint's layout.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pypdf  # a test extra: counts the pages

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.cetak import render_html  # noqa: E402
from generator.cli import load_and_validate  # noqa: E402
from generator.compute.report import hitung  # noqa: E402
from generator.keluaran import cetakan, nama_berkas  # noqa: E402
from generator.pdf import cetak_pdf  # noqa: E402


def main(argv: list[str]) -> int:
    """Build every PDF once and print one line per PDF."""
    project, _ = load_and_validate(argv[1] if len(argv) > 1 else str(ROOT / "data"))
    print(f"{'berkas':<34} {'HTML':>6} {'PDF':>6} {'total':>6} {'ukuran':>8} {'halaman':>7}")
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            for year in kec.tahun:
                start = time.perf_counter()
                html = render_html(kab, kec, year, hitung(kab, kec, year))
                middle = time.perf_counter()
                data = cetak_pdf(html)
                end = time.perf_counter()
                print(
                    f"{nama_berkas(cetakan('pdf'), kab, kec, year):<34} {middle - start:5.2f}s {end - middle:5.2f}s"
                    f" {end - start:5.2f}s {len(data) / 1024:6.0f} kB {len(pypdf.PdfReader(io.BytesIO(data)).pages):>7}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
