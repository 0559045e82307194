"""Parsed YAML files kept in the user cache, so that a validation re-parses only what changed.

Parsing is most of the time ``lkjip validate`` spends reading (libyaml composes, then
:mod:`generator.yamlsource` builds values and positions). Its result depends only on the
file's bytes and on the parsing code, so it is stored under a key of both: the sha256 of the
bytes, the generator's own source and version (:func:`generator.store.key`), :data:`FORMAT`
and the PyYAML and libyaml versions. An edited file has another key and is parsed again;
nothing is ever invalidated, old entries are only pruned.

Only files that parse without error are stored: a broken file is parsed again every time, so
its message (file, line, key) is always the parser's own.

An entry is data, never code (no pickle, no marshal): a first line with :data:`FORMAT` and
the sha256 of the rest once decompressed, then the zlib-compressed JSON of the values and
positions. A Decimal is written as a JSON number and read back with ``Decimal`` (the same
digits, exponent and sign); dates and Decimals whose text has no point are listed by node
index. Positions are one (line, column) pair per value in the order the parser recorded them
(pre-order). An entry that is absent, truncated, corrupt, of another format, too large, not a
regular file, or that does not fit its values is a miss: the file is parsed as if there were
no cache. A folder that cannot be written only costs speed.

The folder (``<cache>/yaml``) is used only when it is the user's own and private
(:func:`generator.store.private_folder`). A process that writes an entry first trims the
folder to :data:`MAX_FOLDER_BYTES`, removing the least recently used entries (a hit refreshes
an entry's mtime, at most once an hour), so the folder holds at most that plus one run's
entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import tempfile
import time
import zlib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator import store
from generator.yamlsource import MAX_FILE_BYTES, Document, Loc, parse_bytes

KIND = "yaml"
FORMAT = b"lkjip-yaml-1"
"""Bump when the entry layout or the meaning of a parsed value changes."""
MAX_ENTRY_BYTES = 4_000_000
"""Largest entry read or written (compressed); the examples' largest is ~40 KB."""
MAX_BODY_BYTES = 64_000_000
"""Largest entry once decompressed: a damaged entry never costs more memory than this."""
MAX_FOLDER_BYTES = 256 * 1024 * 1024
"""The folder is trimmed to this size (~14,000 kecamatan of the synthetic data: ~18 KB each)."""
SUFFIX = ".json.z"
TOUCH_AFTER_SECONDS = 3600

_LIBYAML = yaml._yaml.get_version_string() if getattr(yaml, "__with_libyaml__", False) else "-"
# A Decimal travels as the string "\0<digits>", which json.dumps writes as "\u0000<digits>"
# and this pattern then unquotes into a JSON number. No parsed text can start with U+0000
# (yamlsource refuses control characters in keys and values), so nothing else matches.
_MARK = "\x00"
_RAW_NUMBER = re.compile(r'"\\u0000([-+.0-9E]+)"')
_TRIMMED: set[Path] = set()


class _Unfit(Exception):
    """An entry (read) or a document (written) that the cache cannot represent exactly."""


def read_document(path: Path, display: str) -> Document:
    """:func:`generator.yamlsource.read_document`, remembered in the user cache by content."""
    raw = path.read_bytes()
    folder = store.private_folder(KIND)
    if folder is None or len(raw) > MAX_FILE_BYTES:
        return parse_bytes(raw, path, display)
    entry = folder / f"{entry_key(raw)}{SUFFIX}"
    found = recall(entry)
    if found is not None:
        return Document(path, display, found[0], found[1])
    doc = parse_bytes(raw, path, display)  # a YamlError propagates, and nothing is stored
    remember(entry, doc)
    return doc


def entry_key(raw: bytes) -> str:
    """The key of the parse of ``raw`` by this code with these YAML libraries."""
    content = hashlib.sha256(raw).hexdigest()
    return store.key(KIND, FORMAT.decode(), yaml.__version__, _LIBYAML, content)


