"""Kompas keeps at least one active administrator: the last one can be neither demoted nor
deactivated, on the users page or on the command line."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kompas.accounts.roles import role_of, set_role
from kompas.audit.models import AuditEvent
from tests.cli.support import fails, ok

pytestmark = pytest.mark.django_db


def test_the_last_administrator_cannot_demote_themselves_on_the_users_page(
    client_as: Callable[[str | None], Client],
) -> None:
    admin = User.objects.get(username="administrator")
    response = client_as("administrator").post(
        f"/accounts/users/{admin.pk}/", {"role": "viewer", "is_active": "on"}
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["role"]
    assert "laatste actieve beheerder" in error
    assert role_of(admin) == "administrator"
    assert not AuditEvent.objects.filter(action="account changed").exists()


def test_with_a_second_administrator_one_may_step_down(
    client_as: Callable[[str | None], Client],
) -> None:
    set_role(User.objects.get(username="coordinator"), "administrator")
    admin = User.objects.get(username="administrator")
    response = client_as("administrator").post(
        f"/accounts/users/{admin.pk}/", {"role": "viewer", "is_active": "on"}
    )
    assert response.status_code == 302
    assert role_of(admin) == "viewer"


def test_the_command_line_refuses_to_demote_or_deactivate_the_last_administrator() -> None:
    message = fails("user", "change", "administrator", "--role", "analyst")
    assert "laatste actieve beheerder" in message
    assert "laatste actieve beheerder" in fails("user", "change", "administrator", "--inactive")
    admin = User.objects.get(username="administrator")
    assert admin.is_active
    assert role_of(admin) == "administrator"


def test_the_command_line_changes_a_role_and_deactivates_an_account() -> None:
    ok("user", "change", "viewer", "--role", "analyst", "--inactive")
    viewer = User.objects.get(username="viewer")
    assert not viewer.is_active
    viewer.is_active = True
    assert role_of(viewer) == "analyst"
    event = AuditEvent.objects.get(action="account changed")
    assert event.before == {"role": "viewer", "is_active": True}
    assert event.after == {"role": "analyst", "is_active": False}
    assert event.username.startswith("cli:")


def test_an_inactive_administrator_does_not_count() -> None:
    other = User.objects.get(username="coordinator")
    set_role(other, "administrator")
    other.is_active = False
    other.save()
    assert "laatste actieve beheerder" in fails("user", "change", "administrator", "--inactive")
