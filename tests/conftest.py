"""Test-wide fixtures: the test database holds the embedded default data, seeded once, and one
named user per role (shared by all web tests).

Tests that read the public reference data (`../shared/data`, `KOMPAS_SHARED_DATA`) or the seed
documents (`KOMPAS_SHARED_SEEDS`) skip, saying so, where those folders are absent; in CI
(`CI=true`) such a skip fails the run instead, so a missing folder cannot pass unseen.
"""

import os
from collections.abc import Callable, Generator

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


SHARED_FOLDERS = ("KOMPAS_SHARED_DATA", "KOMPAS_SHARED_SEEDS")


def _fail_missing_shared_data_in_ci(report: pytest.CollectReport | pytest.TestReport) -> None:
    """Under CI=true, a skip whose reason is a missing shared folder becomes a failure."""
    if not report.skipped or os.environ.get("CI", "").lower() != "true":
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if any(name in reason for name in SHARED_FOLDERS):
        report.outcome = "failed"
        report.longrepr = f"CI=true, and the shared data this test reads is missing: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _fail_missing_shared_data_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _fail_missing_shared_data_in_ci(report)
    return report
