"""The SPARQL 1.1 Protocol at /sparql: methods, media types, negotiation and errors."""

from __future__ import annotations

import csv
import io
import json
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

PEOPLE = "SELECT ?name WHERE { ?p a <http://example.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name"  # noqa: E501
CONSTRUCT = "CONSTRUCT { ?a <http://example.org/knows> ?b } WHERE { ?a <http://example.org/knows> ?b }"  # noqa: E501
GRAPH = "http://example.org/graph/people"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def names(response_json: dict) -> list[str]:
    return [b["name"]["value"] for b in response_json["results"]["bindings"]]


class TestQueryOperations:
    """A query can arrive by GET, form POST or direct POST and gets the same answer."""

    def test_get(self, client: FlaskClient) -> None:
        response = client.get("/sparql", query_string={"query": PEOPLE})
        assert response.status_code == 200
        assert response.mimetype == "application/sparql-results+json"
        assert names(response.json) == ["Alice", "Bob # not a comment", "Carol"]

    def test_form_post(self, client: FlaskClient) -> None:
        response = client.post("/sparql", data={"query": PEOPLE})
        assert response.status_code == 200
        assert names(response.json) == ["Alice", "Bob # not a comment", "Carol"]

    def test_direct_post(self, client: FlaskClient) -> None:
        response = client.post("/sparql", data=PEOPLE, content_type="application/sparql-query")
        assert response.status_code == 200
        assert names(response.json) == ["Alice", "Bob # not a comment", "Carol"]

    def test_direct_post_with_explicit_utf8_charset(self, client: FlaskClient) -> None:
        response = client.post(
            "/sparql", data=PEOPLE, content_type="application/sparql-query; charset=UTF-8"
        )
        assert response.status_code == 200

    def test_default_dataset_is_the_union_of_all_graphs(self, client: FlaskClient) -> None:
        query = "ASK { <http://example.org/alice> a <http://example.org/Person> }"
        assert client.get("/sparql", query_string={"query": query}).json["boolean"] is True

    def test_protocol_graphs_set_the_dataset(self, client: FlaskClient) -> None:
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        response = client.get(
            "/sparql",
            query_string={"query": query, "named-graph-uri": GRAPH},
        )
        assert response.json["results"]["bindings"][0]["n"]["value"] == "8"

    def test_from_in_the_query_sets_the_dataset(self, client: FlaskClient) -> None:
        query = f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}"
        response = client.get("/sparql", query_string={"query": query})
        assert response.json["results"]["bindings"][0]["n"]["value"] == "8"

    def test_extra_parameters_real_clients_send_are_ignored(self, client: FlaskClient) -> None:
        response = client.get(
            "/sparql",
            query_string={"query": PEOPLE, "results": "json", "timeout": "0", "infer": "false"},
        )
        assert response.status_code == 200


class TestNegotiation:
    """Results come in the format the Accept header (or format/output parameter) asks for."""

    @pytest.mark.parametrize(
        ("accept", "media"),
        [
            ("application/sparql-results+json", "application/sparql-results+json"),
            ("application/sparql-results+xml", "application/sparql-results+xml"),
            ("text/csv", "text/csv"),
            ("text/tab-separated-values", "text/tab-separated-values"),
            ("application/json", "application/sparql-results+json"),
            ("application/xml", "application/sparql-results+xml"),
            ("*/*", "application/sparql-results+json"),
            ("", "application/sparql-results+json"),
            ("application/sparql-results+json,*/*;q=0.9", "application/sparql-results+json"),
            ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
            (BROWSER, "application/json"),
        ],
    )
    def test_select_formats(self, client: FlaskClient, accept: str, media: str) -> None:
        response = client.get("/sparql", query_string={"query": PEOPLE}, headers={"Accept": accept})
        assert response.status_code == 200
        assert response.mimetype == media

    def test_csv_and_tsv_hold_the_rows(self, client: FlaskClient) -> None:
        text = client.get("/sparql", query_string={"query": PEOPLE},
                          headers={"Accept": "text/csv"}).data.decode()
        assert list(csv.reader(io.StringIO(text)))[1:] == [["Alice"], ["Bob # not a comment"],
                                                           ["Carol"]]
        tsv = client.get("/sparql", query_string={"query": PEOPLE},
                         headers={"Accept": "text/tab-separated-values"}).data.decode()
        assert tsv.splitlines()[0] == "?name"
        assert '"Carol"@en' in tsv

    def test_xml_results(self, client: FlaskClient) -> None:
        body = client.get("/sparql", query_string={"query": PEOPLE},
                          headers={"Accept": "application/sparql-results+xml"}).data
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert len(ElementTree.fromstring(body).findall(f"{ns}results/{ns}result")) == 3

    @pytest.mark.parametrize(
        ("accept", "media", "fmt"),
        [
            ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
            ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
            ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
            ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
            ("*/*", "text/turtle", ox.RdfFormat.TURTLE),
            ("text/turtle,*/*;q=0.9", "text/turtle", ox.RdfFormat.TURTLE),
            (BROWSER, "text/plain", ox.RdfFormat.TURTLE),
        ],
    )
    def test_graph_formats(self, client: FlaskClient, accept: str, media: str,
                           fmt: ox.RdfFormat) -> None:
        response = client.get("/sparql", query_string={"query": CONSTRUCT},
                              headers={"Accept": accept})
        assert response.status_code == 200
        assert response.mimetype == media
        assert len(list(ox.parse(response.data, fmt))) == 2

    def test_describe_is_a_graph(self, client: FlaskClient) -> None:
        response = client.get("/sparql", query_string={"query": "DESCRIBE <http://example.org/alice>"})
        assert response.mimetype == "text/turtle"
        assert len(list(ox.parse(response.data, ox.RdfFormat.TURTLE))) == 3

    @pytest.mark.parametrize(
        ("param", "value", "media"),
        [
            ("format", "json", "application/sparql-results+json"),
            ("output", "xml", "application/sparql-results+xml"),
            ("format", "csv", "text/csv"),
            ("format", "text/tab-separated-values", "text/tab-separated-values"),
        ],
    )
    def test_format_parameter_overrides_accept(
        self, client: FlaskClient, param: str, value: str, media: str
    ) -> None:
        response = client.get("/sparql", query_string={"query": PEOPLE, param: value},
                              headers={"Accept": "application/sparql-results+json"})
        assert response.mimetype == media

    def test_json_format_parameter_means_json_ld_for_graphs(self, client: FlaskClient) -> None:
        response = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "json"})
        assert response.mimetype == "application/ld+json"

    def test_ask_in_json_and_xml(self, client: FlaskClient) -> None:
        query = {"query": "ASK { ?s a <http://example.org/Person> }"}
        assert client.get("/sparql", query_string=query).json == {"head": {}, "boolean": True}
        xml = client.get("/sparql", query_string=query,
                         headers={"Accept": "application/sparql-results+xml"}).data
        assert b"<boolean>true</boolean>" in xml

    def test_unsupported_accept_is_406(self, client: FlaskClient) -> None:
        response = client.get("/sparql", query_string={"query": PEOPLE},
                              headers={"Accept": "image/png"})
        assert response.status_code == 406
        assert b"application/sparql-results+json" in response.data

    def test_select_asked_for_as_turtle_is_406(self, client: FlaskClient) -> None:
        response = client.get("/sparql", query_string={"query": PEOPLE},
                              headers={"Accept": "text/turtle"})
        assert response.status_code == 406


