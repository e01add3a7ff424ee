"""The views page draws imported ArchiMate views as SVG, each node linking to its resource."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conformance import conformance_dir

from tomgraph.archimate import import_file
from tomgraph.store import EmbeddedStore, load_bundled
from tomgraph.web import create_app

from .samples import every_type_model

IDS = "https://w3id.org/tomgraph/archimate/id/"


@pytest.fixture
def client(tmp_path):
    store = EmbeddedStore()
    load_bundled(store, model=False)
    path = tmp_path / "all.xml"
    path.write_text(every_type_model(), encoding="utf-8")
    import_file(store, path)
    import_file(store, conformance_dir("archimate") / "bendpoint.test.xml")
    app = create_app({"TESTING": True, "QUERY_WORKERS": 0}, store=store)
    yield app.test_client()
    store.close()


def test_the_views_list_names_every_imported_view(client):
    html = client.get("/views").get_data(as_text=True)
    assert "Nested" in html
    assert "/views/view?iri=" in html


def test_a_view_renders_as_svg_with_nodes_linking_to_their_resource_pages(client):
    response = client.get("/views/view?iri=" + quote(IDS + "v-1", safe=""))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<svg" in html
    assert 'href="/resource?iri=' + IDS + 'e-Capability"' in html
    assert "Capability one" in html or "Capability eins" in html
    assert 'fill="#ff0000"' in html
    assert "450,30 450,60" in html, "bendpoints are drawn"


def test_labels_are_escaped(client):
    html = client.get("/views/view?iri=" + quote(IDS + "v-1", safe="")).get_data(as_text=True)
    assert "A &lt;note&gt;" in html
    assert "A <note>" not in html


def test_an_unknown_view_is_a_404(client):
    assert client.get("/views/view?iri=" + quote(IDS + "nope", safe="")).status_code == 404
