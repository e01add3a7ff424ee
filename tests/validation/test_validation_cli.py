"""``tomgraph validate`` as a CI gate: every format, every exit code, clear input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from shape_fixtures import COMPLETE, mutated_copy

from tomgraph.cli import main
from tomgraph.store import EmbeddedStore, load_bundled

SH = "http://www.w3.org/ns/shacl#"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def broken(tmp_path: Path, name: str) -> Path:
    """The complete model broken by one mutation, as a file."""
    path = tmp_path / f"{name}.nt"
    path.write_bytes(mutated_copy(name))
    return path


def test_text_report_on_the_example_reads_without_rdf_and_fails_the_gate(capsys):
    code, out, _ = run(capsys)
    assert code == 1
    assert "PACE Clock Automation" in out  # a project section, by label
    assert "VIOLATION" in out and "WARNING" in out and "INFO" in out
    assert "Fix: Take the high-level design to the design authority" in out
    assert "Completeness scores" in out and "Rules that fail most" in out
    assert "https://w3id.org/tomgraph/example/met/" not in out  # labels, not IRIs


def test_a_complete_model_passes_even_the_strictest_gate(capsys):
    code, out, _ = run(capsys, COMPLETE, "--fail-on", "info")
    assert code == 0
    assert "conforms" in out and "100.0%" in out


@pytest.mark.parametrize(
    ("mutation", "fail_on", "expected"),
    [
        ("Project-sme", "violation", 0),  # a Warning does not fail a Violation gate
        ("Project-sme", "warning", 1),
        ("Feature-release", "warning", 0),  # an Info does not fail a Warning gate
        ("Feature-release", "info", 1),
        ("Project-designLead", "violation", 1),
    ],
)
def test_exit_status_follows_fail_on(capsys, tmp_path, mutation, fail_on, expected):
    code, _, _ = run(capsys, broken(tmp_path, mutation), "--fail-on", fail_on)
    assert code == expected


def test_json_report_is_versioned_and_carries_results_and_scores(capsys):
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["conforms"] is False
    assert doc["counts"]["violation"] == 11 and doc["counts"]["info"] == 1
    assert set(doc["scores"]) == {
        "programme", "serviceAreas", "projects", "operatingModels", "sections", "byShape",
        "entities",
    }
    first = doc["results"][0]
    assert set(first) >= {"severity", "focusNode", "focusLabel", "shape", "message", "fix"}
    pace = [r for r in doc["results"] if r["shape"] == "tomsh:Project-hldApproved"]
    assert pace[0]["focusLabel"] == "PACE Clock Automation"
    assert pace[0]["projects"] == ["https://w3id.org/tomgraph/example/met/project-custody-pace-automation"]


def test_turtle_report_is_a_standard_shacl_validation_report(capsys):
    code, out, _ = run(capsys, "--format", "turtle")
    assert code == 1
    store = ox.Store()
    store.load(out.encode(), ox.RdfFormat.TURTLE)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    reports = list(store.quads_for_pattern(None, rdf_type, ox.NamedNode(SH + "ValidationReport")))
    assert len(reports) == 1
    results = list(store.quads_for_pattern(None, ox.NamedNode(SH + "result"), None))
    assert len(results) == 26
    conforms = list(store.quads_for_pattern(None, ox.NamedNode(SH + "conforms"), None))
    assert conforms[0].object.value == "false"
    for quad in results:
        for prop in ("focusNode", "resultSeverity", "sourceShape", "sourceConstraintComponent"):
            assert list(store.quads_for_pattern(quad.object, ox.NamedNode(SH + prop), None))


def test_html_report_is_self_contained_and_escapes_model_text(capsys, tmp_path):
    text = COMPLETE.read_text().replace(
        'rdfs:label "Forensic platform"@en', 'rdfs:label "<script>alert(1)</script>"@en'
    ).replace(
        "tom:designLead ex:bob ; tom:subjectMatterExpert ex:alice ;\n    tom:delivers ex:cap-1-1-1",
        "tom:subjectMatterExpert ex:alice ;\n    tom:delivers ex:cap-1-1-1",
    )
    model = tmp_path / "model.ttl"
    model.write_text(text)
    report = tmp_path / "report.html"
    code, out, _ = run(capsys, model, "--format", "html", "-o", report)
    assert code == 1 and out == ""
    html = report.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert "<link" not in html and "src=" not in html and "@import" not in html
    assert "design lead" in html and "Fix: Name the Met design lead" in html


def test_output_file_is_written_for_every_format(capsys, tmp_path):
    for fmt in ("text", "json", "turtle", "html"):
        target = tmp_path / f"report.{fmt}"
        code, out, _ = run(capsys, COMPLETE, "--format", fmt, "-o", target)
        assert code == 0 and out == ""
        assert target.stat().st_size > 0


def test_validates_a_store_directory(capsys, tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    load_bundled(store)
    store.close()
    code, out, _ = run(capsys, "--store", tmp_path / "store", "--format", "json")
    assert code == 1
    assert json.loads(out)["counts"]["violation"] == 11


def test_other_shapes_can_be_given_as_a_directory(capsys, tmp_path):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "one.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix tom: <https://w3id.org/tomgraph/ontology#> .\n"
        "<urn:x:ProjectCode> a sh:NodeShape ; sh:targetClass tom:Project ;\n"
        "  sh:property <urn:x:ProjectCode-code> .\n"
        "<urn:x:ProjectCode-code> sh:path tom:projectCode ; sh:minCount 1 ;\n"
        "  sh:name \"project code\" ; sh:message \"The project has no code.\" .\n"
    )
    code, out, _ = run(capsys, COMPLETE, "--shapes", shapes, "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert {r["shapeName"] for r in doc["results"]} == {"project code"}
    assert len(doc["results"]) == 2


def test_reference_engine_gives_the_same_verdict(capsys):
    code, out, _ = run(capsys, COMPLETE, "--engine", "reference", "--format", "json")
    assert code == 0
    assert json.loads(out)["engine"] == "reference"


def test_malformed_data_is_one_line_with_file_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    code, out, err = run(capsys, bad)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{bad}:2:" in err


def test_malformed_shapes_file_is_one_line_with_file_and_line(capsys, tmp_path):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "broken.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape\n"
    )
    code, _, err = run(capsys, COMPLETE, "--shapes", shapes)
    assert code == 2
    assert err.count("\n") == 1 and f"{shapes / 'broken.ttl'}:" in err


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_shapes_an_engine_cannot_use_are_an_input_error(capsys, tmp_path, engine):
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "bad-sparql.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <https://w3id.org/tomgraph/ontology#Project> ;\n"
        '  sh:sparql [ sh:select "SELEC $this WHERE {" ] .\n'
    )
    code, _, err = run(capsys, COMPLETE, "--shapes", shapes, "--engine", engine)
    assert code == 2
    assert "the shapes cannot be used" in err and "Traceback" not in err


def test_missing_shapes_directory_and_missing_files_are_input_errors(capsys, tmp_path):
    code, _, err = run(capsys, COMPLETE, "--shapes", tmp_path / "nowhere")
    assert code == 2 and "no such shapes directory" in err
    code, _, err = run(capsys, tmp_path / "absent.ttl")
    assert code == 2 and "absent.ttl" in err


def test_files_and_a_store_together_are_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, COMPLETE, "--store", tmp_path)
    assert code == 2 and "not both" in err


def test_unknown_options_are_usage_errors(capsys):
    for args in (["--engine", "turbo"], ["--format", "pdf"], ["--fail-on", "never"]):
        with pytest.raises(SystemExit) as exc:
            main(["validate", *args])
        assert exc.value.code == 2
    capsys.readouterr()
