"""Placeholder until the pages are built in this session."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def round_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def create(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def compare(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def decide(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def freeze(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")
