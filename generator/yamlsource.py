"""Read one YAML file into plain values, remembering where every value came from.

Why not ``yaml.safe_load``: it loses line numbers, silently accepts duplicate keys,
expands alias bombs and turns ``88.61`` into a binary float. We compose the node tree
with PyYAML's safe composer and build the values ourselves.

Before composing, the parser's events are scanned for nesting depth: the composers
(libyaml's and PyYAML's) recurse once per level, so a file nested 100,000 deep would
crash the process before the tree could be checked. YAML 1.1 number forms nobody
writes on purpose (``0777`` octal, ``1:30`` base 60, ``0x10``, ``0b1010``, ``1_000``,
``1.0e+30``) are refused with how to write the number, never read silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Issue
from generator.numbers import is_ambiguous

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
# More digits than any number or code (an 18-digit NIP) has; int() of a longer text is
# slow and, past 4,300 digits, refused by Python.
MAX_NUMBER_DIGITS = 100
MAX_LIST_ITEMS = 1_000
MAX_NODES = 20_000
"""Items in one list and values in one file (the examples have at most 70 and 2,361): every
item can become a table row of the PDF, which 20,000 asset rows (a 500 KB laporan.yaml)
kept busy for 3 minutes at 3.5 GB."""
MAX_TEXT_CHARS = 20_000
"""Longest text value (a few pages): a name is repeated on every page, so a 1.9 MB one
made a 365 MB site and a PDF that took minutes."""

# Characters no text may hold: C0 controls but tab and newline, DEL, C1 controls, lone
# surrogates, U+FFFE/U+FFFF. YAML's reader refuses most of them raw, but a double-quoted
# escape ("\0", "\e", "\x85", "\ud800") writes them: they reached the terminal (escape
# sequences in messages), the HTML, and crashed the xlsx writer and the UTF-8 encoder.
_FORBIDDEN_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its values and the 1-based (line, column) of each key path."""

    path: Path
    display: str
    data: Any
    positions: Mapping[Loc, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Loc) -> tuple[int, int]:
        """Return the position of ``loc`` or, failing that, of its nearest ancestor."""
        for end in range(len(loc), -1, -1):
            pos = self.positions.get(tuple(loc[:end]))
            if pos is not None:
                return pos
        return (1, 1)

    def issue(self, loc: Loc, message: str, **kwargs: Any) -> Issue:
        """Build an issue located at ``loc`` in this document."""
        line, col = self.locate(loc)
        kwargs.setdefault("label", describe(self.data, loc))
        return Issue(self.display, line, col, format_loc(loc), message, **kwargs)

    def duplicates(self, items: Iterable[tuple[Loc, str]], what: str = "") -> list[Issue]:
        """An issue at every value of ``items`` already seen at an earlier location, naming
        the line of the first; ``what`` names the kind of value ("id ")."""
        seen: dict[str, Loc] = {}
        issues = []
        for loc, value in items:
            if value in seen:
                line = self.locate(seen[value])[0]
                issues.append(
                    self.issue(loc, f"{what}'{value}' ganda (sudah dipakai di baris {line})")
                )
            else:
                seen[value] = loc
        return issues


# Fields that name a list item, in order of preference; a path like
# program[0].kegiatan[1] means little to someone who thinks in codes and names.
_NAMING = (("kode", "nama"), ("kode", "teks"), ("id",), ("indikator",), ("nama",), ("jenis",))
_LABEL_MAX = 60


def describe(data: Any, loc: Loc) -> str:
    """Name the innermost list item on ``loc`` that has a name (code and name, id, …)."""
    node, label = data, ""
    for depth, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            rest = loc[depth + 1 :]
            named = _name_of(node, rest[0] if len(rest) == 1 else None)
            label = label if named is None else named
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            break
    return label


def _name_of(item: Any, key: str | int | None) -> str | None:
    """The item's name, leaving out the field ``key`` the message is about (it quotes
    that value itself); None when the item has no naming field."""
    if not isinstance(item, dict):
        return None
    for fields in _NAMING:
        values = [item.get(f) for f in fields]
        if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
            continue
        text = " ".join(str(v) for f, v in zip(fields, values, strict=True) if f != key)
        if fields == ("jenis",) and text:
            text = f"PK {text}"  # only perjanjian (pk.yaml) is named by its jenis alone
        return text if len(text) <= _LABEL_MAX else text[: _LABEL_MAX - 1] + "…"
    return None


