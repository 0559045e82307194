"""Fuzzing the loader, validator and formula evaluator on mutated data folders.

Arbitrary values at arbitrary places must end in a clean result or a list of data
issues: never another exception, never a hang, never code execution.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.cli import load_and_validate
from generator.errors import DataErrors, UserError
from tests.conftest import MINIMAL

FILES = sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*.yaml"))
HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% for x in y %}",
    "1.000",
    "88,61",
    "N/A",
    "!!python/object/apply:os.system ['id']",
    "-",
    "",
    "2024-02-30",
    "\u202e",
    "x" * 500,
    "../../etc/passwd",
    "/etc/passwd",
    "60-70",
    "Rp 1.000.000,-",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.text(max_size=30),
    st.sampled_from(HOSTILE),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            out += _paths(child, (*prefix, i))
    return out


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    node[head] = _replace(node[head], rest, value)
    return node


def _to_yaml(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _to_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_yaml(v) for v in value]
    return value


@settings(
    max_examples=120,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.sampled_from(FILES), st.data(), values)
def test_mutated_data_never_crashes(rel: str, data: st.DataObject, value: Any) -> None:
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "data"
        shutil.copytree(MINIMAL, root)
        document = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
        path = data.draw(st.sampled_from(_paths(document)))
        mutated = _replace(document, path, _to_yaml(value))
        (root / rel).write_text(yaml.safe_dump(mutated, allow_unicode=True), encoding="utf-8")
        try:
            load_and_validate(str(root))
        except (DataErrors, UserError) as exc:
            assert str(exc)


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.binary(max_size=400))
def test_arbitrary_bytes_in_any_file_never_crash(rel: str, payload: bytes) -> None:
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "data"
        shutil.copytree(MINIMAL, root)
        (root / rel).write_bytes(payload)
        with contextlib.suppress(DataErrors, UserError):
            load_and_validate(str(root))


# Where the minimal data writes a number: ``key: 123`` or ``key: 1.5`` in block or flow style.
NUMBER = re.compile(r"(?<=: )-?\d+(\.\d+)?(?=\s*[,}\n])")
ODD_NUMBERS = st.one_of(
    st.sampled_from(
        [
            "0777",
            "1:30",
            "0x10",
            "0b1010",
            "1_000",
            "+12",
            ".inf",
            ".nan",
            "1e5",
            "1.0e+30",
            "1.0e+999999999",
            "9" * 5000,
            '"' + "9" * 5000 + '"',
            "0." + "0" * 40 + "1",
            "999999999999999",
            "1000000000000000",
            "0.0000000001",
            "99999999999999.9999999999",
            '"999.999.999.999.999"',
            '"Rp 999.999.999.999.999,-"',
        ]
    ),
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(min_value=-(10**16), max_value=10**16, places=12).map(str),
)


@settings(max_examples=80, deadline=10000, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.integers(0, 100), ODD_NUMBERS)
@example("contoh/alpha/2024/program.yaml", 10, "1.0e+30")  # a Rupiah realisasi
@example("contoh/alpha/2024/program.yaml", 10, "10000000000000000000000000000")
@example("contoh/alpha/2024/kinerja.yaml", 0, "9" * 5000)  # an indicator's realisasi
@example("contoh/alpha/2024/pk.yaml", 3, "0." + "0" * 40 + "1")  # a PK target
def test_huge_and_odd_numbers_never_crash_validation_or_computation(
    rel: str, index: int, number: str
) -> None:
    from generator.compute.report import hitung
    from generator.ringkasan import ringkasan

    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "data"
        shutil.copytree(MINIMAL, root)
        text = (root / rel).read_text(encoding="utf-8")
        spots = list(NUMBER.finditer(text))
        if not spots:
            return
        spot = spots[index % len(spots)]
        (root / rel).write_text(text[: spot.start()] + number + text[spot.end() :], "utf-8")
        try:
            project, _ = load_and_validate(str(root))
        except (DataErrors, UserError) as exc:
            assert str(exc)
            return
        for kab in project.kabupaten:  # what passes validation computes and prints
            for kec in kab.kecamatan:
                for year in kec.tahun:
                    ringkasan("x", hitung(kab, kec, year), kab.settings.aturan.desimal)
