"""The reasoning worker: runs owlready2 + HermiT in a process of its own.

``python -m tomgraph.reasoning.worker INPUT.nt OUTPUT.json [JAVA_MEMORY_MB [values]]``

A separate process (in its own session, so a timeout can kill HermiT's JVM with it) keeps
owlready2's World and its SQLite quadstore out of the caller: no state leaks between runs,
and a crash cannot take the CLI or the web app down.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

TOM = "https://w3id.org/tomgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
INFERENCES_ONTOLOGY = "http://inferrences"  # owlready2's own name for its inference ontology


def _triples(world: object) -> set[tuple[object, object, object]]:
    return set(world.as_rdflib_graph())  # type: ignore[attr-defined]


def _keep(triple: tuple[object, object, object]) -> bool:
    """Whether an inferred triple is knowledge about the model worth writing back."""
    import rdflib

    s, p, o = triple
    if not isinstance(s, rdflib.URIRef) or isinstance(o, rdflib.BNode):
        return False
    if str(s) == INFERENCES_ONTOLOGY:
        return False
    if str(p) == RDF_TYPE and str(o).startswith(OWL):
        return False  # owl:Thing, owl:NamedIndividual and friends say nothing new
    return True


def run(
    input_nt: Path, java_memory_mb: int = 4000, property_values: bool = False
) -> dict[str, object]:
    """Reason over ``input_nt``; the result is JSON-ready."""
    import owlready2
    import owlready2.reasoning
    import rdflib

    # sync_reasoner_hermit reads these from its own module, not the package namespace.
    owlready2.reasoning.JAVA_MEMORY = java_memory_mb
    owlready2.JAVA_EXE = os.environ.get("TOMGRAPH_JAVA", owlready2.JAVA_EXE)
    started = time.perf_counter()
    world = owlready2.World()
    onto = world.get_ontology(input_nt.resolve().as_uri()).load(format="ntriples")
    tom = world.get_namespace(TOM)
    asserted = _triples(world)
    # OWL is open-world: "no process realises it" (or "it has no children") is never
    # provable unless the world is closed first. Closing only the capabilities that have no
    # such values, with "max 0" restrictions, says the same as owlready2's close_world but
    # without a nominal per capability, which makes HermiT several times faster.
    with onto:
        for capability in tom.Capability.instances() if tom.Capability is not None else []:
            for prop in (tom.realisedBy, tom.childCapability):
                if prop is not None and not getattr(capability, prop.python_name):
                    capability.is_a.append(prop.max(0))
    closed = _triples(world)
    try:
        owlready2.sync_reasoner_hermit(
            world,
            infer_property_values=property_values,
            debug=0,
            ignore_unsupported_datatypes=True,
        )
    except owlready2.OwlReadyInconsistentOntologyError:
        return {
            "consistent": False,
            "inferred": "",
            "unsatisfiable": [],
            "seconds": time.perf_counter() - started,
        }
    inferred = rdflib.Graph()
    for triple in sorted(_triples(world) - closed):
        if triple not in asserted and _keep(triple):
            inferred.add(triple)  # type: ignore[arg-type]
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if getattr(c, "iri", None))
    return {
        "consistent": True,
        "inferred": inferred.serialize(format="nt", encoding="utf-8").decode("utf-8"),
        "unsatisfiable": unsatisfiable,
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str]) -> int:
    input_nt, output_json = Path(argv[0]), Path(argv[1])
    memory = int(argv[2]) if len(argv) > 2 else 4000
    property_values = len(argv) > 3 and argv[3] == "values"
    try:
        result = run(input_nt, memory, property_values)
    except Exception as exc:  # reported to the parent, which raises ReasonerError
        result = {"error": f"{type(exc).__name__}: {exc}"}
    output_json.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
