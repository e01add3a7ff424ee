"""The schema's identity constraints, checked by the reader: an import refuses exactly what
the full Open Group schema refuses for keys and key references, with the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomgraph.archimate import import_file
from tomgraph.archimate.validate import needs_full_schema, schema_errors
from tomgraph.errors import InputError
from tomgraph.store import EmbeddedStore

from .samples import every_type_model

BROKEN = {
    "a relationship whose source is a property definition": (
        'source="e-Capability" target="e-Resource"/>',
        'source="pd-m" target="e-Resource"/>',
        "which is a property definition; it must name an element or a relationship",
    ),
    "a view node drawing a relationship as an element": (
        'elementRef="e-Resource"', 'elementRef="r-cap"', "which is a relationship",
    ),
    "a connection drawing an element as a relationship": (
        'relationshipRef="r-cap"', 'relationshipRef="e-Resource"', "which is an element",
    ),
    "a property naming an element as its definition": (
        '<property propertyDefinitionRef="pd-t"><value>model</value>',
        '<property propertyDefinitionRef="e-Goal"><value>model</value>',
        "which is an element; it must name a property definition",
    ),
    "a connection ending at something outside its view": (
        'source="n-1" target="n-2"/>', 'source="n-1" target="e-Goal"/>',
        "which is not a node or connection of view 'v-1'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_reference_to_the_wrong_kind_of_thing_is_refused_as_the_full_schema_refuses_it(
    case, tmp_path
):
    old, new, message = BROKEN[case]
    text = every_type_model()
    assert old in text
    path = tmp_path / "bad.xml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert schema_errors(path), "the full schema refuses it too"
    store = EmbeddedStore()
    with pytest.raises(InputError, match=message) as caught:
        import_file(store, path)
    assert caught.value.line
    assert store.count() == 0


def test_a_valid_model_passes_both_the_full_and_the_structure_schema(tmp_path):
    path = tmp_path / "all.xml"
    path.write_text(every_type_model(), encoding="utf-8")
    assert schema_errors(path) == []
    assert schema_errors(path, structure_only=True) == []
    assert not needs_full_schema(path)


@pytest.mark.parametrize("snippet, full", [
    ('<node identifier="n" elementRef="e" x="0" y="0" w="1" h="1"/>', False),
    ('<property propertyDefinitionRef="p"/>', False),
    ('<item><elementRef ref="e"/></item>', True),
    ('<a:relationshipRef ref="r"/>', True),
    ('<node viewRef="v"/>', True),
    ('<x conceptRef="c"/>', True),
])
def test_reference_forms_the_reader_does_not_check_send_a_file_through_the_full_schema(
    snippet, full, tmp_path: Path
):
    path = tmp_path / "f.xml"
    path.write_text(f"<model>{snippet}</model>")
    assert needs_full_schema(path) is full


def test_validation_in_a_parallel_process_reports_what_an_inline_one_does(tmp_path):
    from tomgraph.archimate.validate import BackgroundValidation

    good = tmp_path / "good.xml"
    good.write_text(every_type_model(), encoding="utf-8")
    BackgroundValidation(good, parallel_from=0).result()
    bad = tmp_path / "bad.xml"
    bad.write_text(every_type_model().replace('xsi:type="Goal"', 'xsi:type="Nonsense"'),
                   encoding="utf-8")
    background = BackgroundValidation(bad, parallel_from=0)
    assert background.process is not None
    with pytest.raises(InputError, match="not valid against the ArchiMate") as caught:
        background.result()
    assert caught.value.line
    assert background.process is None
