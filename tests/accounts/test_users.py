"""Administrators manage accounts in the browser; every change is audited."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kompas.accounts.roles import role_of
from kompas.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_an_account_with_a_role(
    client_as: Callable[[str | None], Client],
) -> None:
    response = client_as("administrator").post(
        "/accounts/users/",
        {
            "username": "nieuw",
            "email": "",
            "role": "analyst",
            "password": "een-lang-wachtwoord-2026",
        },
    )
    assert response.status_code == 302
    assert role_of(User.objects.get(username="nieuw")) == "analyst"
    assert AuditEvent.objects.filter(action="account created", object_repr="nieuw").exists()


def test_a_weak_password_or_a_taken_name_is_refused_and_nothing_is_created(
    client_as: Callable[[str | None], Client],
) -> None:
    client = client_as("administrator")
    weak = client.post(
        "/accounts/users/", {"username": "zwak", "role": "viewer", "password": "kort"}
    )
    taken = client.post(
        "/accounts/users/",
        {"username": "viewer", "role": "viewer", "password": "een-lang-wachtwoord-2026"},
    )
    assert weak.status_code == taken.status_code == 200
    assert not User.objects.filter(username="zwak").exists()
    assert User.objects.filter(username="viewer").count() == 1


def test_an_administrator_changes_a_role_and_the_audit_trail_has_before_and_after(
    client_as: Callable[[str | None], Client],
) -> None:
    user = User.objects.get(username="viewer")
    response = client_as("administrator").post(
        f"/accounts/users/{user.pk}/", {"role": "analyst", "is_active": "on"}
    )
    assert response.status_code == 302
    assert role_of(user) == "analyst"
    event = AuditEvent.objects.get(action="account changed")
    assert event.before == {"role": "viewer", "is_active": True}
    assert event.after == {"role": "analyst", "is_active": True}


def test_an_administrator_cannot_deactivate_their_own_account(
    client_as: Callable[[str | None], Client],
) -> None:
    admin = User.objects.get(username="administrator")
    response = client_as("administrator").post(
        f"/accounts/users/{admin.pk}/", {"role": "administrator"}
    )
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active


def test_a_coordinator_cannot_change_accounts(client_as: Callable[[str | None], Client]) -> None:
    user = User.objects.get(username="viewer")
    response = client_as("coordinator").post(
        f"/accounts/users/{user.pk}/", {"role": "administrator", "is_active": "on"}
    )
    assert response.status_code == 403
    assert role_of(user) == "viewer"


def test_the_log_in_page_logs_a_user_in(client_as: Callable[[str | None], Client]) -> None:
    client = client_as(None)
    response = client.post(
        "/accounts/login/", {"username": "viewer", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")


def test_the_users_page_shows_the_latest_log_ins_lockouts_and_account_changes(
    client_as: Callable[[str | None], Client],
) -> None:
    Client(REMOTE_ADDR="192.0.2.9").post(
        "/accounts/login/", {"username": "viewer", "password": "wrong-password-guess"}
    )
    response = client_as("administrator").get("/accounts/users/")
    [row] = [r for r in response.context["events"] if r["event"].action == "log-in failed"]
    assert (row["event"].username, row["action"], row["ip"]) == (
        "viewer",
        "Aanmelden mislukt",
        "192.0.2.9",
    )
    html = response.content.decode()
    assert "Aanmelden mislukt" in html
    assert "192.0.2.9" in html
