import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from generator.yamlsource import (
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_NODES,
    YamlError,
    parse_text,
    read_document,
)


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


def test_a_list_longer_than_the_bound_is_rejected() -> None:
    """Every item can become a PDF table row: 20,000 rows took 3 minutes at 3.5 GB."""
    text = "aset:\n" + "  - {nama: Kursi, jumlah: 1}\n" * (MAX_LIST_ITEMS + 1)
    with pytest.raises(YamlError, match="daftar terlalu panjang"):
        parse(text)
    parse("aset:\n" + "  - {nama: Kursi, jumlah: 1}\n" * MAX_LIST_ITEMS)


def test_a_file_of_too_many_values_is_rejected() -> None:
    row = "[" + ", ".join(["1"] * 999) + "]"
    text = "".join(f"k{i}: {row}\n" for i in range(MAX_NODES // 999 + 1))
    with pytest.raises(YamlError, match="terlalu banyak nilai"):
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


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 200_000 + "]" * 200_000,
        "a:\n  " + "- " * 200_000 + "x",
        "a: " + "{a: " * 200_000,
    ],
    ids=["flow", "block", "unclosed"],
)
def test_nesting_far_past_the_limit_is_refused_without_composing(text: str) -> None:
    # Composed, this crashed the interpreter (libyaml recurses in C: a segmentation fault)
    # or raised RecursionError (PyYAML); the depth is now read from the parser's events.
    code = (
        "import sys; from pathlib import Path; from generator.yamlsource import parse_text\n"
        "try:\n    parse_text(sys.stdin.read(), Path('x.yaml'), 'x.yaml')\n"
        "except Exception as exc:\n    print(type(exc).__name__, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith("YamlError x.yaml:")
    assert "struktur terlalu dalam (lebih dari 40 tingkat)" in done.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: 0777\n",
            "angka '0777' berawalan 0 sehingga YAML membacanya sebagai bilangan oktal (511)",
        ),
        ("a: 1:30\n", "'1:30' dibaca YAML sebagai bilangan basis 60 (90)"),
        ("a: 0x10\n", "angka heksadesimal '0x10' (16) tidak didukung"),
        ("a: 0b1010\n", "angka biner '0b1010' (10) tidak didukung"),
        ("a: 1_000\n", "tulis 1000 tanpa pemisah"),
        ("a: 1.5e+3\n", "notasi eksponen"),
        ("a: 0x_\n", "angka '0x_' memakai garis bawah"),  # PyYAML's own int() raised
        ("a: 0b_\n", "angka '0b_' memakai garis bawah"),
        pytest.param(
            "a: " + "9" * 5000 + "\n", "angka terlalu panjang (5000 angka; batas 100)", id="5000"
        ),
    ],
)
def test_yaml_1_1_number_forms_are_refused_with_how_to_write_them(text: str, message: str) -> None:
    with pytest.raises(YamlError) as info:
        parse(text)
    assert message in info.value.issue.format()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 0\n", 0),
        ("a: -0\n", 0),
        ("a: +12\n", 12),
        ("a: 198001012005012001\n", 198001012005012001),  # an unquoted NIP, read as text later
        ("a: 0o17\n", "0o17"),  # not a number in YAML 1.1: text, refused where a number is due
        ("a: '0777'\n", "0777"),
        ("a: 08:30\n", "08:30"),
        ("a: 7.01.01\n", "7.01.01"),
        ("a: .5\n", Decimal("0.5")),
    ],
)
def test_plain_numbers_and_text_are_read_as_before(text: str, value: object) -> None:
    assert parse(text).data == {"a": value}  # type: ignore[attr-defined]
