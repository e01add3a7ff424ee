"""The layering rules of the package, checked on its source.

One store interface: code outside ``tomgraph.store`` depends on :class:`tomgraph.store.Store`
and its capability flags, never on a backend. It may create an embedded store (a scratch
store in memory, a worker's read-only view) but never asks which backend it holds
(``isinstance(x, EmbeddedStore)`` or ``RemoteStore``) nor reaches into the engine under one
(``.oxigraph``).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tomgraph"
STORE = PACKAGE / "store"
BACKENDS = {"EmbeddedStore", "RemoteStore"}


def _names(node: ast.expr) -> set[str]:
    """Class names in an isinstance() second argument (a name, an attribute, a tuple or |)."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Attribute):
        return {node.attr}
    if isinstance(node, ast.Tuple):
        return set().union(*(_names(e) for e in node.elts))
    if isinstance(node, ast.BinOp):
        return _names(node.left) | _names(node.right)
    return set()


def backend_reach_ins(source: str, filename: str = "<source>") -> list[str]:
    """Each place in ``source`` that asks for a backend or reaches under the interface."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("isinstance", "issubclass") and len(node.args) == 2
                and _names(node.args[1]) & BACKENDS):
            found.append(f"{filename}:{node.lineno}: {node.func.id}(..., "
                         f"{'|'.join(sorted(_names(node.args[1]) & BACKENDS))})")
        elif isinstance(node, ast.Attribute) and node.attr == "oxigraph":
            found.append(f"{filename}:{node.lineno}: .oxigraph")
    return found


def test_nothing_outside_the_store_package_asks_which_backend_it_holds():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if STORE in path.parents:
            continue
        rel = path.relative_to(PACKAGE.parent)
        found += backend_reach_ins(path.read_text(encoding="utf-8"), str(rel))
    assert not found, (
        "use the store's capability flags and methods (tomgraph/store/base.py) instead:\n"
        + "\n".join(found)
    )


def test_the_rule_catches_isinstance_on_a_backend_and_a_reach_into_oxigraph():
    source = (
        "if isinstance(store, EmbeddedStore): pass\n"
        "if isinstance(store, (Store, store_mod.RemoteStore)): pass\n"
        "store.oxigraph.backup(d)\n"
        "if isinstance(store, Store): pass\n"
        "EmbeddedStore(path, read_only=True)\n"
    )
    assert [f.split(": ", 1)[0] for f in backend_reach_ins(source)] == [
        "<source>:1", "<source>:2", "<source>:3"
    ]
