"""The documentation keeps up with the code: a command or query nobody documented fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tomgraph.cli import COMMANDS, command_name
from tomgraph.querylib import list_queries

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [command_name(m) for m in COMMANDS])
def test_every_command_is_shown_in_the_readme(command):
    assert re.search(rf"tomgraph {command}\b", README), f"README never shows 'tomgraph {command}'"


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_every_named_query_is_listed_in_the_readme_and_the_query_docs(query):
    assert f"`{query}`" in README
    assert f"`{query}`" in (REPO / "docs" / "queries.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    commands = re.findall(r"^make (\w+)", README, flags=re.M)
    assert commands[:2] == ["run", "test"]
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_links_only_to_files_that_exist():
    for target in re.findall(r"\]\(((?:docs|examples)/[^)#]+)", README):
        assert (REPO / target).exists(), target
