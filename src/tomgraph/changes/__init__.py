"""Changes to a design: every importer and the editor write through :func:`commit`.

A :class:`Changeset` is the quads removed and added by one action (an import, a save in the
browser, a revert), with who made it, when and why. :func:`commit` applies it to the store
and records it in the history graph in the same transaction, so the data and its history
never disagree.
"""

from __future__ import annotations

from .changeset import Changeset, NQuads, diff_graph
from .commit import commit, commit_if_unchanged
from .history import HISTORY_GRAPH, history_quads
from .reader import ChangeRecord, list_changesets, load_changeset

__all__ = [
    "HISTORY_GRAPH", "ChangeRecord", "Changeset", "NQuads", "commit", "commit_if_unchanged",
    "diff_graph", "history_quads", "list_changesets", "load_changeset",
]
