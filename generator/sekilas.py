"""The kecamatan home's one-screen answer: how did they do, and where did the money go?

Plain Indonesian sentences computed from the same results the BAB III tables print, so
a citizen on a phone reads the answer before scrolling and the figures match the tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from generator.compute.capaian import HUNDRED
from generator.compute.report import Baris, HasilLaporan
from generator.formatting import persen, rupiah_singkat

# One program holding this share of the budget says nothing ("95 % for the support
# programme"): the answer then goes down to sub-kegiatan, where the money is named.
DOMINAN = Decimal(80)
# The largest items are listed until together they cover this share ...
CAKUPAN = Decimal(80)
# ... but no more than this many, so the answer stays within one phone screen.
PALING_BANYAK = 3


@dataclass(frozen=True)
class Porsi:
    """One item of the budget and its share of the total pagu."""

    nama: str
    pagu: int
    bagian: Decimal

    def kalimat(self, desimal: int) -> str:
        return f"{persen(self.bagian, desimal)} untuk {self.nama} ({rupiah_singkat(self.pagu)})"


@dataclass(frozen=True)
class Sekilas:
    """The home page summary of one report year."""

    kinerja: str
    anggaran: str
    tingkat: str  # "program" or "sub kegiatan": what the shares are of
    porsi: tuple[Porsi, ...]
    sisa: str | None  # the items not listed, in one phrase


def sekilas(hasil: HasilLaporan, desimal: int) -> Sekilas:
    """Build the summary sentences of one report year."""
    tingkat, items = _items(hasil)
    porsi, rest = _largest(items, hasil.total.pagu)
    sisa = None
    if rest:
        bagian = sum((p.bagian for p in rest), Decimal(0))
        sisa = (
            f"{len(rest)} {tingkat} lainnya: {persen(bagian, desimal)} "
            f"({rupiah_singkat(sum(p.pagu for p in rest))})"
        )
    return Sekilas(_kinerja(hasil, desimal), _anggaran(hasil, desimal), tingkat, porsi, sisa)


def _kinerja(hasil: HasilLaporan, desimal: int) -> str:
    ukur = hasil.indikator_pk
    if not ukur:
        return "Belum ada indikator kinerja yang tercatat untuk tahun ini."
    nilai = [u.capaian.nilai for u in ukur if u.capaian.nilai is not None]
    tercapai = sum(1 for v in nilai if v >= HUNDRED)
    text = f"{tercapai} dari {len(ukur)} indikator kinerja mencapai target"
    if len(nilai) < len(ukur):
        text += f" ({len(ukur) - len(nilai)} belum dapat dinilai: datanya N/A)"
    rata = hasil.rata_rata_capaian.nilai
    if rata is None:
        return text + "; rata-rata capaian tidak dapat dihitung."
    kategori = f" ({hasil.kategori_rata_rata.label})" if hasil.kategori_rata_rata else ""
    return f"{text}; rata-rata capaian {persen(rata, desimal)}{kategori}."


def _anggaran(hasil: HasilLaporan, desimal: int) -> str:
    total = hasil.total
    if not total.pagu:
        return "Tidak ada anggaran yang tercatat untuk tahun ini."
    return (
        f"Anggaran {rupiah_singkat(total.pagu)}, terpakai "
        f"{persen(total.serapan.nilai, desimal)} ({rupiah_singkat(total.realisasi)})."
    )


def _items(hasil: HasilLaporan) -> tuple[str, list[Baris]]:
    """Programs, or sub-kegiatan when one program holds nearly all of the budget."""
    total = hasil.total.pagu
    programs = [p for p in hasil.program if p.dana is not None and p.dana.pagu > 0]
    if not total or not programs:
        return "program", []
    top = max(p.dana.pagu for p in programs if p.dana is not None)
    if Decimal(top) * HUNDRED / Decimal(total) >= DOMINAN:
        subs = [s for s in _leaves(hasil.program) if s.dana is not None and s.dana.pagu > 0]
        if len(subs) > 1:
            return "sub kegiatan", subs
    return "program", programs


def _leaves(rows: tuple[Baris, ...]) -> Iterator[Baris]:
    for row in rows:
        if row.tingkat == "sub_kegiatan":
            yield row
        yield from _leaves(row.anak)


def _largest(items: list[Baris], total: int) -> tuple[tuple[Porsi, ...], list[Porsi]]:
    """The largest items until they cover CAKUPAN of the budget (at most PALING_BANYAK)."""
    shares = sorted(
        (
            Porsi(row.nama, row.dana.pagu, Decimal(row.dana.pagu) * HUNDRED / Decimal(total))
            for row in items
            if row.dana is not None
        ),
        key=lambda p: -p.pagu,  # stable: equal pagu keep the report's order
    )
    shown: list[Porsi] = []
    covered = Decimal(0)
    for p in shares:
        if covered >= CAKUPAN or len(shown) == PALING_BANYAK:
            break
        shown.append(p)
        covered += p.bagian
    if len(shares) == len(shown) + 1:  # "1 sub kegiatan lainnya" would hide a name for nothing
        shown.append(shares[-1])
    return tuple(shown), shares[len(shown) :]
