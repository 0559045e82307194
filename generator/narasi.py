"""Stage 4 (render): a narrative turned into safe HTML, the one way every output does it.

A narrative (``<tahun>/narasi/*.md``) is written by kecamatan staff, so it is untrusted. It
goes through one pipeline, :func:`narasi_html`, used by the site, the PDF and validation:

1. Jinja, sandboxed, over the year's computed values (``{{ indikator.ikm.capaian }}``),
   with bounds: no ``include``/``extends``/``import``, capped ``range``, ``*`` and ``**``,
   capped output — and the whole year's narratives rendered in a child process with a
   memory limit and a timeout, because some work (a loop with an empty body, a filter
   that builds a huge string) has no hook inside Jinja;
2. Markdown → HTML with a fixed, small set of extensions (no ``attr_list``/``md_in_html``,
   which would let an author write attributes);
3. the maintained sanitiser nh3 with an explicit allow-list of elements, attributes and
   URL schemes. This is the guarantee: whatever a check before it misses, its output
   contains nothing else.

Authors are told, with file and line where possible, when the policy refuses something
(:func:`check_narrative` for what shows on a source line; a comparison of the HTML before
and after the sanitiser for everything else), so nobody's text is altered silently.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import select
import signal
import time
from collections.abc import Iterator, Mapping
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markupsafe import Markup

from generator.compute.hitungan import Hitungan
from generator.compute.report import HasilLaporan
from generator.errors import DataErrors, Issue
from generator.formatting import angka, angka_alami, persen, rupiah, tanggal, terbilang_rupiah
from generator.load import Narrative
from generator.model import Kabupaten, Kecamatan, ReportYear
from generator.render import (
    finalize_markdown,
    syntax_message,
    template_line_of,
    undefined_message,
    unsafe_message,
)

# --- Bounds (documented in SECURITY.md); a narrative that exceeds one is a located error.
MAX_OUTPUT_CHARS = 1_000_000
"""Characters one narrative's template may produce (the source itself is capped at 1 MB)."""
MAX_RANGE = 10_000
"""Largest ``range()`` a narrative may ask for."""
MAX_SEQUENCE = 1_000_000
"""Largest string or list ``*`` may build."""
MAX_POWER_BITS = 4_096
"""Largest integer (in bits) ``**`` may build."""
TIME_LIMIT_S = 10.0
"""Wall-clock seconds for all narratives of one report year (the examples take ~0.05 s)."""
MEMORY_LIMIT_BYTES = 512 * 1024 * 1024
"""Address space the rendering child may add to what it inherited from the build."""
MAX_ELEMENTS = 10_000
"""HTML elements one narrative may produce (paragraphs, list items, …): the PDF stage lays
every one out outside the child's limits; 100,000 list items (a 400 KB file) ran for over
4 minutes at 3 GB. A 1 MB narrative of ordinary prose has about 2,000."""
MAX_TABLE_CELLS = 2_000
"""Table cells one narrative may hold (a 1,000 × 40 table took the PDF stage 55 s and 1.1 GB;
a report's own tables are built from YAML, not written in a narrative)."""
MAX_NESTING = 30
"""Deepest nesting of elements in a narrative's HTML (``> > >``, lists in lists): WeasyPrint
lays nested boxes out recursively and fails past ~150 levels inside the PDF's own markup."""

# --- The HTML policy: everything else is removed by the sanitiser.
ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote"),
        *("code", "pre", "hr", "h2", "h3", "h4", "h5", "h6", "a", "img", "sub", "sup"),
        *("table", "thead", "tbody", "tr", "th", "td"),
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    # Column alignment from Markdown tables: ``style`` holding text-align only (filtered
    # below); the ``align`` attribute is obsolete in HTML5 and the Nu checker refuses it.
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer"


_ALIGNMENT = re.compile(r"\s*text-align:\s*(?:left|right|center);?\s*")
# What a browser ignores in a URL (WHATWG URL parsing): every ASCII tab and newline, and
# C0 controls or spaces at either end. ``/<tab>/host`` is ``//host`` to a browser.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(c) for c in range(0x21))


