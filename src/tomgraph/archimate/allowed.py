"""Relationships ArchiMate allows between the element types tomgraph maps onto its ontology.

Derived from the relationship table of the ArchiMate 3.2 specification (Appendix B) as Archi
ships it (``com.archimatetool.model/model/relationships.xml`` in archimatetool/archi, MIT
licence), restricted to the mapped types. Letters: a access, c composition, f flow,
g aggregation, i assignment, n influence, o association, r realization, s specialization,
t triggering, v serving. A relationship outside the table is kept but warned about.
"""

from __future__ import annotations

LETTERS = {
    "Access": "a", "Composition": "c", "Flow": "f", "Aggregation": "g", "Assignment": "i",
    "Influence": "n", "Association": "o", "Realization": "r", "Specialization": "s",
    "Triggering": "t", "Serving": "v",
}

_TABLE = {
    "ApplicationComponent": (
        "ApplicationComponent:cfgorstv ApplicationFunction:fiortv "
        "ApplicationService:fiortv Assessment:no BusinessActor:fotv "
        "BusinessFunction:fortv BusinessProcess:fortv Capability:or CourseOfAction:or "
        "Deliverable:o Grouping:acfginorstv Outcome:nor Plateau:o Principle:nor "
        "WorkPackage:o"
    ),
    "ApplicationFunction": (
        "ApplicationComponent:fotv ApplicationFunction:cfgostv ApplicationService:fortv "
        "Assessment:no BusinessActor:fotv BusinessFunction:fortv BusinessProcess:fortv "
        "Capability:or CourseOfAction:or Deliverable:o Grouping:acfgnorstv Outcome:nor "
        "Plateau:o Principle:nor WorkPackage:o"
    ),
    "ApplicationService": (
        "ApplicationComponent:fotv ApplicationFunction:fotv ApplicationService:cfgostv "
        "Assessment:no BusinessActor:fotv BusinessFunction:fotv BusinessProcess:fotv "
        "Capability:or CourseOfAction:or Deliverable:o Grouping:acfgnorstv Outcome:nor "
        "Plateau:o Principle:nor WorkPackage:o"
    ),
    "Assessment": (
        "ApplicationComponent:o ApplicationFunction:o ApplicationService:o "
        "Assessment:cgnos BusinessActor:o BusinessFunction:o BusinessProcess:o "
        "Capability:o CourseOfAction:o Deliverable:o Grouping:cgnos Outcome:no Plateau:o "
        "Principle:no WorkPackage:o"
    ),
    "BusinessActor": (
        "ApplicationComponent:fotv ApplicationFunction:fotv ApplicationService:fotv "
        "Assessment:no BusinessActor:cfgostv BusinessFunction:fiotv BusinessProcess:fiotv "
        "Capability:or CourseOfAction:or Deliverable:o Grouping:acfginorstv Outcome:nor "
        "Plateau:o Principle:nor WorkPackage:io"
    ),
    "BusinessFunction": (
        "ApplicationComponent:fotv ApplicationFunction:fotv ApplicationService:fotv "
        "Assessment:no BusinessActor:fotv BusinessFunction:cfgostv BusinessProcess:cfgotv "
        "Capability:or CourseOfAction:or Deliverable:o Grouping:acfgnorstv Outcome:nor "
        "Plateau:o Principle:nor WorkPackage:o"
    ),
    "BusinessProcess": (
        "ApplicationComponent:fotv ApplicationFunction:fotv ApplicationService:fotv "
        "Assessment:no BusinessActor:fotv BusinessFunction:cfgotv BusinessProcess:cfgostv "
        "Capability:or CourseOfAction:or Deliverable:o Grouping:acfgnorstv Outcome:nor "
        "Plateau:o Principle:nor WorkPackage:o"
    ),
    "Capability": (
        "ApplicationComponent:o ApplicationFunction:o ApplicationService:o Assessment:no "
        "BusinessActor:o BusinessFunction:o BusinessProcess:o Capability:cfgostv "
        "CourseOfAction:fortv Deliverable:o Grouping:cfgnorstv Outcome:nor Plateau:o "
        "Principle:nor WorkPackage:o"
    ),
    "CourseOfAction": (
        "ApplicationComponent:o ApplicationFunction:o ApplicationService:o Assessment:no "
        "BusinessActor:o BusinessFunction:o BusinessProcess:o Capability:fotv "
        "CourseOfAction:cfgostv Deliverable:o Grouping:cfgnorstv Outcome:nor Plateau:o "
        "Principle:nor WorkPackage:o"
    ),
    "Deliverable": (
        "ApplicationComponent:or ApplicationFunction:or ApplicationService:or "
        "Assessment:no BusinessActor:or BusinessFunction:or BusinessProcess:or "
        "Capability:or CourseOfAction:or Deliverable:cgos Grouping:cgnors Outcome:nor "
        "Plateau:or Principle:nor WorkPackage:o"
    ),
    "Grouping": (
        "ApplicationComponent:cfgorstv ApplicationFunction:cfgiorstv "
        "ApplicationService:cfgiorstv Assessment:cgnos BusinessActor:cfgiorstv "
        "BusinessFunction:cfgiorstv BusinessProcess:cfgiorstv Capability:cfgiorstv "
        "CourseOfAction:cfgorstv Deliverable:acgors Grouping:acfginorstv Outcome:cgnors "
        "Plateau:cfgorst Principle:cgnors WorkPackage:cfgiost"
    ),
    "Outcome": (
        "ApplicationComponent:o ApplicationFunction:o ApplicationService:o Assessment:no "
        "BusinessActor:o BusinessFunction:o BusinessProcess:o Capability:o "
        "CourseOfAction:o Deliverable:o Grouping:cgnors Outcome:cgnos Plateau:o "
        "Principle:no WorkPackage:o"
    ),
    "Plateau": (
        "ApplicationComponent:cgor ApplicationFunction:cgor ApplicationService:cgor "
        "Assessment:no BusinessActor:cgor BusinessFunction:cgor BusinessProcess:cgor "
        "Capability:cgor CourseOfAction:cgor Deliverable:ao Grouping:acfginorst "
        "Outcome:cgnor Plateau:cfgost Principle:nor WorkPackage:fot"
    ),
    "Principle": (
        "ApplicationComponent:o ApplicationFunction:o ApplicationService:o Assessment:no "
        "BusinessActor:o BusinessFunction:o BusinessProcess:o Capability:o "
        "CourseOfAction:o Deliverable:o Grouping:cgnors Outcome:nor Plateau:o "
        "Principle:cgnos WorkPackage:o"
    ),
    "WorkPackage": (
        "ApplicationComponent:or ApplicationFunction:or ApplicationService:or "
        "Assessment:no BusinessActor:or BusinessFunction:or BusinessProcess:or "
        "Capability:or CourseOfAction:or Deliverable:aor Grouping:acfgnorst Outcome:nor "
        "Plateau:fort Principle:nor WorkPackage:cfgost"
    ),
}

ALLOWED: dict[tuple[str, str], str] = {
    (source, pair.split(":")[0]): pair.split(":")[1]
    for source, row in _TABLE.items()
    for pair in row.split()
}


def allowed(kind: str, source_type: str, target_type: str) -> bool | None:
    """Whether ArchiMate allows ``kind`` from ``source_type`` to ``target_type``.

    ``None`` when the pair is outside the table (a type tomgraph does not map): not checked.
    """
    letters = ALLOWED.get((source_type, target_type))
    if letters is None:
        return None
    return LETTERS.get(kind, "?") in letters
