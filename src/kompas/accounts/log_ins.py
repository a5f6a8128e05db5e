"""Failed log-ins and lockouts: logged (logger `kompas.accounts`) and audited.

A failed log-in is recorded under the user name that was tried (no account proved to be behind
it), with the client's address; when that name is locked out (django-axes), one "locked out"
event per lockout period. Successful log-ins and log-outs are recorded by their views.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone

from kompas.audit.log import record
from kompas.audit.models import AuditEvent

log = logging.getLogger("kompas.accounts")


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", ""))


def login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    name = str(credentials.get("username") or "")
    address = client_address(request)
    log.warning("failed log-in for user name %r from %s", name, address or "?")
    account = get_user_model().objects.filter(username=name).first()
    record(name or "?", "log-in failed", account, label=name, after={"ip": address})


def locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **_: Any
) -> None:
    name = str(username or "")
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    since = timezone.now() - (settings.AXES_COOLOFF_TIME or timedelta(0))
    if AuditEvent.objects.filter(action="locked out", username=name, at__gte=since).exists():
        return  # still the same lockout
    address = client_address(request)
    log.warning(
        "user name %r locked out after %s failed log-ins (from %s)", name, failures, address
    )
    account = get_user_model().objects.filter(username=name).first()
    record(name or "?", "locked out", account, label=name, after={"ip": address})


def connect() -> None:
    """The failed log-in is recorded before django-axes counts it (and maybe locks out)."""
    user_login_failed.connect(login_failed, dispatch_uid="kompas.accounts.login_failed")
    from axes.signals import user_locked_out

    user_locked_out.connect(locked_out, dispatch_uid="kompas.accounts.locked_out")
