"""Supporting tables: staff counts with totals, and the SAKIP evaluation score.

* Staff tables: each row's total is the sum of its columns; each column's total the sum
  of its rows.
* SAKIP: score = Σ component scores; each component's % = score / weight × 100; the
  predicate is looked up in the kabupaten's SAKIP scale. A printed total that differs
  from the sum is reported as a difference, never used.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.compute.capaian import HUNDRED, Hasil
from generator.compute.scale import Kategori, classify
from generator.schema.kabupaten import KabupatenFile
from generator.schema.tahun import EvaluasiSakip
from generator.schema.tahun import Pegawai as PegawaiInput


@dataclass(frozen=True)
class BarisJumlah:
    """A staff-table row with its total."""

    uraian: str
    jumlah: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Pegawai:
    """A staff table with row, column and grand totals."""

    dimensi: str
    judul: str
    kolom: tuple[str, ...]
    baris: tuple[BarisJumlah, ...]
    total_kolom: tuple[int, ...]
    total: int


def hitung_pegawai(pegawai: PegawaiInput | None) -> tuple[Pegawai, ...]:
    """Add totals to every staff table."""
    if pegawai is None:
        return ()
    tables = []
    for tabel in pegawai.tabel:
        rows = tuple(BarisJumlah(b.uraian, tuple(b.jumlah), sum(b.jumlah)) for b in tabel.baris)
        columns = tuple(sum(r.jumlah[i] for r in rows) for i in range(len(tabel.kolom)))
        tables.append(
            Pegawai(tabel.dimensi, tabel.judul, tuple(tabel.kolom), rows, columns, sum(columns))
        )
    return tuple(tables)


@dataclass(frozen=True)
class KomponenHitung:
    """One SAKIP component with its share of its weight."""

    nama: str
    bobot: Decimal
    nilai: Decimal
    persen: Hasil
    nilai_tahun_lalu: Decimal | None


@dataclass(frozen=True)
class Sakip:
    """The computed SAKIP evaluation."""

    tahun_dievaluasi: int
    komponen: tuple[KomponenHitung, ...]
    total_bobot: Decimal
    nilai: Decimal
    predikat: Kategori | None
    selisih_tercetak: Decimal | None
    nilai_tahun_lalu: Decimal | None
    nilai_mandiri: Decimal | None


def hitung_sakip(kab: KabupatenFile, sakip: EvaluasiSakip) -> Sakip:
    """Sum the components and look up the predicate."""
    rows = tuple(
        KomponenHitung(
            k.nama,
            k.bobot,
            k.nilai,
            Hasil.of(k.nilai / k.bobot * HUNDRED) if k.bobot else Hasil(None, "bobot nol"),
            k.nilai_tahun_lalu,
        )
        for k in sakip.komponen
    )
    total = sum((k.nilai for k in rows), Decimal(0))
    last = [k.nilai_tahun_lalu for k in rows if k.nilai_tahun_lalu is not None]
    previous = sum(last, Decimal(0)) if len(last) == len(rows) else None
    own = [k.nilai_mandiri for k in sakip.komponen if k.nilai_mandiri is not None]
    self_assessed = sum(own, Decimal(0)) if own and len(own) == len(rows) else None
    printed = None if sakip.nilai_tercetak is None else sakip.nilai_tercetak - total
    return Sakip(
        sakip.tahun_dievaluasi,
        rows,
        sum((k.bobot for k in rows), Decimal(0)),
        total,
        classify(kab.skala[sakip.skala], total),
        printed,
        previous,
        self_assessed,
    )
