"""Helpers for validation tests: small models in fresh stores, and the mutation catalogue.

``fixtures/complete.ttl`` is a model every shape accepts; each ``fixtures/mutations/NAME.ru``
is a SPARQL update that breaks it for exactly the shape ``tomsh:NAME`` (and, when a gap
cannot be made alone, the shapes listed on its ``# also:`` line).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from tomgraph.namespaces import MODEL_GRAPH
from tomgraph.store import EmbeddedStore, load_bundled

FIXTURES = Path(__file__).parent / "fixtures"
MUTATIONS = FIXTURES / "mutations"
COMPLETE = FIXTURES / "complete.ttl"
COMPLETE_NS = "https://example.org/complete/"
TOMSH = "https://w3id.org/tomgraph/shapes#"


def mutation_names() -> list[str]:
    return sorted(p.stem for p in MUTATIONS.glob("*.ru"))


def also_expected(name: str) -> set[str]:
    """Shapes a mutation is allowed (and expected) to break besides its own."""
    for line in (MUTATIONS / f"{name}.ru").read_text(encoding="utf-8").splitlines():
        if line.startswith("# also:"):
            return set(line.removeprefix("# also:").split())
    return set()


def mutated_copy(name: str) -> bytes:
    """The complete model, in a namespace of its own, broken by mutation ``name``."""
    namespace = f"{COMPLETE_NS}{name}/"
    staging = ox.Store()
    staging.load(COMPLETE.read_text(encoding="utf-8").replace(COMPLETE_NS, namespace),
                 ox.RdfFormat.TURTLE)
    update = (MUTATIONS / f"{name}.ru").read_text(encoding="utf-8")
    staging.update(update.replace(COMPLETE_NS, namespace))
    out: bytes = staging.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return out


def copy_of(focus_node: str) -> str:
    """The mutation whose copy a focus node belongs to (``""`` for the unmutated model)."""
    rest = focus_node.strip("<>").removeprefix(COMPLETE_NS)
    return rest.split("/", 1)[0] if "/" in rest else ""


def model_store(*turtle: str | Path) -> EmbeddedStore:
    """A fresh store with the bundled ontology and shapes, and ``turtle`` as the model."""
    store = EmbeddedStore()
    load_bundled(store, model=False)
    for item in turtle:
        data = item.read_bytes() if isinstance(item, Path) else item.encode()
        store.load_bytes(data, ox.RdfFormat.TURTLE, graph=MODEL_GRAPH, source=str(item)[:40])
    return store
