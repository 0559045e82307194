"""The year's target and realisasi of every named indicator, formulas included.

Target of a Renstra indicator, first found wins: PK Perubahan, PK awal, the Renstra
target for the year, then its formula over the other indicators' targets.
Realisasi: entered in kinerja.yaml (or its quarters), else its formula over the other
indicators' realisasi and ``nilai_dasar``. A formula whose inputs are not available
gives "not available"; a division by zero is a data error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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


def hitung_nilai(kec: Kecamatan, year: ReportYear) -> Nilai:
    """Resolve every indicator's target and realisasi, evaluating formulas in order."""
    dasar = {name: item.nilai for name, item in year.kinerja.nilai_dasar.items()}
    target: dict[str, Target] = {}
    realisasi: dict[str, Decimal | None] = {}
    for _, unit, _ in program_units(year):
        for program_ind in unit.indikator:
            if program_ind.id is not None:
                target[program_ind.id] = program_ind.target
                realisasi[program_ind.id] = realisasi_of(program_ind, program_ind.sifat)
    entered = {row.indikator: row for row in year.kinerja.indikator}
    pk_targets = _pk_targets(year)
    formulas: dict[str, Formula] = {}
    locations: dict[str, Loc] = {}
    for loc, ind in renstra_indicators(kec):
        row = entered.get(ind.id)
        realisasi[ind.id] = realisasi_of(row, ind.sifat) if row else None
        target[ind.id] = pk_targets.get(ind.id, ind.target.get(year.tahun))
        if ind.rumus is not None:
            formulas[ind.id] = parse_formula(ind.rumus)
            locations[ind.id] = (*loc, "rumus")
    for name in evaluation_order(formulas):
        doc = kec.docs["renstra.yaml"]
        try:
            realisasi[name] = _evaluate(formulas[name], realisasi, dasar)
            if target.get(name) is None:
                target[name] = _evaluate(formulas[name], _numbers(target), dasar)
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
