"""The command line run in this process, as every area's CLI tests drive it.

The ``cli`` fixture (tests/conftest.py) runs ``tomgraph`` through ``tomgraph.cli.main`` and
gives a :class:`Run`; :func:`one_line_error` checks a user error is one clear line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Run:
    """What a command did: exit code and everything it printed."""

    code: int
    out: str
    err: str


def one_line_error(run: Run, command: str) -> str:
    """The single error line a failed command printed, checked to be that and no more."""
    assert run.code == 2, run
    assert "Traceback" not in run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith(f"tomgraph {command}: error: ")
    return lines[0].removeprefix(f"tomgraph {command}: error: ")
