"""`kompas user add` and `kompas user list` on the application's database."""

from pathlib import Path

from django.contrib.auth.models import User

from kompas.accounts.first_user import ensure_first_user
from kompas.accounts.roles import role_of
from tests.cli.support import fails, ok


def test_it_adds_an_account_with_a_role_and_a_password_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("een-lang-wachtwoord-2026\n", encoding="utf-8")
    output = ok("user", "add", "els", "--role", "coordinator", "--password-file", str(secret))
    assert "els" in output
    user = User.objects.get(username="els")
    assert user.check_password("een-lang-wachtwoord-2026")
    assert role_of(user) == "coordinator"


def test_it_refuses_a_weak_password_and_an_existing_name(tmp_path: Path) -> None:
    weak = tmp_path / "weak"
    weak.write_text("kort", encoding="utf-8")
    assert "too short" in fails(
        "user", "add", "piet", "--role", "viewer", "--password-file", str(weak)
    )
    assert not User.objects.filter(username="piet").exists()
    good = tmp_path / "good"
    good.write_text("een-lang-wachtwoord-2026", encoding="utf-8")
    assert "bestaat al" in fails(
        "user", "add", "viewer", "--role", "viewer", "--password-file", str(good)
    )


def test_it_lists_the_accounts_with_their_roles() -> None:
    output = ok("user", "list")
    assert "analyst\tanalyst" in output
    assert "administrator\tadministrator" in output


def test_the_first_administrator_is_created_only_when_there_is_no_account_at_all() -> None:
    assert ensure_first_user() is None
    User.objects.all().delete()
    created = ensure_first_user()
    assert created is not None
    name, password = created
    assert role_of(User.objects.get(username=name)) == "administrator"
    assert User.objects.get(username=name).check_password(password)
