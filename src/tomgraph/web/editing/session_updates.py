"""Whether a SPARQL update at ``/sparql`` may ride on the browser session of an editor.

A signed-in editor's update must carry the session's CSRF token (``X-CSRF-Token`` header or
``csrf_token`` field), so another site cannot make the browser send one.
"""

from __future__ import annotations

from ..auth.identity import can_edit
from ..security import csrf_valid


def editor_session_may_update() -> bool:
    return can_edit() and csrf_valid()
