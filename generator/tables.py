"""Build every report table from validated data and computed results.

Tables are plain values (``Tabel``): header rows and body rows of already formatted cells.
Templates only choose which tables to show and where; they never compute.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, TypeVar

import jinja2

from generator.compute.anggaran import Dana
from generator.compute.capaian import Hasil
from generator.compute.desimal import desimal_indikator
from generator.compute.hitungan import Hitungan
from generator.compute.indikator import Target, Ukur
from generator.compute.report import Baris, HasilLaporan
from generator.compute.scale import Kategori
from generator.formatting import angka, angka_alami, persen, rupiah, tanggal
from generator.koreksi import is_number
from generator.koreksi import resolve as resolve_koreksi
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.schema.base import Rentang
from generator.schema.tahun import PerjanjianKinerja

LEVEL_LABEL = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan"}


@dataclass(frozen=True)
class Sel:
    """One table cell: formatted text plus how to lay it out."""

    teks: str
    angka: bool = False
    tingkat: int = 0  # indentation level in hierarchical tables
    kelas: str = ""
    kolom: int = 1  # colspan
    baris: int = 1  # rowspan
    kategori: int | None = None  # band index, for a category badge
    hanya_data: bool = False  # in downloads only (e.g. polarity), not in the HTML table
    koreksi: str = ""  # anchor of the Koreksi page entry when this cell corrects the print
    tercetak: str = ""  # the value the signed document printed in this cell


@dataclass(frozen=True)
class Tabel:
    """A titled table with its source line."""

    id: str
    judul: str
    kepala: tuple[tuple[Sel, ...], ...]
    isi: tuple[tuple[Sel, ...], ...]
    sumber: str | None = None
    catatan: tuple[str, ...] = field(default_factory=tuple)
    jangkar_baris: tuple[str, ...] = ()  # an id per body row, for links to one row

    @property
    def kosong(self) -> bool:
        """True when there are no body rows: such a table is left out."""
        return not self.isi

    def kolom_kepala(self) -> list[list[str]]:
        """The distinct header texts over each column, top to bottom, spans resolved: a
        cell spanning two header rows names its column once; a group over sub-columns comes
        before theirs (["Tahun 2023", "Capaian"]). Shared by the site's card labels and the
        open-data column names, so both read the header the same way."""
        grid: dict[tuple[int, int], str] = {}
        for r, row in enumerate(self.kepala):
            column = 0
            for cell in row:
                while (r, column) in grid:
                    column += 1
                for dr in range(cell.baris):
                    for dc in range(cell.kolom):
                        grid[(r + dr, column + dc)] = cell.teks
                column += cell.kolom
        width = max((c for _, c in grid), default=-1) + 1
        return [
            list(dict.fromkeys(grid[(r, c)] for r in range(len(self.kepala)) if grid.get((r, c))))
            for c in range(width)
        ]


def _head(*names: str) -> tuple[tuple[Sel, ...], ...]:
    return (tuple(Sel(n) for n in names),)


def _num(text: str, **kw: object) -> Sel:
    return Sel(text, angka=True, **kw)  # type: ignore[arg-type]


def _pct(h: Hasil, d: int) -> Sel:
    return _num(persen(h.nilai, d)) if h.nilai is not None else Sel("N/A", kelas="na")


def _value(value: Decimal | None, d: int) -> str:
    return "N/A" if value is None else angka_alami(value, d)


def teks_target(t: Target, d: int = 2) -> str:
    """Format a target: a number, a range "60–70", or N/A."""
    if t is None:
        return "N/A"
    if isinstance(t, Rentang):
        return f"{angka_alami(t.min, d)}–{angka_alami(t.maks, d)}"
    return angka_alami(t, d)


_F = TypeVar("_F", bound=Callable[..., Any])


def keterangan(teks: str, contoh: str | None = None) -> Callable[[_F], _F]:
    """Attach the Indonesian one-line description that the template reference
    (docs/templat.md, :mod:`generator.templat_docs`) prints for a table function. The
    docstring stays the English note for developers; template authors read this.
    ``contoh`` is the one-line example, needed unless it is ``{{ tabel(t.<name>()) }}``."""

    def mark(method: _F) -> _F:
        method.__dict__["keterangan"] = teks
        if contoh is not None:
            method.__dict__["contoh"] = contoh
        return method

    return mark


class Pembuat:
    """Builds the tables of one kecamatan's report year. Templates call its public methods
    as ``t.<name>()``; each carries a :func:`keterangan` for docs/templat.md (a test fails
    when one is missing)."""

    def __init__(self, kab: Kabupaten, kec: Kecamatan, year: ReportYear, hasil: HasilLaporan):
        self.kab, self.kec, self.year, self.hasil = kab, kec, year, hasil
        self.d = kab.settings.aturan.desimal
        skala = kab.settings.skala[kab.settings.aturan.skala_capaian]
        self._band = {p.kode: i for i, p in enumerate(skala.pita)}
        self.koreksi = resolve_koreksi(year, hasil, self.d)[0]
        self._koreksi = {k.kunci: k for k in self.koreksi}

    # -- helpers ------------------------------------------------------------------

    @keterangan(
        "Sel kategori capaian dengan warna pitanya, untuk teks atau tabel buatan sendiri.",
        "{{ t.kategori(hasil.kategori_rata_rata).teks }}",
    )
    def kategori(self, k: Kategori | None) -> Sel:
        """A category cell, with its band index for the badge colour."""
        if k is None:
            return Sel("Tidak dapat dinilai", kelas="na")
        return Sel(k.label, kategori=self._band.get(k.kode))

    def _tandai(self, cell: Sel, kind: str, ref: str | None, kolom: str) -> Sel:
        """Mark a cell whose computed value corrects what the signed document printed."""
        k = self._koreksi.get((kind, ref or "", kolom))
        return replace(cell, koreksi=k.jangkar, tercetak=k.tercetak) if k else cell

    def _ukur_cells(self, u: Ukur) -> list[Sel]:
        return [
            Sel(u.nama),
            Sel(u.satuan),
            _num(teks_target(u.target, u.desimal)),
            self._tandai(_num(_value(u.realisasi, u.desimal)), "indikator", u.id, "realisasi"),
            self._tandai(_pct(u.capaian, self.d), "indikator", u.id, "capaian"),
            self._tandai(self.kategori(u.kategori), "indikator", u.id, "kategori"),
        ]

    # -- BAB I --------------------------------------------------------------------

    @keterangan(
        "Daftar tabel kepegawaian (satu tabel per kelompok di `laporan.yaml`), dengan jumlah baris dan kolom.",
        "{% for tbl in t.pegawai() %}{{ tabel(tbl) }}{% endfor %}",
    )
    def pegawai(self) -> list[Tabel]:
        """Staff tables with row and column totals."""
        tables = []
        for i, p in enumerate(self.hasil.pegawai):
            # A row total beside a single count column would repeat it ("Jumlah | Jumlah").
            totals = len(p.kolom) > 1
            rows = [
                (
                    Sel(str(n + 1), angka=True),
                    Sel(b.uraian),
                    *(_num(angka(v)) for v in b.jumlah),
                    *((_num(angka(b.total)),) if totals else ()),
                )
                for n, b in enumerate(p.baris)
            ]
            rows.append(
                (
                    Sel("Jumlah", kolom=2, kelas="jumlah"),
                    *(_num(angka(v), kelas="jumlah") for v in p.total_kolom),
                    *((_num(angka(p.total), kelas="jumlah"),) if totals else ()),
                )
            )
            tables.append(
                Tabel(
                    f"pegawai-{i + 1}",
                    p.judul,
                    _head("No", "Uraian", *p.kolom, *(("Jumlah",) if totals else ())),
                    tuple(rows),
                    f"Data kepegawaian per {tanggal(self.year.laporan.pegawai.per_tanggal)}"
                    if self.year.laporan.pegawai
                    else None,
                )
            )
        return tables

    @keterangan("Aset dan sarana prasarana dengan kondisinya dan jumlah unit.")
    def aset(self) -> Tabel:
        """Assets with a total count of units."""
        kondisi = {"B": "Baik", "RR": "Rusak ringan", "RB": "Rusak berat", None: "–"}
        rows: list[tuple[Sel, ...]] = [
            (
                _num(str(i + 1)),
                Sel(a.nama),
                Sel(a.merk or "–"),
                _num(str(a.tahun) if a.tahun else "–"),
                _num(f"{angka(a.jumlah)} {a.satuan}"),
                Sel(kondisi[a.kondisi]),
            )
            for i, a in enumerate(self.year.laporan.aset)
        ]
        if rows:
            rows.append(
                (
                    Sel("Jumlah", kolom=4, kelas="jumlah"),
                    _num(angka(self.hasil.jumlah_aset), kelas="jumlah"),
                    Sel(""),
                )
            )
        return Tabel(
            "aset",
            "Sumber Daya Aset dan Sarana Prasarana",
            _head("No", "Nama/Jenis Barang", "Merk/Tipe", "Tahun Perolehan", "Jumlah", "Kondisi"),
            tuple(rows),
        )

    @keterangan(
        "Satu tabel hitungan dari `tabel_hitungan` di `laporan.yaml` menurut id-nya, dengan "
        "jumlah kelompok, kolom (dan baris) yang dihitung; id yang tidak ada adalah galat.",
        '{% if lap.tabel_hitungan %}{{ tabel(t.tabel_hitungan("sarana_prasarana")) }}{% endif %}',
    )
    def tabel_hitungan(self, id: str) -> Tabel:
        """One counted table by its id; an unknown id fails where the template calls it."""
        found = {h.id: h for h in self.hasil.hitungan}
        if id not in found:
            close = difflib.get_close_matches(id, list(found), n=1, cutoff=0.6)
            known = ", ".join(f"'{k}'" for k in found) or "belum ada satu pun"
            hint = f"; maksud Anda '{close[0]}'?" if close else f" (tabel_hitungan: {known})"
            # Not matched by render.undefined_message's patterns, so it is shown as written.
            raise jinja2.UndefinedError(f"tabel hitungan '{id}' tidak ada di laporan.yaml{hint}")
        return _hitungan_table(found[id])

    @keterangan(
        "Semua tabel hitungan tahun laporan, urut seperti di `laporan.yaml` (kosong bila tidak ada).",
        "{% for tbl in t.semua_tabel_hitungan() %}{{ tabel(tbl) }}{% endfor %}",
    )
    def semua_tabel_hitungan(self) -> list[Tabel]:
        """Every counted table of the year, in data order."""
        return [_hitungan_table(h) for h in self.hasil.hitungan]

    @keterangan(
        "Pagu anggaran tahun laporan dibandingkan tahun sebelumnya; kosong bila pagu tahun sebelumnya tidak diketahui."
    )
    def anggaran_tahunan(self) -> Tabel:
        """This year's budget compared with last year's."""
        h = self.hasil
        rows: list[tuple[Sel, ...]] = []
        if h.anggaran_lalu is not None:
            rows.append((Sel(f"Tahun {h.tahun - 1}"), _num(rupiah(h.anggaran_lalu)), Sel("–")))
        if h.total.pagu:
            change = _pct(h.perubahan_anggaran, self.d) if h.anggaran_lalu is not None else Sel("–")
            rows.append((Sel(f"Tahun {h.tahun}"), _num(rupiah(h.total.pagu)), change))
        return Tabel(
            "anggaran-tahunan",
            f"Perbandingan Anggaran Tahun {h.tahun - 1} dan {h.tahun}",
            _head("Tahun", "Pagu Anggaran (APBD)", "Perubahan"),
            tuple(rows) if len(rows) > 1 else (),
            "DPA Kecamatan; perubahan dihitung dari pagu yang berlaku",
        )

    @keterangan("Matriks tindak lanjut rekomendasi hasil evaluasi SAKIP.")
    def tindak_lanjut(self) -> Tabel:
        """Follow-up of the last SAKIP evaluation's recommendations."""
        status = {"tuntas": "Tuntas", "proses": "Dalam proses", "belum": "Belum"}
        rows: list[tuple[Sel, ...]] = [
            (
                _num(str(i + 1)),
                Sel(t.komponen or "–"),
                Sel(t.rekomendasi),
                Sel(t.rencana_aksi),
                Sel(t.output or "–"),
                Sel(status[t.status]),
            )
            for i, t in enumerate(self.year.evaluasi.tindak_lanjut)
        ]
        return Tabel(
            "tindak-lanjut",
            "Matriks Tindak Lanjut Hasil Evaluasi SAKIP",
            _head("No", "Komponen", "Rekomendasi", "Rencana Aksi", "Output", "Status"),
            tuple(rows),
        )

    # -- BAB II -------------------------------------------------------------------

    @keterangan("Tujuan, sasaran dan indikator Renstra dengan target setiap tahun periode.")
    def renstra(self) -> Tabel:
        """The Renstra tree with a target per year of the period."""
        years = list(self.kec.renstra.periode.tahun)
        rows: list[tuple[Sel, ...]] = []
        for tujuan in self.kec.renstra.tujuan:
            rows.append(
                (
                    Sel(
                        f"Tujuan {tujuan.kode or ''}".strip() + f": {tujuan.teks}",
                        kolom=3 + len(years),
                        kelas="grup",
                    ),
                )
            )
            groups = [(tujuan.indikator, 0)] + [(s.indikator, 1) for s in tujuan.sasaran]
            for s, sasaran in enumerate([None, *tujuan.sasaran]):
                if sasaran is not None:
                    rows.append(
                        (
                            Sel(
                                f"Sasaran {sasaran.kode or ''}".strip() + f": {sasaran.teks}",
                                kolom=3 + len(years),
                                kelas="grup",
                                tingkat=1,
                            ),
                        )
                    )
                for ind in groups[s][0]:
                    places = desimal_indikator(ind.desimal, self.d)
                    rows.append(
                        (
                            Sel(ind.nama, tingkat=2),
                            Sel(ind.satuan),
                            Sel("IKU" if ind.iku else "–"),
                            *(_num(teks_target(ind.target.get(y), places)) for y in years),
                        )
                    )
        return Tabel(
            "renstra",
            f"Tujuan, Sasaran, Indikator dan Target Kinerja Renstra {years[0]}–{years[-1]}",
            _head("Indikator Kinerja", "Satuan", "IKU", *(str(y) for y in years)),
            tuple(rows),
            f"{self.kec.renstra.nama} Kecamatan {self.kec.profil.nama} {years[0]}–{years[-1]}",
        )

    @keterangan(
        "Indikator kinerja utama dengan definisi operasional, rumus, sumber data dan polaritas."
    )
    def iku(self) -> Tabel:
        """Key performance indicators and their definitions."""
        rows: list[tuple[Sel, ...]] = []
        for tujuan in self.kec.renstra.tujuan:
            for ind in [*tujuan.indikator, *(i for s in tujuan.sasaran for i in s.indikator)]:
                if ind.iku:
                    polar = (
                        "Positif (makin tinggi makin baik)"
                        if ind.polaritas == "positif"
                        else "Negatif (makin rendah makin baik)"
                    )
                    rows.append(
                        (
                            Sel(ind.nama),
                            Sel(ind.satuan),
                            Sel(ind.definisi or "–"),
                            Sel(ind.rumus_teks or ind.rumus or "–"),
                            Sel(ind.sumber_data or "–"),
                            Sel(polar),
                        )
                    )
        return Tabel(
            "iku",
            "Indikator Kinerja Utama",
            _head(
                "Indikator", "Satuan", "Definisi Operasional", "Rumus", "Sumber Data", "Polaritas"
            ),
            tuple(rows),
        )

    @keterangan("Rencana Kinerja Tahunan: indikator dan targetnya.")
    def rkt(self) -> Tabel:
        """The annual performance plan (RKT)."""
        names, places = self._indicator_names(), self._indicator_decimals()
        rows: list[tuple[Sel, ...]] = [
            (
                Sel(names.get(r.indikator, r.indikator)),
                _num(teks_target(r.target, places.get(r.indikator, self.d))),
            )
            for r in self.year.laporan.rkt
        ]
        return Tabel(
            "rkt",
            f"Rencana Kinerja Tahun {self.year.tahun}",
            _head("Indikator Kinerja", "Target"),
            tuple(rows),
        )

    @keterangan(
        "Dua tabel dari satu Perjanjian Kinerja (unsur `pk`): target indikator dan anggaran per program.",
        "{% for p in pk %}{% set tbl = t.pk(p) %}{{ tabel(tbl[0]) }}{{ tabel(tbl[1]) }}{% endfor %}",
    )
    def pk(self, pk: PerjanjianKinerja) -> tuple[Tabel, Tabel]:
        """A PK's indicator targets and its budget per program."""
        names, places = self._indicator_names(), self._indicator_decimals()
        suffix = "Perubahan " if pk.jenis == "perubahan" else ""
        targets = tuple(
            (
                _num(str(i + 1)),
                Sel(names.get(r.indikator, r.indikator)),
                _num(teks_target(r.target, places.get(r.indikator, self.d))),
            )
            for i, r in enumerate(pk.sasaran)
        )
        programs = {p.kode: p.nama for p in self.year.program.program}
        budget = [
            (Sel(programs.get(a.program, a.program)), _num(rupiah(a.jumlah)), Sel(a.sumber))
            for a in pk.anggaran
        ]
        if budget:
            total = sum(a.jumlah for a in pk.anggaran)
            budget.append(
                (Sel("Jumlah", kelas="jumlah"), _num(rupiah(total), kelas="jumlah"), Sel(""))
            )
        base = f"pk-{pk.jenis}"
        return (
            Tabel(
                base,
                f"Perjanjian Kinerja {suffix}Tahun {self.year.tahun}",
                _head("No", "Indikator Kinerja", "Target"),
                targets,
                f"Perjanjian Kinerja {suffix}tanggal {tanggal(pk.tanggal)}",
            ),
            Tabel(
                f"{base}-anggaran",
                f"Anggaran Program pada Perjanjian Kinerja {suffix}Tahun {self.year.tahun}",
                _head("Program", "Anggaran", "Sumber"),
                tuple(budget),
            ),
        )

    @keterangan("Program, kegiatan dan sub kegiatan dengan indikator dan targetnya.")
    def program_target(self) -> Tabel:
        """Program → kegiatan → sub-kegiatan with their indicators and targets."""
        rows: list[tuple[Sel, ...]] = []
        for row in self._walk(self.hasil.program):
            first = True
            for u in row.indikator or [None]:
                name = Sel(
                    f"{row.kode} {row.nama}" if first else "",
                    tingkat=self._depth(row),
                    kelas=row.tingkat,
                )
                level = Sel(LEVEL_LABEL[row.tingkat] if first else "")
                if u is None:
                    rows.append((level, name, Sel("–"), Sel("–")))
                else:
                    rows.append(
                        (
                            level,
                            name,
                            Sel(u.nama),
                            _num(f"{teks_target(u.target, u.desimal)} {u.satuan}"),
                        )
                    )
                first = False
        return Tabel(
            "program-target",
            f"Program, Kegiatan dan Sub Kegiatan Tahun {self.year.tahun}",
            _head("Tingkat", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Target"),
            tuple(rows),
            self.year.program.sumber,
        )

    # -- BAB III ------------------------------------------------------------------

    @keterangan("Skala kategori capaian beserta dasar hukumnya.")
    def skala(self) -> Tabel:
        """The category scale with its legal source."""
        settings = self.kab.settings
        skala = settings.skala[settings.aturan.skala_capaian]
        rows = tuple(
            (
                _num(str(i + 1)),
                self.kategori(Kategori(p.kode, p.label)),
                Sel(p.kode),
                _num(_band_text(p)),
            )
            for i, p in enumerate(skala.pita)
        )
        reg = next((r for r in settings.regulasi if r.id == skala.sumber), None)
        source = f"{reg.jenis} Nomor {reg.nomor} Tahun {reg.tahun}" if reg else skala.sumber
        notes = []
        if skala.batas_atas is not None:
            notes.append(
                f"Untuk penilaian, capaian di atas {angka_alami(skala.batas_atas)} % dihitung {angka_alami(skala.batas_atas)} %."
            )
        if skala.batas_bawah is not None:
            notes.append(
                f"Capaian di bawah {angka_alami(skala.batas_bawah)} % dihitung {angka_alami(skala.batas_bawah)} %."
            )
        return Tabel(
            "skala",
            skala.nama,
            _head("No", "Kategori", "Kode", "Capaian (%)"),
            rows,
            source,
            tuple(notes),
        )

    @keterangan(
        "Target, realisasi, capaian dan kategori setiap indikator Perjanjian Kinerja, dengan rata-rata capaian."
    )
    def capaian(self) -> Tabel:
        """Target vs realisasi of the PK indicators, with capaian and kategori."""
        rows: list[tuple[Sel, ...]] = [
            (
                _num(str(i + 1)),
                *self._ukur_cells(u),
                Sel(u.sumber_data or "–"),
                Sel(u.polaritas, hanya_data=True),
            )
            for i, u in enumerate(self.hasil.indikator_pk)
        ]
        h = self.hasil
        if len(rows) > 1:
            rows.append(
                (
                    Sel("Rata-rata capaian", kolom=5, kelas="jumlah"),
                    _pct(h.rata_rata_capaian, self.d),
                    self.kategori(h.kategori_rata_rata),
                    Sel(""),
                    Sel("", hanya_data=True),
                )
            )
        return Tabel(
            "capaian",
            f"Capaian Kinerja Perjanjian Kinerja Tahun {self.year.tahun}",
            (
                (
                    *_head(
                        "No",
                        "Indikator Kinerja",
                        "Satuan",
                        "Target",
                        "Realisasi",
                        "Capaian",
                        "Kategori",
                        "Sumber Data",
                    )[0],
                    Sel("Polaritas", hanya_data=True),
                ),
            ),
            tuple(rows),
        )

    @keterangan(
        "Setiap program, kegiatan dan sub kegiatan dengan pagu, realisasi dan serapan anggarannya, "
        "dan di bawahnya target, realisasi, capaian dan kategori setiap indikatornya. "
        "`tahun_lalu=True` menambah kolom realisasi tahun sebelumnya (dari `riwayat`); tabel "
        "menjadi lebih lebar: di layar laptop bergulir ke samping, di A4 sedikit melewati margin kanan.",
        "{{ tabel(t.capaian_program(tahun_lalu=True)) }}",
    )
    def capaian_program(self, tahun_lalu: bool = False) -> Tabel:
        """Every program/kegiatan/sub-kegiatan with its budget, each indicator's result under it.

        A unit is a group row: its name over the indicator columns, its budget beside. Its
        indicators follow, one row each, at its depth. Last year's realisasi is a choice of
        the template, not the default: with the budget, one more column no longer fits the
        page column (1366 px screen) nor A4. Empty when no unit has an indicator: the budget
        alone is the Realisasi Anggaran table."""
        units = self._walk(self.hasil.program)
        if not any(r.indikator for r in units):
            return Tabel("capaian-program", self._capaian_program_judul(), (), ())
        last = self.year.tahun - 1 if tahun_lalu else None
        width = 5 + tahun_lalu  # the indicator columns, under a unit's name
        rows: list[tuple[Sel, ...]] = []
        for r in units:
            rows.append(self._capaian_program_unit(r, width))
            rows += [self._capaian_program_row(r, u, last) for u in r.indikator]
        if self.hasil.total.pagu:
            rows.append(
                (
                    Sel("Jumlah", kolom=width, kelas="jumlah"),
                    *self._anggaran_cells(self.hasil.total, "jumlah"),
                    *_data_only("", "", ""),
                )
            )
        head = (
            (
                Sel("Program/Kegiatan/Sub Kegiatan dan Indikator Kinerja", baris=2),
                *([Sel(f"Realisasi {last}", baris=2)] if last else []),
                Sel(f"Kinerja {self.year.tahun}", kolom=4),
                Sel("Anggaran", kolom=3),
                # Downloads only, after every span (a span counts hidden columns there).
                *(Sel(n, baris=2, hanya_data=True) for n in ("Unit", "Satuan", "Polaritas")),
            ),
            tuple(
                Sel(label)
                for label in (
                    *("Target", "Realisasi", "Capaian", "Kategori"),
                    *("Pagu (Rp)", "Realisasi (Rp)", "Serapan"),
                )
            ),
        )
        return Tabel(
            "capaian-program",
            self._capaian_program_judul(),
            head,
            tuple(rows),
            self.year.program.sumber,
        )

    def _capaian_program_judul(self) -> str:
        return f"Capaian Kinerja dan Anggaran Program, Kegiatan dan Sub Kegiatan Tahun {self.year.tahun}"

    def _capaian_program_unit(self, r: Baris, width: int) -> tuple[Sel, ...]:
        """A unit's group row: its name over the ``width`` indicator columns, its budget."""
        budget: tuple[Sel, ...] = (
            (Sel("Tidak dianggarkan", kolom=3, kelas="na"),)
            if r.dana is None
            else self._anggaran_cells(r.dana, kode=r.kode)
        )
        return (
            Sel(
                f"{r.kode} {r.nama}", kolom=width, tingkat=self._depth(r), kelas=f"{r.tingkat} grup"
            ),
            *budget,
            *_data_only(self._unit_label(r), "", ""),
        )

    def _capaian_program_row(self, r: Baris, u: Ukur, last: int | None) -> tuple[Sel, ...]:
        """One indicator of unit ``r``; its unit's budget cells stay blank."""
        cells = self._ukur_cells(u)
        # The satuan in the name, not a column: the table must fit the page column.
        name = Sel(f"{u.nama} ({u.satuan})", tingkat=self._depth(r))
        before: list[Sel] = []
        if last is not None:
            past = next((h for h in u.riwayat if h.tahun == last), None)
            before = [_num(_value(past.realisasi, u.desimal)) if past else Sel("–")]
        return (
            name,
            *before,
            *cells[2:6],
            Sel(""),
            Sel(""),
            Sel(""),
            *_data_only(self._unit_label(r), u.satuan, u.polaritas),
        )

    @staticmethod
    def _unit_label(r: Baris) -> str:
        return f"{LEVEL_LABEL[r.tingkat]} {r.kode} {r.nama}"

    @keterangan("Realisasi dan capaian tahun laporan dibandingkan tahun-tahun sebelumnya.")
    def perbandingan_tahun(self) -> Tabel:
        """This year's results compared with earlier years."""
        indicators = [u for u in self.hasil.indikator_pk if u.riwayat]
        years = sorted({h.tahun for u in indicators for h in u.riwayat})
        rows: list[tuple[Sel, ...]] = []
        for u in indicators:
            by_year = {h.tahun: h for h in u.riwayat}
            cells = []
            for y in years:
                past = by_year.get(y)
                cells += [
                    _num(_value(past.realisasi, u.desimal) if past else "–"),
                    _pct(past.capaian, self.d) if past else Sel("–"),
                ]
            rows.append((Sel(u.nama), *cells, *self._ukur_cells(u)[3:5]))
        head = (
            (
                Sel("Indikator Kinerja", baris=2),
                *(Sel(f"Tahun {y}", kolom=2) for y in years),
                Sel(f"Tahun {self.year.tahun}", kolom=2),
            ),
            tuple(Sel(label) for _ in [*years, 0] for label in ("Realisasi", "Capaian")),
        )
        return Tabel(
            "perbandingan-tahun",
            "Perbandingan Realisasi dan Capaian dengan Tahun Sebelumnya",
            head,
            tuple(rows),
        )

    @keterangan("Kemajuan realisasi terhadap target akhir periode Renstra.")
    def kemajuan(self) -> Tabel:
        """Progress towards the Renstra end-of-period targets."""
        rows = tuple(
            (
                Sel(k.indikator.nama),
                _num(_value(k.realisasi_sd, k.indikator.desimal)),
                _num(teks_target(k.target_akhir, k.indikator.desimal)),
                _pct(k.kemajuan, self.d),
            )
            for k in self.hasil.kemajuan
        )
        end = self.kec.renstra.periode.selesai
        return Tabel(
            "kemajuan",
            "Kemajuan Capaian terhadap Target Akhir Renstra",
            _head(
                "Indikator Kinerja",
                f"Realisasi s.d. {self.year.tahun}",
                f"Target Akhir ({end})",
                "Tingkat Kemajuan",
            ),
            rows,
            catatan=("Tingkat kemajuan = realisasi ÷ target akhir Renstra × 100.",),
        )

    @keterangan(
        "Realisasi dibandingkan nilai pembanding nasional, provinsi, kabupaten atau daerah sekitar."
    )
    def pembanding(self) -> Tabel:
        """Realisasi compared with national, provincial, kabupaten or neighbouring benchmarks."""
        jenis = {
            "nasional": "Nasional",
            "provinsi": "Provinsi",
            "kabupaten": "Kabupaten",
            "daerah_sekitar": "Daerah sekitar",
        }
        rows: list[tuple[Sel, ...]] = []
        for u in self._all_indicators():
            for b in u.pembanding:
                gap = "–" if b.selisih is None else angka_alami(b.selisih, u.desimal)
                rows.append(
                    (
                        Sel(u.nama),
                        self._ukur_cells(u)[3],
                        Sel(f"{jenis[b.jenis]}: {b.nama}"),
                        _num(angka_alami(b.nilai, u.desimal)),
                        _num(gap),
                        _pct(b.rasio, self.d),
                    )
                )
        return Tabel(
            "pembanding",
            "Perbandingan Realisasi dengan Pembanding",
            _head(
                "Indikator Kinerja",
                f"Realisasi {self.year.tahun}",
                "Pembanding",
                "Nilai Pembanding",
                "Selisih",
                "Rasio",
            ),
            tuple(rows),
            catatan=(
                "Rasio = realisasi ÷ nilai pembanding × 100 (dibalik untuk indikator berpolaritas negatif).",
            ),
        )

    @keterangan("Analisis keberhasilan atau kegagalan dan solusinya per indikator.")
    def analisis(self) -> Tabel:
        """Why indicators succeeded or failed, and the solutions applied."""
        rows = tuple(
            (
                Sel(u.nama),
                self._ukur_cells(u)[4],
                Sel(u.analisis.keberhasilan or "–"),
                Sel(u.analisis.solusi or "–"),
            )
            for u in self._all_indicators()
            if u.analisis is not None
        )
        return Tabel(
            "analisis",
            "Analisis Keberhasilan, Kegagalan dan Solusi",
            _head("Indikator Kinerja", "Capaian", "Analisis", "Solusi"),
            rows,
        )

    @keterangan(
        "Capaian kinerja dan anggaran per indikator sasaran (lewat program pendukungnya), dengan efisiensi."
    )
    def efisiensi_sasaran(self) -> Tabel:
        """Performance vs budget per PK indicator (via the programs that support it)."""
        rows = tuple(
            (
                Sel(e.indikator.nama),
                self._ukur_cells(e.indikator)[4],
                _num(rupiah(e.dana.pagu)),
                _num(rupiah(e.dana.realisasi)),
                _pct(e.dana.serapan, self.d),
                _pct(e.efisiensi, self.d),
                Sel(e.label or "–"),
            )
            for e in self.hasil.efisiensi_sasaran
        )
        return Tabel(
            "efisiensi-sasaran",
            "Perbandingan Capaian Kinerja dan Anggaran per Sasaran",
            _head(
                "Indikator Kinerja",
                "Capaian",
                "Pagu",
                "Realisasi",
                "Serapan",
                "Efisiensi",
                "Keterangan",
            ),
            rows,
            catatan=(self._efficiency_note(),),
        )

    @keterangan(
        "Capaian kinerja dan anggaran setiap program, kegiatan dan sub kegiatan yang beranggaran, dengan efisiensi."
    )
    def efisiensi_program(self) -> Tabel:
        """Performance vs budget for every budgeted program, kegiatan and sub-kegiatan."""
        rows: list[tuple[Sel, ...]] = [
            (
                Sel(f"{r.kode} {r.nama}", tingkat=self._depth(r), kelas=r.tingkat),
                _pct(r.capaian, self.d),
                *self._dana_cells(r.dana, kode=r.kode)[:3],
                _pct(r.efisiensi, self.d),
                Sel(r.label_efisiensi or "–"),
            )
            for r in self._walk(self.hasil.program)
            if r.dana is not None
        ]
        t = self.hasil.total
        if rows:
            rows.append(
                (
                    Sel("Jumlah", kelas="jumlah"),
                    Sel(""),
                    _num(rupiah(t.pagu), kelas="jumlah"),
                    _num(rupiah(t.realisasi), kelas="jumlah"),
                    _pct(t.serapan, self.d),
                    _pct(self.hasil.efisiensi_total, self.d),
                    Sel(self.hasil.label_efisiensi_total or "–"),
                )
            )
        return Tabel(
            "efisiensi-program",
            "Perbandingan Capaian Kinerja dan Anggaran Program, Kegiatan dan Sub Kegiatan",
            _head(
                "Program/Kegiatan/Sub Kegiatan",
                "Capaian",
                "Pagu",
                "Realisasi",
                "Serapan",
                "Efisiensi",
                "Keterangan",
            ),
            tuple(rows),
            catatan=(self._efficiency_note(),),
        )

    @keterangan("Program yang mendukung setiap indikator sasaran Perjanjian Kinerja.")
    def program_pendukung(self) -> Tabel:
        """Which programs support which PK indicator."""
        rows: list[tuple[Sel, ...]] = []
        for u in self.hasil.indikator_pk:
            for p, row in zip(self.year.program.program, self.hasil.program, strict=True):
                if u.id in p.mendukung:
                    rows.append(
                        (
                            Sel(u.nama),
                            self._ukur_cells(u)[4],
                            Sel(f"{p.kode} {p.nama}"),
                            _pct(row.capaian, self.d),
                        )
                    )
        return Tabel(
            "program-pendukung",
            "Program yang Mendukung Pencapaian Sasaran",
            _head("Indikator Sasaran", "Capaian", "Program", "Capaian Program"),
            tuple(rows),
        )

    @keterangan(
        "Pagu, realisasi, serapan dan sisa anggaran per program, kegiatan dan sub kegiatan, dengan jumlah."
    )
    def realisasi_anggaran(self) -> Tabel:
        """Budget and spending per program, kegiatan and sub-kegiatan, with subtotals."""
        rows: list[tuple[Sel, ...]] = [
            (
                Sel(f"{r.kode} {r.nama}", tingkat=self._depth(r), kelas=r.tingkat),
                *self._dana_cells(r.dana, kode=r.kode),
            )
            for r in self._walk(self.hasil.program)
            if r.dana is not None
        ]
        if rows:
            rows.append(
                (Sel("Jumlah", kelas="jumlah"), *self._dana_cells(self.hasil.total, "jumlah"))
            )
        return Tabel(
            "realisasi-anggaran",
            f"Realisasi Anggaran Tahun {self.year.tahun}",
            _head("Program/Kegiatan/Sub Kegiatan", "Pagu", "Realisasi", "Serapan", "Sisa"),
            tuple(rows),
            "Laporan realisasi keuangan kecamatan",
        )

    @keterangan("Kerja sama lintas sektor: kegiatan, pihak, kontribusi dan manfaat.")
    def lintas_sektor(self) -> Tabel:
        """Cross-sector cooperation."""
        rows: list[tuple[Sel, ...]] = []
        for i, ls in enumerate(self.year.laporan.lintas_sektor):
            for j, p in enumerate(ls.pihak):
                first = j == 0
                rows.append(
                    (
                        _num(str(i + 1) if first else ""),
                        Sel(ls.kegiatan if first else ""),
                        Sel(p.nama),
                        Sel(p.kontribusi),
                        Sel("; ".join(ls.manfaat) if first else ""),
                    )
                )
        return Tabel(
            "lintas-sektor",
            "Kerja Sama Lintas Sektor",
            _head("No", "Kegiatan", "Pihak", "Kontribusi", "Manfaat"),
            tuple(rows),
        )

    @keterangan(
        "Koreksi atas dokumen bertanda tangan: tujuan tanda * pada sel tabel yang dikoreksi."
    )
    def daftar_koreksi(self) -> Tabel:
        """The corrections of the signed report: the target of the cells' koreksi marks."""
        rows = tuple(
            (
                _num(str(k.nomor)),
                Sel(k.letak),
                Sel(k.tercetak, angka=is_number(k.tercetak)),
                Sel(k.hasil, angka=is_number(k.hasil)),
                Sel(k.aturan),
                Sel(k.alasan),
            )
            for k in self.koreksi
        )
        return Tabel(
            "koreksi",
            "Koreksi atas Dokumen Bertanda Tangan",
            _head("No", "Letak", "Tercetak", "Hasil Hitung", "Aturan", "Alasan"),
            rows,
            jangkar_baris=tuple(k.jangkar for k in self.koreksi),
        )

    @keterangan("Nilai evaluasi SAKIP per komponen dengan predikatnya.")
    def sakip(self) -> Tabel:
        """The SAKIP evaluation score by component."""
        s = self.hasil.sakip
        if s is None:
            return Tabel("sakip", "Hasil Evaluasi SAKIP", (), ())
        rows: list[tuple[Sel, ...]] = [
            (
                Sel(k.nama),
                _num(angka_alami(k.bobot)),
                _num(angka(k.nilai, 2)),
                _pct(k.persen, self.d),
            )
            for k in s.komponen
        ]
        predikat = f"{s.predikat.kode} ({s.predikat.label})" if s.predikat else "–"
        rows.append(
            (
                Sel("Nilai SAKIP", kelas="jumlah"),
                _num(angka_alami(s.total_bobot)),
                _num(angka(s.nilai, 2), kelas="jumlah"),
                Sel(predikat),
            )
        )
        notes = []
        if s.selisih_tercetak:
            notes.append(
                f"Nilai tercetak pada LHE berbeda {angka_alami(abs(s.selisih_tercetak))} dari jumlah komponennya; yang dipakai adalah jumlah."
            )
        return Tabel(
            "sakip",
            f"Hasil Evaluasi SAKIP Tahun {s.tahun_dievaluasi}",
            _head("Komponen", "Bobot", "Nilai", "% dari Bobot"),
            tuple(rows),
            self.year.evaluasi.sakip.evaluator if self.year.evaluasi.sakip else None,
            tuple(notes),
        )

    # -- shared -------------------------------------------------------------------

    def _dana_cells(self, dana: Dana, kelas: str = "", kode: str | None = None) -> tuple[Sel, ...]:
        return (
            self._tandai(_num(rupiah(dana.pagu), kelas=kelas), "kode", kode, "pagu"),
            self._tandai(_num(rupiah(dana.realisasi), kelas=kelas), "kode", kode, "realisasi"),
            self._tandai(_pct(dana.serapan, self.d), "kode", kode, "serapan"),
            _num(rupiah(dana.sisa), kelas=kelas),
        )

    def _anggaran_cells(
        self, dana: Dana, kelas: str = "", kode: str | None = None
    ) -> tuple[Sel, ...]:
        """Pagu, realisasi and serapan; amounts without "Rp" (the header says it), so a
        table with indicator columns beside its budget still fits the page column."""
        return (
            self._tandai(_num(angka(dana.pagu), kelas=kelas), "kode", kode, "pagu"),
            self._tandai(_num(angka(dana.realisasi), kelas=kelas), "kode", kode, "realisasi"),
            self._tandai(_pct(dana.serapan, self.d), "kode", kode, "serapan"),
        )

    def _efficiency_note(self) -> str:
        if self.kab.settings.aturan.metode_efisiensi == "selisih":
            return (
                "Efisiensi = capaian kinerja − serapan anggaran (poin persen); ≥ 0 berarti efisien."
            )
        return "Efisiensi = (1 − serapan ÷ capaian) × 100; jumlah: Σ(pagu × capaian − realisasi) ÷ Σ(pagu × capaian) × 100; ≥ 0 berarti efisien."

    def _indicator_names(self) -> dict[str, str]:
        names = {u.id: u.nama for u in self._all_indicators() if u.id}
        for r in self._walk(self.hasil.program):
            names |= {u.id: u.nama for u in r.indikator if u.id}
        return names

    def _indicator_decimals(self) -> dict[str, int]:
        """The decimals each indicator is reported with: a PK or RKT target is printed
        as it is computed with (compute/desimal.py)."""
        return {u.id: u.desimal for u in self._all_indicators() if u.id}

    def _all_indicators(self) -> list[Ukur]:
        seen: list[Ukur] = []
        for group in self.hasil.kelompok:
            seen += [u for u in group.indikator if u not in seen]
        for r in self._walk(self.hasil.program):
            seen += list(r.indikator)
        return seen

    @staticmethod
    def _depth(row: Baris) -> int:
        return {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}[row.tingkat]

    def _walk(self, rows: Iterable[Baris]) -> list[Baris]:
        out: list[Baris] = []
        for row in rows:
            out += [row, *self._walk(row.anak)]
        return out


def _data_only(*texts: str) -> tuple[Sel, ...]:
    """Cells for the downloads only (e.g. a row's unit, satuan and polaritas)."""
    return tuple(Sel(t, hanya_data=True) for t in texts)


def _band_text(p: object) -> str:
    from generator.schema.kabupaten import Pita

    assert isinstance(p, Pita)
    low = (
        f"> {angka_alami(p.di_atas)}"
        if p.di_atas is not None
        else (f"≥ {angka_alami(p.mulai)}" if p.mulai is not None else "")
    )
    high = (
        f"≤ {angka_alami(p.sampai)}"
        if p.sampai is not None
        else (f"< {angka_alami(p.di_bawah)}" if p.di_bawah is not None else "")
    )
    return " dan ".join(part for part in (low, high) if part)


def _hitungan_table(h: Hitungan) -> Tabel:
    """A counted table: No/kode, label, one column per count, optional row total, and the
    computed Jumlah row. Group rows are bold and print the sums of their sub-rows."""
    coded = any(b.kode for b in h.baris)
    rows: list[tuple[Sel, ...]] = []
    number = 0
    for b in h.baris:
        if b.tingkat == 0:
            number += 1
        kelas = "grup" if b.kelompok else ""
        # A code ("1.0", "2.1.6") is an identifier, kept as text in every download.
        first = (
            Sel(b.kode or "", kelas=kelas)
            if coded
            else _num(str(number) if b.tingkat == 0 else "", kelas=kelas)
        )
        rows.append(
            (
                first,
                Sel(b.uraian, tingkat=b.tingkat, kelas=kelas),
                *(_num(angka(v, d), kelas=kelas) for v, d in zip(b.nilai, h.desimal, strict=True)),
                *((_num(angka(b.total, max(h.desimal)), kelas=kelas),) if h.jumlah_baris else ()),
            )
        )
    rows.append(
        (
            Sel("Jumlah", kolom=2, kelas="jumlah"),
            *(
                _num(angka(v, d), kelas="jumlah")
                for v, d in zip(h.total_kolom, h.desimal, strict=True)
            ),
            *((_num(angka(h.total, max(h.desimal)), kelas="jumlah"),) if h.jumlah_baris else ()),
        )
    )
    return Tabel(
        f"hitungan-{h.id}",
        h.judul,
        _head("No", h.label_uraian, *h.kolom, *(("Jumlah",) if h.jumlah_baris else ())),
        tuple(rows),
        h.sumber,
    )


def nonempty(tables: Sequence[Tabel]) -> list[Tabel]:
    """Keep only tables that have rows."""
    return [t for t in tables if not t.kosong]


def tren(
    kec: Kecamatan, results: dict[int, HasilLaporan], desimal: int
) -> tuple[Tabel, Tabel, list[tuple[str, list[tuple[int, Decimal | None]], int]]]:
    """Headline indicators and budget across every year known, and the chart series."""
    latest = results[max(results)]
    rows: list[tuple[Sel, ...]] = []
    series = []
    for u in latest.indikator_pk:
        points: dict[int, tuple[Target, Decimal | None, Hasil]] = {}
        for tahun, hasil in sorted(results.items()):
            same = next((x for x in hasil.indikator_pk if x.id == u.id), None)
            if same is None:
                continue
            for h in same.riwayat:
                points.setdefault(h.tahun, (h.target, h.realisasi, h.capaian))
            points[tahun] = (same.target, same.realisasi, same.capaian)
        for tahun, (target, real, cap) in sorted(points.items()):
            rows.append(
                (
                    Sel(u.nama),
                    _num(str(tahun)),
                    _num(teks_target(target, u.desimal)),
                    _num(_value(real, u.desimal)),
                    _pct(cap, desimal),
                )
            )
        series.append((u.nama, [(t, p[1]) for t, p in sorted(points.items())], u.desimal))
    budget: list[tuple[Sel, ...]] = []
    known = {a.tahun: a.jumlah for a in kec.profil.riwayat_anggaran if a.tahun not in results}
    for tahun in sorted(set(known) | set(results)):
        if tahun in results:
            dana = results[tahun].total
            budget.append(
                (
                    _num(str(tahun)),
                    _num(rupiah(dana.pagu)),
                    _num(rupiah(dana.realisasi)),
                    _pct(dana.serapan, desimal),
                )
            )
        else:
            budget.append((_num(str(tahun)), _num(rupiah(known[tahun])), Sel("–"), Sel("–")))
    indicators = Tabel(
        "tren-indikator",
        "Perkembangan indikator kinerja utama",
        _head("Indikator", "Tahun", "Target", "Realisasi", "Capaian"),
        tuple(rows),
    )
    money = Tabel(
        "tren-anggaran",
        "Perkembangan anggaran",
        _head("Tahun", "Pagu", "Realisasi", "Serapan"),
        tuple(budget),
    )
    return indicators, money, series
