"""Checks that span fields or files: references, uniqueness, scales, budgets, formulas.

Each function takes validated models plus their source documents and returns located
issues; none of them raises for bad data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import PurePosixPath

from generator.bands import scale_problems
from generator.crosscheck_hitungan import check_hitungan
from generator.errors import Issue, Severity
from generator.formatting import rupiah
from generator.formula import FormulaError, evaluation_order, parse_formula
from generator.load import MAX_IMAGE_PIXELS, MAX_PUBLISHED_BYTES, FileInfo
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.schema.base import Rentang
from generator.schema.kecamatan import IndikatorRenstra
from generator.schema.tahun import Capaian, IndikatorProgram, Kegiatan, Program, SubKegiatan
from generator.yamlsource import Document, Loc

WARNING = Severity.WARNING


def check_kabupaten(kab: Kabupaten) -> list[Issue]:
    """Check scales, the regulation registry and the computation rules of a kabupaten."""
    doc, settings = kab.docs["kabupaten.yaml"], kab.settings
    issues = doc.duplicates(
        [(("regulasi", i, "id"), r.id) for i, r in enumerate(settings.regulasi)]
    )
    reg_ids = {r.id for r in settings.regulasi}
    for name, skala in settings.skala.items():
        if skala.sumber not in reg_ids:
            issues.append(
                doc.issue(("skala", name, "sumber"), _unknown("regulasi", skala.sumber, reg_ids))
            )
        for index, message in scale_problems(skala):
            issues.append(doc.issue(("skala", name, "pita", index), message))
    if settings.logo is not None:
        issues += _check_file_ref(doc, ("logo",), settings.logo, kab.berkas, IMAGE)
    if settings.aturan.skala_capaian not in settings.skala:
        issues.append(
            doc.issue(
                ("aturan", "skala_capaian"),
                _unknown("skala", settings.aturan.skala_capaian, set(settings.skala)),
            )
        )
    return issues


def check_kecamatan(kab: Kabupaten, kec: Kecamatan) -> list[Issue]:
    """Check a kecamatan's profile and Renstra, and each of its report years."""
    issues = check_kecamatan_files(kab, kec)
    for year in kec.tahun:
        issues += check_year(kab, kec, year)
    return issues


def check_kecamatan_files(kab: Kabupaten, kec: Kecamatan) -> list[Issue]:
    """Check a kecamatan's own files: its profile and its Renstra."""
    return _check_profile(kab, kec) + _check_renstra(kab, kec)


def _check_profile(kab: Kabupaten, kec: Kecamatan) -> list[Issue]:
    doc, profil = kec.docs["kecamatan.yaml"], kec.profil
    issues = doc.duplicates(
        [(("organisasi", i, "id"), u.id) for i, u in enumerate(profil.organisasi)]
    )
    issues += doc.duplicates([(("regulasi", i, "id"), r.id) for i, r in enumerate(profil.regulasi)])
    kab_regs = {r.id for r in kab.settings.regulasi}
    for i, reg in enumerate(profil.regulasi):
        if reg.id in kab_regs:
            issues.append(
                doc.issue(("regulasi", i, "id"), f"id '{reg.id}' sudah dipakai di kabupaten.yaml")
            )
    units = {u.id for u in profil.organisasi}
    for i, unit in enumerate(profil.organisasi):
        if unit.induk is not None and unit.induk not in units:
            issues.append(
                doc.issue(("organisasi", i, "induk"), _unknown("unit", unit.induk, units))
            )
    regs = _regulations(kab, kec)
    for i, ref in enumerate(profil.dasar_hukum_organisasi):
        if ref not in regs:
            issues.append(doc.issue(("dasar_hukum_organisasi", i), _unknown("regulasi", ref, regs)))
    if profil.bagan_organisasi is not None:
        issues += _check_file_ref(
            doc,
            ("bagan_organisasi", "berkas"),
            profil.bagan_organisasi.berkas,
            kec.berkas,
            IMAGE,
        )
    years = [
        (("riwayat_anggaran", i, "tahun"), str(a.tahun))
        for i, a in enumerate(profil.riwayat_anggaran)
    ]
    return issues + doc.duplicates(years)


