"""Kompas's own checks of passwords and user names, beside Django's password validators."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

USERNAME_LENGTH = 150
# Letters (any script), digits and . @ + - _, as Django's own user-name rule; so never a colon,
# which keeps the command line's `cli:NAME` actors apart from accounts in the audit trail.
USERNAME = re.compile(r"[\w.@+-]+", re.UNICODE)
REPEATED_UNIT = re.compile(r"(.+?)\1+", re.DOTALL)


class RepetitionValidator:
    """Refuses a password of only whitespace, one made of a shorter part repeated
    (`aaaaaaaaaaaa`, `kompaskompas`), or one of fewer than `min_distinct` different characters."""

    def __init__(self, min_distinct: int = 4) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: Any = None) -> None:
        if not password.strip():
            raise ValidationError(
                _("This password consists of spaces only."), code="password_whitespace"
            )
        if REPEATED_UNIT.fullmatch(password) or len(set(password)) < self.min_distinct:
            raise ValidationError(
                _("This password repeats the same characters."), code="password_repeated"
            )

    def get_help_text(self) -> str:
        return _("Your password cannot consist of spaces only or repeat the same characters.")


def validate_username(name: str) -> None:
    """Letters, digits and . @ + - _ only, at most 150 characters; the message names the field."""
    if not USERNAME.fullmatch(name) or len(name) > USERNAME_LENGTH:
        raise ValidationError(
            _(
                "%(field)s: use letters, digits and the characters . @ + - _ only, without "
                "spaces, at most %(length)s characters."
            )
            % {"field": gettext_lazy("User name"), "length": USERNAME_LENGTH},
            code="invalid_username",
        )


def validate_new_username(name: str) -> None:
    """A valid user name that no account has yet, not even in other capitals."""
    validate_username(name)
    if get_user_model().objects.filter(username__iexact=name).exists():
        raise ValidationError(
            _("%(field)s: an account with this name already exists.")
            % {"field": gettext_lazy("User name")},
            code="username_taken",
        )
