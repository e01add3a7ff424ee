"""Stored XSS, path traversal, redirects, oversized and nested input, header injection."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from flask import Flask

from tomgraph.querylib import list_queries

PAYLOADS = ["<script>alert", "<img src=x", "<svg onload", "<iframe srcdoc", "</textarea><script"]
HOSTILE_IRIS = [
    "javascript:alert(1)",
    "https://example.org/x'onmouseover='alert(3)",
    "data:text/html,%3Cscript%3Ealert(5)%3C/script%3E",
]
SCRIPT_LINK = re.compile(r"""(href|src|action)\s*=\s*["']?\s*(javascript|data):""", re.I)


def pages() -> list[str]:
    """Every page that shows data from the store, with the hostile resources in view."""
    found = ["/", "/capabilities", "/search?q=alert", "/search?q=script", "/validation",
             "/decisions", "/ontology", "/queries",
             "/query?query=" + quote("SELECT * WHERE { ?s ?p ?o } LIMIT 2000")]
    found += [f"/resource?iri={quote(iri, safe='')}" for iri in HOSTILE_IRIS]
    found += [f"/queries/{q.name}?run=1" for q in list_queries()]
    return found


@pytest.mark.parametrize("path", pages())
def test_no_page_lets_stored_markup_or_script_links_through(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code < 500, path
    body = response.get_data(as_text=True)
    for payload in PAYLOADS:
        assert payload not in body, f"{path} shows {payload!r} unescaped"
    assert not SCRIPT_LINK.search(body), f"{path}: {SCRIPT_LINK.search(body)}"
    assert "onmouseover='alert" not in body


def test_the_html_validation_report_escapes_stored_markup(hostile_store) -> None:  # type: ignore[no-untyped-def]
    from tomgraph.validation import validate
    from tomgraph.validation.report_html import render_html

    html = render_html(validate(hostile_store))
    for payload in PAYLOADS:
        assert payload not in html
    assert not SCRIPT_LINK.search(html)


TRAVERSALS = [
    "/static/../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%252f..%252fetc%252fpasswd",
    "/static/....//....//etc/passwd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/static//etc/passwd",
    "/queries/..%2f..%2f..%2fetc%2fpasswd",
    "/queries/../../etc/passwd",
    "/queries/%2e%2e%2f%2e%2e%2fpyproject",
    "/queries/..\\..\\pyproject",
    "/resource?iri=file:///etc/passwd",
    "/resource?iri=file%3A%2F%2F%2Fetc%2Fpasswd",
    "/resource?iri=..%2F..%2Fetc%2Fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_route_serves_a_file_outside_its_folder(app: Flask, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code in (301, 302, 308, 400, 404), (path, response.status_code)
    body = response.get_data(as_text=True)
    assert "root:x:0:0" not in body and "[project]" not in body


REDIRECT_BAIT = [
    "/queries/{alias}?next=https://evil.example/",
    "/queries/{alias}?//evil.example/",
    "/queries/{alias}?a=b%0d%0aLocation:%20https://evil.example/",
    "//evil.example/%2f..",
    "/\\evil.example",
    "/static/%2f%2fevil.example",
]


def test_redirects_stay_on_this_site(app: Flask) -> None:
    aliases = [a for q in list_queries() for a in getattr(q, "aliases", ())]
    alias = aliases[0] if aliases else "no-such-query"
    client = app.test_client()
    for bait in REDIRECT_BAIT:
        response = client.get(bait.format(alias=alias))
        location = response.headers.get("Location")
        if location is None:
            continue
        target = urlsplit(location)
        assert target.netloc in ("", "localhost"), location  # this site, whatever the path
        assert not location.startswith(("//", "/\\")), location
        assert "\r" not in location and "\n" not in location


def test_an_oversized_body_is_refused_with_413(app: Flask) -> None:
    big = b"ASK {}" + b" " * (11 * 1024 * 1024)
    response = app.test_client().post("/sparql", data=big,
                                      content_type="application/sparql-query")
    assert response.status_code == 413


def test_an_oversized_url_is_answered_without_a_server_error(app: Flask) -> None:
    client = app.test_client()
    long_query = "SELECT * WHERE { ?s ?p ?o FILTER(?o != '" + "x" * 200_000 + "') } LIMIT 1"
    for path in ("/sparql", "/query", "/search"):
        key = "q" if path == "/search" else "query"
        response = client.get(path, query_string={key: long_query})
        assert response.status_code < 500, path


@pytest.mark.parametrize("depth", [300, 10_000, 100_000])
def test_deeply_nested_queries_are_refused_before_they_crash_a_parser(
    app: Flask, depth: int
) -> None:
    client = app.test_client()
    queries = [
        "SELECT * WHERE " + "{" * depth + "}" * depth,
        "ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }",
        "SELECT * WHERE { ?s ?p " + "[ <urn:p> " * depth + "<urn:o>" + " ]" * depth + " }",
    ]
    for query in queries:
        for path in ("/sparql", "/query"):
            response = client.get(path, query_string={"query": query})
            # The endpoint answers 400; the editor page shows the error on the page itself.
            assert response.status_code == (400 if path == "/sparql" else 200), path
            assert "nested more than" in response.get_data(as_text=True)


def test_header_values_from_the_client_never_split_the_response(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/query/download", query_string={
        "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        "format": "csv\r\nSet-Cookie: pwned=1",
    })
    assert "pwned" not in str(response.headers)
    response = client.get("/healthz", headers={"X-Request-ID": "abc\tdef ghi<script>"})
    assert response.headers["X-Request-ID"] != "abc\tdef ghi<script>"