def _check_renstra(kab: Kabupaten, kec: Kecamatan) -> list[Issue]:
    doc, renstra = kec.docs["renstra.yaml"], kec.renstra
    issues: list[Issue] = []
    located = list(renstra_indicators(kec))
    issues += doc.duplicates([((*loc, "id"), ind.id) for loc, ind in located])
    for loc, ind in located:
        for year in ind.target:
            if year not in renstra.periode.tahun:
                issues.append(
                    doc.issue(
                        (*loc, "target", year),
                        f"tahun {year} di luar periode Renstra "
                        f"{renstra.periode.mulai}–{renstra.periode.selesai}",
                    )
                )
        if ind.skala is not None and ind.skala not in kab.settings.skala:
            issues.append(
                doc.issue((*loc, "skala"), _unknown("skala", ind.skala, set(kab.settings.skala)))
            )
        if ind.rumus is not None:
            try:
                parse_formula(ind.rumus)
            except FormulaError as exc:
                issues.append(doc.issue((*loc, "rumus"), str(exc)))
    return issues


def renstra_indicators(kec: Kecamatan) -> Iterator[tuple[Loc, IndikatorRenstra]]:
    """Yield every Renstra indicator with its key path in renstra.yaml."""
    for t, tujuan in enumerate(kec.renstra.tujuan):
        for i, ind in enumerate(tujuan.indikator):
            yield ("tujuan", t, "indikator", i), ind
        for s, sasaran in enumerate(tujuan.sasaran):
            for i, ind in enumerate(sasaran.indikator):
                yield ("tujuan", t, "sasaran", s, "indikator", i), ind


def program_units(year: ReportYear) -> Iterator[tuple[Loc, Program | Kegiatan | SubKegiatan, bool]]:
    """Yield every program, kegiatan and sub-kegiatan with its key path and budget flag."""
    for p, prog in enumerate(year.program.program):
        yield ("program", p), prog, prog.tanpa_anggaran
        for k, keg in enumerate(prog.kegiatan):
            yield ("program", p, "kegiatan", k), keg, prog.tanpa_anggaran or keg.tanpa_anggaran
            for s, sub in enumerate(keg.sub_kegiatan):
                unbudgeted = prog.tanpa_anggaran or keg.tanpa_anggaran or sub.tanpa_anggaran
                yield ("program", p, "kegiatan", k, "sub_kegiatan", s), sub, unbudgeted


