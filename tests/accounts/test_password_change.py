"""Everyone changes their own password (linked from the header); an administrator sets a new
one for another account. Both are audited, without the password."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kompas.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/accounts/password/"
NEW = "een-nieuw-wachtwoord-2026"


def test_the_header_links_to_the_password_page_for_everyone_logged_in(
    client_as: Callable[[str | None], Client],
) -> None:
    html = client_as("viewer").get("/").content.decode()
    assert f'href="{URL}"' in html
    assert "Wachtwoord wijzigen" in html


def test_a_viewer_changes_their_password_and_stays_logged_in(
    client_as: Callable[[str | None], Client],
) -> None:
    client = client_as("viewer")
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert User.objects.get(username="viewer").check_password(NEW)
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="password changed")
    assert (event.username, event.object_repr) == ("viewer", "viewer")
    assert event.before is None
    assert event.after is None


def test_a_wrong_old_password_or_a_weak_new_one_is_refused_naming_the_field(
    client_as: Callable[[str | None], Client],
) -> None:
    client = client_as("viewer")
    wrong = client.post(URL, {"old_password": "raden", "new_password1": NEW, "new_password2": NEW})
    assert "old_password" in wrong.context["form"].errors
    weak = client.post(
        URL,
        {
            "old_password": PASSWORD,
            "new_password1": "kompaskompas",
            "new_password2": "kompaskompas",
        },
    )
    assert "new_password2" in weak.context["form"].errors
    assert User.objects.get(username="viewer").check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="password changed").exists()


def test_an_administrator_sets_a_new_password_for_another_account(
    client_as: Callable[[str | None], Client],
) -> None:
    viewer = User.objects.get(username="viewer")
    admin = client_as("administrator")
    page = admin.get(f"/accounts/users/{viewer.pk}/").content.decode()
    assert f'action="/accounts/users/{viewer.pk}/password/"' in page
    response = admin.post(
        f"/accounts/users/{viewer.pk}/password/", {"new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert User.objects.get(username="viewer").check_password(NEW)
    event = AuditEvent.objects.get(action="password reset")
    assert (event.username, event.object_repr) == ("administrator", "viewer")


def test_a_weak_new_password_set_by_an_administrator_is_refused(
    client_as: Callable[[str | None], Client],
) -> None:
    viewer = User.objects.get(username="viewer")
    response = client_as("administrator").post(
        f"/accounts/users/{viewer.pk}/password/",
        {"new_password1": "aaaaaaaaaaaa", "new_password2": "aaaaaaaaaaaa"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["password_form"].errors
    assert User.objects.get(username="viewer").check_password(PASSWORD)


@pytest.mark.parametrize("role", ["viewer", "analyst", "coordinator"])
def test_only_an_administrator_sets_another_accounts_password(
    client_as: Callable[[str | None], Client], role: str
) -> None:
    viewer = User.objects.get(username="viewer")
    response = client_as(role).post(
        f"/accounts/users/{viewer.pk}/password/", {"new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 403
    assert User.objects.get(username="viewer").check_password(PASSWORD)
