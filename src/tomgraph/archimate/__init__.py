"""ArchiMate models in and out: the Open Group's Model Exchange File Format (3.0/3.1).

``import_file`` reads an exchange file into a store (mapped onto the ontology where the
ontology has a counterpart, kept in the ``am:`` vocabulary otherwise, so nothing is lost);
``export_graph`` writes one back; ``validate_file`` checks a file against the Open Group schema.
"""

from __future__ import annotations

from .exporter import ExportReport, export_graph
from .importer import ImportReport, import_file
from .validate import validate_file

__all__ = ["ExportReport", "ImportReport", "export_graph", "import_file", "validate_file"]
