"""Counted tables (``tabel_hitungan`` in ``laporan.yaml``): schools by type, facilities,
services, assets … declared as rows of counts; every total is computed, never typed.

They live in the year file, not in ``kecamatan.yaml``: a count is a fact as of the report
year, and a report of an earlier year must print the counts of that year.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator

from generator.schema.base import Slug, StrictModel, to_decimal

# Bounds like other lists in the format: a table is something a reader can take in.
MAKS_TABEL = 30
MAKS_KOLOM = 12
MAKS_BARIS = 300
MAKS_KEDALAMAN = 3  # group → subgroup → row, as the asset register prints it
MAKS_TEKS = 300

# Labels a user copies from the printed "JUMLAH" row; such a row is computed.
LABEL_JUMLAH = frozenset(
    {"jumlah", "total", "jumlah total", "grand total", "sub total", "subtotal"}
)

_TOTAL_TYPED = "jumlah tidak diketik: jumlah {what} dihitung dari {source}; hapus kunci ini"


def to_cell(value: Any) -> Decimal:
    """A count: a non-negative number; '-' (printed for none) means zero."""
    if isinstance(value, str) and value.strip() in {"-", "–"}:
        return Decimal(0)
    number = to_decimal(value)
    if number < 0:
        raise ValueError(f"hitungan tidak boleh negatif ({value})")
    return number


Sel = Annotated[
    Decimal,
    BeforeValidator(to_cell),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]},
    ),
]


def refuse_total(value: Any, what: str, source: str) -> None:
    """A key that would hold a typed total is refused whenever it is written."""
    if value is not None:
        raise ValueError(_TOTAL_TYPED.format(what=what, source=source))


def _refused(description: str) -> Any:
    """A key that must stay empty (a typed total): the editor schema forbids it, a validator
    refuses it by name, and it is never in dumps (open data, tahun-baru)."""
    return Field(None, description=description, json_schema_extra={"not": {}}, exclude=True)


class KolomHitungan(StrictModel):
    """One counted column: an id for narratives, a printed header, decimals."""

    id: Slug = Field(
        description="Nama kolom untuk narasi, mis. 'negeri' → "
        "{{ hitungan.sekolah.kolom.negeri }} (jumlah kolom itu)."
    )
    judul: str = Field(max_length=MAKS_TEKS, description="Judul kolom seperti dicetak.")
    desimal: int = Field(
        0, ge=0, le=4, description="Desimal yang dicetak; 0 (bawaan) berarti bilangan bulat."
    )


class BarisHitungan(StrictModel):
    """A row: a label with one count per column, or a group whose counts are the sums of
    its ``rincian`` (sub-rows)."""

    kode: str | None = Field(None, max_length=40, description="Nomor/kode baris, mis. '2.1.6'.")
    uraian: str = Field(max_length=MAKS_TEKS, description="Label baris, mis. 'SD Negeri'.")
    nilai: list[Sel] | None = Field(
        None,
        max_length=MAKS_KOLOM,
        description="Satu angka per kolom, urut seperti `kolom`; '-' berarti 0. "
        "Kosongkan bila baris ini kelompok dengan `rincian`.",
    )
    rincian: list[BarisHitungan] | None = Field(
        None,
        max_length=MAKS_BARIS,
        description="Baris-baris di bawah kelompok ini; angka kelompok dihitung dari jumlah "
        f"rinciannya. Paling dalam {MAKS_KEDALAMAN} tingkat.",
    )
    jumlah: Any = _refused("Jangan diisi: angka baris dihitung dari `nilai`/`rincian`.")
    total: Any = _refused("Jangan diisi (lihat `jumlah`).")

    @field_validator("jumlah", "total")
    @classmethod
    def _typed_total(cls, value: Any) -> None:
        refuse_total(value, "baris", "nilai atau rinciannya")

    @field_validator("uraian")
    @classmethod
    def _not_total_row(cls, uraian: str) -> str:
        if uraian.strip().lower().rstrip(":") in LABEL_JUMLAH:
            raise ValueError(
                f"baris '{uraian}' tidak diketik: baris Jumlah dihitung dan dicetak sendiri; "
                "hapus baris ini"
            )
        return uraian


class TabelHitungan(StrictModel):
    """A counted table: id, title, optional source, columns and rows; totals computed."""

    id: Slug = Field(
        description="id unik tabel: templat memakainya di t.tabel_hitungan('<id>'), narasi "
        "di {{ hitungan.<id>.kolom.<id kolom> }} (jumlah satu kolom) dan "
        "{{ hitungan.<id>.jumlah }} (jumlah semua kolom; hanya bila satu kolom atau "
        "jumlah_baris: true)."
    )
    judul: str = Field(max_length=MAKS_TEKS, description="Judul tabel seperti dicetak.")
    sumber: str | None = Field(None, max_length=MAKS_TEKS, description="Sumber data tabel.")
    label_uraian: str = Field(
        "Uraian", max_length=MAKS_TEKS, description="Judul kolom label baris, mis. 'Jenis Sekolah'."
    )
    kolom: list[KolomHitungan] = Field(
        min_length=1,
        max_length=MAKS_KOLOM,
        description=f"Kolom angka, kiri ke kanan; paling banyak {MAKS_KOLOM}.",
    )
    jumlah_baris: bool = Field(
        False,
        description="Tambahkan kolom 'Jumlah' (jumlah semua kolom tiap baris); hanya untuk "
        "kolom bersatuan sama, mis. Negeri dan Swasta, bukan unit dan Rupiah.",
    )
    baris: list[BarisHitungan] = Field(
        min_length=1,
        max_length=MAKS_BARIS,
        description=f"Baris-baris tabel; paling banyak {MAKS_BARIS}, rincian ikut terhitung. "
        "Baris Jumlah tidak diketik: dihitung dan dicetak di bawah.",
    )
    jumlah: Any = _refused("Jangan diisi: baris Jumlah dihitung dari baris-barisnya.")
    total: Any = _refused("Jangan diisi (lihat `jumlah`).")

    @field_validator("jumlah", "total")
    @classmethod
    def _typed_total(cls, value: Any) -> None:
        refuse_total(value, "tabel", "baris-barisnya")
