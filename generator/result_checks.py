"""Stage 2, finished after compute and render: the checks only a computed year can answer.

``generator.validate`` checks every file against its schema and across files. A year it
finds no error in is then computed, and its narratives rendered, once, so that what only
those can find is reported in the same pass: a division by zero, a misspelt name or raw
HTML in a narrative, a correction that points at no table cell, indicators that cannot be
counted. These checks need compute and render, which come after validation in the pipeline
(``generator.STAGES``), so validation is handed them (``year_checks``) instead of importing
them. ``load_and_compute`` is the whole step, for every command that reads data; its
results are kept (:class:`generator.compute.report.Terhitung`) and passed down the pipeline.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.compute.indikator import realisasi_of
from generator.compute.report import HasilLaporan, Terhitung, hitung, kunci
from generator.crosscheck import plain_number, plausible_range, program_units, renstra_indicators
from generator.errors import DataErrors, Issue, Severity
from generator.formula import parse_formula
from generator.koreksi import check_sakip
from generator.koreksi import resolve as resolve_koreksi
from generator.load import load_project, resolve_selection
from generator.model import Kabupaten, Kecamatan, Project, ReportYear
from generator.narasi import narasi_html, narrative_values
from generator.schema.base import Rentang
from generator.schema.kecamatan import IndikatorRenstra
from generator.schema.tahun import IndikatorProgram
from generator.validate import validate
from generator.yamlsource import Loc


def load_and_compute(path: str | Path, *, strict: bool = False) -> Terhitung:
    """Load and validate the data at ``path``, computing each report year once: the results
    of validation's own checks are the ones every later stage uses."""
    selection = resolve_selection(Path(path))
    hasil: dict[str, dict[int, HasilLaporan]] = {}

    def checks(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> list[Issue]:
        issues, computed = check_results(kab, kec, year)
        if computed is not None:
            hasil.setdefault(kunci(kab, kec), {})[year.tahun] = computed
        return issues

    project, warnings = validate(load_project(selection), strict=strict, year_checks=checks)
    # validate() raises on any error, and a year it did not compute has one.
    ordered = {
        kunci(kab, kec): {y.tahun: hasil[kunci(kab, kec)][y.tahun] for y in kec.tahun}
        for kab in project.kabupaten
        for kec in kab.kecamatan
    }
    return Terhitung(project, ordered, tuple(warnings))


def load_and_validate(path: str | Path, *, strict: bool = False) -> tuple[Project, list[Issue]]:
    """:func:`load_and_compute` for a caller that needs only the project and its warnings."""
    data = load_and_compute(path, strict=strict)
    return data.project, list(data.peringatan)


def check_results(
    kab: Kabupaten, kec: Kecamatan, year: ReportYear
) -> tuple[list[Issue], HasilLaporan | None]:
    """Run the computations and narratives once, so errors only they can find surface here
    (a division by zero, a misspelt name in a narrative, raw HTML in a narrative); return
    them with the results (None when the year could not be computed)."""
    try:
        hasil = hitung(kab, kec, year)
    except DataErrors as exc:
        return list(exc.issues), None
    issues = _uncomputable(year, hasil) + _unreported(kec, year, hasil)
    issues += _implausible_results(kab, kec, year, hasil)
    issues += resolve_koreksi(year, hasil, kab.settings.aturan.desimal)[1]
    issues += check_sakip(year, hasil)
    values = narrative_values(kab, kec, year, hasil)
    try:
        narasi_html(year.narasi, values)
    except DataErrors as exc:
        issues += exc.issues
    return issues, hasil


def _uncomputable(year: ReportYear, hasil: HasilLaporan) -> list[Issue]:
    """Warn about PK indicators whose capaian cannot be computed (zero or missing target, …)."""
    doc = year.docs["pk.yaml"]
    issues = []
    for u in hasil.indikator_pk:
        if u.capaian.nilai is not None:
            continue
        for i, pk in enumerate(year.pk.perjanjian):
            for s, row in enumerate(pk.sasaran):
                if row.indikator == u.id:
                    issues.append(
                        doc.issue(
                            ("perjanjian", i, "sasaran", s, "target"),
                            f"capaian '{u.id}' tidak dapat dihitung: {u.capaian.alasan}",
                            severity=Severity.WARNING,
                        )
                    )
    return issues


def _unreported(kec: Kecamatan, year: ReportYear, hasil: HasilLaporan) -> list[Issue]:
    """Warn about indicators with a target this year but no realisasi: they would leave
    the averages and the tables' results without a word. PK indicators from renstra.yaml
    are warned about by ``_uncomputable``."""
    pk_ids = {row.indikator for pk in year.pk.perjanjian for row in pk.sasaran}
    measured = {u.id: u for k in hasil.kelompok for u in k.indikator if u.id is not None}
    rows = {row.indikator: i for i, row in enumerate(year.kinerja.indikator)}
    issues = []
    for loc, ind in renstra_indicators(kec):
        u = measured.get(ind.id)
        if ind.id in pk_ids or u is None or u.target is None or u.realisasi is not None:
            continue
        if ind.rumus is not None:
            issues += _formula_unreported(kec, year, loc, ind.id, ind.rumus, hasil)
            continue
        where: Loc
        if ind.id in rows:
            doc, where = year.docs["kinerja.yaml"], ("indikator", rows[ind.id], "realisasi")
        else:
            doc, where = kec.docs["renstra.yaml"], (*loc, "target", year.tahun)
        issues.append(
            doc.issue(
                where,
                f"indikator '{ind.id}' punya target {year.tahun} tetapi tanpa realisasi, jadi "
                "tidak ikut dihitung; isi realisasinya di kinerja.yaml",
                severity=Severity.WARNING,
            )
        )
    return issues + _unreported_pk_programs(year, set(measured))


def _implausible_results(
    kab: Kabupaten, kec: Kecamatan, year: ReportYear, hasil: HasilLaporan
) -> list[Issue]:
    """Warn about a formula result outside its plausible range (a typo in a nilai_dasar
    is otherwise invisible), unless an input indicator is out of range itself: that one
    has its own warning."""
    indicators: dict[str, IndikatorRenstra | IndikatorProgram] = {
        ind.id: ind for _, unit, _ in program_units(year) for ind in unit.indikator if ind.id
    }
    indicators |= {ind.id: ind for _, ind in renstra_indicators(kec)}

    def outside(name: str) -> Rentang | None:
        ind, value = indicators.get(name), hasil.nilai.realisasi.get(name)
        span = plausible_range(kab, ind) if ind is not None else None
        if span is None or value is None or span.min <= value <= span.maks:
            return None
        return span

    issues = []
    for loc, ind in renstra_indicators(kec):
        span = outside(ind.id) if ind.rumus is not None else None
        if span is None or ind.rumus is None:
            continue
        if any(outside(name) for name in parse_formula(ind.rumus).names):
            continue
        value = hasil.nilai.realisasi[ind.id]
        assert value is not None
        issues.append(
            kec.docs["renstra.yaml"].issue(
                (*loc, "rumus"),
                f"hasil rumus '{ind.id}' ({plain_number(round(value, 2))}) di luar rentang wajar "
                f"{plain_number(span.min)}–{plain_number(span.maks)}; periksa masukannya di kinerja.yaml "
                "(realisasi indikator atau nilai_dasar)",
                severity=Severity.WARNING,
            )
        )
    return issues


def _formula_unreported(
    kec: Kecamatan, year: ReportYear, loc: Loc, ind_id: str, rumus: str, hasil: HasilLaporan
) -> list[Issue]:
    """A computed indicator without realisasi: say so only when no input of its formula
    is missing too (the input has its own warning, and one cause gets one message)."""
    names = parse_formula(rumus).names
    if any(hasil.nilai.realisasi.get(name, Decimal(0)) is None for name in names):
        return []
    return [
        kec.docs["renstra.yaml"].issue(
            (*loc, "rumus"),
            f"indikator '{ind_id}' punya target {year.tahun} tetapi rumusnya tidak menghasilkan "
            "realisasi, jadi tidak ikut dihitung",
            severity=Severity.WARNING,
        )
    ]


def _unreported_pk_programs(year: ReportYear, renstra_ids: set[str]) -> list[Issue]:
    """The same for PK rows that name a program indicator (program.yaml)."""
    program = {
        ind.id: ind for _, unit, _ in program_units(year) for ind in unit.indikator if ind.id
    }
    issues = []
    for i, pk in enumerate(year.pk.perjanjian):
        for s, row in enumerate(pk.sasaran):
            ind = program.get(row.indikator)
            if ind is None or row.indikator in renstra_ids or row.target is None:
                continue
            if realisasi_of(ind, ind.sifat) is None:
                issues.append(
                    year.docs["pk.yaml"].issue(
                        ("perjanjian", i, "sasaran", s, "target"),
                        f"indikator '{row.indikator}' punya target tetapi tanpa realisasi di "
                        "program.yaml, jadi tidak ikut dihitung",
                        severity=Severity.WARNING,
                    )
                )
    return issues
