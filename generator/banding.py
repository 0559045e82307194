"""Kabupaten comparison: each kecamatan's standing in context, never a bare "last of N".

A rank alone misleads with few kecamatan: of two kecamatan both "Sangat Tinggi", one is
always "terendah". So a row is marked weak only when it is lowest *and* needs it (not in
the top band, some main indicator below target); rank wording fits the count (with two,
"lebih tinggi/lebih rendah"); ties share a rank and N/A values are never ranked. The rules
are printed on the comparison page (site_templates/portal/perbandingan.md.j2) and in the
README section on comparisons; change all three together.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.compute.report import HasilLaporan
from generator.formatting import persen
from generator.model import Kecamatan
from generator.numbers import round_half_up
from generator.opendata import csv_cell, csv_text, dumps
from generator.schema.kabupaten import Skala

# Capaian at or above this (percent) meets the target; capaian already accounts for polarity.
TARGET = Decimal(100)
# Budget absorption below this (percent) needs attention. Documented default, printed on the page.
AMBANG_SERAPAN = Decimal(80)
# How many of a scale's lowest bands count as "perlu perhatian" (two on a 5-band scale such as
# Permendagri 86/2017: Rendah and Sangat Rendah; one on a scale of three bands or fewer).
PITA_RENDAH = 2

Nilai = int | Decimal | str | None


@dataclass(frozen=True)
class Perbandingan:
    """One kecamatan's row in a kabupaten comparison for one year."""

    kec: Kecamatan
    hasil: HasilLaporan
    tanda: str  # "terbaik", "terlemah" or "": the row's shading
    peringkat: str  # rank wording for this count of kecamatan, "" when not ranked
    target: str  # main indicators against their target, in words
    perhatian: tuple[str, ...]  # items that really need attention
    desimal: int = 2  # the kabupaten's printed decimals, also used in the downloads


def low_bands(skala: Skala) -> frozenset[str]:
    """Codes of the scale's lowest band(s), the ones that need attention."""
    count = PITA_RENDAH if len(skala.pita) > 3 else 1
    return frozenset(p.kode for p in skala.pita[-count:])


def rank_words(value: Decimal | None, values: Sequence[Decimal]) -> str:
    """Rank wording of ``value`` among ``values`` (the non-N/A ones), honest for few."""
    if value is None:
        return "tidak diperingkat (N/A)"
    if len(values) < 2:
        return ""
    higher = sum(1 for v in values if v > value)
    tied = sum(1 for v in values if v == value) > 1
    if len(set(values)) == 1:
        return "sama"
    if len(values) == 2:
        return "lebih tinggi" if higher == 0 else "lebih rendah"
    lower = sum(1 for v in values if v < value)
    together = " (bersama)" if tied else ""
    if higher == 0:
        return "tertinggi" + together
    if lower == 0:
        return "terendah" + together
    return f"peringkat {higher + 1} dari {len(values)}{together}"


def target_words(h: HasilLaporan, desimal: int) -> tuple[str, bool]:
    """The main indicators against target in words, and whether all meet it."""
    known = [u for u in h.indikator_pk if u.capaian.nilai is not None]
    below = [u for u in known if u.capaian.nilai is not None and u.capaian.nilai < TARGET]
    unknown = len(h.indikator_pk) - len(known)
    tail = f"; {unknown} indikator N/A" if unknown else ""
    if not h.indikator_pk:
        return "Tidak ada indikator utama", False
    if not below:
        if not known:
            return "Capaian indikator utama N/A", False
        return "Semua indikator mencapai target" + tail, unknown == 0
    items = ", ".join(f"{u.nama} ({persen(u.capaian.nilai, desimal)})" for u in below)
    return f"{len(below)} indikator di bawah target: {items}{tail}", False


def attention(h: HasilLaporan, skala: Skala, desimal: int) -> tuple[str, ...]:
    """Items that really need attention: lowest-band indicators, negative efficiency,
    budget absorption below ``AMBANG_SERAPAN``."""
    low = low_bands(skala)
    out = [
        f"{u.nama}: capaian {persen(u.capaian.nilai, desimal)} ({u.kategori.label})"
        for u in h.indikator_pk
        if u.kategori is not None and u.kategori.kode in low
    ]
    out += [
        f"Efisiensi negatif {persen(e.efisiensi.nilai, desimal)} pada {e.indikator.nama}"
        for e in h.efisiensi_sasaran
        if e.efisiensi.nilai is not None and e.efisiensi.nilai < 0
    ]
    serapan = h.total.serapan.nilai
    if serapan is not None and h.total.pagu > 0 and serapan < AMBANG_SERAPAN:
        out.append(
            f"Serapan anggaran {persen(serapan, desimal)} (di bawah {persen(AMBANG_SERAPAN, 0)})"
        )
    return tuple(out)


