"""The audit log: one JSON line per sign-in, failed sign-in, sign-out, change and revert.

Written to the file named by the ``AUDIT_LOG`` setting (``tomgraph serve --audit-log FILE``);
without one, nothing is written. Passwords never reach it: callers pass names and IRIs only.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

from flask import current_app, request

_lock = threading.Lock()


def audit(event: str, **fields: Any) -> None:
    """Append ``{"time", "event", "address", **fields}`` to the audit log, if there is one."""
    path = current_app.config.get("AUDIT_LOG")
    if not path:
        return
    record = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "event": event,
        "address": request.remote_addr if request else None,
        **fields,
    }
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    with _lock, open(path, "a", encoding="utf-8") as out:
        out.write(line)
