"""Generate the template reference (docs/templat.md) from the code.

Tables come from the public methods of :class:`generator.tables.Pembuat` and their
``keterangan``; charts from :data:`generator.charts.GRAFIK_TAHUN`; variables and filters
from :mod:`generator.konteks`; macros from the comment before each ``{% macro %}`` of
``site_templates/_makro.md.j2``. Table ids and columns are read from the tables built for
the example data (``data/``). Filter outputs are computed by rendering their examples. A
test checks that the committed file equals this output, so the reference cannot drift.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.charts import GRAFIK_TAHUN
from generator.konteks import FILTER, HALAMAN, Filter, Kelompok
from generator.render import make_environment
from generator.tables import Pembuat, Tabel

ROOT = Path(__file__).resolve().parents[1]
SITE_TEMPLATES = ROOT / "site_templates"
EXAMPLE_DATA = ROOT / "data"
MACRO_FILE = "_makro.md.j2"

# The how-to's example of a new chapter, also what tests/test_templat_docs.py builds.
CONTOH_HALAMAN_BARU = (
    "  - {berkas: sorotan.md, judul: Sorotan Kinerja, templat: tahun/sorotan.md.j2, bab: S}"
)
CONTOH_TEMPLAT_BARU = """# Sorotan Kinerja Tahun {{ tahun }}

## {{ bagian("Capaian Indikator Kinerja Utama") }}

{{ gambar(grafik.get("target-realisasi")) }}
{{ tabel(t.capaian()) }}

## {{ bagian("Anggaran") }}

Pagu {{ hasil.total.pagu | rupiah }}, terealisasi {{ hasil.total.realisasi | rupiah }}.

{{ tabel(t.realisasi_anggaran()) }}
"""

_INTRO = """# Templat laporan

Dokumen ini dibuat otomatis oleh `python -m generator.templat_docs > docs/templat.md`;
jangan disunting manual. Daftar tabel, grafik, variabel, filter dan makro di bawah diambil
dari kode, dan sebuah uji gagal bila ada yang tidak terdokumentasi.

Setiap halaman situs dirender dari templat Jinja2 (Markdown + tabel HTML) di
`site_templates/`: `tahun/*.md.j2` untuk halaman setiap tahun laporan, `situs/*.md.j2` untuk
halaman situs kecamatan, `portal/*.md.j2` untuk portal. Templat dan `tata-letak.yaml` dicari
berurutan di `data/<kab>/<kec>/templat/`, lalu `data/<kab>/templat/`, lalu `site_templates/`;
berkas pertama yang ditemukan dipakai utuh. Templat portal hanya dibaca dari
`site_templates/` karena portal membandingkan semua kabupaten. PDF dan Word tidak punya templat
bab sendiri: keduanya dicetak dari halaman tahun yang sama. Yang khas cetak saja (sampul, Daftar
Isi dan Daftar Tabel bernomor halaman, gaya halaman) ada di `site_templates/pdf/`.

Templat hanya menata hasil yang sudah dihitung. Setiap nilai yang dicetak dengan `{{ }}`
di-*escape* sehingga `|`, `*`, `<` atau `{{` pada data tampil apa adanya; nama yang salah ketik
adalah galat yang menyebut berkas templat dan barisnya.
"""

_PANDUAN = """
## Menata bab dan bagian untuk satu kabupaten

Contoh di bawah untuk kabupaten berfolder `data/rembang/`; untuk satu kecamatan saja, pakai
`data/rembang/<kecamatan>/templat/` sebagai ganti `data/rembang/templat/`.

### 1. Salin tata letak

```sh
mkdir -p data/rembang/templat
cp site_templates/tata-letak.yaml data/rembang/templat/tata-letak.yaml
```

`tata-letak.yaml` berisi dua daftar: `tahun:` (halaman setiap tahun laporan, berurutan
seperti di navigasi) dan `situs:` (halaman situs kecamatan). Setiap entri punya `berkas`
(nama halaman, huruf kecil, angka dan `-`, berakhiran `.md`), `judul` (teks di navigasi),
`templat` (berkas templat), bila tabelnya bernomor `bab` (awalan nomor tabel), dan `cetak`
(letaknya di PDF dan Word, lihat langkah 7).
Salinan ini menggantikan berkas bawaan seluruhnya, jadi setelah pembaruan program bandingkan
lagi dengan `site_templates/tata-letak.yaml`.

### 2. Menambah bab

