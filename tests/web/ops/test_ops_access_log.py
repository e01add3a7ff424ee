"""One JSON access-log line per request, with a request id, and no secrets in it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from flask import Flask

from tomgraph.web.ops.access_log import LOGGER_NAME

TOKEN = "s3cret-token-for-tests-0123456789"


def lines(caplog: pytest.LogCaptureFixture) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == LOGGER_NAME]


def test_each_request_logs_one_json_line_with_the_id_it_returns(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    response = make_app().test_client().get("/healthz")
    [entry] = lines(caplog)
    assert entry["request_id"] == response.headers["X-Request-ID"]
    assert entry["method"] == "GET"
    assert entry["route"] == "/healthz"
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0


def test_a_safe_request_id_from_a_proxy_is_kept_and_an_unsafe_one_replaced(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app().test_client()
    kept = client.get("/healthz", headers={"X-Request-ID": "edge-42.abc"})
    assert kept.headers["X-Request-ID"] == "edge-42.abc"
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script> ; a=b"})
    assert replaced.headers["X-Request-ID"] != "<script>alert(1)</script> ; a=b"
    assert len(replaced.headers["X-Request-ID"]) == 32


def test_tokens_passwords_cookies_and_long_query_text_are_never_logged(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    client = make_app(ACCESS_LOG_MAX_QUERY=20).test_client()
    query = "SELECT * WHERE { ?s ?p 'the secret name of an informant' }"
    client.set_cookie("session", "cookie-value-9876")
    client.get(
        "/sparql",
        query_string={"query": query, "access_token": TOKEN, "password": "hunter2-pass"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    client.post("/sparql", data={"update": "INSERT DATA { <a:x> <a:y> 'form-secret' }"},
                headers={"Authorization": f"Bearer {TOKEN}"})
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == LOGGER_NAME)
    for secret in (TOKEN, "hunter2-pass", "cookie-value-9876", "informant", "form-secret"):
        assert secret not in text
    entry = lines(caplog)[0]
    assert entry["params"]["query"] == query[:20] + "…"
    assert entry["params"]["access_token"] == "[redacted]"


def test_query_text_can_be_left_out_of_the_log_entirely(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    make_app(ACCESS_LOG_MAX_QUERY=0).test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert "query" not in lines(caplog)[0]["params"]


def test_the_access_log_can_be_switched_off(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    make_app(ACCESS_LOG=False).test_client().get("/healthz")
    assert lines(caplog) == []


def test_a_page_answered_from_memory_is_logged_and_counted_like_any_other(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    from test_ops_metrics import sample

    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    client = make_app().test_client()
    first = client.get("/ontology?token=hidden-0123")
    again = client.get("/ontology?token=hidden-0123", headers={"X-Request-ID": "edge-7"})
    unchanged = client.get("/ontology?token=hidden-0123",
                           headers={"If-None-Match": again.headers["ETag"]})
    assert again.get_data() == first.get_data() and unchanged.status_code == 304
    entries = [e for e in lines(caplog) if e["path"] == "/ontology"]
    assert [e["status"] for e in entries] == [200, 200, 304]
    assert {e["route"] for e in entries} == {"/ontology"}
    assert entries[1]["request_id"] == again.headers["X-Request-ID"] == "edge-7"
    assert entries[2]["request_id"] == unchanged.headers["X-Request-ID"]
    assert entries[1]["params"] == {"token": "[redacted]"}
    assert first.headers["X-Request-ID"] != again.headers["X-Request-ID"]
    text = client.get("/metrics").text
    assert sample(text, "tomgraph_http_requests_total",
                  route="/ontology", method="GET", status="200") == 2
    assert sample(text, "tomgraph_http_requests_total",
                  route="/ontology", method="GET", status="304") == 1
