"""Shared building blocks of the data schema: strict models and Indonesian number types."""

from __future__ import annotations

import re
import urllib.parse
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
)

from generator.numbers import NOT_AVAILABLE, check_bounds, parse_number

SLUG = r"^[a-z][a-z0-9_]*$"

# Report and planning years accepted everywhere (data, folder names, commands).
TAHUN_MIN = 2000
TAHUN_MAX = 2100
Slug = Annotated[str, Field(pattern=SLUG)]


def check_https(value: str) -> str:
    """A web address the site may link to: https, a host, and nothing that could break out
    of an HTML attribute (the footer prints it in ``href``)."""
    parsed = urllib.parse.urlsplit(value)
    if parsed.scheme != "https" or not parsed.hostname or re.search(r"[\s\"'<>`\\]", value):
        raise ValueError(
            "harus alamat web lengkap yang diawali https://, mis. https://www.lapor.go.id"
        )
    return value


HttpsUrl = Annotated[
    str,
    AfterValidator(check_https),
    Field(max_length=500, json_schema_extra={"format": "uri", "pattern": "^https://"}),
]


class StrictModel(BaseModel):
    """Base of every data model: unknown keys are errors, values are immutable."""

    # Numbers typed where text is expected (NIP, kode pos, nomor) are taken as text.
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


def to_decimal(value: Any) -> Decimal:
    """Accept a YAML number or an Indonesian-formatted string; reject anything else."""
    if isinstance(value, bool):
        raise ValueError("harus angka, bukan ya/tidak")
    if isinstance(value, int | Decimal):
        return check_bounds(Decimal(value), value)
    if isinstance(value, float):  # only reached when models are built from Python code
        return check_bounds(Decimal(str(value)), value)
    if isinstance(value, str):
        return parse_number(value)
    raise ValueError("harus angka")


def to_rupiah(value: Any) -> int:
    """Rupiah are exact, non-negative integers."""
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"Rupiah harus bilangan bulat, bukan {value}")
    if number < 0:
        raise ValueError(f"Rupiah tidak boleh negatif ({value})")
    return int(number)


def to_count(value: Any) -> int:
    """Counts of people or items are non-negative integers; '-' means zero, as in print."""
    if isinstance(value, str) and value.strip() == "-":
        return 0
    number = to_decimal(value)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"jumlah harus bilangan bulat tidak negatif, bukan {value}")
    return int(number)


# JSON Schema for editors: numbers may also be written as Indonesian-formatted text.
_NUMBER_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "number"},
            {"type": "string", "pattern": r"^\s*(Rp\.?\s*)?[-+]?[\d.,\s]+(%|,-)?\s*$"},
        ]
    }
)
Angka = Annotated[Decimal, BeforeValidator(to_decimal), _NUMBER_SCHEMA]
Rupiah = Annotated[
    int,
    BeforeValidator(to_rupiah),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]}),
]
Jumlah = Annotated[
    int,
    BeforeValidator(to_count),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]}),
]


class Rentang(StrictModel):
    """A range target such as "60–70": reaching any value inside it is on target."""

    min: Angka = Field(description="Batas bawah rentang target (termasuk).")
    maks: Angka = Field(description="Batas atas rentang target (termasuk).")

    @field_validator("maks")
    @classmethod
    def _ordered(cls, maks: Decimal, info: Any) -> Decimal:
        low = info.data.get("min")
        if low is not None and maks < low:
            raise ValueError(f"batas atas ({maks}) lebih kecil dari batas bawah ({low})")
        return maks


_RANGE = re.compile(r"\s*(\S+?)\s*(?:-|–|—|s\.?d\.?|s/d|sampai)\s*(\S+)\s*", re.IGNORECASE)


def to_target(value: Any) -> Decimal | Rentang | None:
    """A target is a number, a range ("60–70" or {min, maks}) or "N/A" (not available)."""
    if value is None or isinstance(value, Rentang):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in NOT_AVAILABLE:
            return None
        match = _RANGE.fullmatch(text)
        if match and not text.startswith("-"):
            return Rentang(min=to_decimal(match.group(1)), maks=to_decimal(match.group(2)))
    if isinstance(value, dict):
        return Rentang.model_validate(value)
    return to_decimal(value)


