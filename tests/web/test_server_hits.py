"""Over real HTTP (waitress, as ``tomgraph serve`` runs it), a page already rendered is
answered by the server's I/O thread, with the same bytes, headers and rules as before: a write
shows on the next read, ``If-None-Match`` gets 304, sign-in still gates every read, and
requests sent back to back on one connection are answered in order."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pyoxigraph as ox
import requests
from flask import Flask
from waitress.server import create_server

from tomgraph.namespaces import MODEL_GRAPH, RDFS, TOM
from tomgraph.store import EmbeddedStore, example_store
from tomgraph.web.app import create_app
from tomgraph.web.page_cache import page_cache
from tomgraph.web.server_hits import answer_hits_first


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="tomgraph")
    assert answer_hits_first(server, app)
    closing = threading.Event()

    def run() -> None:
        try:
            server.run()
        except OSError:
            # Closing the sockets from this thread can interrupt the loop's select() (EBADF);
            # ``tomgraph serve`` closes from the loop's own thread, so it never sees this.
            if not closing.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    finally:
        closing.set()
        server.close()
        thread.join(timeout=5)


def _capabilities(store: EmbeddedStore, n: int = 1) -> list[str]:
    rows = store.query(f"SELECT ?c WHERE {{ ?c a <{TOM}Capability> }} ORDER BY ?c LIMIT {n}")
    return [row[0].value for row in rows if row[0] is not None]


def _page(iri: str) -> str:
    return f"/resource?iri={quote(iri, safe='')}"


def test_a_repeated_page_comes_from_memory_with_the_same_bytes_on_one_connection() -> None:
    store = example_store()
    app = create_app({}, store=store)
    url = _page(_capabilities(store)[0])
    with serving(app) as base, requests.Session() as session:
        first = session.get(base + url)
        assert first.status_code == 200
        repeats = [session.get(base + url) for _ in range(3)]
    cache = page_cache(app)
    assert cache is not None and cache.hits == 3
    for again in repeats:
        assert again.status_code == 200
        assert again.content == first.content
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Content-Type"] == first.headers["Content-Type"]
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
        assert again.headers.get("X-Request-ID") != first.headers["X-Request-ID"]


def test_a_write_through_tomgraph_shows_on_the_next_read_over_http() -> None:
    store = example_store()
    app = create_app({}, store=store)
    iri = _capabilities(store)[0]
    with serving(app) as base, requests.Session() as session:
        session.get(base + _page(iri))
        assert session.get(base + _page(iri)).status_code == 200
        store.apply([ox.Quad(ox.NamedNode(iri), ox.NamedNode(RDFS + "comment"),
                             ox.Literal("a note written just now"), ox.NamedNode(MODEL_GRAPH))])
        after = session.get(base + _page(iri))
    assert "a note written just now" in after.text


def test_a_client_holding_the_page_gets_an_empty_304_from_the_server() -> None:
    store = example_store()
    app = create_app({}, store=store)
    url = _page(_capabilities(store)[0])
    with serving(app) as base, requests.Session() as session:
        tag = session.get(base + url).headers["ETag"]
        again = session.get(base + url, headers={"If-None-Match": tag})
        still = session.get(base + url)  # the connection is still usable after the 304
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == tag
    assert still.status_code == 200


def test_sign_in_still_gates_every_read_over_http() -> None:
    store = example_store()
    app = create_app({"REQUIRE_LOGIN": True}, store=store)
    url = _page(_capabilities(store)[0])
    with serving(app) as base, requests.Session() as session:
        answers = [session.get(base + url, allow_redirects=False) for _ in range(3)]
    assert all(a.status_code in (302, 303, 401) for a in answers)
    cache = page_cache(app)
    assert cache is None or cache.hits == 0


def test_requests_sent_back_to_back_are_answered_in_order() -> None:
    store = example_store()
    app = create_app({}, store=store)
    first, second = (_page(iri) for iri in _capabilities(store, 2))
    with serving(app) as base:
        requests.get(base + first)  # first is in memory, second is not
        host, port = base.removeprefix("http://").split(":")
        wire = b"".join(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
            for path in (first, second, first)
        )
        with socket.create_connection((host, int(port)), timeout=30) as conn:
            conn.sendall(wire)
            reply = _read_responses(conn, 3)
    labels = [_label_of(body) for body in reply]
    assert labels[0] == labels[2] != labels[1]


def _read_responses(conn: socket.socket, n: int) -> list[bytes]:
    data, bodies = b"", []
    while len(bodies) < n:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1").lower()
            length = int(head.split("content-length:")[1].split("\r\n")[0])
            if len(data) >= head_end + 4 + length:
                assert head.startswith("http/1.1 200")
                bodies.append(data[head_end + 4:head_end + 4 + length])
                data = data[head_end + 4 + length:]
                continue
        chunk = conn.recv(65536)
        assert chunk, "the server closed the connection early"
        data += chunk
    return bodies


def _label_of(body: bytes) -> str:
    text = body.decode("utf-8")
    return text.split("<title>", 1)[1].split("</title>", 1)[0]
