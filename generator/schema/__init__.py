"""Pydantic models of every data file; the single source of the data format."""

from __future__ import annotations

from pydantic import BaseModel

from generator.schema.kabupaten import KabupatenFile
from generator.schema.kecamatan import KecamatanFile, RenstraFile
from generator.schema.tahun import EvaluasiFile, KinerjaFile, LaporanFile, PkFile, ProgramFile

KABUPATEN_FILES: dict[str, type[BaseModel]] = {"kabupaten.yaml": KabupatenFile}
KECAMATAN_FILES: dict[str, type[BaseModel]] = {
    "kecamatan.yaml": KecamatanFile,
    "renstra.yaml": RenstraFile,
}
YEAR_FILES: dict[str, type[BaseModel]] = {
    "laporan.yaml": LaporanFile,
    "pk.yaml": PkFile,
    "program.yaml": ProgramFile,
    "kinerja.yaml": KinerjaFile,
    "evaluasi.yaml": EvaluasiFile,
}
OPTIONAL_FILES = frozenset({"evaluasi.yaml"})

__all__ = [
    "KABUPATEN_FILES",
    "KECAMATAN_FILES",
    "OPTIONAL_FILES",
    "YEAR_FILES",
    "EvaluasiFile",
    "KabupatenFile",
    "KecamatanFile",
    "KinerjaFile",
    "LaporanFile",
    "PkFile",
    "ProgramFile",
    "RenstraFile",
]
