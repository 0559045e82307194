"""Stage 4: lay computed results out as Markdown pages with Jinja2 templates.

Why the escaping rules below: data strings come from many contributors. They are never
evaluated as templates; in Markdown context every printed value is escaped so that a
``*``, ``|``, ``<`` or ``{{`` in a name shows literally; tables are built as HTML with
HTML escaping. Narrative Markdown written by kecamatan staff *is* a template: see
``generator.narasi``, the one place narratives become (sanitised) HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.charts import Grafik
from generator.errors import DataErrors, Issue, display_path
from generator.formatting import (
    angka,
    angka_alami,
    persen,
    rupiah,
    tanggal,
    terbilang,
    terbilang_rupiah,
)
from generator.tables import Sel, Tabel, teks_target

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


# A value is inline text: a line break in it would let the next line start a block of its
# own (a setext heading over "===", a list, an indented code block, an admonition "!!!").
# In Markdown a single line break is a space anyway.
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n][\s]*")


def md_escape(text: str) -> str:
    """Escape a plain string for Markdown inline context (and its HTML), on one line.

    Only named entities (``&amp; &lt; &gt; &quot;``): a numeric one such as markupsafe's
    ``&#39;`` for an apostrophe is escaped a second time by the table of contents of a page
    whose heading holds it ("Kragan&amp;#39;s"). An apostrophe needs no escape outside a
    single-quoted attribute, and no template prints a value in one."""
    inline = _LINE_BREAKS.sub(" ", text)
    html_safe = html.escape(inline, quote=False).replace('"', "&quot;")
    escaped = _MD_SPECIAL.sub(r"\\\1", html_safe)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def finalize_markdown(value: Any) -> Markup:
    """How every printed value reaches a page: Markup (tables, macro output) as it is, any
    other value escaped for Markdown. The result is Markup, so the page environment's
    autoescaping (which makes macro output Markup too) does not escape it again."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("–")
    return Markup(md_escape(str(value)))


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates shared by every environment :func:`make_environment` creates in
    this process. Each site has its own environment (its own override folders), but most of
    their templates are the same files; compiling them once per site cost ~0.1 s a site.
    Jinja keys a bucket by template name and file name and checks the source's checksum, so
    an override or an edited template is never served stale code."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


# Only for environments configured as below: compiled code depends on these settings.
_BYTECODE = _SharedBytecode()


# The formatting filters every template environment has (pages and the print layer alike).
FILTERS: dict[str, Any] = {
    "angka": angka,
    "angka_alami": angka_alami,
    "persen": persen,
    "rupiah": rupiah,
    "tanggal": tanggal,
    "terbilang": terbilang,
    "terbilang_rupiah": terbilang_rupiah,
    "target": teks_target,
}


