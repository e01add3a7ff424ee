"""Bad exchange files: a clear error naming the line, exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tomgraph.archimate import import_file
from tomgraph.cli import main
from tomgraph.errors import InputError
from tomgraph.store import EmbeddedStore

from .samples import HEAD, every_type_model

SECRET = "top-secret-content-never-read"


def model(body: str) -> str:
    return HEAD + body + "</model>\n"


def bad_files(tmp_path: Path) -> dict[str, tuple[str, str]]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE model [\n<!ENTITY a "lol">\n'
              + "".join(f'<!ENTITY a{i} "{"&a;" * 10 if i == 0 else f"&a{i-1};" * 10}">\n'
                        for i in range(9))
              + ']>\n<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/">&a8;</model>')
    xxe = ('<?xml version="1.0"?>\n<!DOCTYPE model [<!ENTITY x SYSTEM "'
           + secret.as_uri() + '">]>\n'
           '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m">'
           '<name>&x;</name></model>')
    return {
        "not xml": ("this is not XML", "not well-formed XML"),
        "billion laughs": (laughs, "DTD"),
        "xxe": (xxe, "DTD"),
        "wrong namespace": ('<model xmlns="http://example.org/other"/>', "namespace"),
        "schema invalid": (model('<elements><element identifier="e1" xsi:type="Nonsense">'
                                 '<name>x</name></element></elements>'),
                           "not valid against the ArchiMate exchange schema"),
        "missing element": (model('<elements><element identifier="e1" xsi:type="Goal">'
                                  '<name>x</name></element></elements><relationships>'
                                  '<relationship identifier="r1" xsi:type="Influence" '
                                  'source="e1" target="e-gone"/></relationships>'),
                            "refers to 'e-gone'"),
        "duplicate identifier": (model(
            '<elements><element identifier="e1" xsi:type="Goal"><name>x</name></element>'
            '<element identifier="e1" xsi:type="Goal"><name>y</name></element></elements>'),
            "duplicate identifier 'e1'"),
    }


@pytest.mark.parametrize("case", ["not xml", "billion laughs", "xxe", "wrong namespace",
                                  "schema invalid", "missing element", "duplicate identifier"])
def test_bad_input_is_refused_with_a_line_and_exit_2_and_nothing_is_loaded(
    case, tmp_path, capsys
):
    text, expected = bad_files(tmp_path)[case]
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    store_dir = tmp_path / "store"
    code = main(["import", str(path), "--store", str(store_dir)])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err
    assert f"{path}:" in err
    assert SECRET not in err
    with EmbeddedStore(store_dir) as store:
        assert store.count() == 0


def test_an_xml_bomb_is_refused_before_any_entity_is_expanded(tmp_path):
    text, _ = bad_files(tmp_path)["billion laughs"]
    path = tmp_path / "bomb.xml"
    path.write_text(text)
    with pytest.raises(InputError, match="DTD"):
        import_file(EmbeddedStore(), path)


def test_a_relationship_archimate_forbids_is_kept_with_a_warning(tmp_path, capsys):
    path = tmp_path / "all.xml"
    path.write_text(every_type_model(), encoding="utf-8")
    store = EmbeddedStore()
    report = import_file(store, path)
    forbidden = "does not allow Serving from ApplicationFunction to Capability"
    assert any(forbidden in w for w in report.warnings)
    assert store.count() > 0


def test_dry_run_checks_and_counts_but_writes_nothing(tmp_path, capsys):
    path = tmp_path / "all.xml"
    path.write_text(every_type_model(), encoding="utf-8")
    EmbeddedStore(tmp_path / "s").close()
    code = main(["import", str(path), "--store", str(tmp_path / "s"), "--dry-run"])
    assert code == 0
    assert "would import 62 elements" in capsys.readouterr().out
    with EmbeddedStore(tmp_path / "s") as store:
        assert store.count() == 0


def test_a_property_map_file_maps_other_property_names(tmp_path):
    path = tmp_path / "all.xml"
    path.write_text(every_type_model().replace(">Maturity<", ">Reife<"), encoding="utf-8")
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text("properties:\n  Reife: tom:currentMaturity\n")
    store_dir = tmp_path / "s"
    assert main(["import", str(path), "--store", str(store_dir), "--map",
                 str(mapping_file)]) == 0
    with EmbeddedStore(store_dir) as store:
        ask = store.query("ASK { ?c <https://w3id.org/tomgraph/ontology#currentMaturity> "
                          "<https://w3id.org/tomgraph/ontology#Maturity3> }")
        assert bool(ask)


def test_an_input_of_unknown_kind_or_a_missing_file_is_a_usage_error(tmp_path, capsys):
    other = tmp_path / "model.csv"
    other.write_text("a,b\n")
    assert main(["import", str(other), "--store", str(tmp_path / "s")]) == 2
    assert "cannot import this kind of file" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "gone.xml"), "--store", str(tmp_path / "s")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_schema_error_late_in_a_big_file_leaves_the_store_as_it_was_with_the_validations_message(
    tmp_path,
):
    from tomgraph.archimate.validate import validate_file

    good = tmp_path / "good.xml"
    good.write_text(every_type_model(), encoding="utf-8")
    store = EmbeddedStore()
    import_file(store, good)
    before = store.count()
    # Enough records for the one-parse import to stream chunks to the store before it reaches
    # the bad element near the end.
    rows = [f'<element identifier="e{i}" xsi:type="Goal"><name>n{i}</name></element>\n'
            for i in range(30_000)]
    rows.insert(29_990, '<element identifier="bad" xsi:type="Nonsense"><name>x</name></element>\n')
    rels = "".join(f'<relationship identifier="r{i}" xsi:type="Influence" source="e{i}" '
                   f'target="e{i + 1}"/>\n' for i in range(20_000))
    bad = tmp_path / "bad.xml"
    bad.write_text(model("<elements>\n" + "".join(rows) + "</elements><relationships>\n" + rels
                         + "</relationships>"), encoding="utf-8")
    with pytest.raises(InputError) as alone:
        validate_file(bad, structure_only=True)
    with pytest.raises(InputError) as imported:
        import_file(store, bad)
    assert (imported.value.message, imported.value.line) == (alone.value.message,
                                                             alone.value.line)
    assert store.count() == before
