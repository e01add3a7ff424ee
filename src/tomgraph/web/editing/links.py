"""The edit controls a resource page shows: only to editors, only for kinds shapes describe."""

from __future__ import annotations

from dataclasses import dataclass

from ..auth.identity import can_edit
from ..current import get_store
from .form_spec import editable_kinds


@dataclass(frozen=True)
class EditLinks:
    iri: str
    kinds: list[str]


def edit_links(iri: str) -> EditLinks | None:
    """What the page may offer for ``iri``: ``None`` to a viewer or for an undescribed kind."""
    if not can_edit():
        return None
    kinds = editable_kinds(get_store(), iri)
    return EditLinks(iri, kinds) if kinds else None
