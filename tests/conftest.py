"""Test-wide fixtures: the test database holds the embedded default data, seeded once, and one
named user per role (shared by all web tests)."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoDbBlocker

ROLES = ("viewer", "analyst", "coordinator", "administrator")
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    from kompas.accounts.roles import set_role
    from kompas.shared.seed import seed

    with django_db_blocker.unblock():
        seed()
        for role in ROLES:
            user = User.objects.create_user(username=role, password=PASSWORD)
            set_role(user, role)


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts without this process's cache: a test's database changes are rolled back
    behind the cache's back (the data version's random token is rolled back too)."""
    from kompas.shared.version import forget

    forget()


@pytest.fixture
def client_as(db: None) -> Callable[[str | None], Client]:
    """A test client logged in as the user of that role (None: not logged in)."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(User.objects.get(username=role))
        return client

    return make


@pytest.fixture
def english(client_as: Callable[[str | None], Client]) -> Callable[[str | None], Client]:
    """Like `client_as`, with the interface in English (the source language of its texts)."""

    def make(role: str | None) -> Client:
        client = client_as(role)
        client.cookies["django_language"] = "en"
        return client

    return make
