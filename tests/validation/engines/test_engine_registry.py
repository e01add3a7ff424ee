"""One registry names the SHACL engines; the CLI and ``validate()`` read it, never a copy."""

from __future__ import annotations

import argparse

import pytest

from tomgraph.cli import validate as validate_command
from tomgraph.errors import UsageError
from tomgraph.validation.engines import DEFAULT_ENGINE, ENGINE_NAMES, ENGINES, get_engine


def _engine_option() -> argparse.Action:
    parser = argparse.ArgumentParser()
    validate_command.register(parser.add_subparsers())
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return next(a for a in sub.choices["validate"]._actions if a.dest == "engine")


def test_every_registered_engine_is_made_under_its_own_name():
    for name, entry in ENGINES.items():
        assert entry.name == name
        assert get_engine(name).name == name


def test_the_command_line_offers_exactly_the_registered_engines():
    option = _engine_option()
    assert tuple(option.choices) == ENGINE_NAMES
    assert option.default == DEFAULT_ENGINE
    assert all(entry.description in option.help for entry in ENGINES.values())


def test_an_unknown_engine_name_lists_the_registered_ones():
    with pytest.raises(UsageError, match="choose one of: reference, fast"):
        get_engine("turbo")