def to_optional_number(value: Any) -> Decimal | None:
    """A measured value: a number, or null/"N/A" when it is not available."""
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in NOT_AVAILABLE:
        return None
    return to_decimal(value)


Target = Annotated[
    Decimal | Rentang | None,
    BeforeValidator(to_target),
    WithJsonSchema(
        {
            "description": "Angka, rentang ('60-70' atau {min, maks}) atau N/A.",
            "anyOf": [
                {"type": "number"},
                {"type": "string"},
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {"min": {}, "maks": {}},
                    "required": ["min", "maks"],
                },
            ],
        }
    ),
]
Nilai = Annotated[
    Decimal | None,
    BeforeValidator(to_optional_number),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}]}),
]


def to_range(value: Any) -> Any:
    """A plausible range is written ``[0, 100]`` (or ``{min: 0, maks: 100}``)."""
    if isinstance(value, list):
        if len(value) != 2:
            raise ValueError("rentang ditulis [batas bawah, batas atas], mis. [0, 100]")
        low, high = to_decimal(value[0]), to_decimal(value[1])
        if high < low:  # reported here: the list has no 'maks' key to point at
            raise ValueError(f"batas atas ({high}) lebih kecil dari batas bawah ({low})")
        return {"min": low, "maks": high}
    return value


RentangWajar = Annotated[
    Rentang,
    BeforeValidator(to_range),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "array", "minItems": 2, "maxItems": 2},
                {
                    "type": "object",
                    "properties": {"min": {}, "maks": {}},
                    "required": ["min", "maks"],
                },
            ]
        }
    ),
]

RENTANG_WAJAR_DOC = (
    "Rentang nilai yang masuk akal, mis. [0, 100] untuk IKM: target, realisasi, hasil rumus, "
    "riwayat dan pembanding di luarnya diperingatkan (8861 karena koma terlupa). Bila kosong, "
    "dipakai aturan.rentang_wajar kabupaten menurut satuan."
)

DESIMAL_DOC = (
    "Desimal nilai indikator seperti dilaporkan (0–4). Realisasi (juga hasil `rumus`), target, "
    "riwayat dan pembanding dibulatkan setengah ke atas ke desimal ini sebelum dipakai "
    "menghitung apa pun (capaian, kategori, kemajuan, rata-rata, rumus indikator lain), "
    "sehingga angka tercetak dapat dihitung ulang pembaca: IKM 94,216 dengan `desimal: 2` "
    "dihitung sebagai 94,22. Bila kosong, dipakai `aturan.desimal` kabupaten."
)

Polaritas = Literal["positif", "negatif"]
Sifat = Literal["nilai_akhir", "kumulatif"]


class Pejabat(StrictModel):
    """A named official, as printed in signature blocks."""

    nama: str = Field(description="Nama lengkap dengan gelar, seperti pada tanda tangan.")
    jabatan: str = Field(description="Jabatan, mis. 'Camat Sumber' atau 'Bupati Rembang'.")
    pangkat: str | None = Field(None, description="Pangkat, mis. 'Pembina Tingkat I'.")
    golongan: str | None = Field(None, description="Golongan ruang, mis. 'IV/b'.")
    nip: str | None = Field(None, description="NIP 18 angka; spasi pengelompokan boleh.")

    @field_validator("nip")
    @classmethod
    def _nip(cls, nip: str | None) -> str | None:
        if nip is None:
            return None
        digits = nip.replace(" ", "")
        if not re.fullmatch(r"\d{18}", digits):
            raise ValueError(f"NIP harus 18 angka, bukan '{nip}'")
        return digits


class Periode(StrictModel):
    """A planning period in years, both ends included."""

    mulai: int = Field(ge=TAHUN_MIN, le=TAHUN_MAX, description="Tahun pertama periode.")
    selesai: int = Field(ge=TAHUN_MIN, le=TAHUN_MAX, description="Tahun terakhir periode.")

    @field_validator("selesai")
    @classmethod
    def _ordered(cls, selesai: int, info: Any) -> int:
        mulai = info.data.get("mulai")
        if mulai is not None and selesai < mulai:
            raise ValueError(f"tahun selesai ({selesai}) sebelum tahun mulai ({mulai})")
        return selesai

    @property
    def tahun(self) -> range:
        """Every year of the period."""
        return range(self.mulai, self.selesai + 1)