class YamlError(Exception):
    """The file could not be read as YAML; carries one located issue."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        super().__init__(issue.format())


def format_loc(loc: Loc) -> str:
    """Render a key path as ``a.b[2].c``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_document(path: Path, display: str) -> Document:
    """Read and parse ``path``; raise ``YamlError`` with a located Indonesian message."""
    return parse_bytes(path.read_bytes(), path, display)


def parse_bytes(raw: bytes, path: Path, display: str) -> Document:
    """Parse the bytes of the file ``path``, refusing one too large or not UTF-8."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(
            Issue(
                display, 1, 1, "", f"berkas terlalu besar ({len(raw)} byte; batas {MAX_FILE_BYTES})"
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            Issue(display, line, 1, "", "berkas bukan UTF-8; simpan ulang dengan pengodean UTF-8")
        ) from None
    return parse_text(text, path, display)


def parse_text(text: str, path: Path, display: str) -> Document:
    """Parse YAML ``text``; the result is the document's values and positions."""
    _check_depth(text, display)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _translate(exc.problem or "")
        raise YamlError(Issue(display, line, col, "", f"YAML tidak valid: {message}")) from None
    except yaml.YAMLError as exc:
        raise YamlError(Issue(display, 1, 1, "", f"YAML tidak valid: {exc}")) from None
    if node is None:
        return Document(path, display, None, {})
    builder = _Builder(display)
    data = builder.build(node, ())
    return Document(path, display, data, builder.positions)


def _memo_resolver(base: type[Any]) -> type[Any]:
    """``base`` with the implicit-tag lookup of short scalars memoised. The lookup (a regex
    per candidate type) is a pure function of the text, and data files repeat the same keys
    and small values thousands of times: ~1 s of every 300-kecamatan load went there."""
    cache: dict[tuple[str, tuple[bool, bool]], str] = {}

    class Loader(base):  # type: ignore[misc]
        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            if kind is not yaml.ScalarNode or len(value) > 64:
                return str(super().resolve(kind, value, implicit))
            key = (value, tuple(implicit))
            tag = cache.get(key)
            if tag is None:
                tag = cache[key] = str(super().resolve(kind, value, implicit))
            return tag

    return Loader


# libyaml composes the same node tree with the same positions ~20× faster than PyYAML's
# pure-Python parser, which dominated load time at hundreds of kecamatan.
_FAST_LOADER = _memo_resolver(yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else None


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when available; on a syntax error, recompose with PyYAML so the
    message (translated below) and its position are the ones PyYAML gives."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _events(text: str, fast: bool) -> Iterator[yaml.Event]:
    loader = _FAST_LOADER if fast and _FAST_LOADER is not None else yaml.SafeLoader
    return yaml.parse(text, Loader=loader)


def _check_depth(text: str, display: str) -> None:
    """Refuse nesting deeper than the builder accepts, from parser events (the parsers
    keep their state on a heap stack; only composing recurses). The limit is one level
    above the builder's, so the message of a file just over it stays the builder's."""
    for fast in (True, False):
        depth = 0
        try:
            for event in _events(text, fast):
                if isinstance(event, _OPEN):
                    depth += 1
                    if depth > MAX_DEPTH + 1:
                        raise _too_deep(text, display, fast)
                elif isinstance(event, _CLOSE):
                    depth -= 1
            return
        except yaml.YAMLError:
            # libyaml stopped at a syntax error; PyYAML, which then reports it, might read
            # further, so its events are checked too. Its own error is reported later.
            continue


def _too_deep(text: str, display: str, fast: bool) -> YamlError:
    """The located error for nesting too deep: replay the events, tracking the key path."""
    path: list[str | int] = []
    frames: list[list[Any]] = []  # [is_mapping, expecting_key, next_index, key]
    for event in _events(text, fast):
        if isinstance(event, _CLOSE):
            frames.pop()
            if path:
                path.pop()
            continue
        if not isinstance(event, yaml.NodeEvent) or not frames:
            if isinstance(event, _OPEN):
                frames.append([isinstance(event, yaml.MappingStartEvent), True, 0, None])
            continue
        frame = frames[-1]
        if frame[0] and frame[1]:  # a mapping key: remembered, not a level of the path
            frame[1], frame[3] = False, getattr(event, "value", "?")
            if isinstance(event, _OPEN):  # a collection as key: refused later anyway
                frames.append([isinstance(event, yaml.MappingStartEvent), True, 0, None])
                path.append("?")
            continue
        part = frame[3] if frame[0] else frame[2]
        frame[1], frame[2] = True, frame[2] + 1
        if isinstance(event, _OPEN):
            if len(frames) >= MAX_DEPTH + 1:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                return YamlError(
                    Issue(
                        display,
                        line,
                        col,
                        format_loc((*path, part)),
                        f"struktur terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
                    )
                )
            frames.append([isinstance(event, yaml.MappingStartEvent), True, 0, None])
            path.append(part)
    raise AssertionError("depth exceeded on the first pass but not on the second")


_PROBLEMS = (
    (
        "mapping values are not allowed here",
        "tanda ':' tidak boleh di sini; bila teks mengandung ': ', apit dengan tanda kutip",
    ),
    ("could not find expected ':'", "tanda ':' setelah kunci tidak ditemukan"),
    (
        "found character '\\t' that cannot start any token",
        "karakter tab tidak boleh dipakai; gunakan spasi untuk indentasi",
    ),
    ("expected <block end>", "indentasi tidak konsisten"),
    ("found undefined alias", "alias tidak dikenal"),
    ("found unexpected end of stream", "berkas berakhir sebelum tanda kutip atau kurung ditutup"),
    ("expected ',' or ']'", "kurung '[' belum ditutup dengan ']' atau kurang tanda ','"),
    ("expected ',' or '}'", "kurung '{' belum ditutup dengan '}' atau kurang tanda ','"),
    ("found unknown escape character", "karakter escape tidak dikenal di dalam tanda kutip ganda"),
)


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*|[0-9]+\.[0-9]*|\.[0-9]+)")
_DIGIT = re.compile(r"[0-9]")


