"""Serving the app with waitress: a production WSGI server, pure Python, threaded.

Waitress threads only parse HTTP and wait: queries run in the endpoint's worker processes,
so a few more threads than workers keep every worker busy and pages responsive.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType

from flask import Flask
from waitress.server import create_server

from .current import close_store
from .endpoint import shutdown, warm_up
from .endpoint.state import endpoint_state
from .memory import Trimmer, limit_arenas
from .server_hits import answer_hits_first


def serve(
    app: Flask,
    *,
    host: str = "127.0.0.1",
    port: int = 5000,
    threads: int | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve ``app`` until interrupted or terminated; workers are stopped and the store the
    app opened is closed on the way out."""
    # Waitress hands each response from a request thread to its I/O thread; with Python's
    # default 5 ms GIL switch interval that hand-off alone can add milliseconds per request.
    sys.setswitchinterval(0.0005)
    limit_arenas()  # before the request and query threads start
    trimmer = Trimmer().start()
    warm_up(app)
    state = endpoint_state(app)
    threads = threads or max(8, state.workers + 4)
    server = create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=int(app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024),
        channel_timeout=max(120, int(state.timeout) + 30),
        ident="tomgraph",
    )
    answer_hits_first(server, app)  # pages in memory skip the task threads
    bound_port = server.effective_port  # type: ignore[union-attr]
    url = f"http://{_url_host(host)}:{bound_port}/"
    (announce or _print)(url)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        trimmer.stop()
        shutdown(app)
        close_store(app)


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def _print(url: str) -> None:
    print(f"tomgraph is serving on {url} (SPARQL endpoint: {url}sparql); Ctrl+C to stop",
          flush=True)
    sys.stdout.flush()
