"""`kompas user set-password NAME` (from a file or asked twice) and `kompas user change NAME`:
an administrator's tools on the command line, checked and audited like the web's."""

from pathlib import Path

from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from kompas.audit.models import AuditEvent
from kompas.cli import main
from tests.cli.support import fails, ok
from tests.conftest import PASSWORD

NEW = "een-nieuw-wachtwoord-2026"


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "password"
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_it_sets_a_password_from_a_file_and_audits_it(tmp_path: Path) -> None:
    output = ok("user", "set-password", "viewer", "--password-file", _file(tmp_path, NEW))
    assert "viewer" in output
    assert User.objects.get(username="viewer").check_password(NEW)
    event = AuditEvent.objects.get(action="password reset")
    assert event.username.startswith("cli:")
    assert event.object_repr == "viewer"


def test_it_asks_for_the_password_twice_without_a_file() -> None:
    result = CliRunner().invoke(
        main,
        ["user", "set-password", "viewer", "--user", "administrator"],
        input=f"{NEW}\n{NEW}\n",
        env={"KOMPAS_LANG": None},
    )
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="viewer").check_password(NEW)
    assert AuditEvent.objects.get(action="password reset").username == "administrator"


def test_it_refuses_a_weak_password_and_an_unknown_account(tmp_path: Path) -> None:
    assert "herhaalt" in fails(
        "user", "set-password", "viewer", "--password-file", _file(tmp_path, "kompaskompas")
    )
    assert User.objects.get(username="viewer").check_password(PASSWORD)
    assert "geen account 'niemand'" in fails(
        "user", "set-password", "niemand", "--password-file", _file(tmp_path, NEW)
    )
    assert not AuditEvent.objects.filter(action="password reset").exists()


def test_setting_a_password_lifts_a_lockout(tmp_path: Path) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "viewer", "password": "fout-fout-fout"})
    ok("user", "set-password", "viewer", "--password-file", _file(tmp_path, NEW))
    response = client.post("/accounts/login/", {"username": "viewer", "password": NEW})
    assert response.status_code == 302


def test_user_add_refuses_an_invalid_user_name(tmp_path: Path) -> None:
    message = fails(
        "user", "add", "jan de vries", "--role", "viewer", "--password-file", _file(tmp_path, NEW)
    )
    assert "Gebruikersnaam" in message
    assert not User.objects.filter(username="jan de vries").exists()
