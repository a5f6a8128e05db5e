"""Placeholder until the pages are built in this session."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def versions(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def version(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")
