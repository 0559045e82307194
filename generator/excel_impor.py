"""Read a filled workbook back: map every input cell onto the YAML value it came from.

A cell changes the data only when its value differs (as a value, not as text) from the
current data, so a workbook imported without edits changes nothing. Every refused cell
is collected; rows are found by their key columns, never by position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.compute.indikator import realisasi_of
from generator.crosscheck import program_units, renstra_indicators
from generator.errors import DataErrors
from generator.excel_layout import (
    ANGGARAN,
    BAGIAN_PK,
    DATA_ROW,
    HEADER_ROW,
    JENIS_PEMBANDING,
    JENIS_PK,
    NILAI_DASAR,
    PEMBANDING,
    PK,
    POLARITAS,
    PROGRAM,
    STAGES,
    TINGKAT,
    TITLE_ROW,
    TOTAL_KEY,
    Lembar,
    Tahun,
    derived_renstra,
    indikator,
    indikator_labels,
    kinerja_rows,
    label_of,
    lembar_isian,
    pemilik,
    program_indicators,
    renstra_ukur,
    title,
    title_owner,
    unit_labels,
)
from generator.excel_sel import (
    Bad,
    CellError,
    SelIssue,
    SheetReader,
    choice,
    lookup,
    number,
    required_number,
    required_text,
    rupiah,
    same_number,
    same_target,
    sel_issue,
    sheet_issue,
    show,
    target,
    text,
    whole,
)
from generator.schema.base import Rentang
from generator.schema.tahun import Kegiatan, Pembanding, Program, SubKegiatan
from generator.yamledit import YamlEditor
from generator.yamlsource import Loc, format_loc

T = TypeVar("T")
MAX_SHOWN = 50  # refused cells listed; the rest are counted ("… dan 299.950 masalah lain")


@dataclass(frozen=True)
class Perubahan:
    """One value the import changes: where it was typed, where it goes, old and new."""

    sel: str  # "Sheet Anggaran, sel F5"
    berkas: str  # "program.yaml"
    kunci: str  # "program[0].kegiatan[1].sub_kegiatan[0].anggaran.realisasi"
    lama: str
    baru: str

    def format(self) -> str:
        """One line of the change list."""
        return f"{self.sel}: {self.berkas} {self.kunci}: {self.lama} → {self.baru}"


def yaml_value(value: Any) -> Any:
    """A parsed cell value as written to YAML (ranges become {min, maks})."""
    if isinstance(value, Rentang):
        return {"min": value.min, "maks": value.maks}
    return value


@dataclass
class Rencanaan:
    """The changes being planned, per YAML file, before any text is produced."""

    texts: dict[str, str]  # original text by file name ("program.yaml", …)
    kinerja_index: dict[str, int]  # row of each indicator in kinerja.yaml
    perubahan: list[Perubahan] = field(default_factory=list)
    _editors: dict[str, YamlEditor] = field(default_factory=dict)
    _new_kinerja: dict[str, dict[str, Any]] = field(default_factory=dict)

    def editor(self, berkas: str) -> YamlEditor:
        """The editor of one file, created on first use."""
        if berkas not in self._editors:
            self._editors[berkas] = YamlEditor(self.texts[berkas])
        return self._editors[berkas]

    def set(self, where: str, berkas: str, loc: Loc, old: Any, new: Any) -> None:
        """Plan ``loc`` in ``berkas`` to become ``new``."""
        self.editor(berkas).set(loc, yaml_value(new))
        self.perubahan.append(Perubahan(where, berkas, format_loc(loc), show(old), show(new)))

    def append(self, where: str, berkas: str, loc: Loc, item: dict[str, Any]) -> None:
        """Plan a new item at the end of the list at ``loc``."""
        self.editor(berkas).append(loc, {k: yaml_value(v) for k, v in item.items()})
        self.perubahan.append(Perubahan(where, berkas, format_loc(loc), "(baris baru)", show(item)))

    def kinerja(self, where: str, ident: str, key: str, old: Any, new: Any) -> None:
        """Plan a field of an indicator's kinerja.yaml row, creating the row if needed."""
        index = self.kinerja_index.get(ident)
        if index is not None:
            self.set(where, "kinerja.yaml", ("indikator", index, key), old, new)
            return
        row = self._new_kinerja.setdefault(ident, {"indikator": ident})
        row[key] = yaml_value(new)
        kunci = f"indikator[baru: {ident}].{key}"
        self.perubahan.append(Perubahan(where, "kinerja.yaml", kunci, show(old), show(new)))

    def kinerja_pembanding(self, where: str, ident: str, item: dict[str, Any]) -> None:
        """Plan a new benchmark of a Renstra indicator."""
        index = self.kinerja_index.get(ident)
        if index is not None:
            self.append(where, "kinerja.yaml", ("indikator", index, "pembanding"), item)
            return
        row = self._new_kinerja.setdefault(ident, {"indikator": ident})
        row.setdefault("pembanding", []).append({k: yaml_value(v) for k, v in item.items()})
        kunci = f"indikator[baru: {ident}].pembanding"
        self.perubahan.append(Perubahan(where, "kinerja.yaml", kunci, "(baris baru)", show(item)))

    def results(self) -> dict[str, str]:
        """The new text of every file the plan touches."""
        for row in self._new_kinerja.values():
            self.editor("kinerja.yaml").append(("indikator",), row)
        self._new_kinerja = {}
        return {name: editor.result() for name, editor in self._editors.items()}


