"""The named queries: every ``.rq`` file of the bundled ``queries/`` folder, by file name.

Files are read when asked for (and kept while unchanged), so an architect who edits a query
sees the change in the CLI and the web app without reinstalling anything.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from .. import bundled
from ..errors import InputError, UsageError
from .header import NamedQuery, parse_query

_cache: dict[Path, tuple[int, NamedQuery]] = {}


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Every query of the library, sorted by name."""
    folder = folder or bundled.queries_dir()
    return [load_query_file(p) for p in sorted(folder.glob("*.rq"))]


def query_names(folder: Path | None = None) -> list[str]:
    """The names of the library's queries (file names without ``.rq``), sorted."""
    folder = folder or bundled.queries_dir()
    return sorted(p.stem for p in folder.glob("*.rq"))


def renamed(name: str, folder: Path | None = None) -> NamedQuery | None:
    """The query that was once called ``name`` (its header lists it under ``aliases``)."""
    for query in list_queries(folder):
        if name in query.aliases:
            return query
    return None


def rename_warning(old: str, query: NamedQuery) -> str:
    """What to tell someone who used a former name."""
    return f"query {old!r} is now called {query.name!r}; the old name will be removed"


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The library query called ``name``; an unknown name is a :class:`UsageError`.

    A former name (a header's ``aliases``) still finds its query, so scripts keep working;
    callers that talk to people show :func:`rename_warning` when ``result.name != name``.
    """
    folder = folder or bundled.queries_dir()
    path = folder / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        if "/" not in name and "\\" not in name and (former := renamed(name, folder)):
            return former
        names = query_names(folder)
        close = difflib.get_close_matches(name, names, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see 'tomgraph queries'"
        raise UsageError(f"no query called {name!r} in the library ({hint})")
    return load_query_file(path)


def load_query_file(path: Path, name: str | None = None) -> NamedQuery:
    """The query in ``path`` (a ``.rq`` file, header optional)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise InputError("no such file", source=path) from None
    cached = _cache.get(path)
    if cached and cached[0] == mtime and name is None:
        return cached[1]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the query: {exc}", source=path) from None
    query = parse_query(text, name or path.stem, path)
    if name is None:
        _cache[path] = (mtime, query)
    return query


def read_query_argument(arg: str) -> NamedQuery:
    """What ``tomgraph query QUERY`` means by QUERY: ``-`` (stdin), a file, or a library name."""
    if arg == "-":
        return parse_query(sys.stdin.read(), "<stdin>")
    path = Path(arg)
    if path.suffix == ".rq" or path.is_file():
        return load_query_file(path)
    query = get_query(arg)
    if query.name != arg:
        print(f"warning: {rename_warning(arg, query)}", file=sys.stderr)
    return query
