"""Checks of counted tables (``tabel_hitungan`` in ``laporan.yaml``) that one field alone
cannot answer: unique ids, one count per column, leaf or group, depth and size."""

from __future__ import annotations

from collections.abc import Sequence

from generator.errors import Issue
from generator.formatting import angka
from generator.schema.hitungan import MAKS_BARIS, MAKS_KEDALAMAN, BarisHitungan, TabelHitungan
from generator.yamlsource import Document, Loc


def check_hitungan(doc: Document, tables: Sequence[TabelHitungan]) -> list[Issue]:
    """Every problem of the counted tables of one ``laporan.yaml``, located."""
    ids = [(("tabel_hitungan", i, "id"), t.id) for i, t in enumerate(tables)]
    issues = doc.duplicates(ids, "id ")
    for i, tabel in enumerate(tables):
        loc: Loc = ("tabel_hitungan", i)
        columns = [((*loc, "kolom", c, "id"), k.id) for c, k in enumerate(tabel.kolom)]
        issues += doc.duplicates(columns, "id ")
        counted = _count_rows(tabel.baris)
        if counted > MAKS_BARIS:
            issues.append(
                doc.issue(
                    (*loc, "baris"),
                    f"tabel berisi {counted} baris (dengan rincian); paling banyak {MAKS_BARIS}",
                )
            )
            continue
        issues += _rows(doc, tabel, tabel.baris, (*loc, "baris"), 1)
    return issues


def _rows(
    doc: Document, tabel: TabelHitungan, rows: Sequence[BarisHitungan], loc: Loc, depth: int
) -> list[Issue]:
    issues: list[Issue] = []
    for r, baris in enumerate(rows):
        here: Loc = (*loc, r)
        if (baris.nilai is None) == (baris.rincian is None):
            issues.append(
                doc.issue(
                    here,
                    f"baris '{baris.uraian}': isi tepat satu dari 'nilai' (angka per kolom) "
                    "atau 'rincian' (baris di bawahnya)",
                )
            )
        elif baris.rincian is not None:
            if depth >= MAKS_KEDALAMAN:
                issues.append(
                    doc.issue(
                        (*here, "rincian"),
                        f"rincian terlalu dalam: paling dalam {MAKS_KEDALAMAN} tingkat",
                    )
                )
            elif not baris.rincian:
                issues.append(doc.issue((*here, "rincian"), "rincian kosong; isi baris-barisnya"))
            else:
                issues += _rows(doc, tabel, baris.rincian, (*here, "rincian"), depth + 1)
        else:
            issues += _values(doc, tabel, baris, (*here, "nilai"))
    return issues


def _values(doc: Document, tabel: TabelHitungan, baris: BarisHitungan, loc: Loc) -> list[Issue]:
    values = baris.nilai or []
    if len(values) != len(tabel.kolom):
        return [doc.issue(loc, f"berisi {len(values)} angka, padahal ada {len(tabel.kolom)} kolom")]
    issues = []
    for c, (value, kolom) in enumerate(zip(values, tabel.kolom, strict=True)):
        places = -min(0, int(value.normalize().as_tuple().exponent))
        if places > kolom.desimal:
            # Printing would round it away and the total would no longer add up on paper.
            issues.append(
                doc.issue(
                    (*loc, c),
                    f"{angka(value, places)} punya {places} desimal, kolom '{kolom.id}' hanya {kolom.desimal}; "
                    "naikkan kolom[].desimal atau bulatkan angkanya",
                )
            )
    return issues


def _count_rows(rows: Sequence[BarisHitungan]) -> int:
    return sum(1 + _count_rows(b.rincian or ()) for b in rows)