def check_year(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> list[Issue]:
    """Check one report year against its kecamatan and kabupaten."""
    issues = _check_laporan(kab, kec, year)
    issues += _check_program(kec, year)
    issues += _check_pk(kec, year)
    issues += _check_kinerja(kec, year)
    issues += _check_evaluasi(kab, year)
    issues += _check_plausible(kab, kec, year)
    return issues


def _check_laporan(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> list[Issue]:
    doc, lap = year.docs["laporan.yaml"], year.laporan
    issues: list[Issue] = []
    if lap.tahun != year.tahun:
        issues.append(
            doc.issue(("tahun",), f"tahun {lap.tahun} tidak sama dengan nama folder {year.tahun}")
        )
    period = kec.renstra.periode
    if year.tahun not in period.tahun:
        issues.append(
            doc.issue(
                ("tahun",),
                f"tahun {year.tahun} di luar periode Renstra {period.mulai}–{period.selesai}",
            )
        )
    if lap.tanggal.year < year.tahun:
        issues.append(
            doc.issue(("tanggal",), f"tanggal {lap.tanggal} sebelum tahun laporan {year.tahun}")
        )
    regs = _regulations(kab, kec)
    for i, ref in enumerate(lap.dasar_hukum):
        if ref not in regs:
            issues.append(doc.issue(("dasar_hukum", i), _unknown("regulasi", ref, regs)))
    if lap.pegawai is not None:
        for t, tabel in enumerate(lap.pegawai.tabel):
            for b, baris in enumerate(tabel.baris):
                if len(baris.jumlah) != len(tabel.kolom):
                    issues.append(
                        doc.issue(
                            ("pegawai", "tabel", t, "baris", b, "jumlah"),
                            f"berisi {len(baris.jumlah)} angka, padahal ada {len(tabel.kolom)} kolom",
                        )
                    )
    issues += check_hitungan(doc, lap.tabel_hitungan)
    known = _indicator_ids(kec, year)
    for i, row in enumerate(lap.rkt):
        if row.indikator not in known:
            issues.append(
                doc.issue(("rkt", i, "indikator"), _unknown("indikator", row.indikator, known))
            )
    seen: dict[str, int] = {}
    for i, att in enumerate(lap.lampiran):
        loc = ("lampiran", i, "berkas")
        issues += _check_file_ref(doc, loc, att.berkas, year.berkas, PDF, ATTACHMENT_FOLDER)
        first = seen.setdefault(att.berkas.lower(), i)
        if first != i and lap.lampiran[first].berkas != att.berkas:
            # One file to a web server or a zip unpacked on Windows/macOS: one link would
            # serve the other attachment.
            other = lap.lampiran[first].berkas
            line = doc.locate(("lampiran", first, "berkas"))[0]
            message = f"berkas '{att.berkas}' hanya beda huruf besar/kecil dengan '{other}' (baris {line})"
            issues.append(doc.issue(loc, message))
    return issues + _undeclared(year)


def _undeclared(year: ReportYear) -> list[Issue]:
    """Warn about each file in lampiran/ that laporan.yaml does not list: it is not
    published (only declared files are), and the author may have forgotten to list it."""
    declared = {PurePosixPath(att.berkas).as_posix() for att in year.laporan.lampiran}
    return [
        Issue(
            info.display,
            1,
            1,
            "",
            "berkas tidak dirujuk di laporan.yaml (lampiran[].berkas), jadi tidak diterbitkan",
            WARNING,
        )
        for rel, info in sorted(year.berkas.items())
        if rel.startswith(f"{ATTACHMENT_FOLDER}/") and rel not in declared and not info.is_symlink
    ]


def _check_program(kec: Kecamatan, year: ReportYear) -> list[Issue]:
    doc = year.docs["program.yaml"]
    units = {u.id for u in kec.profil.organisasi}
    renstra_ids = {ind.id for _, ind in renstra_indicators(kec)}
    issues: list[Issue] = []
    entries = list(program_units(year))
    issues += doc.duplicates([((*loc, "kode"), unit.kode) for loc, unit, _ in entries])
    ids = [
        ((*loc, "indikator", i, "id"), ind.id)
        for loc, unit, _ in entries
        for i, ind in enumerate(unit.indikator)
        if ind.id is not None
    ]
    issues += doc.duplicates(ids)
    for loc, unit, unbudgeted in entries:
        if unit.unit is not None and unit.unit not in units:
            issues.append(doc.issue((*loc, "unit"), _unknown("unit organisasi", unit.unit, units)))
        if isinstance(unit, Program):
            for i, ref in enumerate(unit.mendukung):
                if ref not in renstra_ids:
                    issues.append(
                        doc.issue(
                            (*loc, "mendukung", i), _unknown("indikator renstra", ref, renstra_ids)
                        )
                    )
        if isinstance(unit, SubKegiatan):
            issues += _check_budget(doc, loc, unit, unbudgeted)
        if isinstance(unit, Kegiatan) and not unit.sub_kegiatan and not unbudgeted:
            issues.append(
                doc.issue(
                    (*loc, "sub_kegiatan"),
                    "kegiatan tanpa sub kegiatan harus diberi tanpa_anggaran: true",
                )
            )
    issues += _check_codes(doc, year)
    return issues


def _check_budget(doc: Document, loc: Loc, sub: SubKegiatan, unbudgeted: bool) -> list[Issue]:
    if sub.anggaran is None:
        if unbudgeted:
            return []
        return [doc.issue(loc, "sub kegiatan wajib punya anggaran, atau tanpa_anggaran: true")]
    if unbudgeted:
        return [
            doc.issue(
                (*loc, "anggaran"),
                "sub kegiatan bertanda tanpa_anggaran tidak boleh punya anggaran",
            )
        ]
    pagu = sub.anggaran.pagu
    final = next(v for v in (pagu.perubahan, pagu.pergeseran, pagu.induk) if v is not None)
    if sub.anggaran.realisasi > final:
        return [
            doc.issue(
                (*loc, "anggaran", "realisasi"),
                f"realisasi ({rupiah(sub.anggaran.realisasi)}) melebihi pagu ({rupiah(final)})",
                severity=WARNING,
            )
        ]
    return []


def _check_codes(doc: Document, year: ReportYear) -> list[Issue]:
    issues = []
    for p, prog in enumerate(year.program.program):
        for k, keg in enumerate(prog.kegiatan):
            if not keg.kode.startswith(prog.kode + "."):
                issues.append(
                    doc.issue(
                        ("program", p, "kegiatan", k, "kode"),
                        f"kode '{keg.kode}' tidak diawali kode program '{prog.kode}.'",
                        severity=WARNING,
                    )
                )
            for s, sub in enumerate(keg.sub_kegiatan):
                if not sub.kode.startswith(keg.kode + "."):
                    issues.append(
                        doc.issue(
                            ("program", p, "kegiatan", k, "sub_kegiatan", s, "kode"),
                            f"kode '{sub.kode}' tidak diawali kode kegiatan '{keg.kode}.'",
                            severity=WARNING,
                        )
                    )
    return issues


def _check_pk(kec: Kecamatan, year: ReportYear) -> list[Issue]:
    doc = year.docs["pk.yaml"]
    issues: list[Issue] = []
    issues += _check_pk_kinds(year)
    known = _indicator_ids(kec, year)
    codes = {p.kode for p in year.program.program}
    for i, pk in enumerate(year.pk.perjanjian):
        if pk.tanggal.year not in (year.tahun - 1, year.tahun):
            issues.append(
                doc.issue(
                    ("perjanjian", i, "tanggal"),
                    f"tanggal {pk.tanggal} bukan pada tahun {year.tahun}",
                )
            )
        issues += doc.duplicates(
            [
                (("perjanjian", i, "sasaran", s, "indikator"), row.indikator)
                for s, row in enumerate(pk.sasaran)
            ],
        )
        for s, row in enumerate(pk.sasaran):
            if row.indikator not in known:
                issues.append(
                    doc.issue(
                        ("perjanjian", i, "sasaran", s, "indikator"),
                        _unknown("indikator", row.indikator, known),
                    )
                )
        for a, budget in enumerate(pk.anggaran):
            if budget.program not in codes:
                issues.append(
                    doc.issue(
                        ("perjanjian", i, "anggaran", a, "program"),
                        _unknown("kode program", budget.program, codes),
                    )
                )
    return issues + _check_pk_budget(year)


def _check_pk_kinds(year: ReportYear) -> list[Issue]:
    """At most one PK awal and one PK Perubahan, the amendment not dated before the PK it
    amends. A PK Perubahan alone is valid: many reports attach only the amended PK."""
    doc = year.docs["pk.yaml"]
    issues: list[Issue] = []
    kinds = [pk.jenis for pk in year.pk.perjanjian]
    for i, kind in enumerate(kinds):
        earlier = kinds.index(kind)
        if earlier != i:
            issues.append(
                doc.issue(
                    ("perjanjian", i, "jenis"),
                    f"PK jenis '{kind}' sudah ada di perjanjian[{earlier}]; satu tahun memuat "
                    "paling banyak satu PK awal dan satu PK Perubahan (yang berlaku)",
                )
            )
    dated: dict[str, tuple[int, dt.date]] = {}
    for i, pk in enumerate(year.pk.perjanjian):
        # A date outside the report year is its own error; comparing it would repeat it.
        if pk.tanggal.year in (year.tahun - 1, year.tahun):
            dated.setdefault(pk.jenis, (i, pk.tanggal))
    if "awal" in dated and "perubahan" in dated and dated["perubahan"][1] < dated["awal"][1]:
        index, amended = dated["perubahan"]
        issues.append(
            doc.issue(
                ("perjanjian", index, "tanggal"),
                f"PK Perubahan bertanggal {amended}, sebelum PK awal yang diubahnya "
                f"({dated['awal'][1]})",
            )
        )
    return issues


def _check_pk_budget(year: ReportYear) -> list[Issue]:
    """The PK in force should promise each program the budget the sub-kegiatan add up to."""
    doc = year.docs["pk.yaml"]
    index, pk = max(enumerate(year.pk.perjanjian), key=lambda item: item[1].jenis == "perubahan")
    pagu: dict[str, int] = {}
    for prog in year.program.program:
        subs = [s for k in prog.kegiatan for s in k.sub_kegiatan if s.anggaran is not None]
        pagu[prog.kode] = sum(s.anggaran.pagu.tahap()[2] for s in subs if s.anggaran)
    issues = []
    for a, budget in enumerate(pk.anggaran):
        computed = pagu.get(budget.program)
        if computed is not None and computed != budget.jumlah:
            issues.append(
                doc.issue(
                    ("perjanjian", index, "anggaran", a, "jumlah"),
                    f"anggaran PK {rupiah(budget.jumlah)} berbeda dengan jumlah pagu sub kegiatan "
                    f"program ini {rupiah(computed)}",
                    severity=WARNING,
                )
            )
    return issues


def _check_kinerja(kec: Kecamatan, year: ReportYear) -> list[Issue]:
    doc = year.docs["kinerja.yaml"]
    renstra = {ind.id: ind for _, ind in renstra_indicators(kec)}
    issues = doc.duplicates(
        [
            (("indikator", i, "indikator"), row.indikator)
            for i, row in enumerate(year.kinerja.indikator)
        ],
    )
    for i, row in enumerate(year.kinerja.indikator):
        ind = renstra.get(row.indikator)
        if ind is None:
            issues.append(
                doc.issue(
                    ("indikator", i, "indikator"),
                    _unknown("indikator renstra", row.indikator, set(renstra)),
                )
            )
            continue
        if ind.rumus is not None and (
            row.realisasi is not None or row.realisasi_triwulan is not None
        ):
            issues.append(
                doc.issue(
                    ("indikator", i, "realisasi"),
                    f"realisasi '{ind.id}' dihitung dari rumus; jangan diisi manual",
                )
            )
        issues += _check_history(doc, ("indikator", i), row.riwayat, year.tahun)
    for loc, unit, _ in program_units(year):
        for n, program_ind in enumerate(unit.indikator):
            issues += _check_history(
                year.docs["program.yaml"], (*loc, "indikator", n), program_ind.riwayat, year.tahun
            )
    for name in year.kinerja.nilai_dasar:
        if name in renstra:
            issues.append(
                doc.issue(
                    ("nilai_dasar", name), f"nama '{name}' sudah dipakai sebagai id indikator"
                )
            )
    issues += _check_formulas(kec, year)
    return issues


def _check_history(doc: Document, loc: Loc, riwayat: list, tahun: int) -> list[Issue]:  # type: ignore[type-arg]
    issues = doc.duplicates(
        [((*loc, "riwayat", r, "tahun"), str(h.tahun)) for r, h in enumerate(riwayat)]
    )
    for r, h in enumerate(riwayat):
        if h.tahun >= tahun:
            issues.append(
                doc.issue((*loc, "riwayat", r, "tahun"), f"riwayat harus sebelum tahun {tahun}")
            )
    return issues


def _check_formulas(kec: Kecamatan, year: ReportYear) -> list[Issue]:
    doc = kec.docs["renstra.yaml"]
    names = _indicator_ids(kec, year) | set(year.kinerja.nilai_dasar)
    formulas = {}
    issues: list[Issue] = []
    for loc, ind in renstra_indicators(kec):
        if ind.rumus is None:
            continue
        try:
            formula = parse_formula(ind.rumus)
        except FormulaError:
            continue  # already reported by _check_renstra
        unknown = sorted(formula.names - names)
        for name in unknown:
            hint = _hint(name, names)
            issues.append(
                doc.issue((*loc, "rumus"), f"rumus memakai '{name}' yang tidak dikenal{hint}")
            )
        if not unknown:
            formulas[ind.id] = formula
    try:
        evaluation_order(formulas)
    except FormulaError as exc:
        first = next(loc for loc, ind in renstra_indicators(kec) if ind.id in formulas)
        issues.append(doc.issue((*first, "rumus"), str(exc)))
    return issues


# Plausible ranges that hold for almost every indicator of these units; a kabupaten's
# aturan.rentang_wajar replaces them per unit, an indicator's own rentang_wajar wins.
DEFAULT_RANGES = {
    "%": Rentang(min=Decimal(0), maks=Decimal(100)),
    "persen": Rentang(min=Decimal(0), maks=Decimal(100)),
    "indeks": Rentang(min=Decimal(0), maks=Decimal(100)),
}


def plausible_range(kab: Kabupaten, ind: IndikatorRenstra | IndikatorProgram) -> Rentang | None:
    """The range an indicator's values should fall in, or None when none is declared."""
    if ind.rentang_wajar is not None:
        return ind.rentang_wajar
    ranges = {
        **DEFAULT_RANGES,
        **{k.strip().lower(): v for k, v in kab.settings.aturan.rentang_wajar.items()},
    }
    return ranges.get(ind.satuan.strip().lower())


def _check_plausible(kab: Kabupaten, kec: Kecamatan, year: ReportYear) -> list[Issue]:
    """Warn about entered values outside their indicator's plausible range: a forgotten
    decimal comma (IKM 8861 for 88,61) otherwise yields a capaian of 10.548,81 %."""
    issues: list[Issue] = []
    renstra = {ind.id: (loc, ind) for loc, ind in renstra_indicators(kec)}
    doc = kec.docs["renstra.yaml"]
    for loc, ind in renstra.values():
        span = plausible_range(kab, ind)
        if span is not None and year.tahun in ind.target:
            where = (*loc, "target", year.tahun)
            issues += _outside(doc, where, ind.target[year.tahun], span, ind.id)
    doc = year.docs["kinerja.yaml"]
    for i, row in enumerate(year.kinerja.indikator):
        if row.indikator in renstra:
            span = plausible_range(kab, renstra[row.indikator][1])
            if span is not None:
                issues += _measured(doc, ("indikator", i), row, span, row.indikator)
    doc = year.docs["pk.yaml"]
    for p, pk in enumerate(year.pk.perjanjian):
        for s, target in enumerate(pk.sasaran):
            found = renstra.get(target.indikator)
            span = plausible_range(kab, found[1]) if found else None
            if span is not None:
                where = ("perjanjian", p, "sasaran", s)
                issues += _outside(doc, (*where, "target"), target.target, span, target.indikator)
                for q, value in enumerate(target.triwulan or []):
                    issues += _outside(doc, (*where, "triwulan", q), value, span, target.indikator)
    doc = year.docs["program.yaml"]
    for loc, unit, _ in program_units(year):
        for n, program_ind in enumerate(unit.indikator):
            span = plausible_range(kab, program_ind)
            if span is not None:
                where = (*loc, "indikator", n)
                name = program_ind.id or program_ind.nama
                issues += _outside(doc, (*where, "target"), program_ind.target, span, name)
                issues += _measured(doc, where, program_ind, span, name)
    return issues


def _measured(doc: Document, loc: Loc, row: Capaian, span: Rentang, name: str) -> list[Issue]:
    issues = _outside(doc, (*loc, "realisasi"), row.realisasi, span, name)
    for q, value in enumerate(row.realisasi_triwulan or []):
        issues += _outside(doc, (*loc, "realisasi_triwulan", q), value, span, name)
    for r, past in enumerate(row.riwayat):
        issues += _outside(doc, (*loc, "riwayat", r, "target"), past.target, span, name)
        issues += _outside(doc, (*loc, "riwayat", r, "realisasi"), past.realisasi, span, name)
    for b, bench in enumerate(row.pembanding):
        issues += _outside(doc, (*loc, "pembanding", b, "nilai"), bench.nilai, span, name)
    return issues


def _outside(
    doc: Document, loc: Loc, value: Decimal | Rentang | None, span: Rentang, name: str
) -> list[Issue]:
    values = [value.min, value.maks] if isinstance(value, Rentang) else [value]
    wrong = [v for v in values if v is not None and not span.min <= v <= span.maks]
    if not wrong:
        return []
    return [
        doc.issue(
            loc,
            f"nilai {plain_number(wrong[0])} di luar rentang wajar {plain_number(span.min)}–"
            f"{plain_number(span.maks)} untuk '{name}'; koma desimal terlupa? (bila nilai itu benar, "
            "atur rentang_wajar indikatornya)",
            severity=WARNING,
        )
    ]


def plain_number(value: Decimal) -> str:
    """A number as typed, with a decimal comma and no thousands separator (8861, 88,61),
    so a missing comma is visible."""
    return format(value.normalize(), "f").replace(".", ",")


def _check_evaluasi(kab: Kabupaten, year: ReportYear) -> list[Issue]:
    sakip = year.evaluasi.sakip
    if sakip is None:
        return []
    doc = year.docs["evaluasi.yaml"]
    issues = []
    if sakip.skala not in kab.settings.skala:
        issues.append(
            doc.issue(("sakip", "skala"), _unknown("skala", sakip.skala, set(kab.settings.skala)))
        )
    if sakip.tahun_dievaluasi > year.tahun:
        issues.append(
            doc.issue(
                ("sakip", "tahun_dievaluasi"),
                f"tahun dievaluasi setelah tahun laporan {year.tahun}",
            )
        )
    return issues


def _indicator_ids(kec: Kecamatan, year: ReportYear) -> set[str]:
    ids = {ind.id for _, ind in renstra_indicators(kec)}
    for _, unit, _ in program_units(year):
        ids |= {ind.id for ind in unit.indikator if ind.id is not None}
    return ids


def _regulations(kab: Kabupaten, kec: Kecamatan) -> set[str]:
    return {r.id for r in kab.settings.regulasi} | {r.id for r in kec.profil.regulasi}


ATTACHMENT_FOLDER = "lampiran"
# Which content each kind of published file may have, by suffix. A web server picks the
# Content-Type from the suffix, so the suffix and the content must agree: an HTML page
# named .pdf is harmless only because it is refused here. SVG is refused, as it can run
# script on the site's origin (and no well-kept SVG sanitiser is available to us).
PDF = {".pdf": "pdf"}
IMAGE = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}
_TYPE_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}
_SAFE_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def _check_file_ref(
    doc: Document,
    loc: Loc,
    ref: str,
    berkas: dict[str, FileInfo],
    allowed: dict[str, str],
    folder: str | None = None,
) -> list[Issue]:
    """A file the data declares for publishing: inside the data folder (and in ``folder``
    when given), no symbolic link, a safe name, at most MAX_PUBLISHED_BYTES, and content
    of an allowed type."""
    path = PurePosixPath(ref)
    if path.is_absolute() or ".." in path.parts or "\\" in ref:
        return [doc.issue(loc, f"path '{ref}' harus relatif dan tetap di dalam folder data")]
    if folder is not None and (len(path.parts) < 2 or path.parts[0] != folder):
        return [doc.issue(loc, f"berkas '{ref}' harus berada di folder {folder}/")]
    if not all(_SAFE_PART.fullmatch(part) for part in path.parts):
        return [
            doc.issue(
                loc,
                f"nama berkas '{ref}' hanya boleh berisi huruf, angka, '.', '_' dan '-' "
                "(tanpa spasi); ganti nama berkasnya",
            )
        ]
    info = berkas.get(path.as_posix())
    if info is None:
        return [doc.issue(loc, f"berkas '{ref}' tidak ditemukan")]
    if info.is_symlink:
        return [doc.issue(loc, f"berkas '{ref}' adalah tautan simbolik; salin berkas aslinya")]
    if info.size > MAX_PUBLISHED_BYTES:
        return [
            doc.issue(
                loc,
                f"berkas '{ref}' terlalu besar ({info.size} byte; batas "
                f"{MAX_PUBLISHED_BYTES // (1024 * 1024)} MB); perkecil atau pecah berkasnya",
            )
        ]
    return _check_type(doc, loc, ref, info, allowed)


