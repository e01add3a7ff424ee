"""``tomgraph query`` and ``tomgraph queries``: every output format and every user error."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from cli_runner import one_line_error
from pyoxigraph import RdfFormat, parse

from tomgraph.querylib import syntax_error

CONSTRUCT = (
    "PREFIX tom: <https://w3id.org/tomgraph/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a tom:Project ; rdfs:label ?l ;"
    " tom:lifecycleStage tom:Closed }"
)


def test_a_named_query_prints_an_aligned_table_with_labels(cli):
    ran = cli("query", "undelivered-gaps")
    assert ran.code == 0
    lines = ran.out.splitlines()
    assert lines[0].split() == ["capability", "level", "serviceArea", "current", "target", "gap"]
    assert lines[2].startswith("Cell Observation and Rousing ")
    assert "Custody & Prosecutions" in lines[2] and "met:" not in ran.out
    assert lines[-1] == "(2 rows)"
    assert len({len(line) for line in lines[1:2]}) == 1


def test_params_are_passed_with_name_equals_value(cli):
    ran = cli(
        "query", "undelivered-gaps", "--param", "minGap=2", "-p", "serviceArea=met:sa-custody"
    )
    assert ran.code == 0 and ran.out.splitlines()[-1] == "(1 row)"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_solutions_in_each_sparql_results_format(cli, fmt):
    ran = cli("query", "undelivered-gaps", "--format", fmt)
    assert ran.code == 0
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(ran.out)))
        assert table[0] == ["capability", "level", "serviceArea", "current", "target", "gap"]
        assert table[1][0] == "https://w3id.org/tomgraph/example/met/cap-custody-cell-observation"
    elif fmt == "tsv":
        header = "?capability\t?level\t?serviceArea\t?current\t?target\t?gap"
        assert ran.out.splitlines()[0] == header
        assert len(ran.out.splitlines()) == 3
    elif fmt == "json":
        data = json.loads(ran.out)
        assert data["head"]["vars"][0] == "capability"
        assert data["results"]["bindings"][0]["gap"]["value"] == "2"
    else:
        assert ran.out.startswith("<?xml") and ran.out.count("<result>") == 2


@pytest.mark.parametrize(
    ("fmt", "rdf"), [("turtle", RdfFormat.TURTLE), ("ntriples", RdfFormat.N_TRIPLES),
                     ("jsonld", RdfFormat.JSON_LD)]
)
def test_construct_answers_in_each_rdf_format(cli, query_file, fmt, rdf):
    ran = cli("query", str(query_file(CONSTRUCT)), "--format", fmt)
    assert ran.code == 0
    assert len(list(parse(ran.out.encode(), rdf))) == 2  # two closed projects


def test_construct_defaults_to_turtle_and_a_table_shows_triples(cli, query_file):
    path = str(query_file(CONSTRUCT))
    assert "@prefix" in cli("query", path).out
    table = cli("query", path, "--format", "table").out
    assert table.splitlines()[0].split() == ["subject", "predicate", "object"]
    assert "label" in table and table.splitlines()[-1] == "(2 rows)"


def test_ask_answers_yes_or_no(cli, query_file):
    path = str(query_file("ASK { ?s a <https://w3id.org/tomgraph/ontology#Project> }"))
    assert cli("query", path).out == "yes\n"
    assert json.loads(cli("query", path, "--format", "json").out)["boolean"] is True


def test_a_query_read_from_stdin(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    ran = cli("query", "-", "--format", "csv")
    assert ran.code == 0 and ran.out.splitlines()[0] == "n" and int(ran.out.splitlines()[1]) > 0


def test_output_goes_to_a_file_with_o(cli, tmp_path):
    target = tmp_path / "gaps.csv"
    ran = cli("query", "undelivered-gaps", "--format", "csv", "-o", str(target))
    assert ran.code == 0 and ran.out == ""
    assert target.read_text().startswith("capability,level")


def test_a_file_query_with_a_header_takes_its_params(cli, query_file):
    path = query_file(
        "#+ params:\n#+   - name: stage\n#+     type: iri\n"
        "PREFIX tom: <https://w3id.org/tomgraph/ontology#>\n"
        "SELECT ?p WHERE { ?p tom:lifecycleStage ?stage }"
    )
    ran = cli("query", str(path), "--param", "stage=tom:Closed", "--format", "csv")
    assert ran.code == 0 and len(ran.out.splitlines()) == 3


def test_a_query_runs_on_a_store_given_with_store(cli, tmp_path):
    store = tmp_path / "store"
    mini = Path(__file__).parent / "fixtures" / "mini.ttl"
    assert cli("load", str(mini), "--store", str(store)).code == 0
    ran = cli("query", "mips-unused-features", "--store", str(store), "--format", "csv")
    assert ran.code == 0 and "featOrphan" in ran.out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["no-such-query"], "no query called 'no-such-query' in the library"),
        (["undelivered-gaps", "--param", "gap=1"], "has no parameter 'gap'"),
        (["undelivered-gaps", "--param", "minGap"], "--param 'minGap': write NAME=VALUE"),
        (["undelivered-gaps", "--param", "minGap=1", "--param", "minGap=2"], "given twice"),
        (["undelivered-gaps", "--param", "minGap=lots"], "'lots' is not an integer"),
        (["impact-analysis", "--param", "item=x> } ; DROP ALL ; #"], "is not an absolute IRI"),
        (["impact-analysis", "--param", "item=mett:feat-digital-booking"], "unknown prefix 'mett'"),
        (["undelivered-gaps", "--format", "turtle"], "a SELECT query answers with solutions"),
        (["missing.rq"], "missing.rq: no such file"),
    ],
)
def test_user_errors_are_one_line_and_exit_code_2(cli, argv, message):
    assert message in one_line_error(cli("query", *argv), "query")


def test_a_malformed_query_reports_the_parsers_line_and_column(cli, query_file):
    text = "#+ title: Broken\nSELECT * WHERE {\n  ?s ?p\n}\n"
    path = query_file(text)
    located = syntax_error(text, str(path))
    assert located is not None and located.line is not None and located.column is not None
    message = one_line_error(cli("query", str(path)), "query")
    assert message == str(located)
    assert message.startswith(f"{path}:{located.line}:{located.column}: expected")


def test_binding_params_does_not_move_the_reported_position(cli, query_file):
    body = "SELECT * WHERE {\n  ?s ?p\n}\n"
    plain_error = one_line_error(cli("query", str(query_file("#\n#\n#\n#\n" + body, "a.rq"))),
                                 "query")
    header = "#+ params:\n#+   - name: s\n#+     type: iri\n#+     default: met:x\n"
    path = query_file(header + body, "b.rq")
    bound_error = one_line_error(cli("query", str(path)), "query")
    assert bound_error.split(":", 1)[1] == plain_error.split(":", 1)[1]


def test_a_broken_header_is_reported_with_its_file(cli, query_file):
    path = query_file("#+ params:\n#+   - name: 1bad\nSELECT * WHERE { ?s ?p ?o }\n")
    assert "is not a SPARQL variable name" in one_line_error(cli("query", str(path)), "query")


def test_queries_lists_names_titles_and_parameters(cli):
    ran = cli("queries")
    assert ran.code == 0
    assert "undelivered-gaps" in ran.out and "Undelivered maturity gaps" in ran.out
    assert "--param minGap=INTEGER  (optional; default 1; e.g. 2)" in ran.out
    assert "--param item=IRI" in ran.out


def test_queries_name_shows_one_query_in_full(cli):
    ran = cli("queries", "impact-analysis")
    assert ran.code == 0
    assert ran.out.startswith("impact-analysis: Impact of a slipping project or feature")
    assert "SELECT ?kind ?affected" in ran.out


def test_queries_with_an_unknown_name_is_a_usage_error(cli):
    assert "no query called" in one_line_error(cli("queries", "nope"), "queries")


def test_stated_only_keeps_rows_about_what_the_decision_states(cli):
    everything = cli("query", "options-decisions", "--format", "csv")
    stated = cli("query", "options-decisions", "--format", "csv", "--stated-only")
    assert everything.code == stated.code == 0
    assert len(list(csv.reader(io.StringIO(everything.out)))) == 4  # header and three options
    rows = list(csv.DictReader(io.StringIO(stated.out)))
    assert [r["option"].rsplit("/", 1)[1] for r in rows] == ["option-3"]


def test_stated_only_is_refused_for_a_construct_query(cli, tmp_path):
    query = tmp_path / "graph.rq"
    query.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    assert "SELECT" in one_line_error(cli("query", str(query), "--stated-only"), "query")


def test_a_former_query_name_answers_with_a_warning(cli):
    ran = cli("query", "unfunded-gaps", "--format", "csv")
    assert ran.code == 0
    assert ran.err.strip() == (
        "warning: query 'unfunded-gaps' is now called 'undelivered-gaps'; "
        "the old name will be removed"
    )
    assert ran.out == cli("query", "undelivered-gaps", "--format", "csv").out
