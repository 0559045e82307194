"""Budget rules: roll-ups, absorption (serapan), remaining budget and efficiency.

* Budget is entered only per sub-kegiatan; every higher figure is a sum.
* Pagu stages carry forward: a sub-kegiatan without 'pergeseran' keeps its 'induk'
  amount at that stage; one without 'induk' did not exist yet (0). The pagu in force
  is the last stage given (``Pagu.tahap`` in the schema, which validation uses too).
* serapan % = realisasi / pagu × 100 (not computable when pagu is 0);
  sisa = pagu − realisasi.
* Efficiency, by the kabupaten's method:
  'rasio':   E = (1 − serapan / capaian) × 100, and over many rows
             E = Σ(pagu × CK − realisasi) / Σ(pagu × CK) × 100 with CK = capaian / 100;
  'selisih': E = capaian − serapan (percentage points).
  E ≥ 0 is "Efisien", E < 0 is "Tidak efisien".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from generator.compute.capaian import HUNDRED, Hasil
from generator.schema.tahun import Anggaran

STAGES = ("induk", "pergeseran", "perubahan")


@dataclass(frozen=True)
class Dana:
    """Budget figures of one row (a sub-kegiatan or any sum of them)."""

    pagu: int
    realisasi: int
    pagu_tahap: tuple[int, int, int]  # induk, pergeseran, perubahan (carried forward)
    tahap_diisi: frozenset[str]

    @property
    def sisa(self) -> int:
        """Unspent budget."""
        return self.pagu - self.realisasi

    @property
    def serapan(self) -> Hasil:
        """Absorption %."""
        if self.pagu == 0:
            return Hasil(None, "pagu nol")
        return Hasil.of(Decimal(self.realisasi) / Decimal(self.pagu) * HUNDRED)


ZERO = Dana(0, 0, (0, 0, 0), frozenset())


def dana_sub(anggaran: Anggaran) -> Dana:
    """Budget of one sub-kegiatan, with stages carried forward."""
    stages = anggaran.pagu.tahap()
    given = frozenset(s for s in STAGES if getattr(anggaran.pagu, s) is not None)
    return Dana(stages[2], anggaran.realisasi, stages, given)


def jumlahkan(parts: Iterable[Dana]) -> Dana:
    """Sum budgets; a stage counts as given when any part gives it."""
    total = ZERO
    for part in parts:
        total = Dana(
            total.pagu + part.pagu,
            total.realisasi + part.realisasi,
            (
                total.pagu_tahap[0] + part.pagu_tahap[0],
                total.pagu_tahap[1] + part.pagu_tahap[1],
                total.pagu_tahap[2] + part.pagu_tahap[2],
            ),
            total.tahap_diisi | part.tahap_diisi,
        )
    return total


def efisiensi(
    capaian: Decimal | None, serapan: Decimal | None, metode: Literal["rasio", "selisih"]
) -> Hasil:
    """Efficiency of one row from its capaian % and serapan %."""
    if capaian is None or serapan is None:
        return Hasil(None, "capaian atau serapan tidak tersedia")
    if metode == "selisih":
        return Hasil.of(capaian - serapan)
    if capaian == 0:
        return Hasil(None, "capaian nol")
    return Hasil.of((1 - serapan / capaian) * HUNDRED)


def efisiensi_agregat(rows: Sequence[tuple[Dana, Decimal]]) -> Hasil:
    """The 'rasio' efficiency over many (budget, capaian %) rows: Σ(PAK×CK−RAK)/Σ(PAK×CK)."""
    weighted = sum((Decimal(d.pagu) * c / HUNDRED for d, c in rows), Decimal(0))
    if weighted == 0:
        return Hasil(None, "tidak ada baris berpagu dengan capaian")
    spent = sum((Decimal(d.realisasi) for d, _ in rows), Decimal(0))
    return Hasil.of((weighted - spent) / weighted * HUNDRED)


def label_efisiensi(nilai: Decimal | None) -> str | None:
    """The label printed next to an efficiency value."""
    if nilai is None:
        return None
    return "Efisien" if nilai >= 0 else "Tidak efisien"


def perubahan_persen(lama: int, baru: int) -> Hasil:
    """Change from ``lama`` to ``baru`` in % of ``lama``."""
    if lama == 0:
        return Hasil(None, "nilai sebelumnya nol")
    return Hasil.of(Decimal(baru - lama) / Decimal(lama) * HUNDRED)
