"""The data version, and a per-process cache that is valid for one version.

Every change of what is weighed (a model of the watched apps saved or deleted, or a bulk write that
calls `bump`) gives the data version a new random token in the same transaction. What pages and
commands weigh is cached per process under that token: the next request in any process reads the
token (one small query, once per request: `OneVersionPerRequest`), finds it new, and weighs
again. A random token, not a counter, so that a rolled-back change never leaves a number behind
that a later change reuses.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.apps import apps
from django.db.models import F
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

WATCHED_APPS = ("compasses", "regions", "assessments", "rounds")
MAX_ENTRIES = 4_000  # cached items per version before the cache starts afresh

_lock = threading.Lock()
_token: int | None = None
_items: dict[Hashable, Any] = {}
_building: dict[Hashable, threading.Lock] = {}  # one lock per key being built
_request = threading.local()  # the token as this thread's current request read it


EVERYTHING = 1  # the row of DataVersion that every change renews
VALUES = 2  # the row that changes of the regions app renew: regions, indicator values, sources,
# boundaries (what an import reads; judgements, gates and decisions leave an import's preview be)


def current_token(scope: int = EVERYTHING) -> int:
    """The data version's token: read from the database; for everything, once per request
    while one runs (`OneVersionPerRequest`)."""
    known: int | None = getattr(_request, "token", None) if scope == EVERYTHING else None
    if known is not None:
        return known
    from kompas.shared.models import DataVersion

    found = DataVersion.objects.filter(pk=scope).values_list("token", flat=True).first()
    token = 0 if found is None else found
    if scope == EVERYTHING and getattr(_request, "active", False):
        _request.token = token
    return token


class OneVersionPerRequest:
    """Middleware: a request reads the data version once, and weighs one version throughout
    (unless it changes data itself: `bump` makes the next read go to the database again)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _request.active, _request.token = True, None
        try:
            return self.get_response(request)
        finally:
            _request.active, _request.token = False, None


def bump(values: bool = False) -> None:
    """Give the data version a new token (inside the caller's transaction); with `values`, the
    version of the regions app's data too (always in this order: writers lock the rows alike)."""
    from kompas.shared.models import DataVersion

    for scope in (EVERYTHING, VALUES) if values else (EVERYTHING,):
        token = secrets.randbits(62)
        if not DataVersion.objects.filter(pk=scope).update(number=F("number") + 1, token=token):
            DataVersion.objects.create(pk=scope, number=1, token=token)
    _request.token = None  # read again (the change may yet be rolled back)


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures loading
        return
    if "action" in kwargs and not str(kwargs["action"]).startswith("pre_"):
        return
    bump(values=sender._meta.app_label == "regions")


def watch_changes() -> None:
    """Bump on every save, delete and many-to-many change of the watched apps' models.

    Bumping before the write makes the version row the first lock a writing transaction takes,
    so writers queue there and cannot deadlock on it. Bulk writes (`bulk_create`,
    `QuerySet.update`) send no signals: their callers call `bump` themselves.
    """
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            uid = f"kompas.shared.version:{model._meta.label}"
            pre_save.connect(_changed, sender=model, dispatch_uid=uid + ":save")
            pre_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_changed, sender=through, dispatch_uid=uid + ":m2m")


def remember(key: Hashable, build: Callable[[], T]) -> T:
    """`build()`, computed once per data version and process, under `key`.

    Threads that ask for the same key while it is being built wait for that build instead of
    doing the same work at once (the first requests after a change, under load).
    """
    global _token
    token = current_token()
    with _lock:
        if token != _token:
            _items.clear()
            _building.clear()
            _token = token
        if key in _items:
            found: T = _items[key]
            return found
        gate = _building.setdefault(key, threading.Lock())
    with gate:
        with _lock:
            if token == _token and key in _items:  # built by another thread meanwhile
                built: T = _items[key]
                return built
        value = build()
        with _lock:
            if token == _token:
                if len(_items) >= MAX_ENTRIES:
                    _items.clear()
                _items[key] = value
    return value


def peek(key: Hashable) -> Any | None:
    """What is remembered under `key` for the current data version, or None."""
    token = current_token()
    with _lock:
        return _items.get(key) if token == _token else None


def forget() -> None:
    """Empty this process's cache (tests that change the database behind Django's back)."""
    global _token
    with _lock:
        _items.clear()
        _building.clear()
        _token = None
