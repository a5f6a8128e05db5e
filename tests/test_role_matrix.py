"""The server enforces every role on every page, not only the menu: each URL × each role.

Anonymous visitors are sent to the log-in page; a role below the page's minimum gets 403, and a
refused POST changes nothing (no audit event, so no change was made); the minimum role and the
roles above it are let in.
"""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from kompas.accounts.roles import ROLES
from kompas.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# (url name, args, minimum role for GET, minimum role for POST)
PAGES: list[tuple[str, list[str], str, str]] = [
    ("regions:overview", [], "viewer", "viewer"),
    ("regions:map_data", [], "viewer", "viewer"),
    ("regions:profile", ["DE2"], "viewer", "viewer"),
    ("regions:advice", ["DE2"], "viewer", "viewer"),
    ("regions:add_region", [], "analyst", "analyst"),
    ("assessments:judgement", ["DE2", "networks"], "analyst", "analyst"),
    ("assessments:gate", ["DE2", "demand"], "analyst", "analyst"),
    ("compasses:versions", [], "viewer", "viewer"),
    ("compasses:version", ["1"], "viewer", "viewer"),
    ("compasses:edit", ["1"], "coordinator", "coordinator"),
    ("compasses:whatif", [], "coordinator", "coordinator"),
    ("rounds:list", [], "viewer", "viewer"),
    ("rounds:detail", ["2023-2027"], "viewer", "viewer"),
    ("rounds:compare", [], "viewer", "viewer"),
    ("rounds:create", [], "coordinator", "coordinator"),
    ("rounds:decide", ["2023-2027", "DE1"], "coordinator", "coordinator"),
    ("rounds:freeze", ["2023-2027"], "coordinator", "coordinator"),
    ("rounds:robustness", ["2023-2027"], "viewer", "viewer"),
    ("imports:list", [], "viewer", "viewer"),
    ("accounts:users", [], "administrator", "administrator"),
    ("accounts:user", ["VIEWER_PK"], "administrator", "administrator"),
    ("accounts:user_password", ["VIEWER_PK"], "administrator", "administrator"),
    ("accounts:password_change", [], "viewer", "viewer"),
]
CASES = [(name, args, minimum, role) for name, args, minimum, _ in PAGES for role in ROLES]
POST_CASES = [
    (name, args, minimum, role)
    for name, args, _, minimum in PAGES
    for role in ROLES
    if ROLES.index(role) < ROLES.index(minimum)
]


def _url(name: str, args: list[str]) -> str:
    real = [str(User.objects.get(username="viewer").pk) if a == "VIEWER_PK" else a for a in args]
    return reverse(name, args=real)


@pytest.mark.parametrize(("name", "args"), [(p[0], p[1]) for p in PAGES], ids=[p[0] for p in PAGES])
def test_anonymous_visitors_are_sent_to_the_log_in_page(
    client_as: Callable[[str | None], Client], name: str, args: list[str]
) -> None:
    for method in ("get", "post"):
        response = getattr(client_as(None), method)(_url(name, args))
        assert response.status_code == 302, method
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "args", "minimum", "role"), CASES, ids=[f"{c[0]}-{c[3]}" for c in CASES]
)
def test_each_role_reaches_exactly_the_pages_its_role_allows(
    client_as: Callable[[str | None], Client], name: str, args: list[str], minimum: str, role: str
) -> None:
    response = client_as(role).get(_url(name, args))
    if ROLES.index(role) < ROLES.index(minimum):
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("name", "args", "minimum", "role"), POST_CASES, ids=[f"{c[0]}-{c[3]}" for c in POST_CASES]
)
def test_a_refused_post_changes_nothing(
    client_as: Callable[[str | None], Client], name: str, args: list[str], minimum: str, role: str
) -> None:
    events = AuditEvent.objects.count()
    data = {
        "category": "very_strong",
        "rationale": "x",
        "status": "pass",
        "level__innovation": "none",
        "role": "administrator",
        "is_active": "on",
        "confirm": "yes",
        "key": "x-1",
        "area": "DE7",
    }
    response = client_as(role).post(_url(name, args), data)
    assert response.status_code == 403
    assert AuditEvent.objects.count() == events
