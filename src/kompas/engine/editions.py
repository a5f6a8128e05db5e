"""Editions as the publishers name them, compared as years and dates, never as text.

An edition is a year (`2024`), two years (`2012-2013`, WJP's editions before 2019) or a date
(`2024-06`, `2024-06-30`). Its key orders editions by their last year, then month and day, then
first year: `2012-2013` < `2013` < `2013-06` < `2013-06-30` < `2014`. A text that is none of these
is not an edition (the simple CSV refuses it, naming the row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EDITION = re.compile(
    r"^(?P<first>\d{4})(?:-(?P<last>\d{4})|-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?)?$"
)
SHAPES = "a year (2024), two years (2012-2013) or a date (2024-06 or 2024-06-30)"


def is_edition(text: str) -> bool:
    found = EDITION.match(text)
    return found is not None and (found["last"] is None or found["last"] >= found["first"])


def edition_key(text: str) -> tuple[int, int, int, int]:
    """(last year, month, day, first year) of an edition; ValueError for what is not one."""
    found = EDITION.match(text)
    if found is None or not is_edition(text):
        raise ValueError(f"{text!r} is not an edition: give {SHAPES}")
    first = int(found["first"])
    last = int(found["last"] or first)
    return (last, int(found["month"] or 0), int(found["day"] or 0), first)


def sort_key(text: str) -> tuple[int, tuple[int, int, int, int], str]:
    """A key for any edition text: real editions by date, anything else before them, by text."""
    return (1, edition_key(text), text) if is_edition(text) else (0, (0, 0, 0, 0), text)


def newest(editions: Iterable[str]) -> str:
    return max(editions, key=sort_key)
