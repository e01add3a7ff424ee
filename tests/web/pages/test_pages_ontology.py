"""Ontology: classes and properties with their documentation."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_classes_and_properties_are_documented(client: FlaskClient) -> None:
    html = client.get("/ontology").get_data(as_text=True)
    assert "Classes" in html and "Object properties" in html and "Datatype properties" in html
    assert ">capability</a>" in html and "An ability the organisation needs" in html
    assert ">parent capability</a>" in html and "Domain:" in html and "Range:" in html
    assert "ArchiMate: Capability" in html