def compare(
    rows: list[tuple[Kecamatan, HasilLaporan]], skala: Skala, desimal: int = 2
) -> list[Perbandingan]:
    """Each kecamatan's standing: rank, band, targets, items needing attention."""
    # Ranked as printed: two kecamatan both shown as 99,03 % share a rank.
    values = [_rounded(h.rata_rata_capaian.nilai, desimal) for _, h in rows]
    known = [v for v in values if v is not None]
    top_band = skala.pita[0].kode
    out = []
    for (kec, h), value in zip(rows, values, strict=True):
        rank = rank_words(value, known)
        target, all_met = target_words(h, desimal)
        in_top = h.kategori_rata_rata is not None and h.kategori_rata_rata.kode == top_band
        mark = ""
        if rank.startswith(("tertinggi", "lebih tinggi")):
            mark = "terbaik"
        elif rank.startswith(("terendah", "lebih rendah")) and not (in_top or all_met):
            mark = "terlemah"  # lowest and it matters: below the top band, a target missed
        perhatian = attention(h, skala, desimal)
        out.append(Perbandingan(kec, h, mark, rank, target, perhatian, desimal))
    return out


def kolom_kinerja() -> list[str]:
    return [
        "Kecamatan",
        "Tahun",
        "Rata-rata capaian (%)",
        "Kategori",
        "Indikator utama (capaian)",
        "Peringkat",
        "Indikator utama terhadap target",
        "Perlu perhatian",
        "Pagu (Rp)",
        "Realisasi (Rp)",
        "Serapan (%)",
    ]


def baris_kinerja(r: Perbandingan) -> list[Nilai]:
    """One comparison row as machine values (numbers unformatted, N/A empty)."""
    h = r.hasil
    return [
        f"Kecamatan {r.kec.profil.nama}",
        h.tahun,
        _rounded(h.rata_rata_capaian.nilai, r.desimal),
        h.kategori_rata_rata.label if h.kategori_rata_rata else None,
        "; ".join(f"{u.nama}: {persen(u.capaian.nilai, u.desimal)}" for u in h.indikator_pk),
        r.peringkat or None,
        r.target,
        "; ".join(r.perhatian) or None,
        h.total.pagu,
        h.total.realisasi,
        _rounded(h.total.serapan.nilai, r.desimal),
    ]


def _rounded(value: Decimal | None, desimal: int) -> Decimal | None:
    """A percentage as the page prints it, so download and page agree."""
    return None if value is None else round_half_up(value, desimal)


def comparison_csv(rows: Sequence[Perbandingan]) -> bytes:
    """The comparison as UTF-8 CSV; no text cell can be read as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_text(name) for name in kolom_kinerja()])
    for r in rows:
        writer.writerow([csv_cell(v) for v in baris_kinerja(r)])
    return buffer.getvalue().encode("utf-8")


def comparison_json(judul: str, rows: Sequence[Perbandingan], catatan: Sequence[str]) -> bytes:
    """The comparison as JSON: title, the rules it applies, one object per kecamatan."""
    names = kolom_kinerja()
    return dumps(
        {
            "judul": judul,
            "catatan": list(catatan),
            "kolom": names,
            "baris": [dict(zip(names, baris_kinerja(r), strict=True)) for r in rows],
        }
    )


def aturan(skala: Skala) -> list[str]:
    """The rules above in words, for the page and the JSON download."""
    low = [p.label for p in skala.pita if p.kode in low_bands(skala)]
    return [
        f"Indikator mencapai target bila capaiannya paling sedikit {persen(TARGET, 0)} "
        "(untuk indikator berpolaritas negatif, capaian sudah dihitung terbalik).",
        f"Perlu perhatian: indikator utama berkategori {' atau '.join(low)}; efisiensi "
        f"negatif (realisasi anggaran melebihi capaian kinerja); serapan anggaran di bawah "
        f"{persen(AMBANG_SERAPAN, 0)}.",
        f"Kecamatan tidak pernah ditandai lemah bila rata-rata capaiannya berkategori "
        f"{skala.pita[0].label} atau semua indikator utamanya mencapai target.",
        "Peringkat menurut rata-rata capaian: dengan dua kecamatan ditulis lebih tinggi/lebih "
        "rendah; nilai sama berbagi peringkat (bersama); nilai N/A tidak diperingkat.",
    ]
