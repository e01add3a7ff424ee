"""Mutated ArchiMate exchange files: imported whole, or refused with the file and line and the
store exactly as it was; never a traceback and never a hang."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from archimate.samples import every_type_model
from conformance import CONFORMANCE
from hypothesis import given, settings
from hypothesis import strategies as st
from importer_fuzz import bounded, cli_import_is_whole_or_refused, contents, mutated

from tomgraph.archimate import import_file
from tomgraph.errors import InputError
from tomgraph.store import EmbeddedStore

# A failing example built from a large seed prints as a long repr: a warning, not a failure.
pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")]

ARCHI = CONFORMANCE / "archimate"
SEEDS = {"every type": every_type_model().encode()} | {
    p.name: p.read_bytes() for p in sorted(ARCHI.glob("*.xml"))
}
TOKENS = [
    b"<", b">", b"/>", b'"', b"&", b"&amp;", b"&#0;", b"&#x110000;", b"&undefined;",
    b"<!DOCTYPE model>", b'<!ENTITY e "x">', b"<![CDATA[", b"]]>", b"<?pi x?>", b"<!-- -->",
    b'xsi:type="Nonsense"', b'xsi:type="Capability"', b'xsi:type="Composition"',
    b'identifier="e-Capability"', b'identifier="id-m"', b'identifierRef="nowhere"',
    b'elementRef="e-Goal"', b'relationshipRef="r-real"', b'source="e-Goal"',
    b'<element identifier="dup" xsi:type="Goal"/>', b"</element>", b"</node>", b"</view>",
    b"<node/>", b"<connection/>", b"<bendpoint/>", b"<item/>", b"<properties/>",
    b'xml:lang=""', b'xml:lang="\xff"', b'x="-1e309"', b'w="NaN"', b'r="999"', b'g="-5"',
    b'b="blue"', b'a="x"', b'accessType="Bogus"', b'isDirected="maybe"', b'modifier="<"',
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r\n", b'xmlns="http://example.org/other"',
    b'xmlns:xsi="urn:other"', b"<name>\xe2\x80\xae</name>",
]
HOSTILE_VALUES = [
    "", " ", "0", "-1", "1e309", "NaN", "abc", "999", "x" * 300, "e-Capability", "id-m",
    "nowhere", "Nonsense", "Capability", "<>&", "\u202e", "urn:x", "http://example.org/a b",
    "#", "a/b", "../x", "r-real", "v-1", "n-1", "pd-m",
]
_ATTRIBUTE = re.compile(rb'(\s[\w:]+)="([^"]*)"')


@st.composite
def attribute_edited(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with one to three attribute values replaced by hostile ones."""
    spots = list(_ATTRIBUTE.finditer(seed))
    data = seed
    for _ in range(draw(st.integers(1, 3))):
        m = spots[draw(st.integers(0, len(spots) - 1))]
        value = draw(st.sampled_from(HOSTILE_VALUES)).replace("&", "&amp;").replace("<", "&lt;")
        data = data[:m.start(2)] + value.encode() + data[m.end(2):]
        spots = list(_ATTRIBUTE.finditer(data))
    return data


def exchange_files() -> st.SearchStrategy[bytes]:
    seeds = st.sampled_from(sorted(SEEDS))
    return seeds.flatmap(lambda name: mutated(SEEDS[name], TOKENS)
                         | attribute_edited(SEEDS[name]))


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.update("INSERT DATA { GRAPH <urn:kept> { <urn:s> <urn:p> 'before' } }")
    return store


def assert_refused_well(exc: InputError, path: Path) -> None:
    message = str(exc)
    assert message.startswith(f"{path}:"), message
    assert "Traceback" not in message
    assert exc.line is not None or "empty" in message, f"no line given: {message}"


@settings(max_examples=80)
@given(data=exchange_files())
def test_a_mutated_exchange_file_imports_whole_or_is_refused_with_its_line_and_nothing_written(
    store: EmbeddedStore, data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("archimate") / "model.xml"
    path.write_bytes(data)
    before = contents(store)
    try:
        with bounded():
            import_file(store, path, graph="urn:fuzz")
    except InputError as exc:
        assert_refused_well(exc, path)
        assert contents(store) == before
    finally:
        store.clear("urn:fuzz")


@settings(max_examples=60)
@given(data=st.binary(max_size=600) | st.lists(st.sampled_from(TOKENS), max_size=40).map(
    b"".join))
def test_random_bytes_as_an_exchange_file_are_refused_with_where_and_nothing_written(
    store: EmbeddedStore, data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("archimate") / "random.xml"
    path.write_bytes(data)
    before = contents(store)
    with pytest.raises(InputError) as caught, bounded():
        import_file(store, path, graph="urn:fuzz")
    assert str(caught.value).startswith(f"{path}")
    assert contents(store) == before


@settings(max_examples=12)
@given(data=exchange_files())
def test_the_import_command_on_a_mutated_file_exits_0_or_2_with_no_traceback(
    data: bytes, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "model.xml"
    path.write_bytes(data)
    with EmbeddedStore(folder / "db") as db:
        db.update("INSERT DATA { GRAPH <urn:kept> { <urn:s> <urn:p> 'before' } }")
        before = contents(db)
    cli_import_is_whole_or_refused(path, folder / "db", lambda: capsys.readouterr().err, before,
                                   names=f"{path}:")