def _as_browser_reads(url: str) -> str:
    return _URL_IGNORED.sub("", url).strip(_URL_EDGES)


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """Images only from the site itself (no scheme, no ``//host``, no backslash tricks);
    a ``style`` only as the text-align of a table cell."""
    if attribute == "style":
        return value if _ALIGNMENT.fullmatch(value) else None
    if element == "img" and attribute == "src":
        bare = _as_browser_reads(value)
        if ":" in bare or "\\" in bare or bare.startswith("//"):
            return None
    return value


def bersihkan(html: str) -> str:
    """The sanitiser: keep only allow-listed elements, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def markdown_html(text: str) -> str:
    """Markdown → (unsanitised) HTML with the fixed narrative extensions: tables and
    sane_lists only (no attr_list/md_in_html). Passed as classes, so the forked child
    never imports a module (an import lock held by another thread at fork would hang it)."""
    extensions = [TableExtension(), SaneListExtension()]
    return markdown.markdown(text, extensions=extensions)


# --- Located checks on the source (friendly messages for the common cases).
_FORBIDDEN = (
    (
        re.compile(r"<\s*/?\s*[A-Za-z][^>]*>?|<!--"),
        "HTML mentah tidak diizinkan dalam narasi; gunakan Markdown",
    ),
    (
        re.compile(r"!\[[^\]]*\]\(\s*<?\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)", re.IGNORECASE),
        "gambar dari situs lain tidak diizinkan; simpan gambar di folder data",
    ),
    (
        re.compile(
            r"(?:\]\(|^\s{0,3}\[[^\]]+\]:)\s*<?\s*(?:javascript|data|vbscript):", re.IGNORECASE
        ),
        "tautan javascript:/data: tidak diizinkan",
    ),
)


def check_narrative(narrative: Narrative) -> list[Issue]:
    """Find what the narrative policy refuses on a source line, with line and column."""
    issues = []
    for number, line in enumerate(narrative.text.splitlines(), start=1):
        for pattern, message in _FORBIDDEN:
            match = pattern.search(line)
            if match:  # one issue a line: the first rule that refuses it
                issues.append(Issue(narrative.display, number, match.start() + 1, "", message))
                break
    return issues


# --- The bounded template language.
class _Batas(Exception):
    """A narrative went past one of the bounds; the message is for the author."""


def _capped_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise _Batas(f"range() terlalu besar (lebih dari {MAX_RANGE} anggota)")
    return result


class _NarrativeEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, plus bounds on the operators that build huge values in one step."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**":
            _check_power(left, right)
        elif operator == "*":
            _check_repeat(left, right)
        return super().call_binop(context, operator, left, right)


def _check_power(base: Any, exponent: Any) -> None:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and abs(base) > 1
        and exponent * math.log2(abs(base)) > MAX_POWER_BITS
    ):
        raise _Batas("hasil pangkat (**) terlalu besar")


def _check_repeat(left: Any, right: Any) -> None:
    for seq, count in ((left, right), (right, left)):
        if (
            isinstance(seq, str | list | tuple)
            and isinstance(count, int)
            and len(seq) * count > MAX_SEQUENCE
        ):
            raise _Batas(f"hasil perkalian (*) terlalu panjang (lebih dari {MAX_SEQUENCE})")


# What a narrative may print: data. A function, class or template object would print its
# repr (a memory address of the build process, internal names) into the official report.
_PRINTABLE = (str, int, float, Decimal, dt.date, list, tuple, dict, type(None))


def _finalize(value: Any) -> Markup:
    if not isinstance(value, _PRINTABLE):
        raise _Batas(f"objek {type(value).__name__} tidak dapat ditampilkan; tampilkan nilainya")
    return finalize_markdown(value)


_ENV = _NarrativeEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, finalize=_finalize)
_ENV.globals["range"] = _capped_range

_REFUSED_NODES: tuple[tuple[type[nodes.Node], str], ...] = (
    (nodes.Extends, "{% extends %}"),
    (nodes.Include, "{% include %}"),
    (nodes.Import, "{% import %}"),
    (nodes.FromImport, "{% from … import %}"),
)


def _issue(narrative: Narrative, line: int, message: str, column: int = 1) -> Issue:
    return Issue(narrative.display, line, column, "", message)


def _parse(narrative: Narrative) -> nodes.Template:
    """Parse the narrative as a template and refuse the tags that reach other files."""
    try:
        tree = _ENV.parse(narrative.text)
    except jinja2.TemplateSyntaxError as exc:
        message = f"templat narasi tidak valid: {syntax_message(exc.message)}"
        raise DataErrors([_issue(narrative, exc.lineno or 1, message)]) from None
    refused = [
        _issue(narrative, node.lineno, f"{label} tidak diizinkan dalam narasi")
        for kind, label in _REFUSED_NODES
        for node in tree.find_all(kind)
    ]
    if refused:
        raise DataErrors(refused)
    return tree


def _render_template(narrative: Narrative, tree: nodes.Template, context: Mapping[str, Any]) -> str:
    """Stream the template's output so a narrative cannot produce more than the cap."""
    try:
        template = _ENV.from_string(tree)
        parts, size = [], 0
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:  # the output comes from a loop, most likely
                message = f"hasil narasi terlalu panjang (lebih dari {MAX_OUTPUT_CHARS} karakter)"
                line = _line_of_loop(tree)
                raise DataErrors([_issue(narrative, line, f"narasi melewati batas: {message}")])
            parts.append(chunk)
        return "".join(parts)
    except jinja2.UndefinedError as exc:
        message = f"nama tidak dikenal dalam narasi: {undefined_message(exc.message)}"
        raise DataErrors([_issue(narrative, template_line_of(exc), message)]) from None
    except jinja2.exceptions.SecurityError as exc:
        message = f"narasi mencoba akses yang tidak diizinkan: {unsafe_message(str(exc))}"
        raise DataErrors([_issue(narrative, template_line_of(exc), message)]) from None
    except _Batas as exc:
        raise DataErrors(
            [_issue(narrative, template_line_of(exc), f"narasi melewati batas: {exc}")]
        ) from None
    except RecursionError:  # a macro calling itself
        message = "narasi melewati batas: makro memanggil dirinya sendiri terlalu dalam"
        raise DataErrors([_issue(narrative, _line_of_macro(tree), message)]) from None
    except MemoryError:
        message = "narasi memakai terlalu banyak memori saat dirender"
        raise DataErrors([_issue(narrative, _line_of_loop(tree), message)]) from None
    except (ArithmeticError, TypeError, ValueError) as exc:
        message = f"ekspresi dalam narasi gagal dihitung ({type(exc).__name__})"
        raise DataErrors([_issue(narrative, template_line_of(exc), message)]) from None


