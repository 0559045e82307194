from decimal import Decimal
from pathlib import Path

import pytest

from generator.yamlsource import MAX_DEPTH, YamlError, parse_text, read_document


def parse(text: str) -> object:
    return parse_text(text, Path("x.yaml"), "x.yaml")


def test_positions_are_recorded_per_key_path() -> None:
    doc = parse("a:\n  b:\n    - c: 1\n    - c: 2\n")
    assert doc.locate(("a", "b", 1, "c")) == (4, 7)
    assert doc.locate(("a", "b", 1, "missing")) == (4, 7)  # falls back to the parent


def test_floats_are_exact_decimals() -> None:
    assert parse("x: 88.61\n").data == {"x": Decimal("88.61")}  # type: ignore[attr-defined]


def test_dates_become_dates() -> None:
    import datetime as dt

    assert parse("d: 2025-04-15\n").data == {"d": dt.date(2025, 4, 15)}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "2:1: a: kunci ganda (sudah ada di baris 1)"),
        ("a: &x 1\nb: *x\n", "alias/anchor YAML"),
        (
            "a: !!python/object:os.system {}\n",
            "tag YAML 'tag:yaml.org,2002:python/object:os.system' tidak diizinkan",
        ),
        ("a: !custom 1\n", "tag YAML '!custom' tidak diizinkan"),
        ("a: 1.000\n", "angka '1.000' ambigu"),
        ("a: .inf\n", "bukan angka yang terhingga"),
        ("a: 2024-02-30\n", "tanggal '2024-02-30' tidak ada di kalender"),
        ("a: [1, 2\n", "YAML tidak valid"),
        ("<<: {a: 1}\n", "kunci gabungan"),
        ("? [a]\n: 1\n", "kunci harus berupa teks sederhana"),
    ],
)
def test_hostile_or_broken_yaml_is_rejected_with_a_message(text: str, message: str) -> None:
    with pytest.raises(YamlError) as info:
        parse(text)
    assert message in info.value.issue.format()


def test_deep_nesting_is_rejected() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(YamlError, match="terlalu dalam"):
        parse(text)


def test_alias_bomb_is_rejected_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    with pytest.raises(YamlError, match="alias"):
        parse("\n".join(lines) + "\n")


def test_non_utf8_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("nama: Kecamatan\nalamat: Jl. Cengkeh\xe9\n".encode("latin-1"))
    with pytest.raises(YamlError) as info:
        read_document(path, "f.yaml")
    assert (
        info.value.issue.format()
        == "f.yaml:2:1: berkas bukan UTF-8; simpan ulang dengan pengodean UTF-8"
    )


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfnama: Sumber\n")
    assert read_document(path, "f.yaml").data == {"nama": "Sumber"}


def test_huge_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"# " + b"x" * 2_100_000 + b"\n")
    with pytest.raises(YamlError, match="terlalu besar"):
        read_document(path, "f.yaml")