def read_workbook(
    book: Workbook, formulas: Workbook, data: Tahun, texts: dict[str, str]
) -> Rencanaan:
    """Check the layout, read every input sheet and plan the changes; raise on any error.

    ``book`` holds the values (Excel's results for formula cells), ``formulas`` the same
    workbook with its formulas, to refuse formulas whose result was never saved.
    """
    layout = check_layout(book, data)
    if layout:
        raise DataErrors(layout, limit=MAX_SHOWN)
    uncomputed = _uncomputed_formulas(book, formulas, data)
    if uncomputed:
        raise DataErrors(uncomputed, limit=MAX_SHOWN)
    plan = Rencanaan(texts, {ident: i for ident, (i, _) in kinerja_rows(data.year).items()})
    issues: list[SelIssue] = []
    readers: list[tuple[Lembar, Callable[[SheetReader, Tahun, Rencanaan, Lembar], None]]] = [
        (indikator(data.tahun), _read_indikator),
        (PROGRAM, _read_program),
        (ANGGARAN, _read_anggaran),
        (PEMBANDING, _read_pembanding),
        (PK, _read_pk),
    ]
    if data.year.kinerja.nilai_dasar:
        readers.append((NILAI_DASAR, _read_nilai_dasar))
    for lembar, read in readers:
        ws = book[lembar.nama]
        assert isinstance(ws, Worksheet)
        read(SheetReader(ws, lembar.nama, issues), data, plan, lembar)
    if issues:
        raise DataErrors(issues, limit=MAX_SHOWN)
    return plan


def check_layout(book: Workbook, data: Tahun) -> list[SelIssue]:
    """Every input sheet present, for this kecamatan and year, with the exported headers."""
    issues = []
    for lembar in _sheets(data):
        if lembar.nama not in book.sheetnames or not isinstance(book[lembar.nama], Worksheet):
            issues.append(
                sheet_issue(
                    lembar.nama,
                    "sheet tidak ada di buku kerja; jangan mengganti nama atau menghapus sheet, "
                    "atau ekspor ulang dengan 'lkjip excel ekspor'",
                )
            )
            continue
        ws = book[lembar.nama]
        assert isinstance(ws, Worksheet)
        issues += _check_owner(ws, lembar, data)
        issues += _check_headers(ws, lembar)
    return issues


