"""Corrections of the signed report: which displayed cell a ``laporan.yaml`` ``koreksi``
entry points at, the computed value that replaces the printed one, and the rule behind it.

The corrected value is never typed: it is the computed value, formatted exactly as the
tables show it, so the Koreksi page and the marked cell cannot disagree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from generator.compute.indikator import Ukur
from generator.compute.report import Baris, HasilLaporan
from generator.errors import Issue, Severity
from generator.formatting import angka, angka_alami, persen, rupiah
from generator.model import ReportYear
from generator.schema.base import Rentang
from generator.schema.tahun import Koreksi

Kunci = tuple[str, str, str]  # ("indikator" | "kode", id or code, kolom)

_RULES = {
    "realisasi": "nilai realisasi dari data",
    "capaian": "realisasi ÷ target × 100",
    "kategori": "pita skala capaian atas nilai capaian",
    "pagu": "jumlah pagu sub kegiatan",
    "serapan": "realisasi ÷ pagu × 100",
}
_FIELD = {
    "realisasi": "Realisasi",
    "capaian": "Capaian",
    "kategori": "Kategori",
    "pagu": "Pagu",
    "serapan": "Serapan",
}


@dataclass(frozen=True)
class Koreksian:
    """One resolved correction, numbered in the order of ``laporan.yaml``."""

    nomor: int
    kunci: Kunci
    letak: str  # what is corrected: "Capaian — Nilai SAKIP Kecamatan Sumber"
    tercetak: str
    hasil: str  # the computed value, as the tables print it
    aturan: str
    alasan: str

    @property
    def jangkar(self) -> str:
        """The anchor of this entry on the Koreksi page."""
        return f"koreksi-{self.nomor}"


def _indicators(hasil: HasilLaporan) -> dict[str, Ukur]:
    found: dict[str, Ukur] = {u.id: u for u in hasil.indikator_pk if u.id}
    for row in _rows(hasil.program):
        found.update({u.id: u for u in row.indikator if u.id})
    return found


def _rows(rows: tuple[Baris, ...]) -> Iterator[Baris]:
    for row in rows:
        yield row
        yield from _rows(row.anak)


def _indicator_value(u: Ukur, kolom: str, d: int) -> str:
    if kolom == "realisasi":
        return "N/A" if u.realisasi is None else angka_alami(u.realisasi, u.desimal)
    if kolom == "capaian":
        return persen(u.capaian.nilai, d)
    return u.kategori.label if u.kategori else "Tidak dapat dinilai"


def _budget_value(row: Baris, kolom: str, d: int) -> str | None:
    if row.dana is None:
        return None
    if kolom == "pagu":
        return rupiah(row.dana.pagu)
    if kolom == "realisasi":
        return rupiah(row.dana.realisasi)
    return persen(row.dana.serapan.nilai, d)


def _resolve_one(
    k: Koreksi, indicators: dict[str, Ukur], rows: dict[str, Baris], d: int
) -> tuple[Kunci, str, str] | str:
    """(key, place, computed value), or the Indonesian reason it does not resolve."""
    if k.indikator is not None:
        u = indicators.get(k.indikator)
        if u is None:
            return f"indikator '{k.indikator}' tidak dikenal{_hint(k.indikator, set(indicators))}"
        place = f"{_FIELD[k.kolom]} — {u.nama}"
        return ("indikator", k.indikator, k.kolom), place, _indicator_value(u, k.kolom, d)
    kode = k.kode or ""
    row = rows.get(kode)
    if row is None:
        return f"kode '{kode}' tidak dikenal{_hint(kode, set(rows))}"
    value = _budget_value(row, k.kolom, d)
    if value is None:
        return f"kode '{kode}' tidak beranggaran, jadi tidak punya sel {k.kolom}"
    return ("kode", kode, k.kolom), f"{_FIELD[k.kolom]} — {row.kode} {row.nama}", value


def _rule(k: Koreksi, u: Ukur | None) -> str:
    """The rule that yields the corrected value, as a reader checks it."""
    if k.kode is not None and k.kolom in ("pagu", "realisasi"):
        return f"jumlah {k.kolom} sub kegiatan dari data anggaran"
    if u is not None and k.kolom == "capaian":
        if isinstance(u.target, Rentang):
            return "realisasi di dalam rentang target = 100; di luar: terhadap batas terdekat"
        if u.polaritas == "negatif":
            return "capaian berpolaritas negatif, menurut rumus pada halaman Metodologi"
    return _RULES[k.kolom]


def _hint(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"; maksud Anda '{close[0]}'?" if close else ""


def _same(printed: str, computed: str) -> bool:
    """Printed and computed are the same figure when they are the same number once spacing,
    '%', 'Rp' and thousands dots are set aside ("64,40" and "64,4" are; "100 %" and
    "99,99 %" are not), or the same words up to letter case."""
    a, b = _number(printed), _number(computed)
    if a is not None and b is not None:
        return a == b
    return printed.strip().lower() == computed.strip().lower()


def is_number(text: str) -> bool:
    """True for a figure ("64,41", "100 %", "Rp 1.000"), false for words ("Sangat Tinggi"):
    a figure is laid out, and downloaded, as a number."""
    return _number(text) is not None


def _number(text: str) -> Decimal | None:
    plain = re.sub(r"\s|%|rp", "", text.lower()).replace(".", "").replace(",", ".")
    try:
        return Decimal(plain) if re.fullmatch(r"[-−]?\d+(\.\d+)?", plain) else None
    except InvalidOperation:
        return None


def resolve(year: ReportYear, hasil: HasilLaporan, d: int) -> tuple[list[Koreksian], list[Issue]]:
    """The year's corrections, resolved against the computed report, and the problems found:
    an error for a reference to no displayed cell, a warning for a 'correction' whose
    printed value is what the software computes anyway."""
    doc = year.docs.get("laporan.yaml")
    indicators = _indicators(hasil)
    rows = {r.kode: r for r in _rows(hasil.program)}
    found: list[Koreksian] = []
    issues: list[Issue] = []
    for i, k in enumerate(year.laporan.koreksi):
        got = _resolve_one(k, indicators, rows, d)
        key = "indikator" if k.indikator is not None else "kode"
        if isinstance(got, str):
            if doc is not None:
                issues.append(doc.issue(("koreksi", i, key), got))
            continue
        kunci, place, value = got
        rule = _rule(k, indicators.get(k.indikator or ""))
        if _same(k.tercetak, value) and doc is not None:
            issues.append(
                doc.issue(
                    ("koreksi", i, "tercetak"),
                    f"nilai tercetak '{k.tercetak}' sama dengan hasil hitung, jadi bukan koreksi",
                    severity=Severity.WARNING,
                )
            )
        found.append(Koreksian(len(found) + 1, kunci, place, k.tercetak, value, rule, k.alasan))
    return found, issues


def check_sakip(year: ReportYear, hasil: HasilLaporan) -> list[Issue]:
    """The SAKIP score is defined once, by its components: the indicator whose realisasi it
    is (``evaluasi.yaml`` ``sakip.indikator``) must carry the same value, or the capaian
    tables and the SAKIP table would print two different scores for one figure."""
    sakip, doc = year.evaluasi.sakip, year.docs.get("evaluasi.yaml")
    if sakip is None or sakip.indikator is None or hasil.sakip is None or doc is None:
        return []
    loc = ("sakip", "indikator")
    known = {name for name in hasil.nilai.realisasi}
    if sakip.indikator not in known:
        return [
            doc.issue(
                loc, f"indikator '{sakip.indikator}' tidak dikenal{_hint(sakip.indikator, known)}"
            )
        ]
    typed = hasil.nilai.realisasi[sakip.indikator]
    total = hasil.sakip.nilai
    if typed is None or round(typed, 2) == round(total, 2):
        return []
    return [
        doc.issue(
            loc,
            f"realisasi '{sakip.indikator}' ({angka(typed, 2)}) berbeda dari jumlah komponen SAKIP "
            f"({angka(total, 2)}); isi realisasinya {angka(total, 2)} dan catat angka tercetak "
            "sebagai koreksi di laporan.yaml",
            severity=Severity.WARNING,
        )
    ]
