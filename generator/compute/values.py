"""The year's target and realisasi of every named indicator, formulas included.

Target of a Renstra indicator, first found wins: PK Perubahan, PK awal, the Renstra
target for the year, then its formula over the other indicators' targets.
Realisasi: entered in kinerja.yaml (or its quarters), else its formula over the other
indicators' realisasi and ``nilai_dasar``. A formula whose inputs are not available
gives "not available"; a division by zero is a data error.

Every value is rounded to its indicator's declared decimals as soon as it is resolved
(generator/compute/desimal.py), so a formula reads the other indicators' values as they
are reported, and its own result is reported (and used further) the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.compute.desimal import bulatkan, bulatkan_target, desimal_indikator
from generator.compute.indikator import Target, realisasi_of
from generator.crosscheck import program_units, renstra_indicators
from generator.errors import DataErrors
from generator.formula import Formula, FormulaError, evaluation_order, parse_formula
from generator.model import Kecamatan, ReportYear
from generator.schema.base import Rentang
from generator.yamlsource import Loc


@dataclass(frozen=True)
class Nilai:
    """Targets and realisasi by indicator id, and the raw formula inputs."""

    target: dict[str, Target]
    realisasi: dict[str, Decimal | None]
    dasar: dict[str, Decimal]


def hitung_nilai(kec: Kecamatan, year: ReportYear, desimal_bawaan: int) -> Nilai:
    """Resolve every indicator's target and realisasi, evaluating formulas in order.

    ``desimal_bawaan`` is the kabupaten's ``aturan.desimal``, for indicators that declare
    no decimals of their own."""
    dasar = {name: item.nilai for name, item in year.kinerja.nilai_dasar.items()}
    target: dict[str, Target] = {}
    realisasi: dict[str, Decimal | None] = {}
    places: dict[str, int] = {}
    for _, unit, _ in program_units(year):
        for ind_p in unit.indikator:
            if ind_p.id is not None:
                d = places[ind_p.id] = desimal_indikator(ind_p.desimal, desimal_bawaan)
                target[ind_p.id] = bulatkan_target(ind_p.target, d)
                realisasi[ind_p.id] = bulatkan(realisasi_of(ind_p, ind_p.sifat), d)
    entered = {row.indikator: row for row in year.kinerja.indikator}
    pk_targets = _pk_targets(year)
    formulas: dict[str, Formula] = {}
    locations: dict[str, Loc] = {}
    for loc, ind in renstra_indicators(kec):
        d = places[ind.id] = desimal_indikator(ind.desimal, desimal_bawaan)
        row = entered.get(ind.id)
        realisasi[ind.id] = bulatkan(realisasi_of(row, ind.sifat), d) if row else None
        target[ind.id] = bulatkan_target(pk_targets.get(ind.id, ind.target.get(year.tahun)), d)
        if ind.rumus is not None:
            formulas[ind.id] = parse_formula(ind.rumus)
            locations[ind.id] = (*loc, "rumus")
    for name in evaluation_order(formulas):
        doc = kec.docs["renstra.yaml"]
        try:
            realisasi[name] = bulatkan(_evaluate(formulas[name], realisasi, dasar), places[name])
            if target.get(name) is None:
                found = _evaluate(formulas[name], _numbers(target), dasar)
                target[name] = bulatkan(found, places[name])
        except FormulaError as exc:
            raise DataErrors(
                [doc.issue(locations[name], f"{exc} saat menghitung '{name}'")]
            ) from None
    return Nilai(target, realisasi, dasar)


def _pk_targets(year: ReportYear) -> dict[str, Target]:
    found: dict[str, Target] = {}
    for pk in sorted(year.pk.perjanjian, key=lambda p: p.jenis != "perubahan"):
        for row in pk.sasaran:
            found.setdefault(row.indikator, row.target)
    return found


def _numbers(values: dict[str, Target]) -> dict[str, Decimal | None]:
    return {k: v if not isinstance(v, Rentang) else None for k, v in values.items()}


def _evaluate(
    formula: Formula, values: dict[str, Decimal | None], dasar: dict[str, Decimal]
) -> Decimal | None:
    scope = {k: v for k, v in values.items() if v is not None} | dasar
    if any(name not in scope for name in formula.names):
        return None  # an input is not available: so is the result
    return formula.evaluate(scope)
