"""``tomgraph --help`` lists every command, and every command's help ends with examples."""

from __future__ import annotations

import argparse

import pytest

from tomgraph.cli import build_parser


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_main_help_lists_every_registered_command(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    text = capsys.readouterr().out
    registered = subcommands()
    assert {"info", "load", "export", "generate"} <= set(registered)
    for name in registered:
        assert f"\n    {name} " in text, name


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_each_command_help_has_examples(name):
    help_text = subcommands()[name].format_help()
    examples = help_text.split("examples:\n", 1)
    assert len(examples) == 2, f"{name} --help has no examples"
    assert f"tomgraph {name}" in examples[1]
