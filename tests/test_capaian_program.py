"""The BAB III table of program, kegiatan and sub-kegiatan indicators under their budget
(``t.capaian_program``): figures worked out by hand from the minimal data, its empty,
negative-polarity, missing-realisasi and hostile-name cases, and its place on the page."""

from __future__ import annotations

from pathlib import Path

from generator.cli import load_and_validate
from generator.compute.report import hitung
from generator.opendata import records
from generator.render import html_table
from generator.result_checks import load_and_compute
from generator.site import render_all
from generator.tables import Pembuat, Tabel
from tests.conftest import edit

PROGRAM = Path("contoh/alpha/2024/program.yaml")
BAB3 = "2024/bab-3-akuntabilitas-kinerja.md"


def _table(data: Path, tahun_lalu: bool = False) -> Tabel:
    project, _ = load_and_validate(str(data))
    kab = project.kabupaten[0]
    kec = kab.kecamatan[0]
    year = kec.tahun[0]
    return Pembuat(kab, kec, year, hitung(kab, kec, year)).capaian_program(tahun_lalu)


def _shown(tabel: Tabel) -> list[list[str]]:
    """The body as the page shows it: cell texts, data-only cells left out."""
    return [[c.teks for c in row if not c.hanya_data] for row in tabel.isi]


def _bab3(data: Path) -> str:
    data = load_and_compute(str(data))
    _, sites = render_all(data)
    return sites[0].pages[BAB3]


def test_units_carry_their_budget_and_indicators_their_results(data_dir: Path) -> None:
    rows = _shown(_table(data_dir))
    # By hand from program.yaml: SAKIP 64,41 / 65 = 99,09 %; gaji pagu is the pergeseran
    # 900.000, 850.000 spent = 94,44 %; 60–70 met by the quarters' sum 65 = 100 %; the
    # program sums its subs: 1.100.000, 1.000.000, 90,91 %.
    assert rows == [
        ["7.01.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
         "1.100.000", "1.000.000", "90,91 %"],
        ["Nilai SAKIP (Angka)", "65", "64,41", "99,09 %", "Sangat Tinggi", "", "", ""],
        ["7.01.01.2.02 Administrasi Keuangan Perangkat Daerah", "1.100.000", "1.000.000", "90,91 %"],
        ["Persentase dokumen keuangan tepat waktu (%)", "90", "100", "111,11 %", "Sangat Tinggi",
         "", "", ""],
        ["7.01.01.2.02.0001 Penyediaan Gaji dan Tunjangan ASN", "900.000", "850.000", "94,44 %"],
        ["Jumlah pegawai yang menerima gaji (Orang)", "19", "19", "100,00 %", "Sangat Tinggi",
         "", "", ""],
        ["7.01.01.2.02.0002 Penyediaan Administrasi Pelaksanaan Tugas ASN",
         "200.000", "150.000", "75,00 %"],
        ["Laporan administrasi (Laporan)", "60–70", "65", "100,00 %", "Sangat Tinggi", "", "", ""],
        ["7.01.01.2.01 Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
         "Tidak dianggarkan"],
        ["Dokumen perencanaan (Dokumen)", "2", "2", "100,00 %", "Sangat Tinggi", "", "", ""],
        ["Jumlah", "1.100.000", "1.000.000", "90,91 %"],
    ]  # fmt: skip
    tabel = _table(data_dir)
    assert [c.tingkat for c in (tabel.isi[0][0], tabel.isi[2][0], tabel.isi[4][0])] == [0, 1, 2]
    assert tabel.isi[0][0].kolom == 5  # a unit's name spans the indicator columns


def test_downloads_name_each_row_s_unit_satuan_and_polaritas(data_dir: Path) -> None:
    names, values = records(_table(data_dir))
    assert names[-3:] == ["Unit", "Satuan", "Polaritas"]
    gaji = next(v for v in values if v[0] == "Jumlah pegawai yang menerima gaji (Orang)")
    assert gaji[-3:] == ["Sub Kegiatan 7.01.01.2.02.0001 Penyediaan Gaji dan Tunjangan ASN",
                         "Orang", "positif"]  # fmt: skip