# --- writing -------------------------------------------------------------------------


def remember(entry: Path, doc: Document) -> None:
    """Store ``doc`` as ``entry`` (atomically), unless it cannot be stored exactly."""
    try:
        body = encode(doc.data, doc.positions)
    except _Unfit:
        return
    blob = _head(body) + zlib.compress(body, 1)
    if len(blob) > MAX_ENTRY_BYTES or len(body) > MAX_BODY_BYTES:
        return
    _trim_once(entry.parent)
    temporary: str | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=entry.parent, suffix=".tmp", delete=False) as out:
            temporary = out.name
            out.write(blob)
        Path(temporary).replace(entry)  # a reader never sees half an entry
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _head(body: bytes) -> bytes:
    return FORMAT + b" " + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n"


def encode(data: Any, positions: Mapping[Loc, tuple[int, int]]) -> bytes:
    """The JSON of a parsed document; raise ``_Unfit`` if it would not read back the same."""
    flat: list[int] = []
    special: list[list[Any]] = []
    if data is None and not positions:  # an empty file
        value = None
    else:
        order = iter(positions.items())
        value = _encode_value(data, (), order, flat, special)
        if next(order, None) is not None:
            raise _Unfit
    payload = {"data": value, "special": special, "positions": flat}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _RAW_NUMBER.sub(r"\1", text).encode("utf-8")


def _encode_value(
    value: Any,
    loc: Loc,
    order: Any,
    flat: list[int],
    special: list[list[Any]],
) -> Any:
    """``value`` as JSON-ready data, checking that the positions come in pre-order."""
    recorded = next(order, None)
    if recorded is None or recorded[0] != loc:
        raise _Unfit  # positions not in the order rebuilding them assumes
    index = len(flat) // 2
    flat.extend(recorded[1])
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or key.startswith(_MARK):
                raise _Unfit
            out[key] = _encode_value(item, (*loc, key), order, flat, special)
        return out
    if isinstance(value, list):
        return [
            _encode_value(item, (*loc, i), order, flat, special) for i, item in enumerate(value)
        ]
    if isinstance(value, Decimal):
        text = str(value)
        if not value.is_finite():
            raise _Unfit
        if "." in text or "E" in text:
            return _MARK + text  # a JSON number, which reads back as this Decimal
        special.append([index, "d", text])  # "5" would read back as an int
        return text
    if type(value) is dt.date:
        special.append([index, "t", value.isoformat()])
        return value.isoformat()
    if isinstance(value, str):
        if value.startswith(_MARK):
            raise _Unfit
        return value
    if value is None or isinstance(value, bool | int):
        return value
    raise _Unfit


def _trim_once(folder: Path) -> None:
    """Trim ``folder`` the first time this process writes to it."""
    if folder not in _TRIMMED:
        _TRIMMED.add(folder)
        trim(folder, MAX_FOLDER_BYTES)


def trim(folder: Path, limit: int) -> None:
    """Remove the least recently used files of ``folder`` until it holds at most ``limit``
    bytes, down to three quarters of it so that the next runs need not trim again."""
    files: list[tuple[float, int, Path]] = []
    try:
        for path in folder.iterdir():
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode):
                files.append((info.st_mtime, info.st_size, path))
    except OSError:
        return
    total = sum(size for _, size, _ in files)
    if total <= limit:
        return
    for _, size, path in sorted(files):
        if total <= limit * 3 // 4:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size


# --- reading -------------------------------------------------------------------------


def recall(entry: Path) -> tuple[Any, dict[Loc, tuple[int, int]]] | None:
    """The values and positions stored as ``entry``, or None for any kind of miss."""
    blob = _read_entry(entry)
    if blob is None:
        return None
    head, newline, packed = blob.partition(b"\n")
    if not newline or not head.startswith(FORMAT + b" "):
        return None
    try:
        inflate = zlib.decompressobj()
        body = inflate.decompress(packed, MAX_BODY_BYTES)
        if inflate.unconsumed_tail or not inflate.eof:
            return None
    except zlib.error:
        return None
    if _head(body) != head + b"\n":
        return None
    try:
        return decode(body)
    except _Unfit:
        return None


