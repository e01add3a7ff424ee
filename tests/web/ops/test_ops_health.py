"""/healthz says the process is up; /readyz says whether the store answers in time."""

from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Flask

from tomgraph.errors import StoreUnavailable
from tomgraph.store import EmbeddedStore


class BrokenStore(EmbeddedStore):
    """A real store whose queries fail as a remote store's do when it is down."""

    def query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise StoreUnavailable("http://10.0.0.5:7878/query: connection refused")


class HangingStore(EmbeddedStore):
    """A real store whose queries never return until released."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def query(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.release.wait(30)
        return super().query(*args, **kwargs)


def test_healthz_answers_ok_without_touching_the_store(make_app: Callable[..., Flask]) -> None:
    app = make_app(BrokenStore())
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_answers_ok_when_the_store_answers(make_app: Callable[..., Flask]) -> None:
    response = make_app().test_client().get("/readyz")
    assert response.status_code == 200
    assert response.text == "ready\n"


def test_readyz_answers_503_without_internal_detail_when_the_store_fails(
    make_app: Callable[..., Flask],
) -> None:
    response = make_app(BrokenStore()).test_client().get("/readyz")
    assert response.status_code == 503
    assert "10.0.0.5" not in response.text
    assert response.headers["Retry-After"] == "5"


def test_readyz_answers_503_within_its_timeout_when_the_store_hangs(
    make_app: Callable[..., Flask],
) -> None:
    store = HangingStore()
    app = make_app(store, READY_TIMEOUT=0.3)
    try:
        client = app.test_client()
        first = client.get("/readyz")
        second = client.get("/readyz")  # waits on the same check, starts no second thread
        assert first.status_code == second.status_code == 503
        assert "did not answer within 0.3 s" in first.text
    finally:
        store.release.set()


def test_health_and_metrics_are_never_tagged_or_answered_from_a_cache(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(EmbeddedStore()).test_client()
    for path in ("/healthz", "/readyz"):
        first = client.get(path)
        assert "ETag" not in first.headers, path
        again = client.get(path, headers={"If-None-Match": "*"})
        assert again.status_code in (200, 503), path
        assert again.headers["Cache-Control"] == "no-store", path
