"""Decision pages: what a decision resolved, within what limits, on what appraisal, from which
documents, and which of it is stated in the source rather than illustrative.

A programme board asks "what exactly was decided, what does it cost, who may award the
contract": this page answers from the model, quoting the published wording, showing
confidential amounts as withheld rather than as figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, abort, render_template

from ...provenance import Provenance, provenance_of
from ...store import Store
from ..current import get_store
from .rdf import TermView, iri_view, label_map, rows
from .requested import requested_iri

bp = Blueprint("decisions", __name__)


@dataclass(frozen=True)
class DecisionSummary:
    decision: TermView
    reference: str | None
    maker: TermView | None
    date: str | None
    resolutions: int


@dataclass(frozen=True)
class ResolutionView:
    number: str | None
    verb: TermView | None
    concerns: TermView | None
    wording: str | None
    delegated_to: TermView | None
    limit: str | None  # the figure, or where a confidential one is withheld
    condition: str | None
    funded_by: TermView | None
    in_line_with: TermView | None
    provenance: Provenance | None


@dataclass(frozen=True)
class OptionView:
    option: TermView
    rank: str | None
    score: str | None
    recommended: bool
    resolved: TermView | None  # what the decision did with it (e.g. Notes)
    illustrative: bool


@dataclass(frozen=True)
class SectionView:
    number: str | None
    kind: TermView | None
    text: str | None
    href: str


@dataclass
class DocumentView:
    document: TermView
    confidential: bool
    sections: list[SectionView] = field(default_factory=list)


@dataclass
class DecisionPage:
    decision: TermView
    reference: str | None
    description: str | None
    maker: TermView | None
    date: str | None
    in_line_with: TermView | None
    provenance: Provenance | None
    resolutions: list[ResolutionView]
    options: list[OptionView]
    documents: list[DocumentView]


@bp.route("/decisions")
def index() -> str:
    store = get_store()
    found = rows(store, "page-decisions")
    labels = label_map(store, [r["decision"] for r in found] + [r["maker"] for r in found])
    decisions = [
        DecisionSummary(
            decision=iri_view(r["decision"], labels),
            reference=r["reference"],
            maker=iri_view(r["maker"], labels) if r["maker"] else None,
            date=r["date"],
            resolutions=int(r["resolutions"] or 0),
        )
        for r in found
    ]
    return render_template("decisions.html", decisions=decisions)


@bp.route("/decision")
def show() -> str:
    node = requested_iri()
    page = decision_page(get_store(), node)
    if page is None:
        abort(404, f"No decision {node.value} in the model.")
    return render_template("decision.html", page=page)


def decision_page(store: Store, node: ox.NamedNode) -> DecisionPage | None:
    """Everything the decision page shows, or ``None`` when ``node`` is no decision."""
    bound = {"decision": node}
    head = rows(store, "page-decision", bound)
    if not head:
        return None
    resolutions = rows(store, "page-decision-resolutions", bound)
    options = rows(store, "page-decision-options", bound)
    documents = rows(store, "page-decision-documents", bound)
    iris = [node.value, head[0]["maker"], head[0]["inLineWith"]]
    iris += [r[k] for r in resolutions
             for k in ("resolution", "verb", "concerns", "delegatedTo", "fundedBy", "inLineWith")]
    iris += [r[k] for r in options for k in ("option", "verb")]
    iris += [r[k] for r in documents for k in ("document", "kind")]
    labels = label_map(store, [i for i in iris if i])

    def view(iri: str | None) -> TermView | None:
        return iri_view(iri, labels) if iri else None

    return DecisionPage(
        decision=iri_view(node.value, labels),
        reference=head[0]["reference"],
        description=head[0]["description"],
        maker=view(head[0]["maker"]),
        date=head[0]["date"],
        in_line_with=view(head[0]["inLineWith"]),
        provenance=provenance_of(store, node.value),
        resolutions=[
            ResolutionView(
                number=r["number"], verb=view(r["verb"]), concerns=view(r["concerns"]),
                wording=r["wording"], delegated_to=view(r["delegatedTo"]),
                limit=_limit(r), condition=r["condition"], funded_by=view(r["fundedBy"]),
                in_line_with=view(r["inLineWith"]),
                provenance=provenance_of(store, r["resolution"]),
            )
            for r in resolutions
        ],
        options=[
            OptionView(
                option=iri_view(r["option"], labels), rank=r["rank"], score=r["score"],
                recommended=r["recommended"] == "true", resolved=view(r["verb"]),
                illustrative=(r["optionProvenance"] or "").endswith("#Illustrative"),
            )
            for r in options
        ],
        documents=_documents(documents, labels),
    )


def _limit(row: dict[str, str | None]) -> str | None:
    """A limit as the page says it: a figure, or "confidential: withheld in Part 2"."""
    if not row["limit"]:
        return None
    if row["limitValue"]:
        amount = f"{float(row['limitValue']):,.2f}".removesuffix(".00")
        return f"{row['limitCurrency'] or ''} {amount}".strip()
    if row["limitWithheldIn"]:
        return f"confidential: withheld in {row['limitWithheldIn']}"
    return "not recorded"


def _documents(found: list[dict[str, str | None]], labels: dict[str, str]) -> list[DocumentView]:
    documents: dict[str, DocumentView] = {}
    for r in found:
        iri = str(r["document"])
        doc = documents.setdefault(
            iri, DocumentView(iri_view(iri, labels), confidential=r["confidential"] == "true")
        )
        if r["section"]:
            doc.sections.append(SectionView(
                number=r["number"], kind=iri_view(r["kind"], labels) if r["kind"] else None,
                text=r["text"], href=iri_view(r["section"], labels).href or "",
            ))
    return list(documents.values())
