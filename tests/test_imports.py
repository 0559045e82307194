"""The import graph of ``generator`` follows the pipeline's stages (``generator.STAGES``).

Every ``import`` statement counts, wherever it is: at module level, inside a function, or
under ``if TYPE_CHECKING:`` (a type-only import today is a runtime import tomorrow, and a
stage that needs a later stage's types is already out of order). Imports are read from the
source with ``ast``, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent


@dataclass(frozen=True)
class Edge:
    """``source`` imports ``target``, at ``where`` (path:line)."""

    source: str
    target: str
    where: str

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.where})"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return name == "__init__" or modules[name].name == "__init__.py"


def _known(dotted: str, modules: dict[str, Path]) -> str:
    """The deepest module of ``generator.a.b.c`` that exists (``from generator import x``
    where ``x`` is a name, not a module, imports the package itself)."""
    parts = dotted.split(".")[1:]
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return "__init__"


def _targets(name: str, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [_known(a.name, modules) for a in node.names if a.name.split(".")[0] == "generator"]
    if node.level:
        package = ["generator", *([] if name == "__init__" else name.split("."))]
        if not _is_package(name, modules):
            package.pop()
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    else:
        base = node.module or ""
    if base.split(".")[0] != "generator":
        return []
    return [_known(f"{base}.{a.name}", modules) for a in node.names]


def _edges() -> list[Edge]:
    modules = _modules()
    edges = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                edges += [Edge(name, t, where) for t in _targets(name, node, modules) if t != name]
    return list(dict.fromkeys(edges))  # one per statement and target


def _stage_of() -> dict[str, int]:
    """Each module's stage index; a package entry places everything inside it."""
    entries = {entry: i for i, (_, names) in enumerate(generator.STAGES) for entry in names}
    placed = {}
    for name in _modules():
        owners = [e for e in entries if name == e or name.startswith(f"{e}.")]
        if owners:
            placed[name] = entries[max(owners, key=len)]
    return placed


def test_stage_table_lists_each_entry_once_and_only_existing_modules() -> None:
    entries = [entry for _, names in generator.STAGES for entry in names]
    repeated = sorted({e for e in entries if entries.count(e) > 1})
    assert not repeated, f"listed more than once in generator.STAGES: {repeated}"
    stale = sorted(set(entries) - set(_modules()))
    assert not stale, f"generator.STAGES lists modules that do not exist: {stale}"


def test_every_module_is_placed_in_a_stage() -> None:
    unplaced = sorted(set(_modules()) - set(_stage_of()))
    assert not unplaced, (
        f"modules without a stage: {unplaced}; add each to generator.STAGES (generator/__init__.py)"
    )


def test_no_module_imports_a_later_stage() -> None:
    stage = _stage_of()
    names = [name for name, _ in generator.STAGES]
    backwards = [
        f"{e}: {names[stage[e.source]]} imports {names[stage[e.target]]}"
        for e in _edges()
        if e.source in stage and e.target in stage and stage[e.target] > stage[e.source]
    ]
    assert not backwards, "imports of a later stage:\n" + "\n".join(backwards)


def _cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)
        graph.setdefault(e.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _shortest_loop(start: str, edges: list[Edge]) -> list[Edge]:
    """The shortest chain of imports from ``start`` back to itself (breadth first)."""
    paths: dict[str, list[Edge]] = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for e in edges:
            if e.source != node:
                continue
            if e.target == start:
                return [*paths[node], e]
            if e.target not in paths:
                paths[e.target] = [*paths[node], e]
                queue.append(e.target)
    return []


def test_no_import_cycle_even_inside_functions() -> None:
    edges = _edges()
    report = []
    for component in _cycles(edges):
        inside = [e for e in edges if e.source in component and e.target in component]
        loop = _shortest_loop(component[0], inside)
        report.append(
            f"cycle among {component}, for example:\n  "
            + "\n  ".join(str(e) for e in loop)
            + f"\n  ({len(inside)} imports inside the cycle in all)"
        )
    assert not report, "\n".join(report)


def test_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a two-module loop and a longer one are both found."""
    edges = [
        Edge(a, b, "") for a, b in [("a", "b"), ("b", "a"), ("c", "d"), ("d", "e"), ("e", "c")]
    ]
    assert _cycles([*edges, Edge("e", "f", "")]) == [["a", "b"], ["c", "d", "e"]]
    assert [e.target for e in _shortest_loop("c", edges)] == ["d", "e", "c"]


def test_only_main_imports_the_cli() -> None:
    importers = sorted({str(e) for e in _edges() if e.target == "cli" and e.source != "__main__"})
    assert not importers, "only generator/__main__.py may import generator.cli:\n" + "\n".join(
        importers
    )


def test_imports_are_found_everywhere_they_can_hide() -> None:
    """The scan sees function-level, TYPE_CHECKING, relative and package imports."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from generator.model import Project\n"
        "def f():\n    from generator.cli import main\n"
        "from . import store\nfrom .compute import report\nimport generator.errors\n"
        "from generator import __version__\n"
    )
    modules = _modules()
    nodes = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import | ast.ImportFrom)]
    found = [t for n in nodes for t in _targets("history", n, modules)]
    assert sorted(found) == ["__init__", "cli", "compute.report", "errors", "model", "store"]
