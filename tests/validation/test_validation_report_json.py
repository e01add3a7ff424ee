"""The JSON report's layout: pretty-printed, one line per result and per entity score, and the
same data as ``report_dict`` whatever the labels and messages hold."""

from __future__ import annotations

import json

import pytest
from shape_fixtures import COMPLETE, model_store

from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.validation import Finding, Score, Scores, Severity, ValidationReport, validate
from tomgraph.validation.catalogue import Catalogue, Group, ShapeInfo
from tomgraph.validation.labels import Labels
from tomgraph.validation.report_json import render_json, report_dict
from tomgraph.validation.results import SH, ValidationResult

EX = "https://example.org/json-test/"


@pytest.fixture(scope="module")
def example_report() -> ValidationReport:
    store = EmbeddedStore()
    load_bundled(store)
    return validate(store)


def test_the_document_is_report_dict_with_one_line_per_result_and_entity(example_report):
    text = render_json(example_report)
    assert json.loads(text) == report_dict(example_report)
    lines = text.splitlines()
    assert lines[:2] == ["{", '  "version": 1,']
    results = [line for line in lines if line.startswith('    {"severity": ')]
    assert len(results) == len(example_report.findings) == 26
    assert all(json.loads(line.rstrip(",")) for line in results)
    entities = [line for line in lines if line.startswith('      {"iri": ')]
    assert len(entities) == len(report_dict(example_report)["scores"]["entities"]) > 0
    assert text.endswith("}\n")


def test_a_conforming_model_gives_empty_lists():
    report = validate(model_store(COMPLETE))
    text = render_json(report)
    assert json.loads(text) == report_dict(report)
    assert '  "results": [],' in text.splitlines()
    assert '    "entities": []' in text.splitlines()


def _finding(focus: str, label: str, shape: ShapeInfo, value: str | None = None,
             value_label: str | None = None) -> Finding:
    result = ValidationResult(f"<{EX}{focus}>", f"<{EX}p>", Severity.WARNING, shape.iri,
                              SH + "MinCountConstraintComponent", value, "engine's words")
    return Finding(result, shape, label, "Thing", "p", value_label)


def test_text_from_the_model_cannot_break_the_layout():
    """Quotes, newlines, non-ASCII text and strings that look like the document's own keys
    survive, and the same node or shape with other labels is not confused with the first."""
    group = Group("<g>", 'Sec"tion\n', 1)
    plain = ShapeInfo(f"<{EX}s1>", "rule one", fix="Fix it ✓", group=group, is_check=True)
    other = ShapeInfo(f"<{EX}s2>", '"results": "\x00results\x00"', message="Nachricht für dich",
                      is_check=True)
    findings = [
        _finding("a", '"entities": "\x00entities\x00"', plain, '"lit"@en', "x\ty"),
        _finding("a", "a relabelled", plain),
        _finding("b", "b\\", other, f"<{EX}v>", None),
        _finding("b", "b\\", ShapeInfo(f"<{EX}s2>", "renamed", is_check=True)),
    ]
    scores = Scores(entities={f"<{EX}a>": Score(f"<{EX}a>", "\x00entities\x00", 3, 1, 1)})
    report = ValidationReport(
        findings=findings, scores=scores, engine="test", seconds=0.0,
        catalogue=Catalogue({}, {"<g>": group}), labels=Labels(),
        memberships={"project": {f"<{EX}proj>": {f"<{EX}a>", f"<{EX}proj>"}}},
    )
    text = render_json(report)
    data = json.loads(text)
    assert data == report_dict(report)
    assert [r["focusLabel"] for r in data["results"]] == [f.focus_label for f in findings]
    assert [r["shapeName"] for r in data["results"]][2:] == [other.name, "renamed"]
    assert data["results"][0]["projects"] == [f"{EX}proj"]
    assert data["results"][2]["message"] == "Nachricht für dich"
    assert data["results"][3]["message"] == "engine's words"
    assert "für" in text and "✓" in text  # not escaped