def _line_of_macro(tree: nodes.Template) -> int:
    macro = tree.find(nodes.Macro)
    return macro.lineno if macro is not None else 1


def _line_of_loop(tree: nodes.Template) -> int:
    """Where runaway work most likely is: the first loop, else the first line."""
    loop = tree.find(nodes.For)
    return loop.lineno if loop is not None else 1


# --- What the sanitiser removed, for the author.
_VOID = frozenset({"br", "hr", "img", "wbr", "input", "meta", "link", "area", "col", "source"})
_Token = tuple[str, str, tuple[tuple[str, str], ...]]


class _Tokens(HTMLParser):
    """A normalised element/attribute/text stream, to compare HTML before and after."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = tuple(sorted((k, v or "") for k, v in attrs if not (tag == "a" and k == "rel")))
        self.tokens.append(("start", tag, kept))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.tokens.append(("end", tag, ()))

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not text:
            return
        if self.tokens and self.tokens[-1][0] == "text":
            text = self.tokens.pop()[1] + " " + text
        self.tokens.append(("text", text, ()))


def _tokens(html: str) -> list[_Token]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def _removed(before: str, after: str) -> tuple[str, str] | None:
    """(message, needle to find in the source) for the first thing the sanitiser changed."""
    old, new = _tokens(before), _tokens(after)
    if old == new:
        return None
    index = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(new))
    if index >= len(old):
        return "narasi diubah oleh pembersih HTML", ""
    kind, name, attrs = old[index]
    if kind != "start":
        return "narasi diubah oleh pembersih HTML (HTML tidak utuh)", ""
    if name not in ALLOWED_TAGS:
        if name == "h1":
            return "judul tingkat 1 (#) tidak diizinkan dalam narasi; mulai dari ##", "#"
        return f"elemen <{name}> tidak diizinkan dalam narasi (dihapus)", f"<{name}"
    kept = dict(new[index][2]) if index < len(new) and new[index][1] == name else {}
    for attr, value in attrs:
        if kept.get(attr) == value:
            continue
        if name == "img" and attr == "src":
            return "gambar dari situs lain tidak diizinkan; simpan gambar di folder data", value
        if attr in {"href", "src"}:
            return (
                "tautan dengan skema yang tidak diizinkan (hanya http, https, mailto, tel)",
                value,
            )
        return f"atribut '{attr}' tidak diizinkan dalam narasi (dihapus)", attr
    return "narasi diubah oleh pembersih HTML", ""


def _locate(narrative: Narrative, needle: str) -> tuple[int, int]:
    """Line and column of ``needle`` in the source, else of the first template tag."""
    lines = narrative.text.splitlines()
    after_scheme = needle.split(":", 1)[-1] if ":" in needle else ""
    # A URL whose tab/newline was an entity or a line break: its text after the last one.
    after_break = _URL_IGNORED.split(needle)[-1] if _URL_IGNORED.search(needle) else ""
    for wanted in (needle, after_scheme, after_break, "{{"):
        if not wanted:
            continue
        for number, line in enumerate(lines, start=1):
            column = line.lower().find(wanted.lower())
            if column >= 0:
                return number, column + 1
    return 1, 1


def _position(narrative: Narrative, char: str) -> tuple[int, int]:
    """Line and column of ``char`` in the source, counting lines by newline only (as
    editors do: ``splitlines`` would also break at a form feed); else of the first tag."""
    index = narrative.text.find(char)
    if index < 0:  # the template produced it
        return _locate(narrative, "{{")
    return narrative.text.count("\n", 0, index) + 1, index - narrative.text.rfind("\n", 0, index)


# Characters no HTML page, JSON or terminal should get from a narrative: C0 controls but
# tab, newline and CR (a CRLF file is fine), DEL, C1 controls, lone surrogates (from a
# template's "\ud800"), U+FFFE/U+FFFF. Markdown and the sanitiser pass them through.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _render_one(narrative: Narrative, context: Mapping[str, Any]) -> str:
    """One narrative through the whole pipeline; DataErrors if the policy refused anything."""
    problems = check_narrative(narrative)
    if problems:
        raise DataErrors(problems)
    tree = _parse(narrative)
    text = _render_template(narrative, tree, context)
    control = _CONTROL.search(text)
    if control is not None:
        line, column = _position(narrative, control.group())
        message = (
            f"narasi berisi karakter kendali atau tidak sah (U+{ord(control.group()):04X}); "
            "hapus karakter itu"
        )
        raise DataErrors([_issue(narrative, line, message, column)])
    try:
        raw = markdown_html(text)
    except RecursionError:  # Python-Markdown recurses once per nested list or quote
        raise DataErrors([_too_deep(narrative)]) from None
    clean = bersihkan(raw)
    removed = _removed(raw, clean)
    if removed is not None:
        message, needle = removed
        line, column = _locate(narrative, needle)
        raise DataErrors([_issue(narrative, line, message, column)])
    tokens = _tokens(clean)
    if _nesting(tokens) > MAX_NESTING:
        raise DataErrors([_too_deep(narrative)])
    elements = sum(1 for kind, _, _ in tokens if kind == "start")
    if elements > MAX_ELEMENTS:
        message = (
            f"narasi terlalu banyak unsur ({elements} paragraf, butir daftar, sel, …; "
            f"batas {MAX_ELEMENTS}); pecah atau ringkas narasinya"
        )
        raise DataErrors([_issue(narrative, 1, message)])
    cells = sum(1 for kind, name, _ in tokens if kind == "start" and name in {"td", "th"})
    if cells > MAX_TABLE_CELLS:
        message = f"tabel narasi terlalu besar ({cells} sel; batas {MAX_TABLE_CELLS} sel)"
        raise DataErrors([_issue(narrative, _first_table_line(narrative), message)])
    return clean


def _first_table_line(narrative: Narrative) -> int:
    lines = narrative.text.split("\n")
    return next((i for i, line in enumerate(lines, start=1) if "|" in line), 1)


def _too_deep(narrative: Narrative) -> Issue:
    message = f"narasi bersarang terlalu dalam (lebih dari {MAX_NESTING} tingkat kutipan/daftar)"
    return _issue(narrative, _deepest_line(narrative), message)


def _nesting(tokens: list[_Token]) -> int:
    """The deepest element nesting in (sanitised, well-formed) HTML."""
    depth = deepest = 0
    for kind, name, _ in tokens:
        if kind == "start" and name not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "end":
            depth -= 1
    return deepest


_BLOCK_MARKS = " \t>*+-0123456789.)"


def _deepest_line(narrative: Narrative) -> int:
    """The source line with the longest run of quote/list/indent marks: where nesting is."""
    lines = narrative.text.splitlines() or [""]
    widths = [len(line) - len(line.lstrip(_BLOCK_MARKS)) for line in lines]
    return widths.index(max(widths)) + 1


def _render_all(
    narasi: Mapping[str, Narrative], context: Mapping[str, Any]
) -> Iterator[tuple[str, str | list[Issue]]]:
    """Yield (name, html) or (name, issues) per narrative; the name first, as progress."""
    for name, narrative in narasi.items():
        yield name, []
        try:
            yield name, _render_one(narrative, context)
        except DataErrors as exc:
            yield name, exc.issues


# --- Isolation: the year's narratives rendered in a child with a memory limit and a timeout.
def narasi_html(narasi: Mapping[str, Narrative], context: Mapping[str, Any]) -> dict[str, Markup]:
    """Every narrative of a report year as sanitised HTML (``Markup``), for every output.

    Raises DataErrors with every problem found, located to the narrative file."""
    if not narasi:
        return {}
    key = _cache_key(narasi, context)
    if key in _CACHE:
        return dict(_CACHE[key])
    events = _isolated(narasi, context) if hasattr(os, "fork") else _render_all(narasi, context)
    html: dict[str, Markup] = {}
    issues: list[Issue] = []
    for name, result in events:
        if isinstance(result, str):
            # Sanitised again in this process: the child's output is not trusted either.
            html[name] = Markup(bersihkan(result))
        else:
            issues += result
    if issues:
        raise DataErrors(issues)
    if len(_CACHE) >= 64:
        _CACHE.clear()
    _CACHE[key] = html
    return dict(html)


def narrative_values(
    kab: Kabupaten, kec: Kecamatan, year: ReportYear, hasil: HasilLaporan
) -> dict[str, Any]:
    """Formatted computed values that narrative Markdown may cite as ``{{ ... }}``."""
    d = kab.settings.aturan.desimal
    indikator = {}
    for u in [*hasil.indikator_pk, *(u for g in hasil.kelompok for u in g.indikator)]:
        if u.id is None:
            continue
        indikator[u.id] = {
            "nama": u.nama,
            "satuan": u.satuan,
            "target": "N/A"
            if u.target is None or not hasattr(u.target, "normalize")
            else angka_alami(u.target, u.desimal),  # type: ignore[arg-type]
            "realisasi": "N/A" if u.realisasi is None else angka_alami(u.realisasi, u.desimal),
            "capaian": persen(u.capaian.nilai, d),
            "kategori": u.kategori.label if u.kategori else "tidak dapat dinilai",
            "mutu": u.mutu.label if u.mutu else "",
        }
    t = hasil.total
    return {
        "kecamatan": kec.profil.nama,
        "kabupaten": kab.settings.nama,
        "tahun": year.tahun,
        "indikator": indikator,
        "anggaran": {
            "pagu": rupiah(t.pagu),
            "realisasi": rupiah(t.realisasi),
            "sisa": rupiah(t.sisa),
            "serapan": persen(t.serapan.nilai, d),
            "pagu_terbilang": terbilang_rupiah(t.pagu),
            "realisasi_terbilang": terbilang_rupiah(t.realisasi),
        },
        "rata_rata_capaian": persen(hasil.rata_rata_capaian.nilai, d),
        "kategori_rata_rata": hasil.kategori_rata_rata.label
        if hasil.kategori_rata_rata
        else "tidak dapat dinilai",
        "efisiensi": persen(hasil.efisiensi_total.nilai, d),
        "tanggal": tanggal(year.laporan.tanggal),
        "hitungan": {h.id: _hitungan_values(h) for h in hasil.hitungan},
    }


def _hitungan_values(h: Hitungan) -> dict[str, Any]:
    """A counted table's computed totals, so a narrative never types one: each column's
    total by column id, and the grand total where adding the columns means something
    (one column, or row totals declared with ``jumlah_baris``)."""
    values: dict[str, Any] = {
        "judul": h.judul,
        "kolom": {
            k: angka(v, d) for k, v, d in zip(h.kolom_id, h.total_kolom, h.desimal, strict=True)
        },
    }
    if h.jumlah_baris or len(h.kolom) == 1:
        values["jumlah"] = angka(h.total, max(h.desimal))
    return values


# The site, the PDF and validation render the same year; the result depends only on these.
_CACHE: dict[str, dict[str, Markup]] = {}


def _cache_key(narasi: Mapping[str, Narrative], context: Mapping[str, Any]) -> str:
    sources = [(name, n.display, n.text) for name, n in narasi.items()]
    return json.dumps([sources, context], sort_keys=True, default=str)


def _isolated(
    narasi: Mapping[str, Narrative], context: Mapping[str, Any]
) -> list[tuple[str, str | list[Issue]]]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(write_end, narasi, context)
    os.close(write_end)
    ended = False
    try:
        lines, finished, ended = _collect(read_end, time.monotonic() + TIME_LIMIT_S)
    finally:
        os.close(read_end)
        if not ended:  # still running at the deadline (or we were interrupted)
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)  # the child closed its end: it is at os._exit, or killed
    return _decode(lines, finished, narasi)


def _child(fd: int, narasi: Mapping[str, Narrative], context: Mapping[str, Any]) -> None:
    code = 0
    try:
        # The build's own handlers (clean-up of its staging folder) must not run here.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        _limit_child()
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for name, result in _render_all(narasi, context):
                payload: Any = result if isinstance(result, str) else [_encode(i) for i in result]
                out.write(json.dumps([name, payload]) + "\n")
                out.flush()
            out.write('["", "selesai"]\n')
    except BaseException:  # the parent reports a child that ends early
        code = 1
    finally:
        os._exit(code)


def _limit_child() -> None:
    """Cap the child's memory (above what it inherited) and CPU time."""
    import resource  # POSIX only, like os.fork

    cpu = math.ceil(TIME_LIMIT_S) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        statm = Path("/proc/self/statm").read_text(encoding="ascii")
        inherited = int(statm.split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return  # not Linux: the timeout still bounds the work
    limit = inherited + MEMORY_LIMIT_BYTES
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _collect(fd: int, deadline: float) -> tuple[list[str], bool, bool]:
    """Read the child's lines until it closes the pipe or the deadline passes.

    Returns the lines, whether the child said it finished, and whether the pipe ended."""
    buffer, ended = b"", False
    while not ended:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(remaining, 0))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        buffer += chunk
        ended = not chunk
    lines = buffer.decode("utf-8", errors="replace").splitlines()
    finished = ended and bool(lines) and lines[-1] == '["", "selesai"]'
    return (lines[:-1] if finished else lines), finished, ended


