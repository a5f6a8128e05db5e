"""Accounts: create one, set its password, change its role or whether it is active; each checked
(user name, password validators, at least one active administrator) and audited.

The web pages and the command line both call these; `actor` is who does it (None: the actor the
command line set, see kompas.audit.log). Errors are AccountError, in the active language.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kompas.accounts.roles import ROLES, role_of, set_role
from kompas.accounts.validators import validate_new_username
from kompas.audit.log import Actor, record


class AccountError(ValueError):
    pass


def _messages(error: ValidationError) -> str:
    return "; ".join(str(message) for message in error.messages)


def find_account(name: str) -> Any:
    found = get_user_model().objects.filter(username=name).first()
    if found is None:
        raise AccountError(_("no account '%(name)s'") % {"name": name})
    return found


@transaction.atomic
def create_account(
    name: str, role: str, password: str, email: str = "", actor: Actor = None
) -> Any:
    if role not in ROLES:
        raise AccountError(
            _("unknown role %(role)r; roles: %(roles)s") % {"role": role, "roles": ", ".join(ROLES)}
        )
    try:
        validate_new_username(name)
    except ValidationError as error:
        raise AccountError(_messages(error)) from None
    account = get_user_model()(username=name, email=email)
    _check_password(password, account)
    account.set_password(password)
    account.save()
    set_role(account, role)
    record(actor, "account created", account, after={"username": name, "role": role})
    return account


@transaction.atomic
def set_password(account: Any, password: str, actor: Actor = None) -> None:
    """An administrator's reset (web or command line): a new password, and any lockout of the
    account's name lifted. The account's other sessions end (Django ties them to the password)."""
    from axes.utils import reset

    _check_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    reset(username=account.get_username())
    record(actor, "password reset", account)


@transaction.atomic
def change_account(
    account: Any, role: str | None = None, is_active: bool | None = None, actor: Actor = None
) -> None:
    """Change the role and/or whether the account is active; the last active administrator
    can be neither demoted nor deactivated."""
    before = {"role": role_of(account), "is_active": account.is_active}
    after = {
        "role": before["role"] if role is None else role,
        "is_active": account.is_active if is_active is None else is_active,
    }
    if after["role"] not in ROLES:
        raise AccountError(
            _("unknown role %(role)r; roles: %(roles)s")
            % {"role": after["role"], "roles": ", ".join(ROLES)}
        )
    administrator = {"role": "administrator", "is_active": True}
    if before == administrator != after and not _other_active_administrators(account):
        raise AccountError(
            _(
                "%(name)s is the last active administrator: make another account "
                "administrator first."
            )
            % {"name": account.get_username()}
        )
    if after == before:
        return
    account.is_active = after["is_active"]
    account.save(update_fields=["is_active"])
    set_role(account, str(after["role"]))
    record(actor, "account changed", account, before=before, after=after)


def _other_active_administrators(account: Any) -> bool:
    """Whether another active administrator exists. The administrator group's row is locked
    first, until the end of the transaction: two administrators who demote each other at the
    same moment are served one after the other, and the second sees the first's change."""
    group = Group.objects.select_for_update().filter(name="administrator").first()
    holders = Q(is_superuser=True) | (Q(groups=group) if group is not None else Q(pk__in=[]))
    others = get_user_model().objects.filter(holders, is_active=True).exclude(pk=account.pk)
    return others.exists()


def _check_password(password: str, account: Any) -> None:
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise AccountError(_messages(error)) from None
