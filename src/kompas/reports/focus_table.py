"""The focus table as text (for people), JSON and CSV (for machines; stable layouts)."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from kompas.dataset.model import Round
from kompas.engine import Advice, Compass
from kompas.reports import words
from kompas.reports.layout import (
    GAP,
    column_widths,
    paragraph,
    table_lines,
    terminal_width,
)
from kompas.shared.focus import Cell, FocusRow
from kompas.shared.formats import interval

JSON_SCHEMA = "kompas.assess/1"
CSV_COLUMNS = [
    "region",
    "name_nl",
    "name_en",
    "table_section",
    "track",
    "decided",
    "footnotes",
    "advice_level",
    "advice_best",
    "advice_worst",
    "score_low",
    "score_high",
    "gate_outcome",
    "agreement",
    "missing",
    "themes",
    "themes_avoid",
]
MARKS = {"differs": "≠", "open": "~", "agrees": "", None: ""}
SECTIONS = {
    "europe": gettext_lazy("Europe"),
    "world": gettext_lazy("Rest of the world"),
    "undecided": gettext_lazy("Not decided"),
}


def level_name(compass: Compass, level_id: str | None, lang: str) -> str:
    return compass.level(level_id).name(lang) if level_id else ""


def advice_text(compass: Compass, advice: Advice, lang: str) -> str:
    if advice.determined:
        text = level_name(compass, advice.level, lang)
    else:
        worst = level_name(compass, advice.level_worst, lang)
        text = f"{worst}…{level_name(compass, advice.level_best, lang)}"
    return text + (" ?" if advice.pending else "")


def decided_text(compass: Compass, cell: Cell, lang: str) -> str:
    text = level_name(compass, cell.decided, lang) if cell.decided else "·"
    return text + "".join(f" [{f.number}]" for f in cell.footnotes)


def themes_text(compass: Compass, row: FocusRow, lang: str) -> str:
    """Brabant's themes the documents name for the region (the full wording is in `explain`)."""
    parts = []
    for theme, _group in row.themes:
        if theme.theme is None and not theme.avoid:
            continue
        name = compass.theme(theme.theme).short(lang) if theme.theme else theme.wording
        label = f"{words.avoid()}: {name}" if theme.avoid else name
        if label not in parts:
            parts.append(label)
    return ", ".join(parts)


def render_table(
    compass: Compass,
    round_: Round,
    rows: Sequence[FocusRow],
    lang: str = "nl",
    width: int | None = None,
) -> str:
    """The focus table as text, within `width` characters (default: the terminal's)."""
    with translation.override(lang):
        return _table(compass, round_, rows, lang, width or terminal_width())


def compass_line(compass: Compass, lang: str) -> str:
    """The compass and its version; with the active language set."""
    return _("Compass %(name)s %(version)s (%(status)s)") % {
        "name": compass.name_nl if lang == "nl" else compass.name_en,
        "version": compass.version,
        "status": words.compass_status(compass.status),
    }


def round_line(round_: Round, lang: str) -> str:
    """The decision round; with the active language set."""
    return _("Round: %(name)s") % {"name": round_.name_en if lang == "en" else round_.name_nl}


def _table(compass: Compass, round_: Round, rows: Sequence[FocusRow], lang: str, width: int) -> str:
    tracks = [cell.track for cell in rows[0].cells] if rows else []
    header = [_("Region"), _("Code")]
    for track in tracks:
        name = compass.track(track).name(lang)
        header += [
            pgettext("table header", "%(track)s: decided") % {"track": name},
            pgettext("table header", "advice"),
            "",
            _("score"),
        ]
    header += [_("Preconditions"), _("Themes")]
    lines = [
        *paragraph(compass_line(compass, lang), width),
        *paragraph(round_line(round_, lang), width),
    ]
    if compass.status != "final":
        note = compass.status_note_en if lang == "en" else compass.status_note_nl
        lines += paragraph(note, width)
    sections: dict[str, list[list[str]]] = {}
    for row in rows:
        cells: list[str] = [row.label, row.region.code]
        for cell in row.cells:
            cells += [
                decided_text(compass, cell, lang),
                advice_text(compass, cell.advice, lang),
                MARKS[cell.agreement],
                interval(cell.advice.score_low, cell.advice.score_high),
            ]
        cells += [gate_summary(row.cells[0].advice), themes_text(compass, row, lang)]
        sections.setdefault(row.table_section or "undecided", []).append(cells)
    # code, mark and score stay whole: the code names the row, and the others are short
    whole = {1, *(i for i in range(2, 2 + 4 * len(tracks)) if (i - 2) % 4 in (2, 3))}
    table = [header, *itertools.chain.from_iterable(sections.values())]
    widths = column_widths(table, width, whole)
    fits = sum(widths) + len(GAP) * (len(widths) - 1) <= width
    for section, body in sections.items():
        lines += ["", str(SECTIONS[section]) if section in SECTIONS else section]
        if not fits:  # too narrow for the table, however its cells wrap: a block per region
            for cells in body:
                lines += _block(header, cells, len(tracks), width)
            continue
        lines += table_lines(header, widths)
        lines += table_lines(["-" * w for w in widths], widths)
        for cells in body:
            lines += table_lines(cells, widths)
    legend = _(
        "≠ decision differs from advice · ~ decision lies within the advice's range"
        " · ? advice pending on preconditions · [n] footnote"
    )
    lines += ["", *paragraph(legend, width)]
    footnotes = [f for f in round_.footnotes if f.track in tracks]
    if footnotes:
        lines.append(_("Footnotes:"))
        for f in footnotes:
            mark = f"  [{f.number}] "
            lines += paragraph(f.text, width, mark, " " * len(mark))
    return "\n".join(lines)


