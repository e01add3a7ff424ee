"""Random command lines: an exit code of 0 to 3 and a clear message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomgraph.cli import main

# Commands that start servers, run Java or generate large models are left out: their
# arguments are parsed by the same argparse and typed-error machinery as the rest.
COMMANDS = ["info", "load", "query", "queries", "export", "validate", "backup", "restore"]
OPTIONS = ["--store", "--endpoint", "--format", "--graph", "--output", "-o", "--force",
           "--help", "--version", "--engine", "--param", "--limit", "--stated", "-"]
VALUES = ["db", "nowhere", "x.ttl", "x.nq", "turtle", "nquads", "csv", "json", "ntriples",
          "ASK {}", "SELECT * WHERE {", "http://127.0.0.1:9/sparql", "urn:g", "a=b",
          "capability-heatmap", "0", "-1", "", " ", "\x00", "../../etc/passwd", "é"]
argument = st.sampled_from(OPTIONS) | st.sampled_from(VALUES) | st.text(max_size=12)


@given(command=st.sampled_from(COMMANDS), rest=st.lists(argument, max_size=5))
def test_any_command_line_ends_with_a_known_exit_code_and_no_traceback(
    command: str, rest: list[str], tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    workdir = tmp_path_factory.mktemp("cli")
    (workdir / "x.ttl").write_text("<urn:a> <urn:b> 'c' .\n")
    (workdir / "x.nq").write_bytes(b"\xff\xfe not rdf")
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("TOMGRAPH_ENDPOINT", raising=False)
    monkeypatch.delenv("TOMGRAPH_STORE", raising=False)
    argv = [command, *rest]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: --help, --version, or a usage error
        code = exc.code if isinstance(exc.code, int) else 2
    err = capsys.readouterr().err
    assert code in (0, 1, 2, 3), (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    assert not any(p.name.startswith(".") for p in Path(workdir).iterdir()), "partial file left"
