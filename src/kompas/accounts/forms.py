from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from kompas.accounts.roles import ROLE_LABELS, ROLES
from kompas.accounts.validators import validate_new_username

ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in ROLES]


class AccountForm(forms.Form):
    username = forms.CharField(label=_("User name"), strip=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        name: str = self.cleaned_data["username"]
        validate_new_username(name)
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("username"):
            try:
                validate_password(data["password"], get_user_model()(username=data["username"]))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    is_active = forms.BooleanField(label=_("Active"), required=False)