def number_form_problem(text: str, yaml_value: str | None) -> str | None:
    """Say why a scalar YAML resolved as a number is refused, and how to write it; None
    for a plain decimal number. ``yaml_value`` is what YAML 1.1 reads, when known."""
    digits = len(_DIGIT.findall(text))
    if digits > MAX_NUMBER_DIGITS:
        return (
            f"angka terlalu panjang ({digits} angka; batas {MAX_NUMBER_DIGITS}); "
            "bila ini teks, apit dengan tanda kutip"
        )
    if _DECIMAL.fullmatch(text):
        return None
    read = f" ({yaml_value})" if yaml_value is not None else ""
    quote = f'apit dengan tanda kutip ("{text}") bila ini kode atau teks'
    if "_" in text:
        return f"angka '{text}' memakai garis bawah; tulis {text.replace('_', '')} tanpa pemisah"
    if ":" in text:
        return (
            f"'{text}' dibaca YAML sebagai bilangan basis 60{read}; apit dengan tanda kutip "
            f'("{text}") bila ini jam atau teks, atau tulis angkanya saja'
        )
    if re.search(r"[eE]", text) and not re.search(r"[xX]", text):
        return (
            f"angka '{text}' ditulis dengan notasi eksponen; tulis angkanya lengkap tanpa 'e' "
            "(mis. 1500 untuk 1.5e+3)"
        )
    if re.match(r"[-+]?0[xX]", text):
        return f"angka heksadesimal '{text}'{read} tidak didukung; tulis angka desimal biasa, atau {quote}"
    if re.match(r"[-+]?0[bB]", text):
        return f"angka biner '{text}'{read} tidak didukung; tulis angka desimal biasa, atau {quote}"
    if re.match(r"[-+]?0[0-9]", text):
        plain = re.sub(r"^([-+]?)0+(?=[0-9])", r"\1", text)
        return (
            f"angka '{text}' berawalan 0 sehingga YAML membacanya sebagai bilangan oktal{read}; "
            f"tulis {plain} tanpa nol di depan, atau {quote}"
        )
    return None  # .inf and .nan: refused as not finite, where they are read


def _translate(problem: str) -> str:
    """Say PyYAML's most common complaints in Indonesian; keep the rest as detail."""
    for english, indonesian in _PROBLEMS:
        if problem.startswith(english):
            return indonesian
    return f"sintaks tidak valid ({problem})" if problem else "sintaks tidak valid"


# Scalar constructors only read the node they are given: one instance serves every file.
_CONSTRUCTOR = yaml.SafeLoader("")


