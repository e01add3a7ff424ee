"""The hierarchy rule (``tomsh:Capability-placeInHierarchy``) catches each way a capability can
be misplaced, with the same results from both engines: a missing parent below level 1, a parent
on a level-1 capability, and a parent that is not exactly one level up."""

from __future__ import annotations

import pytest
from shape_fixtures import COMPLETE, COMPLETE_NS, TOMSH, model_store

from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.validation import validate

RULE = f"<{TOMSH}Capability-placeInHierarchy>"
PARENT = "<https://w3id.org/tomgraph/ontology#parentCapability>"


def ex(local: str) -> str:
    return f"<{COMPLETE_NS}{local}>"


CASES = {
    "a level-2 capability without a parent": (
        f"DELETE WHERE {{ GRAPH <{MODEL_GRAPH}> {{ {ex('cap-1-2')} {PARENT} ?p }} }}",
        # SHACL reports the focus node as the value when the query binds none.
        {(ex("cap-1-2"), ex("cap-1-2"))},
    ),
    "a level-1 capability with a parent": (
        f"INSERT DATA {{ GRAPH <{MODEL_GRAPH}> {{ {ex('cap-1')} {PARENT} {ex('cap-1-2')} }} }}",
        # Also not one level up; still one result, whose value is the parent.
        {(ex("cap-1"), ex("cap-1-2"))},
    ),
    "a parent two levels up": (
        f"DELETE {{ GRAPH <{MODEL_GRAPH}> {{ {ex('cap-1-1-1')} {PARENT} ?p }} }} "
        f"INSERT {{ GRAPH <{MODEL_GRAPH}> {{ {ex('cap-1-1-1')} {PARENT} {ex('cap-1')} }} }} "
        f"WHERE {{ GRAPH <{MODEL_GRAPH}> {{ {ex('cap-1-1-1')} {PARENT} ?p }} }}",
        {(ex("cap-1-1-1"), ex("cap-1"))},
    ),
}


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("case", CASES)
def test_each_misplacement_is_reported_once_with_the_offending_parent(case, engine):
    update, expected = CASES[case]
    store = model_store(COMPLETE)
    try:
        store.update(update)
        report = validate(store, engine=engine)
    finally:
        store.close()
    found = {(f.focus, f.result.value) for f in report.findings if f.shape.iri == RULE}
    assert found == expected
    assert all(f.result.result_path == PARENT for f in report.findings if f.shape.iri == RULE)
