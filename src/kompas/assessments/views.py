"""Placeholder until the pages are built in this session."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def judgement(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


def gate(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")
