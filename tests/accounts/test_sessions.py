"""A session ends after 30 minutes without a request (idle timeout), and in any case after its
absolute age (14 days) from the log-in; both are settings. The end is audited."""

import time
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from kompas.accounts.sessions import LAST_SEEN, LOGGED_IN_AT
from kompas.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _age(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_a_session_idle_for_more_than_thirty_minutes_is_logged_out(
    client_as: Callable[[str | None], Client],
) -> None:
    client = client_as("viewer")
    assert client.get("/").status_code == 200
    _age(client, LAST_SEEN, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not client.session.get("_auth_user_id")
    event = AuditEvent.objects.get(action="session expired")
    assert event.username == "viewer"
    assert not AuditEvent.objects.filter(action="logged out").exists()


def test_a_session_used_within_thirty_minutes_stays(
    client_as: Callable[[str | None], Client],
) -> None:
    client = client_as("viewer")
    client.get("/")
    _age(client, LAST_SEEN, 29 * 60)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 60


def test_the_idle_timeout_is_a_setting(
    client_as: Callable[[str | None], Client], settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IDLE_MINUTES = 5
    client = client_as("viewer")
    client.get("/")
    _age(client, LAST_SEEN, 6 * 60)
    assert client.get("/").status_code == 302


def test_a_busy_session_still_ends_at_its_absolute_age(
    client_as: Callable[[str | None], Client], settings: SettingsWrapper
) -> None:
    client = client_as("viewer")
    client.get("/")
    _age(client, LOGGED_IN_AT, settings.SESSION_COOKIE_AGE + 1)
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.get(action="session expired").username == "viewer"
