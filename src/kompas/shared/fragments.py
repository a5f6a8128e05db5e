"""HTML fragments rendered once per content, across data versions.

A long table (the overview's 3 000 rows) is rendered row by row from small records that hold
exactly what a row shows (a `NamedTuple` of strings, numbers and tuples of those). The HTML of
each record is kept per process, keyed by the record itself, the language and the template's
other inputs: after a change, only the rows that the change touched are rendered again. The
template sees nothing but the record and those inputs, so a row cannot show anything its key
leaves out.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from threading import Lock

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from kompas.shared.formats import lang

LIMIT = 50_000  # fragments kept per template; beyond, the cache starts afresh


class Fragments:
    """The rendered fragments of one template whose context is `line` plus a few flags."""

    def __init__(self, template_name: str, limit: int = LIMIT) -> None:
        self.template_name = template_name
        self.limit = limit
        self._html: dict[Hashable, str] = {}
        self._lock = Lock()

    def render(self, lines: Sequence[Hashable], **flags: Hashable) -> SafeString:
        """The fragments of `lines`, joined; each rendered only when not seen before."""
        shared = (lang(), tuple(sorted(flags.items())))
        keys = [(shared, line) for line in lines]
        kept = self._html  # this very dict, even if another thread starts afresh meanwhile
        made: dict[Hashable, str] = {}
        missing = [key for key in dict.fromkeys(keys) if key not in kept]
        if missing:
            template = get_template(self.template_name)
            made = {key: template.render({**flags, "line": key[1]}) for key in missing}
        if made:
            with self._lock:
                if len(self._html) + len(made) > self.limit:
                    self._html = {}
                self._html.update(made)
        # Rendered by the template engine, which escaped every value.
        return mark_safe("".join(made[key] if key in made else kept[key] for key in keys))

    def __len__(self) -> int:
        """How many fragments are kept."""
        return len(self._html)

    def clear(self) -> None:
        with self._lock:
            self._html = {}
