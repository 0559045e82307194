"""Bounds on an Office file (a zip of XML parts) that someone else handed us, checked from its
zip directory before any part is inflated.

``ZipInfo.file_size`` is what Python's zipfile inflates a part to at most, so bounding the
number of parts, their total inflated size and each large part's compression ratio keeps a
small file from inflating to gigabytes. Used for the workbook of ``lkjip excel impor`` and
for a kabupaten's ``templat/referensi.docx``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UserError

MAX_RATIO = 100  # inflated ÷ compressed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 2**20
MAX_PARTS = 1000


@dataclass(frozen=True)
class Batas:
    """How large one kind of file may be once inflated, and how messages name it."""

    nama: str  # "buku kerja", "dokumen referensi Word"
    maks_isi: int  # bytes, all parts together
    biasanya: str  # what such a file usually inflates to, for the message


def periksa_ukuran(path: Path, archive: zipfile.ZipFile, batas: Batas) -> None:
    """Raise ``UserError`` when ``archive`` has too many parts, inflates past
    ``batas.maks_isi`` or has a part compressed suspiciously well."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise UserError(
            f"'{path}': {batas.nama} berisi {len(infos)} bagian; paling banyak {MAX_PARTS}"
        )
    total = sum(info.file_size for info in infos)
    if total > batas.maks_isi:
        raise UserError(
            f"'{path}': isi {batas.nama} sebesar {mib(total)} setelah diekstrak; paling besar "
            f"{mib(batas.maks_isi)} ({batas.biasanya})"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise UserError(
                f"'{path}': bagian {info.filename} dimampatkan {ratio:.0f} kali (paling banyak "
                f"{MAX_RATIO} kali); berkas ini tidak dibuka karena dapat meledak saat diekstrak"
            )


def mib(size: int) -> str:
    """A size in MiB, Indonesian style: "32,0 MiB"."""
    return f"{size / 2**20:.1f}".replace(".", ",") + " MiB"