def _uncomputed_formulas(book: Workbook, formulas: Workbook, data: Tahun) -> list[SelIssue]:
    """Formula cells without a saved result (the file was not saved by a spreadsheet program)."""
    issues = []
    for lembar in _sheets(data):
        values, source = book[lembar.nama], formulas[lembar.nama]
        assert isinstance(values, Worksheet) and isinstance(source, Worksheet)
        for row in range(DATA_ROW, source.max_row + 1):
            for column in range(1, len(lembar.kolom) + 1):
                formula = source.cell(row, column).data_type == "f"
                if formula and values.cell(row, column).value is None:
                    issues.append(
                        sel_issue(
                            lembar.nama,
                            row,
                            column,
                            "sel berisi rumus Excel yang hasilnya tidak tersimpan; buka dan simpan "
                            "ulang buku kerja di Excel atau LibreOffice, atau ketik nilainya",
                        )
                    )
    return issues


def _sheets(data: Tahun) -> tuple[Lembar, ...]:
    return lembar_isian(data.tahun, bool(data.year.kinerja.nilai_dasar))


def _check_owner(ws: Worksheet, lembar: Lembar, data: Tahun) -> list[SelIssue]:
    """A sheet copied in from another kecamatan's or year's workbook is refused."""
    found = str(ws.cell(TITLE_ROW, lembar.pertama).value or "").strip()
    if found == title(lembar, data):
        return []
    owner = title_owner(found)
    if owner is None or owner == (pemilik(data), data.tahun):
        message = "judul sheet diubah; baris 1 harus menyebut kecamatan dan tahun buku kerja ini"
    else:
        message = (
            f"sheet ini untuk {owner[0]} tahun {owner[1]}, padahal buku kerja ini "
            f"untuk {pemilik(data)} tahun {data.tahun}"
        )
    return [sel_issue(lembar.nama, TITLE_ROW, lembar.pertama, message)]


def _check_headers(ws: Worksheet, lembar: Lembar) -> list[SelIssue]:
    issues = []
    for c, kolom in enumerate(lembar.kolom, start=1):
        found = ws.cell(HEADER_ROW, c).value
        if str(found or "").strip() != kolom.judul:
            issues.append(
                sel_issue(
                    lembar.nama,
                    HEADER_ROW,
                    c,
                    f"judul kolom seharusnya '{kolom.judul}', bukan '{found or ''}'; "
                    "jangan menyisipkan, menghapus atau memindahkan kolom",
                )
            )
    return issues


# --- helpers shared by the sheet readers ---------------------------------------------


def _rows(r: SheetReader, lembar: Lembar) -> Iterator[int]:
    """Rows that have something in a key or input column."""
    columns = [c for c, k in enumerate(lembar.kolom, start=1) if k.jenis in ("kunci", "masukan")]
    for row in range(DATA_ROW, r.ws.max_row + 1):
        if any(r.raw(row, c) is not None for c in columns):
            yield row


def _where(r: SheetReader, row: int, column: int) -> str:
    return f"Sheet {r.name}, sel {get_column_letter(column)}{row}"


def _required(parse: Callable[[Any], T | None]) -> Callable[[Any], T]:
    def read(value: Any) -> T:
        result = parse(value)
        if result is None:
            raise CellError("wajib diisi")
        return result

    return read


def _once(r: SheetReader, seen: dict[Any, int], key: Any, row: int, label: str) -> bool:
    """False (with an error) when ``key`` already had a row."""
    if key in seen:
        r.fail(row, 1, f"baris ganda: {label} sudah ada di baris {seen[key]}")
        return False
    seen[key] = row
    return True


@dataclass(frozen=True)
class _Field:
    """Where one input cell goes, and how to read and compare it."""

    column: int
    parse: Callable[[Any], Any]
    old: Any
    same: Callable[[Any, Any], bool] = lambda a, b: a == b


def _update(
    r: SheetReader, row: int, plan: Rencanaan, berkas: str, base: Loc, fields: dict[str, _Field]
) -> None:
    """Plan every field of one row whose cell differs from the data."""
    for key, f in fields.items():
        value = r.read(row, f.column, f.parse)
        if not isinstance(value, Bad) and not f.same(value, f.old):
            plan.set(_where(r, row, f.column), berkas, (*base, key), f.old, value)


