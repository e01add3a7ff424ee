"""Security every response and every state-changing request needs, in one place.

* Headers: a Content-Security-Policy that allows no inline script and no third-party origin
  (assets are served by the app itself), ``nosniff``, a strict Referrer-Policy, no framing.
* Bearer tokens for SPARQL updates, compared in constant time so timing reveals nothing.
* CSRF tokens for HTML forms: ``csrf_token()`` in templates, ``require_csrf`` on views.

:func:`init_app` wires the headers and the template global; the endpoint blueprint calls it
when registered, so any app built by ``create_app`` has them.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, abort, request, session

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_SESSION_KEY = "_csrf"

F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    """Add the security headers to every response and ``csrf_token`` to templates."""
    if app.extensions.get("tomgraph.security"):
        return
    app.extensions["tomgraph.security"] = True
    app.after_request(add_headers)
    app.add_template_global(csrf_token)


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def bearer_token_matches(expected: str | None, authorization: str | None) -> bool:
    """Whether an ``Authorization: Bearer …`` header carries ``expected``.

    ``hmac.compare_digest`` takes the same time wherever the strings differ, so an attacker
    cannot guess the token a character at a time.
    """
    if not expected or not authorization:
        return False
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode(), expected.encode())


def csrf_token() -> str:
    """This session's CSRF token (created on first use); put it in every form that changes state."""
    token = session.get(_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[_SESSION_KEY] = token
    return str(token)


def csrf_valid() -> bool:
    """Whether the current request carries this session's CSRF token (form field or header)."""
    expected = session.get(_SESSION_KEY)
    sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER)
    if not expected or not sent:
        return False
    return hmac.compare_digest(str(sent).encode(), str(expected).encode())


def check_csrf() -> None:
    """Abort with 400 unless the request is safe (GET/HEAD/OPTIONS) or has a valid CSRF token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if not csrf_valid():
        abort(400, description="The form has expired or did not come from this site; reload it.")


def require_csrf(view: F) -> F:
    """Decorate a view that changes state: its POSTs must carry the session's CSRF token."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        check_csrf()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