def _read_entry(entry: Path) -> bytes | None:
    """The bytes of ``entry`` if it is a regular file of acceptable size; never follows a
    link, never blocks on a pipe. A hit refreshes the entry's mtime (least recently used)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(entry, flags)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(os.dup(handle), "rb") as stream:
            blob = stream.read(MAX_ENTRY_BYTES + 1)
        if len(blob) > MAX_ENTRY_BYTES:
            return None
        if info.st_mtime < time.time() - TOUCH_AFTER_SECONDS:
            os.utime(handle if os.utime in os.supports_fd else entry)
        return blob
    except OSError:
        return None
    finally:
        os.close(handle)


def _refuse(constant: str) -> Any:
    raise _Unfit  # NaN and Infinity: never written


def decode(body: bytes) -> tuple[Any, dict[Loc, tuple[int, int]]]:
    """The values and positions of an entry's JSON; raise ``_Unfit`` unless they fit."""
    try:
        payload = json.loads(body, parse_float=Decimal, parse_constant=_refuse)
    except (ValueError, RecursionError):
        raise _Unfit from None
    if not isinstance(payload, dict) or set(payload) != {"data", "special", "positions"}:
        raise _Unfit
    data, flat = payload["data"], payload["positions"]
    if not isinstance(flat, list):
        raise _Unfit
    special = _special(payload["special"])
    if data is None and not flat and not special:
        return None, {}
    rebuilt = _Rebuild(flat, special)
    data = rebuilt.value(data, ())
    if 2 * len(rebuilt.positions) != len(flat) or rebuilt.used != len(special):
        raise _Unfit
    return data, rebuilt.positions


def _special(found: Any) -> dict[int, Any]:
    """The dates and point-less Decimals of an entry, by node index."""
    if not isinstance(found, list):
        raise _Unfit
    out: dict[int, Any] = {}
    for item in found:
        if not (isinstance(item, list) and len(item) == 3):
            raise _Unfit
        index, kind, text = item
        if type(index) is not int or not isinstance(text, str):
            raise _Unfit
        try:
            if kind == "d":
                out[index] = Decimal(text)
                if not out[index].is_finite():
                    raise _Unfit
            elif kind == "t":
                out[index] = dt.date.fromisoformat(text)
            else:
                raise _Unfit
        except (ArithmeticError, ValueError):
            raise _Unfit from None
    return out


class _Rebuild:
    """Walk decoded values in pre-order, pairing each with its stored position."""

    def __init__(self, flat: list[Any], special: dict[int, Any]) -> None:
        self.flat = flat
        self.special = special
        self.positions: dict[Loc, tuple[int, int]] = {}
        self.used = 0

    def value(self, value: Any, loc: Loc) -> Any:
        index = len(self.positions)
        if len(loc) > 100:
            raise _Unfit
        try:
            line, column = self.flat[2 * index], self.flat[2 * index + 1]
        except IndexError:
            raise _Unfit from None
        if type(line) is not int or type(column) is not int or line < 1 or column < 1:
            raise _Unfit
        self.positions[loc] = (line, column)
        if isinstance(value, dict):
            for key, item in value.items():
                replaced = self.value(item, (*loc, key))
                if replaced is not item:
                    value[key] = replaced
            return value
        if isinstance(value, list):
            for i, item in enumerate(value):
                replaced = self.value(item, (*loc, i))
                if replaced is not item:
                    value[i] = replaced
            return value
        if index in self.special:
            if not isinstance(value, str):
                raise _Unfit
            self.used += 1
            return self.special[index]
        return value
