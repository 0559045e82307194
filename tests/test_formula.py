from decimal import Decimal as D

import pytest

from generator.formula import FormulaError, evaluation_order, parse_formula


def test_ikpp_formula_of_jombang() -> None:
    f = parse_formula("((ikm / 25 * 2.5) + ipp * 2) / 2")
    assert f.names == {"ikm", "ipp"}
    assert f.evaluate({"ikm": D("93.53"), "ipp": D("3.45")}) == D("8.1265")


def test_decimal_constants_are_exact() -> None:
    assert parse_formula("0.1 + 0.2").evaluate({}) == D("0.3")


def test_functions() -> None:
    values = {"a": D(1), "b": D(2), "c": D(6)}
    assert parse_formula("rata(a, b, c)").evaluate(values) == D(3)
    assert parse_formula("jumlah(a, b, c)").evaluate(values) == D(9)
    assert parse_formula("max(a, b) - min(a, c) + abs(-c)").evaluate(values) == D(7)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('id')", "fungsi tidak dikenal"),
        ("a.b", "bentuk 'Attribute' tidak diizinkan"),
        ("a[0]", "bentuk 'Subscript' tidak diizinkan"),
        ("2 ** 1000000", "operator tidak diizinkan"),
        ("a if b else c", "bentuk 'IfExp' tidak diizinkan"),
        ("'teks'", "hanya angka"),
        ("lambda: 1", "bentuk 'Lambda' tidak diizinkan"),
        ("(a", "tidak dapat dibaca"),
        ("a < b", "bentuk 'Compare' tidak diizinkan"),
        ("x" * 600, "terlalu panjang"),
        ("+".join(["a"] * 150), "terlalu rumit"),
        ("rata()", "memerlukan argumen"),
    ],
)
def test_unsafe_or_broken_formulas_are_rejected(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message):
        parse_formula(text)


def test_division_by_zero_and_missing_values() -> None:
    with pytest.raises(FormulaError, match="pembagian dengan nol"):
        parse_formula("a / b").evaluate({"a": D(1), "b": D(0)})
    with pytest.raises(FormulaError, match="pembagian dengan nol"):
        parse_formula("a / (b - b)").evaluate({"a": D(0), "b": D(3)})
    with pytest.raises(FormulaError, match="nilai 'b' tidak tersedia"):
        parse_formula("a + b").evaluate({"a": D(1)})


def test_evaluation_order_and_cycles() -> None:
    formulas = {"c": parse_formula("a + b"), "b": parse_formula("a * 2"), "d": parse_formula("c")}
    assert evaluation_order(formulas) == ["b", "c", "d"]
    cyclic = {"x": parse_formula("y + 1"), "y": parse_formula("x * 2")}
    with pytest.raises(FormulaError, match="rumus melingkar: x → y → x"):
        evaluation_order(cyclic)
