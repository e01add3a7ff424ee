"""Resource pages: every IRI's label, types, statements, incoming links and findings."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from page_fixtures import T

TRACKING = f"/resource?iri={quote(T + 'cap-F-1-1-1', safe='')}"


def test_a_resource_page_shows_label_types_description_and_labelled_properties(
    client: FlaskClient,
) -> None:
    html = client.get(TRACKING).get_data(as_text=True)
    assert "<h1>Exhibit Tracking</h1>" in html
    assert ">capability</a>" in html  # its type, by the class's label
    assert "Knowing where every exhibit is" in html
    assert ">parent capability</a>" in html and ">Exhibit Handling</a>" in html
    assert ">current maturity</a>" in html and ">1 Initial</a>" in html


def test_incoming_links_are_counted_per_predicate(client: FlaskClient) -> None:
    html = client.get(TRACKING).get_data(as_text=True)
    assert ">realises</a>" in html and "Track exhibit movement" in html
    assert ">delivers</a>" in html and "Digital Exhibits" in html
    assert ">includes capability</a>" in html


def test_incoming_links_are_paginated(client: FlaskClient) -> None:
    # More than twenty object properties are typed owl:ObjectProperty.
    url = "/resource?iri=" + quote("http://www.w3.org/2002/07/owl#ObjectProperty", safe="")
    html = client.get(url).get_data(as_text=True)
    assert "Page 1 of" in html and "inpage=2" in html
    rdf_type = quote("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", safe="")
    second = client.get(f"{url}&in={rdf_type}&inpage=2").get_data(as_text=True)
    assert "Page 2 of" in second


def test_findings_and_completeness_score_are_shown(client: FlaskClient) -> None:
    html = client.get(TRACKING).get_data(as_text=True)
    assert "80%" in html and "A target capability should be delivered." in html
    assert "Warning" in html


def test_the_same_url_returns_turtle_by_accept(client: FlaskClient) -> None:
    response = client.get(TRACKING, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.mimetype == "text/turtle"
    body = response.get_data(as_text=True)
    assert "Exhibit Tracking" in body and "tom:parentCapability" in body


def test_the_same_url_returns_json_ld_by_accept(client: FlaskClient) -> None:
    response = client.get(TRACKING, headers={"Accept": "application/ld+json"})
    assert response.mimetype == "application/ld+json"
    data = json.loads(response.get_data(as_text=True))
    assert any(node.get("@id") == T + "cap-F-1-1-1" for node in data)


def test_browsers_get_html(client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(TRACKING, headers={"Accept": accept}).mimetype == "text/html"


@pytest.mark.parametrize(
    ("url", "status"),
    [("/resource", 400), ("/resource?iri=not%20an%20iri", 400),
     ("/resource?iri=https://example.org/nothing", 404),
     ("/resource?iri=https://example.org/nothing&format=ttl", 404),
     (TRACKING + "&format=xyz", 400)],
)
def test_bad_or_unknown_resources_get_clear_errors(
    client: FlaskClient, url: str, status: int
) -> None:
    assert client.get(url).status_code == status


def test_hostile_labels_are_escaped_on_resource_pages(client: FlaskClient) -> None:
    html = client.get(f"/resource?iri={quote(T + 'cap-F-1-1-2', safe='')}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "&lt;b&gt;" not in html  # another entity's message is not shown here
