"""Text tables and paragraphs that fit the terminal: its width, long cells wrapped.

The width is the terminal's (`COLUMNS` first, as `shutil.get_terminal_size` reads it); output to
a file or a pipe, without `COLUMNS`, is not wrapped. A table's headers wrap first, then the
column whose narrowing adds the fewest lines gives way, down to its longest word (words break at
spaces and after hyphens, never inside); columns that must stay whole (codes, marks, scores)
never wrap. Where even that is too wide, the caller shows its rows another way (the focus table:
a block of lines per region).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Collection, Sequence
from functools import cache

GAP = "  "  # between two columns


UNLIMITED = 1_000_000  # no terminal (a file, a pipe) and no COLUMNS: lines are not wrapped


def terminal_width() -> int:
    """`COLUMNS`, else the width of the terminal the output goes to, else `UNLIMITED`."""
    return shutil.get_terminal_size(fallback=(UNLIMITED, 24)).columns


def _narrowest(cells: Sequence[str]) -> int:
    """The width below which a column would have to cut a word (textwrap's own words: wrapping
    at width 1 puts each on a line of its own)."""
    return max(
        (len(part) for cell in cells for part in textwrap.wrap(cell, 1, break_long_words=False)),
        default=0,
    )


def column_widths(
    table: Sequence[Sequence[str]], width: int, whole: Collection[int] = ()
) -> list[int]:
    """The widths of the columns of `table` (header first) within `width` characters. First the
    headers wrap (a column gives way down to its widest cell), then the cells: each time the
    column gives one character that adds the fewest lines (the widest among equals)."""
    columns = list(zip(*table, strict=True))
    widths = [max((len(cell) for cell in column), default=0) for column in columns]
    words = [
        widths[i] if i in whole else max(1, _narrowest(column)) for i, column in enumerate(columns)
    ]
    cells = [
        max([len(cell) for cell in column[1:]] + [words[i]]) for i, column in enumerate(columns)
    ]
    excess = sum(widths) + len(GAP) * (len(widths) - 1) - width
    while excess > 0:  # the headers
        shrinkable = [i for i, w in enumerate(widths) if w > cells[i]]
        if not shrinkable:
            break
        widths[max(shrinkable, key=lambda i: widths[i])] -= 1
        excess -= 1
    while excess > 0:  # the cells
        shrinkable = [i for i, w in enumerate(widths) if w > words[i]]
        if not shrinkable:
            break
        added = {
            i: _height(columns[i], widths[i] - 1) - _height(columns[i], widths[i])
            for i in shrinkable
        }
        widths[min(shrinkable, key=lambda i: (added[i], -widths[i]))] -= 1
        excess -= 1
    return widths


@cache
def _wrapped_height(cell: str, width: int) -> int:
    return len(textwrap.wrap(cell, width, break_long_words=False)) or 1


def _height(column: Sequence[str], width: int) -> int:
    """How many lines a column's cells take at this width, together."""
    return sum(_wrapped_height(cell, width) for cell in column)


def table_lines(cells: Sequence[str], widths: Sequence[int]) -> list[str]:
    """One row of a table: one line, or more where a cell wraps (the others left blank)."""
    wrapped = [
        textwrap.wrap(cell, width, break_long_words=False) or [""]
        for cell, width in zip(cells, widths, strict=True)
    ]
    height = max(len(parts) for parts in wrapped)
    return [
        GAP.join(
            (parts[k] if k < len(parts) else "").ljust(width)
            for parts, width in zip(wrapped, widths, strict=True)
        ).rstrip()
        for k in range(height)
    ]


def paragraph(text: str, width: int, indent: str = "", hanging: str = "") -> list[str]:
    """A paragraph wrapped to `width` (at least 20 characters); `hanging` indents the lines
    after the first."""
    return textwrap.wrap(
        text,
        max(20, width),
        initial_indent=indent,
        subsequent_indent=hanging or indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]
