"""Every change records its real actor: the web user; on the command line the account named with
`--user` (which must exist), else the operating-system user as `cli:NAME`."""

import getpass
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kompas.audit.log import actor_name
from kompas.audit.models import AuditEvent
from tests.cli.support import fails, ok
from tests.imports.wgi_files import every_indicator, write_wgi

pytestmark = pytest.mark.django_db

CLI = f"cli:{getpass.getuser()}"


def _password(tmp_path: Path) -> str:
    path = tmp_path / "password"
    path.write_text("een-lang-wachtwoord-2026\n", encoding="utf-8")
    return str(path)


def test_an_account_created_on_the_web_is_recorded_under_the_administrator(
    client_as: Callable[[str | None], Client],
) -> None:
    client_as("administrator").post(
        "/accounts/users/",
        {"username": "nieuw", "role": "viewer", "password": "een-lang-wachtwoord-2026"},
    )
    event = AuditEvent.objects.get(action="account created")
    assert event.username == "administrator"
    assert event.user == User.objects.get(username="administrator")
    assert event.object_repr == "nieuw"


def test_a_command_without_user_is_recorded_under_the_operating_system_user(
    tmp_path: Path,
) -> None:
    ok("user", "add", "nieuw", "--role", "viewer", "--password-file", _password(tmp_path))
    event = AuditEvent.objects.get(action="account created")
    assert (event.username, event.user) == (CLI, None)


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_command_with_user_is_recorded_under_that_account(tmp_path: Path, where: str) -> None:
    command = ["user", "add", "nieuw", "--role", "viewer", "--password-file", _password(tmp_path)]
    args = (
        ["--user", "coordinator", *command]
        if where == "before"
        else [*command, "--user", "coordinator"]
    )
    ok(*args)
    event = AuditEvent.objects.get(action="account created")
    assert event.username == "coordinator"
    assert event.user == User.objects.get(username="coordinator")


def test_a_user_that_does_not_exist_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    message = fails(
        "--user", "niemand", "user", "add", "nieuw", "--role", "viewer",
        "--password-file", _password(tmp_path),
    )  # fmt: skip
    assert "geen account 'niemand'" in message
    assert not User.objects.filter(username="nieuw").exists()
    assert not AuditEvent.objects.filter(action="account created").exists()


def test_an_inactive_account_cannot_be_named_as_the_actor(tmp_path: Path) -> None:
    User.objects.filter(username="coordinator").update(is_active=False)
    message = fails(
        "user", "add", "nieuw", "--role", "viewer", "--password-file", _password(tmp_path),
        "--user", "coordinator",
    )  # fmt: skip
    assert "coordinator" in message
    assert "niet actief" in message


def test_an_import_without_user_is_recorded_under_the_operating_system_user(
    tmp_path: Path,
) -> None:
    path = write_wgi(tmp_path / "wgi-2025.xlsx", every_indicator("CHN", "China", 2024, 1.9))
    ok("import", "wgi", str(path))
    event = AuditEvent.objects.get(model="imports.ImportRun")
    assert (event.username, event.user) == (CLI, None)


def test_an_import_with_user_before_the_command_is_recorded_under_that_account(
    tmp_path: Path,
) -> None:
    path = write_wgi(tmp_path / "wgi-2025.xlsx", every_indicator("CHN", "China", 2024, 1.9))
    ok("--user", "analyst", "import", "wgi", str(path))
    event = AuditEvent.objects.get(model="imports.ImportRun")
    assert event.username == "analyst"


def test_outside_the_command_line_and_a_request_the_actor_is_kompas_itself() -> None:
    assert actor_name(None) == "kompas"


def test_an_import_in_the_name_of_an_inactive_account_is_refused(tmp_path: Path) -> None:
    User.objects.filter(username="analyst").update(is_active=False)
    path = write_wgi(tmp_path / "wgi-2025.xlsx", every_indicator("CHN", "China", 2024, 1.9))
    assert "account 'analyst' is niet actief" in fails(
        "import", "wgi", str(path), "--user", "analyst"
    )
    assert not AuditEvent.objects.filter(model="imports.ImportRun").exists()
