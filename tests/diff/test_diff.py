"""``tomgraph diff`` says what changed between two versions of a design in the programme's
words, grouped by project, with the validation delta; exit 0 no change, 1 changed, 2 bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tomgraph.cli import main
from tomgraph.diff import diff_models, open_versions
from tomgraph.diff.compute import money
from tomgraph.diff.writers import to_html, to_turtle
from tomgraph.namespaces import MODEL_GRAPH

MET = "@prefix met: <https://w3id.org/tomgraph/example/met/> .\n"


@pytest.fixture(scope="module")
def example_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example model as stable Turtle, the 'before' of every change below."""
    path = tmp_path_factory.mktemp("diff") / "old.ttl"
    assert main(["export", "--format", "turtle", "--graph", MODEL_GRAPH, "-o", str(path)]) == 0
    return path


def changed(example_ttl: Path, tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    text = edit(example_ttl.read_text(encoding="utf-8"))
    path = tmp_path / "new.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def subject_block(text: str, subject: str) -> tuple[int, int]:
    start = text.index(f"met:{subject}\n")
    return start, text.index(" .\n", start)


def replace_in(subject: str, old: str, new: str):  # type: ignore[no-untyped-def]
    def edit(text: str) -> str:
        start, end = subject_block(text, subject)
        block = text[start:end]
        assert old in block, (subject, old)
        return text[:start] + block.replace(old, new) + text[end:]
    return edit


def run(capsys, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["diff", *argv])
    return code, capsys.readouterr().out


def test_an_unchanged_model_is_no_change_and_exits_0(example_ttl, capsys) -> None:
    code, out = run(capsys, str(example_ttl), str(example_ttl), "--no-validation")
    assert (code, out) == (0, "No change.\n")


def test_a_project_moving_stage_reads_as_from_to_under_its_project(
    example_ttl, tmp_path, capsys
) -> None:
    new = changed(example_ttl, tmp_path, replace_in(
        "project-custody-digital-case-file", "tom:lifecycleStage tom:Design",
        "tom:lifecycleStage tom:Build"))
    code, out = run(capsys, str(example_ttl), str(new), "--no-validation")
    assert code == 1
    assert "Digital Case File\n  priority project *Digital Case File*: lifecycle stage " \
           "Design → Build" in out


def test_a_cashable_value_change_reads_in_pounds(example_ttl, tmp_path, capsys) -> None:
    new = changed(example_ttl, tmp_path, replace_in(
        "benefit-custody-overtime", '"1200000"', '"900000"'))
    _, out = run(capsys, str(example_ttl), str(new), "--no-validation")
    assert "cashable benefit *Reduced custody overtime*: cashable value £1.2m → £900k" in out


def test_a_new_capability_reads_as_added_under_its_parent(example_ttl, tmp_path, capsys) -> None:
    def add(text: str) -> str:
        return text + MET + (
            'met:cap-new a <https://w3id.org/tomgraph/ontology#Capability> ;\n'
            '  <http://www.w3.org/2000/01/rdf-schema#label> "Digital Booking Triage"@en ;\n'
            '  <https://w3id.org/tomgraph/ontology#parentCapability> '
            'met:cap-custody-detainee-reception .\n')
    new = changed(example_ttl, tmp_path, add)
    _, out = run(capsys, str(example_ttl), str(new), "--no-validation")
    assert ("capability *Digital Booking Triage* added under "
            "*Detainee Reception and Booking In*") in out


def test_a_removed_entity_reads_as_removed(example_ttl, tmp_path, capsys) -> None:
    def drop(text: str) -> str:
        start, end = subject_block(text, "risk-contract-award-delay")
        return text[:start] + text[end + 3:]
    new = changed(example_ttl, tmp_path, drop)
    _, out = run(capsys, str(example_ttl), str(new), "--no-validation")
    assert "risk *Further competition runs late* removed" in out


def test_the_validation_delta_names_fixed_findings_and_completeness(
    example_ttl, tmp_path, capsys
) -> None:
    def mitigate(text: str) -> str:
        start, end = subject_block(text, "risk-contract-award-delay")
        return (text[:end] + ' ;\n    tom:riskMitigation "Start the competition early."'
                + text[end:])
    new = changed(example_ttl, tmp_path, mitigate)
    code, out = run(capsys, str(example_ttl), str(new), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["version"] == 1 and doc["changed"] is True
    fixed = doc["validation"]["fixed"]
    assert [(f["focus"].rsplit("/", 1)[1], f["shape"].rsplit("#", 1)[1]) for f in fixed] == [
        ("risk-contract-award-delay", "Risk-criticalMitigation")]
    assert doc["validation"]["new"] == []
    programme = doc["validation"]["programme"]
    assert programme["after"] > programme["before"]


def test_blank_nodes_that_did_not_change_are_no_change(tmp_path, capsys) -> None:
    body = ('@prefix ex: <https://example.org/> .\n'
            'ex:a ex:p [ ex:q "1" ; ex:r [ ex:s "2" ] ] .\n')
    reordered = ('@prefix ex: <https://example.org/> .\n'
                 '_:y ex:s "2" .\n_:x ex:r _:y ; ex:q "1" .\nex:a ex:p _:x .\n')
    (tmp_path / "a.ttl").write_text(body)
    (tmp_path / "b.ttl").write_text(reordered)
    code, out = run(capsys, str(tmp_path / "a.ttl"), str(tmp_path / "b.ttl"), "--no-validation")
    assert (code, out) == (0, "No change.\n")


def test_html_is_escaped_and_turtle_parses(tmp_path) -> None:
    (tmp_path / "a.ttl").write_text('<https://example.org/a> '
                                    '<http://www.w3.org/2000/01/rdf-schema#label> "A" .\n')
    (tmp_path / "b.ttl").write_text('<https://example.org/a> '
                                    '<http://www.w3.org/2000/01/rdf-schema#label> '
                                    '"<script>alert(1)</script>" .\n')
    with open_versions(tmp_path / "a.ttl", tmp_path / "b.ttl") as store:
        diff = diff_models(store, validate=False)
    page = to_html(diff)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert to_turtle(diff).count("tom:change") == 0  # prefixed form is not used
    assert '"added"' in to_turtle(diff) and '"removed"' in to_turtle(diff)


def test_workbooks_are_compared_as_models(example_ttl, tmp_path, capsys) -> None:
    book = tmp_path / "design.xlsx"
    assert main(["export", "--format", "xlsx", "-o", str(book)]) == 0
    capsys.readouterr()
    code, out = run(capsys, str(book), str(book), "--no-validation")
    assert (code, out) == (0, "No change.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/file.ttl", "/no/such/other.ttl"], "no such file"),
        (["{tmp}/bad.ttl", "{tmp}/bad.ttl"], "bad.ttl:1"),
        (["{tmp}/notes.txt", "{tmp}/notes.txt"], "cannot tell the RDF format"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, args, message) -> None:
    (tmp_path / "bad.ttl").write_text("this is not turtle\n")
    (tmp_path / "notes.txt").write_text("hello\n")
    code = main(["diff", *[a.format(tmp=tmp_path) for a in args]])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


@pytest.mark.parametrize(("value", "said"), [("1200000", "£1.2m"), ("450000", "£450k"),
                                              ("950", "£950"), ("100000.5", "£100k")])
def test_money_reads_as_a_person_says_it(value, said) -> None:
    assert money(value) == said


def test_two_graphs_of_one_store_compare_a_draft_with_the_model(tmp_path, capsys) -> None:
    store = tmp_path / "store"
    draft = "https://example.org/graph/draft"
    (tmp_path / "model.ttl").write_text(
        '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n')
    (tmp_path / "draft.ttl").write_text(
        '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A2" .\n')
    assert main(["load", str(tmp_path / "model.ttl"), "--store", str(store)]) == 0
    assert main(["load", str(tmp_path / "draft.ttl"), "--store", str(store),
                 "--graph", draft]) == 0
    capsys.readouterr()
    code, out = run(capsys, str(store), str(store), "--old-graph", MODEL_GRAPH,
                    "--new-graph", draft, "--no-validation")
    assert code == 1 and "A → A2" in out
