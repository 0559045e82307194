"""A safe evaluator for declared formulas (composite indicators), using ``Decimal``.

A formula is an arithmetic expression over named values: ``+ - * /``, parentheses,
numbers written with a ``.`` decimal point, and the functions ``rata`` (mean),
``jumlah`` (sum), ``min``, ``max`` and ``abs``. Anything else — attribute access,
subscripts, comparisons, lambdas, strings, ``**`` — is rejected when the formula
is parsed. Nothing is ever passed to ``eval``.

Constants obey the same bounds as numbers in the data (generator/numbers.py), and so
does a result: with at most ``MAX_NODES`` parts over bounded values, no intermediate
value can leave the range of ``Decimal`` either.

The module sits below ``compute`` in the pipeline (see ``generator.STAGES``): validation
parses every formula and checks that none is circular before anything is computed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext

from generator.numbers import LIMIT, NumberFormatError, check_bounds

MAX_LENGTH = 500
MAX_NODES = 200
_CONSTANT = re.compile(r"\d+(\.\d*)?|\.\d+")


class FormulaError(ValueError):
    """A formula that cannot be parsed or evaluated; the message is user-facing."""


def _mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


FUNCTIONS: dict[str, Callable[[Sequence[Decimal]], Decimal]] = {
    "rata": _mean,
    "jumlah": lambda values: sum(values, Decimal(0)),
    "min": min,
    "max": max,
    "abs": lambda values: abs(values[0]),
}


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its source text and the names it uses."""

    text: str
    tree: ast.Expression

    @property
    def names(self) -> frozenset[str]:
        """Every variable the formula reads."""
        return frozenset(
            node.id
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Name) and node.id not in FUNCTIONS
        )

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """Evaluate with ``values`` for the names; raise ``FormulaError`` on /0 or a gap."""
        with localcontext() as ctx:
            ctx.prec = 34
            ctx.traps[DivisionByZero] = True
            ctx.traps[InvalidOperation] = True
            try:
                result = _eval(self.tree.body, self.text, values)
            except (DivisionByZero, InvalidOperation):
                raise FormulaError("pembagian dengan nol") from None
            except ZeroDivisionError:
                raise FormulaError("pembagian dengan nol") from None
            except Overflow:  # pragma: no cover - bounded inputs and size rule it out
                raise FormulaError("hasil rumus terlalu besar") from None
        if abs(result) >= LIMIT:
            raise FormulaError(
                "hasil rumus terlalu besar (batas kurang dari 1.000 triliun); periksa rumus "
                "dan nilai masukannya"
            )
        return result


_BINOPS: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def parse_formula(text: str) -> Formula:
    """Parse ``text`` into a ``Formula``, allowing only the documented syntax."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"rumus terlalu panjang (lebih dari {MAX_LENGTH} karakter)")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise FormulaError(
            f"rumus '{text}' tidak dapat dibaca (periksa tanda kurung dan operator)"
        ) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError(f"rumus '{text}' tidak dapat dibaca") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError(f"rumus terlalu rumit (lebih dari {MAX_NODES} unsur)")
    for node in nodes:
        _check_node(node, text)
    return Formula(text, tree)


def _check_node(node: ast.AST, text: str) -> None:
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Call, ast.Load)
    allowed_ops = (*_BINOPS, ast.USub, ast.UAdd)
    if isinstance(node, ast.operator | ast.unaryop):
        if not isinstance(node, allowed_ops):
            raise FormulaError(f"operator tidak diizinkan dalam rumus '{text}' (hanya + - * /)")
        return
    if not isinstance(node, allowed):
        raise FormulaError(f"bentuk '{type(node).__name__}' tidak diizinkan dalam rumus '{text}'")
    if isinstance(node, ast.Constant):
        _check_constant(node, text)
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise FormulaError(
                f"fungsi tidak dikenal dalam rumus '{text}'; yang tersedia: {', '.join(FUNCTIONS)}"
            )
        if node.keywords or not node.args:
            raise FormulaError(f"fungsi {node.func.id} memerlukan argumen tanpa nama")


def _check_constant(node: ast.Constant, text: str) -> None:
    if isinstance(node.value, bool) or not isinstance(node.value, int | float):
        raise FormulaError(f"hanya angka yang boleh menjadi konstanta dalam rumus '{text}'")
    segment = ast.get_source_segment(text.strip(), node) or ""
    if not _CONSTANT.fullmatch(segment):
        raise FormulaError(
            f"angka '{segment}' dalam rumus '{text}' tidak dikenal; tulis angka dengan titik "
            "desimal, mis. 2.5 atau 100"
        )
    try:
        check_bounds(Decimal(segment), segment)
    except NumberFormatError as exc:
        raise FormulaError(f"{exc} dalam rumus '{text}'") from None


def _eval(node: ast.expr, text: str, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        # The source text, checked by _check_constant: exact, unlike the float Python made.
        return Decimal(ast.get_source_segment(text.strip(), node) or "")
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"nilai '{node.id}' tidak tersedia")
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, text, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, text, values)
        right = _eval(node.right, text, values)
        return _BINOPS[type(node.op)](left, right)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_eval(arg, text, values) for arg in node.args]
    return FUNCTIONS[node.func.id](args)


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Order formula-defined names so each comes after those it uses; reject cycles."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " → ".join((*path[path.index(name) :], name))
            raise FormulaError(f"rumus melingkar: {cycle}")
        state[name] = 1
        for dep in sorted(formulas[name].names):
            if dep in formulas:
                visit(dep, (*path, name))
        state[name] = 2
        order.append(name)

    for name in sorted(formulas):
        visit(name, ())
    return order
