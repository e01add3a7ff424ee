"""A real OpenLink Virtuoso for tests: ``virtuoso-t`` on free loopback ports, throw-away database.

::

    with VirtuosoServer() as server:
        store = RemoteStore(server.query_url, update_endpoint=server.query_url,
                            gsp_endpoint=server.store_url)

The database lives in a temporary directory removed on stop. Anonymous SPARQL users may
update (``GRANT SPARQL_UPDATE TO "SPARQL"``), which a test database needs and a real one
should not have: see docs/remote.md. Start-up waits at most ``startup_timeout`` seconds.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import requests
from oxigraph_server import free_port

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


class VirtuosoServer:
    """One ``virtuoso-t`` process with its own database directory."""

    def __init__(self, *, startup_timeout: float = 60.0) -> None:
        binary = virtuoso_binary()
        if binary is None:
            raise RuntimeError("virtuoso-t is missing: scripts/install-system-deps.sh")
        self.binary = binary
        self.startup_timeout = startup_timeout
        self.directory = Path(tempfile.mkdtemp(prefix="tomgraph-virtuoso-"))
        self.sql_port = free_port()
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def start(self) -> None:
        ini = self.directory / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.directory, sql_port=self.sql_port,
                                  http_port=self.http_port), encoding="utf-8")
        self.process = subprocess.Popen(
            [self.binary, "+foreground", "+configfile", str(ini)],
            cwd=self.directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        atexit.register(self.stop)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {self._log_tail()}")
            try:
                if requests.get(self.query_url, params={"query": "ASK {}"}, timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            self.stop()
            raise RuntimeError(f"virtuoso-t did not answer within {self.startup_timeout:g} s")
        self._sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        self._sql("GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO \"SPARQL\";")
        self._sql("DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")

    def _sql(self, statement: str) -> None:
        isql = shutil.which("isql-vt") or "isql"
        subprocess.run([isql, str(self.sql_port), "dba", "dba", f"exec={statement}"],
                       check=True, capture_output=True, timeout=60)

    def _log_tail(self) -> str:
        log = self.directory / "virtuoso.log"
        return log.read_text(errors="replace")[-500:] if log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
