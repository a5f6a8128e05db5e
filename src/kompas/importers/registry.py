"""The sources `kompas import` knows, by key."""

from __future__ import annotations

from collections.abc import Callable

from kompas.importers.base import Reader
from kompas.importers.wgi import WgiReader

# key -> a factory taking an optional edition (for files that do not state their own)
READERS: dict[str, Callable[[str | None], Reader]] = {
    "wgi": WgiReader,
}


def reader(key: str, edition: str | None = None) -> Reader:
    if key not in READERS:
        raise KeyError(key)
    return READERS[key](edition)
