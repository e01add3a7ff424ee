"""The ``/sparql`` route: protocol → ``run_user_query`` (policy, run) → response."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from ...errors import TomgraphError
from .. import querying  # the package is imported by querying too: names read at call time
from ..security import bearer_token_matches
from .description import service_description
from .execute import GRAPH_FORMATS, TRUNCATED_HEADER, Answer, answer_for, error
from .negotiation import negotiate
from .protocol import Operation, ProtocolError, read_operation
from .scan import scan, with_using
from .state import endpoint_state


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/sparql", "sparql", sparql, methods=["GET", "POST", "OPTIONS"])
    bp.after_request(_cors)


def sparql() -> Response:
    if request.method == "OPTIONS":
        return Response(status=204)
    try:
        operation = read_operation(request)
    except ProtocolError as exc:
        return _respond(error(exc.status, exc.message), exc.headers)
    if operation is None:
        return _describe()
    if operation.kind == "update":
        return _respond(_update(operation))
    return _respond(_query(operation))


def _endpoint_url() -> str:
    return request.base_url


def _query(operation: Operation) -> Answer:
    try:
        return querying.run_user_query(
            operation.text,
            visitor=True,
            default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs,
            base_iri=_endpoint_url(),
            formats=negotiate(request.accept_mimetypes, operation.format_params),
        )
    except Exception as exc:
        answer = answer_for(exc)
        if answer is None:
            raise
        return answer


def _update(operation: Operation) -> Answer:
    # Imported here: the editing package imports the pages, which import web.querying, which
    # imports this package.
    from ..editing.session_updates import editor_session_may_update

    config = current_app.config
    editor = editor_session_may_update()
    if not config.get("ALLOW_UPDATES") and not editor:
        return error(403, "Updates are disabled: this server is read-only "
                          "(start it with --allow-updates --token-file FILE to enable them)")
    if not editor and not bearer_token_matches(
        config.get("UPDATE_TOKEN"), request.headers.get("Authorization")
    ):
        answer = error(401, "Updates need 'Authorization: Bearer <token>' with the server's "
                            "token, or an editor's session with its CSRF token")
        answer.headers["WWW-Authenticate"] = 'Bearer realm="tomgraph"'
        return answer
    found = scan(operation.text, base=_endpoint_url())
    if found.service or found.load:
        return _refused(operation.text)
    text = operation.text
    if operation.default_graphs or operation.named_graphs:
        if found.with_or_using:
            return error(400, "using-graph-uri / using-named-graph-uri cannot be combined "
                              "with USING or WITH in the update itself")
        text = with_using(text, found, operation.default_graphs, operation.named_graphs)
    state = endpoint_state()
    with state.update_lock:
        try:
            state.store.update(text, base_iri=_endpoint_url())
        except TomgraphError as exc:  # syntax, timeout, outage: mapped by the one table
            return answer_for(exc, update=True) or error(500, f"Update failed: {exc}")
        state.after_update()
    return Answer(204, b"")


def _refused(text: str) -> Answer:
    """The answer the dataset policy gives an update that reaches outside the store."""
    try:
        querying.dataset_for(endpoint_state().store, text, base=_endpoint_url())
    except querying.QueryRefused as exc:
        return answer_for(exc) or error(400, str(exc))
    return error(400, querying.NO_OUTBOUND)


def _describe() -> Response:
    """A bare GET: the service description, in the RDF format asked for."""
    choice = negotiate(request.accept_mimetypes, request.args.getlist("format"))
    media = choice.graph or "text/turtle"
    config = current_app.config
    triples = service_description(
        _endpoint_url(), endpoint_state().store, updates=bool(config.get("ALLOW_UPDATES"))
    )
    body = ox.serialize(triples, format=GRAPH_FORMATS[media]) or b""
    content_type = choice.graph_display or media
    return _respond(Answer(200, body, f"{content_type}; charset=utf-8"))


def _respond(answer: Answer, extra: dict[str, str] | None = None) -> Response:
    response = Response(answer.body, status=answer.status, content_type=answer.content_type)
    for name, value in {**answer.headers, **(extra or {})}.items():
        response.headers[name] = value
    response.vary.add("Accept")
    return response


def _cors(response: Response) -> Response:
    """Let browser-side SPARQL clients on other origins query (not update without a token)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = TRUNCATED_HEADER
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