def _loop_line(narrative: Narrative) -> int:
    try:
        return _line_of_loop(_ENV.parse(narrative.text))
    except jinja2.TemplateSyntaxError:
        return 1


def _encode(issue: Issue) -> list[Any]:
    return [issue.path, issue.line, issue.column, issue.key, issue.message]


def _decode(
    lines: list[str], finished: bool, narasi: Mapping[str, Narrative]
) -> list[tuple[str, str | list[Issue]]]:
    events: list[tuple[str, str | list[Issue]]] = []
    current = ""
    for text in lines:
        try:
            name, payload = json.loads(text)
        except ValueError:
            break  # a line cut off when the child was stopped
        current = name
        if isinstance(payload, str):
            events.append((name, payload))
        elif payload:
            events.append((name, [Issue(*item) for item in payload]))
    if not finished:
        narrative = narasi.get(current) or next(iter(narasi.values()))
        line = _loop_line(narrative) if current else 1
        message = (
            f"narasi tidak selesai dirender dalam {TIME_LIMIT_S:g} detik atau memakai lebih dari "
            f"{MEMORY_LIMIT_BYTES // (1024 * 1024)} MB memori; sederhanakan perulangan/ekspresinya"
        )
        events.append((current, [_issue(narrative, line, message)]))
    return events
