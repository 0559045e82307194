"""Stage 2: check every file against its schema, then across files; collect all issues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from generator.crosscheck import check_kabupaten, check_kecamatan_files, check_year
from generator.errors import DataErrors, Issue, Severity
from generator.load import KabupatenSource, KecamatanSource, ProjectSource, YearSource
from generator.model import Kabupaten, Kecamatan, Project, ReportYear
from generator.schema import KABUPATEN_FILES, KECAMATAN_FILES, YEAR_FILES, EvaluasiFile
from generator.schema_errors import validate_tolerant
from generator.yamlsource import Document, Loc, format_loc

YearChecks = Callable[[Kabupaten, Kecamatan, ReportYear], list[Issue]]
"""The checks of a year that need its computed results (``generator.result_checks``): they
come from later stages, so validation is handed them rather than importing them."""


def validate(
    source: ProjectSource, *, strict: bool = False, year_checks: YearChecks
) -> tuple[Project, list[Issue]]:
    """Return the validated project and its warnings; raise ``DataErrors`` on any error.

    With ``strict``, warnings are errors too. Everything is found in one pass: a file whose
    only fault is an unknown key is still cross-checked and computed without that key, and
    a broken year does not stop the checks of the other years. ``year_checks`` runs on each
    year that is otherwise free of errors.
    """
    issues = list(source.issues) + _unfilled(source)
    dropped: list[tuple[str, Loc]] = []
    kabupaten = []
    later: list[Issue] = []
    for kab_source in source.kabupaten:
        kab = _validate_kabupaten(kab_source, issues, dropped)
        if kab is not None:
            later += _check_and_compute(kab, {path for path, _ in dropped}, year_checks)
            kabupaten.append(kab)
    complete = not any(i.severity is Severity.ERROR for i in issues)
    issues += _without_cascades(later, dropped)
    errors = [i for i in issues if strict or i.severity is Severity.ERROR]
    if errors:
        raise DataErrors(issues)
    assert complete and not dropped  # an unknown key is always an error
    return Project(source.root, tuple(kabupaten)), sorted(set(issues))


def _check_and_compute(kab: Kabupaten, pruned: set[str], year_checks: YearChecks) -> list[Issue]:
    """Cross-check a kabupaten and each validated kecamatan and year; compute (run
    ``year_checks`` on) each year whose own checks (and those of its kecamatan and
    kabupaten) found no error.

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
                issues += year_checks(kab, kec, year)
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
