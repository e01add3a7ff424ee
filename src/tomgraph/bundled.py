"""Where the files that ship with tomgraph live: ontology, shapes, queries and the example model.

In the source tree they sit at the top (not inside the package) so that architects find and
edit them as plain Turtle and SPARQL. A built wheel carries copies inside the package, under
``tomgraph/_bundled/`` (see ``setup.py``), read through :mod:`importlib.resources`, so an
installed tomgraph works anywhere. ``TOMGRAPH_HOME`` points elsewhere when needed.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .namespaces import MODEL_GRAPH, ONTOLOGY_GRAPH, SHAPES_GRAPH


def home() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/`` and ``examples/``."""
    env = os.environ.get("TOMGRAPH_HOME")
    if env:
        return Path(env)
    packaged = Path(str(resources.files("tomgraph") / "_bundled"))
    if packaged.is_dir():
        return packaged
    # A source checkout (or an editable install of one): the top of the tree.
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    return home() / "ontology"


def ontology_file() -> Path:
    return ontology_dir() / "tom.ttl"


def archimate_vocabulary_file() -> Path:
    """tomgraph's ArchiMate vocabulary (``am:``), loaded into the ontology graph with tom.ttl."""
    return ontology_dir() / "archimate.ttl"


def ontology_files() -> list[Path]:
    """Every file of the ontology graph: tom.ttl and the ArchiMate vocabulary."""
    return [ontology_file(), archimate_vocabulary_file()]


def shapes_dir() -> Path:
    return home() / "shapes"


def queries_dir() -> Path:
    return home() / "queries"


def example_dir() -> Path:
    return home() / "examples" / "met-programme"


def rdf_files(folder: Path) -> list[Path]:
    """The Turtle files of ``folder`` in a stable order."""
    return sorted(folder.glob("*.ttl"))


def bundled_graphs() -> dict[str, list[Path]]:
    """Named graph IRI → files, for the bundled example: ontology, shapes, and model."""
    return {
        ONTOLOGY_GRAPH: ontology_files(),
        SHAPES_GRAPH: rdf_files(shapes_dir()),
        MODEL_GRAPH: rdf_files(example_dir()),
    }
