"""``tomgraph users``: accounts with argon2 hashes, roles, and clear errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tomgraph.cli import main
from tomgraph.users import UsersFile


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_add_list_set_role_and_remove_manage_the_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "users.json"
    f = ["--users-file", str(path)]
    assert run(monkeypatch, ["users", "add", "alice", "--role", "editor",
                             "--password-stdin", *f], "s3cret-words\n") == 0
    assert run(monkeypatch, ["users", "set-role", "alice", "admin", *f]) == 0
    assert run(monkeypatch, ["users", "list", *f]) == 0
    assert "alice\tadmin" in capsys.readouterr().out
    assert run(monkeypatch, ["users", "remove", "alice", *f]) == 0
    assert UsersFile(path).accounts() == []


def test_the_file_keeps_an_argon2_hash_never_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "users.json"
    run(monkeypatch, ["users", "add", "bob", "--password-stdin", "--users-file", str(path)],
        "very-secret-pw\n")
    text = path.read_text()
    assert "very-secret-pw" not in text and "very-secret-pw" not in capsys.readouterr().out
    assert json.loads(text)["users"]["bob"]["hash"].startswith("$argon2id$")
    assert path.stat().st_mode & 0o077 == 0
    assert UsersFile(path).verify("bob", "very-secret-pw") is not None
    assert UsersFile(path).verify("bob", "wrong-password") is None


def test_bad_input_exits_2_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    f = ["--users-file", str(tmp_path / "users.json")]
    assert run(monkeypatch, ["users", "remove", "nobody", *f]) == 2
    assert "no user 'nobody'" in capsys.readouterr().err
    assert run(monkeypatch, ["users", "add", "x", "--password-stdin", *f], "short\n") == 2
    assert "at least 8 characters" in capsys.readouterr().err
    assert run(monkeypatch, ["users", "add", "bad name", "--password-stdin", *f],
               "long-enough-pw\n") == 2
    assert "invalid user name" in capsys.readouterr().err


def test_a_corrupt_users_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    path.write_text("{not json")
    from tomgraph.errors import InputError

    with pytest.raises(InputError, match="users.json"):
        UsersFile(path).accounts()
