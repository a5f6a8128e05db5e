"""What every page shares: the icon, and a quiet log for refused requests."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]


def test_the_browsers_icon_request_finds_the_icon(client_as: ClientAs) -> None:
    client = client_as(None)
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert str(response["Location"]).endswith("kompas/favicon.svg")
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon" href="/static/kompas/favicon.svg"' in html


def test_a_refused_request_is_logged_as_one_line_without_a_traceback(
    client_as: ClientAs, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_as("viewer").get("/compass/1/edit/").status_code == 403
    [refused] = [r for r in caplog.records if r.name == "django.request"]
    assert refused.getMessage().startswith("Forbidden")
    assert refused.exc_info is None
