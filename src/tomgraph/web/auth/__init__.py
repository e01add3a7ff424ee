"""Sign-in, sign-out and who may do what: the ``auth`` blueprint.

Registering the blueprint sets the session cookie up (HttpOnly, SameSite=Lax, Secure when the
request came over TLS), gates every page behind sign-in when ``REQUIRE_LOGIN`` is set, and
gives templates ``current_user`` and ``can_edit``. See docs/security.md.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, redirect, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.sessions import SecureCookieSessionInterface
from werkzeug.wrappers import Response

from .. import security
from .identity import User, auth_mode, can_edit, current_user, require_role
from .ratelimit import AttemptLimiter

bp = Blueprint("auth", __name__)

OPEN_ENDPOINTS = {"auth.login", "auth.logout", "static"}
"""Reachable without signing in even when ``REQUIRE_LOGIN`` is set."""


class TlsAwareSessions(SecureCookieSessionInterface):
    """Session cookies marked Secure whenever the request itself came over TLS."""

    def get_cookie_secure(self, app: Flask) -> bool:  # type: ignore[override]
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    app: Flask = state.app  # type: ignore[assignment]
    security.init_app(app)
    app.session_interface = TlsAwareSessions()
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    if not app.config.get("SESSION_COOKIE_SAMESITE"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.extensions["tomgraph.login_limiter"] = AttemptLimiter(
        int(app.config.get("LOGIN_ATTEMPTS", 5)), float(app.config.get("LOGIN_WINDOW", 60.0))
    )
    app.before_request(_gate)
    app.context_processor(_template_globals)
    app.add_template_global(can_edit, "user_can_edit")  # macros see globals, not the context


def _gate() -> Response | None:
    """With ``REQUIRE_LOGIN``, everything but sign-in and static files needs an account."""
    if not _truthy(_config("REQUIRE_LOGIN")):
        return None
    if request.endpoint in OPEN_ENDPOINTS or current_user() is not None:
        return None
    if request.path.startswith("/sparql"):
        return Response("Sign in first.\n", status=401, content_type="text/plain")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _config(key: str) -> Any:
    from flask import current_app

    return current_app.config.get(key)


def _truthy(value: Any) -> bool:
    return str(value).lower() not in ("", "0", "false", "no", "none")


def _template_globals() -> dict[str, Any]:
    return {"current_user": current_user(), "can_edit": can_edit(), "auth_mode": auth_mode()}


from . import views as _views  # noqa: E402,F401  (routes on bp)

__all__ = ["User", "auth_mode", "bp", "can_edit", "current_user", "require_role"]
