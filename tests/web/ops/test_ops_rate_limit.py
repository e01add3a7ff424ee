"""The per-client rate limit on /sparql: off by default, 429 with Retry-After when hit."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tomgraph.web.ops.rate_limit import MAX_CLIENTS, RateLimiter

ASK = {"query": "ASK {}"}


def test_there_is_no_limit_by_default(make_app: Callable[..., Flask]) -> None:
    client = make_app().test_client()
    assert all(client.get("/sparql", query_string=ASK).status_code == 200 for _ in range(30))


def test_a_client_over_its_burst_gets_429_with_retry_after(make_app: Callable[..., Flask]) -> None:
    client = make_app(RATE_LIMIT_SPARQL=60, RATE_LIMIT_BURST=3).test_client()
    statuses = [client.get("/sparql", query_string=ASK).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/sparql", query_string=ASK)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "tomgraph_rate_limited_total 2" in client.get("/metrics").text


def test_the_limit_is_per_client_and_leaves_pages_alone(make_app: Callable[..., Flask]) -> None:
    app = make_app(RATE_LIMIT_SPARQL=60, RATE_LIMIT_BURST=1)
    client = app.test_client()
    first = {"REMOTE_ADDR": "192.0.2.1"}
    other = {"REMOTE_ADDR": "192.0.2.2"}
    assert client.get("/sparql", query_string=ASK, environ_base=first).status_code == 200
    assert client.get("/sparql", query_string=ASK, environ_base=first).status_code == 429
    assert client.get("/sparql", query_string=ASK, environ_base=other).status_code == 200
    assert client.get("/healthz", environ_base=first).status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_client_is_limited(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(RATE_LIMIT_SPARQL=60, RATE_LIMIT_BURST=1, PROXY_COUNT=1).test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def ask(client_ip: str) -> int:
        return client.get("/sparql", query_string=ASK, environ_base=proxy,
                          headers={"X-Forwarded-For": client_ip}).status_code

    assert ask("198.51.100.7") == 200
    assert ask("198.51.100.7") == 429
    assert ask("198.51.100.8") == 200


def test_tokens_refill_at_the_configured_rate() -> None:
    limiter = RateLimiter(per_minute=60, burst=1)
    assert limiter.take("a", now=0.0) == 0
    assert limiter.take("a", now=0.1) > 0.8
    assert limiter.take("a", now=1.2) == 0


def test_the_table_of_clients_stays_bounded() -> None:
    limiter = RateLimiter(per_minute=60, burst=1)
    for i in range(MAX_CLIENTS + 100):
        limiter.take(f"client-{i}", now=0.0)
    assert len(limiter._buckets) == MAX_CLIENTS
