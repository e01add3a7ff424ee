"""Pages already rendered are answered by waitress's I/O thread, without a task thread.

With a page in memory (:mod:`tomgraph.web.page_cache`) the page itself costs a dict lookup,
yet waitress still hands every request to a task thread and the response back to its I/O
thread: two thread switches, locks, and a WSGI environment and response built in Python,
several times the cost of the lookup, and more than Oxigraph's own server spends on a
request. So the request is looked up as soon as it has been read, on the I/O thread, and a
hit is written straight to the connection's output buffer; anything else (a miss, a HEAD, a
``Connection: close``, HTTP/1.0, a body) goes to the task threads as before.

This reaches into waitress's channel (its request queue and output buffers, as its own
``write_soon`` and ``send_continue`` use them): :func:`answer_hits_first` checks that they are
there and leaves the server as it is when they are not.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from waitress.utilities import build_http_date

from .page_cache import answer

_CHANNEL_PARTS = ("requests", "outbufs", "outbuf_lock", "total_outbufs_len",
                  "current_outbuf_count", "_flush_some", "_flush_exception", "connected")


def answer_hits_first(server: Any, app: Flask) -> bool:
    """Make ``server`` (waitress) answer page-cache hits before its task threads; returns
    whether it could (an unknown waitress leaves the server unchanged)."""
    if (not hasattr(server, "add_task") or not hasattr(server, "adj")
            or getattr(server.adj, "url_prefix", None)):
        return False
    queue_task = server.add_task
    ident = server.adj.ident
    clock = _Date()

    def add_task(channel: Any) -> None:
        # Called with the channel's requests_lock held, when its first request is complete.
        if not all(hasattr(channel, part) for part in _CHANNEL_PARTS):
            queue_task(channel)
            return
        while channel.requests and channel.connected:
            head = _response(app, channel.requests[0], _address(channel), ident, clock)
            if head is None:
                queue_task(channel)  # a task thread takes it and the ones after it
                return
            request = channel.requests.pop(0)
            request.close()
            _write(channel, head)
        if channel.requests:
            queue_task(channel)

    server.add_task = add_task
    return True


def _response(app: Flask, request: Any, address: str | None, ident: str, clock: _Date
              ) -> bytes | None:
    """The whole response to a parsed request, if it is a GET whose page is in memory."""
    if (request.error or request.command != "GET" or request.version != "1.1"
            or request.content_length or request.headers.get("CONNECTION", "").lower()
            == "close" or request.headers.get("EXPECT")):
        return None
    path = request.path
    if path.startswith("/"):
        path = "/" + path.lstrip("/")  # as waitress's WSGI environment has it
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path,
               "QUERY_STRING": request.query, "REMOTE_ADDR": address}
    for name, value in request.headers.items():
        environ["HTTP_" + name] = value
    hit = answer(app, environ)
    if hit is None:
        return None
    status, headers, body = hit
    lines = [f"HTTP/1.1 {status}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines += [f"Server: {ident}", f"Date: {clock.now()}", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def _address(channel: Any) -> str | None:
    addr = getattr(channel, "addr", None)
    return str(addr[0]) if isinstance(addr, tuple) and addr else None


def _write(channel: Any, data: bytes) -> None:
    """Queue ``data`` on the connection and send what the socket takes now, as waitress's
    ``write_soon`` does (the I/O loop sends the rest when the socket is writable)."""
    with channel.outbuf_lock:
        if channel.current_outbuf_count > 0:
            # waitress starts each response in a fresh buffer so that buffers are released
            channel.current_outbuf_count = channel.adj.outbuf_high_watermark
        if channel.current_outbuf_count >= channel.adj.outbuf_high_watermark:
            from waitress.buffers import OverflowableBuffer

            channel.outbufs.append(OverflowableBuffer(channel.adj.outbuf_overflow))
            channel.current_outbuf_count = 0
        channel.outbufs[-1].append(data)
        channel.current_outbuf_count += len(data)
        channel.total_outbufs_len += len(data)
        channel._flush_exception(channel._flush_some, do_close=False)
    channel.last_activity = time.time()
    if channel.total_outbufs_len:
        channel.server.pull_trigger()  # wake the I/O loop to send the rest


class _Date:
    """The HTTP ``Date`` header, formatted once a second."""

    def __init__(self) -> None:
        self.second = -1
        self.text = ""

    def now(self) -> str:
        second = int(time.time())
        if second != self.second:
            self.text, self.second = build_http_date(second), second
        return self.text
