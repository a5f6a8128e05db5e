"""Record a change in the audit trail; call it inside the transaction that makes the change.

Every event names its actor: the account that made the change (a web request's user, or the
account the command line names with `--user`), or a name without an account: `cli:NAME` for the
operating-system user who ran a command without `--user`, the name tried in a failed log-in, or
`kompas` for Kompas itself (the default data loaded outside any command). Code that has no user
at hand passes None; the command line sets the actor for the whole command with `acting_as`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from kompas.audit.models import AuditEvent

SYSTEM = "kompas"
NAME_LENGTH = 150  # AuditEvent.username

Actor = AbstractBaseUser | AnonymousUser | str | None

_acting: ContextVar[Actor] = ContextVar("kompas_audit_actor", default=None)


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Changes recorded without a user inside this block are recorded under `actor`."""
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


def actor_of(user: Actor) -> tuple[Any, str]:
    """The account (if any) and the name under which a change by `user` is recorded."""
    if user is None or (isinstance(user, AnonymousUser) and _acting.get() is not None):
        user = _acting.get()
    if isinstance(user, str):
        return None, user[:NAME_LENGTH]
    if isinstance(user, get_user_model()) and user.is_authenticated:
        return user, user.get_username()
    return None, SYSTEM


def actor_name(user: Actor) -> str:
    """The name under which a change by `user` is recorded (see the module's docstring)."""
    return actor_of(user)[1]


def record(
    user: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    region: Any = None,
    round: Any = None,
    label: str = "",
) -> AuditEvent:
    account, name = actor_of(user)
    return AuditEvent.objects.create(
        user=account,
        username=name,
        action=action,
        model=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(label or (str(obj) if obj is not None else ""))[:300],
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
