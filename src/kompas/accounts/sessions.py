"""Sessions end after KOMPAS_IDLE_MINUTES without a request (idle timeout), and at the latest
SESSION_COOKIE_AGE after the log-in (absolute age), whatever happened in between.

Django's own session age counts from the session's last save, so a session saved on every
request would never reach it: the log-in time is kept in the session and checked here. The
last request's time is written at most once a minute, so that reading pages does not write the
session on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from kompas.audit.log import record

LOGGED_IN_AT = "kompas_logged_in_at"
LAST_SEEN = "kompas_last_seen"
WRITE_EVERY = 60.0  # seconds


def start(request: HttpRequest) -> None:
    """Call at log-in: the session's age and idle time count from now."""
    now = time.time()
    request.session[LOGGED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            logged_in, seen = session.get(LOGGED_IN_AT), session.get(LAST_SEEN)
            idle = settings.KOMPAS_IDLE_MINUTES * 60
            if (seen is not None and now - seen > idle) or (
                logged_in is not None and now - logged_in > settings.SESSION_COOKIE_AGE
            ):
                record(request.user, "session expired", request.user)
                logout(request)
                response = redirect_to_login(request.get_full_path())
                if request.headers.get("HX-Request"):  # htmx: the whole page goes to the log-in
                    response["HX-Redirect"] = response["Location"]
                return response
            if logged_in is None:
                session[LOGGED_IN_AT] = now
            if seen is None or now - seen > WRITE_EVERY:
                session[LAST_SEEN] = now
        return self.get_response(request)
