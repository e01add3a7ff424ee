"""``tomgraph generate``: a synthetic model of the size asked for, written atomically."""

from __future__ import annotations

from cli_runner import one_line_error

from tomgraph.store import EmbeddedStore


def test_generate_writes_a_model_that_loads(cli, tmp_path):
    out = tmp_path / "model.ttl"
    run = cli("generate", "--capabilities", "150", "--seed", "4", "-o", out)
    assert run.code == 0 and run.out == ""
    assert run.err.startswith(f"wrote {out}: ") and "150 capabilities" in run.err
    store = EmbeddedStore()
    store.load_files([out])
    assert store.count() > 150 * 10


def test_generate_to_stdout_with_an_explicit_format(cli):
    run = cli("generate", "--capabilities", "100", "--format", "turtle", "-o", "-")
    assert run.code == 0
    assert run.out.startswith("@prefix gen: <https://w3id.org/tomgraph/generated/> .")


def test_the_same_seed_gives_the_same_file(cli, tmp_path):
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    assert cli("generate", "--capabilities", "120", "--seed", "8", "-o", a).code == 0
    assert cli("generate", "--capabilities", "120", "--seed", "8", "-o", b).code == 0
    assert a.read_bytes() == b.read_bytes()


def test_a_size_out_of_range_is_refused_and_writes_nothing(cli, tmp_path):
    out = tmp_path / "m.nt"
    message = one_line_error(cli("generate", "--capabilities", "5", "-o", out), "generate")
    assert message == "--capabilities must be between 100 and 100,000, not 5"
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_extension_or_format_is_refused(cli, tmp_path):
    message = one_line_error(cli("generate", "--capabilities", "100", "-o", tmp_path / "m.xml"),
                             "generate")
    assert "cannot tell the output format" in message and "--format" in message
    message = one_line_error(cli("generate", "--capabilities", "100", "--format", "jsonld",
                                 "-o", tmp_path / "m.nt"), "generate")
    assert message == "cannot generate 'jsonld' (known: ntriples, turtle)"
    assert list(tmp_path.iterdir()) == []


def test_an_output_in_a_missing_directory_is_refused(cli, tmp_path):
    target = tmp_path / "missing" / "m.nt"
    message = one_line_error(cli("generate", "--capabilities", "100", "-o", target), "generate")
    assert message == f"{target}: no such directory {target.parent}"
