"""Validation runs inside a remote store: the SHACL engines find the same results there as on
the embedded store, the fast one by sending its checks to the server as SPARQL.
"""

from __future__ import annotations

import pytest

from tomgraph.store import load_bundled
from tomgraph.validation.engines import get_engine


@pytest.mark.parametrize(
    "engine", ["fast", pytest.param("reference", marks=pytest.mark.slow)]
)
def test_an_engine_finds_the_same_results_on_both_backends(engine, remote_store, example_store):
    load_bundled(remote_store)
    remote = get_engine(engine).validate(remote_store)
    embedded = get_engine(engine).validate(example_store)
    assert sorted(r.key() for r in remote.results) == sorted(r.key() for r in embedded.results)
    assert remote.conforms == embedded.conforms
