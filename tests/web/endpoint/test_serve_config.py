"""``tomgraph serve`` options become app config; an on-disk store is served through a view."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tomgraph.cli import build_parser
from tomgraph.cli.serve import app_config
from tomgraph.errors import UsageError
from tomgraph.store import EmbeddedStore
from tomgraph.web import create_app
from tomgraph.web.endpoint import shutdown, warm_up


def config_for(*argv: str) -> dict:
    return app_config(build_parser().parse_args(["serve", *argv]))


def test_defaults_serve_the_example_read_only() -> None:
    config = config_for()
    assert config["STORE_PATH"] is None and config["STORE_FILES"] == []
    assert "ALLOW_UPDATES" not in config and "QUERY_TIMEOUT" not in config


def test_options_map_to_config(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("a-long-enough-token-1234\n")
    config = config_for("--store", str(tmp_path), "--query-timeout", "7", "--max-rows", "10",
                        "--workers", "3", "--allow-updates", "--token-file", str(token))
    assert config["STORE_PATH"] == str(tmp_path)
    assert config["QUERY_TIMEOUT"] == 7.0 and config["MAX_RESULT_ROWS"] == 10
    assert config["QUERY_WORKERS"] == 3
    assert config["ALLOW_UPDATES"] is True and config["UPDATE_TOKEN"] == "a-long-enough-token-1234"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--allow-updates"], "--token-file"),
        (["--token-file", "x"], "only matters with --allow-updates"),
    ],
)
def test_contradictory_options_are_usage_errors(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        config_for(*argv)


def test_a_short_token_is_refused(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("short")
    with pytest.raises(UsageError, match="at least 16"):
        config_for("--allow-updates", "--token-file", str(token))


def test_an_on_disk_store_is_queried_and_updated_through_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = EmbeddedStore(path)
    store.load_bytes(b'<http://e.org/a> <http://e.org/p> "1" .', ox.RdfFormat.N_TRIPLES,
                     graph="http://e.org/g")
    store.close()
    token = "a-long-enough-token-1234"
    app = create_app({"TESTING": True, "STORE_PATH": str(path), "ALLOW_UPDATES": True,
                      "UPDATE_TOKEN": token, "QUERY_WORKERS": 1})
    try:
        warm_up(app)
        client = app.test_client()
        count = {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "format": "csv"}
        assert client.get("/sparql", query_string=count).text.split() == ["n", "1"]
        update = "INSERT DATA { GRAPH <http://e.org/g> { <http://e.org/b> <http://e.org/p> 2 } }"
        response = client.post("/sparql", data={"update": update},
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 204
        assert client.get("/sparql", query_string=count).text.split() == ["n", "2"]
    finally:
        shutdown(app)
        app.extensions["tomgraph"].close()
    # The views were removed with the workers; only the store is left.
    assert [p.name for p in tmp_path.iterdir()] == ["store"]
