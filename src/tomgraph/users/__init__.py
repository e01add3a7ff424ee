"""Accounts of the people who may sign in to the web app: names, roles, argon2 hashes.

The accounts live in one JSON file (``tomgraph users ... --users-file FILE``), written
atomically with owner-only permissions. Passwords are never stored or logged: only their
argon2id hashes, which :func:`UsersFile.verify` checks in constant time.
"""

from __future__ import annotations

from .accounts import ROLES, Account, UsersFile, role_at_least

__all__ = ["ROLES", "Account", "UsersFile", "role_at_least"]
