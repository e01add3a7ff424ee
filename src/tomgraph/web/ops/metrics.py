"""Request metrics of one app, rendered in the Prometheus text exposition format (0.0.4).

A few counters and one histogram do not need a client library: the registry is a plain
object kept in ``app.extensions``, so two apps (or two tests) never share a count. Values
that other parts already keep (query timeouts, worker restarts, store size) are read at
scrape time through callables rather than copied.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
"""Latency histogram bounds in seconds: from a cached page to a query at the timeout."""

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

Gauge = Callable[[], float | None]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(pairs: Iterable[tuple[str, str]]) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in pairs)
    return "{" + inner + "}" if inner else ""


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class Metrics:
    """Request counts by route, method and status; latency by route; gauges read on scrape."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, str], int] = {}
        self._latency: dict[str, list[int]] = {}
        self._latency_sum: dict[str, float] = {}
        self._latency_count: dict[str, int] = {}
        self._rate_limited = 0
        self._counters: list[tuple[str, str, Gauge]] = []
        self._gauges: list[tuple[str, str, Gauge]] = []

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        with self._lock:
            key = (route, method, str(status))
            self._requests[key] = self._requests.get(key, 0) + 1
            buckets = self._latency.setdefault(route, [0] * len(BUCKETS))
            index = bisect.bisect_left(BUCKETS, seconds)
            if index < len(BUCKETS):
                buckets[index] += 1
            self._latency_sum[route] = self._latency_sum.get(route, 0.0) + seconds
            self._latency_count[route] = self._latency_count.get(route, 0) + 1

    def rate_limited(self) -> None:
        with self._lock:
            self._rate_limited += 1

    def counter(self, name: str, help_text: str, read: Gauge) -> None:
        """A counter kept elsewhere, read when scraped (``None``: not applicable, omitted)."""
        self._counters.append((name, help_text, read))

    def gauge(self, name: str, help_text: str, read: Gauge) -> None:
        self._gauges.append((name, help_text, read))

    def render(self) -> str:
        """The exposition text."""
        with self._lock:
            requests = dict(self._requests)
            latency = {k: list(v) for k, v in self._latency.items()}
            sums = dict(self._latency_sum)
            counts = dict(self._latency_count)
            limited = self._rate_limited
        out = [
            "# HELP tomgraph_http_requests_total HTTP requests answered, by route and status.",
            "# TYPE tomgraph_http_requests_total counter",
        ]
        for (route, method, status), n in sorted(requests.items()):
            labels = _labels([("route", route), ("method", method), ("status", status)])
            out.append(f"tomgraph_http_requests_total{labels} {n}")
        out += [
            "# HELP tomgraph_http_request_duration_seconds Time to answer a request, by route.",
            "# TYPE tomgraph_http_request_duration_seconds histogram",
        ]
        for route in sorted(latency):
            cumulative = 0
            for bound, n in zip(BUCKETS, latency[route], strict=True):
                cumulative += n
                labels = _labels([("route", route), ("le", _number(bound))])
                out.append(f"tomgraph_http_request_duration_seconds_bucket{labels} {cumulative}")
            labels = _labels([("route", route), ("le", "+Inf")])
            out.append(f"tomgraph_http_request_duration_seconds_bucket{labels} {counts[route]}")
            labels = _labels([("route", route)])
            out.append(f"tomgraph_http_request_duration_seconds_sum{labels} {sums[route]!r}")
            out.append(f"tomgraph_http_request_duration_seconds_count{labels} {counts[route]}")
        out += [
            "# HELP tomgraph_rate_limited_total Requests refused with 429 by the rate limit.",
            "# TYPE tomgraph_rate_limited_total counter",
            f"tomgraph_rate_limited_total {limited}",
        ]
        for kind, items in (("counter", self._counters), ("gauge", self._gauges)):
            for name, help_text, read in items:
                try:
                    value = read()
                except Exception:  # noqa: BLE001 - a failing gauge never breaks the scrape
                    value = None
                if value is None:
                    continue
                out += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}",
                        f"{name} {_number(value)}"]
        return "\n".join(out) + "\n"
