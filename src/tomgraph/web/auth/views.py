"""The sign-in form and sign-out, with failed attempts limited and every outcome audited."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from ..audit import audit
from ..security import csrf_token, require_csrf
from . import bp
from .identity import SESSION_USER, auth_mode, current_user, users_file
from .ratelimit import AttemptLimiter


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would let a link send people anywhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("pages.home.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
@require_csrf
def login() -> Response | str | tuple[str, int]:
    if auth_mode() != "local" or users_file() is None:
        abort(404, description="This server has no sign-in (it is read-only, or behind a "
                               "single sign-on proxy).")
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("login.html", next_url=next_url, error=None)
    name = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    limiter: AttemptLimiter = current_app.extensions["tomgraph.login_limiter"]
    keys = (f"addr:{request.remote_addr}", f"user:{name.lower()}")
    wait = limiter.blocked(*keys)
    if wait:
        audit("login-throttled", user=name)
        response = render_template(
            "login.html", next_url=next_url,
            error=f"Too many failed attempts; try again in {int(wait) + 1} seconds.",
        )
        return response, 429
    users = users_file()
    assert users is not None
    account = users.verify(name, password) if name and password else None
    if account is None:
        limiter.failed(*keys)
        audit("login-failed", user=name)
        return render_template("login.html", next_url=next_url,
                               error="Wrong name or password."), 401
    limiter.succeeded(*keys)
    session.clear()  # a fresh session (and CSRF token) on sign-in: no session fixation
    session[SESSION_USER] = account.name
    session.permanent = False
    csrf_token()
    audit("login", user=account.name, role=account.role)
    return redirect(next_url)


@bp.route("/logout", methods=["POST"])
@require_csrf
def logout() -> Response:
    user = current_user()
    session.clear()
    if user is not None:
        audit("logout", user=user.name)
    return redirect(url_for("pages.home.index"))
