"""Home: the programme at a glance, rendered on the server."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from page_fixtures import HOSTILE, prime_validation


def test_home_lists_service_areas_projects_by_stage_scores_and_counts(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert "Forensics" in html and "Custody &amp; Prosecutions" in html
    assert "Design" in html and "Digital Exhibits" in html
    assert "Discovery" in html and "Custody Suite Modernisation" in html
    assert "66%" in html  # programme completeness
    assert "capabilities" in html and ">7<" in html.replace(" ", "")  # seven capabilities


def test_home_links_into_every_page(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    for path in ("/capabilities", "/validation", "/queries", "/query", "/search", "/ontology"):
        assert f'href="{path}' in html


def test_every_page_has_a_skip_link_and_main_landmark(client: FlaskClient) -> None:
    for path in ("/", "/capabilities", "/validation", "/queries", "/query", "/search?q=ex",
                 "/ontology"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="#content"' in html, path
        assert '<main id="content"' in html, path
        assert "<script>" not in html, f"{path} has an inline script"


def test_home_says_when_validation_is_not_available(app: Flask) -> None:
    prime_validation(app, None)
    html = app.test_client().get("/").get_data(as_text=True)
    assert "Validation could not run" in html


def test_labels_are_escaped(client: FlaskClient) -> None:
    for path in ("/capabilities", "/search?q=chain", "/validation"):
        html = client.get(path).get_data(as_text=True)
        assert HOSTILE not in html, path
        assert "&lt;script&gt;" in html, path