def _check_derived(
    r: SheetReader, row: int, column: int, current: Decimal | None, why: str
) -> None:
    """A computed realisasi is locked: refuse a typed value that differs from it."""
    value = r.read(row, column, number)
    if not isinstance(value, Bad) and not same_number(value, current):
        r.fail(row, column, f"realisasi ini dihitung dari {why} dan tidak dapat diisi di sini")


# --- Indikator -------------------------------------------------------------------------


def _read_indikator(r: SheetReader, data: Tahun, plan: Rencanaan, lembar: Lembar) -> None:
    known = {ind.id: (loc, ind) for loc, ind in renstra_indicators(data.kec)}
    kinerja = kinerja_rows(data.year)
    ukur = renstra_ukur(data.hasil)
    seen: dict[Any, int] = {}
    for row in _rows(r, lembar):
        ident = r.read(row, 1, required_text)
        if isinstance(ident, Bad):
            continue
        if ident not in known:
            r.fail(row, 1, f"ID indikator '{ident}' tidak ada di renstra.yaml")
            continue
        if not _once(r, seen, ident, row, f"ID '{ident}'"):
            continue
        loc, ind = known[ident]
        current = kinerja[ident][1] if ident in kinerja else None
        fields = {
            "nama": _Field(lembar.col("Nama"), required_text, ind.nama),
            "satuan": _Field(lembar.col("Satuan"), required_text, ind.satuan),
            "polaritas": _Field(
                lembar.col("Polaritas"), _required(choice(POLARITAS, "polaritas")), ind.polaritas
            ),
        }
        _update(r, row, plan, "renstra.yaml", loc, fields)
        _update(
            r,
            row,
            plan,
            "renstra.yaml",
            (*loc, "target"),
            {
                str(data.tahun): _Field(
                    lembar.col("Target Renstra"), target, ind.target.get(data.tahun), same_target
                )
            },
        )
        column = lembar.col("Realisasi")
        if derived_renstra(ind, current):
            why = "rumus di renstra.yaml" if ind.rumus else "realisasi triwulan di kinerja.yaml"
            _check_derived(r, row, column, ukur[ident].realisasi, why)
        else:
            old = current.realisasi if current else None
            _kinerja_cell(r, row, column, number, plan, ident, "realisasi", old, same_number)
        old_source = current.sumber_data if current else None
        column = lembar.col("Sumber Data")
        _kinerja_cell(r, row, column, text, plan, ident, "sumber_data", old_source)


def _kinerja_cell(
    r: SheetReader,
    row: int,
    column: int,
    parse: Callable[[Any], Any],
    plan: Rencanaan,
    ident: str,
    key: str,
    old: Any,
    same: Callable[[Any, Any], bool] = lambda a, b: a == b,
) -> None:
    value = r.read(row, column, parse)
    if not isinstance(value, Bad) and not same(value, old):
        plan.kinerja(_where(r, row, column), ident, key, old, value)


# --- Program ---------------------------------------------------------------------------


def _read_program(r: SheetReader, data: Tahun, plan: Rencanaan, lembar: Lembar) -> None:
    units = {unit.kode: (loc, unit) for loc, unit, _ in program_units(data.year)}
    levels = {unit.kode: _tingkat(loc) for loc, unit, _ in program_units(data.year)}
    unit_parse = lookup(unit_labels(data), "unit")
    seen: dict[Any, int] = {}
    for row in _rows(r, lembar):
        tingkat = r.read(row, 1, _required(choice(TINGKAT, "tingkat")))
        kode = r.read(row, 2, required_text)
        nomor = r.read(row, lembar.col("No."), whole)
        if isinstance(tingkat, Bad) or isinstance(kode, Bad) or isinstance(nomor, Bad):
            continue
        if kode not in units:
            r.fail(row, 2, f"kode '{kode}' tidak ada di program.yaml tahun {data.tahun}")
            continue
        if tingkat != levels[kode]:
            shown = label_of(TINGKAT, tingkat)
            r.fail(
                row,
                1,
                f"tingkat '{shown}' tidak cocok: kode '{kode}' adalah "
                f"{label_of(TINGKAT, levels[kode])}",
            )
            continue
        label = f"kode '{kode}' indikator {nomor or '(tanpa nomor)'}"
        if _once(r, seen, (kode, nomor), row, label):
            _program_row(r, row, plan, lembar, *units[kode], nomor, unit_parse)