def _block(header: Sequence[str], cells: Sequence[str], tracks: int, width: int) -> list[str]:
    """One row of the table as lines of its own, for a terminal too narrow for the table:
    "Beieren (DE2)", then per track "Innovatie: besluit Inzet · advies –…Inzet ? ~ · score …",
    then the preconditions and the themes."""
    lines = paragraph(f"{cells[0]} ({cells[1]})", width)
    for k in range(tracks):
        decided, advice, mark, score = cells[2 + 4 * k : 6 + 4 * k]
        parts = [
            f"{header[2 + 4 * k]} {decided}",
            f"{header[3 + 4 * k]} {advice}{' ' + mark if mark else ''}",
            f"{header[5 + 4 * k]} {score}",
        ]
        lines += paragraph(" · ".join(parts), width, "  ", "    ")
    for name, value in zip(header[-2:], cells[-2:], strict=True):
        if value:
            lines += paragraph(f"{name}: {value}", width, "  ", "    ")
    return lines


def gate_summary(advice: Advice) -> str:
    """The preconditions in a few words ("uitgesloten (1 niet voldaan)"), in the active language."""
    if advice.gates.outcome == "passed":
        return words.outcome("passed")
    if advice.excluded:
        return _("excluded (%(count)s not met)") % {"count": len(advice.gates.failed)}
    return _("open (%(count)s unknown)") % {"count": len(advice.gates.unknown)}


def advice_json(advice: Advice) -> dict[str, Any]:
    return {
        "level": advice.level,
        "level_best": advice.level_best,
        "level_worst": advice.level_worst,
        "score_low": round(advice.score_low, 6),
        "score_high": round(advice.score_high, 6),
        "pending": advice.pending,
        "excluded": advice.excluded,
        "missing": list(advice.missing),
        "could_change_level": list(advice.could_change_level),
        "decisive": list(advice.decisive),
    }


def to_json(compass: Compass, round_: Round, rows: Sequence[FocusRow]) -> dict[str, Any]:
    return {
        "schema": JSON_SCHEMA,
        "compass": {"id": compass.id, "version": compass.version, "status": compass.status},
        "round": {
            "id": round_.id,
            "name_nl": round_.name_nl,
            "name_en": round_.name_en,
            "footnotes": [{"number": f.number, "text": f.text} for f in round_.footnotes],
        },
        "regions": [_row_json(row) for row in rows],
    }


def _row_json(row: FocusRow) -> dict[str, Any]:
    gates = row.cells[0].advice.gates
    return {
        "code": row.region.code,
        "name_nl": row.region.name_nl,
        "name_en": row.region.name_en,
        "label": row.label,
        "table_section": row.table_section or None,
        "themes": [
            {
                "theme": theme.theme,
                "wording": theme.wording,
                "avoid": theme.avoid,
                "inherited_from": group,
                "source": theme.cited.source,
                "section": theme.cited.section,
            }
            for theme, group in row.themes
        ],
        "gates": {
            "outcome": gates.outcome,
            "checks": [
                {
                    "precondition": c.precondition,
                    "status": c.gate.status,
                    "evidence": c.gate.evidence or None,
                    "source": c.gate.source or None,
                    "section": c.gate.section or None,
                }
                for c in gates.checks
            ],
        },
        "tracks": {
            cell.track: {
                "decided": cell.decided,
                "footnotes": [f.number for f in cell.footnotes],
                "agreement": cell.agreement,
                "advice": advice_json(cell.advice),
            }
            for cell in row.cells
        },
    }


def to_csv(rows: Sequence[FocusRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        themes = [t_.theme or t_.wording for t_, _ in row.themes if not t_.avoid]
        avoid = [t_.theme or t_.wording for t_, _ in row.themes if t_.avoid]
        for cell in row.cells:
            a = cell.advice
            writer.writerow(
                [
                    row.region.code,
                    row.region.name_nl,
                    row.region.name_en,
                    row.table_section,
                    cell.track,
                    cell.decided or "",
                    ";".join(str(f.number) for f in cell.footnotes),
                    a.level or "",
                    a.level_best,
                    a.level_worst,
                    f"{a.score_low:.6f}",
                    f"{a.score_high:.6f}",
                    a.gates.outcome,
                    cell.agreement or "",
                    ";".join(a.missing),
                    ";".join(dict.fromkeys(themes)),
                    ";".join(dict.fromkeys(avoid)),
                ]
            )
    return out.getvalue()
