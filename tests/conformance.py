"""Where the W3C conformance suites are: ``../shared/conformance`` beside the checkout.

A plain module (not ``conftest``) so that test files import it by a name no other folder's
``conftest.py`` can shadow.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CONFORMANCE = SHARED / "conformance"


def conformance_dir(name: str) -> Path:
    """``../shared/conformance/NAME``, or a skip saying why it is absent (a failure in CI)."""
    path = CONFORMANCE / name
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run the W3C conformance suites")
        pytest.skip(f"{path} is absent: the W3C {name} suite is not beside this checkout")
    return path
