"""Capability map: nested boxes level 1 › 2 › 3, coloured by a metric, with filters."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from page_fixtures import T


def box(html: str, label: str) -> str:
    """The opening tag and text of the box (summary or leaf link) labelled ``label``."""
    match = re.search(r'<(details|a) class="cap [^"]*"[^>]*>(?:(?!</a>).)*?' + re.escape(label),
                      html, re.S)
    assert match, f"no box for {label}"
    return match.group(0)


def test_the_hierarchy_renders_as_nested_boxes_linking_to_resource_pages(
    client: FlaskClient,
) -> None:
    html = client.get("/capabilities").get_data(as_text=True)
    top = html.index("Forensic Evidence Management")
    middle = html.index("Exhibit Handling")
    leaf = html.index("Exhibit Tracking")
    assert top < middle < leaf
    assert 'class="cap l1' in html and 'class="cap l2' in html and 'class="cap leaf l3' in html
    assert "/resource?iri=https://example.org/pages-test/cap-F-1-1-1\"" in html


def test_maturity_gap_colours_boxes_and_says_the_gap_in_words(client: FlaskClient) -> None:
    html = client.get("/capabilities?metric=gap").get_data(as_text=True)
    assert "m-g3" in box(html, "Exhibit Tracking")
    assert "Gap 3 (1 → 4)" in html
    assert "m-g0" in box(html, "Chain of Custody")
    assert "m-none" in box(html, "Laboratory Scheduling")  # maturity not assessed
    assert "Maturity gap" in html and "Gap 4" in html  # legend


def test_mips_coverage_counts_supported_leaves(client: FlaskClient) -> None:
    html = client.get("/capabilities?metric=mips").get_data(as_text=True)
    assert "m-full" in box(html, "Exhibit Tracking")
    assert "m-nosupport" in box(html, "Chain of Custody")
    assert "m-notech" in box(html, "Laboratory Scheduling")
    assert "1 of 2 supported" in html  # Exhibit Handling's leaves
    assert "m-full" in box(html, "Booking In")  # supported through its process


def test_completeness_and_severity_come_from_validation(client: FlaskClient) -> None:
    html = client.get("/capabilities?metric=completeness").get_data(as_text=True)
    assert "m-c1" in box(html, "Chain of Custody") and "50% complete" in html
    assert "m-c2" in box(html, "Exhibit Tracking")  # 80%
    html = client.get("/capabilities?metric=severity").get_data(as_text=True)
    assert "m-violation" in box(html, "Chain of Custody")
    assert "m-warning" in box(html, "Exhibit Tracking")
    assert "m-ok" in box(html, "Booking In")


def test_filter_by_service_area_keeps_only_its_capabilities(client: FlaskClient) -> None:
    html = client.get(f"/capabilities?area={T}custody").get_data(as_text=True)
    assert "Booking In" in html and "Exhibit Tracking" not in html
    assert "Showing 2 of 7" in html


def test_filter_by_operating_model_keeps_parents_for_context(client: FlaskClient) -> None:
    html = client.get(f"/capabilities?om={T}om-forensics-target").get_data(as_text=True)
    assert "Exhibit Tracking" in html and "Laboratory Scheduling" in html
    assert "Booking In" not in html and "Chain of Custody" not in html
    assert "context" in box(html, "Forensic Evidence Management")


def test_small_maps_start_expanded_and_can_be_collapsed_without_javascript(
    client: FlaskClient,
) -> None:
    html = client.get("/capabilities").get_data(as_text=True)
    assert html.count("<details") == html.count("<details class") and " open>" in html
    collapsed = client.get("/capabilities?open=none").get_data(as_text=True)
    assert 'class="cap l2 m-g1" open>' not in collapsed
    assert 'href="?open=all"' in html or "open=all" in html


def test_unknown_metric_falls_back_to_maturity_gap(client: FlaskClient) -> None:
    html = client.get("/capabilities?metric=nonsense").get_data(as_text=True)
    assert "Maturity gap" in html
