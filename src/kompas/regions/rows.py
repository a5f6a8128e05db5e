"""One row of a focus table as HTML, from the `RowLine` that holds exactly what it shows.

The overview of a round can hold thousands of rows, and they are the most of its HTML: Django's
template engine takes about 0.4 ms a row (3 000 rows: 1.2 s), this function about a tenth of
that. The markup follows the rest of the table (`templates/regions/_focus_table.html`): no
whitespace between tags, no classes where an attribute already says it (cells are coloured by
data-decided and data-advised, "worst…best"), each mark named by its entry in the legend
(aria-labelledby), end tags of cells and rows left out as HTML allows. Every value is escaped.
"""

from __future__ import annotations

from typing import NamedTuple

from django.template.defaultfilters import floatformat
from django.utils.html import format_html, strip_spaces_between_tags
from django.utils.translation import gettext as _

MARKS = {  # agreement -> the legend entry that names the mark, and the mark
    "differs": ("differs", "≠"),
    "open": ("within", "~"),
}


class CellLine(NamedTuple):
    """What a row shows of one track (see `RowLine`)."""

    decided: str  # level id, "" without a decision
    decided_label: str
    notes: tuple[int, ...]  # the numbers of the region's own footnotes
    agreement: str
    advised: str  # level id, or "worst…best" while the level is open
    advice_label: str
    pending: bool


class RowLine(NamedTuple):
    """Exactly what one row of a focus table shows: its HTML is kept per line."""

    url: str
    name: str
    code: str
    candidate: bool
    cells: tuple[CellLine, ...]
    gates: str
    aspect_score: tuple[float, float] | None
    themes: tuple[tuple[str, bool], ...]  # (short name, avoid)


def row_html(line: RowLine, decided: bool, aspect: bool) -> str:
    """The row: `decided` when the table has a decision column per track, `aspect` when it has
    a column for the chosen aspect's score."""
    parts: list[str] = [
        format_html('<tr><th scope="row"><a href="{}">{}</a> {}', line.url, line.name, line.code)
    ]
    if line.candidate:
        parts.append(format_html(' <span class="kompas-tag">{}</span>', _("candidate")))
    for cell in line.cells:
        if decided:
            parts.append(_decision(cell))
        parts.append(format_html('\n<td data-advised="{}">{}', cell.advised, cell.advice_label))
        if cell.pending:
            parts.append('<span role="img" aria-labelledby="pending">?</span>')
    parts.append(format_html("\n<td>{}", line.gates))
    if aspect:
        parts.append(format_html('\n<td class="kompas-number">{}', _score(line.aspect_score)))
    parts.append("\n<td>")
    parts.append("&#32;".join(_theme(label, avoid) for label, avoid in line.themes))
    return strip_spaces_between_tags("".join(parts))


def _decision(cell: CellLine) -> str:
    html = format_html(
        '\n<td data-decided="{}">{}', cell.decided, cell.decided_label or "·"
    ) + "".join(
        format_html(
            '<sup><a href="#footnote-{}" aria-label="{}">{}</a></sup>',
            note,
            _("footnote %(number)s") % {"number": note},
            note,
        )
        for note in cell.notes
    )
    if cell.agreement in MARKS:
        legend, mark = MARKS[cell.agreement]
        html += format_html('<span role="img" aria-labelledby="{}">{}</span>', legend, mark)
    return html


def _score(score: tuple[float, float] | None) -> str:
    if not score:
        return "–"
    low, high = score
    text = floatformat(low, 2)
    return text if low == high else f"{text}–{floatformat(high, 2)}"


def _theme(label: str, avoid: bool) -> str:
    if avoid:
        return format_html(
            '<span class="kompas-tag kompas-tag--avoid">{}: {}</span>', _("avoid"), label
        )
    return format_html('<span class="kompas-tag">{}</span>', label)
