"""The dashboard's tables after a save: the previous table plus the changes, never a copy."""

from __future__ import annotations

import pytest

from tomgraph.web.pages import layered
from tomgraph.web.pages.layered import Layered


def test_a_layered_mapping_reads_as_its_base_with_the_changes_applied() -> None:
    base = {"a": 1, "b": 2, "c": 3}
    after = Layered(base).with_changes({"b": 20, "c": None, "d": 4})
    assert dict(after) == {"a": 1, "b": 20, "d": 4}
    assert len(after) == 3 and "c" not in after and "d" in after
    assert after.get("c") is None and after["a"] == 1
    with pytest.raises(KeyError):
        after["c"]


def test_the_previous_version_is_left_as_it_was() -> None:
    base = {"a": 1}
    first = Layered(base).with_changes({"b": 2})
    second = first.with_changes({"a": None, "b": 3})
    assert dict(first) == {"a": 1, "b": 2} and dict(second) == {"b": 3}
    assert base == {"a": 1}


def test_removing_a_key_the_base_never_had_changes_nothing() -> None:
    after = Layered({"a": 1}).with_changes({"z": None})
    assert dict(after) == {"a": 1} and len(after) == 1


def test_many_changes_are_folded_into_a_new_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layered, "FOLD_AT", 2)
    version = Layered({"a": 0})
    expected = {"a": 0}
    for n in range(10):
        version = version.with_changes({f"k{n}": n, "a": None if n % 2 else n})
        expected[f"k{n}"] = n
        if n % 2:
            expected.pop("a", None)
        else:
            expected["a"] = n
        assert dict(version) == expected and len(version) == len(expected)
    assert len(version._changes) <= 3
