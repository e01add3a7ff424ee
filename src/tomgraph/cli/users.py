"""``tomgraph users``: manage the accounts that may sign in to the web app.

Passwords are read from the terminal without echo, or from standard input with
``--password-stdin`` (for scripts); they are never accepted as arguments (which would leave
them in shell history and process lists) and never printed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from ..errors import UsageError
from ..users import ROLES, UsersFile
from .common import add_command

EXAMPLES = """\
  tomgraph users add alice --role editor --users-file users.json
  echo "$PW" | tomgraph users add bob --password-stdin --users-file users.json
  tomgraph users set-role bob admin --users-file users.json
  tomgraph users list --users-file users.json
  tomgraph users remove bob --users-file users.json
"""
DEFAULT_FILE = "users.json"


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "users", "Manage the accounts of the web app's editors.", EXAMPLES)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def file_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--users-file", type=Path,
                       default=Path(os.environ.get("TOMGRAPH_USERS_FILE", DEFAULT_FILE)),
                       help="the users file (default: $TOMGRAPH_USERS_FILE or users.json)")

    add = actions.add_parser("add", help="add an account (asks for its password)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="viewer", help="default: viewer")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    file_option(add)
    remove = actions.add_parser("remove", help="remove an account")
    remove.add_argument("name")
    file_option(remove)
    listing = actions.add_parser("list", help="list accounts and their roles")
    file_option(listing)
    role = actions.add_parser("set-role", help="change an account's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    file_option(role)
    password = actions.add_parser("set-password", help="change an account's password")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    file_option(password)
    parser.set_defaults(func=run)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def run(args: argparse.Namespace) -> int:
    users = UsersFile(args.users_file)
    if args.action == "add":
        account = users.add(args.name, _password(args.password_stdin), args.role)
        print(f"added {account.name} ({account.role}) to {users.path}")
    elif args.action == "remove":
        users.remove(args.name)
        print(f"removed {args.name} from {users.path}")
    elif args.action == "set-role":
        account = users.set_role(args.name, args.role)
        print(f"{account.name} is now {account.role}")
    elif args.action == "set-password":
        users.set_password(args.name, _password(args.password_stdin))
        print(f"changed the password of {args.name}")
    else:
        for account in users.accounts():
            print(f"{account.name}\t{account.role}")
    return 0