def _tingkat(loc: Loc) -> str:
    return {2: "program", 4: "kegiatan", 6: "sub_kegiatan"}[len(loc)]


def _program_row(
    r: SheetReader,
    row: int,
    plan: Rencanaan,
    lembar: Lembar,
    loc: Loc,
    unit: Program | Kegiatan | SubKegiatan,
    nomor: int | None,
    unit_parse: Callable[[Any], str | None],
) -> None:
    count = len(unit.indikator)
    if nomor is None and count:
        r.fail(row, lembar.col("No."), f"No. indikator wajib diisi (1–{count})")
        return
    if nomor is not None and nomor > count:
        r.fail(
            row,
            lembar.col("No."),
            f"indikator ke-{nomor} tidak ada pada kode '{unit.kode}' (ada {count})",
        )
        return
    if nomor in (None, 1):  # the unit's own fields are read from its first row only
        fields = {
            "nama": _Field(lembar.col("Nama"), required_text, unit.nama),
            "unit": _Field(lembar.col("Unit"), unit_parse, unit.unit),
        }
        _update(r, row, plan, "program.yaml", loc, fields)
    if nomor is None:
        _refuse_new_indicator(r, row, lembar, unit.kode)
        return
    _program_indicator(r, row, plan, lembar, (*loc, "indikator", nomor - 1), unit, nomor - 1)


def _refuse_new_indicator(r: SheetReader, row: int, lembar: Lembar, kode: str) -> None:
    for column in range(lembar.col("Indikator"), lembar.col("Realisasi") + 1):
        if r.raw(row, column) is not None:
            r.fail(
                row,
                column,
                f"kode '{kode}' belum punya indikator; tambahkan indikatornya di program.yaml",
            )
            return


def _program_indicator(
    r: SheetReader,
    row: int,
    plan: Rencanaan,
    lembar: Lembar,
    loc: Loc,
    unit: Program | Kegiatan | SubKegiatan,
    n: int,
) -> None:
    ind = unit.indikator[n]
    fields = {
        "nama": _Field(lembar.col("Indikator"), required_text, ind.nama),
        "satuan": _Field(lembar.col("Satuan"), required_text, ind.satuan),
        "target": _Field(lembar.col("Target"), target, ind.target, same_target),
    }
    column = lembar.col("Realisasi")
    if ind.realisasi_triwulan is not None:
        _check_derived(r, row, column, realisasi_of(ind, ind.sifat), "realisasi triwulan")
    else:
        fields["realisasi"] = _Field(column, number, ind.realisasi, same_number)
    _update(r, row, plan, "program.yaml", loc, fields)


# --- Anggaran --------------------------------------------------------------------------


def _read_anggaran(r: SheetReader, data: Tahun, plan: Rencanaan, lembar: Lembar) -> None:
    subs = {}
    others = {}
    for loc, unit, unbudgeted in program_units(data.year):
        if isinstance(unit, SubKegiatan):
            subs[unit.kode] = (loc, unit, unbudgeted)
        else:
            others[unit.kode] = _tingkat(loc)
    seen: dict[Any, int] = {}
    for row in _rows(r, lembar):
        kode = r.read(row, 1, required_text)
        if isinstance(kode, Bad) or kode == TOTAL_KEY:
            continue
        if kode in others:
            r.fail(
                row,
                1,
                f"kode '{kode}' adalah {others[kode]}, bukan sub kegiatan; "
                "anggaran hanya diisi pada sub kegiatan",
            )
        elif kode not in subs:
            r.fail(
                row, 1, f"kode sub kegiatan '{kode}' tidak ada di program.yaml tahun {data.tahun}"
            )
        elif _once(r, seen, kode, row, f"kode '{kode}'"):
            _anggaran_row(r, row, plan, lembar, *subs[kode])


