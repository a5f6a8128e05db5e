"""Roles: each includes the ones before it; the server checks them."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from kompas.accounts.roles import ROLES, has_role, role_of, set_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_each_role_includes_the_roles_before_it(role: str) -> None:
    user = User.objects.get(username=role)
    assert role_of(user) == role
    for other in ROLES:
        assert has_role(user, other) == (ROLES.index(other) <= ROLES.index(role))


def test_an_anonymous_or_inactive_user_has_no_role() -> None:
    assert role_of(AnonymousUser()) is None
    user = User.objects.get(username="coordinator")
    user.is_active = False
    assert role_of(user) is None


def test_setting_a_role_replaces_the_previous_one() -> None:
    user = User.objects.get(username="viewer")
    set_role(user, "coordinator")
    assert role_of(user) == "coordinator"
    assert list(user.groups.values_list("name", flat=True)) == ["coordinator"]
    with pytest.raises(ValueError, match="unknown role"):
        set_role(user, "emperor")


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("analyst", 403), ("coordinator", 403), ("administrator", 200)],
)
def test_only_administrators_see_the_users_page(
    client_as: Callable[[str | None], Client], role: str, status: int
) -> None:
    assert client_as(role).get("/accounts/users/").status_code == status


def test_the_users_page_sends_anonymous_visitors_to_the_log_in(
    client_as: Callable[[str | None], Client],
) -> None:
    response = client_as(None).get("/accounts/users/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
