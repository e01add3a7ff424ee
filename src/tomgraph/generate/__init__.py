"""Deterministic synthetic models of any size, shaped like the example programme.

Used by tests and benchmarks that need more data than the example holds. The same
``(capabilities, seed)`` always gives the same bytes, so benchmark files can be cached and
test expectations stay stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import UsageError
from .context import Context
from .organisation import (
    write_blueprint,
    write_capabilities,
    write_features,
    write_operating_models,
    write_organisation,
    write_processes,
)
from .programme import write_decisions, write_programme
from .sizes import MAX_CAPABILITIES, MIN_CAPABILITIES, Sizes
from .writer import FORMATS, Emitter, atomic_text, output_format

__all__ = [
    "FORMATS",
    "MAX_CAPABILITIES",
    "MIN_CAPABILITIES",
    "Generated",
    "Sizes",
    "generate",
    "generate_file",
    "output_format",
]


@dataclass(frozen=True)
class Generated:
    """What a run produced."""

    sizes: Sizes
    triples: int


def generate(out: IO[str], capabilities: int, *, seed: int = 1, fmt: str = "ntriples") -> Generated:
    """Write a model of ``capabilities`` capabilities to ``out`` as it is made."""
    if not MIN_CAPABILITIES <= capabilities <= MAX_CAPABILITIES:
        raise UsageError(
            f"--capabilities must be between {MIN_CAPABILITIES:,} and {MAX_CAPABILITIES:,}, "
            f"not {capabilities:,}"
        )
    if fmt not in FORMATS:
        raise UsageError(f"cannot generate {fmt!r} (known: {', '.join(FORMATS)})")
    emitter = Emitter(out, fmt)
    ctx = Context(Sizes.for_capabilities(capabilities), seed, emitter)
    emitter.comment(f"tomgraph generate --capabilities {capabilities} --seed {seed}")
    for part in (
        write_organisation,
        write_capabilities,
        write_processes,
        write_features,
        write_blueprint,
        write_operating_models,
        write_programme,
        write_decisions,
    ):
        part(ctx)
    emitter.flush()
    return Generated(ctx.sizes, emitter.triples)


def generate_file(
    path: Path, capabilities: int, *, seed: int = 1, fmt: str | None = None
) -> Generated:
    """Generate into ``path`` atomically (format from ``fmt`` or the extension)."""
    name = output_format(path, fmt)
    with atomic_text(path) as out:
        return generate(out, capabilities, seed=seed, fmt=name)
