"""No two modules of tomgraph import each other, directly or around a longer loop.

The rule: module A depends on module B when A's file imports B anywhere — at module level,
inside a function, or under ``if TYPE_CHECKING:``. An import deferred into a function or
hidden behind ``TYPE_CHECKING`` still means A cannot work (or type-check) without B, so it
only hides a cycle, it does not remove it. One kind of edge is left out: a package's
``__init__`` importing its own submodules, because gathering its parts is what a package
is for. Any cycle in what remains fails the test with the loop spelled out; break it by
moving the shared piece into a module both can import.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "tomgraph"


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _imported(name: str, path: Path, is_package: bool, modules: set[str]) -> set[str]:
    """Every tomgraph module ``name``'s file imports, wherever the import statement sits."""
    package = name if is_package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in modules:
                    targets.add(submodule)
                elif target in modules:
                    targets.add(target)
    if is_package:  # a package importing its own parts is not a dependency loop
        targets = {t for t in targets if not t.startswith(name + ".")}
    targets.discard(name)
    return targets


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: _imported(name, path, is_package, set(modules))
        for name, (path, is_package) in modules.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_module_of_tomgraph_imports_itself_through_a_loop():
    graph = _import_graph()
    loops = [
        " <-> ".join(c) + "  (" + "; ".join(
            f"{a} imports {', '.join(sorted(graph[a] & set(c)))}" for a in c
        ) + ")"
        for c in _cycles(graph)
    ]
    assert not loops, "import cycles:\n" + "\n".join(loops)


def test_the_cycle_finder_sees_a_loop_hidden_in_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