Tambahkan satu baris di daftar `tahun:`, di tempat bab itu harus muncul, mis. sesudah
BAB III:

```yaml
{halaman_baru}
```

lalu tulis templatnya di `data/rembang/templat/tahun/sorotan.md.j2`:

```jinja
{templat_baru}```

Tabel dan grafik yang tersedia, dan variabel seperti `tahun` atau `hasil`, ada di bagian
rujukan di bawah. Tabel yang sama boleh dicetak di lebih dari satu bab; setiap cetakan
bernomor sendiri.

### 3. Membuang bab

Hapus barisnya dari `tahun:` (atau `situs:`); halaman itu hilang dari situs dan dari laporan
cetak sekaligus. Halaman `index.md` pertama di `tahun:` adalah halaman depan setiap tahun dan
ditautkan dari portal, dan entri pertama `situs:` adalah
beranda situs: keduanya jangan dibuang. Halaman Koreksi dituju tanda * pada angka yang
dikoreksi; bila data punya koreksi, halaman itu tetap diperlukan.

### 4. Mengurutkan ulang

Pindahkan barisnya. Urutan di `tahun:` adalah urutan navigasi dan urutan cetak (dalam
bagian depan dan dalam isi masing-masing). Halaman
Daftar Tabel dan Gambar (templat yang berakhiran `daftar-tabel.md.j2`) selalu dirender
terakhir sehingga memuat semua tabel, di mana pun letaknya dalam daftar.

### 5. Mengubah isi satu bab

Salin templat babnya ke folder `templat/` dengan jalur yang sama, lalu ubah:

```sh
mkdir -p data/rembang/templat/tahun
cp site_templates/tahun/bab-3.md.j2 data/rembang/templat/tahun/bab-3.md.j2
```

Untuk mendahulukan Realisasi Anggaran, pindahkan seluruh bagian dari
`## {{{{ bagian("Realisasi Anggaran") }}}}` sampai sebelum `{{% set tbl = t.lintas_sektor() %}}`
ke atas `## {{{{ bagian("Capaian Kinerja") }}}}`. Nomor bagian (3.1, 3.2, …), tabel (Tabel 3.1,
…) dan gambar mengikuti urutan yang benar-benar tercetak, jadi tidak perlu diubah. Bagian yang
dibungkus `{{% if not tbl.kosong %}}` hilang bila datanya tidak ada, tanpa meninggalkan lompatan
nomor. Baris pertama templat, `{{% import "_makro.md.j2" as m %}}`, diperlukan bila templat
memakai makro `m.…`.

### 6. Nomor tabel

`bab` sebuah halaman adalah awalan nomornya: dengan `bab: "3"` tabel bernomor Tabel 3.1,
3.2, … menurut urutan cetak di halaman itu, gambar Gambar 3.1, …, dan bagian 3.1, 3.1.1, ….
Hanya tabel dan gambar bernomor yang masuk Daftar Tabel dan Gambar. Halaman tanpa `bab`
mencetak tabel tanpa nomor. Dua halaman dengan `bab` yang sama akan memberi nomor kembar, jadi
berikan awalan sendiri untuk bab baru (di contoh: `S`, sehingga Tabel S.1). Berkas unduhan
tabel (CSV, JSON, Excel) dinamai menurut nomornya (`data/tabel-S-1.csv`).

### 7. Satu tata letak untuk semua keluaran

Tata letak yang sama menentukan navigasi situs, halaman setiap tahun, Daftar Tabel, nomor
tabel dan berkas unduhannya, serta dokumen cetak (PDF dan DOCX). Atribut `cetak:` pada setiap
entri `tahun:` menentukan tempatnya di dokumen cetak: `depan` untuk bagian depan (Kata
Pengantar, Ikhtisar Eksekutif) yang bernomor halaman romawi dan diikuti Daftar Isi serta
Daftar Tabel dan Gambar cetak, `isi` (bawaan) untuk bab dan lampiran bernomor 1, 2, …, dan
`tidak` untuk halaman yang hanya ada di situs (halaman Isi Laporan, Daftar Tabel situs). Bab
baru di contoh atas ikut dicetak tanpa tambahan apa pun. Templat bab yang ditimpa juga
mengubah PDF dan Word: keduanya dibuat dari halaman yang sama dengan situs. Yang hanya berguna di
layar dapat dibungkus elemen berkelas `lkjip-hanya-situs`; laporan cetak membuangnya.

### 8. Memeriksa hasilnya

```sh
lkjip build data --keluaran site
```

