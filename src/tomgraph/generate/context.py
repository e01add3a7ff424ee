"""State shared by the parts of a generated model while it is written.

Each part (organisation, capabilities, operating models, programme) is written straight to
the output as soon as it is decided; only the few facts later parts refer back to are kept
here, as compact lists of integers rather than RDF terms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .sizes import Sizes, gap_count
from .writer import Emitter, Terms


@dataclass
class Context:
    """What later parts of the model need to know about earlier ones."""

    sizes: Sizes
    seed: int
    emitter: Emitter
    rng: random.Random = field(init=False)
    #: Service area index (0..2) of each capability, by capability number.
    cap_area: list[int] = field(default_factory=list)
    #: Current and target maturity (1..5, 0 when deliberately missing) of each capability.
    cap_current: list[int] = field(default_factory=list)
    cap_target: list[int] = field(default_factory=list)
    #: Leaf capabilities (realised by processes), by number.
    leaves: list[int] = field(default_factory=list)
    #: Service area of each process, by process number.
    process_area: list[int] = field(default_factory=list)
    #: People by service area, as person numbers.
    people_by_area: list[list[int]] = field(default_factory=lambda: [[], [], []])

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    @property
    def t(self) -> Terms:
        return self.emitter.terms

    def gen(self, local: str) -> str:
        """A generated-model IRI, rendered."""
        return self.t.iri("gen", local)

    def tom(self, local: str) -> str:
        return self.t.iri("tom", local)

    def emit(self, subject: str, pairs: list[tuple[str, str]]) -> None:
        self.emitter.emit(subject, pairs)

    def gaps(self, total: int) -> set[int]:
        """Which of ``total`` facts of one kind to leave out (a seeded few percent)."""
        return set(self.rng.sample(range(total), gap_count(total)))

    def person(self, area: int) -> str:
        """A person of ``area``, drawn at random."""
        people = self.people_by_area[area]
        return self.gen(f"person-{people[self.rng.randrange(len(people))]}")

    def pick(self, items: list[int], k: int) -> list[int]:
        """Up to ``k`` distinct items of ``items``, drawn at random."""
        return self.rng.sample(items, min(k, len(items)))
