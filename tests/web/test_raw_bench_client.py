"""The benchmark's raw load client counts whole responses, however the server frames them."""

from __future__ import annotations

import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
try:
    from bench.raw_client import cpu_seconds, hammer, request_bytes
finally:
    sys.path.remove(str(REPO))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    served = 0

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        type(self).served += 1
        if self.path.startswith("/chunked"):
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"hello ", b"world"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.headers.get("If-None-Match"):
            self.send_response(304)
            self.end_headers()
        elif self.path.startswith("/close"):
            body = b"bye"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
        else:
            body = b"x" * 70_000
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve() -> tuple[ThreadingHTTPServer, int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def test_responses_sized_chunked_and_not_modified_are_all_counted_without_errors() -> None:
    server, port = _serve()
    try:
        wire = [request_bytes("127.0.0.1", "/sized"), request_bytes("127.0.0.1", "/chunked"),
                request_bytes("127.0.0.1", "/sized", {"If-None-Match": '"a"'})]
        answered, errors, seconds = hammer("127.0.0.1", port, wire, seconds=0.5,
                                           processes=1, connections=2)
    finally:
        server.shutdown()
        server.server_close()
    assert answered > 10
    assert errors == 0
    assert 0.4 < seconds < 5


def test_a_server_closing_the_connection_is_reconnected_not_fatal() -> None:
    server, port = _serve()
    try:
        answered, errors, _ = hammer("127.0.0.1", port, [request_bytes("127.0.0.1", "/close")],
                                     seconds=0.5, processes=1, connections=1)
    finally:
        server.shutdown()
        server.server_close()
    assert answered > 2
    assert errors == 0


def test_cpu_seconds_of_this_process_grow_as_it_works() -> None:
    before = cpu_seconds(os.getpid())
    sum(i * i for i in range(2_000_000))
    assert cpu_seconds(os.getpid()) > before