def _anggaran_row(
    r: SheetReader,
    row: int,
    plan: Rencanaan,
    lembar: Lembar,
    loc: Loc,
    sub: SubKegiatan,
    unbudgeted: bool,
) -> None:
    first = lembar.col("Pagu Induk")
    columns = [*range(first, first + len(STAGES)), lembar.col("Realisasi")]
    values = [r.read(row, c, rupiah) for c in columns]
    if any(isinstance(v, Bad) for v in values):
        return
    amounts: list[int | None] = [v for v in values if not isinstance(v, Bad)]
    if unbudgeted:
        for column, value in zip(columns, amounts, strict=True):
            if value is not None:
                r.fail(
                    row,
                    column,
                    "sub kegiatan ini tanpa anggaran (tanpa_anggaran); kosongkan sel ini",
                )
                return
        return
    if sub.anggaran is None and all(v is None for v in amounts):
        return
    stages, realisasi = amounts[:-1], amounts[-1]
    if all(v is None for v in stages):
        r.fail(row, first, "isi minimal satu tahap pagu: induk, pergeseran atau perubahan")
        return
    if realisasi is None:
        r.fail(row, columns[-1], "realisasi wajib diisi (tulis 0 bila belum ada realisasi)")
        return
    where = _where(r, row, first)
    if sub.anggaran is None:
        pagu = {stage: v for stage, v in zip(STAGES, stages, strict=True) if v is not None}
        plan.set(
            where, "program.yaml", (*loc, "anggaran"), None, {"pagu": pagu, "realisasi": realisasi}
        )
        return
    current = sub.anggaran
    for column, stage, value in zip(columns[:-1], STAGES, stages, strict=True):
        old = getattr(current.pagu, stage)
        if value != old:
            plan.set(
                _where(r, row, column),
                "program.yaml",
                (*loc, "anggaran", "pagu", stage),
                old,
                value,
            )
    if realisasi != current.realisasi:
        where = _where(r, row, columns[-1])
        plan.set(
            where, "program.yaml", (*loc, "anggaran", "realisasi"), current.realisasi, realisasi
        )


# --- Pembanding ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pemilik:
    """Where an indicator's benchmarks live."""

    berkas: str
    loc: Loc | None  # None: a Renstra indicator without a kinerja.yaml row yet
    items: list[Pembanding]


def _owners(data: Tahun) -> dict[str, _Pemilik]:
    kinerja = kinerja_rows(data.year)
    found = {}
    for _, ind in renstra_indicators(data.kec):
        if ind.id in kinerja:
            i, row = kinerja[ind.id]
            found[ind.id] = _Pemilik("kinerja.yaml", ("indikator", i), row.pembanding)
        else:
            found[ind.id] = _Pemilik("kinerja.yaml", None, [])
    for ident, where in program_indicators(data.year).items():
        found[ident] = _Pemilik("program.yaml", where.loc, where.indikator.pembanding)
    return found


def _read_pembanding(r: SheetReader, data: Tahun, plan: Rencanaan, lembar: Lembar) -> None:
    owners = _owners(data)
    indicator = _required(lookup(indikator_labels(data), "indikator"))
    seen: dict[Any, int] = {}
    for row in _rows(r, lembar):
        ident = r.read(row, 1, indicator)
        nomor = r.read(row, 2, whole)
        if isinstance(ident, Bad) or isinstance(nomor, Bad):
            continue
        owner = owners[ident]
        if nomor is None:
            nomor = _same_benchmark(r, row, lembar, owner)
            if nomor is None:
                _new_pembanding(r, row, plan, lembar, ident, owner)
                continue
        if nomor > len(owner.items):
            r.fail(
                row,
                2,
                f"pembanding ke-{nomor} tidak ada pada indikator '{ident}' (ada "
                f"{len(owner.items)}); kosongkan No. untuk menambah pembanding baru",
            )
        elif _once(r, seen, (ident, nomor), row, f"pembanding '{ident}' No. {nomor}"):
            _pembanding_row(r, row, plan, lembar, owner, nomor - 1)