def make_environment(search_path: list[Path]) -> jinja2.Environment:
    """Create the template environment: override folders first, StrictUndefined, escaping.

    ``autoescape`` is on so that a macro's output is Markup: the markup a template author
    wrote in a macro (the signature block) reaches the page as written, while every value
    printed inside it has already been escaped by ``finalize_markdown``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        bytecode_cache=_BYTECODE,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=finalize_markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS, md=lambda text: Markup(md_escape(text)))
    return env


@dataclass(frozen=True)
class EntriTabel:
    """A numbered table, for the Daftar Tabel."""

    nomor: str
    judul: str
    halaman: str
    jangkar: str


@dataclass(frozen=True)
class TabelTerbit:
    """A table as rendered on a page, for its CSV/JSON downloads."""

    tabel: Tabel
    nomor: str
    jangkar: str


@dataclass
class NomorBagian:
    """Numbers section headings within a chapter ("3.2", "3.1.4") in the order they are
    printed, so a section left out for lack of data leaves no gap in the numbering."""

    bab: str | None = None
    _angka: list[int] = field(default_factory=list)

    def mulai(self, bab: str | None) -> None:
        """Start a new chapter (None: a page without numbered sections)."""
        self.bab, self._angka = bab, []

    def __call__(self, judul: str, tingkat: int = 2) -> str:
        """``judul`` with its number: level 2 is a section, level 3 a subsection."""
        index = tingkat - 2
        del self._angka[index + 1 :]
        self._angka += [0] * (index + 1 - len(self._angka))
        self._angka[index] += 1
        if self.bab is None:
            return judul
        return ".".join([self.bab, *map(str, self._angka)]) + f" {judul}"


@dataclass
class Penomor:
    """Numbers sections, tables and figures per chapter ("Tabel 3.2") and remembers tables
    and figures for the Daftar Tabel."""

    entri: list[EntriTabel] = field(default_factory=list)
    terbit: list[TabelTerbit] = field(default_factory=list)
    gambar_entri: list[EntriTabel] = field(default_factory=list)
    _gambar: int = 0
    bab: str | None = None
    halaman: str = ""
    _hitung: int = 0
    bagian: NomorBagian = field(default_factory=NomorBagian)
    # The download formats under each table, as (file suffix, link text); the outputs stage
    # registers them (generator.keluaran.FORMAT_TABEL) and makes the files.
    unduh: tuple[tuple[str, str], ...] = ()
    # The page a corrected cell's mark links to; "" when the layout has no Koreksi page
    # (the mark then carries the printed value in its title only).
    koreksi: str = "koreksi.html"

    def mulai(self, halaman: str, bab: str | None) -> None:
        """Start numbering a new page."""
        self.halaman, self.bab, self._hitung, self._gambar = halaman, bab, 0, 0
        self.bagian.mulai(bab)

    def gambar(self, grafik: Grafik | None, folder: str = "grafik") -> Markup:
        """Render a chart as a numbered figure with alt text; None renders nothing."""
        if grafik is None:
            return Markup("")
        self._gambar += 1
        nomor = f"{self.bab}.{self._gambar}" if self.bab else ""
        anchor = f"gambar-{nomor.replace('.', '-')}" if nomor else f"gambar-{grafik.nama}"
        caption = f"Gambar {nomor} {grafik.judul}" if nomor else grafik.judul
        if nomor:
            self.gambar_entri.append(EntriTabel(nomor, grafik.judul, self.halaman, anchor))
        return Markup(
            f'<figure class="lkjip-grafik" id="{escape(anchor)}">\n'
            f'<img src="{folder}/{escape(grafik.nama)}.svg" alt="{escape(grafik.deskripsi)}">\n'
            f"<figcaption>{escape(caption)}</figcaption>\n</figure>\n"
        )

    def __call__(self, tabel: Tabel) -> Markup:
        """Render ``tabel`` as HTML with its number; an empty table renders as nothing."""
        if tabel.kosong:
            return Markup("")
        self._hitung += 1
        nomor = f"{self.bab}.{self._hitung}" if self.bab else ""
        anchor = f"tabel-{nomor.replace('.', '-')}" if nomor else f"tabel-{tabel.id}"
        if nomor:
            self.entri.append(EntriTabel(nomor, tabel.judul, self.halaman, anchor))
        self.terbit.append(TabelTerbit(tabel, nomor, anchor))
        return html_table(tabel, nomor, anchor, f"{DATA_FOLDER}/{anchor}", self.unduh, self.koreksi)


DATA_FOLDER = "data"


KOREKSI_PAGE = "koreksi.html"  # the year's Koreksi page, beside the table pages


def html_table(
    tabel: Tabel,
    nomor: str,
    anchor: str,
    unduh: str | None = None,
    formats: Sequence[tuple[str, str]] = (),
    koreksi: str = KOREKSI_PAGE,
) -> Markup:
    """Render a table as one HTML block (no blank lines, so Markdown leaves it alone).

    Every body cell that fills one column carries its column header as ``data-label``, so on
    a narrow screen lkjip.css can lay each row out as a card of labelled figures instead of
    hiding columns beyond the screen edge. With ``unduh`` (the files' path without suffix),
    the table links its downloads in each of ``formats`` (suffix, link text). A cell that corrects the signed document links to
    its entry on the ``koreksi`` page; with "" (the PDF, which has no such page) the mark
    only carries the printed value in its title.
    """
    caption = f"Tabel {nomor} {tabel.judul}" if nomor else tabel.judul
    head = [tuple(c for c in row if not c.hanya_data) for row in tabel.kepala]
    labels = [" · ".join(texts) for texts in replace(tabel, kepala=tuple(head)).kolom_kepala()]
    parts = [
        f'<div class="lkjip-tabel" id="{escape(anchor)}">',
        '<table class="lkjip">',
        f"<caption>{escape(caption)}</caption>",
        "<thead>",
    ]
    for row in head:
        parts.append("<tr>" + "\n".join(_cell(c, header=True) for c in row) + "</tr>")
    parts.append("</thead>")
    parts.append("<tbody>")
    for n, row in enumerate(tabel.isi):
        row_id = tabel.jangkar_baris[n] if n < len(tabel.jangkar_baris) else ""
        tr = f'<tr id="{escape(row_id)}">' if row_id else "<tr>"
        parts.append(tr + "\n".join(_body_cells(row, labels, koreksi)) + "</tr>")
    parts.append("</tbody></table>")
    for note in tabel.catatan:
        parts.append(f'<p class="lkjip-catatan">{escape(note)}</p>')
    if note_html := _mark_note(tabel, koreksi):
        parts.append(note_html)
    if tabel.sumber:
        parts.append(f'<p class="lkjip-sumber">Sumber: {escape(tabel.sumber)}</p>')
    if unduh and formats:
        links = " · ".join(
            f'<a href="{escape(unduh)}.{escape(suffix)}">{escape(text)}</a>'
            for suffix, text in formats
        )
        parts.append(f'<p class="lkjip-unduh">Unduh data tabel: {links}</p>')
    parts.append("</div>")
    return Markup("\n".join(parts) + "\n")


# A first column that only numbers or classifies the row: a card shows it before the row's name.
_PREFIX_COLUMNS = ("No", "Tingkat")
# Text this short (a unit, a category badge, "Efisien") fits beside its label in a card.
_SHORT = 24


def _body_cells(row: tuple[Sel, ...], labels: list[str], koreksi: str) -> list[str]:
    """A body row's cells, each single-column one labelled with its header; a "No" or
    "Tingkat" column is marked so the card layout prints it beside the row's name, and
    short text is marked so a card prints it on its label's line, like a figure."""
    out, column = [], 0
    for cell in row:
        if cell.hanya_data:
            continue
        label = labels[column] if cell.kolom == 1 and column < len(labels) else None
        prefix = column == 0 and label in _PREFIX_COLUMNS
        short = bool(label) and not cell.angka and len(cell.teks) <= _SHORT
        out.append(
            _cell(cell, header=False, label=label, prefix=prefix, short=short, koreksi=koreksi)
        )
        column += cell.kolom
    return out


# A slash between two words (not "N/A"): a line may break after it.
_SLASH_BETWEEN_WORDS = re.compile(r"(?<=\w\w\w)/(?=\w\w\w)")


def _cell(
    cell: Sel,
    *,
    header: bool,
    label: str | None = None,
    prefix: bool = False,
    short: bool = False,
    koreksi: str | None = None,
) -> str:
    tag = "th" if header else "td"
    classes = [
        c
        for c in (
            cell.kelas,
            "angka" if cell.angka else "",
            f"tingkat-{cell.tingkat}" if cell.tingkat else "",
            "lkjip-awalan" if prefix else "",
            # A code such as "1.0.1" is printed as it is; only a plain number gets "1."
            "lkjip-kode" if prefix and not cell.teks.isdigit() else "",
            "lkjip-pendek" if short and not prefix else "",
        )
        if c
    ]
    attrs = ""
    if header:
        attrs += ' scope="col"' if cell.kolom == 1 else ' scope="colgroup"'
    if classes:
        attrs += f' class="{" ".join(classes)}"'
    if cell.kolom > 1:
        attrs += f' colspan="{cell.kolom}"'
    if cell.baris > 1:
        attrs += f' rowspan="{cell.baris}"'
    if label:
        attrs += f' data-label="{escape(label)}"'
    text = escape(cell.teks)
    if not cell.angka:  # "Pemeliharaan/Rehabilitasi" may wrap after its slash, not overflow
        text = Markup(_SLASH_BETWEEN_WORDS.sub("/<wbr>", str(text)))
    if cell.kategori is not None:
        text = Markup(f'<span class="lkjip-kategori lkjip-pita-{cell.kategori}">{text}</span>')
    return f"<{tag}{attrs}>{text}{_mark(cell, koreksi)}</{tag}>"


def _mark(cell: Sel, page: str | None) -> str:
    """The mark of a corrected cell: one narrow "*" (a word would widen the figure columns
    beyond a laptop screen), saying in its title and accessible name what the document
    printed; the table's note explains the mark."""
    if not cell.koreksi or page is None:
        return ""
    title = escape(f"Koreksi; tercetak di dokumen bertanda tangan: {cell.tercetak}")
    if not page:
        return f'<sup class="lkjip-koreksi" title="{title}">*</sup>'
    href = escape(f"{page}#{cell.koreksi}")
    return f'<sup class="lkjip-koreksi"><a href="{href}" title="{title}" aria-label="{title}">*</a></sup>'


def _mark_note(tabel: Tabel, page: str) -> str:
    """The note under a table with marked cells; on the site it links to the Koreksi page."""
    if not any(cell.koreksi for row in tabel.isi for cell in row):
        return ""
    where = f'; lihat <a href="{escape(page)}">halaman Koreksi</a>' if page else ""
    return (
        '<p class="lkjip-catatan">* Hasil hitung yang berbeda dari angka tercetak pada dokumen '
        f"bertanda tangan{where}.</p>"
    )


_SYNTAX = (
    (
        "Unexpected end of template",
        "templat berakhir sebelum blok ditutup (periksa {% endif %} / {% endfor %})",
    ),
    ("Expected an expression", "ekspresi kosong atau tidak lengkap"),
    ("unexpected '}'", "tanda '}' tidak pada tempatnya"),
    ("unexpected end of template", "templat berakhir di tengah ekspresi"),
)


def syntax_message(message: str | None) -> str:
    """Jinja's most common syntax complaints, in Indonesian (others kept as detail)."""
    text = message or ""
    for english, indonesian in _SYNTAX:
        if text.startswith(english):
            return indonesian
    return f"sintaks salah ({text})"


def undefined_message(message: str | None) -> str:
    text = message or ""
    attribute = re.search(r"has no attribute '([^']+)'", text)
    if attribute:
        return f"'{attribute.group(1)}' tidak ada"
    name = re.search(r"'([^']+)' is undefined", text)
    return f"'{name.group(1)}' tidak ada" if name else text


def unsafe_message(message: str) -> str:
    attribute = re.search(r"attribute '([^']+)'", message)
    return f"atribut '{attribute.group(1)}'" if attribute else message


def template_line_of(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_page(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
    """Render one page template; template errors name the template file and line."""
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise DataErrors(
            [
                Issue(
                    display_path(Path(exc.filename)) if exc.filename else template,
                    exc.lineno or 1,
                    1,
                    "",
                    f"templat tidak valid: {syntax_message(exc.message)}",
                )
            ]
        ) from None
    except jinja2.UndefinedError as exc:
        raise DataErrors(
            [
                Issue(
                    display_path(Path(_template_file(exc, template))),
                    _template_line(exc),
                    1,
                    "",
                    f"nama tidak dikenal dalam templat: {undefined_message(exc.message)}",
                )
            ]
        ) from None


def _template_file(exc: BaseException, default: str) -> str:
    tb, name = exc.__traceback__, default
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            name = filename
        tb = tb.tb_next
    return name


def _template_line(exc: BaseException) -> int:
    tb, line = exc.__traceback__, 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