class TestErrors:
    """Requests the protocol does not allow get a 4xx that says what to do instead."""

    def test_malformed_query_is_400_with_the_parser_message(self, client: FlaskClient) -> None:
        response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p"})
        assert response.status_code == 400
        assert response.mimetype == "text/plain"
        assert b"Malformed query" in response.data and b"1:" in response.data

    def test_two_queries_are_400(self, client: FlaskClient) -> None:
        response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
        assert response.status_code == 400

    def test_query_and_update_together_are_400(self, client: FlaskClient) -> None:
        response = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR ALL"})
        assert response.status_code == 400

    @pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
    def test_other_methods_are_405(self, client: FlaskClient, method: str) -> None:
        assert client.open("/sparql?query=ASK%7B%7D", method=method).status_code == 405

    @pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
    def test_wrong_post_media_type_is_415(self, client: FlaskClient,
                                          content_type: str | None) -> None:
        response = client.post("/sparql", data=b"ASK {}", content_type=content_type)
        assert response.status_code == 415

    def test_non_utf8_charset_is_415(self, client: FlaskClient) -> None:
        response = client.post("/sparql", data="ASK {}".encode("utf-16"),
                               content_type="application/sparql-query; charset=UTF-16")
        assert response.status_code == 415

    def test_body_that_is_not_utf8_is_400(self, client: FlaskClient) -> None:
        response = client.post("/sparql", data=b"ASK { \xff }",
                               content_type="application/sparql-query")
        assert response.status_code == 400

    def test_update_by_get_is_405(self, client: FlaskClient) -> None:
        assert client.get("/sparql", query_string={"update": "CLEAR ALL"}).status_code == 405

    def test_form_without_query_is_400(self, client: FlaskClient) -> None:
        assert client.post("/sparql", data={"format": "json"}).status_code == 400


class TestServiceDescription:
    """A bare GET describes the service (SPARQL 1.1 Service Description)."""

    def test_turtle_description(self, client: FlaskClient) -> None:
        response = client.get("/sparql", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        assert response.mimetype == "text/turtle"
        store = ox.Store()
        store.load(response.data, ox.RdfFormat.TURTLE)
        sd = "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>\n"
        assert store.query(sd + "ASK { ?s a sd:Service ; sd:endpoint <http://localhost/sparql> ;"
                           " sd:supportedLanguage sd:SPARQL11Query }")
        assert not store.query(sd + "ASK { ?s sd:supportedLanguage sd:SPARQL11Update }")
        assert store.query(sd + f"ASK {{ ?d sd:namedGraph [ sd:name <{GRAPH}> ] }}")

    @pytest.mark.parametrize("accept", ["application/ld+json", "application/rdf+xml",
                                        "application/n-triples"])
    def test_other_rdf_formats(self, client: FlaskClient, accept: str) -> None:
        response = client.get("/sparql", headers={"Accept": accept})
        assert response.mimetype == accept

    def test_json_ld_description_parses(self, client: FlaskClient) -> None:
        body = client.get("/sparql", headers={"Accept": "application/ld+json"}).data
        assert json.loads(body)
