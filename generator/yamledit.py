"""Change values in a hand-written YAML text without touching anything else.

Our data files carry comments, blank lines and a chosen mix of block and flow style,
so re-serialising them would rewrite every line. Instead, each change becomes a text
patch at the exact span of the node it replaces (known from PyYAML's composer):
unchanged values, comments and layout stay byte for byte. Keys that do not exist yet
are inserted into their mapping (at its end), list items are appended; new values are
written in flow style (``{pagu: {induk: 5}, realisasi: 0}``) so they fit any context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from generator.numbers import is_ambiguous
from generator.yamlsource import Loc, format_loc

_CODE = re.compile(r"[0-9][0-9.]*")


class EditError(Exception):
    """A change cannot be applied to this text (a bug in the caller, not in the data)."""


@dataclass
class _Patch:
    start: int
    end: int
    rank: tuple[int, int]  # among inserts at one point: deeper containers first, then order
    text: str


@dataclass
class YamlEditor:
    """Collect changes to one YAML text, then produce the new text with ``result``."""

    text: str
    _nodes: dict[Loc, yaml.Node] = field(default_factory=dict, init=False)
    _locs: dict[int, Loc] = field(default_factory=dict, init=False)
    _patches: dict[tuple[int, int, int], _Patch] = field(default_factory=dict, init=False)
    _pending: dict[Loc, dict[str, Any]] = field(default_factory=dict, init=False)
    _order: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        root = yaml.compose(self.text, Loader=yaml.SafeLoader)
        if root is not None:
            self._index(root, ())

    def _index(self, node: yaml.Node, loc: Loc) -> None:
        self._nodes[loc] = node
        self._locs[id(node)] = loc
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self._index(value, (*loc, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._index(item, (*loc, i))

    def has(self, loc: Loc) -> bool:
        """Tell whether ``loc`` exists in the original text."""
        return loc in self._nodes

    def set(self, loc: Loc, value: Any) -> None:
        """Give ``loc`` the value ``value``, creating missing keys along the way."""
        node = self._nodes.get(loc)
        if node is None:
            self._merge_pending(loc, value, append=False)
        elif isinstance(node, yaml.MappingNode) and isinstance(value, dict):
            # Keep the mapping (and its comments); change only its entries.
            for key, item in value.items():
                self.set((*loc, str(key)), item)
        elif isinstance(node, yaml.ScalarNode) and _same_scalar(node, value):
            return
        else:
            self._replace(node, flow(value))

    def append(self, loc: Loc, item: Any) -> None:
        """Add ``item`` at the end of the list at ``loc``, creating the list if needed."""
        node = self._nodes.get(loc)
        if node is None:
            self._merge_pending(loc, item, append=True)
            return
        if not isinstance(node, yaml.SequenceNode):
            raise EditError(f"'{format_loc(loc)}' bukan daftar")
        if node.flow_style or not node.value:
            self._insert_flow(node, flow(item))
        else:
            column = node.start_mark.column
            self._insert_line(node, f"{' ' * column}- {flow(item)}")

    def result(self) -> str:
        """The text with every change applied."""
        for parent in sorted(self._pending, key=len, reverse=True):
            self._insert_key(parent, self._pending[parent])
        self._pending = {}
        text = self.text
        for patch in sorted(self._patches.values(), key=lambda p: (p.start, p.rank), reverse=True):
            text = text[: patch.start] + patch.text + text[patch.end :]
        return text

    # --- patches ---------------------------------------------------------------------

    def _add(self, start: int, end: int, text: str, into: yaml.Node | None = None) -> None:
        """Replace ``start:end`` by ``text``; ``into`` is the container receiving an insert."""
        self._order += 1
        # Replacements of one span overwrite each other; inserts at one point all stay,
        # the deepest container's first so that its lines stay inside it.
        key = (start, end, 0 if into is None else self._order)
        depth = len(self._locs.get(id(into), ())) if into is not None else 0
        self._patches[key] = _Patch(start, end, (-depth, self._order), text)

    def _replace(self, node: yaml.Node, text: str) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        if start == end:  # an empty value right after "key:": keep a space before ours
            text = " " + text
        elif _overruns(node):
            # Block scalars and collections own the line breaks (and comments) after them.
            end = self._content_end(node)
        self._add(start, end, text)

    def _content_end(self, node: yaml.Node) -> int:
        """Index just after the last non-blank character that belongs to ``node``."""
        leaf = _last_leaf(node)
        span = self.text[leaf.start_mark.index : leaf.end_mark.index]
        return leaf.start_mark.index + len(span.rstrip())

    def _insert_flow(self, node: yaml.Node, text: str) -> None:
        """Insert before the closing bracket of a flow collection."""
        close = node.end_mark.index - 1
        before = self.text[node.start_mark.index + 1 : close].rstrip()
        if before:
            text = (" " if before.endswith(",") else ", ") + text
        self._add(close, close, text, node)

    def _insert_line(self, into: yaml.Node, line: str) -> None:
        """Insert a new line into a block collection, after the line where it ends."""
        newline = "\r\n" if "\r\n" in self.text else "\n"
        eol = self.text.find("\n", self._content_end(into))
        if eol == -1:
            self._add(len(self.text), len(self.text), newline + line + newline, into)
        else:
            self._add(eol + 1, eol + 1, line + newline, into)

    def _insert_key(self, parent: Loc, entries: dict[str, Any]) -> None:
        node = self._nodes[parent]
        if isinstance(node, yaml.ScalarNode):  # e.g. "anggaran: null" gets its first keys
            self._replace(node, flow(entries))
            return
        if not isinstance(node, yaml.MappingNode):
            raise EditError(f"'{format_loc(parent)}' bukan pemetaan")
        for key, value in entries.items():
            entry = f"{key}: {flow(value)}"
            if node.flow_style:
                self._insert_flow(node, entry)
            else:  # a block mapping always has at least one entry
                column = node.value[0][0].start_mark.column
                self._insert_line(node, f"{' ' * column}{entry}")

    def _merge_pending(self, loc: Loc, value: Any, *, append: bool) -> None:
        """Remember a value under its deepest existing ancestor, to insert it only once."""
        depth = max(n for n in range(len(loc)) if loc[:n] in self._nodes or n == 0)
        parent, rest = loc[:depth], loc[depth:]
        if parent not in self._nodes:
            raise EditError("berkas kosong")
        if any(isinstance(part, int) for part in rest):
            raise EditError(f"'{format_loc(loc)}' menunjuk butir daftar yang tidak ada")
        target = self._pending.setdefault(parent, {})
        for part in rest[:-1]:
            target = target.setdefault(str(part), {})
        last = str(rest[-1])
        if append:
            target.setdefault(last, []).append(value)
        elif isinstance(value, dict) and isinstance(target.get(last), dict):
            target[last].update(value)
        else:
            target[last] = value


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """The node whose end is the textual end of ``node`` (block collections overrun)."""
    while not getattr(node, "flow_style", True) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def _overruns(node: yaml.Node) -> bool:
    """Block scalars and block collections: PyYAML's end mark lies past their text."""
    if isinstance(node, yaml.ScalarNode):
        return node.style in ("|", ">")
    return not getattr(node, "flow_style", False)


