"""A real Oxigraph server for tests: ``oxigraph serve`` on a free loopback port.

Any test area may use it::

    with OxigraphServer() as server:                 # in memory
        store = RemoteStore(server.query_url, gsp_endpoint=server.store_url)

    server = OxigraphServer(location=tmp_path / "db")  # on disk: survives stop()/start()

The server runs with ``--union-default-graph``, the setting tomgraph needs (docs/remote.md).
Processes are always reaped: ``stop()`` terminates (then kills) the process, and a server left
running by a crashed test session is stopped at interpreter exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import requests


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command installed beside this Python (the ``oxigraph`` pip package)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    return shutil.which("oxigraph")


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class OxigraphServer:
    """One ``oxigraph serve`` process; restartable on the same port and directory."""

    def __init__(
        self,
        *,
        location: Path | None = None,
        port: int | None = None,
        union_default_graph: bool = True,
        startup_timeout: float = 20.0,
    ) -> None:
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("the oxigraph command is missing: pip install oxigraph")
        self.binary = binary
        self.location = location
        self.port = port or free_port()
        self.union_default_graph = union_default_graph
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        atexit.register(self.stop)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint."""
        return f"{self.base}/store"

    def start(self) -> OxigraphServer:
        """Start the process and wait until it answers HTTP."""
        if self.process is not None:
            return self
        command = [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.location is not None:
            command += ["--location", str(self.location)]
        if self.union_default_graph:
            command.append("--union-default-graph")
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env={**os.environ, "RUST_LOG": "error"},
        )
        self._wait_ready()
        return self

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after 5 s) and reap it."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            process.stderr.close()

    def restart(self) -> None:
        self.stop()
        self.start()

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr
                err = stderr.read().decode(errors="replace") if stderr else ""
                self.process = None
                raise RuntimeError(f"oxigraph serve exited at start: {err.strip()}")
            try:
                with requests.get(self.base + "/", timeout=1) as response:
                    if response.status_code < 500:
                        return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.base} within "
                           f"{self.startup_timeout:g} s")

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
