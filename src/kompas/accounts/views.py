"""Log-in, log-out, and user management for administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kompas.accounts.first_user import create_account
from kompas.accounts.forms import AccountForm, RoleForm
from kompas.accounts.roles import ROLE_LABELS, role_of, role_required, set_role
from kompas.audit.log import record


@role_required("administrator")
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        create_account(data["username"], data["role"], data["password"], data["email"])
        messages.success(request, _("Account %(name)s created.") % {"name": data["username"]})
        return redirect("accounts:users")
    accounts = [
        (account, ROLE_LABELS.get(role_of(account) or "", "–"))
        for account in get_user_model().objects.order_by("username")
    ]
    return render(
        request, "accounts/users.html", {"accounts": accounts, "form": form, "nav": "users"}
    )


@role_required("administrator")
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(get_user_model(), pk=pk)
    before = {"role": role_of(account), "is_active": account.is_active}
    form = RoleForm(
        request.POST or None, initial={"role": before["role"], "is_active": account.is_active}
    )
    if request.method == "POST" and form.is_valid():
        if account == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        else:
            with transaction.atomic():
                account.is_active = form.cleaned_data["is_active"]
                account.save(update_fields=["is_active"])
                set_role(account, form.cleaned_data["role"])
                after = {"role": form.cleaned_data["role"], "is_active": account.is_active}
                record(request.user, "account changed", account, before=before, after=after)
            messages.success(
                request, _("Account %(name)s changed.") % {"name": account.get_username()}
            )
            return redirect("accounts:users")
    return render(
        request, "accounts/user_detail.html", {"account": account, "form": form, "nav": "users"}
    )
