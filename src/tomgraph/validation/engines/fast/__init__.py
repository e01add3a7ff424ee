"""The fast SHACL engine: shapes compiled to SPARQL that runs inside the store."""

from __future__ import annotations

from .engine import FastEngine

__all__ = ["FastEngine"]
