"""Log-in, log-out, one's own password, and user management for administrators."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kompas.accounts import sessions
from kompas.accounts.forms import AccountForm, RoleForm
from kompas.accounts.log_ins import client_address
from kompas.accounts.roles import ROLE_LABELS, role_of, role_required
from kompas.accounts.services import AccountError, change_account, create_account, set_password
from kompas.audit.labels import ACTION_LABELS
from kompas.audit.log import record
from kompas.audit.models import AuditEvent


class LoginView(auth.LoginView):
    template_name = "accounts/login.html"

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        sessions.start(self.request)
        address = {"ip": client_address(self.request)}
        record(form.get_user(), "logged in", form.get_user(), after=address)
        return response


class LogoutView(auth.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            record(request.user, "logged out", request.user)
        return super().post(request, *args, **kwargs)


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page django-axes answers with (429) while a user name is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponseBase:
    """Everyone's own password: the current one, then the new one twice."""
    account: Any = request.user
    form = PasswordChangeForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, account)  # this session stays; others end
        record(account, "password changed", account)
        messages.success(request, _("Your password has been changed."))
        return redirect("regions:overview")
    return render(request, "accounts/password_change.html", {"form": form})


@role_required("administrator")
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_account(
                data["username"], data["role"], data["password"], data["email"], request.user
            )
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": data["username"]})
            return redirect("accounts:users")
    accounts = [
        (account, ROLE_LABELS.get(role_of(account) or "", "–"))
        for account in get_user_model().objects.order_by("username")
    ]
    context = {"accounts": accounts, "form": form, "events": account_events(), "nav": "users"}
    return render(request, "accounts/users.html", context)


ACCOUNT_ACTIONS = [
    "account created",
    "account changed",
    "password changed",
    "password reset",
    "logged in",
    "logged out",
    "session expired",
    "log-in failed",
    "locked out",
]


def account_events(limit: int = 50) -> list[dict[str, Any]]:
    """The latest log-ins, log-outs, lockouts and account changes, newest first."""
    events = AuditEvent.objects.filter(action__in=ACCOUNT_ACTIONS)[:limit]
    return [
        {
            "event": event,
            "action": ACTION_LABELS.get(event.action, event.action),
            "ip": (event.after or {}).get("ip", ""),
        }
        for event in events
    ]


@role_required("administrator")
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(get_user_model(), pk=pk)
    form = RoleForm(
        request.POST or None, initial={"role": role_of(account), "is_active": account.is_active}
    )
    if request.method == "POST" and form.is_valid():
        if account == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        else:
            try:
                change_account(
                    account,
                    form.cleaned_data["role"],
                    form.cleaned_data["is_active"],
                    request.user,
                )
            except AccountError as error:
                form.add_error("role", str(error))
            else:
                messages.success(
                    request, _("Account %(name)s changed.") % {"name": account.get_username()}
                )
                return redirect("accounts:users")
    return _user_page(request, account, form, SetPasswordForm(account))


@role_required("administrator")
@require_http_methods(["GET", "POST"])
def user_password(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An administrator sets a new password for an account (and lifts a lockout of its name);
    the form is on the account's page."""
    account = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "GET":
        return redirect("accounts:user", pk=pk)
    form = SetPasswordForm(account, request.POST)
    if form.is_valid():
        try:
            set_password(account, form.cleaned_data["new_password1"], request.user)
        except AccountError as error:
            form.add_error("new_password2", str(error))
        else:
            messages.success(
                request,
                _("New password set for %(name)s.") % {"name": account.get_username()},
            )
            return redirect("accounts:users")
    initial = {"role": role_of(account), "is_active": account.is_active}
    return _user_page(request, account, RoleForm(initial=initial), form)


def _user_page(
    request: HttpRequest, account: Any, form: RoleForm, password_form: SetPasswordForm[Any]
) -> HttpResponse:
    return render(
        request,
        "accounts/user_detail.html",
        {"account": account, "form": form, "password_form": password_form, "nav": "users"},
    )
