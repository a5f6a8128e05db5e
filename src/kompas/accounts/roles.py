"""Roles: viewer < analyst (judgements, gates) < coordinator (compass, decisions, rounds)
< administrator (users). Each role can do everything the roles before it can.

Roles are Django groups of the same name; the server checks them on every view that changes
something (`role_required`), not only in the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

ROLES = ("viewer", "analyst", "coordinator", "administrator")
ROLE_LABELS = {
    "viewer": _("Viewer"),
    "analyst": _("Analyst"),
    "coordinator": _("Coordinator"),
    "administrator": _("Administrator"),
}

View = TypeVar("View", bound=Callable[..., Any])


def role_of(user: AbstractBaseUser | AnonymousUser) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return "administrator"
    names = set(Group.objects.filter(user=user).values_list("name", flat=True))  # type: ignore[misc]
    held = [role for role in ROLES if role in names]
    return held[-1] if held else None


def has_role(user: AbstractBaseUser | AnonymousUser, role: str) -> bool:
    held = role_of(user)
    return held is not None and ROLES.index(held) >= ROLES.index(role)


def set_role(user: Any, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    user.groups.remove(*Group.objects.filter(name__in=ROLES))
    user.groups.add(Group.objects.get_or_create(name=role)[0])


def role_required(role: str) -> Callable[[View], View]:
    """Log-in required, then the role (or a higher one); else 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not has_role(request.user, role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorate


def role_context(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user) if hasattr(request, "user") else None
    level = ROLES.index(role) if role else -1
    return {
        "role": role,
        "role_label": ROLE_LABELS.get(role or "", ""),
        "can_judge": level >= ROLES.index("analyst"),
        "can_coordinate": level >= ROLES.index("coordinator"),
        "can_administer": level >= ROLES.index("administrator"),
    }