class _Builder:
    """Turn a composed node tree into values, recording positions and refusing tricks."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[Loc, tuple[int, int]] = {}
        self._seen: set[int] = set()
        self._constructor = _CONSTRUCTOR

    def fail(self, node: yaml.Node, loc: Loc, message: str) -> YamlError:
        mark = node.start_mark
        return YamlError(
            Issue(self.display, mark.line + 1, mark.column + 1, format_loc(loc), message)
        )

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise self.fail(node, loc, f"struktur terlalu dalam (lebih dari {MAX_DEPTH} tingkat)")
        if id(node) in self._seen:
            raise self.fail(
                node, loc, "alias/anchor YAML (&, *) tidak didukung; tulis nilainya langsung"
            )
        self._seen.add(id(node))
        if len(self._seen) > MAX_NODES:
            message = f"berkas berisi terlalu banyak nilai (lebih dari {MAX_NODES}); pecah datanya"
            raise self.fail(node, loc, message)
        self.positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, loc, f"tag YAML '{node.tag}' tidak diizinkan")
            if len(node.value) > MAX_LIST_ITEMS:
                message = (
                    f"daftar terlalu panjang ({len(node.value)} butir; batas {MAX_LIST_ITEMS})"
                )
                raise self.fail(node, loc, message)
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != _MAP:
            raise self.fail(node, loc, f"tag YAML '{node.tag}' tidak diizinkan")
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, loc, "kunci gabungan '<<' tidak didukung")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, loc, "kunci harus berupa teks sederhana")
            key = str(key_node.value)
            self._check_text(key_node, loc, key)
            child = (*loc, key)
            if key in out:
                first = self.positions[child][0]
                raise self.fail(key_node, child, f"kunci ganda (sudah ada di baris {first})")
            self.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child)
        return out

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            self._check_text(node, loc, text)
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return self._constructor.construct_yaml_bool(node)
        if tag in (_INT, _FLOAT):
            problem = number_form_problem(text, self._yaml_value(node))
            if problem is not None:
                raise self.fail(node, loc, problem)
        if tag == _INT:
            return int(text)
        if tag == _FLOAT:
            return self._float(node, loc)
        if tag == _TIMESTAMP:
            return self._timestamp(node, loc)
        raise self.fail(node, loc, f"tag YAML '{tag}' tidak diizinkan")

    def _check_text(self, node: yaml.ScalarNode, loc: Loc, text: str) -> None:
        if len(text) > MAX_TEXT_CHARS:
            message = f"teks terlalu panjang ({len(text)} karakter; batas {MAX_TEXT_CHARS})"
            raise self.fail(node, loc, message)
        found = _FORBIDDEN_CHAR.search(text)
        if found is not None:
            code = f"U+{ord(found.group()):04X}"
            message = f"teks berisi karakter kendali atau tidak sah ({code}); hapus karakter itu"
            raise self.fail(node, loc, message)

    def _yaml_value(self, node: yaml.ScalarNode) -> str | None:
        """What YAML 1.1 would make of a short number, for the message; None if long."""
        if len(node.value) > 30:
            return None
        try:
            if node.tag == _INT:
                return str(self._constructor.construct_yaml_int(node))
            return str(self._constructor.construct_yaml_float(node))
        except ValueError:  # PyYAML resolves '0x_' as an integer, then cannot convert it
            return None

    def _float(self, node: yaml.ScalarNode, loc: Loc) -> Decimal:
        text = node.value
        if is_ambiguous(text):
            raise self.fail(
                node,
                loc,
                f"angka '{text}' ambigu: titik bisa berarti ribuan atau desimal; "
                f'tulis {text.replace(".", "")} untuk ribuan atau "{text.replace(".", ",")}" '
                "untuk desimal",
            )
        try:
            value = Decimal(text)
        except ArithmeticError:
            value = Decimal("NaN")
        if not value.is_finite():
            raise self.fail(node, loc, f"'{node.value}' bukan angka yang terhingga")
        return value

    def _timestamp(self, node: yaml.ScalarNode, loc: Loc) -> dt.date:
        try:
            value = self._constructor.construct_yaml_timestamp(node)
        except ValueError:
            raise self.fail(node, loc, f"tanggal '{node.value}' tidak ada di kalender") from None
        return value.date() if isinstance(value, dt.datetime) else value
