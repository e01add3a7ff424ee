"""The programme's questions as named, parameterised SPARQL queries (the ``queries/`` library).

The CLI and the web app share this API: :func:`list_queries`, :func:`get_query` and
:func:`run_named_query`.
"""

from __future__ import annotations

from .header import OUTPUT_KINDS, NamedQuery, parse_query
from .library import get_query, list_queries, load_query_file, query_names, read_query_argument
from .params import PARAM_TYPES, Param
from .run import bound_text, resolve_params, run_named_query, run_query, syntax_error

__all__ = [
    "OUTPUT_KINDS",
    "PARAM_TYPES",
    "NamedQuery",
    "Param",
    "bound_text",
    "get_query",
    "list_queries",
    "load_query_file",
    "parse_query",
    "query_names",
    "read_query_argument",
    "resolve_params",
    "run_named_query",
    "run_query",
    "syntax_error",
]
