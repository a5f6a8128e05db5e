"""The first administrator, created on first start when there is no account at all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model

from kompas.accounts.services import AccountError, create_account

__all__ = ["FIRST_USER", "AccountError", "create_account", "ensure_first_user"]

FIRST_USER = "beheerder"


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
