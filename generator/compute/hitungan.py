"""Totals of counted tables (``tabel_hitungan``).

* A leaf row's counts are as typed; a group row's counts are the sums of its sub-rows
  (``rincian``), so a parent is never counted twice (the asset register of a real report
  added a group to its own children).
* A column's total is the sum of the top-level rows (each already the sum of its leaves).
* A row's total (``jumlah_baris``) is the sum of its counts across the columns.
All sums are exact ``Decimal``; rounding happens only when printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from generator.schema.hitungan import BarisHitungan, TabelHitungan


@dataclass(frozen=True)
class BarisDihitung:
    """A row with its counts (typed for a leaf, summed for a group) and its depth."""

    kode: str | None
    uraian: str
    nilai: tuple[Decimal, ...]
    total: Decimal
    tingkat: int  # 0 = top level
    kelompok: bool  # True when the counts were summed from sub-rows


@dataclass(frozen=True)
class Hitungan:
    """A counted table with every total computed."""

    id: str
    judul: str
    sumber: str | None
    label_uraian: str
    kolom: tuple[str, ...]
    kolom_id: tuple[str, ...]
    desimal: tuple[int, ...]
    jumlah_baris: bool
    baris: tuple[BarisDihitung, ...]  # depth-first, a group before its sub-rows
    total_kolom: tuple[Decimal, ...]
    total: Decimal  # sum over all columns


def hitung_tabel(tabel: TabelHitungan) -> Hitungan:
    """Compute every group, column and grand total of one counted table."""
    width = len(tabel.kolom)
    rows: list[BarisDihitung] = []
    sums = [_row(b, 0, width, rows) for b in tabel.baris]
    columns = tuple(sum((s[c] for s in sums), Decimal(0)) for c in range(width))
    return Hitungan(
        id=tabel.id,
        judul=tabel.judul,
        sumber=tabel.sumber,
        label_uraian=tabel.label_uraian,
        kolom=tuple(k.judul for k in tabel.kolom),
        kolom_id=tuple(k.id for k in tabel.kolom),
        desimal=tuple(k.desimal for k in tabel.kolom),
        jumlah_baris=tabel.jumlah_baris,
        baris=tuple(rows),
        total_kolom=columns,
        total=sum(columns, Decimal(0)),
    )


def hitung_semua(tables: Sequence[TabelHitungan]) -> tuple[Hitungan, ...]:
    """Every counted table of a report year, in data order."""
    return tuple(hitung_tabel(t) for t in tables)


def _row(
    baris: BarisHitungan, depth: int, width: int, out: list[BarisDihitung]
) -> tuple[Decimal, ...]:
    """Append ``baris`` (then its sub-rows) to ``out``; return its counts."""
    index = len(out)
    out.append(BarisDihitung(baris.kode, baris.uraian, (), Decimal(0), depth, False))
    if baris.rincian:
        children = [_row(b, depth + 1, width, out) for b in baris.rincian]
        counts = tuple(sum((c[i] for c in children), Decimal(0)) for i in range(width))
    else:
        # Validation guarantees one value per column; padding keeps compute total anyway.
        typed = tuple(baris.nilai or ())
        counts = (typed + (Decimal(0),) * width)[:width]
    out[index] = BarisDihitung(
        baris.kode,
        baris.uraian,
        counts,
        sum(counts, Decimal(0)),
        depth,
        bool(baris.rincian),
    )
    return counts
