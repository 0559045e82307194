"""Stage 2: check every file against its schema, then across files; collect all issues."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.compute.report import HasilLaporan
from generator.crosscheck import check_kabupaten, check_kecamatan
from generator.errors import DataErrors, Issue, Severity
from generator.load import KabupatenSource, KecamatanSource, ProjectSource, YearSource
from generator.model import Kabupaten, Kecamatan, Project, ReportYear
from generator.schema import KABUPATEN_FILES, KECAMATAN_FILES, YEAR_FILES, EvaluasiFile
from generator.schema_errors import validate_document
from generator.yamlsource import Document


def validate(source: ProjectSource, *, strict: bool = False) -> tuple[Project, list[Issue]]:
    """Return the validated project and its warnings; raise ``DataErrors`` on any error.

    With ``strict``, warnings are errors too.
    """
    issues = list(source.issues) + _unfilled(source)
    kabupaten = []
    for kab_source in source.kabupaten:
        kab = _validate_kabupaten(kab_source, issues)
        if kab is not None:
            issues += check_kabupaten(kab)
            for kec in kab.kecamatan:
                issues += check_kecamatan(kab, kec)
            kabupaten.append(kab)
    if not any(i.severity is Severity.ERROR for i in issues):
        issues += _try_compute(kabupaten)
    errors = [i for i in issues if strict or i.severity is Severity.ERROR]
    if errors:
        raise DataErrors(issues)
    return Project(source.root, tuple(kabupaten)), sorted(set(issues))


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


def _try_compute(kabupaten: list[Kabupaten]) -> list[Issue]:
    """Run the computations and narratives once, so errors only they can find surface here
    (a division by zero, a misspelt name in a narrative, raw HTML in a narrative)."""
    from generator.compute.report import hitung
    from generator.narasi import narasi_html
    from generator.site import narrative_values

    issues: list[Issue] = []
    for kab in kabupaten:
        for kec in kab.kecamatan:
            for year in kec.tahun:
                try:
                    hasil = hitung(kab, kec, year)
                except DataErrors as exc:
                    issues += exc.issues
                    continue
                issues += _uncomputable(year, hasil)
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


def _validate_files(
    docs: dict[str, Document], schema: dict[str, type[BaseModel]], issues: list[Issue]
) -> dict[str, Any]:
    """Validate each present document; return the models of those that are valid."""
    models: dict[str, Any] = {}
    for name, model_cls in schema.items():
        doc = docs.get(name)
        if doc is None:
            continue
        model, problems = validate_document(doc, model_cls)
        issues += problems
        if model is not None:
            models[name] = model
    return models


def _validate_kabupaten(source: KabupatenSource, issues: list[Issue]) -> Kabupaten | None:
    models = _validate_files(source.docs, KABUPATEN_FILES, issues)
    kecamatan = tuple(
        kec for kec in (_validate_kecamatan(k, issues) for k in source.kecamatan) if kec is not None
    )
    if "kabupaten.yaml" not in models:
        return None
    return Kabupaten(
        source.slug, source.folder, models["kabupaten.yaml"], kecamatan, source.docs, source.berkas
    )


def _validate_kecamatan(source: KecamatanSource, issues: list[Issue]) -> Kecamatan | None:
    models = _validate_files(source.docs, KECAMATAN_FILES, issues)
    years = [_validate_year(y, issues) for y in source.years]
    if len(models) < len(KECAMATAN_FILES) or None in years:
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


def _validate_year(source: YearSource, issues: list[Issue]) -> ReportYear | None:
    models = _validate_files(source.docs, YEAR_FILES, issues)
    required = [name for name in YEAR_FILES if name != "evaluasi.yaml"]
    if any(name not in models for name in required):
        return None
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
