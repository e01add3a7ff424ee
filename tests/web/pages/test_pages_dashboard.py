"""Validation dashboard: scores as bars, findings filterable by severity, shape and project."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from page_fixtures import SHAPES, T, prime_validation


def test_scores_by_service_area_operating_model_project_and_shape(client: FlaskClient) -> None:
    html = client.get("/validation").get_data(as_text=True)
    for title in ("by service area", "by operating model", "by project", "by shape: the rules"):
        assert f"Completeness {title}" in html
    assert "66%" in html and "70%" in html and "75%" in html and "90%" in html
    assert '<rect class="bar-fill tone-c1" x="0" y="0" width="70.0"' in html


def test_all_findings_are_listed_worst_first_and_link_to_their_entity(client: FlaskClient) -> None:
    html = client.get("/validation").get_data(as_text=True)
    assert html.index("A capability needs an owner.") < html.index("naming a design lead")
    assert "/resource?iri=https://example.org/pages-test/cap-F-1-1-2\"" in html
    assert "3 findings" in html


def test_findings_filter_by_severity(client: FlaskClient) -> None:
    html = client.get("/validation?severity=Warning").get_data(as_text=True)
    assert "A target capability should be delivered." in html
    assert "A capability needs an owner." not in html
    assert "1 finding match" in html


def test_findings_filter_by_shape(client: FlaskClient) -> None:
    shape = quote(SHAPES + "ProjectLead", safe="")
    html = client.get(f"/validation?shape={shape}").get_data(as_text=True)
    assert "naming a design lead" in html and "needs an owner" not in html


def test_findings_filter_by_project_include_what_it_delivers(client: FlaskClient) -> None:
    html = client.get(f"/validation?project={quote(T + 'proj-exhibits', safe='')}").get_data(
        as_text=True
    )
    assert "A target capability should be delivered." in html  # Exhibit Tracking
    assert "needs an owner" not in html and "design lead" not in html


def test_messages_and_labels_are_escaped(client: FlaskClient) -> None:
    html = client.get("/validation").get_data(as_text=True)
    assert "<b>Consider</b>" not in html and "&lt;b&gt;Consider&lt;/b&gt;" in html


def test_without_validation_the_dashboard_says_so(app: Flask) -> None:
    prime_validation(app, None)
    response = app.test_client().get("/validation")
    assert response.status_code == 200
    assert "Validation could not run" in response.get_data(as_text=True)
