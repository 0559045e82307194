"""Stage 2: check every file against its schema, then across files; collect all issues."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from generator.compute.indikator import realisasi_of
from generator.compute.report import HasilLaporan
from generator.crosscheck import (
    check_kabupaten,
    check_kecamatan_files,
    check_year,
    plain_number,
    plausible_range,
    program_units,
    renstra_indicators,
)
from generator.errors import DataErrors, Issue, Severity
from generator.formula import parse_formula
from generator.koreksi import check_sakip
from generator.koreksi import resolve as resolve_koreksi
from generator.load import KabupatenSource, KecamatanSource, ProjectSource, YearSource
from generator.model import Kabupaten, Kecamatan, Project, ReportYear
from generator.schema import KABUPATEN_FILES, KECAMATAN_FILES, YEAR_FILES, EvaluasiFile
from generator.schema.base import Rentang
from generator.schema.kecamatan import IndikatorRenstra
from generator.schema.tahun import IndikatorProgram
from generator.schema_errors import validate_tolerant
from generator.yamlsource import Document, Loc, format_loc


def validate(source: ProjectSource, *, strict: bool = False) -> tuple[Project, list[Issue]]:
    """Return the validated project and its warnings; raise ``DataErrors`` on any error.

    With ``strict``, warnings are errors too. Everything is found in one pass: a file whose
    only fault is an unknown key is still cross-checked and computed without that key, and
    a broken year does not stop the checks of the other years.
    """
    issues = list(source.issues) + _unfilled(source)
    dropped: list[tuple[str, Loc]] = []
    kabupaten = []
    later: list[Issue] = []
    for kab_source in source.kabupaten:
        kab = _validate_kabupaten(kab_source, issues, dropped)
        if kab is not None:
            later += _check_and_compute(kab, {path for path, _ in dropped})
            kabupaten.append(kab)
    complete = not any(i.severity is Severity.ERROR for i in issues)
    issues += _without_cascades(later, dropped)
    errors = [i for i in issues if strict or i.severity is Severity.ERROR]
    if errors:
        raise DataErrors(issues)
    assert complete and not dropped  # an unknown key is always an error
    return Project(source.root, tuple(kabupaten)), sorted(set(issues))


def _check_and_compute(kab: Kabupaten, pruned: set[str]) -> list[Issue]:
    """Cross-check a kabupaten and each validated kecamatan and year; compute each year
    whose own checks (and those of its kecamatan and kabupaten) found no error.

    A year is not computed while one of its files (``pruned``: display paths) had an
    unknown key left out: a misspelt ``realisasi`` would make every result built on it
    warn, in other files, about what is only the typo."""
    issues = check_kabupaten(kab)
    kab_ok = not _has_error(issues) and not _touches(kab.docs, pruned)
    for kec in kab.kecamatan:
        kec_issues = check_kecamatan_files(kab, kec)
        issues += kec_issues
        kec_ok = kab_ok and not _has_error(kec_issues) and not _touches(kec.docs, pruned)
        for year in kec.tahun:
            year_issues = check_year(kab, kec, year)
            issues += year_issues
            if kec_ok and not _has_error(year_issues) and not _touches(year.docs, pruned):
                issues += _try_compute(kab, kec, year)
    return issues


def _touches(docs: dict[str, Document], pruned: set[str]) -> bool:
    return any(doc.display in pruned for doc in docs.values())


def _has_error(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


def _without_cascades(issues: list[Issue], dropped: list[tuple[str, Loc]]) -> list[Issue]:
    """Leave out later findings inside an object that had an unknown key: that key was
    probably meant as one of its fields (a typo), so what the checks say about the object
    without it would only be noise until the key is fixed."""
    prefixes = [(path, format_loc(loc[:-1])) for path, loc in dropped]

    def inside(issue: Issue) -> bool:
        return any(
            issue.path == path
            and (
                not prefix
                or issue.key == prefix
                or issue.key.startswith((f"{prefix}.", f"{prefix}["))
            )
            for path, prefix in prefixes
        )

    return [i for i in issues if not inside(i)]


UNFILLED = "(belum diisi)"


def _unfilled(source: ProjectSource) -> list[Issue]:
    """Warn about every value still marked '(belum diisi)' by the scaffold commands."""
    docs = [d for kab in source.kabupaten for d in kab.docs.values()]
    docs += [d for kab in source.kabupaten for kec in kab.kecamatan for d in kec.docs.values()]
    docs += [
        d
        for kab in source.kabupaten
        for kec in kab.kecamatan
        for y in kec.years
        for d in y.docs.values()
    ]
    issues = []
    for doc in docs:
        for loc, value in _strings(doc.data, ()):
            if UNFILLED in value:
                issues.append(doc.issue(loc, "belum diisi", severity=Severity.WARNING))
    for kab in source.kabupaten:
        for kec in kab.kecamatan:
            for year in kec.years:
                for narrative in year.narasi.values():
                    for number, line in enumerate(narrative.text.splitlines(), start=1):
                        if UNFILLED in line:
                            issues.append(
                                Issue(
                                    narrative.display,
                                    number,
                                    line.index(UNFILLED) + 1,
                                    "",
                                    "belum diisi",
                                    Severity.WARNING,
                                )
                            )
    return issues


def _strings(node: Any, loc: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, str):
        return [(loc, node)]
    if isinstance(node, dict):
        return [item for key, value in node.items() for item in _strings(value, (*loc, key))]
    if isinstance(node, list):
        return [item for i, value in enumerate(node) for item in _strings(value, (*loc, i))]
    return []


def _try_compute(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> list[Issue]:
    """Run the computations and narratives once, so errors only they can find surface here
    (a division by zero, a misspelt name in a narrative, raw HTML in a narrative)."""
    from generator.compute.report import hitung
    from generator.narasi import narasi_html
    from generator.site import narrative_values

    try:
        hasil = hitung(kab, kec, year)
    except DataErrors as exc:
        return list(exc.issues)
    issues = _uncomputable(year, hasil) + _unreported(kec, year, hasil)
    issues += _implausible_results(kab, kec, year, hasil)
    issues += resolve_koreksi(year, hasil, kab.settings.aturan.desimal)[1]
    issues += check_sakip(year, hasil)
    values = narrative_values(kab, kec, year, hasil)
    try:
        narasi_html(year.narasi, values)
    except DataErrors as exc:
        issues += exc.issues
    return issues


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


def _validate_files(
    docs: dict[str, Document],
    schema: dict[str, type[BaseModel]],
    issues: list[Issue],
    dropped: list[tuple[str, Loc]],
) -> dict[str, Any]:
    """Validate each present document; return the models of those that are valid, or
    valid once their unknown keys are left out (recorded in ``dropped``)."""
    models: dict[str, Any] = {}
    for name, model_cls in schema.items():
        doc = docs.get(name)
        if doc is None:
            continue
        model, problems, unknown = validate_tolerant(doc, model_cls)
        issues += problems
        dropped += [(doc.display, loc) for loc in unknown]
        if model is not None:
            models[name] = model
    return models


def _validate_kabupaten(
    source: KabupatenSource, issues: list[Issue], dropped: list[tuple[str, Loc]]
) -> Kabupaten | None:
    models = _validate_files(source.docs, KABUPATEN_FILES, issues, dropped)
    kecamatan = tuple(
        kec
        for kec in (_validate_kecamatan(k, issues, dropped) for k in source.kecamatan)
        if kec is not None
    )
    if "kabupaten.yaml" not in models:
        return None
    return Kabupaten(
        source.slug, source.folder, models["kabupaten.yaml"], kecamatan, source.docs, source.berkas
    )


def _validate_kecamatan(
    source: KecamatanSource, issues: list[Issue], dropped: list[tuple[str, Loc]]
) -> Kecamatan | None:
    """Return the kecamatan with the years that validated (a broken year is reported, and
    the others are still cross-checked), or None when its own files do not validate."""
    models = _validate_files(source.docs, KECAMATAN_FILES, issues, dropped)
    years = [_validate_year(y, issues, dropped) for y in source.years]
    if len(models) < len(KECAMATAN_FILES):
        return None
    return Kecamatan(
        source.slug,
        source.folder,
        models["kecamatan.yaml"],
        models["renstra.yaml"],
        tuple(y for y in years if y is not None),
        source.berkas,
        source.docs,
    )


def _validate_year(
    source: YearSource, issues: list[Issue], dropped: list[tuple[str, Loc]]
) -> ReportYear | None:
    models = _validate_files(source.docs, YEAR_FILES, issues, dropped)
    required = [name for name in YEAR_FILES if name != "evaluasi.yaml"]
    if any(name not in models for name in required):
        return None
    if "evaluasi.yaml" in source.docs and "evaluasi.yaml" not in models:
        return None  # checking the year without its evaluation would report nonsense
    return ReportYear(
        tahun=source.tahun,
        folder=source.folder,
        laporan=models["laporan.yaml"],
        pk=models["pk.yaml"],
        program=models["program.yaml"],
        kinerja=models["kinerja.yaml"],
        evaluasi=models.get("evaluasi.yaml", EvaluasiFile()),
        narasi=source.narasi,
        berkas=source.berkas,
        docs=source.docs,
    )
