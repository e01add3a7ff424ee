"""Design spreadsheets in and out: a template from the shapes, import, export.

The workbook's layout comes from the shapes graph and the ontology (:mod:`.layout`), so a
new property shape is a new column without code. :func:`workbook_quads` turns a workbook
(or a folder of CSV files) into the quads it describes; :func:`plan_import` turns it into a
changeset against a store; :func:`write_template` and :func:`export_workbook` write
workbooks.
"""

from __future__ import annotations

from .importer import ImportPlan, plan_import, workbook_quads
from .layout import Layout, build_layout, layout_for

__all__ = ["ImportPlan", "Layout", "build_layout", "layout_for", "plan_import", "workbook_quads"]
