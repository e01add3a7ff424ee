"""/metrics: requests by route and status, latency, timeouts, worker restarts, store size."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in exposition ``text`` (labels matched as a subset)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        match = re.fullmatch(rf"{re.escape(name)}(\{{(.*)\}})? (\S+)", line)
        if not match:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(match.group(3))
    return None


def test_requests_are_counted_by_route_template_method_and_status(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app().test_client()
    client.get("/healthz")
    client.get("/healthz")
    client.get("/no/such/page/for/anyone")
    text = client.get("/metrics").text
    assert sample(text, "tomgraph_http_requests_total",
                  route="/healthz", method="GET", status="200") == 2
    # Unknown paths share one label, so a scanner cannot blow up the series count.
    assert sample(text, "tomgraph_http_requests_total", route="(unmatched)", status="404") == 1
    assert "/no/such/page" not in text


def test_latency_is_a_cumulative_histogram_per_route(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    for _ in range(3):
        client.get("/healthz")
    text = client.get("/metrics").text
    name = "tomgraph_http_request_duration_seconds"
    assert sample(text, f"{name}_count", route="/healthz") == 3
    assert sample(text, f"{name}_bucket", route="/healthz", le="+Inf") == 3
    buckets = [float(v) for v in re.findall(
        rf'{name}_bucket\{{route="/healthz",le="[^"]+"\}} (\S+)', text)]
    assert buckets == sorted(buckets)
    assert "# TYPE tomgraph_http_request_duration_seconds histogram" in text


def test_metrics_use_the_text_exposition_content_type(make_app: Callable[..., Flask]) -> None:
    response = make_app().test_client().get("/metrics")
    assert response.status_code == 200
    assert response.content_type == "text/plain; version=0.0.4; charset=utf-8"


def test_store_size_is_reported_in_quads(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    expected = app.extensions["tomgraph"].count()
    text = app.test_client().get("/metrics").text
    assert sample(text, "tomgraph_store_quads") == expected


def test_an_on_disk_store_reports_its_bytes(make_app: Callable[..., Flask], tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tomgraph.store import EmbeddedStore, load_bundled

    store = EmbeddedStore(tmp_path / "db")
    load_bundled(store, model=False)
    text = make_app(store).test_client().get("/metrics").text
    assert (sample(text, "tomgraph_store_bytes") or 0) > 0


def test_metrics_can_require_a_bearer_token(make_app: Callable[..., Flask]) -> None:
    client = make_app(METRICS_TOKEN="metrics-token-0123456789").test_client()
    assert client.get("/metrics").status_code == 401
    ok = client.get("/metrics", headers={"Authorization": "Bearer metrics-token-0123456789"})
    assert ok.status_code == 200


@pytest.mark.slow
def test_a_query_timeout_and_the_worker_restart_it_causes_are_counted(
    make_app: Callable[..., Flask],
) -> None:
    from tomgraph.web.endpoint import warm_up

    app = make_app(QUERY_WORKERS=1, QUERY_TIMEOUT=1.0)
    warm_up(app)
    client = app.test_client()
    before = client.get("/metrics").text
    assert sample(before, "tomgraph_query_timeouts_total") == 0
    assert client.get("/sparql", query_string={"query": RUNAWAY}).status_code == 503
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        after = client.get("/metrics").text
        if sample(after, "tomgraph_query_worker_restarts_total") == 1:
            break
        time.sleep(0.1)
    assert sample(after, "tomgraph_query_timeouts_total") == 1
    assert sample(after, "tomgraph_query_worker_restarts_total") == 1
    assert sample(after, "tomgraph_http_requests_total", route="/sparql", status="503") == 1
