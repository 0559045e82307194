"""Generate the data-format reference (docs/data.md) from the schema models.

The reference is generated so it cannot drift from what the validator accepts; a test
checks that the committed file equals the generated text.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from generator.schema import KABUPATEN_FILES, KECAMATAN_FILES, YEAR_FILES

_INTRO = """# Format folder data

Dokumen ini dibuat otomatis dari model di `generator/schema/` oleh
`python -m generator.schema_docs > docs/data.md`; jangan disunting manual.

Setiap berkas YAML dibaca dengan posisi baris dan kolom; kunci yang tidak dikenal adalah galat.
Kolom bertanda **wajib** harus diisi. Tipe *angka* menerima angka YAML atau teks berformat
Indonesia (`"2.273.853.295"`, `"88,61"`); *rupiah* adalah bilangan bulat tidak negatif; *target*
boleh angka, rentang (`"60-70"`) atau `N/A`.
"""

_LOCATIONS = {
    **{name: "folder kabupaten" for name in KABUPATEN_FILES},
    **{name: "folder kecamatan" for name in KECAMATAN_FILES},
    **{name: "folder tahun" for name in YEAR_FILES},
}


def render_reference() -> str:
    """Return the Markdown reference of every data file and nested object."""
    parts = [_INTRO]
    seen: set[type[BaseModel]] = set()
    for files in (KABUPATEN_FILES, KECAMATAN_FILES, YEAR_FILES):
        for name, model in files.items():
            parts.append(f"\n## `{name}` ({_LOCATIONS[name]})\n")
            parts.append(_table(model))
            parts += _nested(model, seen)
    return "".join(parts)


def _nested(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[str]:
    parts: list[str] = []
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            if inner in seen:
                continue
            seen.add(inner)
            parts.append(f"\n### Objek `{inner.__name__}`\n")
            parts.append(_table(inner))
            parts += _nested(inner, seen)
    return parts


def _table(model: type[BaseModel]) -> str:
    rows = ["\n| Kunci | Tipe | Wajib | Keterangan |\n|---|---|---|---|\n"]
    for name, field in model.model_fields.items():
        required = "**wajib**" if field.is_required() else ""
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{name}` | {_type_name(field.annotation)} | {required} | {description} |\n")
    return "".join(rows)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


_NAMES = {
    "str": "teks",
    "int": "bilangan bulat",
    "bool": "ya/tidak",
    "date": "tanggal",
    "Decimal": "angka",
    "NoneType": "kosong",
}


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _annotated_name(args)
    if origin is list:
        return f"daftar {_type_name(args[0])}"
    if origin is dict:
        return f"peta {_type_name(args[0])} → {_type_name(args[1])}"
    if origin is typing.Literal:
        return " / ".join(f"`{a}`" for a in args)
    if origin is typing.Union or origin is types.UnionType:
        return " atau ".join(_type_name(a) for a in args if a is not type(None))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"objek `{annotation.__name__}`"
    name = getattr(annotation, "__name__", str(annotation))
    return _NAMES.get(name, name)


def _annotated_name(args: tuple[Any, ...]) -> str:
    validator = next((getattr(m, "func", None) for m in args[1:] if hasattr(m, "func")), None)
    special = {"to_rupiah": "rupiah", "to_count": "jumlah", "to_target": "target"}
    if validator is not None and validator.__name__ in special:
        return special[validator.__name__]
    if validator is not None and validator.__name__ == "to_optional_number":
        return "angka atau N/A"
    if any(getattr(m, "pattern", None) for m in args[1:]):
        return "id"
    for meta in args[1:]:
        for inner in getattr(meta, "metadata", []):
            if getattr(inner, "pattern", None):
                return "id"
    return _type_name(args[0])


if __name__ == "__main__":
    import sys

    sys.stdout.write(render_reference())
