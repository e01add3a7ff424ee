"""The users file: a JSON mapping of account names to a role and an argon2id hash."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import InputError, UsageError

ROLES = ("viewer", "editor", "admin")
"""Roles, least to most: viewers read, editors also edit, admins also revert anyone's change."""
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 8
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("tomgraph-no-such-user")
"""Verified against when the name is unknown, so timing does not reveal which names exist."""


def role_at_least(role: str | None, needed: str) -> bool:
    """Whether ``role`` includes the rights of ``needed`` (admin ⊇ editor ⊇ viewer)."""
    if role not in ROLES:
        return False
    return ROLES.index(role) >= ROLES.index(needed)


@dataclass(frozen=True)
class Account:
    name: str
    role: str


class UsersFile:
    """Accounts kept in ``path``; every change rewrites the whole file atomically."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    # -- reading ---------------------------------------------------------------------------
    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{self.path}: not a readable users file: {exc}") from exc
        users = data.get("users") if isinstance(data, dict) else None
        if not isinstance(users, dict):
            raise InputError(f"{self.path}: expected {{\"users\": {{NAME: {{...}}}}}}")
        for name, entry in users.items():
            if not isinstance(entry, dict) or entry.get("role") not in ROLES \
                    or not isinstance(entry.get("hash"), str):
                raise InputError(
                    f"{self.path}: user {name!r} needs a 'hash' and a 'role' "
                    f"(one of {', '.join(ROLES)})"
                )
        return users

    def accounts(self) -> list[Account]:
        return [Account(n, e["role"]) for n, e in sorted(self._load().items())]

    def get(self, name: str) -> Account | None:
        entry = self._load().get(name)
        return Account(name, entry["role"]) if entry else None

    def verify(self, name: str, password: str) -> Account | None:
        """The account if ``password`` is right for ``name``; ``None`` otherwise."""
        users = self._load()
        entry = users.get(name)
        try:
            _hasher.verify(entry["hash"] if entry else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return Account(name, entry["role"]) if entry else None

    # -- writing ---------------------------------------------------------------------------
    def add(self, name: str, password: str, role: str = "viewer") -> Account:
        _check_name(name)
        _check_role(role)
        if len(password) < MIN_PASSWORD:
            raise UsageError(f"the password must be at least {MIN_PASSWORD} characters")
        users = self._load()
        if name in users:
            raise UsageError(f"user {name!r} already exists (use set-role or remove it first)")
        users[name] = {"role": role, "hash": _hasher.hash(password)}
        self._save(users)
        return Account(name, role)

    def set_password(self, name: str, password: str) -> None:
        users = self._existing(name)
        if len(password) < MIN_PASSWORD:
            raise UsageError(f"the password must be at least {MIN_PASSWORD} characters")
        users[name]["hash"] = _hasher.hash(password)
        self._save(users)

    def set_role(self, name: str, role: str) -> Account:
        _check_role(role)
        users = self._existing(name)
        users[name]["role"] = role
        self._save(users)
        return Account(name, role)

    def remove(self, name: str) -> None:
        users = self._existing(name)
        del users[name]
        self._save(users)

    def _existing(self, name: str) -> dict[str, dict[str, str]]:
        users = self._load()
        if name not in users:
            raise UsageError(f"no user {name!r} in {self.path}")
        return users

    def _save(self, users: dict[str, dict[str, str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"users": users}, out, indent=2, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _check_name(name: str) -> None:
    if not NAME_PATTERN.match(name):
        raise UsageError(
            f"invalid user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-'"
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r} (choose one of: {', '.join(ROLES)})")
