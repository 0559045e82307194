"""The validated data tree: typed models of every file, grouped per kabupaten/kecamatan/year.

Validation produces these; compute and render consume them. ``Located`` keeps the source
document next to each model so later checks can still point at file, line and key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.load import FileInfo, Narrative
from generator.schema import (
    EvaluasiFile,
    KabupatenFile,
    KecamatanFile,
    KinerjaFile,
    LaporanFile,
    PkFile,
    ProgramFile,
    RenstraFile,
)
from generator.yamlsource import Document


@dataclass(frozen=True)
class ReportYear:
    """One kecamatan's report for one year."""

    tahun: int
    folder: Path
    laporan: LaporanFile
    pk: PkFile
    program: ProgramFile
    kinerja: KinerjaFile
    evaluasi: EvaluasiFile
    narasi: dict[str, Narrative]
    berkas: dict[str, FileInfo]
    docs: dict[str, Document] = field(repr=False)


@dataclass(frozen=True)
class Kecamatan:
    """A kecamatan, its plans, and its report years (oldest first)."""

    slug: str
    folder: Path
    profil: KecamatanFile
    renstra: RenstraFile
    tahun: tuple[ReportYear, ...]
    berkas: dict[str, FileInfo]
    docs: dict[str, Document] = field(repr=False)


@dataclass(frozen=True)
class Kabupaten:
    """A kabupaten's settings and its kecamatan."""

    slug: str
    folder: Path
    settings: KabupatenFile
    kecamatan: tuple[Kecamatan, ...]
    docs: dict[str, Document] = field(repr=False)
    berkas: dict[str, FileInfo] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Project:
    """Every validated kabupaten, plus the warnings that did not stop the build."""

    root: Path
    kabupaten: tuple[Kabupaten, ...]