def test_last_year_column_is_a_choice_and_shows_riwayat(data_dir: Path) -> None:
    assert not any("Realisasi 2023" in c.teks for row in _table(data_dir).kepala for c in row)
    tabel = _table(data_dir, tahun_lalu=True)
    assert tabel.kepala[0][1].teks == "Realisasi 2023"
    rows = {r[0]: r for r in _shown(tabel)}
    assert rows["Jumlah pegawai yang menerima gaji (Orang)"][1:3] == ["22", "19"]
    assert rows["Nilai SAKIP (Angka)"][1] == "–"  # no riwayat for 2023
    assert tabel.isi[0][0].kolom == 6


def test_negative_polarity_uses_the_kabupaten_rule(data_dir: Path) -> None:
    edit(
        data_dir / PROGRAM,
        "{nama: Dokumen perencanaan, satuan: Dokumen, target: 2, realisasi: 2}",
        "{nama: Angka keluhan, satuan: Kasus, polaritas: negatif, target: 10, realisasi: 12}",
    )
    rows = {r[0]: r for r in _shown(_table(data_dir))}
    # selisih (the default rule): (2 × 10 − 12) / 10 × 100 = 80 %, band Tinggi (75–90]
    assert rows["Angka keluhan (Kasus)"][:5] == [
        "Angka keluhan (Kasus)", "10", "12", "80,00 %", "Tinggi"
    ]  # fmt: skip


def test_missing_realisasi_is_not_assessed(data_dir: Path) -> None:
    edit(
        data_dir / PROGRAM,
        "{nama: Dokumen perencanaan, satuan: Dokumen, target: 2, realisasi: 2}",
        "{nama: Dokumen perencanaan, satuan: Dokumen, target: 2, realisasi: null}",
    )
    tabel = _table(data_dir)
    row = next(r for r in tabel.isi if r[0].teks == "Dokumen perencanaan (Dokumen)")
    assert [c.teks for c in row[1:5]] == ["2", "N/A", "N/A", "Tidak dapat dinilai"]
    assert row[3].kelas == "na"


def test_no_indicators_no_table_and_no_section(data_dir: Path) -> None:
    path = data_dir / PROGRAM
    lines = path.read_text(encoding="utf-8").splitlines()
    kept, skipping = [], 0
    for line in lines:  # drop every "indikator:" block (and its items, more indented)
        indent = len(line) - len(line.lstrip())
        if skipping and (indent > skipping or line.lstrip().startswith("- {nama")):
            continue
        skipping = 0
        if line.strip() == "indikator:":
            skipping = indent
            continue
        kept.append(line)
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert _table(data_dir).kosong
    page = _bab3(data_dir)
    assert "Capaian Kinerja Program, Kegiatan dan Sub Kegiatan" not in page
    assert "Realisasi Anggaran" in page


def test_the_section_and_its_numbered_table_are_in_bab3(data_dir: Path) -> None:
    page = _bab3(data_dir)
    heading = page.index("Capaian Kinerja Program, Kegiatan dan Sub Kegiatan")
    caption = page.index(
        "Capaian Kinerja dan Anggaran Program, Kegiatan dan Sub Kegiatan Tahun 2024"
    )
    assert page.index("Capaian Kinerja Perjanjian Kinerja Tahun 2024") < heading < caption
    assert "<caption>Tabel 3.3 Capaian Kinerja dan Anggaran Program" in page


def test_hostile_names_are_escaped(data_dir: Path) -> None:
    edit(
        data_dir / PROGRAM,
        "nama: Penyediaan Gaji dan Tunjangan ASN",
        'nama: "<script>alert(1)</script> Gaji & \\"Tunjangan\\""',
    )
    edit(
        data_dir / PROGRAM,
        "- nama: Jumlah pegawai yang menerima gaji",
        '- nama: "<img src=x onerror=alert(1)> pegawai"',
    )
    html = str(html_table(_table(data_dir), "3.3", "tabel-3-3"))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gaji &amp; &#34;Tunjangan&#34;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; pegawai (Orang)" in html
