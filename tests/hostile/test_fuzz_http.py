"""Any query parameter, header or path against the app: never a 500, never a foreign redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from tomgraph.querylib import list_queries

ROUTES = ["/", "/capabilities", "/search", "/validation", "/decisions", "/decision",
          "/ontology", "/queries", "/query", "/query/download", "/resource", "/sparql",
          "/healthz", "/readyz", "/metrics"]
PARAMS = ["q", "query", "iri", "format", "page", "stated", "run", "default-graph-uri",
          "named-graph-uri", "update", "sort", "limit", "lens", "group", "name", "id"]
HEADER_NAMES = ["Accept", "Accept-Language", "Accept-Encoding", "Content-Type", "Authorization",
                "X-Request-ID", "If-None-Match", "If-Modified-Since", "Range", "Origin",
                "Referer", "X-Forwarded-For", "Cookie", "User-Agent"]
IRIS = ["https://w3id.org/tomgraph/ontology#Capability", "urn:x", "javascript:alert(1)", ""]
header_value = st.text(
    st.characters(min_codepoint=32, max_codepoint=126), max_size=60
) | st.sampled_from(["*/*", "text/turtle;q=0.9, */*;q=0.1", "application/sparql-results+json",
                     "Bearer x", "text/html;q=abc", "bytes=0-", "bytes=99999999-"])
param_value = st.text(max_size=80) | st.sampled_from(
    ["1", "0", "-1", "999999999999", "csv", "json", "turtle", "ASK {}", "SELECT * {?s ?p ?o}",
     *IRIS])


def assert_sane(response, path: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500 or response.status_code == 503, (path, response.status)
    location = response.headers.get("Location")
    if location:
        assert urlsplit(location).netloc in ("", "localhost"), location


@given(
    path=st.sampled_from(ROUTES),
    params=st.dictionaries(st.sampled_from(PARAMS), param_value, max_size=4),
    headers=st.dictionaries(st.sampled_from(HEADER_NAMES), header_value, max_size=4),
)
def test_any_get_parameters_and_headers_get_an_answer_not_a_server_error(
    app: Flask, path: str, params: dict[str, str], headers: dict[str, str]
) -> None:
    response = app.test_client().get(path, query_string=params, headers=headers)
    assert_sane(response, path)


@given(
    content_type=st.sampled_from(["application/sparql-query", "application/sparql-update",
                                  "application/x-www-form-urlencoded", "text/plain",
                                  "application/sparql-query; charset=latin-1",
                                  "multipart/form-data"]),
    body=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
)
def test_any_post_body_to_the_endpoint_gets_an_answer_not_a_server_error(
    app: Flask, content_type: str, body: bytes
) -> None:
    response = app.test_client().post("/sparql", data=body, content_type=content_type)
    assert_sane(response, "/sparql")


@given(segment=st.text(max_size=60), query=st.sampled_from(list_queries()).map(lambda q: q.name))
def test_any_path_segment_gets_an_answer_not_a_server_error(
    app: Flask, segment: str, query: str
) -> None:
    client = app.test_client()
    # "//host/..." would name another host to the test client itself, not to the app.
    for path in (f"/queries/{segment}", f"/static/{segment}", f"/{segment.lstrip('/')}",
                 f"/queries/{query}/{segment}"):
        assert_sane(client.get(path), path)
