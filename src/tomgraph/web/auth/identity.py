"""Who is asking: the signed-in account (``local``), the proxy's headers (``proxy``), or nobody.

``AUTH`` is ``local`` (accounts in ``USERS_FILE``, sign-in form), ``proxy`` (a reverse proxy
that did single sign-on sets ``PROXY_USER_HEADER`` / ``PROXY_ROLE_HEADER``, trusted only when
the request comes from one of ``TRUSTED_PROXIES``) or ``none`` (nobody signs in: read-only).
Left unset, it is ``local`` when a users file is configured and ``none`` otherwise, so the
read-only default stays.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import abort, current_app, g, request, session

from ...users import ROLES, UsersFile, role_at_least

SESSION_USER = "user"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, role: str) -> bool:
        return role_at_least(self.role, role)


def auth_mode() -> str:
    mode = current_app.config.get("AUTH")
    if mode:
        return str(mode)
    return "local" if current_app.config.get("USERS_FILE") else "none"


def users_file() -> UsersFile | None:
    path = current_app.config.get("USERS_FILE")
    return UsersFile(path) if path else None


def current_user() -> User | None:
    """The user of this request, looked up once per request."""
    if "tomgraph_user" not in g:
        g.tomgraph_user = _lookup()
    user: User | None = g.tomgraph_user
    return user


def _lookup() -> User | None:
    mode = auth_mode()
    if mode == "proxy":
        return _from_proxy()
    if mode != "local":
        return None
    name = session.get(SESSION_USER)
    users = users_file()
    if not name or users is None:
        return None
    account = users.get(str(name))  # a removed account or a changed role counts at once
    return User(account.name, account.role) if account else None


def _from_proxy() -> User | None:
    config = current_app.config
    trusted = config.get("TRUSTED_PROXIES") or []
    if isinstance(trusted, str):
        trusted = [a.strip() for a in trusted.split(",") if a.strip()]
    if request.remote_addr not in trusted:
        return None
    name = request.headers.get(config.get("PROXY_USER_HEADER") or "X-Remote-User", "").strip()
    if not name:
        return None
    role = request.headers.get(config.get("PROXY_ROLE_HEADER") or "X-Remote-Role", "").strip()
    return User(name, role if role in ROLES else "viewer")


def can_edit() -> bool:
    user = current_user()
    return user is not None and user.can("editor")


def require_role(role: str) -> Callable[[F], F]:
    """Views that need ``role``: 401 to nobody signed in, 403 to a lesser role."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                abort(401, description="Sign in to do this.")
            if not user.can(role):
                abort(403, description=f"This needs the {role} role; you are {user.role}.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
