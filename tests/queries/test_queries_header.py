"""The ``#+`` header: YAML in comments, read into a NamedQuery; mistakes name the file."""

from __future__ import annotations

import pytest

from tomgraph.errors import InputError
from tomgraph.querylib import Param, load_query_file, parse_query

GOOD = """\
# A leading ordinary comment is allowed.
#+ title: Gaps by area
#+ description: >
#+   Which capabilities
#+   lag behind?
#+ output: chart
#+ chart:
#+   type: bar
#+   x: area
#+   y: gap
#+ tags: [maturity]
#+ params:
#+   - name: area
#+     type: iri
#+     example: met:sa-forensics
#+     description: only this area
#+   - name: since
#+     type: date
#+     default: 2026-01-31
#+   - name: strict
#+     type: boolean
#+     default: true
#+     required: true
SELECT ?area ?gap WHERE { ?x ?area ?gap FILTER(?since < NOW() && ?strict) }
"""


def test_a_header_gives_title_description_output_chart_and_params():
    q = parse_query(GOOD, "gaps")
    assert (q.name, q.title, q.description, q.output) == (
        "gaps", "Gaps by area", "Which capabilities lag behind?", "chart"
    )
    assert q.chart == {"type": "bar", "x": "area", "y": "gap"}
    assert q.tags == ("maturity",)
    assert q.params == (
        Param("area", "iri", example="met:sa-forensics", description="only this area"),
        Param("since", "date", default="2026-01-31"),
        Param("strict", "boolean", default="true", required=True),
    )


def test_a_query_without_a_header_is_a_plain_table_query_named_after_its_file(tmp_path):
    path = tmp_path / "plain.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }")
    q = load_query_file(path)
    assert (q.name, q.title, q.output, q.params, q.path) == ("plain", "plain", "table", (), path)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("#+ title: [unclosed\n", "not valid YAML"),
        ("#+ just text\n", "must be 'key: value' lines"),
        ("#+ colour: red\n", "unknown header key"),
        ("#+ output: pie\n", "output must be one of table, chart, map"),
        ("#+ chart: bar\n", "chart must be a mapping"),
        ("#+ params:\n#+   - type: iri\n", "needs at least a name"),
        ("#+ params:\n#+   - name: 9lives\n", "is not a SPARQL variable name"),
        ("#+ params:\n#+   - name: s\n#+     type: colour\n", "type must be one of"),
        ("#+ params:\n#+   - name: s\n#+     colour: red\n", "unknown parameter key"),
        ("#+ params:\n#+   - name: s\n#+   - name: s\n", "declared twice"),
        ("#+ params:\n#+   - name: absent\n", "'absent' is not a variable of the query"),
        ("#+ params:\n#+   - name: s\n#+     type: integer\n#+     default: x\n",
         "'x' is not an integer"),
    ],
)
def test_a_broken_header_is_an_input_error_naming_the_source(header, message):
    with pytest.raises(InputError, match=message) as caught:
        parse_query(header + "SELECT * WHERE { ?s ?p ?o }", "q", None)
    assert str(caught.value).startswith("q")


def test_yaml_errors_point_at_the_file_line():
    with pytest.raises(InputError) as caught:
        parse_query("# intro\n#+ title: ok\n#+ description: [oops\n#+ output: table\nASK {}", "q")
    assert caught.value.line is not None and caught.value.line >= 3
