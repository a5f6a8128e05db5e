"""Record a change in the audit trail; call it inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from kompas.audit.models import AuditEvent


def record(
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    region: Any = None,
    round: Any = None,
    label: str = "",
) -> AuditEvent:
    real = user if isinstance(user, get_user_model()) and user.is_authenticated else None
    return AuditEvent.objects.create(
        user=real,
        username=real.get_username() if real is not None else "kompas",
        action=action,
        model=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=label or (str(obj) if obj is not None else ""),
        region=region,
        round=round,
        before=before,
        after=after,
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of `obj` as JSON-friendly values (foreign keys by their key or code)."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = getattr(value, "code", None) or getattr(value, "key", None) or value.pk
        values[name] = value
    return values
