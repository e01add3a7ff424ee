"""``tomgraph serve`` sign-in options: what they set, and the combinations refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tomgraph.cli import build_parser
from tomgraph.cli.serve import app_config
from tomgraph.errors import UsageError


def config(*argv: str) -> dict[str, Any]:
    return app_config(build_parser().parse_args(["serve", *argv]))


def test_by_default_nobody_signs_in(users_path: Path) -> None:
    settings = config()
    assert settings["AUTH"] is None and settings["USERS_FILE"] is None
    assert settings["REQUIRE_LOGIN"] is False


def test_a_users_file_turns_local_sign_in_on(users_path: Path, tmp_path: Path) -> None:
    settings = config("--users-file", str(users_path), "--require-login",
                      "--audit-log", str(tmp_path / "audit.jsonl"))
    assert settings["USERS_FILE"] == str(users_path) and settings["REQUIRE_LOGIN"] is True
    assert settings["AUDIT_LOG"] == str(tmp_path / "audit.jsonl")


def test_proxy_sign_on_names_the_trusted_proxies() -> None:
    settings = config("--auth", "proxy", "--trusted-proxy", "10.0.0.1",
                      "--trusted-proxy", "10.0.0.2")
    assert settings["AUTH"] == "proxy" and settings["TRUSTED_PROXIES"] == ["10.0.0.1", "10.0.0.2"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--auth", "local"], "needs --users-file"),
    (["--users-file", "/no/such/users.json"], "no such users file"),
    (["--auth", "proxy"], "needs --trusted-proxy"),
    (["--require-login"], "needs a way to sign in"),
])
def test_incomplete_sign_in_options_are_refused_clearly(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        config(*argv)
