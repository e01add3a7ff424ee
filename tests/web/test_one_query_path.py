"""Architecture: the web app runs queries through ``run_user_query`` and nowhere else.

Any ``.query(...)`` call (a store's query method) or library query runner in a web module
outside the allow-list below fails this test: a new page must call ``run_user_query`` (or the
page helpers built on it) so that it gets the timeout, the row cap and the error statuses.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tomgraph.web

WEB = Path(tomgraph.web.__file__).parent
ALLOWED = {
    "endpoint/execute.py": "evaluate(): the one place a user-facing query reaches the store",
    "ops/health.py": "the readiness probe asks the store itself, never a cached or capped view",
}
RUNNERS = {"run_query", "run_named_query"}
"""The query library's own runners call the store directly: the web app must not use them."""


def offending_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "query" or name in RUNNERS:
            found.append(f"{path.relative_to(WEB)}:{node.lineno}: {ast.unparse(func)}(...)")
    return found


def test_no_web_module_queries_the_store_outside_run_user_query() -> None:
    offending = [
        call
        for path in sorted(WEB.rglob("*.py"))
        if path.relative_to(WEB).as_posix() not in ALLOWED
        for call in offending_calls(path)
    ]
    assert not offending, "call web.querying.run_user_query instead:\n" + "\n".join(offending)


def test_the_allow_list_names_files_that_exist_and_still_query() -> None:
    for name in ALLOWED:
        assert offending_calls(WEB / name), f"{name} no longer queries: drop it from ALLOWED"
