"""Generated ArchiMate exchange files of any size, for the tests and benchmarks of big imports.

Written as text, line by line (a 100k-element file in a second or two), always the same bytes
for the same arguments. Element ``e{i}`` has a name; relationship ``r{i}`` goes from element
``i mod N`` to element ``7i + 1 mod N``, so every element has relationships at both ends and
they are spread over the file rather than next to each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def write_exchange_file(
    path: Path, elements: int, *, relationships: int | None = None,
    element_types: Sequence[str] = ("Capability",),
    relationship_types: Sequence[str] = ("Serving",),
    name: str = "Generated", last_target: str | None = None,
) -> Path:
    """Write a model of ``elements`` elements and ``relationships`` relationships (three per
    element unless given) to ``path``; their types are taken in turn from ``element_types``
    and ``relationship_types``. ``last_target`` names the last relationship's target instead
    (say, an identifier not in the file: a file found bad only at its very end)."""
    count = 3 * elements if relationships is None else relationships
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<model xmlns="{_NS}" '
                 f'xmlns:xsi="{_XSI}" identifier="id-generated">'
                 f'<name xml:lang="en">{name}</name><elements>\n')
        for i in range(elements):
            fh.write(f'<element identifier="e{i}" '
                     f'xsi:type="{element_types[i % len(element_types)]}">'
                     f'<name xml:lang="en">Element {i}</name></element>\n')
        fh.write("</elements><relationships>\n")
        for i in range(count):
            target = (last_target if last_target is not None and i == count - 1
                      else f"e{(i * 7 + 1) % elements}")
            fh.write(f'<relationship identifier="r{i}" '
                     f'xsi:type="{relationship_types[i % len(relationship_types)]}" '
                     f'source="e{i % elements}" target="{target}"/>\n')
        fh.write("</relationships></model>\n")
    return path
