"""Log-ins: after 5 failed log-ins for a user name within 15 minutes, that name is locked out
(django-axes), even with the right password; every failed log-in is logged and audited, as are
log-ins, log-outs and the lockout itself."""

import logging
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from kompas.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def log_in(client: Client, name: str, password: str) -> int:
    return client.post(LOGIN, {"username": name, "password": password}).status_code


def test_five_wrong_passwords_lock_the_user_name_out_even_for_the_right_one() -> None:
    client = Client()
    for _ in range(4):
        assert log_in(client, "viewer", "wrong-password-guess") == 200
    assert log_in(client, "viewer", "wrong-password-guess") == 429
    response = client.post(LOGIN, {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte aanmeldingen" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_each_failed_log_in_and_the_lockout_are_audited_under_the_name_tried() -> None:
    client = Client(REMOTE_ADDR="192.0.2.7")
    for _ in range(5):
        log_in(client, "viewer", "wrong-password-guess")
    failed = AuditEvent.objects.filter(action="log-in failed")
    assert failed.count() == 5
    assert {(e.username, e.object_repr) for e in failed} == {("viewer", "viewer")}
    assert failed.first().after == {"ip": "192.0.2.7"}  # type: ignore[union-attr]
    locked = AuditEvent.objects.get(action="locked out")
    assert (locked.username, locked.user) == ("viewer", None)  # nobody proved to be the account
    assert locked.object_id == str(User.objects.get(username="viewer").pk)


def test_a_failed_log_in_is_logged_with_the_name_and_address(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="kompas.accounts"):
        log_in(Client(REMOTE_ADDR="192.0.2.8"), "nobody", "wrong-password-guess")
    [message] = [r.getMessage() for r in caplog.records if r.name == "kompas.accounts"]
    assert "'nobody'" in message
    assert "192.0.2.8" in message


def test_another_user_name_is_not_locked_out() -> None:
    client = Client()
    for _ in range(5):
        log_in(client, "viewer", "wrong-password-guess")
    assert log_in(client, "analyst", PASSWORD) == 302


def test_the_limit_and_the_period_are_settings(settings: SettingsWrapper) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    assert log_in(client, "viewer", "wrong-password-guess") == 200
    assert log_in(client, "viewer", "wrong-password-guess") == 429


def test_a_log_in_and_a_log_out_are_audited_with_their_user() -> None:
    client = Client()
    assert log_in(client, "analyst", PASSWORD) == 302
    assert client.post("/accounts/logout/").status_code == 302
    events = AuditEvent.objects.filter(action__in=["logged in", "logged out"]).order_by("id")
    assert [(e.action, e.username) for e in events] == [
        ("logged in", "analyst"),
        ("logged out", "analyst"),
    ]
    assert events[0].user == User.objects.get(username="analyst")
    assert events[0].after == {"ip": "127.0.0.1"}


def test_a_log_in_after_fewer_than_five_failures_resets_the_count() -> None:
    client = Client()
    for _ in range(4):
        log_in(client, "viewer", "wrong-password-guess")
    assert log_in(client, "viewer", PASSWORD) == 302
    other = Client()
    for _ in range(4):
        assert log_in(other, "viewer", "wrong-password-guess") == 200


def test_an_administrators_password_reset_lifts_the_lockout(
    client_as: Callable[[str | None], Client],
) -> None:
    client = Client()
    for _ in range(5):
        log_in(client, "viewer", "wrong-password-guess")
    viewer = User.objects.get(username="viewer")
    new = "een-nieuw-wachtwoord-2026"
    response = client_as("administrator").post(
        f"/accounts/users/{viewer.pk}/password/", {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert log_in(Client(), "viewer", new) == 302
