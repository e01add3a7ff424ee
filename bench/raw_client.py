"""A load client cheap enough not to be the bottleneck: keep-alive sockets, no HTTP library.

``requests`` in threads spends far more CPU per request than a server answering from memory
does, so a throughput measured with it is the client's, not the server's. Here each of
``processes`` worker processes drives ``connections`` keep-alive connections from one
``selectors`` loop (one request outstanding per connection), sending pre-built request bytes
and reading just enough of each response (``Content-Length`` or chunked) to know where it
ends. Both servers of a comparison are driven by this same client in the same run.

Also here: the CPU seconds a server process has used (``/proc/PID/stat``), to report server
CPU per request, which the client cannot distort.
"""

from __future__ import annotations

import multiprocessing
import os
import selectors
import socket
import time
from pathlib import Path


def request_bytes(host: str, target: str, headers: dict[str, str] | None = None) -> bytes:
    """A keep-alive HTTP/1.1 GET of ``target`` (path and query string)."""
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class _Conn:
    """One connection's parse state: the bytes read so far of the current response."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""
        self.n = 0

    def complete(self) -> int | None:
        """The status of the response in ``buf`` once it is whole (and drops it), else None."""
        head_end = self.buf.find(b"\r\n\r\n")
        if head_end < 0:
            return None
        head = self.buf[:head_end].lower()
        status = int(self.buf[9:12])
        start = head_end + 4
        at = head.find(b"\ncontent-length:")
        if at >= 0:
            end_line = head.find(b"\r", at + 1)
            length = int(head[at + 16:end_line if end_line > 0 else None])
            if len(self.buf) < start + length:
                return None
            self.buf = self.buf[start + length:]
            return status
        if b"transfer-encoding: chunked" in head:
            pos = start
            while True:
                line_end = self.buf.find(b"\r\n", pos)
                if line_end < 0:
                    return None
                size = int(self.buf[pos:line_end].split(b";")[0], 16)
                pos = line_end + 2 + size + 2
                if len(self.buf) < pos:
                    return None
                if size == 0:
                    self.buf = self.buf[pos:]
                    return status
        self.buf = self.buf[start:]  # no body (304)
        return status


def _connect(host: str, port: int) -> socket.socket:
    sock = socket.create_connection((host, port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _worker(host: str, port: int, requests: list[bytes], connections: int, seconds: float,
            offset: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    ok = errors = 0
    started = time.perf_counter()
    try:
        sel = selectors.DefaultSelector()
        conns = []
        for i in range(connections):
            conn = _Conn(_connect(host, port))
            conn.n = offset + i
            conns.append(conn)
            sel.register(conn.sock, selectors.EVENT_READ, conn)
            conn.sock.sendall(requests[conn.n % len(requests)])
        deadline = started + seconds
        while time.perf_counter() < deadline:
            for key, _ in sel.select(timeout=1.0):
                conn = key.data
                try:
                    data = conn.sock.recv(262144)
                except OSError:  # reset by a server that closed it
                    data = b""
                if not data:  # the server closed the connection: open another, ask again
                    sel.unregister(conn.sock)
                    conn.sock.close()
                    conn.sock, conn.buf = _connect(host, port), b""
                    sel.register(conn.sock, selectors.EVENT_READ, conn)
                    conn.sock.sendall(requests[conn.n % len(requests)])
                    continue
                conn.buf += data
                while (status := conn.complete()) is not None:
                    if status in (200, 304):
                        ok += 1
                    else:
                        errors += 1
                    conn.n += connections
                    try:
                        conn.sock.sendall(requests[conn.n % len(requests)])
                    except OSError:
                        break  # closed after its answer: the next read reconnects
        for conn in conns:
            conn.sock.close()
    finally:
        out.put((ok, errors, time.perf_counter() - started))


def hammer(host: str, port: int, requests: list[bytes], *, seconds: float,
           processes: int = 2, connections: int = 4) -> tuple[int, int, float]:
    """Send ``requests`` round-robin for ``seconds``; returns (answered, errors, seconds)."""
    ctx = multiprocessing.get_context("fork")
    out: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
    workers = [ctx.Process(target=_worker, args=(host, port, requests, connections, seconds,
                                                 i * connections, out))
               for i in range(processes)]
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]
    for w in workers:
        w.join()
    return (sum(r[0] for r in results), sum(r[1] for r in results),
            max(r[2] for r in results))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_listening_on(port: int) -> int | None:
    """The pid of this process's child whose command line names ``port`` (a server)."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(stat[1]) == me and any(str(port).encode() in part for part in cmdline):
            return int(entry.name)
    return None
