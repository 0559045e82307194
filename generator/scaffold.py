"""``lkjip baru`` and ``lkjip tahun-baru``: start a kecamatan folder or a new report year.

Both produce a *valid draft*: required facts the software cannot know are written as
``(belum diisi)``, which ``lkjip validate`` reports as a warning with file and line (an
error under ``--strict``), so staff see exactly what is left to fill. Neither command
ever overwrites an existing file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.errors import UserError
from generator.model import Kecamatan, ReportYear
from generator.numbers import is_ambiguous
from generator.paths import NEW_KABUPATEN
from generator.schema.base import TAHUN_MAX, TAHUN_MIN

BELUM = "(belum diisi)"
SCHEMA_LINE = "# yaml-language-server: $schema={depth}schemas/{name}.schema.json\n"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")  # fullmatch only: "$" matches before a final "\n"


class _Dumper(yaml.SafeDumper):
    """Write Decimals as plain numbers, never in a form our loader would call ambiguous."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # our loader refuses anchors/aliases, so never write them


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value.normalize(), "f")
    if "." not in text:
        return dumper.represent_int(int(text))
    if is_ambiguous(text):
        return dumper.represent_str(text.replace(".", ","))
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _decimal)


def dump(data: Any, name: str, depth: int, header: str) -> str:
    """YAML text with the editor-schema modeline and an explanatory header."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    prefix = "../" * depth
    return SCHEMA_LINE.format(depth=prefix, name=name) + f"# {header}\n" + body


def check_year(year: int) -> None:
    """Refuse a report year the data schema would refuse, before any file is planned."""
    if not TAHUN_MIN <= year <= TAHUN_MAX:
        shown = str(year) if abs(year) < 10**12 else "itu"
        raise UserError(
            f"tahun {shown} di luar rentang yang diterima ({TAHUN_MIN}–{TAHUN_MAX}); "
            "tulis tahun laporan 4 angka, mis. 2025"
        )


def _period(year: int) -> tuple[int, int]:
    """A planning period around ``year``, kept inside the accepted years."""
    return max(TAHUN_MIN, year - 3), min(TAHUN_MAX, year + 2)


def plan_new_kecamatan(data: Path, slug: str, year: int) -> dict[Path, str]:
    """Files for a new kecamatan (and its kabupaten, when that is new too)."""
    check_year(year)
    kab_slug, _, kec_slug = slug.strip("/").partition("/")
    if not (SLUG.fullmatch(kab_slug) and SLUG.fullmatch(kec_slug)):
        raise UserError("tulis KAB/KEC dengan huruf kecil, angka atau '-', mis. rembang/sumber")
    kab_dir, kec_dir = data / kab_slug, data / kab_slug / kec_slug
    if kec_dir.exists():
        raise UserError(f"folder '{kec_dir}' sudah ada; tidak ada yang ditimpa")
    files: dict[Path, str] = {}
    if not (kab_dir / "kabupaten.yaml").exists():
        files[kab_dir / "kabupaten.yaml"] = _kabupaten_text(kab_slug, year)
    name = kec_slug.replace("-", " ").title()
    files[kec_dir / "kecamatan.yaml"] = dump(
        _kecamatan(name), "kecamatan", 3, "Data kecamatan yang jarang berubah; lihat docs/data.md."
    )
    files[kec_dir / "renstra.yaml"] = dump(
        _renstra(year),
        "renstra",
        3,
        "Renstra: tujuan → sasaran → indikator dengan target per tahun.",
    )
    files |= _year_files(kec_dir / str(year), name, year)
    return files


def _kabupaten_text(kab_slug: str, year: int) -> str:
    template = NEW_KABUPATEN.read_text(encoding="utf-8")
    return (
        template.replace("{nama}", kab_slug.replace("-", " ").title())
        .replace("{mulai}", str(_period(year)[0]))
        .replace("{selesai}", str(_period(year)[1]))
    )


def _kecamatan(name: str) -> dict[str, Any]:
    return {
        "nama": name,
        "alamat": BELUM,
        "organisasi": [
            {"id": "camat", "nama": "Camat", "jenis": "pimpinan", "tugas": [BELUM], "fungsi": []},
            {
                "id": "sekcam",
                "nama": "Sekretaris Kecamatan",
                "jenis": "sekretariat",
                "induk": "camat",
            },
        ],
    }


def _renstra(year: int) -> dict[str, Any]:
    mulai, selesai = _period(year)
    years = {y: None for y in range(mulai, selesai + 1)}
    return {
        "periode": {"mulai": mulai, "selesai": selesai},
        "tujuan": [
            {
                "kode": "1",
                "teks": "Meningkatkan kualitas pelayanan publik",
                "sasaran": [
                    {
                        "kode": "1.1",
                        "teks": "Meningkatnya kualitas pelayanan kecamatan",
                        "indikator": [
                            {
                                "id": "ikm",
                                "nama": "Indeks Kepuasan Masyarakat",
                                "satuan": "Angka",
                                "iku": True,
                                "sumber_data": "Survei Kepuasan Masyarakat",
                                "target": years,
                            }
                        ],
                    }
                ],
            }
        ],
    }


def _year_files(folder: Path, name: str, year: int) -> dict[Path, str]:
    signer = {"nama": BELUM, "jabatan": f"Camat {name}"}
    laporan = {
        "tahun": year,
        "status": "draf",
        "tempat": BELUM,
        "tanggal": dt.date(year + 1, 3, 31),
        "penandatangan": signer,
    }
    pk = {
        "perjanjian": [
            {
                "jenis": "awal",
                "tempat": BELUM,
                "tanggal": dt.date(year, 1, 31),
                "pihak_pertama": signer,
                "pihak_kedua": {"nama": BELUM, "jabatan": "Bupati"},
                "sasaran": [{"indikator": "ikm", "target": None}],
            }
        ]
    }
    program = {
        "program": [
            {
                "kode": "7.01.01",
                "nama": "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
                "mendukung": ["ikm"],
                "tanpa_anggaran": True,
                "kegiatan": [],
            }
        ]
    }
    kinerja = {"indikator": [{"indikator": "ikm", "realisasi": None}]}
    return {
        folder / "laporan.yaml": dump(
            laporan, "laporan", 4, f"Laporan kinerja {year} (status draf sampai ditandatangani)."
        ),
        folder / "pk.yaml": dump(
            pk, "pk", 4, "Perjanjian Kinerja; tambahkan PK Perubahan bila ada."
        ),
        folder / "program.yaml": dump(
            program,
            "program",
            4,
            "Program → kegiatan → sub kegiatan; anggaran hanya di sub kegiatan.",
        ),
        folder / "kinerja.yaml": dump(
            kinerja, "kinerja", 4, "Realisasi indikator Renstra tahun ini."
        ),
        folder
        / "narasi"
        / "kata-pengantar.md": f"Kata pengantar laporan kinerja Kecamatan {name} tahun {year} {BELUM}.\n",
    }


def plan_new_year(kec: Kecamatan, year: int) -> dict[Path, str]:
    """A new report year from the latest earlier one: targets carried, realisasi into history."""
    check_year(year)
    folder = kec.folder / str(year)
    if folder.exists():
        raise UserError(f"folder '{folder}' sudah ada; tidak ada yang ditimpa")
    earlier = [y for y in kec.tahun if y.tahun < year]
    if not earlier:
        raise UserError(f"tidak ada tahun laporan sebelum {year} untuk disalin")
    prev = max(earlier, key=lambda y: y.tahun)
    renstra_targets = {
        ind.id: ind.target.get(year)
        for t in kec.renstra.tujuan
        for ind in [*t.indikator, *(i for s in t.sasaran for i in s.indikator)]
    }
    return {
        folder / "laporan.yaml": dump(
            _next_laporan(prev, year),
            "laporan",
            4,
            f"Laporan kinerja {year}, disalin dari {prev.tahun}.",
        ),
        folder / "pk.yaml": dump(
            _next_pk(prev, year, renstra_targets),
            "pk",
            4,
            f"PK {year}: target dari Renstra, isi tanggal dan anggaran.",
        ),
        folder / "program.yaml": dump(
            _next_program(prev),
            "program",
            4,
            f"Program {year}: realisasi {prev.tahun} dipindah ke riwayat; perbarui pagu.",
        ),
        folder / "kinerja.yaml": dump(
            _next_kinerja(prev),
            "kinerja",
            4,
            f"Realisasi {year}; realisasi {prev.tahun} dipindah ke riwayat.",
        ),
    }


def _plain(model: Any) -> Any:
    return model.model_dump(mode="python", exclude_defaults=True)


def _next_laporan(prev: ReportYear, year: int) -> dict[str, Any]:
    keep = {
        k: v
        for k, v in _plain(prev.laporan).items()
        if k in ("tempat", "penandatangan", "dasar_hukum", "pegawai", "aset", "tabel_hitungan")
    }
    return {"tahun": year, "status": "draf", "tanggal": dt.date(year + 1, 3, 31), **keep}


def _next_pk(prev: ReportYear, year: int, targets: Mapping[str, Any]) -> dict[str, Any]:
    # The new year starts with a PK awal, copied from last year's PK awal, or from its PK
    # Perubahan when that was the only one attached.
    base = min(prev.pk.perjanjian, key=lambda p: p.jenis != "awal")
    data = _plain(base)
    data["tanggal"] = dt.date(year, 1, 31)
    data["sasaran"] = [
        {"indikator": row.indikator, "target": targets.get(row.indikator, row.target)}
        for row in base.sasaran
    ]
    return {"perjanjian": [{"jenis": "awal", **{k: v for k, v in data.items() if k != "jenis"}}]}


def _history_entry(prev_year: int, target: Any, realisasi: Any) -> dict[str, Any]:
    return {"tahun": prev_year, "target": target, "realisasi": realisasi}


def _next_program(prev: ReportYear) -> dict[str, Any]:
    data: dict[str, Any] = _plain(prev.program)
    for program in data["program"]:
        _roll_indicators(program, prev.tahun)
        for kegiatan in program.get("kegiatan", []):
            _roll_indicators(kegiatan, prev.tahun)
            for sub in kegiatan.get("sub_kegiatan", []):
                _roll_indicators(sub, prev.tahun)
                if "anggaran" in sub:
                    pagu = sub["anggaran"]["pagu"]
                    start = (
                        pagu.get("perubahan") or pagu.get("pergeseran") or pagu.get("induk") or 0
                    )
                    sub["anggaran"] = {"pagu": {"induk": start}, "realisasi": 0}
    return data


def _roll_indicators(unit: dict[str, Any], prev_year: int) -> None:
    for ind in unit.get("indikator", []):
        realisasi = ind.pop("realisasi", None)
        ind.pop("realisasi_triwulan", None)
        ind.pop("analisis", None)
        ind.pop("pembanding", None)
        ind["riwayat"] = [
            *ind.get("riwayat", []),
            _history_entry(prev_year, ind.get("target"), realisasi),
        ]


def _next_kinerja(prev: ReportYear) -> dict[str, Any]:
    agreed: dict[str, Any] = {}
    for pk in sorted(prev.pk.perjanjian, key=lambda p: p.jenis != "perubahan"):
        for target_row in pk.sasaran:
            agreed.setdefault(target_row.indikator, target_row.target)
    rows = []
    for row in prev.kinerja.indikator:
        last = {
            "tahun": prev.tahun,
            "target": agreed.get(row.indikator),
            "realisasi": row.realisasi,
        }
        history = [
            *(_plain(h) for h in row.riwayat),
            {k: v for k, v in last.items() if v is not None or k == "realisasi"},
        ]
        rows.append({"indikator": row.indikator, "realisasi": None, "riwayat": history})
    out: dict[str, Any] = {"indikator": rows}
    if prev.kinerja.nilai_dasar:
        out["nilai_dasar"] = {k: _plain(v) for k, v in prev.kinerja.nilai_dasar.items()}
    return out


def write_new(files: Mapping[Path, str]) -> list[Path]:
    """Create the planned files; refuse if any of them already exists."""
    existing = [p for p in files if p.exists()]
    if existing:
        raise UserError(f"'{existing[0]}' sudah ada; tidak ada yang ditimpa")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # 'x': never overwrite
            handle.write(text)
    return sorted(files)