def _same_scalar(node: yaml.ScalarNode, value: Any) -> bool:
    """Whether the scalar already holds ``value`` (so it need not be rewritten)."""
    if node.tag == "tag:yaml.org,2002:str":
        return isinstance(value, str) and node.value == value
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return False
        try:
            return Decimal(node.value.replace("_", "")) == value
        except ArithmeticError:
            return False
    if node.tag == "tag:yaml.org,2002:null":
        return value is None
    return False


def number_text(value: int | Decimal) -> str:
    """A number as YAML text that the loader reads back exactly and unambiguously."""
    if isinstance(value, int) or value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    # "3.125" would be refused as ambiguous (thousands or decimals?): write "3,125".
    return f'"{text.replace(".", ",")}"' if is_ambiguous(text) else text


def flow(value: Any) -> str:
    """Render a value in YAML flow style, valid both in block and in flow context."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return number_text(value)
    if isinstance(value, str):
        if _CODE.fullmatch(value):  # codes such as "7.01.06": quoted like the rest of our files
            return f'"{value}"'
        # Line breaks: double quotes with escapes, so the value stays on one line.
        style = '"' if any(c in value for c in "\r\n\t") else None
        dumped = yaml.safe_dump(
            [value], default_flow_style=True, default_style=style, allow_unicode=True, width=2**31
        )
        return dumped.strip()[1:-1]
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    raise EditError(f"nilai {value!r} tidak dapat ditulis sebagai YAML")