def _same_benchmark(r: SheetReader, row: int, lembar: Lembar, owner: _Pemilik) -> int | None:
    """The No. of an existing benchmark with this row's jenis and nama: importing the
    same workbook twice must not add its new rows twice."""
    try:
        jenis = choice(JENIS_PEMBANDING, "jenis")(r.raw(row, lembar.col("Jenis")))
    except CellError:
        return None
    nama = r.raw(row, lembar.col("Nama"))
    for k, item in enumerate(owner.items, start=1):
        if jenis == item.jenis and str(nama).strip() == item.nama:
            return k
    return None


def _pembanding_fields(lembar: Lembar, item: Pembanding | None) -> dict[str, _Field]:
    return {
        "jenis": _Field(
            lembar.col("Jenis"),
            _required(choice(JENIS_PEMBANDING, "jenis pembanding")),
            item.jenis if item else None,
        ),
        "nama": _Field(lembar.col("Nama"), required_text, item.nama if item else None),
        "nilai": _Field(
            lembar.col("Nilai"), required_number, item.nilai if item else None, same_number
        ),
        "sumber": _Field(lembar.col("Sumber"), text, item.sumber if item else None),
    }


def _pembanding_row(
    r: SheetReader, row: int, plan: Rencanaan, lembar: Lembar, owner: _Pemilik, k: int
) -> None:
    fields = _pembanding_fields(lembar, owner.items[k])
    if all(r.raw(row, f.column) is None for f in fields.values()):
        r.fail(
            row,
            fields["jenis"].column,
            f"baris pembanding tidak dapat dihapus lewat Excel; hapus di {owner.berkas}",
        )
        return
    assert owner.loc is not None
    _update(r, row, plan, owner.berkas, (*owner.loc, "pembanding", k), fields)


def _new_pembanding(
    r: SheetReader, row: int, plan: Rencanaan, lembar: Lembar, ident: str, owner: _Pemilik
) -> None:
    fields = _pembanding_fields(lembar, None)
    values = {key: r.read(row, f.column, f.parse) for key, f in fields.items()}
    if any(isinstance(v, Bad) for v in values.values()):
        return
    item = {key: v for key, v in values.items() if v is not None}
    where = _where(r, row, 1)
    if owner.loc is None:
        plan.kinerja_pembanding(where, ident, item)
    else:
        plan.append(where, owner.berkas, (*owner.loc, "pembanding"), item)


# --- PK --------------------------------------------------------------------------------


def _read_pk(r: SheetReader, data: Tahun, plan: Rencanaan, lembar: Lembar) -> None:
    agreements = {pk.jenis: i for i, pk in enumerate(data.year.pk.perjanjian)}
    labels = indikator_labels(data)
    seen: dict[Any, int] = {}
    for row in _rows(r, lembar):
        jenis = r.read(row, 1, _required(choice(JENIS_PK, "jenis PK")))
        bagian = r.read(row, 2, _required(choice(BAGIAN_PK, "bagian")))
        key = r.read(row, 3, required_text)
        if isinstance(jenis, Bad) or isinstance(bagian, Bad) or isinstance(key, Bad):
            continue
        if bagian == "sasaran":
            key = labels.get(key, key)
        if jenis not in agreements:
            r.fail(row, 1, f"PK {label_of(JENIS_PK, jenis)} tidak ada di pk.yaml")
        elif _once(r, seen, (jenis, bagian, key), row, f"PK {jenis} {bagian} '{key}'"):
            base: Loc = ("perjanjian", agreements[jenis])
            if bagian == "sasaran":
                _pk_sasaran(r, row, plan, lembar, data, base, key)
            else:
                _pk_anggaran(r, row, plan, lembar, data, base, key)