Galat dalam templat atau tata letak menyebut berkas dan barisnya.
"""


def render_reference() -> str:
    """Return docs/templat.md."""
    panduan = _PANDUAN.format(halaman_baru=CONTOH_HALAMAN_BARU, templat_baru=CONTOH_TEMPLAT_BARU)
    parts = [_INTRO, panduan, _tables(), _charts(), _variables(), _filters(), _macros()]
    return "\n".join(parts)


# -- tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FungsiTabel:
    """A public method of Pembuat as the reference lists it."""

    nama: str
    parameter: str
    keterangan: str | None
    contoh: str | None
    doc: str | None
    membuat_tabel: bool  # False for helpers such as kategori, which return a cell


def table_functions() -> list[FungsiTabel]:
    """Every public method of Pembuat, in definition order."""
    out = []
    for name, member in vars(Pembuat).items():
        if name.startswith("_") or not callable(member):
            continue
        params = list(inspect.signature(member).parameters)[1:]
        returns = inspect.signature(member).return_annotation
        default = f"{{{{ tabel(t.{name}()) }}}}" if returns == "Tabel" and not params else None
        out.append(
            FungsiTabel(
                name,
                ", ".join(params),
                member.__dict__.get("keterangan"),
                member.__dict__.get("contoh", default),
                inspect.getdoc(member),
                "Tabel" in str(returns),
            )
        )
    return out


def _example_tables() -> dict[str, list[Tabel]]:
    """Per table function, the first non-empty tables it builds for the example data."""
    # Imported here: loading data pulls in the whole pipeline, which the rest does not need.
    from generator.result_checks import load_and_compute

    data = load_and_compute(EXAMPLE_DATA)
    project = data.project
    found: dict[str, list[Tabel]] = {}
    for kab in project.kabupaten:
        for kec in kab.kecamatan:
            for year in kec.tahun:
                t = Pembuat(kab, kec, year, data.tahun(kab, kec, year))
                for f in table_functions():
                    if f.membuat_tabel and f.nama not in found:
                        tables = [x for x in _call(t, f.nama, year.pk.perjanjian) if not x.kosong]
                        if tables:
                            found[f.nama] = tables
    return found


def _call(t: Pembuat, name: str, perjanjian: Any) -> Iterator[Tabel]:
    method: Callable[..., object] = getattr(t, name)
    if name == "pk":
        results = [method(p) for p in perjanjian]
    elif name == "tabel_hitungan":  # one per id the example data declares
        results = [method(h.id) for h in t.hasil.hitungan]
    else:
        results = [method()]
    for result in results:
        items = result if isinstance(result, list | tuple) else [result]
        yield from (x for x in items if isinstance(x, Tabel))


def _columns(tabel: Tabel) -> str:
    shown = replace(
        tabel, kepala=tuple(tuple(c for c in r if not c.hanya_data) for r in tabel.kepala)
    )
    columns = ", ".join(" › ".join(texts) for texts in shown.kolom_kepala())
    data_only = [c.teks for row in tabel.kepala for c in row if c.hanya_data]
    return columns + (f" (hanya di unduhan: {', '.join(data_only)})" if data_only else "")


def _tables() -> str:
    examples = _example_tables()
    parts = [
        "## Tabel\n",
        "Di halaman tahun, `t` membuat tabel tahun itu dan `tabel(...)` mencetaknya bernomor; di",
        "halaman situs pakai `{% set t = pembuat_terbaru %}` dan `tabel_situs(...)`. Tabel tanpa",
        "baris tidak dicetak; `tbl.kosong` memeriksanya lebih dulu:",
        '`{% set tbl = t.analisis() %}{% if not tbl.kosong %}## {{ bagian("Analisis") }} {{ tabel(tbl) }}{% endif %}`.',
        "Id dan kolom di bawah adalah contoh dari data contoh (`data/`); judul dan kolom tahun",
        "mengikuti data.\n",
    ]
    for f in table_functions():
        parts.append(f"### `t.{f.nama}({f.parameter})`\n")
        parts.append(f"{f.keterangan}\n")
        parts.append(f"- Contoh: `{f.contoh}`")
        for tabel in examples.get(f.nama, []):
            parts.append(f"- Id `{tabel.id}`, judul «{tabel.judul}»; kolom: {_columns(tabel)}")
        if f.membuat_tabel and f.nama not in examples:
            parts.append("- Kosong pada data contoh.")
        parts.append("")
    return "\n".join(parts)


# -- charts, variables, filters -------------------------------------------------------------


def _charts() -> str:
    parts = [
        "## Grafik\n",
        "Di halaman tahun, `grafik` memuat grafik tahun itu menurut namanya dan `gambar(...)`",
        "mencetaknya sebagai gambar bernomor; grafik yang datanya tidak ada tidak termuat, dan",
        "`grafik.get(...)` lalu memberi `None` yang tidak mencetak apa pun. Halaman situs punya",
        "`tren_grafik` (dengan `gambar_situs`); perbandingan portal punya daftar `grafik`.\n",
        "| Nama | Isi | Contoh |",
        "|---|---|---|",
    ]
    for name, text in GRAFIK_TAHUN.items():
        parts.append(f'| `{name}` | {text} | `{{{{ gambar(grafik.get("{name}")) }}}}` |')
    return "\n".join(parts) + "\n"


def _cell(text: str) -> str:
    """Text in a Markdown table cell: a literal ``|`` would end the cell."""
    return text.replace("|", "\\|")


def _variables() -> str:
    parts = [
        "## Variabel templat\n",
        "Variabel yang tersedia bergantung pada jenis halaman:\n",
        "| Jenis halaman | Halaman | Kelompok variabel |",
        "|---|---|---|",
    ]
    for kind in HALAMAN:
        groups = ", ".join(g.judul for g in kind.kelompok)
        parts.append(f"| {kind.judul} | {kind.letak} | {groups} |")
    parts.append("")
    seen: list[Kelompok] = []
    for kind in HALAMAN:
        for group in kind.kelompok:
            if group not in seen:
                seen.append(group)
                parts.append(_group(group))
    return "\n".join(parts)


def _group(group: Kelompok) -> str:
    parts = [f"### {group.judul}\n", "| Variabel | Isi | Contoh |", "|---|---|---|"]
    for name, v in group.variabel.items():
        parts.append(f"| `{name}` | {_cell(v.keterangan)} | `{_cell(v.contoh)}` |")
    return "\n".join(parts) + "\n"


def filter_output(f: Filter) -> str:
    """What the filter's example prints on a page."""
    env = make_environment([SITE_TEMPLATES])
    return env.from_string(f.contoh).render(**f.nilai)


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _filters() -> str:
    parts = [
        "## Filter\n",
        "Selain filter bawaan Jinja2 (`title`, `join`, `length`, …):\n",
        "| Filter | Isi | Contoh | Hasil |",
        "|---|---|---|---|",
    ]
    for name, f in FILTER.items():
        values = ", ".join(f"{k} = {_shown(v)}" for k, v in f.nilai.items())
        example = _cell(f"{f.contoh}")
        parts.append(
            f"| `{name}` | {_cell(f.keterangan)} | `{example}` dengan {_cell(values)} | `{_cell(filter_output(f))}` |"
        )
    return "\n".join(parts) + "\n"


