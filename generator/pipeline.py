"""The build, stage by stage: what ``lkjip build`` and ``lkjip serve`` run.

:func:`build` reads like the table of contents of DESIGN.md's pipeline. Each stage hands the
next what it made, so a report year is computed once (by validation, whose checks need the
results) and those results are rendered by the site, the print layer and the portal alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import uptodate
from generator.asal import BuildInfo, build_info
from generator.compute.report import Terhitung, kunci
from generator.errors import Issue, UserError
from generator.publish import Hasil, Shard, publish
from generator.result_checks import load_and_compute


@dataclass(frozen=True)
class Pesanan:
    """What a build is asked for (the options of ``lkjip build``)."""

    data: Path
    keluaran: Path
    kecamatan: str | None = None  # "kab/kec": build only this site, carry the others over
    cetak: frozenset[str] = frozenset()  # printed outputs per year (generator.keluaran)
    sertakan_draf: bool = False  # draft report years in the portal
    jobs: int = 1
    bersih: bool = False  # rebuild every site, reusing nothing
    shard: Shard | None = None


@dataclass(frozen=True)
class Selesai:
    """What a build did, and the data's warnings. ``tidak_berubah``: nothing had changed
    since the build that made ``keluaran``, which was left as it was (those are its warnings)."""

    hasil: Hasil
    peringatan: tuple[Issue, ...]
    tidak_berubah: bool = False


def build(pesanan: Pesanan, laporkan: Callable[[Sequence[Issue]], object] | None = None) -> Selesai:
    """Build the sites asked for; ``laporkan`` (when given) is shown the data's warnings as
    soon as they are known, before the (longer) rendering starts."""
    laporkan = laporkan or _ignore
    remembered, info = _unchanged(pesanan)  # nothing changed since the last build: done
    if remembered is not None and info is not None:
        laporkan(remembered)
        unchanged = Hasil(pesanan.keluaran.resolve(), (), tuple(sorted(info.commit)), True)
        return Selesai(unchanged, tuple(remembered), tidak_berubah=True)
    data = load_and_compute(pesanan.data)  # load → validate → compute, each year once
    laporkan(data.peringatan)
    info = info or build_info(data.project)  # provenance: data commits and history, from git
    hasil = publish(  # render → outputs → publish: one worker process per site, then the portal
        data,
        pesanan.keluaran,
        selected(data, pesanan.kecamatan),
        pesanan.cetak,
        pesanan.sertakan_draf,
        jobs=pesanan.jobs,
        bersih=pesanan.bersih,
        shard=pesanan.shard,
        info=info,
    )
    if hasil.portal_key is not None and pesanan.kecamatan is None:
        uptodate.remember(pesanan.data, hasil.portal_key, list(data.peringatan))
    return Selesai(hasil, data.peringatan)


def _ignore(issues: Sequence[Issue]) -> None:
    """Warnings nobody asked to see (the caller reads them from the result)."""


def _unchanged(pesanan: Pesanan) -> tuple[list[Issue] | None, BuildInfo | None]:
    """The remembered warnings when the published site is up to date (a full build only),
    and the git facts read on the way otherwise."""
    if pesanan.bersih or pesanan.shard or pesanan.kecamatan:
        return None, None
    return uptodate.check(
        pesanan.data,
        pesanan.keluaran,
        cetak=pesanan.cetak,
        drafts_in_portal=pesanan.sertakan_draf,
    )


def selected(data: Terhitung, kecamatan: str | None) -> set[str] | None:
    """The sites ``--kecamatan KAB/KEC`` names (None: all), checked against the data."""
    if kecamatan is None:
        return None
    slug = kecamatan.strip("/")
    known = {kunci(kab, kec) for kab in data.project.kabupaten for kec in kab.kecamatan}
    if slug not in known:
        raise UserError(f"kecamatan '{kecamatan}' tidak ada; yang ada: {', '.join(sorted(known))}")
    return {slug}