def _pk_sasaran(
    r: SheetReader, row: int, plan: Rencanaan, lembar: Lembar, data: Tahun, base: Loc, ident: str
) -> None:
    pk = data.year.pk.perjanjian[int(base[1])]
    for other in ("Jumlah", "Sumber"):
        if r.raw(row, lembar.col(other)) is not None:
            r.fail(row, lembar.col(other), "kolom ini hanya diisi pada baris anggaran")
    column = lembar.col("Target")
    index = next((s for s, t in enumerate(pk.sasaran) if t.indikator == ident), None)
    if index is not None:
        field_ = _Field(column, target, pk.sasaran[index].target, same_target)
        _update(r, row, plan, "pk.yaml", (*base, "sasaran", index), {"target": field_})
        return
    known = {ind.id for _, ind in renstra_indicators(data.kec)} | set(program_indicators(data.year))
    if ident not in known:
        r.fail(row, 3, f"indikator '{ident}' tidak dikenal; pilih dari daftar")
        return
    value = r.read(row, column, target)
    if not isinstance(value, Bad):
        item = {"indikator": ident, "target": value}
        plan.append(_where(r, row, 1), "pk.yaml", (*base, "sasaran"), item)


def _pk_anggaran(
    r: SheetReader, row: int, plan: Rencanaan, lembar: Lembar, data: Tahun, base: Loc, kode: str
) -> None:
    pk = data.year.pk.perjanjian[int(base[1])]
    if r.raw(row, lembar.col("Target")) is not None:
        r.fail(row, lembar.col("Target"), "target hanya diisi pada baris sasaran")
    column, source_col = lembar.col("Jumlah"), lembar.col("Sumber")
    index = next((a for a, item in enumerate(pk.anggaran) if item.program == kode), None)
    if index is not None:
        current = pk.anggaran[index]
        fields = {"jumlah": _Field(column, _required(rupiah), current.jumlah)}
        # An empty source keeps the current one (the default is "APBD").
        fields["sumber"] = _Field(source_col, text, current.sumber, lambda a, b: a in (None, b))
        _update(r, row, plan, "pk.yaml", (*base, "anggaran", index), fields)
        return
    if kode not in {p.kode for p in data.year.program.program}:
        r.fail(row, 3, f"kode program '{kode}' tidak ada di program.yaml tahun {data.tahun}")
        return
    amount = r.read(row, column, _required(rupiah))
    source = r.read(row, source_col, text)
    if not isinstance(amount, Bad) and not isinstance(source, Bad):
        item: dict[str, Any] = {"program": kode, "jumlah": amount}
        if source is not None:
            item["sumber"] = source
        plan.append(_where(r, row, 1), "pk.yaml", (*base, "anggaran"), item)


# --- Nilai Dasar -----------------------------------------------------------------------


def _read_nilai_dasar(r: SheetReader, data: Tahun, plan: Rencanaan, lembar: Lembar) -> None:
    known = data.year.kinerja.nilai_dasar
    seen: dict[Any, int] = {}
    for row in _rows(r, lembar):
        name = r.read(row, 1, required_text)
        if isinstance(name, Bad):
            continue
        if name not in known:
            r.fail(row, 1, f"nilai dasar '{name}' tidak ada di kinerja.yaml; tambahkan di sana")
        elif _once(r, seen, name, row, f"nilai dasar '{name}'"):
            item = known[name]
            fields = {
                "keterangan": _Field(lembar.col("Keterangan"), text, item.keterangan),
                "nilai": _Field(lembar.col("Nilai"), required_number, item.nilai, same_number),
            }
            _update(r, row, plan, "kinerja.yaml", ("nilai_dasar", name), fields)


def texts_of(paths: dict[str, Path]) -> dict[str, str]:
    """The current text of each file (UTF-8; a byte-order mark is kept out of the text)."""
    return {
        name: path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        for name, path in paths.items()
    }
