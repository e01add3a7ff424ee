"""The fast engine and the reference engine give the same results, key for key.

Same focus node, path, severity, source shape, constraint component and value, as multisets:
on the W3C Core tests, on the project's own shapes with the example programme, and on a
generated model. A difference here means one engine is wrong.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from conformance import CONFORMANCE
from pyoxigraph import RdfFormat
from w3c_shacl import W3CTest, load_tests, outcome_of

from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore, Store, load_bundled
from tomgraph.validation.engines import get_engine
from tomgraph.validation.results import ValidationOutcome


def keys(outcome: ValidationOutcome) -> Counter[tuple[object, ...]]:
    return Counter((*r.key(), r.severity_iri) for r in outcome.results)


def assert_agree(store: Store) -> ValidationOutcome:
    fast = get_engine("fast").validate(store)
    reference = get_engine("reference").validate(store)
    assert fast.engine == "fast", f"the fast engine fell back: {fast.notes}"
    only_fast, only_reference = keys(fast) - keys(reference), keys(reference) - keys(fast)
    assert not only_fast and not only_reference, (
        f"only fast: {sorted(map(str, only_fast))[:5]}\n"
        f"only reference: {sorted(map(str, only_reference))[:5]}"
    )
    return fast


def _core_tests() -> list[W3CTest | None]:
    root = CONFORMANCE / "shacl"
    return [t for t in load_tests(root) if t.core and not t.expects_failure] if root.is_dir() \
        else [None]


@pytest.mark.conformance
@pytest.mark.parametrize("test", _core_tests(), ids=lambda t: t.id if t else "suite-absent")
def test_engines_agree_on_every_w3c_core_test(test: W3CTest | None):
    from conformance import conformance_dir

    conformance_dir("shacl")
    assert test is not None
    assert keys(outcome_of(test, "fast")) == keys(outcome_of(test, "reference"))


@pytest.mark.slow
def test_engines_agree_on_the_project_shapes_and_the_example_programme(example_store):
    outcome = assert_agree(example_store)
    # The example is built to have findings of every severity; agreement on an empty
    # report would prove nothing.
    assert outcome.results


@pytest.mark.slow
def test_engines_agree_on_a_generated_model():
    from tomgraph.generate import generate

    text = io.StringIO()
    generate(text, 100, seed=3)
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_bytes(text.getvalue().encode(), RdfFormat.N_TRIPLES, graph=MODEL_GRAPH)
    outcome = assert_agree(store)
    assert len(outcome.results) > 50
