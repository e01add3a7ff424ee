"""Named queries: the library with descriptions, parameter forms, results and charts."""

from __future__ import annotations

from flask.testing import FlaskClient

from tomgraph.querylib import list_queries


def test_the_library_is_listed_with_titles_and_descriptions(client: FlaskClient) -> None:
    html = client.get("/queries").get_data(as_text=True)
    for query in list_queries():
        assert f'href="/queries/{query.name}"' in html
        assert query.title.replace("&", "&amp;") in html


def test_a_query_with_parameters_shows_a_form_and_runs_on_submit(client: FlaskClient) -> None:
    query = next(q for q in list_queries() if q.params)
    page = client.get(f"/queries/{query.name}").get_data(as_text=True)
    for param in query.params:
        assert f'name="{param.name}"' in page
    assert "Results" not in page
    ran = client.get(f"/queries/{query.name}?run=1").get_data(as_text=True)
    assert "Results" in ran


def test_a_query_without_parameters_runs_straight_away(client: FlaskClient) -> None:
    query = next((q for q in list_queries() if not q.params), None)
    if query is None:
        return
    html = client.get(f"/queries/{query.name}").get_data(as_text=True)
    assert "Results" in html and ('class="results"' in html or "notice-error" in html)


def test_a_chart_query_draws_bars(client: FlaskClient) -> None:
    charts = [q for q in list_queries() if q.output == "chart" or q.chart]
    for query in charts:
        html = client.get(f"/queries/{query.name}?run=1").get_data(as_text=True)
        assert "Results" in html
        assert 'class="bar-chart"' in html or "No results." in html or "notice" in html


def test_a_bad_parameter_value_is_a_clear_error_not_a_crash(client: FlaskClient) -> None:
    query = next(q for q in list_queries() if any(p.type == "integer" for p in q.params))
    param = next(p for p in query.params if p.type == "integer")
    response = client.get(f"/queries/{query.name}?run=1&{param.name}=not-a-number")
    assert response.status_code == 200
    assert "notice-error" in response.get_data(as_text=True)


def test_an_unknown_query_is_404(client: FlaskClient) -> None:
    assert client.get("/queries/no-such-query").status_code == 404
