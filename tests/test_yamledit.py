"""Editing YAML text in place: only the changed values move, everything else stays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.yamledit import YamlEditor, flow, number_text
from tests.conftest import DATA, MINIMAL

FILES = sorted(
    [*DATA.glob("*/*/2024/*.yaml"), *DATA.glob("*/*/renstra.yaml"), *MINIMAL.rglob("*.yaml")]
)


def edited(text: str, *changes: tuple[str, tuple[Any, ...], Any]) -> str:
    editor = YamlEditor(text)
    for kind, loc, value in changes:
        getattr(editor, kind)(loc, value)
    return editor.result()


def test_only_the_value_changes() -> None:
    text = "# kop\na: 1  # satu\nb:\n  c: >-\n    teks panjang\n    dua baris\n\n  d: [1, 2]\n"
    out = edited(text, ("set", ("a",), 2), ("set", ("b", "c"), "pendek"), ("set", ("b", "d", 1), 5))
    assert out == "# kop\na: 2  # satu\nb:\n  c: pendek\n\n  d: [1, 5]\n"


def test_unchanged_values_are_not_rewritten() -> None:
    text = "a: 63.00\nb: '7.01'\nc: null\n"
    out = edited(text, ("set", ("a",), Decimal(63)), ("set", ("b",), "7.01"), ("set", ("c",), None))
    assert out == text


def test_new_keys_go_into_their_mapping() -> None:
    text = "a:\n  - x: 1\n    y: {p: 1}\n  - {x: 2}\nb: {}\n"
    out = edited(
        text,
        ("set", ("a", 0, "z"), 3),
        ("set", ("a", 0, "y", "q"), 2),
        ("set", ("a", 1, "z"), "baru, ya"),
        ("set", ("b", "k"), 1),
        ("set", ("c", "d", "e"), 4),
    )
    assert out == (
        "a:\n  - x: 1\n    y: {p: 1, q: 2}\n    z: 3\n  - {x: 2, z: 'baru, ya'}\nb: {k: 1}\n"
        "c: {d: {e: 4}}\n"
    )


def test_appends_keep_nesting_in_order() -> None:
    text = "daftar:\n  - indikator: a\n    pembanding:\n      - {nama: x}\nflow: [1,]\n"
    out = edited(
        text,
        ("append", ("daftar",), {"indikator": "b"}),
        ("append", ("daftar", 0, "pembanding"), {"nama": "y"}),
        ("set", ("daftar", 0, "realisasi"), 5),
        ("append", ("flow",), 2),
        ("append", ("baru",), {"n": 1}),
    )
    assert out == (
        "daftar:\n  - indikator: a\n    pembanding:\n      - {nama: x}\n      - {nama: y}\n"
        "    realisasi: 5\n  - {indikator: b}\nflow: [1, 2]\nbaru: [{n: 1}]\n"
    )


def test_empty_values_line_endings_and_missing_final_newline() -> None:
    assert edited("a:\nb: 1", ("set", ("a",), 2), ("set", ("c",), 3)) == "a: 2\nb: 1\nc: 3\n"
    crlf = "a: 1\r\nb:\r\n  c: 2\r\n"
    assert edited(crlf, ("set", ("b", "d"), 3)) == "a: 1\r\nb:\r\n  c: 2\r\n  d: 3\r\n"
    assert edited("a: null\n", ("set", ("a", "b"), 1)) == "a: {b: 1}\n"


def test_numbers_and_strings_read_back_exactly() -> None:
    assert number_text(Decimal("88.610")) == "88.61"
    assert number_text(Decimal("1E+2")) == "100"
    assert number_text(Decimal("3.125")) == '"3,125"'  # 3.125 would be refused as ambiguous
    assert flow("7.01.06") == '"7.01.06"'
    assert flow("ya: tidak") == "'ya: tidak'"
    assert flow("baris\nbaru") == '"baris\\nbaru"'
    assert flow({"min": Decimal(60), "maks": Decimal("70.5")}) == "{min: 60, maks: 70.5}"


# --- every example file, every kind of change at once ----------------------------------


def _walk(node: yaml.Node, loc: tuple[Any, ...]) -> Any:
    yield loc, node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(value, (*loc, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, (*loc, i))


def _child(data: Any, part: Any) -> Any:
    if isinstance(data, list):
        return part
    return next(k for k in data if str(k) == part)


def _put(data: Any, loc: tuple[Any, ...], value: Any) -> None:
    for part in loc[:-1]:
        data = data[_child(data, part)]
    data[_child(data, loc[-1])] = value


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[_child(data, part)]
    return data


NEW_VALUES = ["teks: baru, [x]", 7, Decimal("12.5"), None, "7.01.06", "baris\nbaru"]


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_every_scalar_key_and_list_at_once(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = yaml.safe_load(text)
    editor = YamlEditor(text)
    nodes = list(_walk(yaml.compose(text, Loader=yaml.SafeLoader), ()))
    for n, (loc, node) in enumerate(nodes):
        if isinstance(node, yaml.ScalarNode) and loc:
            value = NEW_VALUES[n % len(NEW_VALUES)]
            editor.set(loc, value)
            _put(expected, loc, _plain(value))
    for loc, node in nodes:
        if isinstance(node, yaml.MappingNode):
            editor.set((*loc, "zz_baru"), 1)
            _get(expected, loc)["zz_baru"] = 1
        elif isinstance(node, yaml.SequenceNode):
            editor.append(loc, {"butir": "baru"})
            _get(expected, loc).append({"butir": "baru"})
    result = editor.result()
    assert yaml.safe_load(result) == expected
    # Comments survive.
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert all(comment in result for comment in comments)


def test_dates_and_other_tags_are_left_alone() -> None:
    text = "tanggal: 2024-01-26\n"
    assert yaml.safe_load(edited(text, ("set", ("x",), 1))) == {
        "tanggal": dt.date(2024, 1, 26),
        "x": 1,
    }
