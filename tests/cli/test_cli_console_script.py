"""The installed ``tomgraph`` script, run as a real process: exit codes and no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tomgraph.generate import generate_file
from tomgraph.store.progress import BIG_LOAD_BYTES

TOMGRAPH = Path(sys.executable).with_name("tomgraph")


def tomgraph(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(TOMGRAPH), *map(str, argv)], capture_output=True, text=True,
                          timeout=120)


def test_generate_load_and_info_work_end_to_end(tmp_path):
    model, store = tmp_path / "model.nt", tmp_path / "db"
    assert tomgraph("generate", "--capabilities", "200", "-o", model).returncode == 0
    assert tomgraph("load", model, "--store", store).returncode == 0
    info = tomgraph("info", "--store", store)
    assert info.returncode == 0
    assert "capabilities" in info.stdout and "200" in info.stdout


def test_a_malformed_file_exits_2_with_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <https://example.org/> .\nex:a ex:p "ok" .\n'
                   'ex:b ex:p ex:c ex:d .\n')
    run = tomgraph("load", bad, "--store", tmp_path / "db")
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"tomgraph load: error: {bad}:3:16: A dot is expected at the end of statements"
    ]
    assert run.stdout == ""


@pytest.mark.slow
def test_a_big_load_shows_a_progress_bar_on_a_terminal(tmp_path):
    import fcntl
    import os
    import pty
    import struct
    import termios

    model = tmp_path / "big.nt"
    generate_file(model, 10_000)
    assert model.stat().st_size > BIG_LOAD_BYTES
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        # Read while it runs: a terminal that nobody reads would fill up and stall the load.
        child = subprocess.Popen([str(TOMGRAPH), "load", str(model), "--store",
                                  str(tmp_path / "db")], stdout=subprocess.DEVNULL,
                                 stderr=follower)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the child exits
                break
            if not chunk:
                break
            shown += chunk
        returncode = child.wait(timeout=300)
    finally:
        os.close(leader)
    assert returncode == 0
    assert b"loading" in shown and b"100%" in shown
