"""HTML fragments rendered once per content, across data versions.

A long table (the overview's 3 000 rows) is rendered row by row from small records that hold
exactly what a row shows (a `NamedTuple` of strings, numbers and tuples of those). The HTML of
each record is kept per process, keyed by the record itself, the language and the renderer's
other inputs (flags): after a change, only the rows that the change touched are rendered again.
The renderer sees nothing but the record and the flags, so a row cannot show anything its key
leaves out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from threading import Lock
from typing import Any

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from kompas.shared.formats import lang

LIMIT = 50_000  # fragments kept per renderer; beyond, the cache starts afresh

Render = Callable[..., str]  # render(line, **flags) -> HTML, every value escaped


def from_template(template_name: str) -> Render:
    """A renderer from a template whose context is `line` and the flags."""

    def render(line: Hashable, **flags: Any) -> str:
        return get_template(template_name).render({**flags, "line": line})

    return render


class Fragments:
    """The rendered fragments of one renderer, kept per line, language and flags."""

    def __init__(self, render: Render, limit: int = LIMIT) -> None:
        self._render = render
        self.limit = limit
        self._html: dict[Hashable, str] = {}
        self._lock = Lock()

    def render(self, lines: Sequence[Hashable], **flags: Hashable) -> SafeString:
        """The fragments of `lines`, joined; each rendered only when not seen before."""
        shared = (lang(), tuple(sorted(flags.items())))
        keys: list[Hashable] = [(shared, line) for line in lines]
        kept = self._html  # this very dict, even if another thread starts afresh meanwhile
        made = {
            key: self._render(line, **flags)
            for key, line in dict(zip(keys, lines, strict=True)).items()
            if key not in kept
        }
        if made:
            with self._lock:
                if len(self._html) + len(made) > self.limit:
                    self._html = {}
                self._html.update(made)
        # Rendered by a renderer that escapes every value (the template engine, format_html).
        return mark_safe("".join(made[key] if key in made else kept[key] for key in keys))

    def __len__(self) -> int:
        """How many fragments are kept."""
        return len(self._html)

    def clear(self) -> None:
        with self._lock:
            self._html = {}
