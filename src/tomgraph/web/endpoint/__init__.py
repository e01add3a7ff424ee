"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (queries, opt-in updates, service description).

Modules: ``protocol`` reads requests, ``negotiation`` picks formats, ``scan`` finds what must
be refused (SERVICE, LOAD, foreign graphs), ``workers`` runs queries in killable processes,
``execute`` turns results into bytes, ``description`` is the service description, ``views``
ties them together. Registering ``bp`` also installs the app-wide security headers.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from ...errors import QueryTimeout
from .. import security
from . import views
from .state import endpoint_state, shutdown, warm_up

bp = Blueprint("endpoint", __name__)
views.register(bp)


@bp.record_once
def _install_security(state: BlueprintSetupState) -> None:
    security.init_app(state.app)  # type: ignore[arg-type]
    # Any page or named query that overruns the timeout answers 503 (web/querying.py).
    from ..querying import timeout_response

    state.app.register_error_handler(QueryTimeout, timeout_response)


__all__ = ["bp", "endpoint_state", "shutdown", "warm_up"]
