"""Typed errors: user mistakes become one clear line and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path


class TomgraphError(Exception):
    """Base of every error tomgraph raises on purpose."""

    exit_code = 2


class UsageError(TomgraphError):
    """The caller asked for something that cannot be done as asked (unknown format, bad param)."""


class InputError(TomgraphError):
    """An input file (or stdin, or request body) is missing or malformed.

    Carries where the problem is so that the message points a person at the exact spot.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.source = str(source) if source is not None else None
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class QuerySyntaxError(InputError):
    """A SPARQL query or update that does not parse."""


class StoreError(TomgraphError):
    """The store could not do what was asked (locked directory, unreachable endpoint, I/O)."""

    exit_code = 3


class QueryTimeout(StoreError):
    """A query ran longer than the configured limit and was stopped."""


class StoreUnavailable(StoreError):
    """The store did not answer at all (down, unreachable, overloaded): worth trying again.

    Raised by the remote backend once its retries are spent; a web front end answers 503.
    """


class ReasonerError(TomgraphError):
    """The OWL reasoner could not finish (no Java, a crash, a timeout); nothing was written."""

    exit_code = 3