def _check_type(
    doc: Document, loc: Loc, ref: str, info: FileInfo, allowed: dict[str, str]
) -> list[Issue]:
    suffix = PurePosixPath(ref).suffix.lower()
    names = " atau ".join(dict.fromkeys(_TYPE_NAMES[k] for k in allowed.values()))
    if suffix == ".svg" or info.jenis == "svg":
        return [
            doc.issue(
                loc,
                f"berkas '{ref}' berformat SVG, yang dapat menjalankan skrip; "
                f"ubah ke {names} lalu rujuk berkas itu",
            )
        ]
    if suffix not in allowed:
        return [
            doc.issue(loc, f"berkas '{ref}' harus {names} ({', '.join(allowed)}), bukan '{suffix}'")
        ]
    if info.jenis != allowed[suffix]:
        if allowed == PDF:
            return [doc.issue(loc, f"berkas '{ref}' bukan PDF")]
        return [
            doc.issue(
                loc, f"isi berkas '{ref}' bukan gambar {_TYPE_NAMES[allowed[suffix]]} yang utuh"
            )
        ]
    if info.piksel > MAX_IMAGE_PIXELS:
        return [
            doc.issue(
                loc,
                f"gambar '{ref}' terlalu besar (lebih dari {MAX_IMAGE_PIXELS // 1_000_000} juta "
                "piksel, mis. 5000×5000); perkecil ukuran gambarnya",
            )
        ]
    return []


def _unknown(kind: str, value: str, known: set[str]) -> str:
    return f"{kind} '{value}' tidak dikenal{_hint(value, known)}"


def _hint(value: str, known: set[str]) -> str:
    """'; maksud Anda …?' for a close match, else the known names when they are few."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"; maksud Anda '{close[0]}'?"
    if 0 < len(known) <= 8:
        return f"; yang ada: {', '.join(sorted(known))}"
    return ""
