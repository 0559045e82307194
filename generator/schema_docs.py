"""Generate the data-format reference (docs/data.md) from the schema models.

The reference is generated so it cannot drift from what the validator accepts; a test
checks that the committed file equals the generated text.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
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

Berkas yang diterbitkan di situs hanyalah berkas yang dirujuk data: `lampiran[].berkas` di
`laporan.yaml` (PDF, di folder `lampiran/`), `bagan_organisasi.berkas` di `kecamatan.yaml` dan
`logo` di `kabupaten.yaml` (PNG atau JPEG). Jenisnya diperiksa dari isi berkas, bukan dari
namanya; SVG ditolak karena dapat menjalankan skrip (ubah ke PNG). Nama berkas hanya boleh huruf,
angka, `.`, `_` dan `-`; tiap berkas paling besar 20 MB, gambar paling besar 25 juta piksel
(mis. 5000×5000). Berkas lain di `lampiran/` tidak
diterbitkan (`lkjip validate` memberi peringatan). Tidak satu pun berkas atau folder data boleh
berupa tautan simbolik (symlink).

Batas angka: paling banyak 15 angka sebelum koma (kurang dari 1.000 triliun; anggaran
kabupaten sekitar 1 triliun) dan 10 angka di belakang koma, untuk setiap angka, rupiah, jumlah,
target, realisasi, batas skala dan konstanta rumus; hasil rumus juga di bawah 1.000 triliun.
Angka ditulis desimal biasa. Bentuk YAML 1.1 yang diam-diam mengubah nilainya ditolak dengan
petunjuk cara menulisnya: awalan nol (`0777` dibaca oktal 511), `1:30` (basis 60, dibaca 90),
`0x10`, `0b1010`, garis bawah (`1_000`), notasi eksponen (`1.0e+30`), `.inf` dan `.nan`. Kode,
jam atau nomor yang berawalan nol ditulis dalam tanda kutip: `kode_pos: "01234"`, `"08:30"`.
Struktur paling dalam 40 tingkat. Tahun laporan dan periode: 2000–2100. Satu daftar paling banyak 1.000
butir dan satu berkas paling banyak 20.000 nilai. Teks paling panjang
20.000 karakter dan tidak boleh berisi karakter kendali (selain tab dan baris baru), termasuk
yang ditulis sebagai *escape* dalam tanda kutip ganda (`"\\0"`, `"\\e"`).
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
        description = (field.description or GLOSARIUM.get(name, "")).replace("|", "\\|")
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
    "Any": "jangan diisi",  # keys that exist only to refuse a typed total with a clear message
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


# Indonesian explanations for fields whose model declares none (shared by docs and schemas).
GLOSARIUM = {
    "jenis": "Jenis (pilih salah satu nilai yang tersedia).",
    "provinsi": "Nama provinsi, mis. 'Jawa Tengah'.",
    "kepala_daerah": "Bupati/wali kota: nama dan jabatan, untuk PK dan tanda tangan.",
    "rpjmd": "RPJMD/RPD daerah: periode, visi, misi, tujuan, isu strategis.",
    "regulasi": "Daftar regulasi yang dirujuk dengan id-nya.",
    "aturan": "Aturan perhitungan yang dipilih kabupaten (skala, polaritas negatif, efisiensi).",
    "alamat": "Alamat kantor kecamatan.",
    "kode_pos": "Kode pos.",
    "telepon": "Nomor telepon kantor.",
    "email": "Alamat surel (boleh lebih dari satu).",
    "situs": "Alamat situs web kecamatan.",
    "jumlah_desa": "Jumlah desa di wilayah kecamatan.",
    "jumlah_kelurahan": "Jumlah kelurahan di wilayah kecamatan.",
    "organisasi": "Unit organisasi beserta tugas dan fungsinya.",
    "bagan_organisasi": "Gambar bagan organisasi, PNG atau JPEG (berkas di folder kecamatan).",
    "isu_strategis": "Isu strategis dan relevansinya bagi kecamatan.",
    "strategi": "Strategi Renstra beserta arah kebijakannya.",
    "riwayat_anggaran": "Total anggaran tahun-tahun sebelumnya (untuk perbandingan).",
    "periode": "Periode dokumen (tahun mulai dan selesai).",
    "tujuan": "Pohon tujuan → sasaran → indikator dengan target per tahun.",
    "penandatangan": "Camat yang menandatangani laporan.",
    "pegawai": "Tabel jumlah pegawai per tanggal tertentu.",
    "aset": "Daftar aset/sarana prasarana.",
    "rkt": "Rencana Kinerja Tahunan: indikator dan targetnya.",
    "tantangan": "Tantangan (Ikhtisar Eksekutif).",
    "upaya": "Upaya yang dilakukan untuk mencapai target.",
    "lintas_sektor": "Kegiatan kerja sama lintas sektor.",
    "prestasi": "Penghargaan/prestasi yang diraih.",
    "inovasi": "Inovasi pelayanan.",
    "kesimpulan": "Kesimpulan (BAB IV).",
    "kendala": "Kendala/faktor penghambat (BAB IV).",
    "rekomendasi": "Rekomendasi (BAB IV).",
    "lampiran": "Dokumen lampiran berupa berkas PDF di folder lampiran/.",
    "perjanjian": "Perjanjian Kinerja (awal) dan PK Perubahan, bila ada.",
    "program": "Daftar program; kegiatan dan sub kegiatan di dalamnya.",
    "indikator": "Daftar indikator.",
    "nilai_dasar": "Nilai masukan bernama yang boleh dipakai rumus.",
    "sakip": "Hasil evaluasi SAKIP oleh Inspektorat.",
    "tindak_lanjut": "Matriks tindak lanjut rekomendasi evaluasi.",
}


def _describe(node: Any) -> None:
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if isinstance(prop, dict) and "description" not in prop and name in GLOSARIUM:
                prop["description"] = GLOSARIUM[name]
        for value in node.values():
            _describe(value)
    elif isinstance(node, list):
        for value in node:
            _describe(value)


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema per data file, for YAML editors (autocompletion and inline errors).

    Model docstrings are English code documentation, so only the (Indonesian) field
    descriptions are kept.
    """
    out = {}
    for files in (KABUPATEN_FILES, KECAMATAN_FILES, YEAR_FILES):
        for name, model in files.items():
            schema = model.model_json_schema()
            _drop_model_docs(schema)
            _describe(schema)
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            schema["title"] = f"{name} (lkjip)"
            out[name.replace(".yaml", ".schema.json")] = schema
    return out


def _drop_model_docs(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.pop("description", None)
        for value in node.values():
            _drop_model_docs(value)
    elif isinstance(node, list):
        for value in node:
            _drop_model_docs(value)


def write_schemas(folder: Path) -> list[Path]:
    """Write the editor schemas into ``folder`` (used by ``python -m generator.schema_docs``)."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--skema"]:
        write_schemas(Path(__file__).resolve().parents[1] / "schemas")
    else:
        sys.stdout.write(render_reference())
