"""Placeholder until the pages are built in this session."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def profile(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def advice(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")
