"""Placeholder until the pages are built in this session."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def overview(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def map_data(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def add_region(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")
