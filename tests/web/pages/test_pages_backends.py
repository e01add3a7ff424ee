"""Every page renders over each store backend (embedded Oxigraph, a remote SPARQL service)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tomgraph.namespaces import MET, TOM
from tomgraph.store import Store
from tomgraph.web import create_app

PAGES = [
    "/",
    "/capabilities",
    "/capabilities?metric=mips",
    "/query?query=" + quote(f"SELECT ?s WHERE {{ ?s a <{TOM}Project> }}"),
    "/queries/projects-by-stage?run=1",
    "/resource?iri=" + quote(MET + "mips", safe=""),
    "/search?q=custody",
    "/ontology",
]


@pytest.mark.slow
@pytest.mark.parametrize("path", PAGES)
def test_pages_render_over_every_backend(backend_example_store: Store, path: str) -> None:
    app = create_app({"TESTING": True, "QUERY_WORKERS": 0}, store=backend_example_store)
    response = app.test_client().get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert "notice-error" not in response.get_data(as_text=True)
