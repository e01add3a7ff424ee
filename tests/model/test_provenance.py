"""Provenance reads the same on every backend: stated with a citation, or illustrative."""

from __future__ import annotations

import pytest

from tomgraph.namespaces import MET, TOM
from tomgraph.provenance import citation, illustrative_iris, provenance_of
from tomgraph.store import Store


def test_a_stated_resource_cites_its_section_and_its_illustrative_properties(
    backend_example_store: Store,
) -> None:
    option = provenance_of(backend_example_store, MET + "option-3")
    assert option is not None
    assert (option.kind, option.badge) == ("stated", "from PCD 269 recommendation")
    assert option.source == MET + "pcd-269-recommendation"
    assert option.illustrative_names == ["tom:rank", "tom:score"]
    programme = provenance_of(backend_example_store, MET + "programme")
    assert programme is not None and programme.badge == "from PCD 269 §1.1"


def test_an_invented_resource_is_illustrative_and_an_unmarked_one_has_none(
    backend_example_store: Store,
) -> None:
    option = provenance_of(backend_example_store, MET + "option-1")
    assert option is not None and option.badge == "illustrative"
    assert provenance_of(backend_example_store, TOM + "Capability") is None
    invented = illustrative_iris(backend_example_store)
    assert MET + "option-1" in invented and MET + "option-3" not in invented


@pytest.mark.parametrize(
    ("reference", "section", "expected"),
    [
        ("PCD 269", "2.1", "PCD 269 §2.1"),
        ("PCD 269", "Executive summary", "PCD 269 executive summary"),
        ("PCD 269", None, "PCD 269"),
        (None, "2.1", "2.1"),
    ],
)
def test_citations_read_like_the_document(reference, section, expected) -> None:
    assert citation(reference, section) == expected
