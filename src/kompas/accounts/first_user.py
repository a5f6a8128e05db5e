"""Creating accounts from the command line, and the first administrator on first start."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from kompas.accounts.roles import ROLES, set_role
from kompas.audit.log import record

FIRST_USER = "beheerder"


class AccountError(ValueError):
    pass


@transaction.atomic
def create_account(name: str, role: str, password: str, email: str = "") -> None:
    users = get_user_model()
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if users.objects.filter(username=name).exists():
        raise AccountError(f"an account '{name}' already exists")
    account = users(username=name, email=email)
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise AccountError("; ".join(error.messages)) from None
    account.set_password(password)
    account.save()
    set_role(account, role)
    record(None, "account created", account, after={"username": name, "role": role})


def ensure_first_user() -> tuple[str, str] | None:
    """With no account at all, create the administrator 'beheerder'.

    Its password comes from the file KOMPAS_ADMIN_PASSWORD_FILE names, else it is generated and
    returned, to be shown once.
    """
    if get_user_model().objects.exists():
        return None
    path = os.environ.get("KOMPAS_ADMIN_PASSWORD_FILE")
    password = Path(path).read_text(encoding="utf-8").strip() if path else secrets.token_urlsafe(12)
    create_account(FIRST_USER, "administrator", password)
    return (FIRST_USER, "(uit KOMPAS_ADMIN_PASSWORD_FILE)" if path else password)
