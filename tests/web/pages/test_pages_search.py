"""Search over labels and descriptions with type facets."""

from __future__ import annotations

from urllib.parse import quote

from flask.testing import FlaskClient


def test_search_finds_labels_and_descriptions(client: FlaskClient) -> None:
    html = client.get("/search?q=exhibit").get_data(as_text=True)
    assert ">Exhibit Tracking</a>" in html and ">MiPS exhibit register</a>" in html
    assert "Knowing where every exhibit is" in html  # description shown
    html = client.get("/search?q=FROM%20SCENE").get_data(as_text=True)  # description, any case
    assert ">Exhibit Tracking</a>" in html


def test_type_facets_count_and_filter(client: FlaskClient) -> None:
    html = client.get("/search?q=exhibit").get_data(as_text=True)
    assert "Types" in html and "capability" in html and "application feature" in html
    cap = quote("https://w3id.org/tomgraph/ontology#Capability", safe="")
    filtered = client.get(f"/search?q=exhibit&type={cap}").get_data(as_text=True)
    assert ">Exhibit Tracking</a>" in filtered and ">MiPS exhibit register</a>" not in filtered
    assert 'aria-current="true"' in filtered


def test_short_or_empty_queries_ask_for_more(client: FlaskClient) -> None:
    assert client.get("/search").status_code == 200
    assert "at least 2 characters" in client.get("/search?q=x").get_data(as_text=True)


def test_no_match_says_so(client: FlaskClient) -> None:
    assert "Nothing matches" in client.get("/search?q=zzzqqq").get_data(as_text=True)
