"""How many of each kind of thing a generated model of N capabilities holds.

The proportions follow the example programme (about 60 capabilities, 24 projects, three
service areas) scaled up, so that queries and shapes meet the same shape at any size.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_CAPABILITIES = 100
MAX_CAPABILITIES = 100_000

GAP_FRACTION = 0.03
"""Share of owners, maturities, design statuses and mitigations deliberately left out, so
that validation finds gaps at every size (at least one of each kind is always missing)."""


@dataclass(frozen=True)
class Sizes:
    """Counts per kind for a model of ``capabilities`` capabilities."""

    capabilities: int
    level1: int
    level2: int
    level3: int
    projects: int
    features: int
    people: int
    external_initiatives: int
    principles: int = 12

    @classmethod
    def for_capabilities(cls, n: int) -> Sizes:
        level1 = max(3, round(n / 25))
        level2 = max(level1, round(n / 5))
        return cls(
            capabilities=n,
            level1=level1,
            level2=level2,
            level3=n - level1 - level2,
            projects=max(3, round(n / 40)),
            features=max(10, round(n / 10)),
            people=max(12, round(n / 15)),
            external_initiatives=max(3, round(n / 2000)),
        )

    @property
    def benefits(self) -> int:
        """Two per project: one cashable and one operational, give or take."""
        return 2 * self.projects


def gap_count(total: int) -> int:
    """How many of ``total`` facts of one kind to leave out: a few percent, at least one."""
    return min(total, max(1, round(total * GAP_FRACTION))) if total else 0
