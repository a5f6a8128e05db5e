"""Reading a preview page as the browser submits it."""

from __future__ import annotations


def token_of(page: str) -> str:
    """The data version a preview page was computed on (its accept form's hidden field)."""
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]