# -- macros ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Makro:
    """A macro of _makro.md.j2 with the comment right before it."""

    nama: str
    parameter: str
    keterangan: str | None
    contoh: str | None


_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\(([^)]*)\)\s*-?%\}")
_COMMENT_BEFORE = re.compile(r"\{#((?:(?!#\}).)*)#\}\s*$", re.DOTALL)


def macros(path: Path = SITE_TEMPLATES / MACRO_FILE) -> list[Makro]:
    """Every macro of the file, with its description and ``Contoh:`` line, if any."""
    text = path.read_text(encoding="utf-8")
    out = []
    for match in _MACRO.finditer(text):
        comment = _COMMENT_BEFORE.search(text[: match.start()])
        lines = [" ".join(comment.group(1).split())] if comment else []
        body, _, example = lines[0].partition("Contoh:") if lines else ("", "", "")
        out.append(
            Makro(
                match.group(1),
                ", ".join(p.strip() for p in match.group(2).split(",")),
                body.strip() or None,
                example.strip() or None,
            )
        )
    return out


def _macros() -> str:
    parts = [
        f"## Makro (`{MACRO_FILE}`)\n",
        f'Dipakai sesudah `{{% import "{MACRO_FILE}" as m %}}` di baris pertama templat.\n',
        "| Makro | Isi | Contoh |",
        "|---|---|---|",
    ]
    for m in macros():
        parts.append(
            f"| `m.{m.nama}({m.parameter})` | {_cell(m.keterangan or '')} | `{_cell(m.contoh or '')}` |"
        )
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_reference())
