"""What changed between two versions of a design, in the programme's words.

:func:`diff_models` compares two models (files, workbooks, stores or named graphs; see
:mod:`.sources`) triple by triple, then says what the triples mean: entities added, removed
or changed, each change named with labels ("project *Digital Case File* lifecycle stage
Design → Build"), grouped by project and kind, with the validation delta (findings fixed and
new, completeness per project and programme before → after).
"""

from __future__ import annotations

from .compute import EntityChange, ModelDiff, ValueChange, diff_models
from .sources import open_versions

__all__ = ["EntityChange", "ModelDiff", "ValueChange", "diff_models", "open_versions"]
